import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGithub, planAnnotations } from '../src/format/github.ts';
import type { Diagnostic, Severity } from '../src/lint/types.ts';
import type { SourceFile } from '../src/source/types.ts';

/**
 * `--format github` and the Action annotate from one plan (planAnnotations): the same messages,
 * the same cap of ten per level, the same rule for columns.
 */

const file: SourceFile = { path: 'k8s/app.yaml', absPath: '/project/k8s/app.yaml', text: Array.from({ length: 30 }, (_, i) => `line${i + 1}: value`).join('\n') };
/** Offset of column 1 of a 1-based line. */
const lineStart = (line: number) => file.text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);

function finding(line: number, severity: Severity = 'error', overrides: Partial<Diagnostic> = {}): Diagnostic {
  const start = lineStart(line) + 7;
  return { ruleId: 'test-rule', messageId: 'm', severity, message: `finding on line ${line}`, file, span: { start, end: start + 5 }, related: [], ...overrides };
}

const input = (diagnostics: Diagnostic[]) => ({ diagnostics, summary: { files: 1, objects: 1, skipped: 0, errors: 0, warnings: 0, infos: 0 }, rules: [], color: false, version: '1.2.3' });

describe('annotations of --format github', () => {
  it('when there are more than ten findings of a level, then ten become commands and the rest follow as plain log lines', () => {
    const diagnostics = [...Array.from({ length: 12 }, (_, i) => finding(i + 1)), finding(20, 'warning')];
    const lines = formatGithub(input(diagnostics)).trimEnd().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('::error ')).length, 10);
    assert.equal(lines.filter((l) => l.startsWith('::warning ')).length, 1);
    const rest = lines.slice(lines.findIndex((l) => !l.startsWith('::')));
    assert.deepEqual(rest, [
      '2 more findings are not annotated (GitHub shows 10 per level):',
      '  error k8s/app.yaml:11:8 finding on line 11 (test-rule)',
      '  error k8s/app.yaml:12:8 finding on line 12 (test-rule)',
    ]);
    assert.equal(planAnnotations(diagnostics).dropped.length, 2);
  });

  it('when a finding spans several lines, then its command has lines but no columns', () => {
    const span = { start: lineStart(3) + 7, end: lineStart(5) + 2 };
    assert.equal(formatGithub(input([finding(3, 'error', { span })])), '::error file=k8s/app.yaml,line=3,endLine=5,title=test-rule::finding on line 3\n');
    assert.deepEqual(planAnnotations([finding(3, 'error', { span })]).annotations[0]!.properties, { title: 'test-rule', file: 'k8s/app.yaml', startLine: 3, endLine: 5 });
  });

  it('when a finding has related locations, then the command message is the planned annotation message', () => {
    const related = [{ file, span: { start: lineStart(9), end: lineStart(9) + 4 }, message: 'the other object' }];
    const diagnostic = finding(2, 'warning', { related });
    const [annotation] = planAnnotations([diagnostic]).annotations;
    assert.equal(annotation!.message, 'finding on line 2\nrelated: k8s/app.yaml:9:1 the other object');
    assert.equal(formatGithub(input([diagnostic])), '::warning file=k8s/app.yaml,line=2,col=8,endLine=2,endColumn=13,title=test-rule::finding on line 2%0Arelated: k8s/app.yaml:9:1 the other object\n');
  });
});
