import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { rules } from '../rules/index.ts';
import { positionAt } from '../src/source/text.ts';
import { markerKeys, readMarkers } from './support/expect-markers.ts';
import { messageStyleProblems } from './support/message-style.ts';
import { runRule } from './support/rule-tester.ts';

/**
 * Rules whose findings come from outside any manifest (file system, parser, the config file's
 * assertions); their docs show no runnable YAML example. reachability-assertion is tested with config
 * files in rules/reachability-assertion.test.ts.
 */
const NO_RUNNABLE_EXAMPLES = new Set(['skipped-file', 'render-failed', 'reachability-assertion']);

/** The ```yaml blocks under a `## Heading` of a rule doc. */
function examplesUnder(markdown: string, heading: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) return [];
  return [...section.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('rule docs', () => {
  for (const rule of rules) {
    const id = rule.meta.id;
    const docPath = new URL(`../rules/${id}.md`, import.meta.url);
    describe(id, () => {
      it('then it has a doc page, a test file and a known severity', () => {
        assert.ok(existsSync(docPath), `rules/${id}.md is missing`);
        assert.ok(existsSync(new URL(`../rules/${id}.test.ts`, import.meta.url)), `rules/${id}.test.ts is missing`);
        assert.ok(['error', 'warning', 'info'].includes(rule.meta.severity));
        assert.ok(rule.meta.description.length > 10 && rule.meta.remediation.length > 10);
        const doc = readFileSync(docPath, 'utf8');
        assert.match(doc, new RegExp(`^# ${id}\\b`), 'the doc starts with "# <rule id>"');
      });
      it('then every message starts lower-case, leaves out the rule id and says what to do', () => {
        const problems = Object.entries(rule.meta.messages).flatMap(([messageId, template]) => messageStyleProblems(id, template).map((p) => `${messageId}: ${p}`));
        assert.deepEqual(problems, []);
      });
      if (NO_RUNNABLE_EXAMPLES.has(id)) return;
      it('then its Invalid examples report exactly the marked lines, and its Valid examples report nothing', () => {
        const doc = readFileSync(docPath, 'utf8');
        const invalid = examplesUnder(doc, 'Invalid');
        const valid = examplesUnder(doc, 'Valid');
        assert.ok(invalid.length > 0, 'the doc has a ## Invalid section with a ```yaml example');
        assert.ok(valid.length > 0, 'the doc has a ## Valid section with a ```yaml example');
        for (const example of invalid) {
          const expected = readMarkers(example).filter((m) => m.ruleId === id);
          assert.ok(expected.length > 0, `an Invalid example has no "# expect: ${id}" marker:\n${example}`);
          const found = runRule(rule, example).map((d) => ({ line: positionAt(d.file, d.span.start).line, ruleId: d.ruleId }));
          assert.deepEqual(markerKeys(found), markerKeys(expected), `Invalid example:\n${example}`);
        }
        for (const example of valid) {
          assert.deepEqual(runRule(rule, example).map((d) => d.message), [], `Valid example:\n${example}`);
        }
      });
    });
  }
});
