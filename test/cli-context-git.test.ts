import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';
import { deployment, service } from './support/manifests.ts';

/** `--context DIR` inside a git work tree loads what git lists (tracked, and untracked but not ignored); outside one, the walk. */

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-context-git-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
}

const ruleIds = (stdout: string) => (JSON.parse(stdout) as { diagnostics: { ruleId: string }[] }).diagnostics.map((d) => d.ruleId);

describe('--context and .gitignore', () => {
  // The Service's pods are declared only in build/, which the repository ignores; another workload of
  // the namespace is tracked, so that a selector matching none of its pods is a certain error.
  const other = deployment('other').replace('name: web', 'name: other');
  const files = { '.kube-netlint.yaml': 'rules: {}\n', '.gitignore': 'build/\n', 'svc/web.yaml': service('web'), 'svc/other.yaml': other, 'build/web.yaml': deployment() };

  it('when the context directory is a git work tree, then files .gitignore ignores are not loaded into the model', () => {
    const root = tree(files);
    git(root, 'init', '-q');
    git(root, 'add', 'svc/web.yaml', 'svc/other.yaml');
    const result = runBuiltCli(['--context', '.', 'svc/web.yaml', '--format', 'json'], { cwd: root });
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(ruleIds(result.stdout), ['service-selector-orphan']);
  });

  it('when the same tree is no git work tree, then the context is walked and the ignored directory is loaded', () => {
    const root = tree(files);
    const result = runBuiltCli(['--context', '.', 'svc/web.yaml', '--format', 'json'], { cwd: root });
    assert.deepEqual([result.code, ruleIds(result.stdout)], [0, []]);
  });

  it('when a file is untracked but not ignored, then it is loaded; when a tracked file was deleted from the disk, then nothing is reported about it', () => {
    const root = tree({ ...files, 'deploy/web.yaml': deployment(), 'old/gone.yaml': service('gone', 'gone') });
    git(root, 'init', '-q');
    git(root, 'add', 'svc/web.yaml', 'old/gone.yaml');
    rmSync(join(root, 'old'), { recursive: true });
    const result = runBuiltCli(['--context', '.', 'svc/web.yaml', '--format', 'json'], { cwd: root });
    assert.deepEqual([result.code, ruleIds(result.stdout)], [0, []]);
  });

  it('when the linted paths themselves are an ignored directory (rendered output), then they are still read: only --context follows .gitignore', () => {
    const root = tree({ ...files, 'build/svc.yaml': service('nope', 'broken') });
    git(root, 'init', '-q');
    const result = runBuiltCli(['build', '--format', 'json'], { cwd: root });
    assert.deepEqual([result.code, ruleIds(result.stdout)], [1, ['service-selector-orphan']]);
  });

  it('when the context is a sub-directory of the work tree, then only what git lists under it is loaded', () => {
    const root = tree({ ...files, 'apps/.gitignore': 'generated/\n', 'apps/generated/web.yaml': deployment(), 'apps/web.yaml': deployment() });
    git(root, 'init', '-q');
    const ignored = runBuiltCli(['--context', 'apps/generated', 'svc/web.yaml', '--format', 'json'], { cwd: root });
    assert.deepEqual(ruleIds(ignored.stdout), ['service-selector-orphan']);
    const listed = runBuiltCli(['--context', 'apps', 'svc/web.yaml', '--format', 'json'], { cwd: root });
    assert.deepEqual(ruleIds(listed.stdout), []);
  });
});
