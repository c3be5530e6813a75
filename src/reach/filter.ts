import type { Model, Protocol, Workload } from '../model/types.ts';
import { ConnSet } from '../semantics/conn.ts';
import { describeMember, listSome } from '../semantics/describe.ts';
import { matchesNode, matchingMembers, type NodeQuery } from '../semantics/node-query.ts';
import { policyEngineOf, type PolicyEngine } from '../semantics/policy.ts';
import { type MatrixNode } from '../semantics/nodes.ts';
import { reiterable, type ReachView, type ViewEdge } from './view.ts';

// Node queries are semantics (assertions resolve them too); re-exported for the reach commands.
export { matchesNode, matchingMembers, parseNodeQuery, type NodeQuery } from '../semantics/node-query.ts';

export const NODE_SYNTAX = `Naming nodes (--from, --to, explain SRC DST):
  NS/NAME[KIND]        one workload node, as the matrix names it (shop/web[Deployment]), or the node
                       of a member of that kind and name (shop/web-5d8-b[Pod])
  NS/NAME, NAME        workloads named NAME (any kind), in NS or in any namespace
  NS/SELECTOR          workloads of NS whose pod labels match a label selector, as kubectl -l:
  SELECTOR, */SELECTOR   app=web,tier in (front,back),env!=dev,!legacy (in any namespace)
  NS/                  every workload of NS
  CIDR, ADDRESS        external address ranges overlapping it (10.0.0.0/8, 8.8.8.8, 2001:db8::/32)
  external             every external address range
  {ingress-controller} the Ingress controller (and the OpenShift router, for Routes)
  {gateway:NS/NAME}    the data plane of Gateway NS/NAME; {gateway} every Gateway's
A lone word is a workload name, not a label key; a selector needs an operator (=, !=, in, notin, !).
A label key with a one-word prefix needs the namespace part: */team/app=web.
A node's members are a workload and the ReplicaSets and Pods it owns (ownerReferences, as in
exported state). reach and diff keep whole nodes: a node matches when any member does, and its cells
join what every member allows. explain and assertions narrow it to the members named (a name: that
member and what it owns; a selector: the members whose labels match) and judge each one policies
tell apart.`;

/**
 * The members of a workload node that a query matching it does not name and that policies tell apart
 * from every member it names: a `reach` cell of the node joins what they allow too (`explain` does not).
 */
export function membersJoinedBeyond(engine: PolicyEngine, query: NodeQuery, node: MatrixNode): Workload[] {
  if (query.type !== 'workload' || node.workloads.length < 2) return [];
  const named = matchingMembers(query, node);
  if (named.length === 0 || named.length === node.workloads.length) return [];
  const kinds = engine.distinctWorkloads(named).length;
  return engine.distinctWorkloads(node.workloads.filter((w) => !named.includes(w))).filter((w) => engine.distinctWorkloads([...named, w]).length > kinds);
}

/** A node `reach` keeps whole although a query names only some of its members (`membersJoinedBeyond`). */
export interface PartialNode {
  readonly query: NodeQuery;
  readonly node: MatrixNode;
  /** The members its cells also join, named as findings name them (`describeMember`). */
  readonly joined: readonly string[];
}

/** The nodes among `nodes` (a filtered view's) that a query names only in part, for `reach` to note. */
export function partialNodes(model: Model, query: NodeQuery, nodes: readonly MatrixNode[]): PartialNode[] {
  const engine = policyEngineOf(model);
  return nodes.flatMap((node) => {
    const beyond = membersJoinedBeyond(engine, query, node);
    return beyond.length > 0 ? [{ query, node, joined: beyond.map((w) => describeMember(w, node)) }] : [];
  });
}

/**
 * What `reach` and `diff` say on stderr for a node an option names only in part (`partialNodes`):
 * `keeps` says how the command keeps the whole node ("reach shows", "diff compares").
 */
export function partialNodeNote(option: string, text: string, { node, joined }: Pick<PartialNode, 'node' | 'joined'>, keeps: string): string {
  return `kube-netlint: note: ${option} "${text}" names only some members of ${node.id}; ${keeps} the whole node, whose cells also join what ${listSome(joined)} allow${joined.length === 1 ? 's' : ''} (explain judges the members named)`;
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
  // Lazy, as the view's own edges: a pass over the filtered edges is a pass over the view's.
  const edges = reiterable(function* (): Iterator<ViewEdge> {
    for (const edge of view.edges) {
      if (!isFrom[edge.from] || !isTo[edge.to]) continue;
      const conn = edge.conn.intersect(narrow);
      if (!conn.isEmpty()) yield { from: newIndex[edge.from]!, to: newIndex[edge.to]!, conn };
    }
  });
  return { nodes: kept.map((i) => view.nodes[i]!), edges };
}
