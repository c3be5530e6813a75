/**
 * Connectivity changes between two matrices (`kube-netlint diff`): edges added, removed and changed,
 * keyed by node id. External nodes are address ranges cut by each tree's own ipBlocks, so both
 * sides are first cut into common pieces; pieces that change alike are merged back into ranges.
 * Pure: views in, a diff out; formatters are pure too.
 */
import { jsonText, markdownCode, markdownText, visibleText } from '../util/escape.ts';
import { compareRanges, cutAddressSpace, formatRange, rangeContains, type AddressRange } from '../semantics/address-range.ts';
import { caveatJson, type Caveat } from '../semantics/blind-spots.ts';
import { ConnSet } from '../semantics/conn.ts';
import { matchesNode, type ViewFilter } from './filter.ts';
import type { MatrixNode } from '../semantics/nodes.ts';
import type { ReachView } from './view.ts';

/** One end of a changed edge: a workload or the ingress controller by id, or an address range. */
export interface DiffNode {
  readonly id: string;
  readonly type: MatrixNode['type'];
  readonly range?: AddressRange;
}

export interface DiffEdge {
  readonly from: DiffNode;
  readonly to: DiffNode;
  /** What was allowed before (none for an added edge) and after (none for a removed one). */
  readonly before: ConnSet;
  readonly after: ConnSet;
}

export interface ConnectivityDiff {
  readonly added: readonly DiffEdge[];
  readonly removed: readonly DiffEdge[];
  readonly changed: readonly DiffEdge[];
  /** Workload (and ingress controller) nodes only in the new or only in the old tree. */
  readonly nodesAdded: readonly string[];
  readonly nodesRemoved: readonly string[];
  /** What neither side can show (kinds that decide traffic but are not modelled, on either side). */
  readonly caveats?: readonly Caveat[];
}

/** An edge end before expansion: a named node, or a piece index of the common address cut. */
type End = { readonly node: DiffNode } | { readonly piece: number };

/**
 * Compares two views (usually whole matrices) of the old and the new tree. `scope` is the filter
 * both views were narrowed by (`diff --from/--to/--port`): it narrows the workloads added and
 * removed too (see `workloadsInScope`).
 */
export function diffViews(before: ReachView, after: ReachView, scope?: ViewFilter): ConnectivityDiff {
  const ranges = (view: ReachView) => view.nodes.flatMap((n) => (n.type === 'external' && n.range ? [n.range] : []));
  const pieces = cutAddressSpace([...ranges(before), ...ranges(after)]);
  const old = edgeMap(before, pieces);
  const now = edgeMap(after, pieces);
  const added: Change[] = [];
  const removed: Change[] = [];
  const changed: Change[] = [];
  for (const [key, edge] of now) {
    const prior = old.get(key);
    if (!prior) added.push({ ...edge, before: ConnSet.NONE, after: edge.conn });
    else if (prior.conn.key !== edge.conn.key) changed.push({ ...edge, before: prior.conn, after: edge.conn });
  }
  for (const [key, edge] of old) if (!now.has(key)) removed.push({ ...edge, before: edge.conn, after: ConnSet.NONE });
  const named = (view: ReachView) => new Set(view.nodes.filter((n) => n.type !== 'external').map((n) => n.id));
  const oldNodes = named(before);
  const newNodes = named(after);
  const newInScope = workloadsInScope(after, scope);
  const oldInScope = workloadsInScope(before, scope);
  return {
    added: merge(added, pieces),
    removed: merge(removed, pieces),
    changed: merge(changed, pieces),
    nodesAdded: [...newNodes].filter((id) => !oldNodes.has(id) && newInScope(id)).sort(),
    nodesRemoved: [...oldNodes].filter((id) => !newNodes.has(id) && oldInScope(id)).sort(),
  };
}

/**
 * Which node ids of a filtered view a workload list may name: with `--from`/`--to`, those answering
 * one of the queries given; with `--port`/`--protocol`, only those at an end of a connection shown.
 */
function workloadsInScope(view: ReachView, scope: ViewFilter | undefined): (id: string) => boolean {
  const queries = [...(scope?.from ?? []), ...(scope?.to ?? [])];
  const byPort = scope?.port !== undefined || scope?.protocol !== undefined;
  if (queries.length === 0 && !byPort) return () => true;
  const ends = new Set<number>();
  if (byPort) for (const e of view.edges) ends.add(e.from).add(e.to);
  const ids = new Set(view.nodes.filter((node, i) => (queries.length === 0 || queries.some((q) => matchesNode(q, node))) && (!byPort || ends.has(i))).map((n) => n.id));
  return (id) => ids.has(id);
}

interface Change {
  readonly from: End;
  readonly to: End;
  readonly before: ConnSet;
  readonly after: ConnSet;
}

/** Edges by `from -> to` key, external ends expanded to the common pieces they contain. */
function edgeMap(view: ReachView, pieces: readonly AddressRange[]): Map<string, { from: End; to: End; conn: ConnSet }> {
  const ends = view.nodes.map((node): End[] => {
    if (node.type !== 'external' || !node.range) return [{ node: { id: node.id, type: node.type } }];
    const out: End[] = [];
    // Pieces are sorted and refine the view's ranges: a binary search finds the first inside.
    let lo = 0;
    let hi = pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRanges(pieces[mid]!, node.range) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < pieces.length && rangeContains(node.range, pieces[i]!); i++) out.push({ piece: i });
    return out;
  });
  const map = new Map<string, { from: End; to: End; conn: ConnSet }>();
  for (const edge of view.edges) {
    for (const from of ends[edge.from]!) for (const to of ends[edge.to]!) map.set(`${endKey(from)}\u0000${endKey(to)}`, { from, to, conn: edge.conn });
  }
  return map;
}

function endKey(end: End): string {
  return 'node' in end ? end.node.id : `#${end.piece}`;
}

/** Merges changes that differ only in adjacent pieces of the same family into one range; sorts. */
function merge(changes: readonly Change[], pieces: readonly AddressRange[]): DiffEdge[] {
  const groups = new Map<string, { change: Change; side: 'from' | 'to' | undefined; indexes: number[] }>();
  for (const change of changes) {
    const side = 'piece' in change.from ? 'from' : 'piece' in change.to ? 'to' : undefined;
    const other = side === 'from' ? change.to : change.from;
    const key = [side ?? '', side ? endKey(other) : `${endKey(change.from)}\u0000${endKey(change.to)}`, change.before.key, change.after.key].join('\u0001');
    const group = groups.get(key);
    const index = side ? (change[side] as { piece: number }).piece : -1;
    if (group) group.indexes.push(index);
    else groups.set(key, { change, side, indexes: [index] });
  }
  const out: DiffEdge[] = [];
  for (const { change, side, indexes } of groups.values()) {
    if (!side) {
      out.push({ from: (change.from as { node: DiffNode }).node, to: (change.to as { node: DiffNode }).node, before: change.before, after: change.after });
      continue;
    }
    indexes.sort((a, b) => a - b);
    for (let i = 0; i < indexes.length; ) {
      let j = i;
      while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1 && pieces[indexes[j + 1]!]!.family === pieces[indexes[i]!]!.family) j++;
      const range: AddressRange = { family: pieces[indexes[i]!]!.family, start: pieces[indexes[i]!]!.start, end: pieces[indexes[j]!]!.end };
      const external: DiffNode = { id: formatRange(range), type: 'external', range };
      const other = (side === 'from' ? change.to : change.from) as { node: DiffNode };
      out.push({ from: side === 'from' ? external : other.node, to: side === 'to' ? external : other.node, before: change.before, after: change.after });
      i = j + 1;
    }
  }
  return out.sort((a, b) => compareNodes(a.from, b.from) || compareNodes(a.to, b.to));
}

const TYPE_ORDER: Record<DiffNode['type'], number> = { 'ingress-controller': 0, gateway: 1, workload: 2, external: 3 };

/** Matrix order: the ingress controller, Gateways by id, workloads by id, address ranges by family and address. */
function compareNodes(a: DiffNode, b: DiffNode): number {
  if (a.type !== b.type) return TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
  if (a.range && b.range) return compareRanges(a.range, b.range);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether anything changed. */
export function isEmptyDiff(diff: ConnectivityDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.nodesAdded.length + diff.nodesRemoved.length === 0;
}

function countLine(diff: ConnectivityDiff): string {
  return `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`;
}

/** `--format text`: one line per edge, `+` added, `-` removed, `~` changed (before -> after). */
export function diffText(diff: ConnectivityDiff): string {
  if (isEmptyDiff(diff)) return `No connectivity changes.\n${(diff.caveats ?? []).map((c) => `caveat: ${c.message}\n`).join('')}`;
  const out = [`Connectivity changes: ${countLine(diff)}`];
  const section = (title: string, edges: readonly DiffEdge[], line: (e: DiffEdge) => string) => {
    if (edges.length > 0) out.push('', `${title}:`, ...edges.map((e) => `  ${line(e)}`));
  };
  const id = (node: DiffNode) => visibleText(node.id);
  section('Added', diff.added, (e) => `+ ${id(e.from)} -> ${id(e.to)}: ${e.after}`);
  section('Removed', diff.removed, (e) => `- ${id(e.from)} -> ${id(e.to)}: ${e.before}`);
  section('Changed', diff.changed, (e) => `~ ${id(e.from)} -> ${id(e.to)}: ${e.before} => ${e.after}`);
  if (diff.nodesAdded.length > 0) out.push('', `Workloads added: ${diff.nodesAdded.map((n) => visibleText(n)).join(', ')}`);
  if (diff.nodesRemoved.length > 0) out.push('', `Workloads removed: ${diff.nodesRemoved.map((n) => visibleText(n)).join(', ')}`);
  for (const caveat of diff.caveats ?? []) out.push('', `caveat: ${visibleText(caveat.message)}`);
  return `${out.join('\n')}\n`;
}

/**
 * `--format json`: `{"version":1,"added":[{from,to,conn}],"removed":[{from,to,conn}],
 * "changed":[{from,to,before,after}],"nodes":{"added":[...],"removed":[...]}}`, `conn` as in `reach`.
 */
export function diffJson(diff: ConnectivityDiff): string {
  const edge = (e: DiffEdge, conn: ConnSet) => ({ from: e.from.id, to: e.to.id, conn });
  return `${jsonText(
    {
      version: 1,
      added: diff.added.map((e) => edge(e, e.after)),
      removed: diff.removed.map((e) => edge(e, e.before)),
      changed: diff.changed.map((e) => ({ from: e.from.id, to: e.to.id, before: e.before, after: e.after })),
      nodes: { added: diff.nodesAdded, removed: diff.nodesRemoved },
      ...(diff.caveats?.length ? { caveats: diff.caveats.map(caveatJson) } : {}),
    },
    2,
  )}\n`;
}

/** Rows shown in Markdown before the rest is counted (a pull-request comment has a size limit). */
export const MARKDOWN_ROWS = 300;

/** `--format md`: a heading, the counts and one table, for a pull-request comment or job summary. */
export function diffMarkdown(diff: ConnectivityDiff, title = 'Connectivity changes'): string {
  const out = [`### ${title}`, ''];
  const caveats = (diff.caveats ?? []).map((c) => `> **Caveat:** ${markdownText(c.message)}`);
  if (isEmptyDiff(diff)) return `${[...out, 'No connectivity changes.', ...caveats.flatMap((c) => ['', c])].join('\n')}\n`;
  out.push(`**${countLine(diff)}**`, '');
  const rows = [
    ...diff.added.map((e) => ['➕ added', e, '', String(e.after)] as const),
    ...diff.removed.map((e) => ['➖ removed', e, String(e.before), ''] as const),
    ...diff.changed.map((e) => ['✏️ changed', e, String(e.before), String(e.after)] as const),
  ];
  if (rows.length > 0) {
    const cell = (text: string) => markdownCode(text, true);
    out.push('| | from | to | before | after |', '| --- | --- | --- | --- | --- |');
    for (const [what, e, b, a] of rows.slice(0, MARKDOWN_ROWS)) out.push(`| ${what} | ${cell(e.from.id)} | ${cell(e.to.id)} | ${cell(b)} | ${cell(a)} |`);
    if (rows.length > MARKDOWN_ROWS) out.push('', `_${rows.length - MARKDOWN_ROWS} more changes not shown; run \`kube-netlint diff\` for all of them._`);
    out.push('');
  }
  if (diff.nodesAdded.length > 0) out.push(`Workloads added: ${diff.nodesAdded.map((id) => markdownCode(id)).join(', ')}`, '');
  if (diff.nodesRemoved.length > 0) out.push(`Workloads removed: ${diff.nodesRemoved.map((id) => markdownCode(id)).join(', ')}`, '');
  for (const caveat of caveats) out.push(caveat, '');
  return `${out.join('\n').trimEnd()}\n`;
}
