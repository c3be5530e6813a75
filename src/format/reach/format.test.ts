import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnSet } from '../../semantics/conn.ts';
import type { MatrixNode } from '../../semantics/nodes.ts';
import { countEdges, renderView, type ReachView, type ViewEdge } from '../../reach/view.ts';
import { HTML_MAX_NODES, reachHtml } from './html.ts';
import { reachFormatters } from './index.ts';
import { reachTable } from './table.ts';
import { jsonText } from '../../util/escape.ts';

const workload = (namespace: string, name: string): MatrixNode => ({ id: `${namespace}/${name}[Deployment]`, type: 'workload', namespace, name, kind: 'Deployment', workloads: [] });
const ingress: MatrixNode = { id: '{ingress-controller}', type: 'ingress-controller', workloads: [] };

/** Every ordered pair of distinct nodes connected by `conn`, in matrix order. */
function complete(nodes: readonly MatrixNode[], conn: (from: number, to: number) => ConnSet): ReachView {
  const edges: ViewEdge[] = [];
  for (let from = 0; from < nodes.length; from++) for (let to = 0; to < nodes.length; to++) if (from !== to) edges.push({ from, to, conn: conn(from, to) });
  return { nodes, edges };
}

describe('reach formats on large views', () => {
  // 400 nodes: 159,600 connections, more than one call takes arguments (a spread of every row into Math.max throws).
  const nodes = Array.from({ length: 400 }, (_, i) => workload(`ns${i % 7}`, `w${String(i).padStart(3, '0')}${i === 7 ? '-with-a-much-longer-name' : ''}`));
  const view = complete(nodes, (from) => (from % 2 ? ConnSet.ALL : ConnSet.ports('UDP', 1, 65535)));

  it('when a view has more connections than a call takes arguments, then every format renders it, the graphs with --full-graph every edge', () => {
    for (const [name, format] of Object.entries(reachFormatters)) assert.ok(renderView((v) => format(v, { fullGraph: true }), view).length > countEdges(view.edges), name);
  });

  it('when the table is written, then every line is aligned on the longest name of each column', () => {
    const lines = renderView(reachTable, view).trimEnd().split('\n');
    assert.equal(lines.length, 1 + countEdges(view.edges) + 1);
    assert.equal(lines.at(-1), '400 nodes, 159600 allowed connections');
    const longest = 'ns0/w007-with-a-much-longer-name[Deployment]'.length;
    assert.equal(lines[0], `${'FROM'.padEnd(longest)}  ${'TO'.padEnd(longest)}  CONNECTIONS`);
    // Columns start at 0, longest + 2 and 2 * longest + 4 on every line.
    for (const line of [lines[1]!, lines[lines.length - 2]!]) {
      assert.match(line.slice(0, longest + 2), /^ns\d\/w\d{3}\[Deployment\] +$/, line);
      assert.match(line.slice(longest + 2, 2 * longest + 4), /^ns\d\/w\d{3}\S*\[Deployment\] +$/, line);
      assert.match(line.slice(2 * longest + 4), /^(all|UDP \*)$/, line);
    }
  });
});

describe('reach --format html', () => {
  it('when a view has at most HTML_MAX_NODES nodes, then the heatmap and graph draw every node and no grouping is announced', () => {
    const html = renderView(reachHtml, complete([ingress, workload('shop', 'web'), workload('shop', 'api')], () => ConnSet.ports('TCP', 80)));
    assert.doesNotMatch(html, /class="grouping"/);
    assert.match(html, /<th scope="row">shop\/web\[Deployment\]<\/th>/);
    assert.match(html, /<path class="some" [^>]*><title>shop\/web\[Deployment\] → shop\/api\[Deployment\]: TCP 80<\/title>/);
  });

  it('when a view has more than HTML_MAX_NODES nodes, then the heatmap and graph group workloads by namespace with counts, the page says so, and the table keeps every connection', () => {
    // 1 ingress controller + 3 namespaces of 60 workloads; a<b> proves group names are escaped.
    const nodes = [ingress, ...['a<b>', 'data', 'shop'].flatMap((ns) => Array.from({ length: 60 }, (_, i) => workload(ns, `w${String(i).padStart(2, '0')}`)))];
    assert.ok(nodes.length > HTML_MAX_NODES);
    const edges: ViewEdge[] = [];
    // Every a<b> workload reaches every data workload on everything; shop/w00 reaches a<b>/w00 on TCP 80;
    // the ingress controller reaches every shop workload on TCP 8080.
    for (let i = 1; i <= 60; i++) for (let j = 61; j <= 120; j++) edges.push({ from: i, to: j, conn: ConnSet.ALL });
    edges.push({ from: 0, to: 121, conn: ConnSet.ports('TCP', 8080) });
    for (let j = 121; j <= 180; j++) if (j > 121) edges.push({ from: 0, to: j, conn: ConnSet.ports('TCP', 8080) });
    edges.push({ from: 121, to: 1, conn: ConnSet.ports('TCP', 80) });
    edges.sort((a, b) => a.from - b.from || a.to - b.to);
    const html = renderView(reachHtml, { nodes, edges });

    assert.match(html, /<p class="grouping">181 nodes are too many to draw one by one \(more than 150\), so the matrix and the graph group workloads by namespace: 4 groups/);
    const heatmap = html.slice(html.indexOf('<table class="heatmap grouped"'), html.indexOf('</table>'));
    const rowHeads = [...heatmap.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(rowHeads, ['{ingress-controller} (1)', 'a&#60;b&#62;/ (60)', 'data/ (60)', 'shop/ (60)']);
    assert.ok(!html.includes('a<b>'), 'the raw namespace must not appear');
    // Cells count connected node pairs; dark ("all") only when every pair is connected on everything.
    assert.match(heatmap, /<td class="all" title="a&#60;b&#62;\/ → data\/: 3600 of 3600 node pairs connected">3600<\/td>/);
    assert.match(heatmap, /<td class="some" title="\{ingress-controller\} → shop\/: 60 of 60 node pairs connected">60<\/td>/);
    assert.match(heatmap, /<td class="some" title="shop\/ → a&#60;b&#62;\/: 1 of 3600 node pairs connected">1<\/td>/);
    // A group's own cell counts connections inside it (none here); a one-node group's is "itself".
    assert.match(heatmap, /<td class="none" title="data\/ → data\/: none connected"><\/td>/);
    assert.match(heatmap, /<tr><th scope="row">\{ingress-controller\} \(1\)<\/th><td class="self" title="itself"><\/td>/);
    assert.equal([...heatmap.matchAll(/<td /g)].length, 16);
    const graph = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    assert.equal([...graph.matchAll(/<path /g)].length, 3);
    const table = html.slice(html.indexOf('<table class="edges">'));
    assert.equal([...table.matchAll(/<tr data-from="\d+" data-to="\d+"><td>/g)].length, edges.length);
    // Drawn by group: no cell is a pair to explain, and the page says where explanations are.
    assert.doesNotMatch(html, /<table class="heatmap[^"]*" data-nodes/);
    assert.match(html, /The matrix is drawn by namespace: run kube-netlint explain FROM TO for a pair\./);
    // --full-graph draws every node, however many.
    const full = renderView((v) => reachHtml(v, { fullGraph: true }), { nodes, edges });
    assert.doesNotMatch(full, /class="grouping"/);
    assert.equal([...full.matchAll(/<tr data-i="\d+">/g)].length, nodes.length);
  });

  it('when explanations are embedded for fewer pairs than the page shows, then the page says how many and the data holds exactly those', () => {
    const view = complete([ingress, workload('shop', 'web'), workload('shop', 'api')], () => ConnSet.ports('TCP', 80));
    const text = new Map([[1, 'first'], [2, 'second']]);
    const html = renderView((v) => reachHtml(v, { explanations: { text, pairs: 6, limit: 2 } }), view);
    assert.match(html, /Explanations are embedded for the first 2 of 6 pairs, row by row \(at most 2\); run kube-netlint explain FROM TO for the others\./);
    const data = JSON.parse(html.slice(html.indexOf('id="reach-data">') + 16, html.indexOf('</script>'))) as { explain: Record<string, string>; explained: number; pairs: number };
    assert.deepEqual(data.explain, { 1: 'first', 2: 'second' });
    assert.equal(data.explained, 2);
    assert.equal(data.pairs, 6);
  });

  it('when workloads of two namespaces are drawn, then the matrix and the table have a section per namespace', () => {
    const view = complete([workload('data', 'db'), workload('shop', 'web')], () => ConnSet.ports('TCP', 80));
    const html = renderView(reachHtml, view);
    const heatmap = html.slice(html.indexOf('<table class="heatmap'), html.indexOf('</table>'));
    assert.deepEqual([...heatmap.matchAll(/<tr class="section"><th colspan="3">([^<]*)<\/th><\/tr>/g)].map((m) => m[1]), ['namespace data', 'namespace shop']);
    const table = html.slice(html.indexOf('<table class="edges">'));
    assert.deepEqual([...table.matchAll(/<tr class="section"><th colspan="3">([^<]*)<\/th><\/tr>/g)].map((m) => m[1]), ['namespace data', 'namespace shop']);
  });
});

describe('reach json', () => {
  it('when node names hold hidden characters or ##[ and edges share connection sets, then each edge line is jsonText of the whole edge', () => {
    const nodes = [workload('shop', 'web\u202e##[error]x'), workload('shop', 'api\u2028'), ingress, workload('data', 'db\udb40\udc41')];
    const conn = (from: number, to: number) => [ConnSet.ALL, ConnSet.ports('TCP', 80), ConnSet.of({ TCP: [[80, 80], [443, 443]], UDP: [[53, 53]] })][(from + to) % 3]!;
    const view = complete(nodes, conn);
    const text = renderView(reachFormatters.json!, view);
    const lines = text.slice(text.indexOf('"edges": [\n') + 11, text.indexOf('\n  ]\n}')).split(',\n');
    const edges = view.edges as ViewEdge[];
    assert.equal(lines.length, edges.length);
    edges.forEach((edge, i) => assert.equal(lines[i], `    ${jsonText({ from: nodes[edge.from]!.id, to: nodes[edge.to]!.id, conn: edge.conn })}`));
    assert.doesNotMatch(text, /##\[|\u202e|\u2028/);
    assert.deepEqual(JSON.parse(text).edges[0], { from: nodes[0]!.id, to: nodes[1]!.id, conn: [{ protocol: 'TCP', ports: [[80, 80]] }] });
  });
});
