import { escapeHtml, htmlScriptJson, visibleText } from '../../util/escape.ts';
import type { ConnSet } from '../../semantics/conn.ts';
import type { MatrixNode } from '../../semantics/nodes.ts';
import { mergeAddressRanges } from '../../reach/drawn.ts';
import { countEdges, type PairExplanations, type ReachFormatOptions, type ReachView } from '../../reach/view.ts';
import { SCRIPT } from './html-script.ts';

/** Beyond this many nodes the heatmap and the graph group nodes by namespace (the table of connections stays). */
export const HTML_MAX_NODES = 150;
/** Beyond this many groups (namespaces and other nodes) nothing is drawn: the table alone stays. */
export const HTML_MAX_GROUPS = 300;

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
.filters { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 12px 0 4px; } .filters select, .filters input { font: inherit; }
.explanation { position: sticky; top: 0; z-index: 1; background: #fff; border: 1px solid #d0d7de; padding: 6px 10px; max-width: 1000px; max-height: 40vh; overflow: auto; }
.explanation-title { font-weight: bold; } .explanation pre { margin: 4px 0 0; white-space: pre-wrap; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
table.heatmap[data-nodes] td { cursor: pointer; } table.heatmap td.picked { outline: 2px solid #cf222e; }
tr.section th { text-align: left; font-weight: bold; padding-top: 8px; font-family: inherit; font-size: 12px; color: #59636e; }
.grouping { background: #fff8c5; border: 1px solid #d4a72c; padding: 6px 10px; max-width: 900px; }
table.heatmap.grouped td { width: auto; min-width: 22px; height: 18px; padding: 0 3px; text-align: center; font-size: 10px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
table.heatmap.grouped td.all { color: #fff; }
`;

const level = (conn: ConnSet): 'none' | 'some' | 'all' => (conn.isEmpty() ? 'none' : conn.isAll() ? 'all' : 'some');

/** An allowed connection as drawn: between two points of a drawing (nodes, or groups of nodes). */
interface Arc {
  readonly from: number;
  readonly to: number;
  readonly level: 'some' | 'all';
  /** Hover text: who reaches whom, on what. */
  readonly title: string;
  /** Between groups: how many node pairs are connected (written in the heatmap cell). */
  readonly count?: number;
}

/** A point of a drawing: a node or a group of nodes. */
interface Point {
  readonly label: string;
  readonly name: string;
  readonly single: boolean;
  /** The index of the view's node it is, which the page's filters and explanations read; absent for groups and `{any address}`. */
  readonly node?: number;
  /** The section of the heatmap it belongs to (`sectionOf`); absent for groups. */
  readonly section?: string;
}

/** What the heatmap and the graph draw: points and the arcs among them, sorted by (from, to). */
interface Drawing {
  /** `label` is shown, `name` used in hover texts; `single` when the point is one node (its own cell is "itself"). */
  readonly points: readonly Point[];
  readonly arcs: readonly Arc[];
  /** Points are groups: a cell without arc says "none connected" rather than "denied". */
  readonly grouped: boolean;
}

/** Node by node: only for views of at most HTML_MAX_NODES nodes (or --full-graph), whose edges are few enough to hold. */
function nodeDrawing(view: ReachView, indexOf: (node: MatrixNode) => number | undefined): Drawing {
  const arcs = Array.from(view.edges, (e): Arc => ({ from: e.from, to: e.to, level: level(e.conn) === 'all' ? 'all' : 'some', title: `${view.nodes[e.from]!.id} \u2192 ${view.nodes[e.to]!.id}: ${e.conn.toString()}` }));
  const points = view.nodes.map((n): Point => {
    const node = indexOf(n);
    return { label: n.id, name: n.id, single: true, section: sectionOf(n), ...(node !== undefined ? { node } : {}) };
  });
  return { points, arcs, grouped: false };
}

/** The section of the page a node is listed in: its namespace, or what it is. */
function sectionOf(node: MatrixNode): string {
  if (node.type === 'workload') return `namespace ${node.namespace ?? ''}`;
  return node.type === 'external' ? 'outside the cluster' : 'ingress controller';
}

/** The grouping applied to a view too large to draw node by node, described for the page. */
interface Grouping {
  readonly drawing: Drawing;
  readonly description: string;
}

/**
 * Workloads grouped by namespace, the ingress controller alone, address ranges alone or (when still
 * too many) as one group. A cell counts the connected node pairs of two groups: `all` when every
 * pair is connected on every port and protocol.
 */
function groupedDrawing(view: ReachView): Grouping | undefined {
  const externals = view.nodes.filter((n) => n.type === 'external').length;
  const namespaces = new Set(view.nodes.flatMap((n) => (n.type === 'workload' ? [n.namespace ?? ''] : [])));
  const others = view.nodes.length - externals - view.nodes.filter((n) => n.type === 'workload').length;
  const mergeExternals = namespaces.size + others + externals > HTML_MAX_GROUPS;
  if (namespaces.size + others + (mergeExternals ? Math.min(externals, 1) : externals) > HTML_MAX_GROUPS) return undefined;
  const keyOf = (node: MatrixNode): string => (node.type === 'workload' ? `w\u0000${node.namespace ?? ''}` : node.type === 'external' && mergeExternals ? 'x' : `n\u0000${node.id}`);
  // Groups in matrix order of their first node: the ingress controller, namespaces by name, addresses.
  const index = new Map<string, number>();
  const names: string[] = [];
  const sizes: number[] = [];
  const groupOf = view.nodes.map((node) => {
    const key = keyOf(node);
    let g = index.get(key);
    if (g === undefined) {
      index.set(key, (g = names.length));
      names.push(node.type === 'workload' ? `${node.namespace ?? ''}/` : key === 'x' ? 'outside the cluster' : node.id);
      sizes.push(0);
    }
    sizes[g]!++;
    return g;
  });
  const cells = new Map<number, { count: number; all: boolean }>();
  for (const e of view.edges) {
    const key = groupOf[e.from]! * names.length + groupOf[e.to]!;
    const cell = cells.get(key) ?? { count: 0, all: true };
    cell.count++;
    cell.all &&= e.conn.isAll();
    cells.set(key, cell);
  }
  const arcs = [...cells.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, { count, all }]): Arc => {
      const from = Math.floor(key / names.length);
      const to = key % names.length;
      const pairs = sizes[from]! * sizes[to]! - (from === to ? sizes[from]! : 0);
      const title = `${names[from]} \u2192 ${names[to]}: ${count} of ${pairs} node pair${pairs === 1 ? '' : 's'} connected`;
      return { from, to, level: all && count === pairs ? 'all' : 'some', title, count };
    });
  const points = names.map((name, g) => ({ label: `${name} (${sizes[g]})`, name, single: sizes[g] === 1 }));
  const what = `workloads by namespace${mergeExternals && externals > 0 ? ', the address ranges outside the cluster as one group' : ''}`;
  const description = `${view.nodes.length} nodes are too many to draw one by one (more than ${HTML_MAX_NODES}), so the matrix and the graph group ${what}: ${names.length} groups, each label ending in its number of nodes. A cell counts the connected node pairs of two groups (dark: every pair on every port and protocol; light: some); hover it for the total. The table below lists every connection; narrow the view with --from and --to to draw nodes one by one.`;
  return { drawing: { points, arcs, grouped: true }, description };
}

function heatmap(drawing: Drawing): string {
  const { points } = drawing;
  const cells = new Map<number, Arc>();
  for (const arc of drawing.arcs) cells.set(arc.from * points.length + arc.to, arc);
  const head = points.map(({ label }) => `<th scope="col" title="${escapeHtml(label)}">${escapeHtml(label)}</th>`).join('');
  const rows: string[] = [];
  let section: string | undefined;
  points.forEach((from, i) => {
    if (from.section !== undefined && from.section !== section) {
      section = from.section;
      rows.push(`<tr class="section"><th colspan="${points.length + 1}">${escapeHtml(section)}</th></tr>`);
    }
    const tds = points.map((to, j) => {
      if (i === j && from.single) return '<td class="self" title="itself"></td>';
      const arc = cells.get(i * points.length + j);
      if (!arc) return `<td class="none" title="${escapeHtml(`${from.name} \u2192 ${to.name}: ${drawing.grouped ? 'none connected' : 'denied'}`)}"></td>`;
      return `<td class="${arc.level}" title="${escapeHtml(arc.title)}">${arc.count === undefined ? '' : arc.count}</td>`;
    });
    rows.push(`<tr${from.node !== undefined ? ` data-i="${from.node}"` : ''}><th scope="row">${escapeHtml(from.label)}</th>${tds.join('')}</tr>`);
  });
  const note = drawing.grouped ? 'Rows are source groups, columns destination groups; hover a cell for its total.' : 'Rows are sources, columns destinations; hover a cell for its ports, click it for the explanation.';
  return `<p class="note">${note}</p>
<table class="heatmap${drawing.grouped ? ' grouped' : ''}"${drawing.grouped ? '' : ' data-nodes'} aria-label="connectivity matrix: rows are sources, columns destinations"><thead><tr><th></th>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

/** The widest label among `indexes`, in characters (a loop: no spread of an unbounded list into a call). */
function longest(labels: readonly string[], indexes: readonly number[]): number {
  let max = 0;
  for (const i of indexes) max = Math.max(max, labels[i]!.length);
  return max;
}

/** Sources on the left, destinations on the right, one curve per allowed connection. */
function graph(drawing: Drawing): string {
  const labels = drawing.points.map((p) => p.label);
  const { arcs, points } = drawing;
  const sources = [...new Set(arcs.map((e) => e.from))].sort((a, b) => a - b);
  const targets = [...new Set(arcs.map((e) => e.to))].sort((a, b) => a - b);
  if (sources.length === 0) return '<p class="note">No allowed connections to draw.</p>';
  const row = 20;
  const charWidth = 6.8;
  const left = 12 + charWidth * longest(labels, sources);
  const right = 12 + charWidth * longest(labels, targets);
  const gap = 320;
  const width = left + gap + right;
  const height = row * Math.max(sources.length, targets.length) + row;
  const ySource = new Map(sources.map((n, k) => [n, row * (k + 1)]));
  const yTarget = new Map(targets.map((n, k) => [n, row * (k + 1)]));
  const x1 = left;
  const x2 = left + gap;
  // The page's filters hide what they leave out: each label and curve names its nodes (-1: a group or {any address}).
  const nodeOf = (point: number) => points[point]!.node ?? -1;
  const label = (n: number, x: number, y: number, anchor: string) => `<text x="${x}" y="${y + 4}" text-anchor="${anchor}" data-n="${nodeOf(n)}">${escapeHtml(labels[n]!)}</text>`;
  const parts = [
    ...sources.map((n) => label(n, x1 - 8, ySource.get(n)!, 'end')),
    ...targets.map((n) => label(n, x2 + 8, yTarget.get(n)!, 'start')),
    ...sources.map((n) => `<circle cx="${x1}" cy="${ySource.get(n)}" r="3" fill="#1f2328"/>`),
    ...targets.map((n) => `<circle cx="${x2}" cy="${yTarget.get(n)}" r="3" fill="#1f2328"/>`),
    ...arcs.map((e) => {
      const y1 = ySource.get(e.from)!;
      const y2 = yTarget.get(e.to)!;
      return `<path class="${e.level}" data-from="${nodeOf(e.from)}" data-to="${nodeOf(e.to)}" d="M${x1} ${y1} C${x1 + gap / 2} ${y1}, ${x2 - gap / 2} ${y2}, ${x2} ${y2}"><title>${escapeHtml(e.title)}</title></path>`;
    }),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height}" viewBox="0 0 ${width.toFixed(0)} ${height}" role="img" aria-label="allowed connections, sources left, destinations right">
<text x="${x1 - 8}" y="10" text-anchor="end" font-weight="bold">from</text><text x="${x2 + 8}" y="10" font-weight="bold">to</text>
${parts.join('\n')}
</svg>`;
}

/** Whether the page draws the view node by node (and so embeds explanations): at most HTML_MAX_NODES nodes, or `fullGraph`. */
export function htmlDrawsNodes(view: ReachView, options: ReachFormatOptions = {}): boolean {
  return view.nodes.length <= HTML_MAX_NODES || (options.fullGraph ?? false);
}

/** The page's data for its script: names as shown (visible text), namespaces by index, and the embedded explanations. */
function pageData(view: ReachView, namespaces: readonly string[], explanations: PairExplanations | undefined): string {
  const nsIndex = new Map(namespaces.map((ns, i) => [ns, i]));
  const nodes = view.nodes.map((node) => ({ id: visibleText(node.id), ns: node.type === 'workload' ? nsIndex.get(node.namespace ?? '')! : -1 }));
  const explain: Record<string, string> = {};
  for (const [key, text] of explanations?.text ?? []) explain[key] = text;
  return htmlScriptJson({ nodes, explain, explained: explanations?.text.size ?? 0, pairs: explanations?.pairs ?? 0, limit: explanations?.limit ?? 0 });
}

/**
 * `--format html`: one self-contained page (no external resources: its style and script are inline)
 * with filters by namespace and workload, a search, the heatmap (click a cell for the `explain` of
 * the pair, embedded in the page up to `HTML_MAX_EXPLANATIONS` pairs), the graph (address ranges
 * reached alike drawn as `{any address}`) and the table, in sections by namespace. Above
 * HTML_MAX_NODES nodes (unless `fullGraph`) the heatmap and graph group workloads by namespace (the
 * page says so); the table always lists every connection.
 */
export function* reachHtml(view: ReachView, options: ReachFormatOptions = {}): Generator<string> {
  const byNode = htmlDrawsNodes(view, options);
  const grouping = byNode ? undefined : groupedDrawing(view);
  const indexes = new Map(view.nodes.map((node, i) => [node, i]));
  // The heatmap is exact (each address range a row: a cell is one pair); the graph draws ranges reached alike as one node.
  const drawing = byNode ? nodeDrawing({ nodes: view.nodes, edges: [...view.edges] }, (node) => indexes.get(node)) : grouping?.drawing;
  const graphDrawing = byNode ? nodeDrawing(mergedView(view), (node) => indexes.get(node)) : grouping?.drawing;
  const intro = grouping ? `<p class="grouping">${escapeHtml(grouping.description)}</p>\n` : '';
  const tooMany = `<p class="note">${view.nodes.length} nodes: too many to draw even grouped by namespace (more than ${HTML_MAX_GROUPS} groups); narrow the view with --from and --to.</p>`;
  const ids = view.nodes.map((node) => escapeHtml(node.id));
  const namespaces = [...new Set(view.nodes.flatMap((n) => (n.type === 'workload' ? [n.namespace ?? ''] : [])))].sort();
  const explanations = byNode ? options.explanations : undefined;
  const embedded = !explanations
    ? byNode
      ? 'No explanation is embedded in this page; run kube-netlint explain FROM TO.'
      : 'The matrix is drawn by namespace: run kube-netlint explain FROM TO for a pair.'
    : explanations.text.size < explanations.pairs
      ? `Explanations are embedded for the first ${explanations.text.size} of ${explanations.pairs} pairs, row by row (at most ${explanations.limit}); run kube-netlint explain FROM TO for the others.`
      : 'Click a cell of the matrix to see why it is allowed or denied (kube-netlint explain, any connection).';
  const options_ = (values: readonly string[], label: (v: string) => string) => values.map((v, i) => `<option value="${i}">${escapeHtml(label(v))}</option>`).join('');
  const workloadIndexes = view.nodes.flatMap((n, i) => (n.type === 'workload' ? [i] : []));
  yield `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kube-netlint reach</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Connectivity matrix</h1>
<div class="summary">${view.nodes.length} nodes, ${countEdges(view.edges)} allowed connections (NetworkPolicy semantics, networking/v1)</div>
${(view.caveats ?? []).map((c) => `<p class="note">Caveat: ${escapeHtml(c.message)}</p>\n`).join('')}<div class="legend"><span><i class="all"></i>every port and protocol</span><span><i class="some"></i>some ports</span><span><i class="none"></i>denied</span></div>
<form class="filters" onsubmit="return false">
<label>Namespace <select id="filter-namespace"><option value="">all</option>${options_(namespaces, (ns) => ns)}</select></label>
<label>Workload <select id="filter-workload"><option value="">all</option>${workloadIndexes.map((i) => `<option value="${i}">${ids[i]}</option>`).join('')}</select></label>
<label>Search <input id="filter-search" type="search" placeholder="name, namespace or address" autocomplete="off"></label>
<span id="filter-count" class="note"></span>
</form>
<p class="note">Namespace keeps its workloads and the nodes outside namespaces; workload keeps it and the nodes it connects with; search keeps the nodes whose name contains the text and those they connect with.</p>
<div id="explanation" class="explanation"><div id="explanation-title" class="explanation-title">Explanation</div><pre id="explanation-text">${escapeHtml(embedded)}</pre></div>
<h2>Matrix</h2>
${intro}${drawing ? heatmap(drawing) : tooMany}
<h2>Graph</h2>
${graphDrawing ? graph(graphDrawing) : tooMany}
<h2>Allowed connections</h2>
<table class="edges"><thead><tr><th>From</th><th>To</th><th>Connections</th></tr></thead><tbody>
`;
  // The table lists every connection, one row at a time, in sections by the source's namespace.
  let section: string | undefined;
  for (const e of view.edges) {
    const from = view.nodes[e.from]!;
    if (sectionOf(from) !== section) {
      section = sectionOf(from);
      yield `<tr class="section"><th colspan="3">${escapeHtml(section)}</th></tr>\n`;
    }
    yield `<tr data-from="${e.from}" data-to="${e.to}"><td>${ids[e.from]}</td><td>${ids[e.to]}</td><td>${escapeHtml(e.conn.toString())}</td></tr>\n`;
  }
  yield `</tbody></table>
<script type="application/json" id="reach-data">${pageData(view, namespaces, explanations)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** The view with address ranges reached alike as one node, its edges held (at most HTML_MAX_NODES nodes, or --full-graph). */
function mergedView(view: ReachView): ReachView {
  const merged = mergeAddressRanges(view);
  return { nodes: merged.nodes, edges: [...merged.edges] };
}
