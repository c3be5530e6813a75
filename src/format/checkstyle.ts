import type { Diagnostic } from '../lint/types.ts';
import { positionAt } from '../source/text.ts';
import { xmlText } from '../util/escape.ts';
import { ordered } from './text.ts';
import type { FormatInput } from './types.ts';

/**
 * Checkstyle XML, which reviewdog, Jenkins' warnings-ng and many code review tools read: one `<file>`
 * per file with findings, one `<error>` per finding with its line, column, severity (checkstyle's own
 * `error`, `warning` and `info`), message and `source` (`kube-netlint.<rule-id>`, as ESLint writes
 * `eslint.rules.<id>`). Files without findings are not listed: the format has no use for them.
 */
export function formatCheckstyle(input: FormatInput): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  let open: string | undefined;
  for (const d of ordered(input.diagnostics)) {
    if (d.file.path !== open) {
      if (open !== undefined) out.push('  </file>');
      out.push(`  <file name="${xmlText(d.file.path)}">`);
      open = d.file.path;
    }
    out.push(`    ${errorElement(d)}`);
  }
  if (open !== undefined) out.push('  </file>');
  out.push('</checkstyle>');
  return `${out.join('\n')}\n`;
}

function errorElement(d: Diagnostic): string {
  const { line, column } = positionAt(d.file, d.span.start);
  return `<error line="${line}" column="${column}" severity="${d.severity}" message="${xmlText(d.message)}" source="kube-netlint.${xmlText(d.ruleId)}"/>`;
}
