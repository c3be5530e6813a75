import { plural } from '../util/plural.ts';
import { familyRange, type IpFamily } from '../semantics/address-range.ts';
import type { ConnSet } from '../semantics/conn.ts';
import type { MatrixNode } from '../semantics/nodes.ts';
import { reiterable, type ReachView, type ViewEdge } from './view.ts';

/** The node that stands for every address outside the cluster in drawings (`{any address}`), or for every one of a family. */
export const ANY_ADDRESS_ID = '{any address}';
const ANY_FAMILY_ID: Record<IpFamily, string> = { 4: '{any IPv4 address}', 6: '{any IPv6 address}' };

/**
 * Mermaid refuses a diagram of more than 500 edges or 50,000 characters (its `maxEdges` and
 * `maxTextSize` defaults, which GitHub keeps); above either, the graph formats aggregate.
 */
export const MERMAID_MAX_EDGES = 500;
export const MERMAID_MAX_TEXT = 50_000;
/**
 * Graphviz has no limit, but `dot`'s layout time grows faster than its edges and a drawing of more
 * than about a thousand labelled edges is a hairball nobody reads: above this, dot aggregates too.
 */
export const DOT_MAX_EDGES = 1_000;

/** A view as drawn: address ranges merged where they are all reached alike; `drawnEdges` counted without a pass. */
export interface DrawnView extends ReachView {
  /** The number of edges of `edges`. */
  readonly drawnEdges: number;
  /** The number of edges of the view drawn (before merging ranges). */
  readonly viewEdges: number;
}

interface Side {
  count: number;
  conn: ConnSet | undefined;
  same: boolean;
}

/**
 * The view with one `{any address}` node (or `{any IPv4 address}`, `{any IPv6 address}`) in place
 * of the address ranges of a node's edges when the node reaches (or is reached from) every range of
 * the family alike (the same ports): the cut of the address space by the ipBlocks matters to the
 * ranges some policy treats apart, not to a workload that may open anything anywhere. A family is
 * merged only when the view's ranges cover its whole address space (a view filtered with `--to
 * 10.0.0.0/8` is not "any address"). Ranges left without an edge are not drawn; workloads always are.
 * One pass over the edges to decide, and the returned edges are made as they are read, in the order
 * of the new nodes (the `{any ...}` nodes after the workloads, before the ranges).
 */
export function mergeAddressRanges(view: ReachView): DrawnView {
  const { nodes } = view;
  const familyOf = nodes.map((node) => (node.type === 'external' && node.range ? node.range.family : undefined));
  const rangesOf: Record<IpFamily, number[]> = { 4: [], 6: [] };
  familyOf.forEach((family, i) => family && rangesOf[family].push(i));
  const covered = (family: IpFamily) => {
    let size = 0n;
    for (const i of rangesOf[family]) size += nodes[i]!.range!.end - nodes[i]!.range!.start + 1n;
    return rangesOf[family].length > 0 && size === familyRange(family).end + 1n;
  };
  const mergeable = { 4: covered(4), 6: covered(6) };
  const side = (): Record<IpFamily, Side[]> => ({ 4: nodes.map(() => ({ count: 0, conn: undefined, same: true })), 6: nodes.map(() => ({ count: 0, conn: undefined, same: true })) });
  const out = side();
  const into = side();
  const degree = new Int32Array(nodes.length);
  let viewEdges = 0;
  const note = (s: Side, conn: ConnSet) => {
    s.count++;
    if (s.conn === undefined) s.conn = conn;
    else if (s.conn.key !== conn.key) s.same = false;
  };
  for (const e of view.edges) {
    viewEdges++;
    const toFamily = familyOf[e.to];
    const fromFamily = familyOf[e.from];
    if (toFamily && !fromFamily) {
      note(out[toFamily][e.from]!, e.conn);
      degree[e.to]!++;
    } else if (fromFamily && !toFamily) {
      note(into[fromFamily][e.to]!, e.conn);
      degree[e.from]!++;
    }
  }
  // Per node and direction: the merged target of each family (-1: 'all', 4, 6) or none.
  type Merge = { readonly target: 'all' | IpFamily; readonly conn: ConnSet };
  const merges = (sides: Record<IpFamily, Side[]>, i: number): Map<IpFamily, Merge> => {
    const whole = (family: IpFamily) => {
      const s = sides[family][i]!;
      return mergeable[family] && s.same && s.count === rangesOf[family].length ? s.conn : undefined;
    };
    const [v4, v6] = [whole(4), whole(6)];
    const result = new Map<IpFamily, Merge>();
    if (v4 && v6 && v4.key === v6.key) {
      result.set(4, { target: 'all', conn: v4 });
      result.set(6, { target: 'all', conn: v4 });
    } else {
      if (v4) result.set(4, { target: 4, conn: v4 });
      if (v6) result.set(6, { target: 6, conn: v6 });
    }
    return result;
  };
  const outMerges = nodes.map((_, i) => (familyOf[i] ? new Map<IpFamily, Merge>() : merges(out, i)));
  const inMerges = nodes.map((_, i) => (familyOf[i] ? new Map<IpFamily, Merge>() : merges(into, i)));
  // Each merged (node, direction, family) stood for one edge to each range of the family.
  const mergedPerFamily = { 4: 0, 6: 0 };
  const targetsUsed = new Set<'all' | IpFamily>();
  for (const list of [outMerges, inMerges]) {
    for (const m of list) {
      for (const [family, merge] of m) {
        mergedPerFamily[family]++;
        targetsUsed.add(merge.target);
      }
    }
  }
  // New nodes: the others in order, the {any ...} nodes used, the ranges still reached one by one.
  const newIndex = new Int32Array(nodes.length).fill(-1);
  const newNodes: MatrixNode[] = [];
  nodes.forEach((node, i) => {
    if (!familyOf[i]) newIndex[i] = newNodes.push(node) - 1;
  });
  const anyIndex = new Map<'all' | IpFamily, number>();
  for (const target of ['all', 4, 6] as const) {
    if (targetsUsed.has(target)) anyIndex.set(target, newNodes.push({ id: target === 'all' ? ANY_ADDRESS_ID : ANY_FAMILY_ID[target], type: 'external', workloads: [] }) - 1);
  }
  nodes.forEach((node, i) => {
    const family = familyOf[i];
    if (family && degree[i]! > mergedPerFamily[family]) newIndex[i] = newNodes.push(node) - 1;
  });
  /** The merged edges of a node in one direction, in the order of the {any ...} nodes. */
  const mergedEdges = (m: Map<IpFamily, Merge>): { target: number; conn: ConnSet }[] => {
    const seen = new Set<number>();
    const list: { target: number; conn: ConnSet }[] = [];
    for (const merge of m.values()) {
      const target = anyIndex.get(merge.target)!;
      if (!seen.has(target)) list.push({ target, conn: merge.conn });
      seen.add(target);
    }
    return list.sort((a, b) => a.target - b.target);
  };
  let drawnEdges = viewEdges;
  for (const list of [outMerges, inMerges]) for (const m of list) for (const [family] of m) drawnEdges -= rangesOf[family].length;
  for (const list of [outMerges, inMerges]) for (const m of list) drawnEdges += mergedEdges(m).length;

  const edges = reiterable(function* (): Generator<ViewEdge> {
    let flushedFrom = -1;
    let flushedInto = false;
    const intoEdges = function* (): Generator<ViewEdge> {
      // Edges from the {any ...} nodes, sorted by (from, to), before the first edge from a range.
      const all = inMerges.flatMap((m, to) => mergedEdges(m).map(({ target, conn }) => ({ from: target, to: newIndex[to]!, conn })));
      yield* all.sort((a, b) => a.from - b.from || a.to - b.to);
    };
    for (const e of view.edges) {
      const toFamily = familyOf[e.to];
      const fromFamily = familyOf[e.from];
      if (toFamily && !fromFamily && outMerges[e.from]!.size > 0) {
        if (flushedFrom !== e.from) {
          flushedFrom = e.from;
          for (const { target, conn } of mergedEdges(outMerges[e.from]!)) yield { from: newIndex[e.from]!, to: target, conn };
        }
        if (outMerges[e.from]!.has(toFamily)) continue;
      }
      if (fromFamily && !flushedInto) {
        flushedInto = true;
        yield* intoEdges();
      }
      if (fromFamily && !toFamily && inMerges[e.to]!.has(fromFamily)) continue;
      yield { from: newIndex[e.from]!, to: newIndex[e.to]!, conn: e.conn };
    }
    if (!flushedInto) yield* intoEdges();
  });
  return { nodes: newNodes, edges, drawnEdges, viewEdges };
}

/**
 * The view with one node per namespace (its workloads' connections merged, traffic inside a namespace
 * as a loop) and one node for all addresses outside the cluster: what a graph too large to draw
 * workload by workload shows instead.
 */
export function byNamespace(view: ReachView): { readonly nodes: readonly MatrixNode[]; readonly edges: readonly ViewEdge[] } {
  const groupOf = (node: MatrixNode) => (node.type === 'workload' ? `ns\0${node.namespace ?? ''}` : node.type === 'external' ? 'external' : node.id);
  const groups = new Map<string, { node: MatrixNode; members: number }>();
  const index = view.nodes.map((node) => {
    const key = groupOf(node);
    const group = groups.get(key);
    if (group) group.members++;
    else groups.set(key, { node, members: 1 });
    return key;
  });
  const keys = [...groups.keys()];
  const position = new Map(keys.map((key, i) => [key, i]));
  const nodes = keys.map((key): MatrixNode => {
    const { node, members } = groups.get(key)!;
    if (node.type === 'workload') return { id: `${node.namespace}/ (${plural(members, 'workload')})`, type: 'workload', ...(node.namespace ? { namespace: node.namespace } : {}), workloads: [] };
    if (node.type === 'external') return { id: members === 1 ? node.id : `outside the cluster (${plural(members, 'range')})`, type: 'external', workloads: [] };
    return node;
  });
  const merged = new Map<string, ViewEdge>();
  for (const edge of view.edges) {
    const from = position.get(index[edge.from]!)!;
    const to = position.get(index[edge.to]!)!;
    const key = `${from}>${to}`;
    const previous = merged.get(key);
    merged.set(key, { from, to, conn: previous ? previous.conn.union(edge.conn) : edge.conn });
  }
  return { nodes, edges: [...merged.values()].sort((a, b) => a.from - b.from || a.to - b.to) };
}

/** A drawing's nodes grouped by namespace: each workload namespace with its node indexes, then the other nodes. */
export function namespaceGroups(nodes: readonly MatrixNode[]): { readonly groups: readonly { readonly namespace: string; readonly members: readonly number[] }[]; readonly others: readonly number[] } {
  const groups = new Map<string, number[]>();
  const others: number[] = [];
  nodes.forEach((node, i) => {
    // Nodes that are themselves a namespace (`byNamespace`) have no name and need no frame.
    if (node.type !== 'workload' || node.name === undefined) return others.push(i);
    const list = groups.get(node.namespace ?? '');
    if (list) list.push(i);
    else groups.set(node.namespace ?? '', [i]);
    return undefined;
  });
  return { groups: [...groups.entries()].map(([namespace, members]) => ({ namespace, members })), others };
}
