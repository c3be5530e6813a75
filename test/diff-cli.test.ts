import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';
import { exportedDeployment } from './support/exported-state.ts';

/** End-to-end runs of `kube-netlint diff` (the built bundle as a real process) on temp trees and a real git repository. */

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: x, ports: [{containerPort: 5432}]}]}
`;
const apps = [deployment('web'), deployment('db')].join('---\n');
const dbPolicy = (port: number) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n      ports: [{port: ${port}}]\n`;

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

/** A repository with one commit (apps, db policy on 5432), then working-tree changes (policy on 5433, a new directory). */
function repository(): string {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-diff-'));
  write(root, { '.kube-netlint.yaml': 'rules: {}\n', 'k8s/apps.yaml': apps, 'k8s/policy.yaml': dbPolicy(5432), 'README.md': '# not a manifest\n' });
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'base');
  write(root, { 'k8s/policy.yaml': dbPolicy(5433), 'k8s/batch/job.yaml': deployment('batch') });
  return root;
}

describe('kube-netlint diff of an inferred ingress controller', () => {
  it('when an Ingress of class nginx routes to a workload and no controller is configured, then the diff says the controller is inferred, as reach does', () => {
    const root = mkdtempSync(join(tmpdir(), 'kube-netlint-diff-ingress-'));
    try {
      const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {app: db}\n  ports: [{port: 80, targetPort: 5432}]\n';
      const ingress = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: db, namespace: shop}\nspec:\n  ingressClassName: nginx\n  defaultBackend: {service: {name: db, port: {number: 80}}}\n';
      write(root, { 'k8s/apps.yaml': [apps, service].join('---\n') });
      git(root, 'init', '-q');
      git(root, 'add', '.');
      git(root, 'commit', '-q', '-m', 'base');
      write(root, { 'k8s/ingress.yaml': ingress });
      const result = runBuiltCli(['diff', '--base', 'HEAD', 'k8s'], { cwd: root });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^ {2}\+ \{ingress-controller\} -> shop\/db\[Deployment\]: TCP 5432$/m);
      assert.match(result.stdout, /^caveat: the ingress controller is inferred from the Ingress class, not configured: \{ingress-controller\} stands for ingress-nginx in namespace "ingress-nginx"/m);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('kube-netlint diff --base', () => {
  const root = repository();
  after(() => rmSync(root, { recursive: true, force: true }));

  it('when the working tree changed a policy and added a workload since HEAD, then the text diff lists exactly those changes', () => {
    const result = runBuiltCli(['diff', '--base', 'HEAD', 'k8s'], { cwd: root });
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    assert.equal(
      result.stdout,
      [
        'Connectivity changes: 7 added, 0 removed, 1 changed',
        '',
        'Added:',
        '  + shop/batch[Deployment] -> shop/web[Deployment]: all',
        '  + shop/batch[Deployment] -> 0.0.0.0-255.255.255.255: all',
        '  + shop/batch[Deployment] -> ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff: all',
        '  + shop/db[Deployment] -> shop/batch[Deployment]: all',
        '  + shop/web[Deployment] -> shop/batch[Deployment]: all',
        '  + 0.0.0.0-255.255.255.255 -> shop/batch[Deployment]: all',
        '  + ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff -> shop/batch[Deployment]: all',
        '',
        'Changed:',
        '  ~ shop/web[Deployment] -> shop/db[Deployment]: TCP 5432 => TCP 5433',
        '',
        'Workloads added: shop/batch[Deployment]',
        '',
      ].join('\n'),
    );
  });

  it('when run from a subdirectory with --exit-code and --format md, then paths are relative to it and the exit code is 1', () => {
    const result = runBuiltCli(['diff', '--base', 'HEAD', '--exit-code', '--format', 'md', '--to', 'shop/db', '.'], { cwd: join(root, 'k8s') });
    assert.equal(result.stderr, '');
    assert.equal(result.code, 1);
    assert.equal(
      result.stdout,
      [
        '### Connectivity changes against `HEAD`',
        '',
        '**0 added, 0 removed, 1 changed**',
        '',
        '| | from | to | before | after |',
        '| --- | --- | --- | --- | --- |',
        '| ✏️ changed | `shop/web[Deployment]` | `shop/db[Deployment]` | `TCP 5432` | `TCP 5433` |',
        // shop/batch was added too, but --to shop/db leaves it out of scope.
        '',
      ].join('\n'),
    );
  });

  it('when nothing under the paths changed, then --exit-code exits 0 and JSON has empty lists', () => {
    const result = runBuiltCli(['diff', '--base', 'HEAD', '--exit-code', '--format', 'json', 'k8s/apps.yaml'], { cwd: root });
    assert.equal(result.code, 0);
    assert.deepEqual(JSON.parse(result.stdout), { version: 1, added: [], removed: [], changed: [], nodes: { added: [], removed: [] } });
  });

  it('when the revision does not exist, then it exits 2 with a usage message', () => {
    const result = runBuiltCli(['diff', '--base', 'no-such-branch', 'k8s'], { cwd: root });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown git revision "no-such-branch"/);
  });

  it('when the working directory is outside the repository and PATH is inside it, then the repository of PATH is compared, with the same changes', () => {
    const outside = mkdtempSync(join(tmpdir(), 'kube-netlint-outside-'));
    const result = runBuiltCli(['diff', '--base', 'HEAD', join(root, 'k8s')], { cwd: outside, env: { GIT_CEILING_DIRECTORIES: dirname(outside) } });
    const inside = runBuiltCli(['diff', '--base', 'HEAD', 'k8s'], { cwd: root });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, inside.stdout);
    rmSync(outside, { recursive: true, force: true });
  });

  it('when the directory is not a git repository, then it exits 2', () => {
    const plain = mkdtempSync(join(tmpdir(), 'kube-netlint-nogit-'));
    write(plain, { '.kube-netlint.yaml': 'rules: {}\n', 'a.yaml': apps });
    const result = runBuiltCli(['diff', '--base', 'HEAD'], { cwd: plain, env: { GIT_CEILING_DIRECTORIES: dirname(plain) } });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--base needs a git repository/);
    rmSync(plain, { recursive: true, force: true });
  });
});

describe('kube-netlint diff OLD NEW', () => {
  it('when two trees differ in a policy, then the edge it removes is listed', () => {
    const root = mkdtempSync(join(tmpdir(), 'kube-netlint-diff-trees-'));
    write(root, { '.kube-netlint.yaml': 'rules: {}\n', 'old/apps.yaml': apps, 'new/apps.yaml': apps, 'new/policy.yaml': dbPolicy(5432) });
    const result = runBuiltCli(['diff', 'old', 'new', '--from', 'shop/web'], { cwd: root });
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'Connectivity changes: 0 added, 0 removed, 1 changed\n\nChanged:\n  ~ shop/web[Deployment] -> shop/db[Deployment]: all => TCP 5432\n');
    const usage = runBuiltCli(['diff', 'old'], { cwd: root });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /diff takes two trees/);
    rmSync(root, { recursive: true, force: true });
  });

  it('when workloads are added and --from or --to names other nodes, then text and JSON list only the added workloads in scope', () => {
    const root = mkdtempSync(join(tmpdir(), 'kube-netlint-diff-nodes-'));
    const other = deployment('cron').replace('namespace: shop', 'namespace: ops');
    write(root, { '.kube-netlint.yaml': 'rules: {}\n', 'old/apps.yaml': apps, 'new/apps.yaml': [apps, deployment('batch'), other].join('---\n') });
    const all = JSON.parse(runBuiltCli(['diff', 'old', 'new', '-f', 'json'], { cwd: root }).stdout) as { nodes: { added: string[] } };
    assert.deepEqual(all.nodes.added, ['ops/cron[Deployment]', 'shop/batch[Deployment]']);
    const json = JSON.parse(runBuiltCli(['diff', 'old', 'new', '-f', 'json', '--to', 'ops/'], { cwd: root }).stdout) as { nodes: { added: string[] } };
    assert.deepEqual(json.nodes.added, ['ops/cron[Deployment]']);
    const text = runBuiltCli(['diff', 'old', 'new', '--from', 'shop/web', '--to', 'shop/db'], { cwd: root });
    assert.equal(text.stdout, 'No connectivity changes.\n');
    rmSync(root, { recursive: true, force: true });
  });

  it('when a filter names only the canary Pod of a node and only that Pod lost its isolation, then diff compares the whole node and notes it on stderr as reach does', () => {
    const root = mkdtempSync(join(tmpdir(), 'kube-netlint-diff-partial-'));
    const web = exportedDeployment({ secondPodLabels: ', track: canary' });
    const canaryPolicy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: canary, namespace: shop}\nspec:\n  podSelector: {matchLabels: {track: canary}}\n  ingress: []\n';
    write(root, { '.kube-netlint.yaml': 'rules: {}\n', 'old/apps.yaml': [web, deployment('client')].join('---\n'), 'old/policy.yaml': canaryPolicy, 'new/apps.yaml': [web, deployment('client')].join('---\n') });
    const note = 'kube-netlint: note: --to "shop/track=canary" names only some members of shop/web[Deployment]; diff compares the whole node, whose cells also join what Deployment "web" allows (explain judges the members named)\n';
    const result = runBuiltCli(['diff', 'old', 'new', '--to', 'shop/track=canary', '--exit-code'], { cwd: root });
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'No connectivity changes.\n');
    assert.equal(result.stderr, note);
    // The note comes once per node, whichever side (here only the old one) tells the members apart; a filter naming the whole node has none.
    assert.equal(runBuiltCli(['diff', 'new', 'old', '--to', 'shop/track=canary'], { cwd: root }).stderr, note);
    assert.equal(runBuiltCli(['diff', 'old', 'new', '--to', 'shop/web'], { cwd: root }).stderr, '');
    const empty = runBuiltCli(['diff', 'old', 'new', '--from', ''], { cwd: root });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /--from "": is empty/);
    rmSync(root, { recursive: true, force: true });
  });
});
