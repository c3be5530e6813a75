import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { failsOn } from '../src/action/run.ts';
import { analyze, AnalysisCache, analyzeDocuments } from '../src/analyze.ts';
import { processIo, type CliIo } from '../src/app/io.ts';
import { runCli } from '../src/cli/run.ts';
import { DEFAULT_CONFIG, resolveConfig } from '../src/app/config.ts';
import { formatters } from '../src/format/index.ts';
import type { Rule } from '../src/lint/types.ts';
import { toLspDiagnostic } from '../src/lsp/convert.ts';
import { parseSources } from '../src/source/parse.ts';
import { deployment } from './support/manifests.ts';
import { toSourceFiles } from './support/rule-tester.ts';

/**
 * A report's own severity (`Report.severity`) is a cap: the finding gets the less severe of it and the
 * rule's effective severity, and every output reads that.
 */

/** An error rule reporting every Service port: uncapped, except ports named "minor" (at most warning) and "trivial" (at most info). */
const portRule: Rule = {
  meta: {
    id: 'port-rule',
    severity: 'error',
    scope: 'document',
    description: 'Test rule: reports every Service port.',
    messages: { port: 'port {{port}}' },
    remediation: 'Nothing to do; this rule exists for tests.',
  },
  check(context) {
    context.each(context.model.services, (service) => {
      for (const port of service.ports) {
        const cap = port.name === 'minor' ? 'warning' : port.name === 'trivial' ? 'info' : undefined;
        context.report({ messageId: 'port', ...(cap ? { severity: cap } : {}), data: { port: port.port ?? '?' }, at: { object: service.object, path: [...port.path, 'port'] } });
      }
    });
  },
};

const manifest = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - {name: plain, port: 80}
    - {name: minor, port: 81}
    - {name: trivial, port: 82}
`;

function severities(config: Record<string, unknown> | undefined): string[] {
  const resolved = config ? resolveConfig(config) : DEFAULT_CONFIG;
  return analyze({ files: toSourceFiles(manifest), config: resolved, rules: [portRule] }).diagnostics.map((d) => d.severity);
}

describe('a report with its own severity', () => {
  const table: readonly { readonly setting: unknown; readonly expected: readonly string[] }[] = [
    { setting: undefined, expected: ['error', 'warning', 'info'] },
    { setting: 'error', expected: ['error', 'warning', 'info'] },
    { setting: 'warning', expected: ['warning', 'warning', 'info'] },
    { setting: { severity: 'info' }, expected: ['info', 'info', 'info'] },
    { setting: 'off', expected: [] },
  ];
  for (const { setting, expected } of table) {
    it(`when the config sets the rule to ${JSON.stringify(setting ?? 'nothing')}, then the findings are ${expected.join(', ') || 'none'}`, () => {
      assert.deepEqual(severities(setting === undefined ? undefined : { rules: { 'port-rule': setting } }), expected);
    });
  }

  it('when the language server replays cached findings of a document-scoped rule, then they keep their own severity', () => {
    const files = toSourceFiles(manifest);
    const input = { files, documents: parseSources(files), config: resolveConfig({ rules: { 'port-rule': 'warning' } }), rules: [portRule], cache: new AnalysisCache() };
    const first = analyzeDocuments(input).diagnostics.map((d) => d.severity);
    const replayed = analyzeDocuments(input).diagnostics.map((d) => d.severity);
    assert.deepEqual(first, ['warning', 'warning', 'info']);
    assert.deepEqual(replayed, first);
  });

  it('when findings are capped, then the summary, fail-on, every format and the LSP read the capped severity, and SARIF keeps the rule level as default', () => {
    const analysis = analyze({ files: toSourceFiles(manifest), config: DEFAULT_CONFIG, rules: [portRule] });
    assert.deepEqual({ errors: analysis.summary.errors, warnings: analysis.summary.warnings, infos: analysis.summary.infos }, { errors: 1, warnings: 1, infos: 1 });
    assert.equal(failsOn('error', { errors: 0, warnings: 1 }), false);
    assert.equal(failsOn('warning', { errors: 0, warnings: analysis.summary.warnings }), true);

    const input = { diagnostics: analysis.diagnostics, summary: analysis.summary, rules: [portRule.meta], color: false, version: '0.0.0' };
    const sarif = JSON.parse(formatters.sarif!(input));
    assert.deepEqual(sarif.runs[0].results.map((r: { level: string }) => r.level), ['error', 'warning', 'note']);
    assert.equal(sarif.runs[0].tool.driver.rules[0].defaultConfiguration.level, 'error');
    const json = JSON.parse(formatters.json!(input));
    assert.deepEqual(json.diagnostics.map((d: { severity: string }) => d.severity), ['error', 'warning', 'info']);
    assert.deepEqual(formatters.compact!(input).match(/(Error|Warning|Info) -/g), ['Error -', 'Warning -', 'Info -']);
    assert.deepEqual(formatters.github!(input).match(/^::\w+/gm), ['::error', '::warning', '::notice']);
    assert.deepEqual(formatters.stylish!(input).match(/ {2}(error|warning|info) {2}port/g), ['  error  port', '  warning  port', '  info  port']);

    const context = { encoding: 'utf-16' as const, uriOf: (file: { absPath: string }) => `file://${file.absPath}`, ruleIds: new Set(['port-rule']) };
    assert.deepEqual(analysis.diagnostics.map((d) => toLspDiagnostic(d, context).severity), [1, 2, 3]);
  });
});

describe('service-ports through the CLI', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A clean Deployment and a Service to it whose port name is a DNS label but no IANA service name. */
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-severity-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'k8s'));
    const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: web-http-primary-port
      port: 80
      targetPort: http
`;
    writeFileSync(join(dir, 'k8s', 'app.yaml'), `${deployment()}---\n${service}`);
    return dir;
  }

  async function run(cwd: string, argv: readonly string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const io: CliIo = { ...processIo(), cwd, env: {}, isTTY: false, stdout: (t) => void (stdout += t), stderr: () => undefined, readStdin: () => '' };
    return { code: await runCli(argv, io), stdout };
  }

  it('when the only finding is a port name that is no IANA service name, then it is a warning and the exit code is 0, or 1 past --max-warnings 0', async () => {
    const dir = project();
    const plain = await run(dir, ['k8s', '--format', 'json']);
    const findings = JSON.parse(plain.stdout).diagnostics.map((d: { ruleId: string; severity: string }) => `${d.ruleId} ${d.severity}`);
    assert.deepEqual(findings, ['service-ports warning']);
    assert.equal(plain.code, 0);
    assert.equal((await run(dir, ['k8s', '--format', 'json', '--max-warnings', '0'])).code, 1);
  });
});
