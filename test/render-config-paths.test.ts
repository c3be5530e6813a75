import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';
import { RENDER_CLIENTS_DIR, renderTool, skipReason } from './support/render-tools.ts';

/**
 * The paths a config names for rendering stay inside the config file's tree (a config may come from a
 * stranger's pull request): a values file, chart, values directory or overlay outside it, or reached
 * through a link that leads out, is a config error at its entry and nothing is rendered; the same
 * paths typed on the command line are the user's and are read.
 */
const helm = renderTool('helm');
const skip = helm ? false : skipReason('helm');

const SECRET = 's3cret-token-outside-repo';
const FILES: Record<string, string> = {
  'outside.yaml': `secret: "${SECRET}"\n`,
  'elsewhere/kustomization.yaml': 'resources: []\n',
  'repo/chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
  'repo/chart/values.yaml': 'secret: "80"\n',
  'repo/chart/templates/svc.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: {{ .Values.secret | quote }}
`,
  'repo/inside.yaml': 'secret: "8080"\n',
  'repo/matrix/a.yaml': 'secret: "81"\n',
};

interface JsonFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

describe('paths from the config file', { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-config-paths-'));
  const repo = join(root, 'repo');
  after(() => rmSync(root, { recursive: true, force: true }));
  before(() => {
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    symlinkSync(join(root, 'outside.yaml'), join(repo, 'link.yaml'));
    symlinkSync(join(root, 'outside.yaml'), join(repo, 'matrix', 'b.yaml'));
  });
  const lint = (config: string, ...args: string[]) => {
    writeFileSync(join(repo, '.kube-netlint.yaml'), config);
    return runBuiltCli([...args, '--format', 'json'], { cwd: repo, env: { PATH: `${RENDER_CLIENTS_DIR}:${process.env.PATH ?? ''}` } });
  };
  const findings = (stdout: string): JsonFinding[] => (JSON.parse(stdout) as { diagnostics: JsonFinding[] }).diagnostics;

  it('when a values file is outside, absolute or a link leading out, then each is a config error at its entry and no secret is printed', () => {
    const result = lint('helm:\n  charts:\n    - chart: chart\n      values: [../outside.yaml, /etc/passwd, link.yaml, inside.yaml]\n');
    assert.equal(result.code, 2, result.stderr);
    assert.ok(!result.stdout.includes(SECRET) && !result.stderr.includes(SECRET));
    const found = findings(result.stdout);
    assert.deepEqual(
      found.map((d) => [d.ruleId, d.line, d.column]),
      [
        ['config', 4, 16],
        ['config', 4, 33],
        ['config', 4, 46],
      ],
    );
    assert.match(found[0]!.message, /^values file "\.\.\/outside\.yaml" is outside the config file's directory/);
    assert.match(found[1]!.message, /^values file "\/etc\/passwd" is outside/);
    assert.match(found[2]!.message, /^values file "link\.yaml" leads \(through a symbolic link\) outside/);
  });

  it('when the chart, a values set, or a file of the values matrix lies outside, then each is a config error', () => {
    const result = lint('helm:\n  charts:\n    - chart: ../repo/../elsewhere\n    - chart: chart\n      valueSets: [[inside.yaml], [../outside.yaml]]\n    - chart: chart\n      valuesMatrix: matrix\n');
    assert.equal(result.code, 2, result.stderr);
    const found = findings(result.stdout);
    assert.deepEqual(
      found.map((d) => [d.line, d.message.split(' is ')[0]!.split(' leads ')[0]]),
      [
        [3, 'chart "../repo/../elsewhere"'],
        [5, 'values file "../outside.yaml"'],
        [7, 'values file "matrix/b.yaml"'],
      ],
    );
  });

  it('when an overlay is outside, then it is a config error and kustomize does not run', () => {
    const result = lint('kustomize:\n  overlays: [../elsewhere]\n');
    assert.equal(result.code, 2, result.stderr);
    const found = findings(result.stdout);
    assert.deepEqual(
      found.map((d) => [d.ruleId, d.line, d.column]),
      [['config', 2, 14]],
    );
    assert.match(found[0]!.message, /^overlay "\.\.\/elsewhere" is outside the config file's directory; .* --kustomize$/);
  });

  it('when the paths are inside, then the chart is rendered with them', () => {
    const result = lint('helm:\n  charts:\n    - chart: chart\n      values: [inside.yaml]\n');
    assert.equal(result.code, 1, result.stderr);
    assert.ok(findings(result.stdout).some((d) => d.message.includes('8080')));
  });

  it('when the user gives a values file outside on the command line, then it is read', () => {
    const result = lint('{}\n', '--helm', 'chart', '--values', '../outside.yaml');
    assert.notEqual(result.code, 2, result.stderr);
    assert.ok(findings(result.stdout).some((d) => d.message.includes(SECRET)));
  });
});
