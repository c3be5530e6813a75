import { lineText, positionAt } from '../source/text.ts';
import type { SourceFile, Span } from '../source/types.ts';
import { visibleText } from '../util/escape.ts';

export interface FrameStyle {
  readonly gutter: (text: string) => string;
  readonly marker: (text: string) => string;
}

const PLAIN: FrameStyle = { gutter: (t) => t, marker: (t) => t };
/** Lines of a long span shown before it is cut with a `…` row. */
const MAX_SPAN_LINES = 3;
/** Characters of a source line shown; a one-line JSON manifest must not flood the terminal. */
const MAX_WIDTH = 100;

/**
 * The source lines of a span with carets under it, as rustc and ESLint's codeframe do: one line of
 * context before, the spanned lines marked `>`. Every line starts with spaces and a line number
 * followed by ` |`, so stylish problem matchers never mistake it for a file or a finding.
 */
export function codeFrame(file: SourceFile, span: Span, style: FrameStyle = PLAIN): string[] {
  if (file.text === '') return [];
  const start = positionAt(file, span.start);
  let end = positionAt(file, Math.max(span.end, span.start));
  // A span that ends just after a line break ends, for display, at the end of the previous line.
  if (end.line > start.line && end.column === 1) end = { line: end.line - 1, column: lineText(file, end.line - 1).length + 1 };

  const rows: { line: number | undefined; text: string; from: number; to: number }[] = [];
  const before = start.line - 1;
  if (before >= 1 && lineText(file, before).trim() !== '') rows.push({ line: before, text: lineText(file, before), from: 0, to: 0 });
  const last = Math.min(end.line, start.line + MAX_SPAN_LINES - 1);
  for (let line = start.line; line <= last; line++) {
    const text = lineText(file, line);
    const indent = text.length - text.trimStart().length;
    const from = line === start.line ? start.column - 1 : indent;
    const to = line === end.line ? end.column - 1 : text.length;
    // An empty span (or one past the line's end) still gets one caret.
    rows.push({ line, text, from, to: Math.max(to, from + 1) });
  }
  const hidden = end.line - last;

  const numberWidth = String(last).length;
  // One window of columns for every row; shifted right only when the span starts beyond its last third.
  const offset = start.column - 1 > (MAX_WIDTH * 2) / 3 ? start.column - 1 - Math.floor(MAX_WIDTH / 3) : 0;
  const out: string[] = [];
  for (const row of rows) {
    const marked = row.to > row.from;
    const { shown, carets } = clip(row.text, offset, row.from, row.to);
    const number = String(row.line).padStart(numberWidth);
    out.push(`  ${marked ? style.marker('>') : ' '} ${style.gutter(`${number} |`)}${shown === '' ? '' : ` ${shown}`}`);
    if (marked) out.push(`    ${style.gutter(`${' '.repeat(numberWidth)} |`)} ${carets.replace(/\^+/, (m) => style.marker(m))}`);
  }
  if (hidden > 0) out.push(`    ${style.gutter(`${' '.repeat(numberWidth)} |`)} ${style.marker(`… ${hidden} more line${hidden === 1 ? '' : 's'}`)}`);
  return out;
}

/** The visible part of a line from `offset`, and the caret line under columns [from, to). */
function clip(text: string, offset: number, from: number, to: number): { shown: string; carets: string } {
  const cutStart = offset > 0;
  const cutEnd = text.length > offset + MAX_WIDTH;
  const raw = text.slice(offset, offset + MAX_WIDTH);
  // Hidden characters are shown as escapes (`\x1b`), wider than they were: columns are mapped through them.
  const visible = visibleText(raw, true);
  const width = (end: number) => visibleText(raw.slice(0, Math.min(Math.max(end, 0), raw.length)), true).length;
  const shown = `${cutStart ? '…' : ''}${visible}${cutEnd ? '…' : ''}`;
  const lead = cutStart ? 1 : 0;
  const a = width(from - offset) + lead;
  const b = (to - offset > raw.length && to > from ? visible.length + 1 : width(to - offset)) + lead;
  // Keep tabs in the padding so the carets line up under tab-indented text in any terminal.
  const padding = shown.slice(0, a).replace(/[^\t]/g, ' ');
  return { shown, carets: to > from ? `${padding}${'^'.repeat(Math.max(b - a, 1))}` : '' };
}
