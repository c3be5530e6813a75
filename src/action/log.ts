import type { Summary } from '../analyze.ts';
import { textLine, visibleText } from '../util/escape.ts';
import { countSeverities, describeScope, ordered, plural } from '../format/text.ts';
import type { Diagnostic } from '../lint/types.ts';
import { positionAt } from '../source/text.ts';

/**
 * The Action's log lines: one finding a line, severity first (`error    k8s/app.yaml:25:5  message
 * (rule)`), related locations indented below. The Action annotates findings itself, so its log must
 * not look like a linter's report to the problem matchers a runner may have registered
 * (actions/setup-node's eslint-stylish and eslint-compact, tsc, gcc): those would annotate every
 * finding again, past GitHub's per-step cap. None reads a line that starts with a severity word, or
 * an indented line that does not start with `line:column`.
 */
export function findingLines(diagnostics: readonly Diagnostic[]): string[] {
  const out: string[] = [];
  for (const d of ordered(diagnostics)) {
    const { line, column } = positionAt(d.file, d.span.start);
    out.push(`${d.severity.padEnd(7)}  ${visibleText(d.file.path)}:${line}:${column}  ${textLine(d.message)} (${d.ruleId})`);
    for (const r of d.related) {
      const at = positionAt(r.file, r.span.start);
      out.push(`         related: ${visibleText(r.file.path)}:${at.line}:${at.column} ${textLine(r.message)}`);
    }
  }
  return out;
}

/** `kube-netlint: 1 error, 0 warnings, 2 infos in 3 files, 9 objects`. */
export function countsLine(diagnostics: readonly Diagnostic[], summary: Summary): string {
  const counts = countSeverities(diagnostics);
  return `kube-netlint: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')} in ${describeScope(summary)}`;
}
