import type { LabelSelector, Workload } from '../model/types.ts';
import { isDns1123Label, isDns1123Subdomain } from '../model/names.ts';
import { parseCidrOrAddress, rangesOverlap, type AddressRange } from './address-range.ts';
import { INGRESS_CONTROLLER_ID, ownersInNode, type MatrixNode } from './nodes.ts';
import { matchesSelector } from './selector.ts';
import { parseSelector } from './selector-syntax.ts';
import { parseOutsidePod, type OutsidePod } from './outside-pods.ts';

/** How `--from`, `--to` and `explain` name nodes; documented in `reach --help` (NODE_SYNTAX). */
export type NodeQuery =
  | { readonly type: 'ingress-controller' }
  /** A Gateway's data plane (`{gateway:NS/NAME}`), or every Gateway's (`{gateway}`). */
  | { readonly type: 'gateway'; readonly namespace?: string; readonly name?: string }
  | { readonly type: 'external'; readonly range?: AddressRange }
  /** A pod outside the tree, as exposure analysis names it (`[namespace with env=prod]/[pod with app=web]`; outside-pods.ts). */
  | { readonly type: 'outside-pod'; readonly id: string; readonly pod: OutsidePod }
  | {
      readonly type: 'workload';
      /** Undefined or `*`: every namespace. */
      readonly namespace?: string;
      readonly name?: string;
      readonly kind?: string;
      readonly selector?: LabelSelector;
    };

/**
 * `NAME[KIND]`; the name is checked as a DNS subdomain, the format of workload names. A custom
 * workload's kind may carry its group (`StatefulSet.apps.kruise.io`).
 */
const NAME_KIND = /^(.+)\[([A-Za-z][A-Za-z0-9]*(?:\.[a-z0-9-]+)*)\]$/;

/** Parses a node query; an error message for malformed input. */
export function parseNodeQuery(text: string): NodeQuery | { readonly error: string } {
  const trimmed = text.trim();
  // An empty selector would match every workload: a blank query is far likelier a script's empty variable.
  if (trimmed === '') return { error: 'is empty (every workload is `*/`, every one of NS `NS/`)' };
  if (trimmed === INGRESS_CONTROLLER_ID) return { type: 'ingress-controller' };
  if (trimmed === '{gateway}') return { type: 'gateway' };
  const gateway = /^\{gateway:([^/{}]*)\/([^/{}]*)\}$/.exec(trimmed);
  if (gateway) {
    const [, namespace, name] = gateway;
    if (!isDns1123Label(namespace!) || !isDns1123Subdomain(name!)) return { error: `"${trimmed}" is not {gateway:NAMESPACE/NAME}` };
    return { type: 'gateway', namespace: namespace!, name: name! };
  }
  if (trimmed.startsWith('{gateway')) return { error: `"${trimmed}" is not {gateway:NAMESPACE/NAME} or {gateway}` };
  if (trimmed === 'external' || trimmed === '{any address}') return { type: 'external' };
  // A range as the matrix names it (`10.0.0.0-10.255.255.255`), so output ids read back.
  const dash = /^([0-9a-fA-F:.]+)-([0-9a-fA-F:.]+)$/.exec(trimmed);
  if (dash && /[.:]/.test(dash[1]!)) {
    const [start, end] = [parseCidrOrAddress(dash[1]!), parseCidrOrAddress(dash[2]!)];
    if (!start || !end || start.family !== end.family || start.start > end.start) return { error: `"${trimmed}" is not an address range (FIRST-LAST, first not above last)` };
    return { type: 'external', range: { family: start.family, start: start.start, end: end.end } };
  }
  const outside = parseOutsidePod(trimmed);
  if (outside) return 'error' in outside ? { error: outside.error } : { type: 'outside-pod', ...outside };
  if (/^[0-9a-fA-F:.]+(\/\d+)?$/.test(trimmed) && /[.:]/.test(trimmed)) {
    const range = parseCidrOrAddress(trimmed);
    return range ? { type: 'external', range } : { error: `"${trimmed}" is not a valid IP address or CIDR` };
  }
  // A namespace is a DNS label (no dots), so `app.kubernetes.io/name=web` is a selector, not `NS/...`.
  const slash = trimmed.indexOf('/');
  const head = slash >= 0 ? trimmed.slice(0, slash) : undefined;
  const namespace = head !== undefined && (head === '*' || isDns1123Label(head)) ? head : undefined;
  const rest = namespace !== undefined ? trimmed.slice(slash + 1) : trimmed;
  const scope = namespace === undefined || namespace === '*' ? {} : { namespace };
  const named = NAME_KIND.exec(rest);
  if (named && isDns1123Subdomain(named[1]!)) return { type: 'workload', ...scope, name: named[1]!, kind: named[2]! };
  if (isDns1123Subdomain(rest)) return { type: 'workload', ...scope, name: rest };
  const selector = parseSelector(rest);
  if ('error' in selector) return { error: selector.error };
  return { type: 'workload', ...scope, selector };
}

/**
 * Whether a node answers a query. A workload node matches when any of its members does
 * (`matchingMembers`); `reach` then keeps the whole node, whose cells join what every member allows.
 */
export function matchesNode(query: NodeQuery, node: MatrixNode): boolean {
  switch (query.type) {
    case 'ingress-controller':
      return node.type === 'ingress-controller';
    case 'gateway':
      return node.type === 'gateway' && (query.namespace === undefined || node.namespace === query.namespace) && (query.name === undefined || node.name === query.name);
    case 'external':
      return node.type === 'external' && (!query.range || rangesOverlap(query.range, node.range!));
    case 'outside-pod':
      return false;
    case 'workload':
      return node.type === 'workload' && (query.namespace === undefined || node.namespace === query.namespace) && node.workloads.some((w) => memberMatches(query, node, w));
  }
}

/**
 * The members of a workload node a workload query names (what `explain` and assertions narrow the node
 * to): those whose pod labels match its selector and that it names, by kind and name, themselves or
 * through a member that owns them (`metadata.ownerReferences`, followed within the node: a ReplicaSet
 * names its Pods too); naming the node's owner names every member. Empty when the node does not answer.
 */
export function matchingMembers(query: NodeQuery & { readonly type: 'workload' }, node: MatrixNode): Workload[] {
  return matchesNode(query, node) ? node.workloads.filter((w) => memberMatches(query, node, w)) : [];
}

function memberMatches(query: NodeQuery & { readonly type: 'workload' }, node: MatrixNode, member: Workload): boolean {
  if (query.selector && !matchesSelector(query.selector, member.template.labels)) return false;
  if (query.name === undefined && query.kind === undefined) return true;
  const named = (kind: string, name: string) => (query.kind === undefined || kind.toLowerCase() === query.kind.toLowerCase()) && (query.name === undefined || name === query.name);
  return named(node.kind ?? '', node.name ?? '') || [member, ...ownersInNode(node, member)].some((w) => named(w.kind, w.object.name));
}
