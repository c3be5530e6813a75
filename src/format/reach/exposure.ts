/**
 * `reach --exposure` in `table`, `json`, `md`, `csv` and `dot`: pure formatters of `exposureOf` (src/reach/exposure.ts).
 * A direction no policy governs is one line, `everything`, not a list of every peer.
 */
import { csvCell, dotString, jsonText, markdownCode, markdownText, visibleText } from '../../util/escape.ts';
import { formatIp } from '../../model/ip.ts';
import { caveatJson, type Caveat } from '../../semantics/blind-spots.ts';
import type { ConnSet } from '../../semantics/conn.ts';
import type { DirectionExposure, NodeExposure } from '../../reach/exposure.ts';

/** What the exposure formatters render. */
export interface ExposureView {
  readonly exposure: readonly NodeExposure[];
  readonly caveats?: readonly Caveat[];
}

export type ExposureFormatter = (view: ExposureView) => string;

/** The peer text of a direction open to everything. */
export const EVERYTHING = 'everything: {entire cluster} and {any address} (no policy applies)';

interface Row {
  readonly node: string;
  readonly direction: string;
  readonly peer: string;
  readonly conn: string;
}

/** `TCP 80`, with the named ports an egress rule resolves on the destination: `TCP 80; named ports http/TCP (on the destination)`. */
function connText(conn: ConnSet, named: readonly string[] | undefined): string {
  if (!named?.length) return conn.toString();
  const ports = `named port${named.length > 1 ? 's' : ''} ${named.join(',')} (resolved on the destination)`;
  return conn.isEmpty() ? ports : `${conn}; ${ports}`;
}

function rows(view: ExposureView): Row[] {
  const out: Row[] = [];
  for (const { node, ingress, egress } of view.exposure) {
    for (const side of [ingress, egress]) {
      if (!side) continue;
      if (side.everything) out.push({ node: node.id, direction: side.direction, peer: EVERYTHING, conn: 'all' });
      else if (side.peers.length === 0) out.push({ node: node.id, direction: side.direction, peer: 'nothing outside the manifests', conn: 'none' });
      else for (const peer of side.peers) out.push({ node: node.id, direction: side.direction, peer: peer.type === 'domain' ? `${peer.id} (DNS name, as the rule writes it)` : peer.id, conn: connText(peer.conn, peer.namedPorts) });
    }
  }
  return out;
}

function summary(view: ExposureView): string {
  const open = (pick: (e: NodeExposure) => DirectionExposure | undefined) => view.exposure.filter((e) => pick(e)?.everything).length;
  const n = view.exposure.length;
  return `${n} workload${n === 1 ? '' : 's'}; open to everything: ${open((e) => e.ingress)} for ingress, ${open((e) => e.egress)} for egress`;
}

/** The sides judged by fewer pods than their selectors allow (so many rules apply), said after the table. */
function incompleteNote(view: ExposureView): string | undefined {
  const sides = view.exposure.flatMap((e) => [e.ingress, e.egress].flatMap((side) => (side?.incomplete ? [`${e.node.id} ${side.direction}`] : [])));
  if (sides.length === 0) return undefined;
  return `so many rules apply to ${sides.slice(0, 5).join(', ')}${sides.length > 5 ? ` and ${sides.length - 5} more` : ''} that some peers were judged by the pods their selectors name, not by those escaping other rules: explain a pod to be sure`;
}

/** `--format table`: one peer per line under NODE, DIRECTION, PEER, CONNECTIONS, then a count and the caveats. */
export const exposureTable: ExposureFormatter = (view) => {
  const list = rows(view).map((r) => ({ node: visibleText(r.node), direction: r.direction, peer: visibleText(r.peer), conn: r.conn }));
  const header = { node: 'NODE', direction: 'DIRECTION', peer: 'PEER OUTSIDE THE MANIFESTS', conn: 'CONNECTIONS' };
  const width = (key: keyof Row) => Math.max(header[key].length, ...list.map((r) => r[key].length));
  const [wn, wd, wp] = [width('node'), width('direction'), width('peer')];
  const line = (r: Row) => `${`${r.node.padEnd(wn)}  ${r.direction.padEnd(wd)}  ${r.peer.padEnd(wp)}  ${r.conn}`.trimEnd()}\n`;
  let out = list.length > 0 ? line(header) + list.map(line).join('') : '';
  out += `${summary(view)}\n`;
  const note = incompleteNote(view);
  if (note) out += `note: ${visibleText(note)}\n`;
  for (const c of view.caveats ?? []) out += `caveat: ${visibleText(c.message)}\n`;
  return out;
};

/** `--format md`: the same table in Markdown, names as code spans. */
export const exposureMarkdown: ExposureFormatter = (view) => {
  const list = rows(view);
  let out = '| Node | Direction | Peer outside the manifests | Connections |\n| --- | --- | --- | --- |\n';
  for (const r of list) out += `| ${markdownCode(r.node, true)} | ${r.direction} | ${markdownCode(r.peer, true)} | ${markdownCode(r.conn, true)} |\n`;
  if (list.length === 0) out += '| _none_ | | | |\n';
  out += `\n${summary(view)}.\n`;
  const note = incompleteNote(view);
  if (note) out += `\n> **Note:** ${markdownText(note)}\n`;
  for (const c of view.caveats ?? []) out += `\n> **Caveat:** ${markdownText(c.message)}\n`;
  return out;
};

function directionJson(side: DirectionExposure): Record<string, unknown> {
  if (side.everything) return { everything: true };
  return {
    everything: false,
    ...(side.incomplete ? { incomplete: true } : {}),
    peers: side.peers.map((p) => ({
      id: p.id,
      type: p.type,
      ...(p.example ? { example: { ...(p.example.namespace !== undefined ? { namespace: p.example.namespace } : {}), namespaceLabels: p.example.namespaceLabels, labels: p.example.labels, ...(p.example.serviceAccount !== undefined ? { serviceAccount: p.example.serviceAccount } : {}) } } : {}),
      ...(p.ranges ? { ranges: p.ranges.map((r) => ({ family: r.family === 4 ? 'ipv4' : 'ipv6', start: formatIp({ family: r.family, value: r.start }), end: formatIp({ family: r.family, value: r.end }) })) } : {}),
      conn: p.conn.toJSON(),
      ...(p.namedPorts?.length ? { namedPorts: p.namedPorts } : {}),
    })),
  };
}

/**
 * `--format json` (version 1): `{"version":1,"exposure":[{"node","ingress":{"everything":true} |
 * {"everything":false,"peers":[{"id","type":"pods"|"addresses","example"?,"ranges"?,"conn"}]},"egress":...}]}`,
 * `conn` in the form of `reach` JSON; `caveats` as in `reach` JSON.
 */
export const exposureJson: ExposureFormatter = (view) => {
  const items = view.exposure.map((e) => jsonText({ node: e.node.id, ...(e.ingress ? { ingress: directionJson(e.ingress) } : {}), ...(e.egress ? { egress: directionJson(e.egress) } : {}) }));
  let out = `{\n  "version": 1,\n  "exposure": ${items.length ? `[\n    ${items.join(',\n    ')}\n  ]` : '[]'}`;
  if (view.caveats?.length) out += `,\n  "caveats": [\n    ${view.caveats.map((c) => jsonText(caveatJson(c))).join(',\n    ')}\n  ]`;
  return `${out}\n}\n`;
};

/** `--format csv` (RFC 4180): `node,direction,peer,connections`, the table's rows; the note and caveats go to stderr (`exposureNotes`). */
export const exposureCsv: ExposureFormatter = (view) => {
  let out = 'node,direction,peer,connections\r\n';
  for (const r of rows(view)) out += `${csvCell(r.node)},${csvCell(r.direction)},${csvCell(r.peer)},${csvCell(r.conn)}\r\n`;
  return out;
};

/**
 * `--format dot` (Graphviz): workloads as boxes, each peer outside the manifests as an ellipse, an edge
 * peer -> workload per ingress peer and workload -> peer per egress peer, labelled with the connections;
 * a direction open to everything is one edge to or from `everything`; one open to nothing has no edge.
 * The note and caveats go to stderr (`exposureNotes`).
 */
export const exposureDot: ExposureFormatter = (view) => {
  let out = 'digraph exposure {\n  rankdir=LR;\n  node [fontname="Helvetica", fontsize=10];\n  edge [fontname="Helvetica", fontsize=9];\n';
  const list = rows(view);
  for (const node of new Set(view.exposure.map((e) => e.node.id))) out += `  ${dotString(node)} [shape=box];\n`;
  const peers = new Set(list.filter((r) => r.conn !== 'none').map((r) => r.peer));
  for (const peer of peers) out += `  ${dotString(peer)} [shape=ellipse];\n`;
  for (const r of list) {
    if (r.conn === 'none') continue;
    const [from, to] = r.direction === 'ingress' ? [r.peer, r.node] : [r.node, r.peer];
    out += `  ${dotString(from)} -> ${dotString(to)} [label=${dotString(r.conn)}];\n`;
  }
  return `${out}}\n`;
};

/** `reach --exposure --format` names and their formatters. */
export const exposureFormatters: Readonly<Record<string, ExposureFormatter>> = { table: exposureTable, json: exposureJson, md: exposureMarkdown, csv: exposureCsv, dot: exposureDot };

/** The formats that are data with no place for a remark: their note and caveats are stderr lines (as `reach` csv and dot). */
export const EXPOSURE_DATA_FORMATS: ReadonlySet<ExposureFormatter> = new Set([exposureCsv, exposureDot]);

/** The note and the caveats of a view as stderr lines, for `EXPOSURE_DATA_FORMATS`. */
export function exposureNotes(view: ExposureView): string[] {
  const note = incompleteNote(view);
  return [...(note ? [`kube-netlint: note: ${note}`] : []), ...(view.caveats ?? []).map((c) => `kube-netlint: caveat: ${c.message}`)];
}
