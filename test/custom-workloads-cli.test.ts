import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

/**
 * Pods created by operators, end to end through the built CLI on real files: a Prometheus Operator
 * `Prometheus` (a built-in preset) and a kind declared only in the config take part in the lint rules,
 * `reach`, `explain` and `diff` like a Deployment; with the preset turned off, the same tree has the
 * orphan error it had before presets existed.
 */
const root = mkdtempSync(join(tmpdir(), 'kube-netlint-custom-workloads-'));
after(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const prometheus = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
  namespace: monitoring
spec:
  replicas: 2
  podMetadata:
    labels:
      team: observability
---
apiVersion: v1
kind: Service
metadata:
  name: prometheus-k8s
  namespace: monitoring
spec:
  selector:
    app.kubernetes.io/name: prometheus
    prometheus: k8s
  ports:
    - name: web
      port: 9090
      targetPort: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: grafana
  namespace: monitoring
spec:
  selector:
    matchLabels: {app: grafana}
  template:
    metadata:
      labels: {app: grafana}
    spec:
      containers:
        - name: grafana
          image: grafana/grafana
          ports: [{name: http, containerPort: 3000}]
`;

const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: prometheus-k8s
  namespace: monitoring
spec:
  podSelector:
    matchLabels:
      prometheus: k8s
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {app: grafana}
      ports:
        - port: web
`;

const webApp = `apiVersion: example.com/v1
kind: WebApp
metadata:
  name: shop
  namespace: shop
spec:
  template:
    metadata:
      labels: {tier: front}
    spec:
      containers:
        - name: app
          image: shop
---
apiVersion: v1
kind: Service
metadata:
  name: shop
  namespace: shop
spec:
  selector: {webapp: shop, tier: front}
  ports:
    - port: 80
      targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: shop
  namespace: shop
spec:
  podSelector:
    matchLabels: {webapp: shop}
  ingress:
    - ports: [{port: http}]
`;

const webAppConfig = `workloads:
  kinds:
    - group: example.com
      kind: WebApp
      podTemplate: spec.template
      labels: {webapp: "{name}"}
      ports: [{name: http, containerPort: 8080}]
`;

interface Report {
  readonly diagnostics: readonly { readonly ruleId: string; readonly severity: string; readonly line: number; readonly message: string }[];
}

const lint = (cwd: string) => {
  const result = runBuiltCli(['--format', 'json', '.'], { cwd });
  return { code: result.code, findings: (JSON.parse(result.stdout) as Report).diagnostics.map((d) => `${d.ruleId} ${d.severity} ${d.line}`) };
};

describe('custom workloads through the CLI', () => {
  const prometheusTree = tree('prometheus', { 'prometheus.yaml': prometheus, 'policy.yaml': policy });

  it('when a Service and a NetworkPolicy select the pods of a Prometheus resource, then neither is reported as selecting nothing', () => {
    const { code, findings } = lint(prometheusTree);
    assert.equal(code, 0);
    assert.deepEqual(
      findings.filter((f) => /orphan|target-port|networkpolicy-port/.test(f)),
      [],
    );
  });

  it('when the Prometheus Operator preset is turned off, then the Service selects no known pod again (a warning: the Prometheus, undeclared, may create them)', () => {
    const off = tree('prometheus-off', { 'prometheus.yaml': prometheus, '.kube-netlint.yaml': 'workloads:\n  presets: {prometheus-operator: false}\n' });
    const { findings } = lint(off);
    assert.ok(findings.includes('service-selector-orphan warning 18'), findings.join('\n'));
  });

  it('when reach runs, then the Prometheus pods are the node monitoring/k8s[Prometheus], reached from Grafana on 9090 only', () => {
    const result = runBuiltCli(['reach', '--format', 'json'], { cwd: prometheusTree });
    assert.equal(result.code, 0);
    const json = JSON.parse(result.stdout) as { nodes: { id: string }[]; edges: { from: string; to: string; conn: unknown }[] };
    assert.ok(json.nodes.some((n) => n.id === 'monitoring/k8s[Prometheus]'));
    assert.deepEqual(
      json.edges.filter((e) => e.to === 'monitoring/k8s[Prometheus]').map((e) => e.from),
      ['monitoring/grafana[Deployment]'],
    );
  });

  it('when explain asks about Grafana to the Prometheus by its port name, then the policy allows it on 9090', () => {
    const result = runBuiltCli(['explain', 'monitoring/grafana', 'monitoring/k8s[Prometheus]', '--port', 'web'], { cwd: prometheusTree });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^monitoring\/grafana\[Deployment\] -> monitoring\/k8s\[Prometheus\], TCP 9090 \(port "web"\): ALLOWED$/m);
    assert.match(result.stdout, /isolated by: monitoring\/prometheus-k8s \(policy\.yaml:4\)/);
  });

  it('when diff compares the tree without and with the policy, then it lists the connections to the Prometheus that were removed', () => {
    const before = tree('diff-old', { 'prometheus.yaml': prometheus });
    const result = runBuiltCli(['diff', '--format', 'json', before, prometheusTree], { cwd: root });
    assert.equal(result.code, 0, result.stderr);
    const changes = JSON.stringify(JSON.parse(result.stdout));
    assert.match(changes, /monitoring\/k8s\[Prometheus\]/);
  });

  it('when a kind is declared only in the config, then its resources are workloads like a Deployment in lint, reach and explain', () => {
    const declared = tree('webapp', { 'webapp.yaml': webApp, '.kube-netlint.yaml': webAppConfig });
    assert.deepEqual(lint(declared).findings.filter((f) => /orphan|target-port|networkpolicy-port/.test(f)), []);
    const reach = runBuiltCli(['reach', '--format', 'json'], { cwd: declared });
    assert.ok((JSON.parse(reach.stdout) as { nodes: { id: string }[] }).nodes.some((n) => n.id === 'shop/shop[WebApp]'), reach.stdout);
    const explain = runBuiltCli(['explain', '10.0.0.1', 'shop/shop[WebApp]', '--port', 'http'], { cwd: declared });
    assert.match(explain.stdout, /-> shop\/shop\[WebApp\], TCP 8080 \(port "http"\): ALLOWED$/m);
  });

  it('when the same kind is not declared, then the Service selecting its pods is an orphan warning (the undeclared resource may create them)', () => {
    const undeclared = tree('webapp-undeclared', { 'webapp.yaml': webApp });
    const { findings } = lint(undeclared);
    assert.ok(findings.includes('service-selector-orphan warning 21'), findings.join('\n'));
  });

  it('when an Argo Rollout takes its pods from a Deployment (workloadRef), then reach and explain name them after the Rollout', () => {
    const rollout = tree('rollout', {
      'rollout.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web-template}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-template, namespace: shop}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n',
    });
    assert.deepEqual(lint(rollout), { code: 0, findings: [] });
    const reach = runBuiltCli(['reach', '--format', 'json'], { cwd: rollout });
    assert.deepEqual(
      (JSON.parse(reach.stdout) as { nodes: { id: string; type: string }[] }).nodes.filter((n) => n.type === 'workload').map((n) => n.id),
      ['shop/web[Rollout]'],
    );
    const explain = runBuiltCli(['explain', '10.0.0.1', 'shop/web[Rollout]', '--port', 'http'], { cwd: rollout });
    assert.match(explain.stdout, /^10\.0\.0\.1 -> shop\/web\[Rollout\], TCP 8080 \(port "http"\): ALLOWED$/m);
  });

  it('when the workloads section has a mistake, then the run stops with exit 2 naming the config line', () => {
    const bad = tree('bad-config', { 'webapp.yaml': webApp, '.kube-netlint.yaml': 'workloads:\n  kinds:\n    - group: example.com\n      kind: WebApp\n      labels: {webapp: "{uid}"}\n' });
    const result = runBuiltCli(['.'], { cwd: bad });
    assert.equal(result.code, 2);
    assert.match(result.stderr + result.stdout, /\.kube-netlint\.yaml\n  5:24  error  unknown placeholder "\{uid\}" in label "webapp"/);
  });
});
