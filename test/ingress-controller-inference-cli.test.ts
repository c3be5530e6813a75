/**
 * `{ingress-controller}` in explain and assertions is the controller lint infers from the Ingress
 * class when cluster.ingressController is not set (ingressSenderTo), said as an assumption. Through the
 * built CLI, as users see it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

const manifests = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${namespace}}}, podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}}]
    ports: [{port: 8080}]
`;
const assertion = `assertions:
  - name: ingress reaches web
    from: { ingressController: true }
    to: { namespace: shop, workload: web }
    port: 8080
    expect: allow
`;

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tree(namespace: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'knl-ingress-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'all.yaml'), manifests(namespace));
  writeFileSync(join(dir, '.kube-netlint.yaml'), assertion);
  return dir;
}

describe('the inferred ingress controller', () => {
  it('when a policy admits the controller the Ingress class names, then explain says ALLOWED and names the inference', () => {
    const result = runBuiltCli(['explain', '{ingress-controller}', 'shop/web', '--port', '8080', '--exit-code'], { cwd: tree('ingress-nginx') });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\{ingress-controller\} -> shop\/web\[Deployment\], TCP 8080: ALLOWED \(assumed: see below\)$/m);
    assert.match(result.stdout, /^ {2}assumed: the ingress controller is inferred from the Ingress class, not configured: ingress-nginx in namespace "ingress-nginx" with pods app\.kubernetes\.io\/name=ingress-nginx /m);
  });

  it('when the lint finds nothing, then the ingressController assertion holds too', () => {
    const result = runBuiltCli(['.'], { cwd: tree('ingress-nginx') });
    assert.equal(result.code, 0, result.stdout);
    assert.doesNotMatch(result.stdout, /ingress-backend-unreachable/);
    assert.match(result.stdout, /ingress reaches web: holds/);
  });

  it('when the policy admits another namespace, then explain is DENIED on the assumption and --exit-code does not exit 1; the assertion fails as a warning', () => {
    const dir = tree('elsewhere');
    const explained = runBuiltCli(['explain', '{ingress-controller}', 'shop/web', '--port', '8080', '--exit-code'], { cwd: dir });
    assert.equal(explained.code, 0, explained.stderr);
    assert.match(explained.stdout, /: DENIED \(assumed: see below\)$/m);
    const json = JSON.parse(runBuiltCli(['-f', 'json', '.'], { cwd: dir }).stdout) as { diagnostics: { ruleId: string; severity: string; message: string }[] };
    const failed = json.diagnostics.find((d) => d.ruleId === 'reachability-assertion');
    assert.equal(failed?.severity, 'warning', JSON.stringify(json.diagnostics));
    assert.match(failed!.message, /\(not certain: the ingress controller is inferred from the Ingress class, not configured: /);
  });

  it('when cluster.ingressController is set, then explain uses it and says no assumption', () => {
    const dir = tree('elsewhere');
    writeFileSync(join(dir, '.kube-netlint.yaml'), `cluster:\n  ingressController: {namespace: elsewhere, podLabels: {app.kubernetes.io/name: ingress-nginx}}\n`);
    const result = runBuiltCli(['explain', '{ingress-controller}', 'shop/web', '--port', '8080', '--exit-code'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /TCP 8080: ALLOWED$/m);
    assert.doesNotMatch(result.stdout, /assumed/);
  });
});
