import { dotString, mermaidText } from '../../format/escape.ts';
import type { MatrixNode } from '../nodes.ts';
import type { ReachView } from '../view.ts';

const DOT_SHAPE: Record<MatrixNode['type'], string> = { workload: 'box', external: 'ellipse', 'ingress-controller': 'house' };

/** `--format dot` (Graphviz): every node, one edge per allowed connection labelled with its ports. */
export function* reachDot(view: ReachView): Generator<string> {
  yield 'digraph reach {\n  rankdir=LR;\n  node [fontname="Helvetica", fontsize=10];\n  edge [fontname="Helvetica", fontsize=9];\n';
  const ids = view.nodes.map((node) => dotString(node.id));
  for (let i = 0; i < view.nodes.length; i++) yield `  ${ids[i]} [shape=${DOT_SHAPE[view.nodes[i]!.type]}];\n`;
  for (const e of view.edges) yield `  ${ids[e.from]} -> ${ids[e.to]} [label=${dotString(e.conn.toString())}];\n`;
  yield '}\n';
}

const MERMAID_SHAPE: Record<MatrixNode['type'], [string, string]> = { workload: ['["', '"]'], external: ['(["', '"])'], 'ingress-controller': ['[/"', '"\\]'] };

/** `--format mermaid`: a flowchart (renders in GitHub Markdown inside a ```mermaid block). */
export function* reachMermaid(view: ReachView): Generator<string> {
  yield 'flowchart LR\n';
  for (let i = 0; i < view.nodes.length; i++) {
    const node = view.nodes[i]!;
    const [open, close] = MERMAID_SHAPE[node.type];
    yield `  n${i}${open}${mermaidText(node.id)}${close}\n`;
  }
  for (const e of view.edges) yield `  n${e.from} -->|"${mermaidText(e.conn.toString())}"| n${e.to}\n`;
}
