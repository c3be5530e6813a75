import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { projectOf } from '../src/projects.ts';
import { runBuiltCli } from './support/built-cli.ts';

/** Monorepos of independent applications: each project a model of its own (`--split-dirs`, `projects:`). */

describe('projectOf', () => {
  const base = '/repo';
  it('when split by depth, then a file belongs to its ancestor that many levels below the base, and a shallower one to the base', () => {
    const rule = { kind: 'depth', base, depth: 2 } as const;
    assert.equal(projectOf('/repo/apps/shop/k8s/web.yaml', rule), '/repo/apps/shop');
    assert.equal(projectOf('/repo/apps/shop/web.yaml', rule), '/repo/apps/shop');
    assert.equal(projectOf('/repo/apps/common.yaml', rule), '/repo');
    assert.equal(projectOf('/elsewhere/x.yaml', rule), '/repo');
    assert.equal(projectOf('<stdin>', rule), '/repo');
  });
  it('when split by patterns, then a file belongs to the deepest directory a pattern matches, or to the base', () => {
    const rule = { kind: 'patterns', base, patterns: ['apps/*', './apps/shop/overlays/prod/', 'platform'] } as const;
    assert.equal(projectOf('/repo/apps/shop/base/web.yaml', rule), '/repo/apps/shop');
    assert.equal(projectOf('/repo/apps/shop/overlays/prod/patch.yaml', rule), '/repo/apps/shop/overlays/prod');
    assert.equal(projectOf('/repo/platform/ingress/nginx.yaml', rule), '/repo/platform');
    assert.equal(projectOf('/repo/namespaces.yaml', rule), '/repo');
  });
});

const deployment = (name: string, app: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: demo}
spec:
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
`;
const service = (name: string, app: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: demo}\nspec:\n  selector: {app: ${app}}\n  ports: [{port: 80, targetPort: 8080}]\n`;

/** Two unrelated examples in the same namespace: b's Service has lost its Deployment, which a's Deployment of the same labels hides in one model. */
function monorepo(config = 'rules: {}\n'): string {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-projects-'));
  const files: Record<string, string> = {
    '.kube-netlint.yaml': config,
    'examples/a/app.yaml': `${deployment('web', 'web')}---\n${service('web', 'web')}---\n${deployment('client', 'client')}`,
    // b also has a workload of its own, so that its Service selecting none of b's pods is a certain error.
    'examples/b/svc.yaml': `${service('web', 'web')}---\n${deployment('worker', 'worker')}`,
    'examples/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

interface Report {
  summary: { files: number; errors: number; warnings: number; projects?: { path: string; files: number; objects: number; errors: number; warnings: number }[] };
  diagnostics: { ruleId: string; file: string }[];
  assertions?: { name: string; status: string }[];
}
const report = (stdout: string) => JSON.parse(stdout) as Report;
const found = (r: Report) => r.diagnostics.map((d) => `${d.file} ${d.ruleId}`);

describe('split runs', () => {
  it('when the examples are one model, then b\'s Service matches a\'s Deployment and only the duplicate Service is reported', () => {
    const r = report(runBuiltCli(['examples', '--format', 'json'], { cwd: monorepo() }).stdout);
    assert.deepEqual(found(r), ['examples/b/svc.yaml duplicate-object']);
    assert.equal(r.summary.projects, undefined);
  });

  it('when --split-dirs 1 lints each example apart, then b\'s Service is an orphan, nothing is a duplicate, and the summary counts each project', () => {
    const result = runBuiltCli(['examples', '--split-dirs', '1', '--format', 'json'], { cwd: monorepo() });
    assert.equal(result.code, 1, result.stderr);
    const r = report(result.stdout);
    assert.deepEqual(found(r), ['examples/b/svc.yaml service-selector-orphan']);
    assert.deepEqual(
      r.summary.projects!.map((p) => [p.path, p.files, p.objects, p.errors]),
      [
        ['examples', 1, 1, 0],
        ['examples/a', 1, 3, 0],
        ['examples/b', 1, 2, 1],
      ],
    );
    assert.equal(r.summary.files, 3);
  });

  it('when the config lists the projects, then they split the run as --split-dirs does, and stylish says how many', () => {
    const cwd = monorepo('projects:\n  - examples/*\n');
    assert.deepEqual(found(report(runBuiltCli(['examples', '--format', 'json'], { cwd }).stdout)), ['examples/b/svc.yaml service-selector-orphan']);
    assert.match(runBuiltCli(['examples'], { cwd }).stdout, /\n {2}in 3 files, 6 objects in 3 projects linted apart\n/);
  });

  it('when an assertion names a workload of one project, then it is checked there; one that no project resolves cannot be checked', () => {
    const assertions = [
      'assertions:',
      '  - name: a reaches its web',
      '    from: {workload: client}',
      '    to: {workload: web}',
      '    expect: allow',
      '  - name: nobody has this',
      '    from: {workload: ghost}',
      '    to: {workload: web}',
      '    expect: deny',
      '',
    ].join('\n');
    const r = report(runBuiltCli(['examples', '--split-dirs', '1', '--format', 'json'], { cwd: monorepo(assertions) }).stdout);
    assert.deepEqual(r.assertions!.map((a) => [a.name, a.status]), [['a reaches its web', 'pass'], ['nobody has this', 'error']]);
    assert.deepEqual(found(r).filter((f) => f.includes('reachability-assertion')), ['.kube-netlint.yaml reachability-assertion']);
  });

  it('when --split-dirs is no depth, then it is a usage error', () => {
    const result = runBuiltCli(['examples', '--split-dirs', 'x'], { cwd: monorepo() });
    assert.deepEqual([result.code, result.stderr.split('\n')[0]], [2, 'kube-netlint: --split-dirs takes a depth from 1 to 32, not "x"']);
  });

  it('when reach runs on a tree whose config lists projects, then it says it reads one model', () => {
    const result = runBuiltCli(['reach', 'examples'], { cwd: monorepo('projects: [examples/*]\n') });
    assert.equal(result.code, 0);
    assert.match(result.stderr, /^kube-netlint: note: the config lists projects, which only lint analyses apart/);
  });
});
