import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { processIo, type CliIo } from '../src/app/io.ts';
import { runCli } from '../src/cli/run.ts';
import { deployment, service } from './support/manifests.ts';

/**
 * The options every command shares (--output-file, --namespace, --format), run in-process with a
 * working directory that is not the process's: every path must be read relative to `io.cwd`.
 */

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const app = `${deployment()}---\n${deployment('api').replace('name: web', 'name: api')}---\n${service('web')}`;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-options-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries({ '.kube-netlint.yaml': 'rules: {}\n', 'k8s/app.yaml': app, 'old/app.yaml': deployment(), 'new/app.yaml': app })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function run(cwd: string, argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { ...processIo(), cwd, env: {}, isTTY: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: () => '' };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Each command that writes a report, with its arguments before `-o`. */
const commands: readonly (readonly string[])[] = [
  ['k8s'],
  ['reach', 'k8s'],
  ['explain', 'default/api', 'default/web', 'k8s'],
  ['diff', 'old', 'new'],
];

describe('--output-file', () => {
  for (const args of commands) {
    const name = args[0] === 'k8s' ? 'lint' : args[0];
    it(`when ${name} is given a relative --output-file, then the report is written under the working directory, not to stdout`, async () => {
      const dir = project();
      const result = await run(dir, [...args, '-o', 'reports/out.txt']);
      assert.ok(result.code === 0 || result.code === 1, result.stderr);
      assert.equal(result.stdout, '');
      const written = readFileSync(join(dir, 'reports/out.txt'), 'utf8');
      assert.equal(written, (await run(dir, args)).stdout);
      assert.ok(written.length > 0);
    });

    it(`when ${name} cannot write its --output-file, then it exits 2 with a usage message naming the file`, async () => {
      const dir = project();
      const result = await run(dir, [...args, '-o', 'k8s/app.yaml/out.txt']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^kube-netlint: cannot write --output-file k8s\/app\.yaml\/out\.txt: E[A-Z]+\n/);
      assert.doesNotMatch(result.stderr, /internal error/);
    });
  }
});

describe('--namespace and --format', () => {
  it('when --namespace is given, then reach, explain and diff all place objects that declare none there', async () => {
    const dir = project();
    assert.match((await run(dir, ['reach', '-n', 'shop', 'k8s'])).stdout, /^shop\/api\[Deployment\] +shop\/web\[Deployment\] +all$/m);
    assert.match((await run(dir, ['explain', '-n', 'shop', 'shop/api', 'shop/web', 'k8s'])).stdout, /^shop\/api\[Deployment\] -> shop\/web\[Deployment\]/);
    assert.match((await run(dir, ['diff', '-n', 'shop', 'old', 'new'])).stdout, /^ {2}\+ shop\/api\[Deployment\] -> shop\/web\[Deployment\]: all$/m);
  });

  it('when --format names no format of the command, then each command exits 2 listing its own formats', async () => {
    const dir = project();
    const expected: Record<string, RegExp> = {
      lint: /unknown format "yaml"; use one of stylish, json, compact, sarif, github/,
      reach: /unknown reach format "yaml"; use one of table, json, csv, md, dot, mermaid, html/,
      explain: /unknown explain format "yaml"; use one of text, json/,
      diff: /unknown diff format "yaml"; use one of text, json, md/,
    };
    for (const args of commands) {
      const result = await run(dir, [...args, '--format', 'yaml']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, expected[args[0] === 'k8s' ? 'lint' : args[0]!]!);
    }
  });
});

describe('--namespace validation', () => {
  for (const args of commands) {
    const name = args[0] === 'k8s' ? 'lint' : args[0];
    it(`when ${name} is given a --namespace that is no namespace name, then it exits 2 with a usage message saying why`, async () => {
      const dir = project();
      const result = await run(dir, [...args, '-n', 'Bad_NS']);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^kube-netlint: --namespace "Bad_NS" is not a namespace name: upper-case letters are not allowed\n/);
    });
  }

  it('when --namespace is empty or longer than 63 characters, then lint exits 2', async () => {
    const dir = project();
    assert.match((await run(dir, ['k8s', '--namespace', ''])).stderr, /--namespace "" is not a namespace name: the name is empty/);
    assert.match((await run(dir, ['k8s', '-n', 'a'.repeat(64)])).stderr, /is not a namespace name: 64 characters, at most 63 are allowed/);
  });
});

describe('a config with mistakes and a machine format', () => {
  const broken = (dir: string) => writeFileSync(join(dir, '.kube-netlint.yaml'), 'rules:\n  service-selector-orphan: loud\n');

  it('when --format json and --output-file are given, then the config problems are written to that file as the JSON report, and it exits 2', async () => {
    const dir = project();
    broken(dir);
    const result = await run(dir, ['k8s', '-f', 'json', '-o', 'report.json']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^kube-netlint: the config file \.kube-netlint\.yaml has a problem; nothing was linted\.\n$/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { summary: { errors: number }; diagnostics: { ruleId: string; file: string; line: number }[] };
    assert.equal(report.summary.errors, 1);
    assert.deepEqual(report.diagnostics.map((d) => [d.ruleId, d.file, d.line]), [['config', '.kube-netlint.yaml', 2]]);
  });

  it('when --format sarif is given, then the config problems are the SARIF report on stdout, and it exits 2', async () => {
    const dir = project();
    broken(dir);
    const result = await run(dir, ['k8s', '-f', 'sarif']);
    assert.equal(result.code, 2);
    const sarif = JSON.parse(result.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    assert.deepEqual(sarif.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region.startLine]), [['config', 2]]);
  });
});

describe('ignore globs of the config', () => {
  it('when the config in the project root ignores sub/k8s/tests/**, then that file is ignored whether kube-netlint runs in the root or in sub/', async () => {
    const dir = project();
    writeFileSync(join(dir, '.kube-netlint.yaml'), 'ignore:\n  - sub/k8s/tests/**\n');
    for (const path of ['sub/k8s/tests/t.yaml', 'sub/k8s/app.yaml']) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), service('nope'));
    }
    const files = (stdout: string) => (JSON.parse(stdout) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file);
    const fromRoot = await run(dir, ['sub', '-f', 'json']);
    assert.deepEqual([...new Set(files(fromRoot.stdout))], ['sub/k8s/app.yaml'], fromRoot.stderr);
    const fromSub = await run(join(dir, 'sub'), ['-f', 'json']);
    assert.deepEqual([...new Set(files(fromSub.stdout))], ['k8s/app.yaml'], fromSub.stderr);
  });

  it('when the config is given with --config from another directory, then its globs are still relative to its own directory', async () => {
    const dir = project();
    mkdirSync(join(dir, 'conf'), { recursive: true });
    writeFileSync(join(dir, 'conf', 'lint.yaml'), 'ignore:\n  - tests/\n');
    for (const path of ['conf/tests/t.yaml', 'tests/t.yaml']) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), service('nope'));
    }
    const result = await run(dir, ['conf', 'tests', '-c', 'conf/lint.yaml', '-f', 'json']);
    const files = (JSON.parse(result.stdout) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file);
    assert.deepEqual([...new Set(files)], ['tests/t.yaml'], result.stderr);
  });
});
