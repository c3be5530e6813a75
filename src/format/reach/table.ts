import { csvCell, markdownCode, markdownText, visibleText } from '../../util/escape.ts';
import type { ConnSet } from '../../semantics/conn.ts';
import { PROTOCOLS } from '../../semantics/conn.ts';
import type { ReachView } from '../../reach/view.ts';

function summary(nodes: number, edges: number): string {
  return `${nodes} node${nodes === 1 ? '' : 's'}, ${edges} allowed connection${edges === 1 ? '' : 's'}`;
}

/** Each node's id and each distinct connection set written once through `write`: edges repeat them many times over. */
function memoWriter(view: ReachView, write: (text: string) => string): { node: (index: number) => string; conn: (conn: ConnSet) => string } {
  const ids = view.nodes.map((node) => write(node.id));
  const conns = new Map<ConnSet, string>();
  return {
    node: (index) => ids[index]!,
    conn: (conn) => {
      let text = conns.get(conn);
      if (text === undefined) conns.set(conn, (text = write(conn.toString())));
      return text;
    },
  };
}

/**
 * `--format table` (default): one allowed connection per line, aligned columns, then a count. Two
 * passes over the edges (widths, then lines), so that no more than a line is held at a time.
 */
export function* reachTable(view: ReachView): Generator<string> {
  const text = memoWriter(view, visibleText);
  const header = ['FROM', 'TO', 'CONNECTIONS'] as const;
  let fromWidth = header[0].length;
  let toWidth = header[1].length;
  let count = 0;
  for (const e of view.edges) {
    fromWidth = Math.max(fromWidth, text.node(e.from).length);
    toWidth = Math.max(toWidth, text.node(e.to).length);
    count++;
  }
  const line = (from: string, to: string, conn: string) => `${`${from.padEnd(fromWidth)}  ${to.padEnd(toWidth)}  ${conn}`.trimEnd()}\n`;
  if (count > 0) {
    yield line(...header);
    for (const e of view.edges) yield line(text.node(e.from), text.node(e.to), text.conn(e.conn));
  }
  yield `${summary(view.nodes.length, count)}\n`;
  yield* caveatLines(view);
}

/** `caveat: ...` lines for the text formats. */
export function caveatLines(view: ReachView): string[] {
  return (view.caveats ?? []).map((c) => `caveat: ${visibleText(c.message)}\n`);
}

/** Protocol rows of a connection set: `all` as one row, else one row per protocol with `lo-hi;...` ports. */
function protocolRows(conn: ConnSet): [string, string][] {
  if (conn.isAll()) return [['all', '1-65535']];
  return PROTOCOLS.filter((p) => conn.ranges[p].length > 0).map((p) => [p, conn.ranges[p].map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(';')]);
}

/** `--format csv` (RFC 4180): `from,to,protocol,ports`, one row per protocol of each allowed connection. */
export function* reachCsv(view: ReachView): Generator<string> {
  const ids = view.nodes.map((node) => csvCell(node.id));
  yield 'from,to,protocol,ports\r\n';
  for (const e of view.edges) {
    for (const [protocol, ports] of protocolRows(e.conn)) yield `${ids[e.from]},${ids[e.to]},${csvCell(protocol)},${csvCell(ports)}\r\n`;
  }
}

/** `--format md`: a Markdown table of allowed connections (for a pull-request comment or a wiki); names as code spans. */
export function* reachMarkdown(view: ReachView): Generator<string> {
  const cell = memoWriter(view, (text) => markdownCode(text, true));
  yield '| From | To | Connections |\n| --- | --- | --- |\n';
  let count = 0;
  for (const e of view.edges) {
    count++;
    yield `| ${cell.node(e.from)} | ${cell.node(e.to)} | ${cell.conn(e.conn)} |\n`;
  }
  if (count === 0) yield '| _none_ | | |\n';
  yield `\n${summary(view.nodes.length, count)}.\n`;
  for (const c of view.caveats ?? []) yield `\n> **Caveat:** ${markdownText(c.message)}\n`;
}
