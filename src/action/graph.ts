import type { Model } from '../model/types.ts';
import { reachMermaid } from '../reach/format/graph.ts';
import { buildMatrix } from '../reach/matrix.ts';
import type { MatrixNode } from '../reach/nodes.ts';
import { countEdges, renderView, type ReachView, type ViewEdge } from '../reach/view.ts';
import { plural } from '../format/text.ts';

/** Beyond this many nodes or edges a workload graph is unreadable; it is drawn by namespace instead. */
export const READABLE_NODES = 30;
export const READABLE_EDGES = 80;
/** Mermaid refuses diagrams over 50,000 characters or 500 edges (its maxTextSize and maxEdges defaults). */
const MERMAID_MAX_TEXT = 50_000;
const MERMAID_MAX_EDGES = 500;

/** The job summary's reachability section: a ```mermaid block, by workload or, when large, by namespace. */
export function graphSection(model: Model): string | undefined {
  if (model.workloads.length === 0) return undefined;
  const matrix = buildMatrix(model);
  // Streamed: a tree whose workloads all reach each other has more edges than memory holds.
  const full: ReachView = { nodes: matrix.nodes, edges: matrix.edgeStream() };
  const edgeCount = countEdges(full.edges);
  const readable = full.nodes.length <= READABLE_NODES && edgeCount <= READABLE_EDGES;
  const view = readable ? { nodes: full.nodes, edges: [...full.edges] } : byNamespace(full);
  const scope = `${plural(full.nodes.filter((n) => n.type === 'workload').length, 'workload')}, ${plural(edgeCount, 'allowed connection')}`;
  const out = ['### Reachability', ''];
  const mermaid = view.edges.length > MERMAID_MAX_EDGES ? '' : renderView(reachMermaid, view);
  if (view.edges.length > MERMAID_MAX_EDGES || mermaid.length > MERMAID_MAX_TEXT) {
    out.push(`${scope}: too many to draw even by namespace. Run \`kube-netlint reach --format html\` for the full matrix.`);
    return out.join('\n');
  }
  out.push(readable ? `${scope}.` : `${scope}, drawn by namespace (the graph by workload would be too large to read; \`kube-netlint reach\` lists every connection).`);
  out.push('', '```mermaid', mermaid.trimEnd(), '```');
  return out.join('\n');
}

/**
 * The view with one node per namespace (its workloads' connections merged, traffic inside a namespace
 * as a loop) and one node for all addresses outside the cluster.
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
