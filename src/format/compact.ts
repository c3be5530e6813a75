import type { Severity } from '../lint/types.ts';
import { positionAt } from '../source/text.ts';
import { textLine, visibleText } from '../util/escape.ts';
import { editorPath, ordered, plural } from './text.ts';
import type { FormatInput } from './types.ts';

const LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' };

/** ESLint's compact format, one finding a line with the absolute path: VS Code's `$eslint-compact` matcher reads it. */
export function formatCompact(input: FormatInput): string {
  const lines = ordered(input.diagnostics).map((d) => {
    const { line, column } = positionAt(d.file, d.span.start);
    return `${visibleText(editorPath(d.file))}: line ${line}, col ${column}, ${LABEL[d.severity]} - ${textLine(d.message)} (${d.ruleId})`;
  });
  if (lines.length === 0) return '';
  return `${lines.join('\n')}\n\n${plural(lines.length, 'problem')}\n`;
}
