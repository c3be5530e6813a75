import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toolError } from '../src/render/kustomize.ts';
import { runBuiltCli } from './support/built-cli.ts';
import { renderTool, skipReason } from './support/render-tools.ts';

/**
 * Findings of rendered inputs land where the user edits: a value's finding at its line and column in
 * the base or template (never framed on the rendered stream's text), and a kustomization that does not
 * build is an error at its kustomization file quoting kustomize's whole error.
 */
const kubectl = renderTool('kubectl');
const helm = renderTool('helm');

/** A Service "web" (port 80) and a client whose env value names port 9999 at line 39, column 30. */
const APP = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx
          ports: [{containerPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: client
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec:
      containers:
        - name: client
          image: busybox
          env:
            - name: TARGET
              value: "http://web:9999"
`;

const FILES: Record<string, string> = {
  'k/base/app.yaml': APP,
  'k/base/kustomization.yaml': 'resources: [app.yaml]\n',
  'k/overlay/kustomization.yaml': 'resources: [../base]\n',
  'k/broken/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: missing-patch.yaml\n',
  // The same base with a directive above the value: kustomize drops comments, the base keeps it.
  'quiet/base/app.yaml': APP.replace('              value: "http', '              # kube-netlint-disable-next-line service-reference -- a port the client maps\n              value: "http'),
  'quiet/base/kustomization.yaml': 'resources: [app.yaml]\n',
  'quiet/overlay/kustomization.yaml': 'resources: [../base]\n',
  'h/Chart.yaml': 'apiVersion: v2\nname: h\nversion: 0.1.0\n',
  'h/templates/app.yaml': APP,
  'amb/Chart.yaml': 'apiVersion: v2\nname: amb\nversion: 0.1.0\n',
  'amb/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  ports:\n    - port: 010\n',
};

interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

describe('findings of rendered inputs', () => {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-rendered-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  before(() => {
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  });
  const lint = (...args: string[]) => runBuiltCli(['--no-config', ...args], { cwd: root });
  const findings = (stdout: string): JsonFinding[] => (JSON.parse(stdout) as { diagnostics: JsonFinding[] }).diagnostics;

  it('when a base value names a missing port, then the finding is at the base line and column, framed on the value', { skip: kubectl ? false : skipReason('kubectl') }, () => {
    const json = lint('--kustomize', 'k/overlay', '--kustomize-command', kubectl!, '--format', 'json');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(
      findings(json.stdout).map((d) => [d.ruleId, d.file, d.line, d.column]),
      [['service-reference', 'k/base/app.yaml', 39, 30]],
    );
    const stylish = lint('--kustomize', 'k/overlay', '--kustomize-command', kubectl!, '--no-color');
    assert.match(stylish.stdout, /> 39 \| {15}value: "http:\/\/web:9999"\n {7}\| {30}\^{8}/);
    assert.doesNotMatch(stylish.stdout, /config\.kubernetes\.io\/origin|kube-netlint-kustomize-/);
  });

  it('when the base holds a directive above the value, then the finding of the overlay is suppressed', { skip: kubectl ? false : skipReason('kubectl') }, () => {
    const json = lint('--kustomize', 'quiet/overlay', '--kustomize-command', kubectl!, '--format', 'json');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(findings(json.stdout), []);
  });

  it('when a template value names a missing port, then the finding is at the template line and column', { skip: helm ? false : skipReason('helm') }, () => {
    const json = lint('--helm', 'h', '--helm-command', helm!, '--format', 'json');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(
      findings(json.stdout).map((d) => [d.ruleId, d.file, d.line, d.column]),
      [['service-reference', 'h/templates/app.yaml', 39, 30]],
    );
  });

  it('when a template holds an unquoted scalar YAML versions read differently, then the finding is at the template text', { skip: helm ? false : skipReason('helm') }, () => {
    const json = lint('--helm', 'amb', '--helm-command', helm!, '--format', 'json');
    const ambiguous = findings(json.stdout).filter((d) => d.ruleId === 'yaml-ambiguous-scalar');
    assert.deepEqual(
      ambiguous.map((d) => [d.file, d.line, d.column]),
      [['amb/templates/svc.yaml', 8, 13]],
    );
  });

  it('when a kustomization does not build, then it is an error at its file quoting the whole error, and the run fails', { skip: kubectl ? false : skipReason('kubectl') }, () => {
    const json = lint('--kustomize', 'k/broken', '--kustomize-command', kubectl!, '--format', 'json');
    assert.equal(json.code, 1, json.stderr);
    const [finding, ...rest] = findings(json.stdout);
    assert.deepEqual(rest, []);
    assert.deepEqual([finding!.ruleId, finding!.severity, finding!.file, finding!.line], ['render-failed', 'error', 'k/broken/kustomization.yaml', 1]);
    assert.match(finding!.message, /^nothing of kustomization k\/broken was linted, kubectl kustomize says: .*missing-patch\.yaml.*no such file or directory; fix what it names$/);
    assert.doesNotMatch(finding!.message, /kube-netlint-kustomize-|must resolve to a file|^.*failed: <;/);
    const quiet = lint('--kustomize', 'k/broken', '--kustomize-command', kubectl!, '-q');
    assert.equal(quiet.code, 1);
    assert.doesNotMatch(quiet.stdout + quiet.stderr, /no problems/);
  });

  it('when a packaged chart has a finding, then github and sarif point at the .tgz, line 1, with the rendered line in the message', { skip: helm ? false : skipReason('helm') }, () => {
    const pack = spawnSync(helm!, ['package', 'h', '--destination', join(root, 'pkg')], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: root } });
    assert.equal(pack.status, 0, pack.stderr);
    const github = lint('--helm', 'pkg/h-0.1.0.tgz', '--helm-command', helm!, '--format', 'github');
    assert.match(github.stdout, /^::warning file=pkg\/h-0\.1\.0\.tgz,line=1,.*line \d+ of the rendered output/m);
    assert.doesNotMatch(github.stdout, /file=</);
    const sarif = JSON.parse(lint('--helm', 'pkg/h-0.1.0.tgz', '--helm-command', helm!, '--format', 'sarif').stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    const places = sarif.runs[0]!.results.map((r) => [r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]);
    assert.deepEqual(places, [['pkg/h-0.1.0.tgz', 1]]);
  });
});

describe('toolError', () => {
  const paths = { work: '/tmp/kube-netlint-kustomize-x', target: '../../src/k/broken', real: '/src/k/broken', shown: 'k/broken' };
  const wrapper = "accumulating resources: accumulation err='accumulating resources from '../../src/k/broken': '/src/k/broken' must resolve to a file': recursed accumulation of path '/src/k/broken': ";

  it('when kubectl writes the error over several lines (err=<), then every line is kept and the wrapper attempt dropped', () => {
    const stderr = `E1207 22:12:47.966249    1302 run.go:72] "command failed" err=<\n\t${wrapper}trouble configuring builtin PatchTransformer with config: \`\n\tpath: missing-patch.yaml\n\t\`: failed to get the patch file from path(missing-patch.yaml): lstat /src/k/broken/missing-patch.yaml: no such file or directory\n >\n`;
    assert.equal(toolError(stderr, paths), 'trouble configuring builtin PatchTransformer with config: ` path: missing-patch.yaml `: failed to get the patch file from path(missing-patch.yaml): lstat k/broken/missing-patch.yaml: no such file or directory');
  });

  it('when kubectl quotes the error on one line, then it is unquoted whole', () => {
    const stderr = `E1207 22:12:48.094065    1320 run.go:72] "command failed" err="${wrapper}accumulating resources: accumulation err='accumulating resources from '../nothere': lstat /src/k/nothere: no such file or directory'"\n`;
    assert.equal(toolError(stderr, paths), "accumulating resources: accumulation err='accumulating resources from '../nothere': lstat /src/k/nothere: no such file or directory'");
  });

  it('when kustomize says Error:, then the prefix goes and the temporary directory is not shown', () => {
    assert.equal(toolError('Error: cannot read /tmp/kube-netlint-kustomize-x/kustomization.yaml\n', paths), 'cannot read <wrapper>/kustomization.yaml');
  });
});
