import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RunWatch, timingReport } from '../src/cli/progress.ts';
import { runBuiltCli, runShell } from './support/built-cli.ts';

const examples = new URL('../examples/', import.meta.url).pathname;
const ERASE = '\r\u001b[2K';

describe('progress on standard error', () => {
  it('when stderr is a real pseudo-terminal (script) and the run passes the threshold, then the progress line counts files, objects and rules and is erased before the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-progress-'));
    // The line is redrawn at most every 100 ms: the examples alone now lint in less than that after the
    // first draw, so a tree of a few thousand small workloads and Services beside them keeps the run long enough to redraw.
    mkdirSync(join(dir, 'tree'));
    for (let i = 0; i < 3000; i++) {
      writeFileSync(
        join(dir, 'tree', `app-${i}.yaml`),
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}, namespace: bulk}\nspec:\n  selector: {matchLabels: {app: app-${i}}}\n  template:\n    metadata: {labels: {app: app-${i}}}\n    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: app-${i}, namespace: bulk}\nspec: {selector: {app: app-${i}}, ports: [{port: 80, targetPort: 8080}]}\n`,
      );
    }
    // script(1) from util-linux runs the command on a new pseudo-terminal and copies what it writes to
    // ours; standard output goes to a file, so what the terminal shows is standard error alone.
    const command = `script -qec '$KUBE_NETLINT --config ${examples}.kube-netlint.yaml ${examples} ${dir}/tree > ${dir}/report.txt' /dev/null`;
    const result = runShell(command, { cwd: dir, env: { KUBE_NETLINT_PROGRESS_AFTER_MS: '0' } });
    assert.equal(result.code, 1, result.stderr);
    const terminal = result.stdout;
    assert.match(terminal, /kube-netlint: \d+ files read, \d+ objects, rules \d+\/\d+ \(rule [a-z-]+\)/);
    assert.ok(terminal.endsWith(ERASE), JSON.stringify(terminal.slice(-40)));
    const report = readFileSync(join(dir, 'report.txt'), 'utf8');
    assert.doesNotMatch(report, /files read/);
    assert.match(report, /problems? \(/);
  });

  it('when stderr is a pipe, then nothing but the report is written, even past the threshold', () => {
    const result = runBuiltCli(['--config', `${examples}.kube-netlint.yaml`, examples], { cwd: examples, env: { KUBE_NETLINT_PROGRESS_AFTER_MS: '0' } });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, '');
  });

  it('when the run has taken less than a second, then no progress is drawn; after it, the line is drawn and erased by finish', () => {
    let clock = 0;
    let written = '';
    const watch = new RunWatch({ stderr: (t) => void (written += t), progress: true, timing: false, now: () => clock });
    watch.counted('files', 3);
    watch.begin('read')();
    clock = 999;
    watch.begin('parse')();
    assert.equal(written, '');
    clock = 1000;
    watch.counted('objects', 7);
    watch.counted('rules', 2);
    const end = watch.begin('rule service-ports');
    assert.equal(written, `${ERASE}kube-netlint: 3 files read, 7 objects, rules 0/2 (rule service-ports)`);
    clock = 1050;
    end(); // within the redraw interval: not drawn again
    watch.finish();
    assert.equal(written, `${ERASE}kube-netlint: 3 files read, 7 objects, rules 0/2 (rule service-ports)${ERASE}`);
  });
});

describe('--timing', () => {
  it('when phases and rules took known times, then the report lists each phase with its share and the slowest rules first, the rest summed', () => {
    const times = new Map<string, number>([
      ['read', 10],
      ['parse', 20],
      ['model', 10],
      ['rule a', 5],
      ['rule b', 40],
      ['rule c', 15],
      ['format', 0],
    ]);
    assert.equal(
      timingReport(times, 2),
      [
        'Phase  | Time (ms) | Relative',
        ':------|----------:|--------:',
        'read   |      10.0 |    10.0%',
        'parse  |      20.0 |    20.0%',
        'model  |      10.0 |    10.0%',
        'rules  |      60.0 |    60.0%',
        'format |       0.0 |     0.0%',
        'total  |     100.0 |   100.0%',
        '',
        'Rule | Time (ms) | Relative',
        ':----|----------:|--------:',
        'b    |      40.0 |    66.7%',
        'c    |      15.0 |    25.0%',
        '(1 more rule: 5.0 ms)',
        '',
      ].join('\n'),
    );
  });

  it('when the real CLI runs with --timing, then stderr has every phase and the rules sorted slowest first, and stdout is the report as without it', () => {
    const args = ['--format', 'json', '--config', `${examples}.kube-netlint.yaml`, examples];
    const timed = runBuiltCli(['--timing', ...args], { cwd: examples });
    const plain = runBuiltCli(args, { cwd: examples });
    assert.equal(timed.stdout, plain.stdout);
    const rows = timed.stderr.split('\n').filter((line) => / \| +[\d.]+ \| /.test(line)).map((line) => line.split('|').map((cell) => cell.trim()));
    assert.deepEqual(rows.slice(0, 6).map(([name]) => name), ['read', 'parse', 'model', 'rules', 'format', 'total']);
    const ruleTimes = rows.slice(6).map(([, ms]) => Number(ms));
    assert.ok(ruleTimes.length === 10, timed.stderr);
    assert.deepEqual(ruleTimes, [...ruleTimes].sort((a, b) => b - a));
    assert.match(timed.stderr, /\(\d+ more rules?: [\d.]+ ms\)/);
  });
});
