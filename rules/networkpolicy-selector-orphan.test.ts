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

/** A custom resource of a kind no preset or config declares: its operator may create pods. */
const alertmanager = 'apiVersion: example.com/v1\nkind: Alerter\nmetadata: {name: main, namespace: shop}\nspec: {replicas: 3}\n';

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
    {
      name: 'the podSelector selects one pod of a StatefulSet by the pod-name label its controller sets',
      manifests: { 'policy.yaml': policy('    matchLabels: {app: redis, statefulset.kubernetes.io/pod-name: redis-0}'), 'redis.yaml': deployment('redis', 'app: redis').replace('kind: Deployment', 'kind: StatefulSet') },
    },
    {
      name: 'the podSelector selects pods of a StatefulSet by an In requirement on the pod-name label',
      manifests: { 'policy.yaml': policy('    matchExpressions: [{key: statefulset.kubernetes.io/pod-name, operator: In, values: [redis-1, redis-2]}]'), 'redis.yaml': deployment('redis', 'app: redis').replace('kind: Deployment', 'kind: StatefulSet') },
    },
    { name: 'a policy of kube-system selects the DNS pods, which are never in the tree', manifests: policy('    matchLabels: {k8s-app: kube-dns}', 'kube-system') },
    { name: 'a policy selects pods of a namespace the config declares as living outside the tree', manifests: policy('    matchLabels: {app: prometheus}', 'monitoring'), config: { cluster: { namespaces: ['monitoring'] } } },
  ],
  invalid: [
    {
      name: 'the podSelector names a pod-name that no StatefulSet of the namespace gives (another StatefulSet\'s name)',
      manifests: { 'policy.yaml': policy('    matchLabels:\n      app: redis\n      statefulset.kubernetes.io/pod-name: cache-0'), 'redis.yaml': deployment('redis', 'app: redis').replace('kind: Deployment', 'kind: StatefulSet') },
      errors: [{ messageId: 'nearest', line: 10, file: 'policy.yaml', includes: 'statefulset.kubernetes.io/pod-name=cache-0 (label missing)' }],
    },
    {
      name: 'the pod-name label is required on the pods of a Deployment, whose controller does not set it',
      manifests: { 'policy.yaml': policy('    matchLabels:\n      app: redis\n      statefulset.kubernetes.io/pod-name: redis-0'), 'redis.yaml': deployment('redis', 'app: redis') },
      errors: [{ messageId: 'nearest', line: 10, file: 'policy.yaml', includes: 'statefulset.kubernetes.io/pod-name=redis-0 (label missing)' }],
    },
    {
      name: 'the podSelector selects only a DaemonSet on the host network',
      manifests: { 'policy.yaml': policy('    matchLabels: {app: node-exporter}'), 'ds.yaml': deployment('node-exporter', 'app: node-exporter').replace('kind: Deployment', 'kind: DaemonSet').replace('spec:\n      containers', 'spec:\n      hostNetwork: true\n      containers') },
      errors: [{ messageId: 'hostNetworkOnly', line: 7, file: 'policy.yaml', includes: 'selects only pods on the host network (DaemonSet "node-exporter"), which NetworkPolicies do not apply to' }],
    },
    {
      name: 'a custom resource of the namespace may create the selected pods',
      manifests: { 'policy.yaml': policy('    matchLabels: {app.kubernetes.io/name: alertmanager}'), 'web.yaml': deployment('web', 'app: web'), 'am.yaml': alertmanager },
      errors: [{ messageId: 'unknownPods', line: 7, file: 'policy.yaml', includes: 'but Alerter "main" there, of kinds kube-netlint does not model, may create pods it cannot see: check which pods they create' }],
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
      name: 'a policy of kube-system selects no pod of the kube-system workloads the tree does hold',
      manifests: { 'policy.yaml': policy('    matchLabels: {k8s-app: kube-dns}', 'kube-system'), 'proxy.yaml': deployment('kube-proxy', 'k8s-app: kube-proxy', 'kube-system') },
      errors: [{ messageId: 'noneClose', line: 8, file: 'policy.yaml', includes: 'namespace "kube-system"' }],
    },
    {
      name: 'the namespace has no workloads in the linted files',
      manifests: policy('    matchLabels: {app: web}'),
      errors: [{ messageId: 'noWorkloads', line: 7, column: 3 }],
    },
    {
      name: 'a matchExpressions selector matches nothing, and no workload meets any of its requirements',
      manifests: { 'policy.yaml': policy('    matchExpressions: [{key: tier, operator: In, values: [db]}]'), 'web.yaml': deployment('web', 'app: web, tier: front') },
      errors: [{ messageId: 'noneClose', line: 8, file: 'policy.yaml', includes: 'and no workload there shares a label with it (its workloads: Deployment "web" (app=web, tier=front))' }],
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
