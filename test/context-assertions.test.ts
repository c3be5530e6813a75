import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-context-assert-'));
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
const denyAll = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;
const config = `assertions:
  - name: the client reaches web
    from: { namespace: shop, workload: client }
    to: { namespace: shop, workload: web }
    port: 8080
    expect: allow
`;

describe('reporting only some files (pre-commit) with assertions in the config', () => {
  it('when a staged policy breaks an assertion, then the failed assertion is reported although the config is not staged', () => {
    writeFileSync(join(dir, '.kube-netlint.yaml'), config);
    writeFileSync(join(dir, 'app.yaml'), workloads);
    writeFileSync(join(dir, 'policy.yaml'), denyAll);
    const result = runBuiltCli(['--context', '.', '--format', 'compact', 'policy.yaml'], { cwd: dir });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /\.kube-netlint\.yaml: line 2, col \d+, Error - assertion "the client reaches web" fails.*\(reachability-assertion\)/);
    assert.doesNotMatch(result.stdout, /app\.yaml/);
  });
});
