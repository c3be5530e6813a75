import type { Severity } from '../lint/types.ts';
import { positionAt } from '../source/text.ts';
import { codeFrame } from './code-frame.ts';
import { textLine, visibleText } from '../util/escape.ts';
import { countSeverities, describeConfig, describeScope, editorPath, ordered, plural } from './text.ts';
import type { FormatInput } from './types.ts';

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const ANSI = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  underline: sgr(4, 24),
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
  green: sgr(32, 39),
};
const NONE: typeof ANSI = { bold: id, dim: id, underline: id, red: id, yellow: id, cyan: id, green: id };
function id(text: string): string {
  return text;
}

/**
 * ESLint's stylish layout with a code frame under each finding. VS Code's `$eslint-stylish` matcher
 * reads a file line and then only the finding lines directly below it (any other line ends the
 * file's block), so the file path is printed again above every finding that follows a code frame:
 * underlined where a file's group starts, dimmed when repeated.
 */
export function formatStylish(input: FormatInput): string {
  const c = input.color ? ANSI : NONE;
  const paint: Record<Severity, (text: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan };
  const out: string[] = [];
  let previousFile: string | undefined;
  for (const d of ordered(input.diagnostics)) {
    const path = visibleText(editorPath(d.file));
    if (previousFile !== undefined) out.push('');
    out.push(path === previousFile ? c.dim(path) : c.underline(path));
    previousFile = path;
    const { line, column } = positionAt(d.file, d.span.start);
    out.push(`  ${c.dim(`${line}:${column}`)}  ${paint[d.severity](d.severity)}  ${textLine(d.message)}  ${c.dim(d.ruleId)}`);
    out.push(...codeFrame(d.file, d.span, { gutter: c.dim, marker: (text) => c.bold(paint[d.severity](text)) }));
    for (const r of d.related) {
      const at = positionAt(r.file, r.span.start);
      out.push(`    ${c.dim('related:')} ${visibleText(r.file.path)}:${at.line}:${at.column} ${textLine(r.message)}`);
    }
  }
  const counts = countSeverities(input.diagnostics);
  const total = input.diagnostics.length;
  if (total > 0) {
    const colour = counts.error > 0 ? c.red : counts.warning > 0 ? c.yellow : c.cyan;
    out.push('');
    const detail = `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}`;
    out.push(c.bold(colour(`✖ ${plural(total, 'problem')} (${detail})`)));
    out.push(c.dim(`  in ${describeScope(input.summary)}`));
  } else {
    out.push(c.green(`✔ no problems in ${describeScope(input.summary)}`));
  }
  // What the run cannot judge, then which config applied: a run that silently used another directory's file (or none) misleads.
  for (const caveat of input.summary.caveats ?? []) out.push(c.yellow(`  caveat: ${textLine(caveat.message)}`));
  if (input.summary.config !== undefined) out.push(c.dim(`  ${describeConfig(input.summary.config)}`));
  return `${out.join('\n')}\n`;
}
