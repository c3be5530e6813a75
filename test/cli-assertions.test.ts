import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

/** Reachability assertion results in every lint format: JSON lists them all, the others carry failures as findings. */

const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-assert-formats-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const workloads = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: shop}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec: {containers: [{name: client, image: curl}]}
`;
const config = `assertions:
  - name: the client reaches web
    from: { namespace: shop, workload: client }
    to: { namespace: shop, workload: web }
    port: 8080
    expect: allow
  - name: web never reaches the client
    from: { namespace: shop, workload: web }
    to: { namespace: shop, workload: client }
    expect: deny
  - name: a typo
    from: { namespace: shop, workload: clinet }
    to: { namespace: shop, workload: web }
    expect: allow
`;
writeFileSync(join(dir, '.kube-netlint.yaml'), config);
writeFileSync(join(dir, 'app.yaml'), workloads);

describe('assertion results in lint formats', () => {
  it('when the config has assertions and --format json, then an assertions array follows diagnostics with name, expect, status and detail', () => {
    const result = runBuiltCli(['--format', 'json', 'app.yaml'], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    const json = JSON.parse(result.stdout) as Record<string, unknown> & { assertions: { name: string; expect: string; status: string; detail: string }[] };
    assert.deepEqual(Object.keys(json), ['version', 'summary', 'diagnostics', 'assertions']);
    assert.deepEqual(
      json.assertions.map(({ name, expect, status }) => ({ name, expect, status })),
      [
        { name: 'the client reaches web', expect: 'allow', status: 'pass' },
        // No policy isolates anything: web may reach the client.
        { name: 'web never reaches the client', expect: 'deny', status: 'fail' },
        { name: 'a typo', expect: 'allow', status: 'error' },
      ],
    );
    assert.equal(json.assertions[0]!.detail, 'allowed for the one pair');
    assert.match(json.assertions[1]!.detail, /^shop\/web\[Deployment\] may reach shop\/client\[Deployment\]/);
    assert.match(json.assertions[2]!.detail, /matches no workload/);
  });

  it('when the config has no assertions, then the JSON report has no assertions key', () => {
    const result = runBuiltCli(['--no-config', '--format', 'json', 'app.yaml'], { cwd: dir });
    assert.deepEqual(Object.keys(JSON.parse(result.stdout) as object), ['version', 'summary', 'diagnostics']);
  });

  for (const format of ['compact', 'github', 'sarif', 'json']) {
    it(`when an assertion fails and --format ${format}, then the failure is a reachability-assertion finding`, () => {
      const result = runBuiltCli(['--format', format, 'app.yaml'], { cwd: dir });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /reachability-assertion/);
      assert.match(result.stdout, /web never reaches the client/);
    });
  }
});

describe('reporting only some files (pre-commit) with assertions in the config', () => {
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  writeFileSync(join(repo, '.kube-netlint.yaml'), config.split('  - name: web never')[0]!);
  writeFileSync(join(repo, 'app.yaml'), workloads);
  writeFileSync(join(repo, 'policy.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n');

  it('when a staged policy breaks an assertion, then the failed assertion is reported although the config is not staged', () => {
    const result = runBuiltCli(['--context', '.', '--format', 'compact', 'policy.yaml'], { cwd: repo });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /\.kube-netlint\.yaml: line 2, col \d+, Error - assertion "the client reaches web" fails.*\(reachability-assertion\)/);
    assert.doesNotMatch(result.stdout, /app\.yaml/);
  });
});
