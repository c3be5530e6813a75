import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeFindings, expectFinding, hostileTrees, lintJson } from '../support/hostile.ts';
import { renderTool, skipReason } from '../support/render-tools.ts';

/**
 * A kustomization, a chart or a walked directory of a stranger's pull request must never make
 * kube-netlint (or the kustomize and helm it runs) read a file outside the repository: its text could
 * land in a finding's code frame, in public CI logs. Each tree holds a secret outside the repository
 * (beside it, in the temp directory) and checks the secret's text appears nowhere in the report.
 */
const tree = hostileTrees('outside');
const kubectl = renderTool('kubectl');
const helm = renderTool('helm');
const SECRET = 'kind: Secret\nmetadata:\n  name: leaked-token-4f1a\n';

/** A repository (`repo/`, with `.git`) beside a secret file and directory outside it. */
function repository(files: Readonly<Record<string, string>>): { root: string; repo: string } {
  const root = tree({ 'secret.yaml': SECRET, 'secrets/kustomization.yaml': 'resources: [../secret.yaml]\n', 'secrets/secret.yaml': SECRET });
  const repo = join(root, 'repo');
  mkdirSync(join(repo, '.git'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(repo, name, '..'), { recursive: true });
    writeFileSync(join(repo, name), text);
  }
  return { root, repo };
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n';

function leaks(report: { stderr: string; findings: readonly { message: string }[] }): boolean {
  return /leaked-token-4f1a/.test(report.stderr + JSON.stringify(report.findings));
}

describe('kustomization entries outside the repository', { skip: kubectl ? false : skipReason('kubectl') }, () => {
  const args = ['--no-config', '--kustomize-command', kubectl!];

  it('when a resource is an absolute path, a ../ path out of the repository or a link leading out, then each is refused at its line and the other overlay is still linted', () => {
    const { root, repo } = repository({
      'bad/ok.yaml': SERVICE,
      'good/kustomization.yaml': 'resources: [svc.yaml]\n',
      'good/svc.yaml': SERVICE,
    });
    writeFileSync(join(repo, 'bad', 'kustomization.yaml'), `resources:\n  - ok.yaml\n  - ../../secrets\n  - ${join(root, 'secret.yaml')}\n  - linked\n`);
    symlinkSync(join(root, 'secrets'), join(repo, 'bad', 'linked'));
    const report = lintJson([...args, '--kustomize', 'bad', '--kustomize', 'good'], repo);
    assert.ok(!leaks(report), describeFindings(report.findings));
    expectFinding(report, { file: 'bad/kustomization.yaml', line: 3, column: 5 }, 'render-failed', 'resource "../../secrets" is outside the repository, so it was not read');
    expectFinding(report, { file: 'bad/kustomization.yaml', line: 4 }, 'render-failed', 'is outside the repository');
    expectFinding(report, { file: 'bad/kustomization.yaml', line: 5 }, 'render-failed', 'resource "linked" leads (through a symbolic link) outside the repository');
    assert.equal(report.findings.filter((f) => f.ruleId === 'render-failed').every((f) => f.severity === 'error'), true);
    // The good overlay was rendered and linted.
    expectFinding(report, { file: 'good/svc.yaml', line: 6 }, 'service-selector-orphan', 'only in overlay good');
    assert.equal(report.code, 1);
  });

  it('when a base inside the repository names a patch, generator file or component outside it, then the overlays built on it are refused at that entry', () => {
    const { repo } = repository({
      'base/kustomization.yaml': 'resources: [svc.yaml]\nconfigMapGenerator:\n  - name: c\n    files:\n      - key=../../secret.yaml\npatches:\n  - path: /etc/hostname\n',
      'base/svc.yaml': SERVICE,
      'overlays/dev/kustomization.yaml': 'resources: [../../base]\n',
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\ncomponents: [../../../secrets]\n',
    });
    const report = lintJson([...args, '--kustomize', '.'], repo);
    assert.ok(!leaks(report), describeFindings(report.findings));
    expectFinding(report, { file: 'base/kustomization.yaml', line: 5 }, 'render-failed', 'generator file "../../secret.yaml" is outside the repository');
    expectFinding(report, { file: 'base/kustomization.yaml', line: 7 }, 'render-failed', 'patch "/etc/hostname" is outside the repository');
    expectFinding(report, { file: 'overlays/prod/kustomization.yaml', line: 2 }, 'render-failed', 'component "../../../secrets" is outside the repository');
  });

  it('when two directories of a kustomization link to each other, then the run ends and nothing outside is read', () => {
    const { repo } = repository({ 'a/kustomization.yaml': 'resources: [x, y]\n', 'b/kustomization.yaml': 'resources: [x, y]\n' });
    symlinkSync(join(repo, 'b'), join(repo, 'a', 'x'));
    symlinkSync(join(repo, 'b'), join(repo, 'a', 'y'));
    symlinkSync(join(repo, 'a'), join(repo, 'b', 'x'));
    symlinkSync(join(repo, 'a'), join(repo, 'b', 'y'));
    const report = lintJson([...args, '--kustomize', 'a'], repo);
    // kustomize reports the cycle itself: a render failure, not a hang.
    assert.ok(report.findings.some((f) => f.ruleId === 'render-failed' || f.ruleId === 'skipped-file'), describeFindings(report.findings));
  });
});

describe('links of a chart directory', { skip: helm ? false : skipReason('helm') }, () => {
  const chart = { 'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n', 'web/templates/svc.yaml': SERVICE };
  const args = ['--no-config', '--helm-command', helm!, '--helm', 'web'];

  it('when a template, the values file or a subchart is a link leading out of the repository, then the chart is not rendered and each link is named', () => {
    const { root, repo } = repository(chart);
    symlinkSync(join(root, 'secret.yaml'), join(repo, 'web', 'templates', 'leak.yaml'));
    symlinkSync(join(root, 'secret.yaml'), join(repo, 'web', 'values.yaml'));
    mkdirSync(join(repo, 'web', 'charts'));
    symlinkSync(join(root, 'secrets'), join(repo, 'web', 'charts', 'sub'));
    const report = lintJson(args, repo);
    assert.ok(!leaks(report), describeFindings(report.findings));
    for (const link of ['web/templates/leak.yaml', 'web/values.yaml', 'web/charts/sub']) {
      expectFinding(report, { file: link, line: 1 }, 'render-failed', `"${link}" (a symbolic link to "${join(root, link === 'web/charts/sub' ? 'secrets' : 'secret.yaml')}") leads (through a symbolic link) outside the repository`);
    }
    assert.equal(report.code, 1);
  });

  it('when a chart directory links back to a directory above it, then the chart is refused as a loop, not rendered', () => {
    const { repo } = repository(chart);
    symlinkSync('..', join(repo, 'web', 'templates', 'again'));
    const report = lintJson(args, repo);
    expectFinding(report, { file: 'web/templates/again', line: 1 }, 'render-failed', 'leads back to a directory above it, a loop');
  });

  it('when a chart links to a file inside it, then it is rendered as helm renders it', () => {
    const { repo } = repository({ ...chart, 'web/shared/svc.yaml': SERVICE.replace(/web/g, 'api').replace('port: 80', 'port: 80\n      targetPort: nope') });
    symlinkSync('../shared/svc.yaml', join(repo, 'web', 'templates', 'api.yaml'));
    const report = lintJson(args, repo);
    assert.ok(!report.findings.some((f) => f.ruleId === 'render-failed'), describeFindings(report.findings));
    // The linked template was rendered: its Service is linted.
    expectFinding(report, { file: 'web/templates/api.yaml', line: 6 }, 'service-selector-orphan', 'app=api');
  });
});

describe('links found walking a directory', () => {
  it('when a manifest or a directory of the tree links out of the repository, then it is not read, and the skip is said', () => {
    const { root, repo } = repository({ 'deploy/svc.yaml': SERVICE });
    symlinkSync(join(root, 'secret.yaml'), join(repo, 'deploy', 'leak.yaml'));
    symlinkSync(join(root, 'secrets'), join(repo, 'deploy', 'more'));
    const report = lintJson(['--no-config', 'deploy'], repo);
    assert.ok(!leaks(report), describeFindings(report.findings));
    expectFinding(report, { file: 'deploy/leak.yaml', line: 1 }, 'skipped-file', 'outside the repository, and was not read');
    expectFinding(report, { file: 'deploy/more', line: 1 }, 'skipped-file', 'outside the repository, and was not read');
    assert.equal(report.summary.files, 1);
  });

  it('when git tracks a link out of the repository and --context loads what git lists, then it is not read', () => {
    // Outside: a workload the Service would select. Read through the link, it would silence the Service's orphan finding.
    const root = tree({ 'secret.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: leaked-token-4f1a}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n' });
    const repo = join(root, 'repo');
    mkdirSync(join(repo, 'deploy'), { recursive: true });
    writeFileSync(join(repo, 'deploy', 'svc.yaml'), SERVICE);
    symlinkSync(join(root, 'secret.yaml'), join(repo, 'leak.yaml'));
    const git = (...args: string[]) => assert.equal(spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' }).status, 0, args.join(' '));
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'x');
    const report = lintJson(['--no-config', '--context', '.', 'deploy/svc.yaml'], repo);
    assert.ok(!leaks(report), describeFindings(report.findings));
    expectFinding(report, { file: 'deploy/svc.yaml', line: 6 }, 'service-selector-orphan', 'app=web');
  });

  it('when a link stays inside the repository, then the file is read', () => {
    const { repo } = repository({ 'shared/svc.yaml': SERVICE, 'deploy/.keep': '' });
    symlinkSync(join(repo, 'shared'), join(repo, 'deploy', 'shared'));
    const report = lintJson(['--no-config', 'deploy'], repo);
    assert.equal(report.summary.files, 1, describeFindings(report.findings));
  });
});
