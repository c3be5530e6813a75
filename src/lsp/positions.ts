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

/** True when two ranges share at least one position (touching ends count, as a cursor on a boundary should). */
export function rangesTouch(a: LspRange, b: LspRange): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: LspPosition, b: LspPosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
