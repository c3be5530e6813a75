// `diff --base REV` against crafted git history: the revision's files are read from git's objects
// into memory, so no tree entry can make the run write or read outside the repository. Real git
// repositories (trees built with `git mktree`, as an attacker would push them) and the built CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from '../support/built-cli.ts';

const identity = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' };
const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-git-base-'));
  temps.push(dir);
  return dir;
}

function git(cwd: string, args: readonly string[], input?: string): string {
  const result = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, ...identity } });
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: x}]}
`;

/** A repository whose one commit holds `files`, committed the ordinary way. */
function repository(files: Record<string, string>): string {
  const root = join(tempDir(), 'repo');
  mkdirSync(root);
  write(root, files);
  git(root, ['init', '-q']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'base']);
  return root;
}

describe('diff --base against crafted git trees', () => {
  it('when a commit holds entries under `..` trees, then nothing is written anywhere, the file they aim at is untouched, and the entry is named as refused', () => {
    const root = repository({ 'k8s/web.yaml': deployment('web') });
    // The file a crafted entry `../../victim.yaml` aimed at: two levels above the temporary directory
    // that the revision used to be written to.
    const outside = dirname(root);
    const victim = join(outside, 'victim.yaml');
    writeFileSync(victim, 'original\n');
    const tmp = join(outside, 'tmp', 'nested');
    mkdirSync(tmp, { recursive: true });
    // `..` -> `..` -> victim.yaml, plus the ordinary tree of the commit.
    const payload = git(root, ['hash-object', '-w', '--stdin'], deployment('planted'));
    const inner = git(root, ['mktree'], `100644 blob ${payload}\tvictim.yaml\n`);
    const up = git(root, ['mktree'], `040000 tree ${inner}\t..\n`);
    const k8s = git(root, ['rev-parse', 'HEAD:k8s']);
    const tree = git(root, ['mktree'], `040000 tree ${up}\t..\n040000 tree ${k8s}\tk8s\n`);
    const commit = git(root, ['commit-tree', tree, '-m', 'crafted']);
    assert.match(git(root, ['ls-tree', '-r', '--name-only', commit]), /^\.\.\/\.\.\/victim\.yaml$/m, 'git keeps the crafted entry');

    const result = runBuiltCli(['diff', '--base', commit, '.'], { cwd: root, env: { TMPDIR: tmp } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'original\n');
    assert.deepEqual(readdirSync(tmp), [], 'nothing is written to the temporary directory either');
    assert.match(result.stderr, /^kube-netlint: warning: 1 entry of [0-9a-f]{40} not read: \.\.\/\.\.\/victim\.yaml \(not a plain relative path \(a crafted tree entry\); not read\)\n$/);
    // The rest of the revision is read as usual: the same Deployment on both sides, nothing planted.
    assert.equal(result.stdout, 'No connectivity changes.\n');
  });

  it('when a commit holds a symbolic link to a file outside the repository, then it is not followed and the warning names it', () => {
    const secretDir = tempDir();
    writeFileSync(join(secretDir, 'secret.yaml'), deployment('secret'));
    const root = repository({ 'k8s/web.yaml': deployment('web') });
    symlinkSync(join(secretDir, 'secret.yaml'), join(root, 'k8s', 'link.yaml'));
    git(root, ['add', '-A']);
    git(root, ['commit', '-q', '-m', 'link']);
    git(root, ['rm', '-q', 'k8s/link.yaml']);

    const result = runBuiltCli(['diff', '--base', 'HEAD', 'k8s'], { cwd: root });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /1 entry of HEAD not read: k8s\/link\.yaml \(a symbolic link, not followed in a revision\)/);
    assert.doesNotMatch(result.stdout, /secret/);
  });
});

describe('diff --base with paths outside the repository', () => {
  const root = repository({ 'k8s/web.yaml': deployment('web'), 'docs/readme.md': '# docs\n' });
  const sibling = join(dirname(root), 'sibling');
  write(sibling, { 'other.yaml': deployment('other') });

  for (const path of ['../sibling', join(dirname(root), 'sibling'), '../sibling/*.yaml', 'k8s/../../sibling']) {
    it(`when a path outside the repository is given (${path.startsWith('/') ? 'absolute' : path}), then the run stops with exit 2 and a message naming it`, () => {
      const result = runBuiltCli(['diff', '--base', 'HEAD', path], { cwd: root });
      assert.equal(result.code, 2, result.stdout);
      assert.equal(result.stdout, '');
      assert.ok(result.stderr.includes(`"${path}" is outside it`), result.stderr);
      assert.match(result.stderr, /--base compares paths of the git repository at /);
    });
  }

  it('when run from a subdirectory with a path above it but inside the repository, then that path is compared', () => {
    const result = runBuiltCli(['diff', '--base', 'HEAD', '--format', 'json', '../k8s'], { cwd: join(root, 'docs') });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).nodes, { added: [], removed: [] });
  });

  it('when the repository is reached through a symbolic link, then absolute paths through it are inside', () => {
    const link = join(tempDir(), 'link');
    symlinkSync(root, link);
    const result = runBuiltCli(['diff', '--base', 'HEAD', join(link, 'k8s')], { cwd: link });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'No connectivity changes.\n');
  });
});
