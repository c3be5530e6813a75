import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positionAt } from '../src/source/text.ts';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-selector-orphan.ts';

const deployment = (labels: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {${labels}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
        - name: web
          image: nginx
`;

const service = (selector: string, namespace = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${namespace}
spec:
  selector:
${selector}
  ports:
    - port: 80
`;

/** A Prometheus Operator custom resource (its pods are labelled app.kubernetes.io/name=prometheus) and a ServiceMonitor, in shop. */
/** A custom resource of a kind no preset or config declares: its operator may create pods. */
const prometheus = 'apiVersion: example.com/v1\nkind: Monitor\nmetadata: {name: k8s, namespace: shop}\nspec: {replicas: 2}\n';
const serviceMonitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: web, namespace: shop}\nspec: {selector: {matchLabels: {app: web}}}\n';

const helmTest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-test\n  namespace: shop\n  labels: {app: web}\n  annotations: {helm.sh/hook: test}\nspec:\n  containers: [{name: t, image: busybox}]\n';

testRule(rule, {
  valid: [
    {
      name: 'a Service that is a Helm hook too selects the hook\'s Pod',
      manifests: `${helmTest}---\n${service('    app: web').replace('metadata:\n', 'metadata:\n  annotations: {helm.sh/hook: test}\n')}`,
    },
    {
      name: 'a Service selects a Deployment and the Helm test Pod beside it',
      manifests: `${deployment('app: web')}---\n${helmTest}---\n${service('    app: web')}`,
    },
    {
      name: 'a Service selects one pod of a StatefulSet by the pod-name label its controller sets',
      manifests: `${deployment('app: redis').replace('kind: Deployment', 'kind: StatefulSet').replace('name: web', 'name: redis')}---\n${service('    app: redis\n    statefulset.kubernetes.io/pod-name: redis-1')}`,
    },
    { name: 'a Service of kube-system selects control-plane pods, which are never in the tree', manifests: service('    component: etcd', 'kube-system') + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n' },
    { name: 'a Service selects pods of a namespace the config declares as living outside the tree', manifests: service('    app: prometheus', 'monitoring'), config: { cluster: { namespaces: ['monitoring'] } } },
    // The API server rejects these Services: the schema rule's findings, not a missing selector as well.
    { name: 'the selector is a string rather than a map', manifests: `${deployment('app: web')}---\n${service('    app=web').replace('  selector:\n    app=web', '  selector: app=web')}` },
    { name: 'a Service without selector has no name', manifests: 'apiVersion: v1\nkind: Service\nmetadata: {namespace: shop}\nspec:\n  ports: [{port: 80}]\n' },
    { name: 'the selector matches a Deployment in another file', manifests: { 'svc/web.yaml': service('    app: web'), 'deploy/web.yaml': deployment('app: web, tier: front') } },
    {
      name: 'the Service is ExternalName',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  type: ExternalName\n  externalName: db.example.com\n  selector: {app: db}\n',
    },
    {
      name: 'a selector-less Service is backed by Endpoints',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{port: 5432}]\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets:\n  - addresses: [{ip: 10.0.0.5}]\n    ports: [{port: 5432}]\n',
    },
    {
      name: 'a selector-less Service is backed by an EndpointSlice',
      manifests:
        'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{port: 5432}]\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: db-1\n  labels: {kubernetes.io/service-name: db}\naddressType: IPv4\nendpoints: [{addresses: [10.0.0.5]}]\n',
    },
    {
      name: 'the selector matches a bare Pod, both without a namespace',
      manifests: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: p}\nspec:\n  containers: [{name: c, image: x}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: p}\nspec:\n  selector: {app: p}\n  ports: [{port: 80}]\n',
    },
  ],
  invalid: [
    {
      name: 'a lasting Service selects only a Helm test Pod: hooks are no backends',
      manifests: `${helmTest}---\n${service('    app: web')}`,
      errors: [{ messageId: 'hooksOnly', line: 17, column: 3, severity: 'warning', includes: 'matches only Helm hooks (Pod "web-test")' }],
    },
    {
      name: 'a Pod without labels is selected by a Service (the classic tutorial mistake)',
      manifests: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello\nspec:\n  containers: [{name: c, image: x}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: hello}\nspec:\n  selector:\n    app: hello\n  ports: [{port: 80}]\n',
      errors: [{ messageId: 'nearest', line: 13, column: 5, severity: 'error', includes: 'the nearest workload Pod "hello" differs in app=hello (label missing)' }],
    },
    {
      name: 'one label value differs from the nearest workload',
      manifests: { 'svc.yaml': service('    app: web\n    tier: back'), 'deploy.yaml': deployment('app: web, tier: front') },
      errors: [{ messageId: 'nearest', line: 9, column: 5, file: 'svc.yaml', includes: 'tier=back (has tier=front)' }],
    },
    {
      name: 'only pods in another namespace match',
      manifests: { 'svc.yaml': service('    app: web', 'shop'), 'deploy.yaml': deployment('app: web', 'payments') },
      errors: [{ messageId: 'otherNamespace', line: 7, file: 'svc.yaml', includes: '"payments"' }],
    },
    {
      name: 'the namespace has no workloads in the linted files at all (they may be elsewhere: a warning)',
      manifests: service('    app: web'),
      errors: [{ messageId: 'noWorkloads', line: 7, severity: 'warning' }],
    },
    {
      name: 'the only workload of the namespace shares no label with the selector (no nearest-workload hint)',
      manifests: { 'svc.yaml': service('    app: loki'), 'deploy.yaml': deployment('app: grafana').replace('name: web', 'name: grafana') },
      errors: [{ messageId: 'noneClose', line: 8, file: 'svc.yaml', severity: 'error', includes: '(its workloads: Deployment "grafana" (app=grafana))' }],
    },
    {
      name: 'the only workload of the namespace shares no label with the selector, but has the Service\'s name',
      manifests: { 'svc.yaml': service('    app: loki'), 'deploy.yaml': deployment('app: grafana') },
      errors: [{ messageId: 'nearest', line: 8, file: 'svc.yaml', severity: 'error', includes: 'the nearest workload Deployment "web" differs in app=loki (has app=grafana)' }],
    },
    {
      name: 'an operator custom resource in the namespace may create the selected pods, beside an unrelated Deployment',
      manifests: {
        'svc.yaml': service('    app.kubernetes.io/name: prometheus'),
        'deploy.yaml': deployment('app: grafana').replace('name: web', 'name: grafana'),
        'prometheus.yaml': `${prometheus}---\n${serviceMonitor}`,
      },
      errors: [
        {
          messageId: 'unknownPods',
          line: 7,
          file: 'svc.yaml',
          severity: 'warning',
          includes: 'selector "app.kubernetes.io/name=prometheus" matches no pod of the linted workloads in namespace "shop", but Monitor "k8s" there, of kinds kube-netlint does not model, may create pods it cannot see: check which pods they create',
        },
      ],
    },
    {
      name: 'Envoy Gateway policies and a ListenerSet in the namespace create no pods (the Gateway makes the data plane): the orphan stays an error',
      manifests: {
        'svc.yaml': service('    app: loki'),
        'deploy.yaml': deployment('app: grafana').replace('name: web', 'name: grafana'),
        'policies.yaml':
          'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: SecurityPolicy\nmetadata: {name: jwt, namespace: shop}\nspec: {}\n---\n' +
          'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: lb, namespace: shop}\nspec: {}\n---\n' +
          'apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata: {name: extra, namespace: shop}\nspec: {parentRef: {name: gw}}\n',
      },
      errors: [{ messageId: 'noneClose', line: 8, file: 'svc.yaml', severity: 'error' }],
    },
    {
      name: 'one custom resource defined in two files is named once among those that may create the pods',
      manifests: {
        'svc.yaml': service('    app.kubernetes.io/name: prometheus'),
        'deploy.yaml': deployment('app: grafana').replace('name: web', 'name: grafana'),
        'prometheus.yaml': prometheus,
        'prometheus-copy.yaml': prometheus,
      },
      errors: [{ messageId: 'unknownPods', line: 7, file: 'svc.yaml', severity: 'warning', includes: 'but Monitor "k8s" there, of kinds' }],
    },
    {
      name: 'a custom resource may create the pods, and a Deployment of the namespace has a label value like the selector\'s',
      manifests: { 'svc.yaml': service('    app: web\n    tier: back'), 'deploy.yaml': deployment('app: web, tier: front'), 'prometheus.yaml': prometheus },
      errors: [{ messageId: 'unknownPods', line: 7, file: 'svc.yaml', severity: 'warning', includes: '; the nearest linted workload Deployment "web" differs in tier=back (has tier=front): check' }],
    },
    {
      name: 'the namespace holds only kinds that create no pods (a ServiceMonitor), and a custom resource in another namespace',
      manifests: { 'svc.yaml': service('    app: web'), 'deploy.yaml': deployment('app: api').replace('name: web', 'name: api'), 'monitor.yaml': `${serviceMonitor}---\n${prometheus.replace('namespace: shop', 'namespace: monitoring')}` },
      errors: [{ messageId: 'noneClose', line: 8, file: 'svc.yaml', severity: 'error' }],
    },
    {
      name: 'a Service selects a pod-name that is not one of the StatefulSet\'s',
      manifests: `${deployment('app: redis').replace('kind: Deployment', 'kind: StatefulSet').replace('name: web', 'name: redis')}---\n${service('    app: redis\n    statefulset.kubernetes.io/pod-name: cache-0')}`,
      errors: [{ messageId: 'nearest', line: 25, severity: 'error', includes: 'statefulset.kubernetes.io/pod-name=cache-0 (label missing)' }],
    },
    {
      name: 'a selector-less Service has no Endpoints',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{port: 5432}]\n',
      errors: [{ messageId: 'noEndpoints', line: 4, severity: 'warning', includes: 'unless a controller writes them at run time' }],
    },
  ],
});

describe('rule service-selector-orphan related locations', () => {
  it('when custom resources may create the selected pods, then each is a related location at its name', () => {
    const [finding] = runRule(rule, { 'svc.yaml': service('    app.kubernetes.io/name: prometheus'), 'prometheus.yaml': `${serviceMonitor}---\n${prometheus}` });
    assert.ok(finding);
    assert.deepEqual(
      finding.related.map((r) => [r.file.path, positionAt(r.file, r.span.start).line, r.message]),
      [['prometheus.yaml', 8, 'Monitor "k8s" (example.com/v1) may create pods that the manifests do not show']],
    );
  });
});
