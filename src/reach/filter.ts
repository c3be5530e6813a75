import type { LabelSelector, Protocol } from '../model/types.ts';
import { parseCidrOrAddress, rangesOverlap, type AddressRange } from '../semantics/address-range.ts';
import { ConnSet } from '../semantics/conn.ts';
import { isDns1123Label, isDns1123Subdomain } from '../semantics/names.ts';
import { matchesSelector } from '../semantics/selector.ts';
import { parseSelector } from '../semantics/selector-syntax.ts';
import { INGRESS_CONTROLLER_ID, type MatrixNode } from './nodes.ts';
import type { ReachView, ViewEdge } from './view.ts';

/** How `--from`, `--to` and `explain` name nodes; documented in `reach --help` (NODE_SYNTAX). */
export type NodeQuery =
  | { readonly type: 'ingress-controller' }
  | { readonly type: 'external'; readonly range?: AddressRange }
  | {
      readonly type: 'workload';
      /** Undefined or `*`: every namespace. */
      readonly namespace?: string;
      readonly name?: string;
      readonly kind?: string;
      readonly selector?: LabelSelector;
    };

export const NODE_SYNTAX = `Naming nodes (--from, --to, explain SRC DST):
  NS/NAME[KIND]        one workload node, as the matrix names it (shop/web[Deployment])
  NS/NAME, NAME        workloads named NAME (any kind), in NS or in any namespace
  NS/SELECTOR          workloads of NS whose pod labels match a label selector, as kubectl -l:
  SELECTOR, */SELECTOR   app=web,tier in (front,back),env!=dev,!legacy (in any namespace)
  NS/                  every workload of NS
  CIDR, ADDRESS        external address ranges overlapping it (10.0.0.0/8, 8.8.8.8, 2001:db8::/32)
  external             every external address range
  {ingress-controller} the Ingress controller
A lone word is a workload name, not a label key; a selector needs an operator (=, !=, in, notin, !).
A label key with a one-word prefix needs the namespace part: */team/app=web.`;

/** `NAME[KIND]`; the name is checked as a DNS subdomain, the format of workload names. */
const NAME_KIND = /^(.+)\[([A-Za-z]+)\]$/;

/** Parses a node query; an error message for malformed input. */
export function parseNodeQuery(text: string): NodeQuery | { readonly error: string } {
  const trimmed = text.trim();
  if (trimmed === INGRESS_CONTROLLER_ID) return { type: 'ingress-controller' };
  if (trimmed === 'external') return { type: 'external' };
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

/** Whether a node answers a query; a workload node matches when any of its workloads does. */
export function matchesNode(query: NodeQuery, node: MatrixNode): boolean {
  switch (query.type) {
    case 'ingress-controller':
      return node.type === 'ingress-controller';
    case 'external':
      return node.type === 'external' && (!query.range || rangesOverlap(query.range, node.range!));
    case 'workload': {
      if (node.type !== 'workload') return false;
      if (query.namespace !== undefined && node.namespace !== query.namespace) return false;
      if (query.kind !== undefined && node.kind?.toLowerCase() !== query.kind.toLowerCase()) return false;
      if (query.name !== undefined && node.name !== query.name && !node.workloads.some((w) => w.object.name === query.name)) return false;
      return !query.selector || node.workloads.some((w) => matchesSelector(query.selector!, w.template.labels));
    }
  }
}

export interface ViewFilter {
  readonly from?: readonly NodeQuery[];
  readonly to?: readonly NodeQuery[];
  readonly port?: number;
  readonly protocol?: Protocol;
}

/**
 * Restricts a view: edges whose source answers some `from` query and destination some `to` query,
 * connections narrowed to the port and protocol; the nodes kept are those the queries name (all
 * when there is no query), re-indexed in matrix order.
 */
export function filterView(view: ReachView, filter: ViewFilter): ReachView {
  const any = (queries: readonly NodeQuery[] | undefined, node: MatrixNode) => !queries || queries.length === 0 || queries.some((q) => matchesNode(q, node));
  const isFrom = view.nodes.map((node) => any(filter.from, node));
  const isTo = view.nodes.map((node) => any(filter.to, node));
  const narrow =
    filter.port !== undefined
      ? ConnSet.ports(filter.protocol ?? 'TCP', filter.port)
      : filter.protocol !== undefined
        ? ConnSet.protocol(filter.protocol)
        : ConnSet.ALL;
  const kept: number[] = [];
  const newIndex = new Int32Array(view.nodes.length).fill(-1);
  view.nodes.forEach((_, i) => {
    if (isFrom[i] || isTo[i]) newIndex[i] = kept.push(i) - 1;
  });
  const edges: ViewEdge[] = [];
  for (const edge of view.edges) {
    if (!isFrom[edge.from] || !isTo[edge.to]) continue;
    const conn = edge.conn.intersect(narrow);
    if (!conn.isEmpty()) edges.push({ from: newIndex[edge.from]!, to: newIndex[edge.to]!, conn });
  }
  return { nodes: kept.map((i) => view.nodes[i]!), edges };
}
