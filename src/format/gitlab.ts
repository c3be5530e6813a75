import { createHash } from 'node:crypto';
import { findingIdentity } from '../lint/baseline.ts';
import type { Severity } from '../lint/types.ts';
import { positionAt } from '../source/text.ts';
import { jsonText } from '../util/escape.ts';
import { ordered } from './text.ts';
import type { FormatInput } from './types.ts';

/** GitLab's Code Quality severities (info, minor, major, critical, blocker) for ours, as eslint-formatter-gitlab maps ESLint's. */
const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };

/**
 * A GitLab Code Quality report (`artifacts: reports: codequality:`): the subset of the Code Climate
 * issue format GitLab reads (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
 * `description`, `check_name`, `fingerprint`, `severity` and `location.path` with `location.lines.begin`.
 * GitLab tells new findings of a merge request from old ones by `fingerprint`, so it is the baseline's
 * identity of the finding (rule, object, field, message values; never its line), hashed, with the
 * occurrence number when the same finding occurs more than once.
 */
export function formatGitlab(input: FormatInput): string {
  const seen = new Map<string, number>();
  const issues = ordered(input.diagnostics).map((d) => {
    const identity = findingIdentity(d);
    const occurrence = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, occurrence);
    const start = positionAt(d.file, d.span.start);
    const end = positionAt(d.file, d.span.end);
    return {
      type: 'issue',
      check_name: d.ruleId,
      description: d.message,
      categories: ['Bug Risk'],
      severity: SEVERITY[d.severity],
      fingerprint: createHash('md5').update(`${identity}\u0000${occurrence}`).digest('hex'),
      location: { path: d.file.path, lines: { begin: start.line, end: end.line } },
    };
  });
  return `${jsonText(issues, 2)}\n`;
}
