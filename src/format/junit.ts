import type { Diagnostic } from '../lint/types.ts';
import { positionAt } from '../source/text.ts';
import { xmlText } from '../util/escape.ts';
import { describeScope, ordered } from './text.ts';
import type { FormatInput } from './types.ts';

/**
 * JUnit XML, as Jenkins, GitLab and Azure DevOps read test reports (the Ant `XMLJUnitResultFormatter`
 * shape that Jenkins' junit-4.xsd describes): one `<testsuite>` per file with findings, one
 * `<testcase>` per finding. Errors and warnings are `<failure>`s whose `type` is the severity, as
 * ESLint's junit format has them; an info is a passing test case with the finding in `<system-out>`,
 * so that what the tool only notes does not turn the test report red. A run without findings is one
 * passing test case, so the report still shows that the lint ran.
 */
export function formatJunit(input: FormatInput): string {
  const diagnostics = ordered(input.diagnostics);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file.path);
    if (list) list.push(d);
    else byFile.set(d.file.path, [d]);
  }
  const failures = diagnostics.filter((d) => d.severity !== 'info').length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const tests = Math.max(diagnostics.length, 1);
  out.push(`<testsuites name="kube-netlint" tests="${tests}" failures="${failures}" errors="0" time="0">`);
  if (diagnostics.length === 0) {
    out.push('  <testsuite name="kube-netlint" tests="1" failures="0" errors="0" skipped="0" time="0">');
    out.push(`    <testcase name="${xmlText(`no problems in ${describeScope(input.summary)}`)}" classname="kube-netlint" time="0"/>`);
    out.push('  </testsuite>');
  }
  for (const [path, list] of byFile) {
    const fileFailures = list.filter((d) => d.severity !== 'info').length;
    out.push(`  <testsuite name="${xmlText(path)}" tests="${list.length}" failures="${fileFailures}" errors="0" skipped="0" time="0">`);
    for (const d of list) out.push(...testcase(d));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(d: Diagnostic): string[] {
  const { line, column } = positionAt(d.file, d.span.start);
  const where = d.object ? `${d.object.kind} ${d.object.namespace}/${d.object.name}` : d.file.path;
  const name = `${d.ruleId}: ${where} (${line}:${column})`;
  // The body: where, what and the related locations, one a line (each line escaped on its own).
  const body = [`${d.file.path}:${line}:${column} ${d.severity} ${d.message} (${d.ruleId})`];
  for (const r of d.related) {
    const at = positionAt(r.file, r.span.start);
    body.push(`related: ${r.file.path}:${at.line}:${at.column} ${r.message}`);
  }
  const text = body.map(xmlText).join('\n');
  const open = `    <testcase name="${xmlText(name)}" classname="${xmlText(d.file.path)}" time="0">`;
  if (d.severity === 'info') return [open, `      <system-out>${text}</system-out>`, '    </testcase>'];
  return [open, `      <failure type="${d.severity}" message="${xmlText(d.message)}">${text}</failure>`, '    </testcase>'];
}

