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
  // The same field text twice, after the same text on its line: neither finding can be placed on its line.
  'templates/twice.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-stats
spec:
  selector:
    app: shop
  ports:
    - {port: 90, targetPort: stats, name: a}
    - {port: 90, targetPort: stats, name: b, protocol: UDP}
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

/** Writes a chart of our own: paths relative to `dir`. */
function writeChart(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

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
    for (const f of found) assert.match(f.message, /rendered it as "- \{port: 90, targetPort: stats, name: [ab](, protocol: UDP)?\}"; the template's line for it is not known/);
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

  it('when a dependency is missing from charts/, then it is one error at Chart.yaml saying nothing was linted and how to give it, and nothing is written into the chart', () => {
    const dir = join(root, 'deps');
    writeChart(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: deps\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: https://charts.example.invalid\n',
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
    });
    const result = lint('--helm', 'deps', '--format', 'json');
    assert.equal(result.code, 1, result.stderr);
    const findings: (JsonFinding & { severity: string })[] = JSON.parse(result.stdout).diagnostics;
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.file]), [['render-failed', 'error', 'deps/Chart.yaml']]);
    assert.match(findings[0]!.message, /^nothing of chart deps was linted, helm template says: .*missing in charts\/ directory: redis; kube-netlint never downloads dependencies: give them in charts\/ \(`helm dependency build` downloads them\)/);
    assert.doesNotMatch(findings[0]!.message, /unreadable|ignore/);
    assert.deepEqual(readdirSync(dir).sort(), ['Chart.yaml', 'templates']);
    const quiet = lint('--helm', 'deps', '-q');
    assert.equal(quiet.code, 1);
    assert.doesNotMatch(quiet.stdout, /no problems/);
    assert.match(quiet.stdout, /1 unrendered input/);
  });

  it('when a template does not render, then the error is at the template line and column helm names and quotes helm', () => {
    const dir = join(root, 'broken');
    writeChart(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: broken\nversion: 0.1.0\n',
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.a.b }}\n',
    });
    const findings: (JsonFinding & { column: number })[] = JSON.parse(lint('--helm', 'broken', '--format', 'json').stdout).diagnostics;
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file, f.line]), [['render-failed', 'broken/templates/cm.yaml', 4]]);
    assert.match(findings[0]!.message, /nothing of chart broken was linted, helm template says: .*broken\/templates\/cm\.yaml:4:/);
  });

  it('when a template is not YAML or NOTES.txt fails, then the error is at that template (named by the chart name, not the folder), at the line and column helm gives', () => {
    const dir = join(root, 'folder-not-name');
    writeChart(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: named\nversion: 0.1.0\n',
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
      'templates/bad.yaml': 'kind: ConfigMap\ndata: [\n',
    });
    const bad: (JsonFinding & { column: number })[] = JSON.parse(lint('--helm', 'folder-not-name', '--format', 'json').stdout).diagnostics;
    assert.deepEqual(bad.map((f) => [f.ruleId, f.file, f.line]), [['render-failed', 'folder-not-name/templates/bad.yaml', 1]]);
    assert.match(bad[0]!.message, /YAML parse error on named\/templates\/bad\.yaml/);
    writeFileSync(join(dir, 'templates', 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n');
    writeFileSync(join(dir, 'templates', 'NOTES.txt'), 'Installed.\n  {{ fail "set a password" }}\n');
    const notes: (JsonFinding & { column: number })[] = JSON.parse(lint('--helm', 'folder-not-name', '--format', 'json').stdout).diagnostics;
    assert.deepEqual(notes.map((f) => [f.ruleId, f.file, f.line, f.column]), [['render-failed', 'folder-not-name/templates/NOTES.txt', 2, 6]]);
    assert.match(notes[0]!.message, /execution error at \(named\/templates\/NOTES\.txt:2:5\): set a password/);
  });

  it('when a subchart is used under an alias or its folder has another name, then findings and errors are placed in its templates', () => {
    const dir = join(root, 'aliased');
    writeChart(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n  - name: shop\n    version: 0.1.0\n    alias: store\n',
      ...Object.fromEntries(Object.entries(CHART).map(([path, text]) => [`charts/shop-0.1.0/${path}`, text])),
    });
    const findings: JsonFinding[] = JSON.parse(lint('--helm', 'aliased', '--format', 'json').stdout).diagnostics;
    assert.ok(findings.some((f) => f.file === 'aliased/charts/shop-0.1.0/templates/service.yaml' && f.line === 11 && f.message.includes('"metrics"')), JSON.stringify(findings, null, 1));
    assert.ok(!findings.some((f) => f.file.startsWith('<')), JSON.stringify(findings, null, 1));
    writeFileSync(join(dir, 'charts', 'shop-0.1.0', 'templates', 'NOTES.txt'), '{{ fail "no" }}\n');
    const failed: JsonFinding[] = JSON.parse(lint('--helm', 'aliased', '--format', 'json').stdout).diagnostics;
    assert.deepEqual(failed.map((f) => [f.ruleId, f.file, f.line]), [['render-failed', 'aliased/charts/shop-0.1.0/templates/NOTES.txt', 1]]);
  });

  it('when a chart renders no object, then it is an error at Chart.yaml saying nothing was linted', () => {
    writeChart(join(root, 'nothing'), {
      'Chart.yaml': 'apiVersion: v2\nname: nothing\nversion: 0.1.0\n',
      'templates/cm.yaml': '{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n{{- end }}\n',
    });
    const result = lint('--helm', 'nothing', '--format', 'json');
    assert.equal(result.code, 1);
    const findings: JsonFinding[] = JSON.parse(result.stdout).diagnostics;
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file, f.line]), [['render-failed', 'nothing/Chart.yaml', 1]]);
    assert.match(findings[0]!.message, /^nothing of chart nothing was linted: it rendered no Kubernetes object; give the values that enable its templates/);
    assert.equal(lint('--helm', 'nothing', '--set', 'enabled=true', '--format', 'json').code, 0);
  });

  it('when the output passes maxFileSize, then the error names kube-netlint\'s limit, not helm\'s', () => {
    const dir = join(root, 'large');
    writeChart(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: large\nversion: 0.1.0\n',
      'templates/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: "${'x'.repeat(3000)}"\n`,
      '.kube-netlint.yaml': 'maxFileSize: 1024\n',
    });
    const result = runBuiltCli(['--config', 'large/.kube-netlint.yaml', '--helm', 'large', '--helm-command', helm!, '--format', 'json'], { cwd: root });
    const findings: JsonFinding[] = JSON.parse(result.stdout).diagnostics;
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file]), [['render-failed', 'large/Chart.yaml']], result.stderr);
    assert.match(findings[0]!.message, /helm template wrote more than 1024 bytes, kube-netlint's limit for one input; set maxFileSize in \.kube-netlint\.yaml to raise it/);
  });

  it('when --kube-version is not a version helm accepts, then it is a usage error', () => {
    const result = lint('--helm', 'shop', '--kube-version', 'banana');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--kube-version banana: helm does not accept it \(invalid kube version 'banana'.*\); give a Kubernetes version such as 1\.31\.0/);
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

  it('when a value stands only inside template actions or a key stands at another depth, then the finding is on the key line or the writing action, never on those', () => {
    writeChart(join(root, 'placed'), {
      'Chart.yaml': 'apiVersion: v2\nname: placed\nversion: 0.1.0\n',
      'values.yaml': 'type: LoadBalancer\negress:\n  - to:\n      - podSelector:\n          matchLabels: {app: jaeger}\n',
      // Line 6: the type key; line 10: "LoadBalancer" again, inside an action.
      'templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-lb\nspec:\n  type: {{ .Values.type }}\n  selector: {app: placed}\n  ports:\n    - port: 80\n{{- $lb := eq .Values.type "LoadBalancer" }}\n',
      // Line 6: the policy's own podSelector; line 10: the toYaml that writes the peer's.
      'templates/policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {{ .Release.Name }}-policy\nspec:\n  podSelector:\n    matchLabels: {app: placed}\n  policyTypes: [Egress]\n  egress:\n    {{- toYaml .Values.egress | nindent 4 }}\n',
      'templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: placed\nspec:\n  selector:\n    matchLabels: {app: placed}\n  template:\n    metadata:\n      labels: {app: placed}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n          ports: [{containerPort: 80}]\n',
    });
    const findings: JsonFinding[] = JSON.parse(lint('--helm', 'placed', '--format', 'json').stdout).diagnostics;
    const exposure = findings.find((f) => f.ruleId === 'service-exposure');
    assert.deepEqual([exposure?.file, exposure?.line], ['placed/templates/svc.yaml', 6], JSON.stringify(findings, null, 1));
    assert.match(exposure!.message, /\(helm template placed rendered it as "type: LoadBalancer"\)/);
    const peer = findings.find((f) => f.ruleId === 'networkpolicy-peer-orphan');
    assert.deepEqual([peer?.file, peer?.line], ['placed/templates/policy.yaml', 10], JSON.stringify(findings, null, 1));
    assert.match(peer!.message, /app=jaeger.*\(helm template placed rendered it as "- podSelector:" from the template action on this line\)/);
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
