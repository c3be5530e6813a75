import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './networkpolicy-selector-orphan.ts';

const deployment = (name: string, labels: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {${labels}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers: [{name: main, image: x}]
`;

const policy = (podSelector: string, namespace = 'shop') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: ${namespace}
spec:
  podSelector:
${podSelector}
  policyTypes: [Ingress]
`;

const alertmanager = 'apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main, namespace: shop}\nspec: {replicas: 3}\n';

testRule(rule, {
  valid: [
    { name: 'the podSelector has an unknown operator (the schema rule reports it)', manifests: { 'policy.yaml': policy('    matchExpressions: [{key: app, operator: Equals, values: [web]}]'), 'web.yaml': deployment('web', 'app: web') } },
    { name: 'the podSelector matches a Deployment in another file', manifests: { 'policy.yaml': policy('    matchLabels: {app: web}'), 'web.yaml': deployment('web', 'app: web, tier: front') } },
    { name: 'the podSelector is empty (every pod of the namespace)', manifests: policy('    {}') },
    {
      name: 'a matchExpressions selector matches',
      manifests: { 'policy.yaml': policy('    matchExpressions: [{key: tier, operator: In, values: [front, back]}]'), 'web.yaml': deployment('web', 'app: web, tier: front') },
    },
    {
      name: 'the podSelector selects a host-network pod and a pod-network one',
      manifests: { 'policy.yaml': policy('    matchLabels: {app: web}'), 'web.yaml': `${deployment('web', 'app: web')}---\n${deployment('web-host', 'app: web').replace('spec:\n      containers', 'spec:\n      hostNetwork: true\n      containers')}` },
    },
    {
      name: 'the policy selects the ingress controller configured in cluster.ingressController, whose pods are not in the tree',
      manifests: policy('    matchLabels: {app: nginx}', 'ingress-nginx'),
      config: { cluster: { ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'nginx' } } } },
    },
  ],
  invalid: [
    {
      name: 'the podSelector selects only a DaemonSet on the host network',
      manifests: { 'policy.yaml': policy('    matchLabels: {app: node-exporter}'), 'ds.yaml': deployment('node-exporter', 'app: node-exporter').replace('kind: Deployment', 'kind: DaemonSet').replace('spec:\n      containers', 'spec:\n      hostNetwork: true\n      containers') },
      errors: [{ messageId: 'hostNetworkOnly', line: 7, file: 'policy.yaml', includes: 'selects only pods on the host network (DaemonSet "node-exporter"), which NetworkPolicies do not apply to' }],
    },
    {
      name: 'a custom resource of the namespace may create the selected pods',
      manifests: { 'policy.yaml': policy('    matchLabels: {app.kubernetes.io/name: alertmanager}'), 'web.yaml': deployment('front', 'app: web'), 'am.yaml': alertmanager },
      errors: [{ messageId: 'unknownPods', line: 7, file: 'policy.yaml', includes: 'but Alertmanager "main" there, of kinds kube-netlint does not model, may create pods it cannot see: check which pods they create' }],
    },
    {
      name: 'a label value differs from the nearest workload',
      manifests: { 'policy.yaml': policy('    matchLabels:\n      app: web\n      tier: back'), 'web.yaml': deployment('web', 'app: web, tier: front') + '---\n' + deployment('db', 'app: db') },
      errors: [{ messageId: 'nearest', line: 10, column: 7, file: 'policy.yaml', includes: 'Deployment "web" differs in tier=back (has tier=front)' }],
    },
    {
      name: 'only pods in another namespace match',
      manifests: { 'policy.yaml': policy('    matchLabels: {app: web}', 'shop'), 'web.yaml': deployment('web', 'app: web', 'payments') },
      errors: [{ messageId: 'otherNamespace', line: 7, file: 'policy.yaml', includes: 'only pods in namespace "payments"' }],
    },
    {
      name: 'the namespace has no workloads in the linted files',
      manifests: policy('    matchLabels: {app: web}'),
      errors: [{ messageId: 'noWorkloads', line: 7, column: 3 }],
    },
    {
      name: 'a matchExpressions selector matches nothing, and no workload meets any of its requirements',
      manifests: { 'policy.yaml': policy('    matchExpressions: [{key: tier, operator: In, values: [db]}]'), 'web.yaml': deployment('front', 'app: web, tier: front') },
      errors: [{ messageId: 'noneClose', line: 8, file: 'policy.yaml', includes: 'and no workload there shares a label with it (its workloads: Deployment "front" (app=web, tier=front))' }],
    },
    {
      name: 'the second matchExpressions entry fails, after matchLabels that hold',
      manifests: {
        'policy.yaml': policy('    matchLabels: {app: web}\n    matchExpressions:\n      - {key: app, operator: Exists}\n      - key: tier\n        operator: In\n        values: [back]'),
        'web.yaml': deployment('web', 'app: web, tier: front'),
      },
      errors: [{ messageId: 'nearest', line: 11, column: 14, file: 'policy.yaml', includes: 'tier in (back)' }],
    },
  ],
});
