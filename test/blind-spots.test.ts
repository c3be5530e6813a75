import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG, parseConfig, resolveConfig } from '../src/app/config.ts';
import { isModelled } from '../src/model/build.ts';
import { caveatsOf, UNMODELLED_TRAFFIC_KINDS } from '../src/semantics/blind-spots.ts';
import { toSourceFiles } from './support/rule-tester.ts';

/**
 * Kinds that decide traffic but that the engine does not model (src/semantics/blind-spots.ts): the
 * caveats they raise, and how the rules that judge traffic lower (or drop) what they would conclude.
 */

const deployment = (name: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: x, ports: [{name: http, containerPort: 8080}]}]}
`;
const service = (name: string, namespace = 'shop', type = 'ClusterIP') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  type: ${type}\n  selector: {app: ${name}}\n  ports: [{port: 80, targetPort: http}]\n`;
const policy = (name: string, spec: string, namespace = 'shop') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec}`;
// An Antrea policy: a kind the engine does not evaluate (Cilium's are evaluated since issue 10).
const cilium = (namespace: string) => `apiVersion: crd.antrea.io/v1beta1\nkind: NetworkPolicy\nmetadata: {name: allow-web, namespace: ${namespace}}\nspec:\n  priority: 5\n  appliedTo: [{podSelector: {matchLabels: {app: web}}}]\n  ingress: [{action: Allow, from: [{ipBlock: {cidr: 0.0.0.0/0}}]}]\n`;
const clusterwide = 'apiVersion: crd.antrea.io/v1beta1\nkind: ClusterNetworkPolicy\nmetadata: {name: default}\nspec:\n  priority: 5\n  appliedTo: [{namespaceSelector: {}}]\n  ingress: [{action: Drop, from: [{namespaceSelector: {}}]}]\n';
const route = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: web, namespace: shop}\nspec:\n  hosts: [web.example.com]\n  http: [{route: [{destination: {host: web}}]}]\n';
const httpRoute = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: shop}\nspec:\n  rules: [{backendRefs: [{name: web, port: 80}]}]\n';
const certificate = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: hello, namespace: shop}\nspec: {secretName: hello-tls}\n';

/** Findings of the whole rule set as `rule severity message`, for files by name. */
function findings(files: Record<string, string>, configText?: string) {
  const config = configText ? parseConfig({ path: '.kube-netlint.yaml', absPath: '/virtual/.kube-netlint.yaml', text: configText }).config : DEFAULT_CONFIG;
  return analyze({ files: toSourceFiles(files), config }).diagnostics.map((d) => ({ rule: d.ruleId, severity: d.severity, message: d.message }));
}
const of = (list: ReturnType<typeof findings>, rule: string) => list.filter((f) => f.rule === rule);
const NOTE = '(not certain: kube-netlint does not evaluate NetworkPolicy (crd.antrea.io) "allow-web" (cnp.yaml), which may also allow or deny this traffic)';

describe('the list of unmodelled kinds', () => {
  it('when a kind of the list is one the model reads, then this test fails: delete it from UNMODELLED_TRAFFIC_KINDS', () => {
    for (const { group, kind } of UNMODELLED_TRAFFIC_KINDS) assert.equal(isModelled(kind, `${group}/v1`), false, `${kind} (${group})`);
  });
  it('when two entries name the same kind of the same group, then this test fails', () => {
    const keys = UNMODELLED_TRAFFIC_KINDS.map((k) => `${k.group}/${k.kind}`);
    assert.equal(new Set(keys).size, keys.length);
  });
});

describe('caveats of a tree', () => {
  it('when the tree holds policy and routing kinds the engine does not model, then there is one caveat per sort naming the kinds and files, and other custom resources raise none', () => {
    const { summary, model } = analyze({ files: toSourceFiles({ 'cnp.yaml': cilium('shop'), 'acnp.yaml': clusterwide, 'route.yaml': route, 'certificate.yaml': certificate }), config: DEFAULT_CONFIG });
    assert.deepEqual(
      caveatsOf(model).map((c) => [c.about, c.kinds, c.files]),
      [
        ['policy', ['ClusterNetworkPolicy (crd.antrea.io)', 'NetworkPolicy (crd.antrea.io)'], ['acnp.yaml', 'cnp.yaml']],
        ['routing', ['VirtualService (networking.istio.io)'], ['route.yaml']],
      ],
    );
    assert.equal(
      summary.caveats![0]!.message,
      'the tree holds policy objects of kinds kube-netlint does not evaluate: 1 ClusterNetworkPolicy (crd.antrea.io), 1 NetworkPolicy (crd.antrea.io), in acnp.yaml, cnp.yaml; connections they allow or deny are not part of the analysis, and findings about isolation or unreachable pods where they may apply are lowered',
    );
    assert.deepEqual(summary.skippedKinds, [
      { what: 'Certificate (cert-manager.io)', isKind: true, count: 1 },
      { what: 'ClusterNetworkPolicy (crd.antrea.io)', isKind: true, count: 1 },
      // The Knative Service is read as a workload (the knative-serving preset), not skipped.
      { what: 'NetworkPolicy (crd.antrea.io)', isKind: true, count: 1 },
      { what: 'VirtualService (networking.istio.io)', isKind: true, count: 1 },
    ]);
  });
  it('when skipped inputs are of every sort, then the counts by kind add up to the skipped count (a built-in kind in another case counts once)', () => {
    const files = { 'a.yaml': `${certificate}---\nkind: Service\nmetadata: {name: x}\n---\napiVersion: v1\nkind: service\nmetadata: {name: y}\n---\nreplicas: 2\n` };
    const { summary } = analyze({ files: toSourceFiles(files), config: DEFAULT_CONFIG });
    assert.deepEqual(
      summary.skippedKinds!.map((k) => [k.what, k.count]),
      [
        ['Certificate (cert-manager.io)', 1],
        ['incomplete object', 1],
        ['non-Kubernetes document', 1],
        ['service', 1],
      ],
    );
    assert.equal(summary.skippedKinds!.reduce((n, k) => n + k.count, 0), summary.skipped);
  });

  it('when the tree holds Gateway API routes, then they are analysed (not skipped) and raise no caveat: the matrix follows their traffic', () => {
    const { summary } = analyze({ files: toSourceFiles({ 'route.yaml': httpRoute, 'app.yaml': deployment('web') }), config: DEFAULT_CONFIG });
    assert.deepEqual(summary.skippedKinds, []);
    assert.deepEqual(summary.caveats, []);
  });

  it('when the tree holds none, then there is no caveat', () => {
    assert.deepEqual(analyze({ files: toSourceFiles({ 'app.yaml': deployment('web') + '---\n' + certificate }), config: DEFAULT_CONFIG }).summary.caveats, []);
  });
});

describe('rules that judge traffic, where policies of unmodelled kinds may apply', () => {
  const denyAll = policy('deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');

  it('when a default deny blocks DNS, then egress-blocks-dns is an error; with an unmodelled policy of the namespace, a warning that names it; in another namespace, still an error', () => {
    const base = { 'app.yaml': deployment('web'), 'policy.yaml': denyAll };
    assert.deepEqual(of(findings(base), 'egress-blocks-dns').map((f) => f.severity), ['error']);
    const doubted = of(findings({ ...base, 'cnp.yaml': cilium('shop') }), 'egress-blocks-dns');
    assert.deepEqual(doubted.map((f) => f.severity), ['warning']);
    assert.ok(doubted[0]!.message.endsWith(NOTE), doubted[0]!.message);
    assert.deepEqual(of(findings({ ...base, 'cnp.yaml': cilium('other') }), 'egress-blocks-dns').map((f) => f.severity), ['error']);
  });

  it('when the unmodelled policy is cluster-wide (an Antrea ClusterNetworkPolicy), then it may apply in every namespace', () => {
    const list = of(findings({ 'app.yaml': deployment('web', 'other'), 'policy.yaml': denyAll.replace('namespace: shop', 'namespace: other'), 'acnp.yaml': clusterwide }), 'egress-blocks-dns');
    assert.deepEqual(list.map((f) => f.severity), ['warning']);
    assert.match(list[0]!.message, /\(not certain: kube-netlint does not evaluate ClusterNetworkPolicy \(crd\.antrea\.io\) "default" \(acnp\.yaml\), which may also allow or deny this traffic\)$/);
  });

  it('when a namespace has no default deny, then pod-not-isolated says so, unless an unmodelled policy may isolate its pods', () => {
    const base = { 'app.yaml': deployment('web') + '---\n' + deployment('api'), 'policy.yaml': policy('web', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n') };
    assert.ok(of(findings(base), 'pod-not-isolated').length > 0);
    assert.deepEqual(of(findings({ ...base, 'cnp.yaml': cilium('shop') }), 'pod-not-isolated'), []);
    assert.ok(of(findings({ ...base, 'cnp.yaml': cilium('elsewhere') }), 'pod-not-isolated').length > 0);
  });

  it('when an exposed workload is not isolated, then exposure-not-isolated warns; with an unmodelled policy in its namespace, it is info with the note', () => {
    const base = { 'app.yaml': deployment('web') + '---\n' + service('web', 'shop', 'NodePort'), 'policy.yaml': policy('other', '  podSelector: {matchLabels: {app: other}}\n') };
    assert.deepEqual(of(findings(base), 'exposure-not-isolated').map((f) => f.severity), ['warning']);
    const doubted = of(findings({ ...base, 'cnp.yaml': cilium('shop') }), 'exposure-not-isolated');
    assert.deepEqual(doubted.map((f) => [f.severity, f.message.endsWith(NOTE)]), [['info', true]]);
  });

  it('when no ingress rule admits a Service port, then service-unreachable warns; with an unmodelled policy, it is info', () => {
    const base = { 'app.yaml': deployment('web') + '---\n' + service('web'), 'policy.yaml': policy('deny', '  podSelector: {}\n  policyTypes: [Ingress]\n') };
    assert.deepEqual(of(findings(base), 'service-unreachable').map((f) => f.severity), ['warning']);
    assert.deepEqual(of(findings({ ...base, 'cnp.yaml': cilium('shop') }), 'service-unreachable').map((f) => f.severity), ['info']);
  });

  it('when policies refuse the ingress controller, then ingress-backend-unreachable errs; with an unmodelled policy, it warns', () => {
    const ingress = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]\n';
    const base = { 'app.yaml': deployment('web') + '---\n' + service('web') + '---\n' + ingress, 'policy.yaml': policy('deny', '  podSelector: {}\n  policyTypes: [Ingress]\n') };
    const config = 'cluster:\n  ingressController: {namespace: ingress-nginx}\n';
    assert.deepEqual(of(findings(base, config), 'ingress-backend-unreachable').map((f) => f.severity), ['error']);
    assert.deepEqual(of(findings({ ...base, 'cnp.yaml': cilium('shop') }, config), 'ingress-backend-unreachable').map((f) => f.severity), ['warning']);
  });

  it('when a Service reference is refused by policies, then the finding carries the note; a reference to a missing Service does not', () => {
    const client = deployment('web').replace('ports: [{name: http, containerPort: 8080}]', 'env: [{name: API, value: "http://api:80"}, {name: DB, value: "http://db.shop:5432"}]');
    const base = { 'app.yaml': client + '---\n' + deployment('api') + '---\n' + service('api'), 'policy.yaml': policy('deny', '  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n') };
    const list = of(findings({ ...base, 'cnp.yaml': cilium('shop') }), 'service-reference');
    assert.deepEqual(
      list.map((f) => [f.severity, f.message.endsWith(NOTE)]).sort(),
      [
        ['warning', false],
        ['warning', true],
      ],
    );
  });

  it('when an assertion fails, then it is an error; with an unmodelled policy in the tree, a warning with the note', () => {
    const base = { 'app.yaml': deployment('web') + '---\n' + deployment('api'), 'policy.yaml': policy('deny', '  podSelector: {}\n  policyTypes: [Ingress]\n') };
    const config = 'assertions:\n  - name: web reaches api\n    from: {workload: web}\n    to: {workload: api}\n    port: 8080\n    expect: allow\n';
    assert.deepEqual(of(findings(base, config), 'reachability-assertion').map((f) => f.severity), ['error']);
    const doubted = of(findings({ ...base, 'cnp.yaml': cilium('other') }, config), 'reachability-assertion');
    assert.deepEqual(doubted.map((f) => [f.severity, /NetworkPolicy \(crd\.antrea\.io\) "allow-web"/.test(f.message)]), [['warning', true]]);
  });

  it('when routing kinds alone are in the tree, then no rule changes its severity (they hide exposures, they do not allow or deny)', () => {
    const base = { 'app.yaml': deployment('web'), 'policy.yaml': denyAll };
    assert.deepEqual(of(findings({ ...base, 'route.yaml': route }), 'egress-blocks-dns').map((f) => f.severity), ['error']);
  });
});

describe('config of a run that holds unmodelled kinds', () => {
  it('when the config lowers the rule below the cap, then the config wins: a caveat never raises a severity', () => {
    const config = resolveConfig({ rules: { 'egress-blocks-dns': 'info' } });
    const list = analyze({ files: toSourceFiles({ 'app.yaml': deployment('web'), 'policy.yaml': policy('deny', '  podSelector: {}\n  policyTypes: [Egress]\n'), 'cnp.yaml': cilium('shop') }), config }).diagnostics;
    assert.deepEqual(list.filter((d) => d.ruleId === 'egress-blocks-dns').map((d) => d.severity), ['info']);
  });
});

describe('policies evaluated without unknown fields', () => {
  const model = (policy: string) => analyze({ files: toSourceFiles({ 'p.yaml': policy }), config: DEFAULT_CONFIG }).model;
  it('when a NetworkPolicy peer misspells podSelector, then the analysis caveat names it: it is evaluated wider than written', () => {
    const caveats = caveatsOf(model('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: demo}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: a}}\n      podSelectr: {matchLabels: {app: admin}}\n'));
    assert.deepEqual(caveats.map((c) => [c.about, c.kinds, c.files]), [['unknown-field', ['NetworkPolicy (networking.k8s.io)'], ['p.yaml']]]);
    assert.match(caveats[0]!.message, /^the tree holds policies with unknown fields whose loss widens them: NetworkPolicy "demo\/np" \("podSelectr"\); they are evaluated without those fields, as a client that only warns/);
  });
  it('when an unknown field changes nothing the tool can name (metadata), then there is no caveat', () => {
    assert.deepEqual(caveatsOf(model('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: demo, labelz: {a: b}}\nspec:\n  podSelector: {}\n')), []);
  });
});
