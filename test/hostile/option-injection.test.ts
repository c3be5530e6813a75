// File names that look like options: after `--` every argument is a path, in every command, and the
// pre-commit hook puts `--` before the staged files it is given. The real CLI, and the real pre-commit
// with a real `git commit` of such files in a throw-away consumer repository.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBuiltCli } from '../support/built-cli.ts';
import { deployment, service } from '../support/manifests.ts';

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `kube-netlint-${prefix}-`));
  temps.push(dir);
  return dir;
};
function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const REPORT_TARGET = 'deploy.yaml';
/** A staged file whose name, read as an option, would overwrite deploy.yaml with the report. */
const AS_OUTPUT = `--output-file=${REPORT_TARGET}`;
/** A file name that, read as an option, is an unknown option (exit 2). */
const AS_UNKNOWN = '-x.yaml';
/** A Service selecting nothing: an error finding in whichever file holds it. */
const orphan = (name: string) => service('nothing-has-this', name);

describe('-- ends the options in every command', () => {
  const dir = tempDir('dashdash');
  writeFiles(dir, { [REPORT_TARGET]: deployment(), [AS_OUTPUT]: orphan('a'), [AS_UNKNOWN]: orphan('b'), '-': orphan('c') });

  it('when lint gets option-like file names after --, then it lints them as files and writes no report file', () => {
    const result = runBuiltCli(['--format', 'compact', '--', AS_OUTPUT, AS_UNKNOWN, REPORT_TARGET], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(readFileSync(join(dir, REPORT_TARGET), 'utf8'), deployment(), 'deploy.yaml is untouched');
    assert.match(result.stdout, new RegExp(`/${AS_OUTPUT}: line \\d+, col \\d+, Error - selector "app=nothing-has-this"`));
    assert.match(result.stdout, new RegExp(`/${AS_UNKNOWN}: line \\d+, col \\d+, Error - selector "app=nothing-has-this"`));
  });

  it('when - follows --, then it is the file named -, not standard input', () => {
    const result = runBuiltCli(['--format', 'compact', '--', '-', REPORT_TARGET], { cwd: dir, input: orphan('from-stdin') });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /\/-: line \d+, col \d+, Error - selector "app=nothing-has-this"/);
    assert.doesNotMatch(result.stdout, /<stdin>/);
  });

  it('when reach, explain and diff get option-like paths after --, then they read them as paths', () => {
    const reach = runBuiltCli(['reach', '--', AS_UNKNOWN, REPORT_TARGET], { cwd: dir });
    assert.equal(reach.code, 0, reach.stderr);
    assert.match(reach.stdout, /default\/web\[Deployment\]/);
    const explain = runBuiltCli(['explain', 'default/web', '8.8.8.8', '--', AS_OUTPUT, REPORT_TARGET], { cwd: dir });
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, /^default\/web\[Deployment\] -> 8\.8\.8\.8, any connection: ALLOWED/);
    const diff = runBuiltCli(['diff', '--', AS_UNKNOWN, REPORT_TARGET], { cwd: dir });
    assert.equal(diff.code, 0, diff.stderr);
    assert.match(diff.stdout, /Workloads added: default\/web\[Deployment\]/);
    assert.equal(readFileSync(join(dir, REPORT_TARGET), 'utf8'), deployment());
  });

  it('when an option is given after -- by mistake, then the run stops with exit 2 and says where options go', () => {
    const result = runBuiltCli(['--', REPORT_TARGET, '--max-warnings'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no such file, directory or matching glob: --max-warnings \(options go before --; with pre-commit, put them in the hook's entry\)/);
  });
});

describe('the pre-commit hook with staged files named like options (real pre-commit and git commit)', () => {
  const root = new URL('../../', import.meta.url).pathname;
  const identity = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' };
  const offline = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' };
  let hookRepo: string;
  let hookRev: string;
  let cache: string;
  const run = (command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> =>
    spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...identity, ...env } });
  const git = (cwd: string, ...args: string[]) => {
    const result = run('git', ['-c', 'commit.gpgsign=false', ...args], cwd);
    assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  };

  /** What pre-commit would clone: this checkout's package files, hook list and bundle (npm run build first). */
  before(() => {
    hookRepo = tempDir('hook-repo');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files?: string[] };
    for (const entry of ['package.json', '.pre-commit-hooks.yaml', ...(pkg.files ?? [])]) if (existsSync(join(root, entry))) cpSync(join(root, entry), join(hookRepo, entry), { recursive: true });
    git(hookRepo, 'init', '-q', '-b', 'main');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-q', '-m', 'hook repository');
    hookRev = git(hookRepo, 'rev-parse', 'HEAD');
    cache = tempDir('pc-cache');
  });

  /** Commits `committed`, installs the hook (with `hook` extra keys), stages `staged` and runs `git commit`. */
  function commitWithHook(committed: Record<string, string>, staged: Record<string, string>, hook = ''): { status: number | null; output: string; consumer: string } {
    const consumer = tempDir('consumer');
    const env = { PRE_COMMIT_HOME: cache, PRE_COMMIT_COLOR: 'never', ...offline };
    git(consumer, 'init', '-q', '-b', 'main');
    writeFiles(consumer, committed);
    git(consumer, 'add', '-A');
    git(consumer, 'commit', '-q', '-m', 'before the hook');
    writeFiles(consumer, { '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${hookRev}\n    hooks:\n      - id: kube-netlint\n${hook}` });
    const install = run('pre-commit', ['install'], consumer, env);
    assert.equal(install.status, 0, install.stderr);
    writeFiles(consumer, staged);
    git(consumer, 'add', '--', '.pre-commit-config.yaml', ...Object.keys(staged));
    const result = run('git', ['-c', 'commit.gpgsign=false', 'commit', '-m', 'with the hook'], consumer, env);
    return { status: result.status, output: `${result.stdout}${result.stderr}`, consumer };
  }

  it('when a staged file is named --output-file=deploy.yaml, then deploy.yaml is not overwritten and the file is linted', () => {
    const { status, output, consumer } = commitWithHook({ [REPORT_TARGET]: deployment() }, { [AS_OUTPUT]: orphan('a') });
    assert.equal(readFileSync(join(consumer, REPORT_TARGET), 'utf8'), deployment());
    assert.equal(status, 1, output);
    assert.match(output, /kube-netlint\.+Failed/);
    assert.match(output, new RegExp(`${AS_OUTPUT}\\n\\s+\\d+:\\d+\\s+error\\s+selector "app=nothing-has-this"`));
  });

  it('when a staged file is named -x.yaml and is correct, then the commit goes through (no usage error)', () => {
    const { status, output } = commitWithHook({ [REPORT_TARGET]: deployment() }, { [AS_UNKNOWN]: service('web') });
    assert.equal(status, 0, output);
    assert.match(output, /kube-netlint\.+Passed/);
  });

  it('when the entry is overridden with options before --, then they apply', () => {
    // A warning only (duplicate ConfigMap): passes by default, blocked with --max-warnings 0.
    const config = (mode: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: ${mode}}\n`;
    const staged = { 'config.yaml': `${config('a')}---\n${config('b')}` };
    const { status, output } = commitWithHook({ [REPORT_TARGET]: deployment() }, staged, '        entry: kube-netlint --context . --max-warnings 0 --\n');
    assert.equal(status, 1, output);
    assert.match(output, /too many warnings/);
  });
});
