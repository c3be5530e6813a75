// The GitHub Action, run from the COMMITTED bundle (action.yml -> dist/action.mjs) exactly as the runner
// does: INPUT_* variables with action.yml's defaults, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
// workflow commands on stdout (test/support/action/run-action.mjs, copied from the shared harness).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { baselineOf } from '../src/lint/baseline.ts';
import { formatBaseline } from '../src/format/baseline.ts';
import { runBuiltCli } from './support/built-cli.ts';
import { deployment, service } from './support/manifests.ts';
import { RENDER_CLIENTS_DIR, renderTool, skipReason } from './support/render-tools.ts';

const root = new URL('../', import.meta.url).pathname;
const harness = new URL('./support/action/run-action.mjs', import.meta.url).pathname;
/** The problem matchers of VS Code and of actions/setup-node on GitHub runners (copied from the shared harness). */
const matcherCheck = new URL('./support/action/problem-matcher-check.mjs', import.meta.url).pathname;

interface Annotation {
  readonly level: string;
  readonly title?: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly message: string;
}

interface ActionRun {
  readonly exitCode: number;
  readonly annotations: readonly Annotation[];
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly stdout: string;
  readonly stderr: string;
  /** Problems the runner or GitHub's UI would have with the output (the harness's own checks). */
  readonly checks: readonly string[];
  readonly workspace: string;
}

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

/**
 * Runs the committed action in a fresh workspace holding `files`, with the given `with:` inputs.
 * With `committed`, the workspace is a git repository whose one commit (tagged `base`) holds those files.
 */
function runAction(files: Record<string, string>, inputs: Record<string, string> = {}, committed?: Record<string, string>): ActionRun {
  const workspace = tempDir('workspace');
  if (committed) {
    writeFiles(workspace, committed);
    const git = (...args: string[]) => assert.equal(spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: workspace }).status, 0, `git ${args.join(' ')}`);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    git('tag', 'base');
  }
  writeFiles(workspace, files);
  const args = [harness, root, '--workspace', workspace, ...Object.entries(inputs).flatMap(([k, v]) => ['--input', `${k}=${v}`])];
  // TMPDIR: the harness's RUNNER_TEMP lands in a directory this test removes.
  // PATH: the kubectl of the test run (npm run pretest) first, as a runner image has kubectl.
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, PATH: `${RENDER_CLIENTS_DIR}:${process.env.PATH ?? ''}`, TMPDIR: tempDir('runner') } });
  assert.ok(result.stdout.startsWith('{'), `harness failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ActionRun;
}

/** Infos (notices) come from rules beyond these tests' concern (e.g. pods no policy isolates); leave them out. */
const errorsAndWarnings = (annotations: readonly Annotation[]) => annotations.filter((a) => a.level !== 'notice');

const configMap = (mode: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: ${mode}
`;

/** One error (service-selector-orphan at k8s/app.yaml:25:5) and one warning (duplicate-object at k8s/config.yaml:11:9). */
const mixed = {
  'k8s/app.yaml': `${deployment()}---\n${service('wbe')}`,
  'k8s/config.yaml': `${configMap('fast')}---\n${configMap('slow')}`,
};
const onlyWarning = { 'k8s/app.yaml': `${deployment()}---\n${service('web')}`, 'k8s/config.yaml': mixed['k8s/config.yaml'] };
const clean = { 'k8s/app.yaml': onlyWarning['k8s/app.yaml'] };

test('when manifests have findings, then each is annotated at the field at fault with file, line, column and rule', () => {
  const run = runAction(mixed);
  assert.deepEqual(run.checks, []);
  assert.deepEqual(
    errorsAndWarnings(run.annotations).map(({ message, ...at }) => at),
    [
      { level: 'error', title: 'service-selector-orphan', file: 'k8s/app.yaml', line: 25, endLine: 25, col: 5, endColumn: 8 },
      { level: 'warning', title: 'duplicate-object', file: 'k8s/config.yaml', line: 11, endLine: 11, col: 9, endColumn: 17 },
    ],
  );
  assert.match(errorsAndWarnings(run.annotations)[0]!.message, /^selector "app=wbe" matches no pod in namespace "default"/);
  assert.match(errorsAndWarnings(run.annotations)[0]!.message, /\nrelated: k8s\/app\.yaml:10:\d+ /);
});

test('when manifests have findings, then the outputs count errors and warnings', () => {
  const run = runAction(mixed);
  assert.deepEqual(run.outputs, { errors: '1', warnings: '1', 'sarif-file': '' });
});

test('when fail-on is error (the default), then errors fail the step and warnings alone do not', () => {
  assert.equal(runAction(mixed).exitCode, 1);
  assert.equal(runAction(onlyWarning).exitCode, 0);
  assert.equal(runAction(clean).exitCode, 0);
});

test('when fail-on is warning, then warnings fail the step too', () => {
  assert.equal(runAction(onlyWarning, { 'fail-on': 'warning' }).exitCode, 1);
  assert.equal(runAction(clean, { 'fail-on': 'warning' }).exitCode, 0);
});

test('when fail-on is never, then findings do not fail the step but are still reported', () => {
  const run = runAction(mixed, { 'fail-on': 'never' });
  assert.equal(run.exitCode, 0);
  assert.equal(errorsAndWarnings(run.annotations).length, 2);
  assert.equal(run.outputs.errors, '1');
});

test('when fail-on is not a known value, then the step fails with a message naming the choices', () => {
  const run = runAction(clean, { 'fail-on': 'sometimes' });
  assert.equal(run.exitCode, 1);
  assert.deepEqual(run.annotations.map((a) => [a.level, a.message]), [['error', 'input fail-on is "sometimes"; use error, warning or never']]);
});

test('when a boolean input is neither true nor false, then the step fails naming the input', () => {
  const run = runAction(clean, { annotations: 'yes' });
  assert.equal(run.exitCode, 1);
  assert.deepEqual(run.annotations.map((a) => a.message), ['input annotations is "yes"; use true or false']);
});

test('when sarif-file is set, then valid SARIF with every finding is written there and named in the outputs', () => {
  const run = runAction(mixed, { 'sarif-file': 'reports/kube-netlint.sarif' });
  assert.equal(run.outputs['sarif-file'], 'reports/kube-netlint.sarif');
  const path = join(run.workspace, 'reports/kube-netlint.sarif');
  assert.ok(existsSync(path));
  const sarif = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0].tool.driver.name, 'kube-netlint');
  const results = sarif.runs[0].results.filter((r: any) => r.level !== 'note').map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]);
  assert.deepEqual(results, [
    ['service-selector-orphan', 'error', 'k8s/app.yaml', 25],
    ['duplicate-object', 'warning', 'k8s/config.yaml', 11],
  ]);
});

test('when the summary is on (the default), then it has the counts and every finding grouped by rule with its location', () => {
  const { summary } = runAction(mixed);
  assert.match(summary, /^## kube-netlint/);
  assert.match(summary, /\| 🔴 errors \| 1 \|/);
  assert.match(summary, /\| 🟡 warnings \| 1 \|/);
  assert.match(summary, /\| files \| 2 \|/);
  assert.match(summary, /\| objects \| 4 \|/);
  // Errors' rules come first.
  const orphan = summary.indexOf('<b>service-selector-orphan</b>: 🔴 1 error');
  const duplicate = summary.indexOf('<b>duplicate-object</b>: 🟡 1 warning');
  assert.ok(orphan > 0 && duplicate > orphan, summary);
  assert.match(summary, /\[`k8s\/app\.yaml:25:5`\]\(https:\/\/github\.com\/octo-org\/octo-repo\/blob\/0{40}\/k8s\/app\.yaml#L25\) \| selector "app=wbe" matches no pod/);
  assert.match(summary, /\[`k8s\/config\.yaml:11:9`\]\(.*#L11\) \| (a )?ConfigMap (named )?"settings" in namespace "default" is already defined/);
});

test('when a file name holds parentheses, then its summary link stays one Markdown link', () => {
  const { summary } = runAction({ 'k8s/app (copy).yaml': mixed['k8s/app.yaml'] });
  assert.match(summary, /\| \[`k8s\/app \(copy\)\.yaml:25:5`\]\(https:\/\/github\.com\/octo-org\/octo-repo\/blob\/0{40}\/k8s\/app%20%28copy%29\.yaml#L25\) \| selector/);
});

test('when the manifests have workloads, then the summary draws who may reach whom as a Mermaid graph', () => {
  const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-api
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: api}}}]
      ports: [{port: http}]
`;
  const api = deployment().replace(/web/g, 'api');
  const { summary } = runAction({ 'k8s/app.yaml': `${deployment()}---\n${api}---\n${policy}` });
  const graph = /### Reachability\n\n2 workloads, .*\n\n```mermaid\n(flowchart LR\n[^`]*)```/.exec(summary);
  assert.ok(graph, summary);
  const node = (id: string) => new RegExp(`(n\\d+)\\["${id.replace(/[[\]]/g, '\\$&')}"\\]`).exec(graph[1]!)?.[1];
  const [apiNode, webNode] = [node('default/api[Deployment]'), node('default/web[Deployment]')];
  assert.ok(apiNode && webNode, graph[1]);
  // web is isolated and admits only api on its http port; api is not isolated.
  const into = (target: string) => graph[1]!.split('\n').filter((line) => line.endsWith(`| ${target}`)).map((line) => line.trim());
  assert.deepEqual(into(webNode), [`${apiNode} -->|"TCP 8080"| ${webNode}`]);
  assert.ok(into(apiNode).includes(`${webNode} -->|"all"| ${apiNode}`), graph[1]);
});

test('when there are too many workloads to read, then the graph is drawn by namespace', () => {
  const workloads = ['shop', 'data'].flatMap((ns) =>
    Array.from({ length: 20 }, (_, i) => deployment().replace('name: web', `name: w${i}\n  namespace: ${ns}`).replace(/app: web/g, `app: w${i}`)),
  );
  const { summary } = runAction({ 'k8s/many.yaml': workloads.join('---\n') });
  assert.match(summary, /40 workloads, \d+ allowed connections, drawn by namespace/);
  const graph = /```mermaid\n([^`]*)```/.exec(summary)?.[1];
  assert.ok(graph, summary);
  assert.match(graph, /n\d+\["data\/ #40;20 workloads#41;"\]/);
  assert.match(graph, /n\d+\["shop\/ #40;20 workloads#41;"\]/);
  assert.doesNotMatch(graph, /\[Deployment\]/);
  // No policy isolates anything: every namespace reaches itself and the other on every port.
  assert.equal(graph.match(/ -->\|"all"\| /g)?.length, 2 * 2 + 2 * 2);
});

test('when a manifest value looks like HTML, then the summary shows it as text', () => {
  const { summary } = runAction({ 'k8s/app.yaml': `${deployment()}---\n${service('"<img src=x onerror=alert(1)>"')}` });
  assert.ok(summary.includes('\\<img src=x onerror=alert(1)\\>'), summary);
  // Every `<` is backslash-escaped, so Markdown renders it as text.
  assert.doesNotMatch(summary, /(?<!\\)<img/);
});

test('when there are more than ten errors, then ten are annotated and the summary lists them all', () => {
  const services = Array.from({ length: 12 }, (_, i) => service(`missing-${i}`, `svc-${String(i).padStart(2, '0')}`)).join('---\n');
  const run = runAction({ 'k8s/app.yaml': `${deployment()}---\n${services}` });
  assert.deepEqual(run.checks, []);
  assert.equal(run.annotations.filter((a) => a.level === 'error').length, 10);
  assert.equal(run.outputs.errors, '12');
  assert.equal(run.summary.match(/\| 🔴 \| \[`k8s\/app\.yaml:/g)?.length, 12);
  assert.match(run.stdout, /2 more findings are not annotated/);
});

test('when the config has reachability assertions, then the summary lists each with its result', () => {
  const config = `assertions:
  - name: api reaches web
    from: {workload: api}
    to: {workload: web}
    port: 8080
    expect: allow
  - name: web never reaches <api>
    from: {workload: web}
    to: {workload: api}
    expect: deny
`;
  const { summary } = runAction({ '.kube-netlint.yaml': config, 'k8s/app.yaml': `${deployment()}---\n${deployment().replace(/web/g, 'api')}` }, { 'fail-on': 'never' });
  const section = /### Reachability assertions\n\n\| \| assertion \| expect \| from \| to \| result \|\n\| --- .*\n((?:\|.*\n)+)/.exec(summary);
  assert.ok(section, summary);
  const rows = section[1]!.trimEnd().split('\n');
  assert.equal(rows.length, 2, section[1]);
  assert.match(rows[0]!, /^\| ✅ \| api reaches web \| allow \| workload api in any namespace \| workload web in any namespace \| allowed for the one pair \|$/);
  assert.match(rows[1]!, /^\| ❌ \| web never reaches \\<api\\> \| deny \| .* \| default\/web\\\[Deployment\\\] may reach default\/api\\\[Deployment\\\] on any connection/);
  // The assertions come before the graph.
  assert.ok(summary.indexOf('### Reachability assertions') < summary.indexOf('### Reachability\n'), summary);
});

test('when the config has no assertions, then the summary has no assertions section', () => {
  assert.doesNotMatch(runAction(mixed).summary, /Reachability assertions/);
});

test('when sarif-file cannot be written, then the step fails naming the input and the reason', () => {
  const run = runAction(clean, { 'sarif-file': 'k8s/app.yaml/kube-netlint.sarif' });
  assert.equal(run.exitCode, 1);
  assert.match(run.annotations.at(-1)!.message, /^cannot write input sarif-file k8s\/app\.yaml\/kube-netlint\.sarif: E[A-Z]+$/);
});

test('when annotations and summary are off, then neither is written but the outputs are', () => {
  const run = runAction(mixed, { annotations: 'false', summary: 'false' });
  assert.deepEqual(run.annotations, []);
  assert.equal(run.summary, '');
  assert.equal(run.outputs.errors, '1');
  assert.equal(run.exitCode, 1);
});

test('when config and paths are given, then the config decides severities and only those paths are linted', () => {
  const files = { ...mixed, 'other/app.yaml': service('nothing', 'other'), 'ci/kube-netlint.yaml': 'rules:\n  duplicate-object: error\n  service-selector-orphan: warning\n' };
  const run = runAction(files, { config: 'ci/kube-netlint.yaml', paths: 'k8s/app.yaml\nk8s/config.yaml' });
  assert.deepEqual(errorsAndWarnings(run.annotations).map((a) => [a.level, a.title, a.file]), [
    ['warning', 'service-selector-orphan', 'k8s/app.yaml'],
    ['error', 'duplicate-object', 'k8s/config.yaml'],
  ]);
});

/** What each problem matcher reads from the Action's log, workflow commands left out (the runner executes those). */
function matcherReads(stdout: string): Record<string, number> {
  const log = stdout.split('\n').filter((line) => !line.startsWith('::')).join('\n');
  const result = spawnSync(process.execPath, [matcherCheck], { input: log, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const found = JSON.parse(result.stdout) as Record<string, unknown[]>;
  return Object.fromEntries(Object.entries(found).map(([matcher, problems]) => [matcher, problems.length]));
}

test('when the Action logs its findings, then no problem matcher a runner registers reads them, so nothing is annotated twice', () => {
  const services = Array.from({ length: 12 }, (_, i) => service(`missing-${i}`, `svc-${String(i).padStart(2, '0')}`)).join('---\n');
  for (const inputs of [{}, { annotations: 'false' }] as Record<string, string>[]) {
    const run = runAction({ ...mixed, 'k8s/more.yaml': `${deployment().replace('name: web', 'name: other')}---\n${services}` }, inputs);
    assert.deepEqual(matcherReads(run.stdout), { 'vscode:$eslint-compact': 0, 'vscode:$eslint-stylish': 0, 'gha:eslint-compact': 0, 'gha:eslint-stylish': 0 });
    // The log still lists every finding, with paths relative to the workspace.
    assert.match(run.stdout, /^error +k8s\/app\.yaml:25:5 +selector "app=wbe" matches no pod.* \(service-selector-orphan\)$/m);
    assert.equal(run.stdout.match(/^error +k8s\/more\.yaml:\d+:\d+ /gm)?.length, 12);
    assert.ok(!run.stdout.includes(run.workspace), 'no absolute paths');
  }
});

test('when the config file is invalid, then the step fails with the problem annotated at its line', () => {
  const run = runAction({ ...clean, '.kube-netlint.yaml': 'rules:\n  service-target-port: loud\n' }, { 'fail-on': 'never' });
  assert.equal(run.exitCode, 1);
  assert.deepEqual(run.annotations.map(({ level, title, file, line }) => ({ level, title, file, line })), [
    { level: 'error', title: 'config', file: '.kube-netlint.yaml', line: 2 },
    { level: 'error', title: undefined, file: undefined, line: undefined },
  ]);
  assert.match(run.annotations[1]!.message, /config file has a problem/);
});

test('when the config file is invalid, then the outputs count its problems, the SARIF file holds them and the summary says what to fix', () => {
  const run = runAction({ ...clean, 'ci/bad.yaml': 'rules:\n  service-target-port: loud\n' }, { config: 'ci/bad.yaml', 'sarif-file': 'kube-netlint.sarif' });
  assert.equal(run.exitCode, 1);
  assert.deepEqual(run.outputs, { errors: '1', warnings: '0', 'sarif-file': 'kube-netlint.sarif' });
  const sarif = JSON.parse(readFileSync(join(run.workspace, 'kube-netlint.sarif'), 'utf8'));
  assert.deepEqual(
    sarif.runs[0].results.map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
    [['config', 'error', 'ci/bad.yaml', 2]],
  );
  assert.match(run.summary, /The config file is invalid, so nothing was linted/);
  assert.match(run.summary, /\| 🔴 \| \[`ci\/bad\.yaml:2:\d+`\]\(.*#L2\) \| rules\.service-target-port .*"loud" \|/);
  assert.deepEqual(matcherReads(run.stdout), { 'vscode:$eslint-compact': 0, 'vscode:$eslint-stylish': 0, 'gha:eslint-compact': 0, 'gha:eslint-stylish': 0 });
});

test('when the config input names a file that does not exist, then the annotation names the path looked for and points at no file', () => {
  const run = runAction(clean, { config: 'nope.yaml' });
  assert.equal(run.exitCode, 1);
  assert.deepEqual(run.outputs, { errors: '1', warnings: '0', 'sarif-file': '' });
  const [problem] = run.annotations;
  assert.equal(problem!.file, undefined);
  assert.equal(problem!.line, undefined);
  assert.match(problem!.message, /not found.*: nope\.yaml \(looked for \/.*\/nope\.yaml\)$/);
  assert.match(run.summary, /The config file is invalid, so nothing was linted/);
  assert.match(run.summary, /\| 🔴 \| \| [^|]*not found[^|]*: nope\.yaml \(looked for /);
});

test('when a path does not exist, then the step fails saying which', () => {
  const run = runAction(clean, { paths: 'k8s nope/' });
  assert.equal(run.exitCode, 1);
  assert.match(run.annotations[0]!.message, /no such file, directory or matching glob: nope\//);
});

const api = deployment().replace(/web/g, 'api');
const webPolicy = (ingress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress: ${ingress}
`;

test('when base is set, then the summary lists the connections added against it', () => {
  const before = { 'k8s/app.yaml': `${deployment()}---\n${api}`, 'k8s/policy.yaml': webPolicy('[]') };
  const after = { 'k8s/policy.yaml': webPolicy('[{from: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: http}]}]') };
  const run = runAction(after, { base: 'base', paths: 'k8s' }, before);
  assert.equal(run.exitCode, 0, run.stdout);
  const section = run.summary.slice(run.summary.indexOf('### Connectivity changes against `base`'));
  assert.ok(section.length < run.summary.length, run.summary);
  assert.match(section, /\| ➕ added \| `default\/api\[Deployment\]` \| `default\/web\[Deployment\]` \| {2}\| `TCP 8080` \|/);
  assert.doesNotMatch(section, /removed \|/);
});

test('when base is not in the checkout, then the summary and the failure say how to fetch it', () => {
  const run = runAction(clean, { base: 'origin/main' }, clean);
  assert.equal(run.exitCode, 1);
  assert.match(run.summary, /### Connectivity changes against `origin\/main`\n\ninput base: unknown git revision "origin\/main"; is it fetched \(actions\/checkout with fetch-depth: 0\)\?/);
  assert.match(run.summary, /\| 🔴 errors \| 0 \|/);
  assert.equal(run.outputs.errors, '0');
  assert.match(run.annotations.at(-1)!.message, /^input base: unknown git revision "origin\/main"/);
});

test('when a baseline holds the findings of today, then the step passes and only a new finding is annotated and counted', () => {
  const files = Object.entries(mixed).map(([path, text]) => ({ path, absPath: path, text }));
  const baseline = formatBaseline(baselineOf(analyze({ files, config: DEFAULT_CONFIG }).diagnostics));
  const accepted = runAction({ ...mixed, 'kube-netlint-baseline.json': baseline }, { baseline: 'kube-netlint-baseline.json', 'fail-on': 'warning' });
  assert.equal(accepted.exitCode, 0, accepted.stdout);
  assert.deepEqual(accepted.annotations, []);
  assert.deepEqual([accepted.outputs.errors, accepted.outputs.warnings], ['0', '0']);
  assert.match(accepted.stdout, /findings in the baseline kube-netlint-baseline\.json are not reported/);
  assert.match(accepted.summary, /\| in the baseline \(not counted\) \| [1-9]\d* \|\n\| baseline entries no longer found \| 0 \|/);

  const grown = { ...mixed, 'k8s/new.yaml': service('nothing', 'api') };
  const run = runAction({ ...grown, 'kube-netlint-baseline.json': baseline }, { baseline: 'kube-netlint-baseline.json' });
  assert.equal(run.exitCode, 1);
  assert.deepEqual(
    errorsAndWarnings(run.annotations).map((a) => [a.title, a.file]),
    [['service-selector-orphan', 'k8s/new.yaml']],
  );
  assert.equal(run.outputs.errors, '1');
});

test('when the baseline input names a file that is no baseline, then the step fails saying so', () => {
  const run = runAction({ ...clean, 'b.json': '{"runs": []}' }, { baseline: 'b.json' });
  assert.notEqual(run.exitCode, 0);
  assert.match(JSON.stringify(run.annotations), /input baseline b\.json cannot be used: it is not a kube-netlint baseline/);
});

/** The files of test/fixtures/kustomize/app (a base, overlays dev and prod), by path in a workspace. */
function kustomizeFixture(): Record<string, string> {
  const base = new URL('./fixtures/kustomize/', import.meta.url).pathname;
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(base, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(base, path), 'utf8');
    }
  };
  walk('app');
  return files;
}

test('when the input kustomize names a tree of overlays, then a finding in a base file is annotated at its line, once, naming both overlays', { skip: renderTool('kubectl') ? false : skipReason('kubectl') }, () => {
  const run = runAction(kustomizeFixture(), { kustomize: 'app', 'kustomize-command': 'kubectl' });
  assert.deepEqual(run.checks, []);
  assert.deepEqual(
    errorsAndWarnings(run.annotations).map((a) => `${a.file}:${a.line} ${a.title}`),
    ['app/base/service.yaml:20 service-selector-orphan', 'app/overlays/dev/service-port.yaml:10 service-target-port', 'app/overlays/prod/target-port.yaml:4 service-target-port'],
  );
  assert.match(errorsAndWarnings(run.annotations)[0]!.message, /in every one of the 2 overlays: app\/overlays\/dev, app\/overlays\/prod/);
});

test('when the config lists overlays and paths stays ., then the action renders them and does not lint the tree as plain files', { skip: renderTool('kubectl') ? false : skipReason('kubectl') }, () => {
  const run = runAction({ ...kustomizeFixture(), '.kube-netlint.yaml': 'kustomize:\n  overlays: [app/overlays/dev]\n' });
  assert.deepEqual(
    errorsAndWarnings(run.annotations).map((a) => `${a.file}:${a.line} ${a.title}`),
    ['app/base/service.yaml:20 service-selector-orphan', 'app/overlays/dev/service-port.yaml:10 service-target-port'],
  );
});

test('when the input kustomize-command is a path, then the step fails: a program is named, never a file of the checkout', () => {
  const run = runAction(clean, { kustomize: 'app', 'kustomize-command': './evil.sh' });
  assert.equal(run.exitCode, 1);
  assert.deepEqual(run.annotations.map((a) => [a.level, a.message]), [['error', 'input kustomize-command is "./evil.sh"; use kustomize or kubectl']]);
});

test('when reach-output is set, then the action writes the matrix of the linted model as reach prints it, and the summary graph is the same as without it', () => {
  const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-api
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: api}}}]
`;
  const files = { 'k8s/app.yaml': `${deployment()}---\n${deployment().replace(/web/g, 'api')}---\n${policy}` };
  const run = runAction(files, { 'reach-output': 'reach.md', 'reach-format': 'md' });
  assert.deepEqual(run.checks, []);
  const written = readFileSync(join(run.workspace, 'reach.md'), 'utf8');
  const reach = runBuiltCli(['reach', '--format', 'md', 'k8s'], { cwd: run.workspace });
  assert.equal(reach.code, 0, reach.stderr);
  assert.equal(written, reach.stdout);
  assert.match(written, /default\/api\[Deployment\]/);
  const graph = (summary: string) => /### Reachability\n[^#]*/.exec(summary)?.[0];
  assert.ok(graph(run.summary));
  assert.equal(graph(run.summary), graph(runAction(files).summary));
});

test('when reach-format names no reach format, then the step fails naming the formats', () => {
  const run = runAction(clean, { 'reach-output': 'reach.txt', 'reach-format': 'sarif' });
  assert.notEqual(run.exitCode, 0);
  assert.match(`${run.stdout}${run.stderr}`, /unknown input reach-format "sarif"; use one of table, json, csv, md, dot, mermaid, html/);
});
