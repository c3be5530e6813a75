import type { MatrixNode } from '../nodes.ts';
import type { ReachView } from '../view.ts';

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

const DOT_SHAPE: Record<MatrixNode['type'], string> = { workload: 'box', external: 'ellipse', 'ingress-controller': 'house' };

/** `--format dot` (Graphviz): every node, one edge per allowed connection labelled with its ports. */
export function reachDot(view: ReachView): string {
  const lines = ['digraph reach {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const node of view.nodes) lines.push(`  ${dotString(node.id)} [shape=${DOT_SHAPE[node.type]}];`);
  for (const e of view.edges) lines.push(`  ${dotString(view.nodes[e.from]!.id)} -> ${dotString(view.nodes[e.to]!.id)} [label=${dotString(e.conn.toString())}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid label text: anything but plain characters becomes an entity code (`#35;`), so no name can break the syntax. */
function mermaidText(text: string): string {
  return text.replace(/[^A-Za-z0-9 ./:\-_[\]{}=,;*]/g, (c) => `#${c.codePointAt(0)};`);
}

const MERMAID_SHAPE: Record<MatrixNode['type'], [string, string]> = { workload: ['["', '"]'], external: ['(["', '"])'], 'ingress-controller': ['[/"', '"\\]'] };

/** `--format mermaid`: a flowchart (renders in GitHub Markdown inside a ```mermaid block). */
export function reachMermaid(view: ReachView): string {
  const lines = ['flowchart LR'];
  view.nodes.forEach((node, i) => {
    const [open, close] = MERMAID_SHAPE[node.type];
    lines.push(`  n${i}${open}${mermaidText(node.id)}${close}`);
  });
  for (const e of view.edges) lines.push(`  n${e.from} -->|"${mermaidText(e.conn.toString())}"| n${e.to}`);
  return `${lines.join('\n')}\n`;
}
