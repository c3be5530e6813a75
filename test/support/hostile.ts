import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { builtCli, cliEnv } from './built-cli.ts';

/** One finding of the JSON report, flattened for assertions. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Report {
  readonly code: number | null;
  readonly stderr: string;
  readonly summary: { files: number; objects: number; skipped: number; errors: number; warnings: number; infos: number };
  readonly findings: readonly Finding[];
}

/**
 * Temp trees of one test file, removed after its tests (call at the top level of the file). Each tree
 * is written as given: a string is a file's text, a Buffer its bytes.
 */
export function hostileTrees(prefix: string) {
  const roots: string[] = [];
  after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  return (files: Readonly<Record<string, string | Buffer>> = {}): string => {
    const root = mkdtempSync(join(tmpdir(), `kube-netlint-hostile-${prefix}-`));
    chmodSync(root, 0o755);
    roots.push(root);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), content);
    }
    return root;
  };
}

/** Runs the built CLI as a real process with `--format json` and returns its report. */
export function lintJson(args: readonly string[], cwd: string, input = ''): Report {
  const result = spawnSync(process.execPath, [builtCli(), '--format', 'json', ...args], { cwd, env: cliEnv(), encoding: 'utf8', input, maxBuffer: 1 << 28 });
  assert.equal(result.signal, null, `the CLI was killed by ${result.signal}: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+\)?\n|internal error/, `no stack trace or internal error on stderr:\n${result.stderr}`);
  let body: { summary: Report['summary']; diagnostics: Finding[] };
  try {
    body = JSON.parse(result.stdout);
  } catch {
    assert.fail(`the report is no JSON (exit ${result.status}):\n${result.stdout.slice(0, 2000)}\n${result.stderr}`);
  }
  const findings = body.diagnostics.map(({ ruleId, severity, message, file, line, column }) => ({ ruleId, severity, message, file, line, column }));
  return { code: result.status, stderr: result.stderr, summary: body.summary, findings };
}

/** `file:line:column rule message`, for readable assertion failures. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`).join('\n');
}

/** Asserts a finding of `ruleId` at `file:line` (and `column`, when given) whose message includes `includes`. */
export function expectFinding(report: Report, where: { file: string; line: number; column?: number }, ruleId: string, includes: string): Finding {
  const hit = report.findings.find(
    (f) => f.file === where.file && f.line === where.line && (where.column === undefined || f.column === where.column) && f.ruleId === ruleId && f.message.includes(includes),
  );
  assert.ok(hit, `expected ${where.file}:${where.line}${where.column ? `:${where.column}` : ''} ${ruleId} "${includes}" among:\n${describeFindings(report.findings)}`);
  return hit;
}

/** A Service with a port the API server rejects: when its file is analysed, `schema` reports it at `spec.ports[0].port`. */
export function brokenService(name: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${name}}\n  ports:\n    - port: 99999\n`;
}
