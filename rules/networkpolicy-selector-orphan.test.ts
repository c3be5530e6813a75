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
      name: 'the policy selects the ingress controller configured in cluster.ingressController, whose pods are not in the tree',
      manifests: policy('    matchLabels: {app: nginx}', 'ingress-nginx'),
      config: { cluster: { ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'nginx' } } } },
    },
  ],
  invalid: [
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
      name: 'a matchExpressions selector matches nothing',
      manifests: { 'policy.yaml': policy('    matchExpressions: [{key: tier, operator: In, values: [db]}]'), 'web.yaml': deployment('web', 'app: web, tier: front') },
      errors: [{ messageId: 'nearest', line: 8, file: 'policy.yaml', includes: 'tier in (db)' }],
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
