import { escapeHtml } from '../../format/markdown.ts';
import type { ConnSet } from '../../semantics/conn.ts';
import type { MatrixNode } from '../nodes.ts';
import type { ReachView } from '../view.ts';

/** Beyond this many nodes the heatmap and the graph are left out (the table of connections stays). */
export const HTML_MAX_NODES = 150;

const STYLE = `
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px; color: #1f2328; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
.summary { color: #59636e; margin-bottom: 12px; }
.legend span { display: inline-block; margin-right: 16px; } .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; border: 1px solid #d0d7de; }
.none { background: #f6f8fa; } .some { background: #54aeff; } .all { background: #0550ae; }
table.heatmap { border-collapse: collapse; } table.heatmap td { width: 16px; height: 16px; border: 1px solid #fff; padding: 0; }
table.heatmap th { font-weight: normal; white-space: nowrap; padding: 0 6px 0 0; text-align: right; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 11px; }
table.heatmap thead th { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left; padding: 0 0 6px; height: auto; vertical-align: bottom; }
table.heatmap td.self { background: repeating-linear-gradient(45deg, #fff, #fff 2px, #eaeef2 2px, #eaeef2 4px); }
table.edges { border-collapse: collapse; } table.edges th, table.edges td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid #eaeef2; }
table.edges td { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
svg text { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 11px; fill: #1f2328; }
svg path.some { fill: none; stroke: #54aeff; stroke-width: 1.2; opacity: .8; } svg path.all { fill: none; stroke: #0550ae; stroke-width: 1.6; opacity: .8; }
svg path:hover { stroke: #cf222e; stroke-width: 3; opacity: 1; }
.note { color: #59636e; font-style: italic; }
`;

const level = (conn: ConnSet): 'none' | 'some' | 'all' => (conn.isEmpty() ? 'none' : conn.isAll() ? 'all' : 'some');

function heatmap(view: ReachView): string {
  const cells = new Map<number, ConnSet>();
  for (const e of view.edges) cells.set(e.from * view.nodes.length + e.to, e.conn);
  const head = view.nodes.map((n) => `<th scope="col" title="${escapeHtml(n.id)}">${escapeHtml(n.id)}</th>`).join('');
  const rows = view.nodes.map((from, i) => {
    const tds = view.nodes.map((to, j) => {
      if (i === j) return '<td class="self" title="itself"></td>';
      const conn = cells.get(i * view.nodes.length + j);
      const text = `${from.id} \u2192 ${to.id}: ${conn ? conn.toString() : 'denied'}`;
      return `<td class="${conn ? level(conn) : 'none'}" title="${escapeHtml(text)}"></td>`;
    });
    return `<tr><th scope="row">${escapeHtml(from.id)}</th>${tds.join('')}</tr>`;
  });
  return `<p class="note">Rows are sources, columns destinations; hover a cell for its ports.</p>
<table class="heatmap" aria-label="connectivity matrix: rows are sources, columns destinations"><thead><tr><th></th>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** Sources on the left, destinations on the right, one curve per allowed connection. */
function graph(view: ReachView): string {
  const sources = [...new Set(view.edges.map((e) => e.from))].sort((a, b) => a - b);
  const targets = [...new Set(view.edges.map((e) => e.to))].sort((a, b) => a - b);
  if (sources.length === 0) return '<p class="note">No allowed connections to draw.</p>';
  const row = 20;
  const charWidth = 6.8;
  const labelWidth = (list: number[]) => 12 + charWidth * Math.max(...list.map((i) => view.nodes[i]!.id.length));
  const left = labelWidth(sources);
  const right = labelWidth(targets);
  const gap = 320;
  const width = left + gap + right;
  const height = row * Math.max(sources.length, targets.length) + row;
  const ySource = new Map(sources.map((n, k) => [n, row * (k + 1)]));
  const yTarget = new Map(targets.map((n, k) => [n, row * (k + 1)]));
  const x1 = left;
  const x2 = left + gap;
  const label = (node: MatrixNode, x: number, y: number, anchor: string) => `<text x="${x}" y="${y + 4}" text-anchor="${anchor}">${escapeHtml(node.id)}</text>`;
  const parts = [
    ...sources.map((n) => label(view.nodes[n]!, x1 - 8, ySource.get(n)!, 'end')),
    ...targets.map((n) => label(view.nodes[n]!, x2 + 8, yTarget.get(n)!, 'start')),
    ...sources.map((n) => `<circle cx="${x1}" cy="${ySource.get(n)}" r="3" fill="#1f2328"/>`),
    ...targets.map((n) => `<circle cx="${x2}" cy="${yTarget.get(n)}" r="3" fill="#1f2328"/>`),
    ...view.edges.map((e) => {
      const y1 = ySource.get(e.from)!;
      const y2 = yTarget.get(e.to)!;
      const title = `${view.nodes[e.from]!.id} \u2192 ${view.nodes[e.to]!.id}: ${e.conn.toString()}`;
      return `<path class="${level(e.conn)}" d="M${x1} ${y1} C${x1 + gap / 2} ${y1}, ${x2 - gap / 2} ${y2}, ${x2} ${y2}"><title>${escapeHtml(title)}</title></path>`;
    }),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height}" viewBox="0 0 ${width.toFixed(0)} ${height}" role="img" aria-label="allowed connections, sources left, destinations right">
<text x="${x1 - 8}" y="10" text-anchor="end" font-weight="bold">from</text><text x="${x2 + 8}" y="10" font-weight="bold">to</text>
${parts.join('\n')}
</svg>`;
}

/** `--format html`: one self-contained page (no external resources) with the heatmap, the graph and the table. */
export function reachHtml(view: ReachView): string {
  const small = view.nodes.length <= HTML_MAX_NODES;
  const tooMany = `<p class="note">${view.nodes.length} nodes: too many to draw; narrow the view with --from and --to (at most ${HTML_MAX_NODES} nodes).</p>`;
  const edgeRows = view.edges.map((e) => `<tr><td>${escapeHtml(view.nodes[e.from]!.id)}</td><td>${escapeHtml(view.nodes[e.to]!.id)}</td><td>${escapeHtml(e.conn.toString())}</td></tr>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kube-netlint reach</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Connectivity matrix</h1>
<div class="summary">${view.nodes.length} nodes, ${view.edges.length} allowed connections (NetworkPolicy semantics, networking/v1)</div>
<div class="legend"><span><i class="all"></i>every port and protocol</span><span><i class="some"></i>some ports</span><span><i class="none"></i>denied</span></div>
<h2>Matrix</h2>
${small ? heatmap(view) : tooMany}
<h2>Graph</h2>
${small ? graph(view) : tooMany}
<h2>Allowed connections</h2>
<table class="edges"><thead><tr><th>From</th><th>To</th><th>Connections</th></tr></thead><tbody>
${edgeRows.join('\n')}
</tbody></table>
</body>
</html>
`;
}
