import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { builtCli, cliEnv, runBuiltCli } from './support/built-cli.ts';

/**
 * A reader that stops early (`kube-netlint ... | head -1`) closes the pipe while the CLI still
 * writes. Each output here is megabytes, far beyond a pipe's buffer, so the CLI must meet the closed
 * pipe (EPIPE): it must stop quietly, with its usual exit code and no stack trace.
 */

const deployments = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: w${i}, namespace: ns${i % 5}}
spec:
  selector: {matchLabels: {app: w${i}}}
  template:
    metadata: {labels: {app: w${i}}}
    spec: {containers: [{name: main, image: nginx, ports: [{containerPort: 8080}]}]}
`,
  ).join('---\n');
/** Services that select no pod: one warning with a code frame each, for a long lint report. */
const orphans = (count: number) =>
  Array.from({ length: count }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ns0}\nspec:\n  selector: {app: nothing-${i}}\n  ports: [{port: 80}]\n`).join('---\n');

const root = mkdtempSync(join(tmpdir(), 'kube-netlint-pipe-'));
mkdirSync(join(root, 'old'));
mkdirSync(join(root, 'new'));
writeFileSync(join(root, 'old', 'apps.yaml'), deployments(2));
writeFileSync(join(root, 'new', 'apps.yaml'), deployments(250));
writeFileSync(join(root, 'new', 'services.yaml'), orphans(5000));

/** Runs the built CLI with stdout a real pipe that the reader closes after its first chunk. */
function runUntilFirstChunk(args: readonly string[]): Promise<{ code: number | null; signal: string | null; first: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli(), ...args], { cwd: root, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let first = '';
    let stderr = '';
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString('utf8');
      child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, first, stderr }));
  });
}

describe('output into a pipe that closes early', () => {
  after(() => rmSync(root, { recursive: true, force: true }));

  // `code` is the exit code of a full run: lint finds errors (Services selecting nothing), so 1.
  const cases: readonly { readonly what: string; readonly args: readonly string[]; readonly start: RegExp; readonly code: number }[] = [
    { what: 'reach', args: ['reach', '--no-config', 'new'], start: /^FROM\s+TO\s+CONNECTIONS/, code: 0 },
    { what: 'reach --format json', args: ['reach', '--no-config', '-f', 'json', 'new'], start: /^\{\n {2}"version": 1/, code: 0 },
    { what: 'diff --format json', args: ['diff', '--no-config', '-f', 'json', 'old', 'new'], start: /^\{\n {2}"version": 1/, code: 0 },
    { what: 'lint', args: ['--no-config', 'new'], start: /services\.yaml/, code: 1 },
  ];
  for (const { what, args, start, code } of cases) {
    it(`when the reader of kube-netlint ${what} closes after the first chunk, then it exits quietly with its usual exit code`, async () => {
      const full = runBuiltCli([...args, '-o', 'full.out'], { cwd: root });
      assert.equal(full.code, code);
      const bytes = statSync(join(root, 'full.out')).size;
      assert.ok(bytes > 1 << 20, `the output must exceed any pipe buffer (${bytes} bytes)`);
      const cut = await runUntilFirstChunk(args);
      assert.match(cut.first, start);
      assert.equal(cut.stderr, '');
      assert.equal(cut.signal, null);
      assert.equal(cut.code, code);
    });
  }
});
