import { jsonText } from '../../util/escape.ts';
import { caveatJson } from '../../semantics/blind-spots.ts';
import { formatIp } from '../../model/ip.ts';
import type { ConnSet } from '../../semantics/conn.ts';
import type { MatrixNode } from '../../semantics/nodes.ts';
import type { ReachView } from '../../reach/view.ts';

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
export function* reachJson(view: ReachView): Generator<string> {
  const list = function* <T>(items: Iterable<T>, line: (item: T) => string): Generator<string> {
    let first = true;
    for (const item of items) {
      yield `${first ? '[\n' : ',\n'}    ${line(item)}`;
      first = false;
    }
    yield first ? '[]' : '\n  ]';
  };
  // An edge line names two of n nodes and one of a few distinct connection sets, and a matrix has up to
  // n² lines: each id and each set is written as JSON once and the lines are put together from those
  // texts, the same text as `jsonText({ from, to, conn })` (its escapes are made inside strings only,
  // so they can be made piece by piece). Stringifying every edge whole was most of writing a matrix.
  const ids = view.nodes.map((node) => jsonText(node.id));
  const conns = new Map<string, string>();
  const connText = (conn: ConnSet) => {
    let text = conns.get(conn.key);
    if (text === undefined) conns.set(conn.key, (text = jsonText(conn)));
    return text;
  };
  yield '{\n  "version": 1,\n  "nodes": ';
  yield* list(view.nodes, (node) => jsonText(nodeJson(node)));
  yield ',\n  "edges": ';
  yield* list(view.edges, (edge) => `{"from":${ids[edge.from]},"to":${ids[edge.to]},"conn":${connText(edge.conn)}}`);
  if (view.caveats?.length) {
    yield ',\n  "caveats": ';
    yield* list(view.caveats, (caveat) => jsonText(caveatJson(caveat)));
  }
  yield '\n}\n';
}
