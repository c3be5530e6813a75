import type { Summary } from '../analyze.ts';
import { ruleDocUrl } from '../util/doc-urls.ts';
import { escapeHtml, markdownCode, markdownText } from '../util/escape.ts';
import { ordered, plural } from '../format/text.ts';
import type { Diagnostic, RuleMeta, Severity } from '../lint/types.ts';
import { positionAt } from '../source/text.ts';

export interface SummaryInput {
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: Summary;
  readonly rules: readonly RuleMeta[];
  /** Sections after the findings (the reachability graph, the connectivity diff), already in Markdown. */
  readonly sections: readonly string[];
  /** Turns a file and line into a link to the file on GitHub; findings are plain text without it. */
  readonly link?: (path: string, line: number) => string | undefined;
  /** With the `baseline` input: findings it left out, and its entries no finding matched any more. */
  readonly baseline?: { readonly baselined: number; readonly unmatched: number };
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];
const ICON: Record<Severity, string> = { error: '🔴', warning: '🟡', info: '🔵' };
const NOUN: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };
/**
 * GitHub rejects a step summary over 1 MiB; the finding tables stop at this many characters and say
 * how many are left out (every finding is still in the log and the SARIF file).
 */
export const FINDINGS_BUDGET = 600_000;

/** The job summary in GitHub-flavoured Markdown: counts, every finding grouped by rule, then `sections`. */
export function buildSummary(input: SummaryInput): string {
  const { summary } = input;
  const out: string[] = ['## kube-netlint', ''];
  out.push('| | count |', '| --- | ---: |');
  out.push(`| ${ICON.error} errors | ${summary.errors} |`);
  out.push(`| ${ICON.warning} warnings | ${summary.warnings} |`);
  out.push(`| ${ICON.info} infos | ${summary.infos} |`);
  out.push(`| files | ${summary.files} |`, `| objects | ${summary.objects} |`);
  if (summary.skipped > 0) out.push(`| skipped | ${summary.skipped} |`);
  if (input.baseline) out.push(`| in the baseline (not counted) | ${input.baseline.baselined} |`, `| baseline entries no longer found | ${input.baseline.unmatched} |`);
  out.push('');
  // What the run cannot judge, before the findings it softened.
  for (const caveat of summary.caveats ?? []) out.push(`> **Caveat:** ${markdownText(caveat.message)}`, '');
  if (input.diagnostics.length === 0) out.push('No findings.', '');
  else out.push(...findingsByRule(input));
  for (const section of input.sections) out.push(section.trimEnd(), '');
  return `${out.join('\n')}\n`;
}

/** A config problem for the summary; `text` replaces the message and location (a file that does not exist). */
export interface ConfigProblemRow {
  readonly problem: Diagnostic;
  readonly text?: string;
}

/** The job summary when the config file is invalid: nothing was linted, and each problem where it is. */
export function buildConfigSummary(rows: readonly ConfigProblemRow[], link?: SummaryInput['link']): string {
  const out: string[] = ['## kube-netlint', '', `${ICON.error} **The config file is invalid, so nothing was linted.** Fix ${rows.length === 1 ? 'this problem' : `these ${rows.length} problems`}:`, ''];
  out.push('| | location | problem |', '| --- | --- | --- |');
  for (const { problem, text } of rows) {
    out.push(text === undefined ? `| ${ICON[problem.severity]} | ${location(problem, link)} | ${markdownText(problem.message)} |` : `| ${ICON[problem.severity]} | | ${markdownText(text)} |`);
  }
  return `${out.join('\n')}\n`;
}

function findingsByRule(input: SummaryInput): string[] {
  const metas = new Map(input.rules.map((meta) => [meta.id, meta]));
  const groups = new Map<string, Diagnostic[]>();
  for (const d of ordered(input.diagnostics)) {
    const group = groups.get(d.ruleId);
    if (group) group.push(d);
    else groups.set(d.ruleId, [d]);
  }
  // Worst severity first, then the rules with the most findings.
  const worst = (ds: readonly Diagnostic[]) => Math.min(...ds.map((d) => SEVERITY_ORDER.indexOf(d.severity)));
  const sorted = [...groups].sort(([a, da], [b, db]) => worst(da) - worst(db) || db.length - da.length || (a < b ? -1 : a > b ? 1 : 0));

  const out: string[] = ['### Findings by rule', ''];
  let used = 0;
  let omitted = 0;
  for (const [ruleId, diagnostics] of sorted) {
    const counts = SEVERITY_ORDER.map((s) => [s, diagnostics.filter((d) => d.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${ICON[s]} ${plural(n, NOUN[s])}`)
      .join(', ');
    const description = metas.get(ruleId)?.description;
    out.push(`<details open><summary><b>${escapeHtml(ruleId)}</b>: ${counts}</summary>`, '');
    if (description) out.push(`${markdownText(description)} [Documentation](${ruleDocUrl(ruleId)})`, '');
    out.push('| | location | message |', '| --- | --- | --- |');
    for (const d of diagnostics) {
      if (used > FINDINGS_BUDGET) {
        omitted++;
        continue;
      }
      const row = `| ${ICON[d.severity]} | ${location(d, input.link)} | ${markdownText(d.message)} |`;
      used += row.length;
      out.push(row);
    }
    out.push('', '</details>', '');
  }
  if (omitted > 0) out.push(`_${plural(omitted, 'more finding')} left out to keep the summary under GitHub's size limit; all are in the log and the SARIF file._`, '');
  return out;
}

function location(d: Diagnostic, link: SummaryInput['link']): string {
  const { line, column } = positionAt(d.file, d.span.start);
  const text = markdownCode(`${d.file.path}:${line}:${column}`, true);
  const url = link?.(d.file.path, line);
  return url ? `[${text}](${url})` : text;
}
