import { escapeMarkdownCell } from '../../format/markdown.ts';
import type { ConnSet } from '../../semantics/conn.ts';
import { PROTOCOLS } from '../../semantics/conn.ts';
import type { ReachView } from '../view.ts';

function summary(view: ReachView): string {
  return `${view.nodes.length} node${view.nodes.length === 1 ? '' : 's'}, ${view.edges.length} allowed connection${view.edges.length === 1 ? '' : 's'}`;
}

/** `--format table` (default): one allowed connection per line, aligned columns, then a count. */
export function reachTable(view: ReachView): string {
  const rows = view.edges.map((e) => [view.nodes[e.from]!.id, view.nodes[e.to]!.id, e.conn.toString()] as const);
  const header = ['FROM', 'TO', 'CONNECTIONS'] as const;
  // Widths once, in a loop: a spread of every row into Math.max overflows the call stack on a large tree.
  let fromWidth = header[0].length;
  let toWidth = header[1].length;
  for (const r of rows) {
    if (r[0].length > fromWidth) fromWidth = r[0].length;
    if (r[1].length > toWidth) toWidth = r[1].length;
  }
  const line = (r: readonly string[]) => `${r[0]!.padEnd(fromWidth)}  ${r[1]!.padEnd(toWidth)}  ${r[2]}`.trimEnd();
  const body = rows.length > 0 ? [line(header), ...rows.map(line)].join('\n') + '\n' : '';
  return `${body}${summary(view)}\n${caveatLines(view).join('')}`;
}

/** `caveat: ...` lines for the text formats. */
export function caveatLines(view: ReachView): string[] {
  return (view.caveats ?? []).map((c) => `caveat: ${c.message}\n`);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Protocol rows of a connection set: `all` as one row, else one row per protocol with `lo-hi;...` ports. */
function protocolRows(conn: ConnSet): [string, string][] {
  if (conn.isAll()) return [['all', '1-65535']];
  return PROTOCOLS.filter((p) => conn.ranges[p].length > 0).map((p) => [p, conn.ranges[p].map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(';')]);
}

/** `--format csv` (RFC 4180): `from,to,protocol,ports`, one row per protocol of each allowed connection. */
export function reachCsv(view: ReachView): string {
  const lines = ['from,to,protocol,ports'];
  for (const e of view.edges) {
    for (const [protocol, ports] of protocolRows(e.conn)) lines.push([view.nodes[e.from]!.id, view.nodes[e.to]!.id, protocol, ports].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** `--format md`: a Markdown table of allowed connections (for a pull-request comment or a wiki). */
export function reachMarkdown(view: ReachView): string {
  const lines = ['| From | To | Connections |', '| --- | --- | --- |'];
  for (const e of view.edges) lines.push(`| ${escapeMarkdownCell(view.nodes[e.from]!.id)} | ${escapeMarkdownCell(view.nodes[e.to]!.id)} | ${escapeMarkdownCell(e.conn.toString())} |`);
  if (view.edges.length === 0) lines.push('| _none_ | | |');
  const caveats = (view.caveats ?? []).map((c) => `\n> **Caveat:** ${escapeMarkdownCell(c.message)}\n`).join('');
  return `${lines.join('\n')}\n\n${summary(view)}.\n${caveats}`;
}
