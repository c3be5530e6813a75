import type { Severity } from '../lint/types.ts';
import { positionAt } from '../source/text.ts';
import { ordered } from './text.ts';
import type { FormatInput } from './types.ts';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes a workflow command's message, as the runner's `escapeData` (actions/toolkit core/command.ts). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value, as the runner's `escapeProperty`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands (`::error file=…::message`): the runner turns each into an
 * annotation on the pull request. Related locations are appended to the message, one a line.
 */
export function formatGithub(input: FormatInput): string {
  return ordered(input.diagnostics)
    .map((d) => {
      const start = positionAt(d.file, d.span.start);
      const end = positionAt(d.file, d.span.end);
      const properties = [
        ['file', d.file.path],
        ['line', start.line],
        ['col', start.column],
        ['endLine', end.line],
        ['endColumn', end.column],
        ['title', d.ruleId],
      ]
        .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
        .join(',');
      const related = d.related.map((r) => {
        const at = positionAt(r.file, r.span.start);
        return `\n  related: ${r.file.path}:${at.line}:${at.column} ${r.message}`;
      });
      return `::${COMMAND[d.severity]} ${properties}::${escapeData(d.message + related.join(''))}\n`;
    })
    .join('');
}
