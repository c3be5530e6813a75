import type { SourceFile, Span } from './types.ts';

/** A 1-based line and column (column counted in UTF-16 code units, as editors and ESLint do). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

// Weak, by file: line starts live as long as the file (its run, or its text in the editor).
const lineStartCache = new WeakMap<SourceFile, number[]>();

/**
 * Offsets at which each line of the file begins; computed once per file. A line ends at LF, CR LF or
 * a lone CR, as in YAML 1.2 (old Mac files, and what some generators write).
 */
export function lineStarts(file: SourceFile): number[] {
  let starts = lineStartCache.get(file);
  if (starts) return starts;
  starts = [0];
  const text = file.text;
  if (text.includes('\r')) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
  } else {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  }
  lineStartCache.set(file, starts);
  return starts;
}

/** The 0-based index of the line holding `offset` (binary search over `lineStarts`). */
export function lineIndexAt(file: SourceFile, offset: number): number {
  const starts = lineStarts(file);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Converts an offset to a 1-based line and column. */
export function positionAt(file: SourceFile, offset: number): Position {
  const index = lineIndexAt(file, offset);
  return { line: index + 1, column: offset - lineStarts(file)[index]! + 1 };
}

/** The text of one 1-based line, without its line break. */
export function lineText(file: SourceFile, line: number): string {
  const starts = lineStarts(file);
  const start = starts[line - 1];
  if (start === undefined) return '';
  const next = starts[line];
  return file.text.slice(start, next === undefined ? file.text.length : next - 1).replace(/\r$/, '').replace(/\n$/, '');
}

/** The start and end positions of a span. */
export function rangeOf(file: SourceFile, span: Span): { start: Position; end: Position } {
  return { start: positionAt(file, span.start), end: positionAt(file, span.end) };
}
