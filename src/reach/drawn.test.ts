import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cutAddressSpace, parseCidrOrAddress } from '../semantics/address-range.ts';
import { ConnSet } from '../semantics/conn.ts';
import { DOT_MAX_EDGES, mergeAddressRanges, MERMAID_MAX_EDGES } from './drawn.ts';
import { reachDot, reachMermaid } from '../format/reach/graph.ts';
import { externalNode, type MatrixNode } from '../semantics/nodes.ts';
import { countEdges, renderView, type ReachView, type ViewEdge } from './view.ts';

const workload = (namespace: string, name: string): MatrixNode => ({ id: `${namespace}/${name}[Deployment]`, type: 'workload', namespace, name, kind: 'Deployment', workloads: [] });
const range = (cidr: string) => parseCidrOrAddress(cidr)!;
/** The address space cut by 10.0.0.0/8 and fd00::/8: three IPv4 and three IPv6 ranges. */
const ranges = cutAddressSpace([range('10.0.0.0/8'), range('fd00::/8')]).map(externalNode);
const web = workload('shop', 'web');
const api = workload('shop', 'api');
const TCP443 = ConnSet.ports('TCP', 443);

/** Nodes [api, web, ...ranges]; edges from `edges` (by id), sorted as a matrix sorts them. */
function viewOf(nodes: readonly MatrixNode[], edges: readonly [string, string, ConnSet][]): ReachView {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const list = edges.map(([from, to, conn]): ViewEdge => ({ from: index.get(from)!, to: index.get(to)!, conn }));
  return { nodes, edges: list.sort((a, b) => a.from - b.from || a.to - b.to) };
}

const drawnEdges = (view: ReachView) => [...view.edges].map((e) => `${view.nodes[e.from]!.id} -> ${view.nodes[e.to]!.id}: ${e.conn.toString()}`);

describe('address ranges in drawings', () => {
  it('when a node reaches every range of both families alike, then one edge goes to {any address} and ranges nobody else reaches are not drawn', () => {
    const nodes = [api, web, ...ranges];
    const view = viewOf(nodes, [...ranges.map((r): [string, string, ConnSet] => [web.id, r.id, ConnSet.ALL]), [api.id, ranges[1]!.id, TCP443]]);
    const drawn = mergeAddressRanges(view);
    assert.deepEqual(drawnEdges(drawn), ['shop/api[Deployment] -> 10.0.0.0-10.255.255.255: TCP 443', 'shop/web[Deployment] -> {any address}: all']);
    assert.deepEqual(drawn.nodes.map((n) => n.id), [api.id, web.id, '{any address}', '10.0.0.0-10.255.255.255']);
    assert.equal(drawn.drawnEdges, countEdges(drawn.edges));
    assert.equal(drawn.viewEdges, 7);
  });

  it('when the two families are reached on different ports, then each family gets its own {any ...} node', () => {
    const nodes = [api, web, ...ranges];
    const view = viewOf(nodes, ranges.map((r): [string, string, ConnSet] => [web.id, r.id, r.range!.family === 4 ? TCP443 : ConnSet.ALL]));
    assert.deepEqual(drawnEdges(mergeAddressRanges(view)), ['shop/web[Deployment] -> {any IPv4 address}: TCP 443', 'shop/web[Deployment] -> {any IPv6 address}: all']);
  });

  it('when one range of a family is reached on other ports, then that family keeps its ranges and the other is merged', () => {
    const nodes = [api, web, ...ranges];
    const view = viewOf(nodes, ranges.map((r, i): [string, string, ConnSet] => [web.id, r.id, i === 0 ? TCP443 : ConnSet.ALL]));
    const edges = drawnEdges(mergeAddressRanges(view));
    assert.equal(edges.length, 4);
    assert.ok(edges.includes('shop/web[Deployment] -> {any IPv6 address}: all'));
    assert.ok(edges.includes('shop/web[Deployment] -> 0.0.0.0-9.255.255.255: TCP 443'));
  });

  it('when every range reaches a node alike, then one edge comes from {any address}, sorted before the edges of the ranges', () => {
    const nodes = [api, web, ...ranges];
    const view = viewOf(nodes, [...ranges.map((r): [string, string, ConnSet] => [r.id, web.id, TCP443]), [ranges[1]!.id, api.id, ConnSet.ALL]]);
    const drawn = mergeAddressRanges(view);
    assert.deepEqual(drawnEdges(drawn), ['{any address} -> shop/web[Deployment]: TCP 443', '10.0.0.0-10.255.255.255 -> shop/api[Deployment]: all']);
    const pairs = [...drawn.edges].map((e) => [e.from, e.to] as const);
    assert.deepEqual(pairs, [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it('when the view holds only part of an address space (filtered with --to 10.0.0.0/8), then its ranges are never called any address', () => {
    const inside = ranges.filter((r) => r.id.startsWith('10.'));
    const view = viewOf([web, ...inside], inside.map((r): [string, string, ConnSet] => [web.id, r.id, ConnSet.ALL]));
    assert.deepEqual(drawnEdges(mergeAddressRanges(view)), ['shop/web[Deployment] -> 10.0.0.0-10.255.255.255: all']);
  });
});

describe('graphs too large to draw', () => {
  /** `count` workloads in 3 namespaces, each reaching the next 4 (no address ranges). */
  function ring(count: number): ReachView {
    const nodes = Array.from({ length: count }, (_, i) => workload(`ns${i % 3}`, `w${String(i).padStart(4, '0')}`));
    const edges: ViewEdge[] = [];
    for (let from = 0; from < count; from++) for (let k = 1; k <= 4; k++) edges.push({ from, to: (from + k) % count, conn: TCP443 });
    return { nodes, edges: edges.sort((a, b) => a.from - b.from || a.to - b.to) };
  }

  it('when a graph has more edges than mermaid draws, then mermaid draws one node per namespace and its title says so, and --full-graph draws every workload', () => {
    const view = ring(MERMAID_MAX_EDGES / 4 + 1);
    const text = renderView(reachMermaid, view);
    assert.match(text, /^---\ntitle: "126 nodes and 504 connections are more than mermaid draws by default \(500 edges, 50000 characters\), so workloads are grouped by namespace; --full-graph draws every workload, --from and --to narrow the view"\n---\nflowchart LR\n/);
    assert.deepEqual([...text.matchAll(/^ {2}n\d+\["([^"]*)"\]$/gm)].map((m) => m[1]), ['ns0/ #40;42 workloads#41;', 'ns1/ #40;42 workloads#41;', 'ns2/ #40;42 workloads#41;']);
    assert.doesNotMatch(text, /subgraph/);
    const full = renderView((v) => reachMermaid(v, { fullGraph: true }), view);
    assert.equal([...full.matchAll(/ -->\|/g)].length, 504);
    assert.equal([...full.matchAll(/^ {2}subgraph ns\d\["ns\d"\]$/gm)].length, 3);
  });

  it('when a graph has at most as many edges as mermaid draws, then every workload is drawn, framed by namespace', () => {
    const text = renderView(reachMermaid, ring(MERMAID_MAX_EDGES / 4));
    assert.doesNotMatch(text, /^---/);
    assert.equal([...text.matchAll(/ -->\|/g)].length, 500);
    assert.match(text, /^ {2}subgraph ns0\["ns0"\]\n {4}n0\["ns0\/w0000\[Deployment\]"\]\n {4}n3\[/m);
  });

  it('when a dot graph has more edges than DOT_MAX_EDGES, then it is drawn by namespace with a graph label saying so, and --full-graph draws every workload', () => {
    const view = ring(DOT_MAX_EDGES / 4 + 1);
    const text = renderView(reachDot, view);
    assert.match(text, /\n {2}labelloc=t;\n {2}label="251 nodes and 1004 connections are more than a readable dot drawing holds \(1000 edges\), so workloads/);
    // Three namespaces, each reaching itself and the two others.
    assert.equal([...text.matchAll(/ -> /g)].length, 9);
    const full = renderView((v) => reachDot(v, { fullGraph: true }), view);
    assert.equal([...full.matchAll(/ -> /g)].length, 1004);
    assert.equal([...full.matchAll(/^ {2}subgraph cluster_\d \{$/gm)].length, 3);
  });
});
