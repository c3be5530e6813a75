import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { processIo, type CliIo } from '../src/cli/io.ts';
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
