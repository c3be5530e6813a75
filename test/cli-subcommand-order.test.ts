/** Options before the subcommand, `--lsp`, and `-f values.yaml`: usage errors that say what to type. The built CLI. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'knl-order-'));
writeFileSync(join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n');
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the subcommand comes first', () => {
  it('when options come before a subcommand, then it exits 2 saying to put the subcommand first, with the command line to type', () => {
    const reach = runBuiltCli(['--no-config', 'reach', '.'], { cwd: dir });
    assert.equal(reach.code, 2);
    assert.match(reach.stderr, /^kube-netlint: "reach" is a subcommand: put the subcommand first, then its options \(kube-netlint reach --no-config \.\)$/m);
    const explain = runBuiltCli(['--no-config', 'explain', 'a/web', 'b/api', '--port', '9090', '.'], { cwd: dir });
    assert.match(explain.stderr, /\(kube-netlint explain --no-config a\/web b\/api --port 9090 \.\)/);
  });

  it('when a directory of that name exists, then it is linted as a path', () => {
    const tree = mkdtempSync(join(dir, 'tree-'));
    mkdirSync(join(tree, 'reach'));
    writeFileSync(join(tree, 'reach', 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n');
    const result = runBuiltCli(['--no-config', 'reach'], { cwd: tree });
    assert.notEqual(result.code, 2, result.stderr);
  });

  it('when --lsp is given, then it names the lsp subcommand', () => {
    const result = runBuiltCli(['--lsp'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /the language server is a subcommand: run kube-netlint lsp \(not --lsp\)/);
  });

  it('when -f names a YAML file, then the error hints at --values', () => {
    const result = runBuiltCli(['--no-config', '-f', 'values.yaml', '.'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown format "values\.yaml"; use one of .*; -f is --format here: give Helm values files with --values values\.yaml/);
  });
});
