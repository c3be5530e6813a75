import type { Model } from '../model/types.ts';
import { reachMermaid } from '../format/reach/graph.ts';
import { buildMatrix, type Matrix } from '../reach/matrix.ts';
import { byNamespace, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT } from '../reach/drawn.ts';
import { countEdges, renderView, type ReachView } from '../reach/view.ts';
import { plural } from '../format/text.ts';
import { ingressControllerCaveat } from '../semantics/ingress-controllers.ts';
import { markdownText } from '../util/escape.ts';

/** Beyond this many nodes or edges a workload graph is unreadable; it is drawn by namespace instead. */
export const READABLE_NODES = 30;
export const READABLE_EDGES = 80;

/** The job summary's reachability section (from `built`, the model's matrix, when the run already made it): a ```mermaid block, by workload or, when large, by namespace. */
export function graphSection(model: Model, built?: Matrix): string | undefined {
  if (model.workloads.length === 0) return undefined;
  const matrix = built ?? buildMatrix(model);
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
  // As \`reach\` says it: the ingress controller drawn is an inference unless configured.
  const inferred = ingressControllerCaveat(model);
  if (inferred) out.push('', `> **Caveat:** ${markdownText(inferred.message)}`);
  out.push('', '```mermaid', mermaid.trimEnd(), '```');
  return out.join('\n');
}
