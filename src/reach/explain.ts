import { jsonText, visibleText } from '../format/escape.ts';
import { locateTarget } from '../lint/locate.ts';
import type { KubeObject, Model, NetworkPolicy, Protocol, Workload } from '../model/types.ts';
import type { Path } from '../source/types.ts';
import { positionAt } from '../source/text.ts';
import { caveatJson, type Caveat } from '../semantics/blind-spots.ts';
import { cutAddressSpace, formatRange } from '../semantics/address-range.ts';
import { allowingRules, ungovernedReason } from '../semantics/describe-verdict.ts';
import { formatIp, rangeContains, type AddressRange } from '../semantics/ip.ts';
import { ConnSet } from '../semantics/conn.ts';
import { ingressRoutes } from '../semantics/ingress-controllers.ts';
import { portsNamed } from '../semantics/ports.ts';
import { describeMember } from '../semantics/describe.ts';
import { formatLabels, isEmptySelector } from '../semantics/selector.ts';
import { admits, externalEndpoint, INGRESS_CONTROLLER, podEndpoint, policyEngineOf, workloadEndpoint, type Endpoint, type PolicyEngine, type Query, type SideVerdict, type Verdict } from '../semantics/policy.ts';
import { matchesNode, matchingMembers, type NodeQuery } from './filter.ts';
import { gatewayNodeId, INGRESS_CONTROLLER_ID, nodeHead, ownersInNode, workloadNodes, type MatrixNode } from './nodes.ts';
import { viewsOf } from '../model/kinds/define.ts';
import { GATEWAY_KIND, type GatewayView } from '../model/kinds/gateway-api.ts';
import { describeListener } from '../semantics/gateway-api.ts';
import { dataPlaneOf, describeDataPlane } from '../semantics/gateway-data-plane.ts';
import { gatewayTraffic, type GatewayHop } from '../semantics/gateway-traffic.ts';

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
function sameEndpoint(a: NamedEndpoint, b: NamedEndpoint): boolean {
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
      .sort((a, b) => compareText(`${a.object.namespace}/${a.object.name}`, `${b.object.namespace}/${b.object.name}`))
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

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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

export interface Explanation {
  /** The source's node id, address range or stand-in pod (`NamedEndpoint.name`). */
  readonly from: string;
  /** The member of the source's node meant, when one is (`NamedEndpoint.member`). */
  readonly fromMember?: string;
  readonly to: string;
  readonly toMember?: string;
  readonly query: Query;
  /** The port name the query's port was resolved from (`explain --port http`). */
  readonly portName?: string;
  readonly verdict: Verdict;
  /**
   * From `{ingress-controller}` to a workload: the ports Ingresses route there (`ingressRoutes`). The
   * controller connects on these only, so `verdict` says what both the policies and the routes allow.
   */
  readonly routed?: ConnSet;
  /** What sends `routed` there: `Ingresses` (and Routes) for the ingress controller, `Gateway routes` for a Gateway. */
  readonly routedBy?: string;
  /** From a Gateway: each listener, route rule and backendRef that sends it to the destination, with the port. */
  readonly hops?: readonly { readonly hop: GatewayHop; readonly port: number }[];
  /** From a Gateway: where its data plane is (`describeDataPlane`). */
  readonly dataPlane?: string;
}

/** A port given by name, resolved on each destination's container ports (as policies and assertions resolve it). */
export interface NamedPort {
  readonly name: string;
  readonly protocol: Protocol;
}

/** The query a named port stands for toward `destination`: its container port of that name and protocol; undefined when it declares none. */
export function namedPortQuery(model: Model, destination: NamedEndpoint, port: NamedPort): Query | undefined {
  const found = portsNamed(policyEngineOf(model).subjectPorts(destination.endpoint), port.name, port.protocol)[0];
  return found ? { port: found.containerPort, protocol: port.protocol } : undefined;
}

/** Members of a destination that declare no container port of a name (`namedPortQuery`); `all` when none does. */
export interface NamedPortGap {
  readonly destination: NamedEndpoint;
  /** The members (`memberEndpoints`) without the port, which `explainPairs` leaves out. */
  readonly lacking: readonly NamedEndpoint[];
  readonly all: boolean;
}

/** The destinations some of whose members, which policies tell apart and so may declare other ports, lack a named port. */
export function namedPortGaps(model: Model, destinations: readonly NamedEndpoint[], port: NamedPort): NamedPortGap[] {
  return destinations.flatMap((destination) => {
    const members = memberEndpoints(destination);
    const lacking = members.filter((member) => !namedPortQuery(model, member, port));
    return lacking.length > 0 ? [{ destination, lacking, all: lacking.length === members.length }] : [];
  });
}

/**
 * Explains every pair of sources and destinations, but never an endpoint with itself: two members of one
 * node that policies tell apart are a pair (the canary Pod and the other Pods of its Deployment), a
 * node's head with itself is not. A named port is resolved per destination member (one without it is
 * left out: `namedPortGaps` says which). A node with members policies tell apart gets one explanation
 * per member where their explanations differ, naming the member; where they agree, one naming the node.
 */
export function explainPairs(model: Model, sources: readonly NamedEndpoint[], destinations: readonly NamedEndpoint[], query: Query | NamedPort): Explanation[] {
  const engine = policyEngineOf(model);
  const named = 'name' in query ? query : undefined;
  const explain = (src: NamedEndpoint, dst: NamedEndpoint): Judgement | undefined => {
    const q = sameEndpoint(src, dst) ? undefined : named ? namedPortQuery(model, dst, named) : (query as Query);
    if (!q) return undefined;
    const verdict = engine.evaluate(src.endpoint, dst.endpoint, q);
    const portName = named ? { portName: named.name } : {};
    // A Gateway's data plane connects only where its routes send it, as `reach` draws it.
    if (src.gateway && dst.endpoint.type === 'workload') {
      const traffic = gatewayTraffic(model, src.gateway);
      const routed = traffic.routed.get(dst.endpoint.workload) ?? ConnSet.NONE;
      const connections = verdict.connections.intersect(routed);
      const hops = traffic.hopsTo.get(dst.endpoint.workload) ?? [];
      const dataPlane = describeDataPlane(dataPlaneOf(model, src.gateway));
      return { query: q, ...portName, verdict: { ...verdict, connections, allowed: admits(connections, q) }, routed, routedBy: 'Gateway routes', hops, dataPlane };
    }
    // The ingress controller connects only where Ingresses route, as `reach` draws it.
    if (src.endpoint.type !== 'ingress-controller' || dst.endpoint.type !== 'workload') return { query: q, ...portName, verdict };
    const routed = ingressRoutes(model).get(dst.endpoint.workload) ?? ConnSet.NONE;
    const connections = verdict.connections.intersect(routed);
    return { query: q, ...portName, verdict: { ...verdict, connections, allowed: admits(connections, q) }, routed };
  };
  return sources.flatMap((src) => destinations.flatMap((dst) => explainNodes(src, dst, explain)));
}

/** An explanation's endpoint names. */
function ends(src: NamedEndpoint, dst: NamedEndpoint): Pick<Explanation, 'from' | 'fromMember' | 'to' | 'toMember'> {
  return { from: src.name, ...(src.member !== undefined ? { fromMember: src.member } : {}), to: dst.name, ...(dst.member !== undefined ? { toMember: dst.member } : {}) };
}

/** An explanation without the endpoints' names. */
type Judgement = Omit<Explanation, 'from' | 'fromMember' | 'to' | 'toMember'>;

/** The explanations between two nodes: per member only on a side whose members' explanations differ. */
function explainNodes(src: NamedEndpoint, dst: NamedEndpoint, explain: (s: NamedEndpoint, d: NamedEndpoint) => Judgement | undefined): Explanation[] {
  const sources = memberEndpoints(src);
  const destinations = memberEndpoints(dst);
  const grid = sources.map((s) => destinations.map((d) => explain(s, d)));
  const at = (i: number, j: number) => grid[i]![j];
  const indexes = (list: readonly unknown[]) => list.map((_, i) => i);
  // A side is named by its node when every member of it is explained alike toward (or from) each member of the other side.
  const sourcesAlike = destinations.every((_, j) => sources.every((_, i) => sameExplanation(at(i, j), at(0, j))));
  const destinationsAlike = sources.every((_, i) => destinations.every((_, j) => sameExplanation(at(i, j), at(i, 0))));
  const out: Explanation[] = [];
  for (const i of sourcesAlike ? [0] : indexes(sources)) {
    for (const j of destinationsAlike ? [0] : indexes(destinations)) {
      const e = at(i, j);
      if (e) out.push({ ...ends(sourcesAlike ? src : sources[i]!, destinationsAlike ? dst : destinations[j]!), ...e });
    }
  }
  return out;
}

/**
 * Whether two explanations say the same: what `explain --format json` writes for them without the
 * endpoints' names (query, verdict, every deciding policy and rule), so a field users see is compared
 * as soon as it is written. (`ungoverned`, which JSON leaves out, follows from `governed` for the
 * members of one node: a workload is ungoverned only on the host network.)
 */
function sameExplanation(a: Judgement | undefined, b: Judgement | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && judgementKey(a) === judgementKey(b));
}

const judgementKeys = new WeakMap<Judgement, string>();

function judgementKey(judgement: Judgement): string {
  let key = judgementKeys.get(judgement);
  if (key === undefined) judgementKeys.set(judgement, (key = JSON.stringify(judgementJson(judgement))));
  return key;
}

function where(object: KubeObject, path: Path): { file: string; line: number } {
  const { file, span } = locateTarget({ object, path });
  return { file: file.path, line: positionAt(file, span.start).line };
}

const policyName = (policy: NetworkPolicy) => `${policy.object.namespace}/${policy.object.name}`;
const policyAt = (policy: NetworkPolicy) => {
  const at = where(policy.object, ['metadata', 'name']);
  return `${policyName(policy)} (${at.file}:${at.line})`;
};

/** `TCP 5432`, `UDP (any port)`, `any connection`. */
export function describeQuery(query: Query): string {
  if (query.port !== undefined) return `${query.protocol ?? 'TCP'} ${query.port}`;
  if (query.protocol !== undefined) return `${query.protocol} (any port)`;
  return 'any connection';
}

function sideText(side: SideVerdict, self: string, other: string, query: Query): string[] {
  const head = `  ${side.direction} of ${self}: ${side.allowed ? 'allowed' : 'denied'}`;
  if (!side.governed) return [`${head} (no NetworkPolicy applies: ${ungovernedReason(side.ungoverned)})`];
  if (!side.isolated) return [`${head} (not isolated: no NetworkPolicy selects it for ${side.direction === 'ingress' ? 'Ingress' : 'Egress'})`];
  const lines = [head, `    isolated by: ${side.policies.map(policyAt).join(', ')}`];
  const rule = (m: SideVerdict['rules'][number]) => {
    const at = where(m.policy.object, m.rule.path);
    return `${policyName(m.policy)} ${m.direction}[${m.index}] (${at.file}:${at.line}): ${m.connections}${m.address ? ` ${addressNote(m.address)}` : ''}`;
  };
  const allowing = allowingRules(side);
  const others = side.rules.filter((m) => !m.allowsQuery);
  for (const m of allowing) lines.push(`    allowed by: ${rule(m)}`);
  if (side.rules.length === 0) lines.push(`    no ${side.direction} rule of these policies admits ${other}`);
  else if (allowing.length === 0) lines.push(`    rules admitting ${other}, but not ${describeQuery(query)}:`);
  for (const m of others) lines.push(`      ${rule(m)}`);
  return lines;
}

/** How a rule that admitted a pod by its recorded address says so: the engine's choice, which network plugins do not share. */
function addressNote(address: string): string {
  return `(its ipBlock holds the recorded pod address ${address}; most network plugins match pod addresses against ipBlocks, some, such as Cilium, do not)`;
}

/** The text `explain` prints: the verdict, then each side with the policies and rules (file:line) that decided it, then the caveats. */
export function explainText(explanations: readonly Explanation[], caveats: readonly Caveat[] = []): string {
  return explanations
    .map((e) => ({ ...e, from: endpointLabel({ name: e.from, member: e.fromMember }), to: endpointLabel({ name: e.to, member: e.toMember }) }))
    .map(({ from, to, query, portName, verdict, routed, routedBy, hops, dataPlane }) =>
      [
        `${from} -> ${to}, ${describeQuery(query)}${portName ? ` (port "${portName}")` : ''}: ${verdict.allowed ? 'ALLOWED' : 'DENIED'}`,
        ...(dataPlane !== undefined ? [`  data plane: ${dataPlane}`] : []),
        ...sideText(verdict.egress, from, to, query),
        ...sideText(verdict.ingress, to, from, query),
        ...(routed && routedBy === undefined ? [`  routed by Ingresses: ${routed.isEmpty() ? 'nothing (no Ingress backend selects it)' : routed}`] : []),
        ...(routed && routedBy !== undefined ? [`  routed by ${routedBy}: ${routed.isEmpty() ? 'nothing (no route attached to it sends here)' : routed}`] : []),
        ...(hops ?? []).map(({ hop, port }) => `    ${hopText(hop, port)}`),
        `  allowed between them: ${verdict.connections}`,
      ]
        // Each line is prose around names, files and values from the manifests: visible text as a whole.
        .map((line) => visibleText(line))
        .join('\n'),
    )
    .join('\n\n')
    .concat("\n", ...caveats.map((c) => `\ncaveat: ${visibleText(c.message)}\n`));
}

function sideJson(side: SideVerdict): Record<string, unknown> {
  return {
    governed: side.governed,
    isolated: side.isolated,
    allowed: side.allowed,
    connections: side.connections,
    policies: side.policies.map((p) => ({ namespace: p.object.namespace, name: p.object.name, ...where(p.object, ['metadata', 'name']) })),
    rules: side.rules.map((m) => ({
      policy: { namespace: m.policy.object.namespace, name: m.policy.object.name },
      direction: m.direction,
      index: m.index,
      ...where(m.policy.object, m.rule.path),
      connections: m.connections,
      allowsQuery: m.allowsQuery,
      ...(m.address ? { address: m.address } : {}),
    })),
  };
}

/**
 * `explain --format json`: `{"version":1,"results":[{from,to,query,allowed,connections,egress,ingress}]}`
 * (`query.portName` when --port named a port); `from` and `to` are node ids as `reach` JSON has them,
 * `fromMember`/`toMember` name the member of the node meant, when one is.
 */
export function explainJson(explanations: readonly Explanation[], caveats: readonly Caveat[] = []): string {
  const results = explanations.map(({ from, fromMember, to, toMember, ...judgement }) => ({
    from,
    ...(fromMember !== undefined ? { fromMember } : {}),
    to,
    ...(toMember !== undefined ? { toMember } : {}),
    ...judgementJson(judgement),
  }));
  return `${jsonText({ version: 1, results, ...(caveats.length > 0 ? { caveats: caveats.map(caveatJson) } : {}) }, 2)}\n`;
}

/** `listener "http" (80/HTTP) of Gateway shop/public (gateway.yaml:9) -> HTTPRoute front/web rules[0] (routes.yaml:14) -> Service shop/web port 80 -> TCP 8080`. */
function hopText(hop: GatewayHop, port: number): string {
  const { gateway, route, rule, service, servicePort, protocol } = hop;
  const at = (object: KubeObject, path: Path) => {
    const w = where(object, path);
    return `${w.file}:${w.line}`;
  };
  const listeners = hop.listeners.map((l) => `${describeListener(l)} (${at(gateway.object, l.path)})`).join(' and ');
  const ruleName = `rules[${rule.index}]${rule.name ? ` "${rule.name}"` : ''}`;
  return `${listeners} of Gateway ${gateway.object.namespace}/${gateway.object.name} -> ${route.kind} ${route.object.namespace}/${route.object.name} ${ruleName} (${at(route.object, hop.ref.path)}) -> Service ${service.object.namespace}/${service.object.name} port ${servicePort.port} -> ${protocol} ${port}${hop.ref.mirror ? ' (mirrored)' : ''}`;
}

function hopJson(hop: GatewayHop, port: number): Record<string, unknown> {
  const { gateway, route, rule, service, servicePort, protocol } = hop;
  return {
    gateway: { namespace: gateway.object.namespace, name: gateway.object.name },
    listeners: hop.listeners.map((l) => ({ ...(l.name !== undefined ? { name: l.name } : {}), ...(l.port !== undefined ? { port: l.port } : {}), ...where(gateway.object, l.path) })),
    route: { kind: route.kind, namespace: route.object.namespace, name: route.object.name, rule: rule.index, ...where(route.object, hop.ref.path) },
    service: { namespace: service.object.namespace, name: service.object.name, port: servicePort.port },
    protocol,
    port,
    ...(hop.ref.mirror ? { mirror: true } : {}),
  };
}

/** A result of `explainJson` without the endpoints' names. */
function judgementJson({ query, portName, verdict, routed, hops, dataPlane }: Judgement): Record<string, unknown> {
  return {
    query: {
      ...(query.port !== undefined ? { port: query.port } : {}),
      ...(query.protocol ?? query.port !== undefined ? { protocol: query.protocol ?? 'TCP' } : {}),
      ...(portName !== undefined ? { portName } : {}),
    },
    allowed: verdict.allowed,
    connections: verdict.connections,
    egress: sideJson(verdict.egress),
    ingress: sideJson(verdict.ingress),
    ...(routed ? { routed } : {}),
    ...(dataPlane !== undefined ? { dataPlane } : {}),
    ...(hops ? { via: hops.map(({ hop, port }) => hopJson(hop, port)) } : {}),
  };
}
