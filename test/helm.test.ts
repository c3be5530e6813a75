import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';
import { renderTool, skipReason } from './support/render-tools.ts';

/**
 * `--helm` with the real helm binary (installed by `npm run pretest` into build/test-clients/bin): a
 * chart of our own whose findings are placed in its templates, in every report format.
 */
const helm = renderTool('helm');
const skip = helm ? false : skipReason('helm');

/** The chart: line numbers below are of these texts. */
const CHART: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
  'values.yaml': 'portName: http\nextraTarget: http\n',
  'values/dev.yaml': 'portName: http\n',
  'values/prod.yaml': 'extraTarget: admin\n',
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-shop
spec:
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
        - name: shop
          image: nginx
          ports:
            - name: {{ .Values.portName }}
              containerPort: 8080
`,
  // Line 11: "metrics" stands once in the template (placed on its line); line 14: the value comes
  // from the values (placed on line 1, with the rendered line in the message).
  'templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-shop
spec:
  selector:
    app: shop
  ports:
    - name: main
      port: 80
      targetPort: metrics
    - name: extra
      port: 81
      targetPort: {{ .Values.extraTarget }}
`,
  // The same field text twice: neither finding can be placed on its line.
  'templates/twice.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-stats
spec:
  selector:
    app: shop
  ports:
    - {name: a, port: 90, targetPort: stats}
    - {name: b, port: 91, targetPort: stats}
`,
  // A chart test Pod and a hook Job carrying the application's label, without its ports: they are no backends.
  'templates/tests/test-connection.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test-connection
  labels: {app: shop}
  annotations: {helm.sh/hook: test}
spec:
  restartPolicy: Never
  containers:
    - name: wget
      image: busybox
`,
  'templates/migrate.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-migrate
  annotations: {helm.sh/hook: pre-install}
spec:
  template:
    metadata:
      labels: {app: shop}
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: busybox
`,
};

interface JsonFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

describe('helm charts linted with --helm', { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-helm-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const helmArgs = ['--no-config', '--helm-command', helm ?? 'helm'];
  const lint = (...args: string[]) => runBuiltCli([...helmArgs, ...args], { cwd: root });
  let json: { diagnostics: JsonFinding[] };

  before(() => {
    for (const [path, text] of Object.entries(CHART)) {
      mkdirSync(dirname(join(root, 'shop', path)), { recursive: true });
      writeFileSync(join(root, 'shop', path), text);
    }
    const result = lint('--helm', 'shop', '--values', 'shop/values/prod.yaml', '--format', 'json');
    assert.equal(result.code, 1, result.stderr);
    json = JSON.parse(result.stdout);
  });

  const findingsIn = (file: string) => json.diagnostics.filter((f) => f.file === file);

  it('when a field text stands once in its template, then the finding is on that template line', () => {
    const found = findingsIn('shop/templates/service.yaml').filter((f) => f.message.includes('"metrics"'));
    assert.deepEqual(found.map((f) => [f.ruleId, f.line]), [['service-target-port', 11]]);
    assert.doesNotMatch(found[0]!.message, /rendered/);
  });

  it('when a field value comes from the values file, then the finding is on the template first line and quotes the rendered line and the values', () => {
    const found = findingsIn('shop/templates/service.yaml').filter((f) => f.message.includes('"admin"'));
    assert.deepEqual(found.map((f) => [f.ruleId, f.line]), [['service-target-port', 1]]);
    assert.match(found[0]!.message, /\(helm template shop with --values shop\/values\/prod\.yaml rendered it as "targetPort: admin"; the template's line for it is not known\)/);
  });

  it('when a field text stands twice in its template, then both findings are on its first line with their rendered line', () => {
    const found = findingsIn('shop/templates/twice.yaml');
    assert.deepEqual(found.map((f) => [f.ruleId, f.line]), [['service-target-port', 1], ['service-target-port', 1]]);
    for (const f of found) assert.match(f.message, /rendered it as "- \{name: [ab], port: 9[01], targetPort: stats\}"/);
  });

  it('when a test Pod and a hook Job carry the labels a Service selects, then they are no backends and get no finding', () => {
    assert.deepEqual(json.diagnostics.filter((f) => /test-connection|migrate/.test(f.message) || /test-connection|migrate/.test(f.file)), []);
    assert.ok(!json.diagnostics.some((f) => f.ruleId === 'service-selector-orphan'), JSON.stringify(json.diagnostics, null, 1));
  });

  it('when the report is stylish, sarif or github, then the finding points at the template line too', () => {
    const stylish = lint('--helm', 'shop', '--format', 'stylish').stdout;
    assert.match(stylish, /shop\/templates\/service\.yaml\n {2}11:19 {2}error {2}targetPort "metrics"/m);
    const sarif = JSON.parse(lint('--helm', 'shop', '--format', 'sarif').stdout);
    const metrics = sarif.runs[0].results.find((r: { message: { text: string } }) => r.message.text.includes('"metrics"'));
    assert.equal(metrics.locations[0].physicalLocation.artifactLocation.uri, 'shop/templates/service.yaml');
    assert.equal(metrics.locations[0].physicalLocation.region.startLine, 11);
    const github = lint('--helm', 'shop', '--format', 'github').stdout;
    assert.match(github, /^::error file=shop\/templates\/service\.yaml,line=11,col=19,endLine=11,endColumn=26,title=service-target-port::targetPort "metrics"/m);
  });

  it('when --values-matrix renders the chart per values file, then a finding of every rendering is reported once and one of some names them', () => {
    const result = lint('--helm', 'shop', '--values-matrix', 'shop/values', '--format', 'json');
    assert.equal(result.code, 1, result.stderr);
    const findings: JsonFinding[] = JSON.parse(result.stdout).diagnostics;
    const metrics = findings.filter((f) => f.message.includes('"metrics"'));
    assert.equal(metrics.length, 1);
    assert.match(metrics[0]!.message, /in every one of the 2 values files: shop\/values\/dev\.yaml, shop\/values\/prod\.yaml/);
    const admin = findings.filter((f) => f.message.includes('"admin"'));
    assert.equal(admin.length, 1);
    assert.match(admin[0]!.message, /only in values file shop\/values\/prod\.yaml/);
  });

  it('when helm cannot be run, then the run stops with exit 2 and says how to get it', () => {
    const result = runBuiltCli(['--no-config', '--helm', 'shop', '--helm-command', join(root, 'no-such-helm')], { cwd: root });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot run helm as ".*no-such-helm" \(not found\): kube-netlint renders charts with Helm 3 or later; install it/);
    assert.equal(result.stdout, '');
  });

  it('when a dependency is missing from charts/, then it is one finding at Chart.yaml saying to build it, and nothing is written into the chart', () => {
    const dir = join(root, 'deps');
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: deps\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: https://charts.example.invalid\n');
    writeFileSync(join(dir, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    const result = lint('--helm', 'deps', '--format', 'json');
    assert.equal(result.code, 0, result.stderr);
    const findings: JsonFinding[] = JSON.parse(result.stdout).diagnostics;
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file]), [['skipped-file', 'deps/Chart.yaml']]);
    assert.match(findings[0]!.message, /missing in charts\/ directory: redis; kube-netlint never downloads dependencies: run `helm dependency build`/);
    assert.deepEqual(readdirSync(dir).sort(), ['Chart.yaml', 'templates']);
  });

  it('when a template does not render, then the finding is at that template and quotes helm', () => {
    const dir = join(root, 'broken');
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: broken\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.a.b }}\n');
    const findings: JsonFinding[] = JSON.parse(lint('--helm', 'broken', '--format', 'json').stdout).diagnostics;
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file]), [['skipped-file', 'broken/templates/cm.yaml']]);
    assert.match(findings[0]!.message, /the chart could not be rendered: helm template says: broken\/templates\/cm\.yaml:4:/);
  });

  it('when the config lists the chart under helm.charts, then kube-netlint with no arguments renders it, lints the other files apart, and skips none of its templates', () => {
    const dir = join(root, 'repo');
    for (const [path, text] of Object.entries(CHART)) {
      mkdirSync(dirname(join(dir, 'charts', 'shop', path)), { recursive: true });
      writeFileSync(join(dir, 'charts', 'shop', path), text);
    }
    writeFileSync(join(dir, '.kube-netlint.yaml'), 'helm:\n  charts:\n    - chart: charts/shop\n      values: [charts/shop/values/prod.yaml]\n      release: web\n');
    writeFileSync(join(dir, 'plain.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: lone}\nspec:\n  selector: {app: nothing}\n  ports: [{port: 80}]\n');
    // helm found on PATH, as in CI; the config may name a program, never a path.
    const result = runBuiltCli(['--format', 'json'], { cwd: dir, env: { PATH: `${dirname(helm!)}:${process.env.PATH}` } });
    assert.equal(result.code, 1, result.stderr);
    const findings: JsonFinding[] = JSON.parse(result.stdout).diagnostics;
    assert.deepEqual([...new Set(findings.map((f) => f.file))].sort(), ['charts/shop/templates/service.yaml', 'charts/shop/templates/twice.yaml', 'plain.yaml']);
    assert.ok(findings.some((f) => f.file === 'charts/shop/templates/service.yaml' && f.line === 11 && f.message.includes('Deployment "web-shop"')));
    writeFileSync(join(dir, '.kube-netlint.yaml'), 'helm:\n  command: ./bin/helm\n');
    const refused = runBuiltCli(['--format', 'compact'], { cwd: dir });
    assert.equal(refused.code, 2);
    assert.match(refused.stdout, /helm\.command must be a program name found on PATH/);
  });

  it('when the chart is packaged (.tgz), then its templates are not on disk: findings are on the package, and say what rendered them and where', () => {
    const pack = spawnSync(helm!, ['package', 'shop', '--destination', join(root, 'packages')], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: root } });
    assert.equal(pack.status, 0, pack.stderr);
    const findings: JsonFinding[] = JSON.parse(lint('--helm', 'packages/shop-0.1.0.tgz', '--format', 'json').stdout).diagnostics;
    const metrics = findings.find((f) => f.message.includes('"metrics"'));
    // Shown on the package itself (a real file for annotations), with the rendered line in the note.
    assert.equal(metrics?.file, 'packages/shop-0.1.0.tgz');
    assert.match(metrics!.message, /\(rendered by helm template packages\/shop-0\.1\.0\.tgz; no source file is known for this field; line \d+ of the rendered output\)/);
  });

  it('when a subchart is a directory in charts/, then its findings are placed in its templates', () => {
    const dir = join(root, 'umbrella');
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n  - name: shop\n    version: 0.1.0\n');
    for (const [path, text] of Object.entries(CHART)) {
      mkdirSync(dirname(join(dir, 'charts', 'shop', path)), { recursive: true });
      writeFileSync(join(dir, 'charts', 'shop', path), text);
    }
    const findings: JsonFinding[] = JSON.parse(lint('--helm', 'umbrella', '--format', 'json').stdout).diagnostics;
    assert.ok(findings.some((f) => f.file === 'umbrella/charts/shop/templates/service.yaml' && f.line === 11 && f.message.includes('"metrics"')), JSON.stringify(findings, null, 1));
  });

  it('when the config gives the chart value sets, then it is rendered once per set and the findings are joined', () => {
    const dir = join(root, 'sets');
    for (const [path, text] of Object.entries(CHART)) {
      mkdirSync(dirname(join(dir, 'shop', path)), { recursive: true });
      writeFileSync(join(dir, 'shop', path), text);
    }
    writeFileSync(join(dir, '.kube-netlint.yaml'), 'helm:\n  charts:\n    - chart: shop\n      valueSets:\n        - [shop/values/dev.yaml]\n        - [shop/values/dev.yaml, shop/values/prod.yaml]\n');
    const result = runBuiltCli(['--format', 'json', '--helm-command', helm!], { cwd: dir });
    const findings: JsonFinding[] = JSON.parse(result.stdout).diagnostics;
    assert.match(findings.find((f) => f.message.includes('"metrics"'))!.message, /in every one of the 2 values files: shop\/values\/dev\.yaml, shop\/values\/dev\.yaml \+ shop\/values\/prod\.yaml/);
    assert.match(findings.find((f) => f.message.includes('"admin"'))!.message, /only in values file shop\/values\/dev\.yaml \+ shop\/values\/prod\.yaml/);
  });

  it('when a chart option is given without --helm, or the chart is not there, then it is a usage error', () => {
    assert.equal(runBuiltCli(['--no-config', '--values', 'x.yaml', '.'], { cwd: root }).code, 2);
    const missing = lint('--helm', 'nowhere');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--helm nowhere: no chart there/);
  });
});
