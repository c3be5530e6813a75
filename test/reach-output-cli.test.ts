import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

/**
 * `lint --reach-output FILE`: the matrix of the model the lint built, written beside the report, must
 * be what `reach` prints for the same tree, byte for byte, in every format.
 */
const tree = new URL('./golden/reach/tree', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'kube-netlint-reach-output-'));
after(() => rmSync(out, { recursive: true, force: true }));

describe('lint --reach-output', () => {
  it('when lint writes --reach-output with no --reach-format, then the file is byte for byte what reach --format json prints, and the lint report is unchanged', () => {
    const file = join(out, 'default.json');
    const lint = runBuiltCli(['--format', 'json', '--reach-output', file], { cwd: tree });
    const plain = runBuiltCli(['--format', 'json'], { cwd: tree });
    const reach = runBuiltCli(['reach', '--format', 'json'], { cwd: tree });
    assert.equal(reach.code, 0);
    assert.ok(reach.stdout.includes('"edges"'));
    assert.equal(readFileSync(file, 'utf8'), reach.stdout);
    assert.equal(lint.code, plain.code);
    assert.equal(lint.stdout, plain.stdout);
    assert.equal(lint.stderr, plain.stderr);
  });

  for (const format of ['json', 'table', 'md', 'csv', 'dot', 'mermaid', 'html']) {
    it(`when lint writes --reach-output with --reach-format ${format}, then the file is byte for byte what reach --format ${format} prints`, () => {
      const file = join(out, `matrix.${format}`);
      runBuiltCli(['--reach-output', file, '--reach-format', format], { cwd: tree });
      const reach = runBuiltCli(['reach', '--format', format], { cwd: tree });
      assert.equal(reach.code, 0);
      assert.ok(reach.stdout.length > 0);
      assert.equal(readFileSync(file, 'utf8'), reach.stdout);
    });
  }

  it('when the tree holds a kind that decides traffic but is not modelled, then csv output names the caveat on stderr as reach does', () => {
    const dir = mkdtempSync(join(out, 'caveat-'));
    writeFileSync(
      join(dir, 'all.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n' +
        // An Antrea policy: a kind the engine does not evaluate (Cilium's and Calico's are evaluated).
        '---\napiVersion: crd.antrea.io/v1beta1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  priority: 5\n  appliedTo: [{podSelector: {}}]\n',
    );
    const file = join(out, 'caveat.csv');
    const lint = runBuiltCli(['--reach-output', file, '--reach-format', 'csv'], { cwd: dir });
    const reach = runBuiltCli(['reach', '--format', 'csv'], { cwd: dir });
    assert.equal(readFileSync(file, 'utf8'), reach.stdout);
    const caveat = reach.stderr.split('\n').find((line) => line.startsWith('kube-netlint: caveat:'));
    assert.ok(caveat?.includes('NetworkPolicy (crd.antrea.io)'), reach.stderr);
    assert.ok(lint.stderr.includes(caveat!), lint.stderr);
  });

  it('when --reach-format names no reach format, then the run stops with exit 2 naming the formats, and writes nothing', () => {
    const file = join(out, 'bad.txt');
    const result = runBuiltCli(['--reach-output', file, '--reach-format', 'sarif'], { cwd: tree });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown --reach-format "sarif"; use one of table, json, csv, md, dot, mermaid, html/);
    assert.equal(result.stdout, '');
    assert.equal(existsSync(file), false);
  });

  it('when --reach-format is given without --reach-output, then the run stops with exit 2', () => {
    const result = runBuiltCli(['--reach-format', 'json'], { cwd: tree });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--reach-format applies to --reach-output FILE/);
  });

  it('when --reach-output and --output-file name the same file, then the run stops with exit 2', () => {
    const file = join(out, 'same.json');
    const result = runBuiltCli(['-o', file, '--reach-output', file], { cwd: tree });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /both name/);
    assert.equal(existsSync(file), false);
  });

  it('when --split-dirs splits the run into models of their own, then --reach-output is refused with exit 2 rather than writing one model of several', () => {
    const dir = mkdtempSync(join(out, 'split-'));
    for (const app of ['a', 'b']) {
      mkdirSync(join(dir, app));
      writeFileSync(join(dir, app, 'svc.yaml'), `apiVersion: v1\nkind: Service\nmetadata: {name: ${app}}\nspec: {selector: {app: ${app}}, ports: [{port: 80}]}\n`);
    }
    const file = join(out, 'split.json');
    const result = runBuiltCli(['--split-dirs', '1', '--reach-output', file], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--reach-output writes the matrix of one model, and --split-dirs split this run/);
    assert.equal(existsSync(file), false);
  });
});
