// The pre-commit hook, driven by the real pre-commit (Debian's package) in throw-away git repositories:
// the hook repository is a fresh git repository holding what this checkout would publish (package
// files, .pre-commit-hooks.yaml, and package.json `files`), so uncommitted work is tested too. npm's
// registry is unreachable throughout (127.0.0.1:9): the root package has no dependencies at all (the
// tooling lives in tools/), so the hook must install with no registry.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { deployment, service } from './support/manifests.ts';
import { RENDER_CLIENTS_DIR, renderTool, skipReason } from './support/render-tools.ts';

const root = new URL('../', import.meta.url).pathname;
/** The real-client driver, copied from the shared harness: pre-commit in a throw-away consumer repository. */
const harness = new URL('./support/precommit/run-precommit.sh', import.meta.url).pathname;
const gitIdentity = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};
const offlineNpm = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' };

let hookRepo: string;
let hookRev: string;
/** PRE_COMMIT_HOME shared by the tests that are not about installing: the hook environment is built once. */
let sharedCache: string;
const temps: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `kube-netlint-${prefix}-`));
  temps.push(dir);
  return dir;
};
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...gitIdentity, ...env } });
}

function git(cwd: string, ...args: string[]): string {
  const result = run('git', ['-c', 'commit.gpgsign=false', ...args], cwd);
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** What pre-commit would clone: the npm-relevant root files, the hook list and the package's `files`. */
before(() => {
  hookRepo = tempDir('hook-repo');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files?: string[] };
  const entries = ['package.json', 'package-lock.json', '.npmrc', '.pre-commit-hooks.yaml', ...(pkg.files ?? [])];
  assert.ok(!('dependencies' in pkg) && !('devDependencies' in pkg), 'the hook package must not depend on anything');
  for (const entry of entries) if (existsSync(join(root, entry))) cpSync(join(root, entry), join(hookRepo, entry), { recursive: true });
  git(hookRepo, 'init', '-q', '-b', 'main');
  git(hookRepo, 'add', '-A');
  git(hookRepo, 'commit', '-q', '-m', 'hook repository');
  hookRev = git(hookRepo, 'rev-parse', 'HEAD');
  sharedCache = tempDir('pc-cache');
});

interface HarnessResult {
  readonly output: string;
  readonly result: { run_rc: number; commit_rc: number | null; commit_blocked: boolean | null };
}

/** run-precommit.sh with the registry unreachable: `pre-commit run --all-files`, then `git commit`. */
function harnessRun(fixtures: Record<string, string>, cache = sharedCache): HarnessResult {
  const dir = tempDir('fixtures');
  writeFiles(dir, fixtures);
  const result = run('bash', [harness, '--no-network', '--commit', '--cache', cache, '--keep', '--hook-id', 'kube-netlint', hookRepo, ...new Set(Object.keys(fixtures).map((f) => join(dir, f.split('/')[0]!)))], root);
  const output = `${result.stdout}${result.stderr}`;
  const line = output.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, `no RESULT line:\n${output}`);
  const parsed = JSON.parse(line.slice('RESULT '.length)) as HarnessResult['result'] & { consumer: string };
  temps.push(parsed.consumer);
  return { output, result: parsed };
}

test('when pre-commit validates the hook manifest, then it accepts it', () => {
  const result = run('pre-commit', ['validate-manifest', '.pre-commit-hooks.yaml'], root);
  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
});

test('when npm has no registry to reach, then the hook environment still installs and runs', () => {
  const freshCache = tempDir('pc-cache');
  const { output, result } = harnessRun({ 'k8s/web.yaml': `${deployment()}---\n${service('web')}` }, freshCache);
  assert.match(output, /Installing environment/);
  assert.doesNotMatch(output, /An unexpected error has occurred/);
  assert.notEqual(result.run_rc, 3, output);
  assert.match(output, /kube-netlint\.+Passed/);
});

test('when a staged manifest has an error, then git commit is blocked and the finding is printed', () => {
  const { output, result } = harnessRun({ 'k8s/web.yaml': `${deployment()}---\n${service('wbe')}` });
  assert.equal(result.run_rc, 1, output);
  assert.equal(result.commit_blocked, true, output);
  assert.match(output, /kube-netlint\.+Failed/);
  assert.match(output, /k8s\/web\.yaml/);
  assert.match(output, /25:5 +error +selector "app=wbe" matches no pod/);
  assert.match(output, /service-selector-orphan/);
});

test('when every staged manifest is correct, then git commit goes through', () => {
  const { output, result } = harnessRun({ 'k8s/deploy.yaml': deployment(), 'k8s/svc.yaml': service('web') });
  assert.equal(result.run_rc, 0, output);
  assert.equal(result.commit_blocked, false, output);
});

/** A consumer repository with the hook installed, `committed` in its history, `staged` in the index and `untracked` on disk only. */
function consumerCommit(committed: Record<string, string>, staged: Record<string, string>, untracked: Record<string, string> = {}, hook = '- id: kube-netlint'): { status: number | null; output: string } {
  const consumer = tempDir('consumer');
  // PATH: the kubectl of the test run (npm run pretest) first, for the kustomize hook.
  const env = { PRE_COMMIT_HOME: sharedCache, PRE_COMMIT_COLOR: 'never', PATH: `${RENDER_CLIENTS_DIR}:${process.env.PATH ?? ''}`, ...offlineNpm };
  git(consumer, 'init', '-q', '-b', 'main');
  writeFiles(consumer, committed);
  git(consumer, 'add', '-A');
  git(consumer, 'commit', '-q', '-m', 'before the hook');
  writeFiles(consumer, {
    '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${hookRev}\n    hooks:\n      ${hook}\n`,
  });
  assert.equal(run('pre-commit', ['install'], consumer, env).status, 0);
  writeFiles(consumer, staged);
  writeFiles(consumer, untracked);
  git(consumer, 'add', '.pre-commit-config.yaml', ...Object.keys(staged));
  const result = run('git', ['-c', 'commit.gpgsign=false', 'commit', '-m', 'with the hook'], consumer, env);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('when a Service is staged and its Deployment is committed already, then it is not called an orphan', () => {
  const { status, output } = consumerCommit({ 'deploy/web.yaml': deployment() }, { 'svc/web.yaml': service('web') });
  assert.equal(status, 0, output);
  assert.doesNotMatch(output, /service-selector-orphan/);
});

test('when a committed file has findings but is not staged, then they are not reported', () => {
  const committed = { 'deploy/web.yaml': deployment(), 'legacy/broken.yaml': service('nothing-has-this-label', 'legacy') };
  const { status, output } = consumerCommit(committed, { 'svc/web.yaml': service('web') });
  assert.equal(status, 0, output);
  assert.doesNotMatch(output, /legacy/);
});

test('when a staged Service does not match the committed Deployment, then the commit is blocked', () => {
  const { status, output } = consumerCommit({ 'deploy/web.yaml': deployment() }, { 'svc/web.yaml': service('webb') });
  assert.equal(status, 1, output);
  assert.match(output, /svc\/web\.yaml/);
  assert.match(output, /differs in app=webb \(has app=web\)/);
});

test('when the Deployment a staged Service needs is only in a directory .gitignore ignores, then it is not in the model and the commit is blocked', () => {
  // Another workload of the namespace is committed: a selector matching none of its pods is a certain error.
  const committed = { '.gitignore': 'build/\n', 'deploy/other.yaml': deployment('other').replace('name: web', 'name: other') };
  const { status, output } = consumerCommit(committed, { 'svc/web.yaml': service('web') }, { 'build/web.yaml': deployment() });
  assert.equal(status, 1, output);
  assert.match(output, /selector "app=web" matches no pod/);
});

test('when the Deployment a staged Service needs is untracked but not ignored, then it is in the model', () => {
  const { status, output } = consumerCommit({ '.gitignore': 'build/\n' }, { 'svc/web.yaml': service('web') }, { 'deploy/web.yaml': deployment() });
  assert.equal(status, 0, output);
});

test('when the kustomize hook runs on a commit that changes a patch, then the overlays of the config are rendered and the finding points at the patch', { skip: renderTool('kubectl') ? false : skipReason('kubectl') }, () => {
  const files: Record<string, string> = {};
  const fixtures = new URL('./fixtures/kustomize/', import.meta.url).pathname;
  for (const path of ['app/base/kustomization.yaml', 'app/base/deployment.yaml', 'app/base/service.yaml', 'app/overlays/dev/kustomization.yaml']) files[path] = readFileSync(join(fixtures, path), 'utf8');
  const committed = { ...files, '.kube-netlint.yaml': 'kustomize:\n  overlays: [app/overlays/dev]\n' };
  // The base's metrics Service is an error in every overlay; the staged patch adds one more.
  const { status, output } = consumerCommit(committed, { 'app/overlays/dev/service-port.yaml': readFileSync(join(fixtures, 'app/overlays/dev/service-port.yaml'), 'utf8') }, {}, '- id: kube-netlint-kustomize');
  assert.equal(status, 1, output);
  assert.match(output, /kube-netlint \(kustomize overlays\)\.+Failed/);
  assert.match(output, /app\/overlays\/dev\/service-port\.yaml\n\s+10:19 +error +targetPort "htp"/);
  assert.match(output, /app\/base\/service\.yaml\n\s+20:5 +error +selector "app=web-metrics"/);
});
