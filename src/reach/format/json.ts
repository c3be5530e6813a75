import { caveatJson } from '../../semantics/blind-spots.ts';
import { formatIp } from '../../semantics/ip.ts';
import type { MatrixNode } from '../nodes.ts';
import type { ReachView } from '../view.ts';

/** A node as the JSON contract (version 1) writes it. */
export function nodeJson(node: MatrixNode): Record<string, unknown> {
  switch (node.type) {
    case 'workload':
      return { id: node.id, type: node.type, namespace: node.namespace, name: node.name, kind: node.kind };
    case 'external': {
      const range = node.range!;
      return { id: node.id, type: node.type, family: range.family === 4 ? 'ipv4' : 'ipv6', start: formatIp({ family: range.family, value: range.start }), end: formatIp({ family: range.family, value: range.end }) };
    }
    default:
      return { id: node.id, type: node.type };
  }
}

/**
 * `--format json`, a stable contract: `{"version":1,"nodes":[...],"edges":[{"from","to","conn"}]}`
 * with only allowed connections, `conn` either `"all"` or `[{"protocol","ports":[[lo,hi],...]}]`
 * (protocols alphabetical, ranges merged), nodes and edges in matrix order. One node or edge a line.
 * `caveats` (`[{about, message, kinds, files}]`) follows when the tree holds kinds that decide traffic
 * but are not modelled; absent otherwise.
 */
export function reachJson(view: ReachView): string {
  const nodes = view.nodes.map((node) => `    ${JSON.stringify(nodeJson(node))}`);
  const edges = view.edges.map((edge) => `    ${JSON.stringify({ from: view.nodes[edge.from]!.id, to: view.nodes[edge.to]!.id, conn: edge.conn })}`);
  const list = (lines: string[]) => (lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`);
  const caveats = view.caveats?.length ? `,\n  "caveats": ${list(view.caveats.map((c) => `    ${JSON.stringify(caveatJson(c))}`))}` : '';
  return `{\n  "version": 1,\n  "nodes": ${list(nodes)},\n  "edges": ${list(edges)}${caveats}\n}\n`;
}
