import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, AnalysisCache, analyzeDocuments } from '../../src/analyze.ts';
import { DEFAULT_CONFIG, resolveConfig } from '../../src/app/config.ts';
import type { Config } from '../../src/config/types.ts';
import type { Diagnostic, Rule, Severity } from '../../src/lint/types.ts';
import { parseSources } from '../../src/source/parse.ts';
import { positionAt } from '../../src/source/text.ts';
import type { SourceFile } from '../../src/source/types.ts';

/** Manifests of one case: a single YAML text, or several files by name (to test cross-file resolution). */
export type Manifests = string | Readonly<Record<string, string>>;

export interface ValidCase {
  readonly name: string;
  readonly manifests: Manifests;
  /** Config overrides (`cluster`, `rules` options), as in .kube-netlint.yaml. */
  readonly config?: Record<string, unknown>;
}

export interface ExpectedFinding {
  readonly messageId: string;
  readonly line: number;
  readonly column?: number;
  /** File name, when the case has several. */
  readonly file?: string;
  /** A substring the message must contain. */
  readonly includes?: string;
  /** The finding's severity (the rule's, or less when the report caps it), under the case's config. */
  readonly severity?: Severity;
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedFinding[];
}

/** Turns a case's manifests into source files named as given (`manifest.yaml` for a single text). */
export function toSourceFiles(manifests: Manifests): SourceFile[] {
  const entries = typeof manifests === 'string' ? [['manifest.yaml', manifests] as const] : Object.entries(manifests);
  return entries.map(([path, text]) => ({ path, absPath: `/virtual/${path}`, text }));
}

/** Lints a case with exactly one rule enabled and returns its findings. */
export function runRule(rule: Rule<any>, manifests: Manifests, config?: Record<string, unknown>): Diagnostic[] {
  const resolved: Config = config ? resolveConfig(config) : DEFAULT_CONFIG;
  return [...analyze({ files: toSourceFiles(manifests), config: resolved, rules: [rule] }).diagnostics];
}

/** As `runRule`, with an analysis cache as the language server keeps: a document-scoped rule runs document by document. */
export function runRuleByDocument(rule: Rule<any>, manifests: Manifests, config?: Record<string, unknown>): Diagnostic[] {
  const resolved: Config = config ? resolveConfig(config) : DEFAULT_CONFIG;
  const files = toSourceFiles(manifests);
  const input = { files, documents: parseSources(files), config: resolved, rules: [rule], cache: new AnalysisCache() };
  return [...analyzeDocuments(input).diagnostics];
}

function describeFinding(d: Diagnostic): string {
  const { line, column } = positionAt(d.file, d.span.start);
  return `${d.file.path}:${line}:${column} ${d.severity} ${d.messageId}: ${d.message}`;
}

/**
 * ESLint-style table tests for one rule: valid cases must report nothing; invalid cases must report
 * exactly the expected message ids at the expected lines. Duplicate cases and unfilled `{{placeholders}}`
 * are rejected, and every message id of the rule must be exercised by some invalid case.
 */
export function testRule(rule: Rule<any>, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  describe(`rule ${rule.meta.id}`, () => {
    it('then no two cases share their manifests and config', () => {
      const seen = new Map<string, string>();
      for (const c of [...cases.valid, ...cases.invalid]) {
        const key = JSON.stringify([c.manifests, c.config ?? null]);
        assert.ok(!seen.has(key), `"${c.name}" duplicates "${seen.get(key)}"`);
        seen.set(key, c.name);
      }
    });
    for (const c of cases.valid) {
      it(`when ${c.name}, then it reports nothing`, () => {
        const found = runRule(rule, c.manifests, c.config);
        assert.deepEqual(found.map(describeFinding), []);
      });
    }
    for (const c of cases.invalid) {
      it(`when ${c.name}, then it reports ${c.errors.map((e) => `${e.messageId}@${e.line}`).join(', ')}`, () => {
        const found = runRule(rule, c.manifests, c.config);
        for (const d of found) assert.doesNotMatch(d.message, /\{\{\s*\w+\s*\}\}/, `unfilled placeholder in: ${d.message}`);
        const actual = found.map((d) => {
          const { line, column } = positionAt(d.file, d.span.start);
          return { d, line, column };
        });
        assert.equal(actual.length, c.errors.length, `expected ${c.errors.length} findings, got:\n${found.map(describeFinding).join('\n')}`);
        c.errors.forEach((expected, i) => {
          const got = actual[i]!;
          const where = describeFinding(got.d);
          assert.equal(got.d.ruleId, rule.meta.id);
          assert.equal(got.d.messageId, expected.messageId, where);
          assert.equal(got.line, expected.line, where);
          if (expected.column !== undefined) assert.equal(got.column, expected.column, where);
          if (expected.file !== undefined) assert.equal(got.d.file.path, expected.file, where);
          if (expected.severity !== undefined) assert.equal(got.d.severity, expected.severity, where);
          if (expected.includes !== undefined) assert.ok(got.d.message.includes(expected.includes), `${where}\nshould include: ${expected.includes}`);
        });
      });
    }
    if (rule.meta.scope === 'document') {
      it('when it runs on each document alone (its scope), then every case gives the same findings as on the whole run', () => {
        for (const c of [...cases.valid, ...cases.invalid]) {
          assert.deepEqual(runRuleByDocument(rule, c.manifests, c.config).map(describeFinding), runRule(rule, c.manifests, c.config).map(describeFinding), c.name);
        }
      });
    }
    it('then every message id is exercised by an invalid case', () => {
      const used = new Set(cases.invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
      const unused = Object.keys(rule.meta.messages).filter((id) => !used.has(id));
      assert.deepEqual(unused, [], `message ids without an invalid case: ${unused.join(', ')}`);
    });
  });
}
