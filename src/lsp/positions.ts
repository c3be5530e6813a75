import { lineIndexAt, lineStarts } from '../source/text.ts';
import type { SourceFile, Span } from '../source/types.ts';

/** How LSP counts characters within a line (LSP 3.17 `PositionEncodingKind`). */
export type PositionEncoding = 'utf-8' | 'utf-16' | 'utf-32';

export interface LspPosition {
  readonly line: number;
  readonly character: number;
}

export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

const SUPPORTED: readonly PositionEncoding[] = ['utf-8', 'utf-16', 'utf-32'];

/**
 * The client's most preferred encoding we support; UTF-16 when it offers none, as the spec
 * requires (`general.positionEncodings` is ordered by preference).
 */
export function chooseEncoding(offered: readonly string[] | undefined): PositionEncoding {
  return (offered ?? []).find((kind): kind is PositionEncoding => (SUPPORTED as readonly string[]).includes(kind)) ?? 'utf-16';
}

/** A 0-based LSP position for an offset (UTF-16 index into the text), counted in `encoding`. */
export function toLspPosition(file: SourceFile, offset: number, encoding: PositionEncoding): LspPosition {
  const at = Math.min(Math.max(offset, 0), file.text.length);
  const line = lineIndexAt(file, at);
  const prefix = file.text.slice(lineStarts(file)[line]!, at);
  return { line, character: countUnits(prefix, encoding) };
}

export function toLspRange(file: SourceFile, span: Span, encoding: PositionEncoding): LspRange {
  return { start: toLspPosition(file, span.start, encoding), end: toLspPosition(file, span.end, encoding) };
}

function countUnits(text: string, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return text.length;
  if (encoding === 'utf-8') return Buffer.byteLength(text, 'utf8');
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * The offset (UTF-16 index) of an LSP position in `text`, counted in `encoding`. Lines end at LF,
 * CR LF or a lone CR, as LSP 3.17 and YAML 1.2 have it (the same line starts every position of the
 * server uses). As LSP says, a line past the end is the end of the text and a character past the end
 * of its line is the end of the line; a position inside a character (half a surrogate pair, a byte
 * within UTF-8) is at that character's start.
 */
export function offsetAt(text: string, position: LspPosition, encoding: PositionEncoding): number {
  const file = { path: '', absPath: '', text };
  const starts = lineStarts(file);
  if (position.line < 0) return 0;
  if (position.line >= starts.length) return text.length;
  const start = starts[position.line]!;
  let end = position.line + 1 < starts.length ? starts[position.line + 1]! : text.length;
  // The line without its break.
  if (end > start && text.charCodeAt(end - 1) === 10) end--;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  let units = 0;
  let offset = start;
  while (offset < end) {
    const code = text.codePointAt(offset)!;
    const size = code > 0xffff ? 2 : 1;
    const width = encoding === 'utf-16' ? size : encoding === 'utf-32' ? 1 : code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (units + width > position.character) break;
    units += width;
    offset += size;
  }
  return offset;
}

/** A change of `textDocument/didChange`: the whole text, or a range (in the negotiated encoding) replaced. */
export interface ContentChange {
  readonly text: string;
  readonly range?: LspRange;
}

/** A document's text after `changes`, applied in order (each range is of the text as the changes before it left it). */
export function applyContentChanges(text: string, changes: readonly ContentChange[], encoding: PositionEncoding): string {
  let current = text;
  for (const change of changes) {
    if (!change.range) {
      current = change.text;
      continue;
    }
    const start = offsetAt(current, change.range.start, encoding);
    const end = Math.max(start, offsetAt(current, change.range.end, encoding));
    current = current.slice(0, start) + change.text + current.slice(end);
  }
  return current;
}

/** True when two ranges share at least one position (touching ends count, as a cursor on a boundary should). */
export function rangesTouch(a: LspRange, b: LspRange): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: LspPosition, b: LspPosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
