import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import pkg from '../package.json' with { type: 'json' };
import { rules } from '../rules/index.ts';
import { runBuiltCli, runShell } from './support/built-cli.ts';

/** End-to-end runs of the built CLI bundle as a real process, in temp directories of real files. */

const deployment = (namespace = '  namespace: shop\n') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
${namespace}spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
`;

const service = (selector = 'web', name = 'web') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    app: ${selector}
  ports:
    - name: http
      port: 80
      targetPort: http
`;

const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';

/** A temp project: files by relative path, plus an empty config so no config above the temp dir applies. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-cli-'));
  for (const [path, text] of Object.entries({ '.kube-netlint.yaml': 'rules: {}\n', ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const json = (stdout: string) => JSON.parse(stdout) as { summary: Record<string, number>; diagnostics: { ruleId: string; file: string; severity: string; line: number }[] };
/** `file rule-id` of each finding (exact positions are the golden files' business). */
const findings = (stdout: string) => json(stdout).diagnostics.map((d) => `${d.file} ${d.ruleId}`);

describe('exit codes', () => {
  const clean = { 'k8s/ns.yaml': namespace, 'k8s/deploy.yaml': deployment(), 'k8s/svc.yaml': service() };

  it('when nothing is wrong, then it exits 0 and says so', () => {
    const result = runBuiltCli(['k8s'], { cwd: project(clean) });
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /^✔ no problems in 3 files, \d+ objects\n  config: .kube-netlint.yaml\n$/);
    assert.equal(result.stderr, '');
  });

  it('when there are only warnings, then it exits 0; with more than --max-warnings, then 1 with a note', () => {
    const cwd = project({ ...clean, 'k8s/svc.yaml': service('nope'), '.kube-netlint.yaml': 'rules:\n  service-selector-orphan: warning\n' });
    const warningsOnly = runBuiltCli(['k8s'], { cwd });
    assert.equal(warningsOnly.code, 0, warningsOnly.stdout);
    assert.match(warningsOnly.stdout, /✖ 1 problem \(0 errors, 1 warning, 0 infos\)/);
    assert.equal(runBuiltCli(['--max-warnings', '1', 'k8s'], { cwd }).code, 0);
    const tooMany = runBuiltCli(['--max-warnings', '0', 'k8s'], { cwd });
    assert.equal(tooMany.code, 1);
    assert.match(tooMany.stderr, /too many warnings \(1\); the maximum allowed is 0/);
  });

  it('when there is an error, then it exits 1', () => {
    const result = runBuiltCli(['k8s'], { cwd: project({ ...clean, 'k8s/svc.yaml': service('nope') }) });
    assert.equal(result.code, 1);
    assert.match(result.stdout, / {2}8:5 {2}error {2}.*nope.* {2}service-selector-orphan\n/);
  });

  const usage: readonly [string, readonly string[], RegExp][] = [
    ['an unknown option', ['--bogus', 'k8s'], /--bogus/],
    ['an unknown format', ['--format', 'xml', 'k8s'], /unknown format "xml"; use one of stylish, json, compact, sarif, github/],
    ['a missing path', ['k8s', 'nowhere.yaml'], /no such file, directory or matching glob: nowhere\.yaml/],
    ['a glob matching nothing', ['k8s/*.yml'], /no such file, directory or matching glob: k8s\/\*\.yml/],
    ['a --max-warnings that is not a number', ['--max-warnings', 'many', 'k8s'], /--max-warnings takes a whole number/],
    ['a --jobs of no threads', ['--jobs', '0', 'k8s'], /--jobs takes a number of threads from 1 to 64, not "0"/],
    ['a --jobs that is not a number', ['-j', 'all', 'k8s'], /--jobs takes a number of threads from 1 to 64, not "all"/],
  ];
  for (const [what, args, message] of usage) {
    it(`when given ${what}, then it exits 2 with a one-line reason on stderr and nothing on stdout`, () => {
      const result = runBuiltCli(args, { cwd: project(clean) });
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Run kube-netlint --help for usage\.\n$/);
      assert.equal(result.stdout, '');
    });
  }

  it('when the config has a mistake, then it exits 2, reports it at its line in the config as the report, and says so on stderr', () => {
    const cwd = project({ ...clean, '.kube-netlint.yaml': '# team config\nrules:\n  service-selector-orphan: loud\n' });
    const result = runBuiltCli(['k8s'], { cwd });
    assert.equal(result.code, 2);
    assert.match(result.stdout, new RegExp(`^${join(cwd, '.kube-netlint.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n {2}3:\\d+ {2}error {2}.* {2}config\n`));
    assert.match(result.stderr, /^kube-netlint: the config file .*\.kube-netlint\.yaml has a problem; nothing was linted\.\n$/);
  });
});

describe('inputs', () => {
  it('when manifests are piped to -, then standard input is linted as <stdin>', () => {
    const cwd = project({ 'svc.yaml': service() });
    const result = runShell('cat svc.yaml | $KUBE_NETLINT --format json -', { cwd });
    // A Service alone is a warning (its namespace's workloads may be linted elsewhere): exit code 0.
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(findings(result.stdout), ['<stdin> service-selector-orphan']);
  });

  it('when directories (recursively), a glob and a file are mixed, then they form one model', () => {
    const cwd = project({
      'svc/web.yaml': service(),
      'svc/nested/deeper/api.yaml': service('web', 'api'),
      'svc/README.md': '# not a manifest\n',
      'deploy/web.yaml': deployment(),
      'deploy/other.txt': 'ignored: true\n',
      'ns.json': JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }),
    });
    const together = runBuiltCli(['--format', 'json', 'svc', 'deploy/*.yaml', 'ns.json'], { cwd });
    assert.equal(together.code, 0, together.stdout);
    assert.equal(json(together.stdout).summary.files, 4);
    assert.deepEqual(findings(together.stdout), []);
    // Without the Deployment's directory, both Services are orphans: the match above crossed directories.
    const apart = runBuiltCli(['--format', 'json', 'svc', 'ns.json'], { cwd });
    assert.deepEqual(findings(apart.stdout), ['svc/nested/deeper/api.yaml service-selector-orphan', 'svc/web.yaml service-selector-orphan']);
  });

  it('when --namespace is given, then objects without a namespace are placed in it', () => {
    const cwd = project({ 'k8s/deploy.yaml': deployment(''), 'k8s/svc.yaml': service(), 'k8s/ns.yaml': namespace });
    assert.deepEqual(findings(runBuiltCli(['--format', 'json', 'k8s'], { cwd }).stdout), ['k8s/svc.yaml service-selector-orphan']);
    const placed = runBuiltCli(['--format', 'json', '--namespace', 'shop', 'k8s'], { cwd });
    assert.equal(placed.code, 0);
    assert.deepEqual(findings(placed.stdout), []);
  });

  it('when --context is given (pre-commit), then the model includes it but only the given files are reported', () => {
    const cwd = project({ 'k8s/deploy.yaml': deployment(), 'k8s/svc.yaml': service(), 'k8s/ns.yaml': namespace, 'k8s/broken.yaml': 'kind: [\n' });
    const alone = runBuiltCli(['--format', 'json', 'k8s/svc.yaml'], { cwd });
    assert.deepEqual(findings(alone.stdout), ['k8s/svc.yaml service-selector-orphan']);
    const staged = runBuiltCli(['--format', 'json', '--context', '.', 'k8s/svc.yaml'], { cwd });
    assert.equal(staged.code, 0, staged.stdout);
    assert.deepEqual(findings(staged.stdout), []);
    assert.equal(json(staged.stdout).summary.files, 1);
    // The broken file is reported when it is one of the given files.
    const both = runBuiltCli(['--format', 'json', '--context', '.', 'k8s/svc.yaml', 'k8s/broken.yaml'], { cwd });
    assert.deepEqual(findings(both.stdout).map((f) => f.split(' ')[1]), ['yaml-syntax']);
  });

  it('when --context is given, then first-occurrence rules see the files in the order of a plain run', () => {
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata: {a: "1"}\n';
    const cwd = project({ 'a.yaml': configMap, 'b.yaml': configMap });
    const lines = (stdout: string) => json(stdout).diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`);
    assert.deepEqual(lines(runBuiltCli(['--format', 'json', '.'], { cwd }).stdout), ['b.yaml:4 duplicate-object']);
    // b.yaml reported first with a.yaml as context: a.yaml still holds the first copy.
    assert.deepEqual(lines(runBuiltCli(['--format', 'json', '--context', '.', 'b.yaml'], { cwd }).stdout), ['b.yaml:4 duplicate-object']);
  });
});

describe('output', () => {
  const cwd = () => project({ 'k8s/deploy.yaml': deployment(), 'k8s/svc.yaml': service('nope'), 'k8s/ns.yaml': namespace });

  it('when --output-file is given, then the report is written there (creating its directory) and stdout stays empty', () => {
    const dir = cwd();
    const result = runBuiltCli(['--format', 'json', '--output-file', 'reports/lint.json', 'k8s'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.deepEqual(findings(readFileSync(join(dir, 'reports/lint.json'), 'utf8')), ['k8s/svc.yaml service-selector-orphan']);
  });

  it('when the output file cannot be written, then it exits 2 with the reason', () => {
    const dir = cwd();
    writeFileSync(join(dir, 'reports'), 'a file, not a directory\n');
    const result = runBuiltCli(['-o', 'reports/lint.txt', 'k8s'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot write --output-file reports\/lint\.txt: E/);
    assert.ok(!existsSync(join(dir, 'reports/lint.txt')));
  });

  it('when --quiet is given, then only errors are shown and counted', () => {
    const dir = project({
      '.kube-netlint.yaml': 'rules:\n  service-selector-orphan: warning\n',
      'k8s/svc.yaml': service('nope'),
      'k8s/broken.yaml': 'kind: [\n',
    });
    const loud = runBuiltCli(['k8s'], { cwd: dir });
    assert.match(loud.stdout, /service-selector-orphan/);
    const quiet = runBuiltCli(['--quiet', 'k8s'], { cwd: dir });
    assert.equal(quiet.code, 1);
    assert.doesNotMatch(quiet.stdout, /service-selector-orphan/);
    assert.match(quiet.stdout, /yaml-syntax\n/);
    assert.match(quiet.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 infos\)/);
  });

  it('when stdout is a terminal, then stylish is coloured unless NO_COLOR or --no-color; when piped, then plain unless --color', () => {
    const dir = cwd();
    const esc = /\u001b\[/;
    // `script` runs the command on a pseudo-terminal, as a user's shell would.
    const tty = (command: string, env: Record<string, string> = {}) => runShell(`script -qec ${JSON.stringify(command)} /dev/null`, { cwd: dir, env });
    const coloured = tty('$KUBE_NETLINT k8s');
    assert.equal(coloured.code, 1, coloured.stderr);
    assert.match(coloured.stdout, /\u001b\[31merror\u001b\[39m/);
    assert.doesNotMatch(tty('$KUBE_NETLINT k8s', { NO_COLOR: '1' }).stdout, esc);
    assert.doesNotMatch(tty('$KUBE_NETLINT --no-color k8s').stdout, esc);
    assert.match(tty('$KUBE_NETLINT k8s', { NO_COLOR: '' }).stdout, esc, 'an empty NO_COLOR does not count (no-color.org)');
    assert.doesNotMatch(runBuiltCli(['k8s'], { cwd: dir }).stdout, esc);
    assert.match(runBuiltCli(['--color', 'k8s'], { cwd: dir }).stdout, esc);
  });
});

describe('commands and information', () => {
  const cwd = () => project({});

  it('when `kube-netlint rules` runs, then every rule is listed with its default severity and description', () => {
    const result = runBuiltCli(['rules'], { cwd: cwd() });
    assert.equal(result.code, 0);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, rules.length);
    rules.forEach((rule, i) => assert.match(lines[i]!, new RegExp(`^${rule.meta.id} +${rule.meta.severity} +${rule.meta.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)));
    const listed = JSON.parse(runBuiltCli(['rules', '--json'], { cwd: cwd() }).stdout) as { id: string }[];
    assert.deepEqual(listed.map((r) => r.id), rules.map((r) => r.meta.id));
    assert.equal(runBuiltCli(['rules', '--bogus'], { cwd: cwd() }).code, 2);
  });

  it('when --version or -v is given, then it prints the package version and exits 0', () => {
    for (const flag of ['--version', '-v']) {
      const result = runBuiltCli([flag], { cwd: cwd() });
      assert.equal(result.code, 0);
      assert.equal(result.stdout, `${pkg.version}\n`);
    }
  });

  it('when --help or -h is given, then it prints usage with every format and the exit codes, and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const result = runBuiltCli([flag], { cwd: cwd() });
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^Usage: kube-netlint \[options\] \[PATH\.\.\.\]/);
      assert.match(result.stdout, /stylish \(default\), json, compact, sarif, github/);
      assert.match(result.stdout, /Exit codes: 0 no errors/);
      assert.match(result.stdout, /With no PATH, lints the working directory \(\.\)\./);
    }
  });

  it('when no path is given, then the working directory is linted', () => {
    const dir = project({ 'k8s/svc.yaml': service('nope') });
    const result = runBuiltCli(['--format', 'json'], { cwd: dir });
    assert.ok(findings(result.stdout).includes('k8s/svc.yaml service-selector-orphan'), result.stdout);
  });
});

describe('the real shell', () => {
  it('when the bundle is run directly as an executable, then its shebang starts it with node', () => {
    const cwd = project({ 'k8s/svc.yaml': service() });
    const result = runShell('${KUBE_NETLINT#* } --version', { cwd });
    assert.equal(result.stdout, `${pkg.version}\n`, result.stderr);
  });
});
