import type { Model, Workload } from '../model/types.ts';
import { formatIp, rangeContains, type AddressRange } from '../model/ip.ts';
import { cutAddressSpace, formatRange } from './address-range.ts';
import { describeMember } from './describe.ts';
import { matchesNode, matchingMembers, type NodeQuery } from './node-query.ts';
import { gatewayNodeId, INGRESS_CONTROLLER_ID, nodeHead, ownersInNode, workloadNodes, type MatrixNode } from './nodes.ts';
import { viewsOf } from '../model/kinds/define.ts';
import { GATEWAY_KIND, type GatewayView } from '../model/kinds/gateway-api.ts';
import { dataPlaneOf } from './gateway-data-plane.ts';
import { externalEndpoint, INGRESS_CONTROLLER, podEndpoint, policyEngineOf, workloadEndpoint, type Endpoint, type PolicyEngine, type Query } from './policy.ts';
import { formatLabels, isEmptySelector } from './selector.ts';
import { compareStrings } from '../util/compare.ts';
import { describeOutsidePod, outsidePodEndpoint } from './outside-pods.ts';

/** An endpoint with the name `explain` and assertions print for it. */
export interface NamedEndpoint {
  /** The matrix node's id (`shop/web[Deployment]`), the address range, or the stand-in pod. */
  readonly name: string;
  /** When one member of a workload node is meant, which (`Pod "web-5d8-b" of Deployment "web"`). */
  readonly member?: string;
  /** For a workload node, its head's (or that member's, or its first member's). */
  readonly endpoint: Endpoint;
  /**
   * A workload node whose members policies tell apart (an exported Pod carrying a label a policy
   * reads): each kind of member, head first, each with its `member`. Absent when one endpoint stands
   * for every member.
   */
  readonly members?: readonly NamedEndpoint[];
  /** For a Gateway's data plane (`{gateway:NS/NAME}`): the Gateway, whose routes say where it connects. */
  readonly gateway?: GatewayView;
}

/** How text names an endpoint: `shop/web[Deployment]`, `shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web")`. */
export function endpointLabel(endpoint: { readonly name: string; readonly member?: string }): string {
  return endpoint.member === undefined ? endpoint.name : `${endpoint.name} (${endpoint.member})`;
}

/** Whether two endpoints are (members of) the same matrix node. */
export function sameNode(a: NamedEndpoint, b: NamedEndpoint): boolean {
  return a.name === b.name;
}

/** Whether two endpoints are the same thing to evaluate: one workload (two members of a node are not), or one name. */
export function sameEndpoint(a: NamedEndpoint, b: NamedEndpoint): boolean {
  if (a.endpoint.type === 'workload' && b.endpoint.type === 'workload') return a.endpoint.workload === b.endpoint.workload;
  return a.name === b.name;
}

/** What to evaluate for an endpoint: each member policies tell apart, else the endpoint itself. */
export function memberEndpoints(endpoint: NamedEndpoint): readonly NamedEndpoint[] {
  return endpoint.members ?? [endpoint];
}

/** How `resolveEndpoints` reads a query; the defaults are `explain`'s. */
export interface ResolveOptions {
  /**
   * Cut an address range into the pieces the policies' ipBlocks tell apart, each admitted wholly or
   * not at all (assertions quantify over them); by default the range is one endpoint, as given.
   */
  readonly cutRanges?: boolean;
  /**
   * Let `NS/key=value,...` that matches no workload stand for a pod with those labels (kube-dns in
   * kube-system, say), so its policies can still be asked about (default true).
   */
  readonly podsOutsideTree?: boolean;
}

/**
 * The endpoints a query names: workload nodes (their head, and the members policies tell apart, which
 * the matrix joins); an address or CIDR; `external`; the ingress controller. Empty when nothing matches.
 */
export function resolveEndpoints(model: Model, query: NodeQuery, options: ResolveOptions = {}): NamedEndpoint[] {
  if (query.type === 'ingress-controller') return [{ name: INGRESS_CONTROLLER_ID, endpoint: INGRESS_CONTROLLER }];
  if (query.type === 'gateway') {
    const seen = new Set<string>();
    return viewsOf(model, GATEWAY_KIND)
      .filter((g) => (query.namespace === undefined || g.object.namespace === query.namespace) && (query.name === undefined || g.object.name === query.name))
      .filter((g) => !seen.has(`${g.object.namespace}/${g.object.name}`) && !!seen.add(`${g.object.namespace}/${g.object.name}`))
      .sort((a, b) => compareStrings(`${a.object.namespace}/${a.object.name}`, `${b.object.namespace}/${b.object.name}`))
      .map((g) => gatewayEndpoint(model, g));
  }
  if (query.type === 'external') {
    const range = query.range;
    const ipBlocks = policyEngineOf(model).ipBlockRanges();
    // `external` alone is every external node of the matrix (`reach --from external`): the address
    // space cut into the pieces the ipBlocks tell apart, each admitted wholly or not at all.
    const ranges = !range ? cutAddressSpace(ipBlocks) : options.cutRanges ? cutAddressSpace([range, ...ipBlocks]).filter((piece) => rangeContains(range, piece)) : [range];
    return ranges.map((r) => ({ name: rangeName(r), endpoint: externalEndpoint(r) }));
  }
  if (query.type === 'outside-pod') return [{ name: query.id, member: describeOutsidePod(model, query.pod), endpoint: outsidePodEndpoint(model, query.pod) }];
  const nodes = workloadNodes(model).filter((node) => matchesNode(query, node));
  if (query.type !== 'workload') return [];
  if (nodes.length > 0) {
    const engine = policyEngineOf(model);
    return nodes.map((node) => nodeEndpoint(engine, node, query));
  }
  const selector = query.selector;
  if ((options.podsOutsideTree ?? true) && query.namespace !== undefined && selector && selector.matchExpressions.length === 0 && !isEmptySelector(selector)) {
    return [{ name: `${query.namespace}/{${formatLabels(selector.matchLabels)}} (a pod not in the manifests)`, endpoint: podEndpoint(query.namespace, selector.matchLabels) }];
  }
  return [];
}

/**
 * A node as an endpoint: its head when the query names the whole node and policies tell none of the members the
 * query names apart from it, else each kind of member (the head, or the topmost named member alike to
 * it, standing for those alike to it). The query narrows the node to the members it names
 * (`matchingMembers`: `shop/track=canary` the canary Pod, `shop/web-5d8` a ReplicaSet and its Pods).
 */
function nodeEndpoint(engine: PolicyEngine, node: MatrixNode, query: NodeQuery & { type: 'workload' }): NamedEndpoint {
  const head = nodeHead(node);
  const whole = { name: node.id, endpoint: workloadEndpoint(head) };
  if (node.workloads.length < 2) return whole;
  const matching = matchingMembers(query, node);
  const kinds = engine.distinctWorkloads([head, ...matching.filter((w) => w !== head)]);
  // The head comes first to stand for the members alike to it; when it did not match, the topmost of
  // those that did (one no other matching member owns: the ReplicaSet named, not its first Pod) stands instead.
  const ownedByMatch = (w: Workload) => ownersInNode(node, w).some((owner) => matching.includes(owner));
  const alike = (w: Workload) => engine.distinctWorkloads([head, w]).length === 1;
  const standIn = matching.includes(head) ? head : (matching.find((w) => !ownedByMatch(w) && alike(w)) ?? matching.find(alike));
  const members = kinds.flatMap((w) => (w !== head ? [w] : standIn ? [standIn] : []));
  // A query naming only some members names the member even when it is the head (a Pod heading the
  // node of a ReplicaSet the tree lacks), as it does any other member it narrows the node to.
  if (members.length === 1 && members[0] === head && matching.length === node.workloads.length) return whole;
  const named = members.map((member) => ({ name: node.id, member: describeMember(member, node), endpoint: workloadEndpoint(member) }));
  return named.length === 1 ? named[0]! : { name: node.id, endpoint: named[0]!.endpoint, members: named };
}

/**
 * A Gateway's data plane as an endpoint: the one the tree or the config places, else (assumed) each
 * candidate of the implementation as a member, since it may be any of them.
 */
export function gatewayEndpoint(model: Model, gateway: GatewayView): NamedEndpoint {
  const name = gatewayNodeId(gateway.object.namespace, gateway.object.name);
  const plane = dataPlaneOf(model, gateway);
  if (plane.certainty !== 'assumed') return { name, endpoint: plane.endpoint, gateway };
  const members = plane.candidates.map((c) => ({ name, member: c.description, endpoint: c.endpoint, gateway }));
  return members.length === 1 ? members[0]! : { name, endpoint: members[0]!.endpoint, members, gateway };
}

/** A matrix node as `explain` names it: the whole node (its members policies tell apart, each). */
export function matrixNodeEndpoint(model: Model, node: MatrixNode): NamedEndpoint {
  if (node.type === 'ingress-controller') return { name: INGRESS_CONTROLLER_ID, endpoint: INGRESS_CONTROLLER };
  if (node.type === 'gateway') {
    const gateway = viewsOf(model, GATEWAY_KIND).find((g) => g.object.namespace === node.namespace && g.object.name === node.name);
    if (gateway) return gatewayEndpoint(model, gateway);
  }
  if (node.type === 'external') return { name: rangeName(node.range!), endpoint: externalEndpoint(node.range!) };
  // A query naming the node's namespace alone names every member of the node.
  return nodeEndpoint(policyEngineOf(model), node, { type: 'workload', ...(node.namespace !== undefined ? { namespace: node.namespace } : {}) });
}

/** `8.8.8.8` for one address, else `a.b.c.d-e.f.g.h`. */
function rangeName(range: AddressRange): string {
  return range.start === range.end ? formatIp({ family: range.family, value: range.start }) : formatRange(range);
}

/** `TCP 5432`, `UDP (any port)`, `any connection`. */
export function describeQuery(query: Query): string {
  if (query.port !== undefined) return `${query.protocol ?? 'TCP'} ${query.port}`;
  if (query.protocol !== undefined) return `${query.protocol} (any port)`;
  return 'any connection';
}
