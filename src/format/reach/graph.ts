import { dotString, mermaidText } from '../../util/escape.ts';
import { byNamespace, DOT_MAX_EDGES, mergeAddressRanges, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, namespaceGroups } from '../../reach/drawn.ts';
import type { MatrixNode } from '../../semantics/nodes.ts';
import type { ReachFormatOptions, ReachView } from '../../reach/view.ts';

const DOT_SHAPE: Record<MatrixNode['type'], string> = { workload: 'box', external: 'ellipse', 'ingress-controller': 'house', gateway: 'invhouse' };

/** What an aggregated graph says about itself (no name from the input in it). */
function aggregationNote(nodes: number, edges: number, limit: string): string {
  return `${nodes} nodes and ${edges} connections are more than ${limit}, so workloads are grouped by namespace; --full-graph draws every workload, --from and --to narrow the view`;
}

/**
 * `--format dot` (Graphviz): workloads framed by namespace (`subgraph cluster_N`), one edge per allowed
 * connection labelled with its ports, address ranges reached alike merged into `{any address}`. Above
 * DOT_MAX_EDGES edges, one node per namespace instead (the graph's label says so) unless `fullGraph`.
 */
export function* reachDot(view: ReachView, options: ReachFormatOptions = {}): Generator<string> {
  const drawn = mergeAddressRanges(view);
  const aggregate = !options.fullGraph && drawn.drawnEdges > DOT_MAX_EDGES;
  const shown = aggregate ? byNamespace(view) : drawn;
  yield 'digraph reach {\n  rankdir=LR;\n  node [fontname="Helvetica", fontsize=10];\n  edge [fontname="Helvetica", fontsize=9];\n';
  if (aggregate) yield `  labelloc=t;\n  label=${dotString(aggregationNote(drawn.nodes.length, drawn.drawnEdges, `a readable dot drawing holds (${DOT_MAX_EDGES} edges)`))};\n`;
  const ids = shown.nodes.map((node) => dotString(node.id));
  const nodeLine = (i: number, indent: string) => `${indent}${ids[i]} [shape=${DOT_SHAPE[shown.nodes[i]!.type]}];\n`;
  const { groups, others } = namespaceGroups(shown.nodes);
  // Nodes outside namespaces first (the ingress controller), then each namespace, then the addresses.
  for (const i of others) if (shown.nodes[i]!.type !== 'external') yield nodeLine(i, '  ');
  for (const [g, { namespace, members }] of groups.entries()) {
    yield `  subgraph cluster_${g} {\n    label=${dotString(namespace)};\n    style=rounded;\n    color="#8c959f";\n`;
    for (const i of members) yield nodeLine(i, '    ');
    yield '  }\n';
  }
  for (const i of others) if (shown.nodes[i]!.type === 'external') yield nodeLine(i, '  ');
  for (const e of shown.edges) yield `  ${ids[e.from]} -> ${ids[e.to]} [label=${dotString(e.conn.toString())}];\n`;
  yield '}\n';
}

const MERMAID_SHAPE: Record<MatrixNode['type'], [string, string]> = { workload: ['["', '"]'], external: ['(["', '"])'], 'ingress-controller': ['[/"', '"\\]'], gateway: ['{{"', '"}}'] };

function* mermaidLines(view: ReachView, title?: string): Generator<string> {
  // The title is our own text (numbers and words); YAML front matter shows it above the diagram.
  if (title) yield `---\ntitle: "${title}"\n---\n`;
  yield 'flowchart LR\n';
  const nodeLine = (i: number, indent: string) => {
    const [open, close] = MERMAID_SHAPE[view.nodes[i]!.type];
    return `${indent}n${i}${open}${mermaidText(view.nodes[i]!.id)}${close}\n`;
  };
  const { groups, others } = namespaceGroups(view.nodes);
  for (const i of others) if (view.nodes[i]!.type !== 'external') yield nodeLine(i, '  ');
  for (const [g, { namespace, members }] of groups.entries()) {
    yield `  subgraph ns${g}["${mermaidText(namespace)}"]\n`;
    for (const i of members) yield nodeLine(i, '    ');
    yield '  end\n';
  }
  for (const i of others) if (view.nodes[i]!.type === 'external') yield nodeLine(i, '  ');
  for (const e of view.edges) yield `  n${e.from} -->|"${mermaidText(e.conn.toString())}"| n${e.to}\n`;
}

/**
 * `--format mermaid`: a flowchart (renders in GitHub Markdown inside a ```mermaid block), namespaces
 * as subgraphs, address ranges reached alike merged into `{any address}`. Above what mermaid draws by
 * default (MERMAID_MAX_EDGES edges, MERMAID_MAX_TEXT characters), one node per namespace instead (the
 * title says so) unless `fullGraph`.
 */
export function* reachMermaid(view: ReachView, options: ReachFormatOptions = {}): Generator<string> {
  const drawn = mergeAddressRanges(view);
  if (options.fullGraph) {
    yield* mermaidLines(drawn);
    return;
  }
  if (drawn.drawnEdges <= MERMAID_MAX_EDGES) {
    // At most MERMAID_MAX_EDGES edges: small enough to hold and measure before writing.
    let text = '';
    for (const line of mermaidLines(drawn)) text += line;
    if (text.length <= MERMAID_MAX_TEXT) {
      yield text;
      return;
    }
  }
  const limit = `mermaid draws by default (${MERMAID_MAX_EDGES} edges, ${MERMAID_MAX_TEXT} characters)`;
  yield* mermaidLines(byNamespace(view), aggregationNote(drawn.nodes.length, drawn.drawnEdges, limit));
}
