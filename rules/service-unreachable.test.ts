import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportedDeployment } from '../test/support/exported-state.ts';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-unreachable.ts';

const app = `apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: data}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: main, image: x, ports: [{name: pg, containerPort: 5432}, {containerPort: 9187}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: db}
  ports:
    - name: pg
      port: 5432
      targetPort: pg
    - name: metrics
      port: 9187
`;
const policy = (spec: string, name = 'db') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: data}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n${spec}`;
const cilium = (spec: Record<string, unknown>) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: db, namespace: data}\nspec: ${JSON.stringify({ endpointSelector: { matchLabels: { app: 'db' } }, ...spec })}\n`;
const anp = (rule: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: data-ingress}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: data}}}\n  ingress:\n    - ${rule}\n`;

const banp = (rule: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress:\n    - ${rule}\n`;

testRule(rule, {
  valid: [
    { name: 'no policy isolates the pods', manifests: app },
    {
      name: 'the pods run on the host network under a default deny (NetworkPolicies do not apply to them)',
      manifests: { 'app.yaml': app.replace('spec: {containers:', 'spec: {hostNetwork: true, containers:').replace('kind: Deployment', 'kind: DaemonSet'), 'policy.yaml': policy('') },
    },
    { name: 'a rule allows both ports from some peer', manifests: { 'app.yaml': app, 'policy.yaml': policy('  ingress:\n    - from: [{podSelector: {matchLabels: {app: api}}}]\n      ports: [{port: pg}, {port: 9187}]\n') } },
    { name: 'a rule allows every port from anywhere', manifests: { 'app.yaml': app, 'policy.yaml': policy('  ingress:\n    - {}\n') } },
    {
      name: 'a default deny NetworkPolicy, and a Cilium policy admits both ports from outside the cluster (fromEntities: world)',
      manifests: { 'app.yaml': app, 'policy.yaml': policy(''), 'cilium.yaml': cilium({ ingress: [{ fromEntities: ['world'], toPorts: [{ ports: [{ port: '5432' }, { port: '9187' }] }] }] }) },
    },
    {
      name: 'a default deny NetworkPolicy, and an AdminNetworkPolicy allows every port from every namespace (it decides first)',
      manifests: { 'app.yaml': app, 'policy.yaml': policy(''), 'anp.yaml': anp('{name: all, action: Allow, from: [{namespaces: {}}]}') },
    },
    {
      name: 'an AdminNetworkPolicy denies ingress from every pod and no NetworkPolicy applies (its ingress peers name pods only: connections from outside the cluster fall through to the default allow)',
      manifests: { 'app.yaml': app, 'anp.yaml': anp('{name: none, action: Deny, from: [{namespaces: {}}]}') },
    },
    {
      name: 'the target port is left out among the ports the pods declare (service-target-port reports that)',
      manifests: { 'app.yaml': app.replace(', {containerPort: 9187}', ''), 'policy.yaml': policy('  ingress:\n    - ports: [{port: 5432}]\n') },
    },
  ],
  invalid: [
    {
      name: 'the pods declare no ports at all and a default deny admits nothing on the numeric target ports',
      manifests: { 'app.yaml': app.replace(', ports: [{name: pg, containerPort: 5432}, {containerPort: 9187}]', '').replace('targetPort: pg', 'targetPort: 5432'), 'policy.yaml': policy('') },
      errors: [
        { messageId: 'unreachable', line: 18, file: 'app.yaml', includes: 'TCP 5432' },
        { messageId: 'unreachable', line: 20, file: 'app.yaml', includes: 'TCP 9187' },
      ],
    },
    {
      name: 'a default deny admits nothing',
      manifests: { 'app.yaml': app, 'policy.yaml': policy('') },
      errors: [
        { messageId: 'unreachable', line: 18, column: 19, file: 'app.yaml', includes: 'TCP 5432: Deployment "db" is isolated for ingress by NetworkPolicy "db"' },
        { messageId: 'unreachable', line: 20, column: 13, file: 'app.yaml', includes: 'TCP 9187' },
      ],
    },
    {
      name: 'the rules allow the Service port but not the metrics port',
      manifests: { 'app.yaml': app, 'policy.yaml': policy('  ingress:\n    - ports: [{port: 5432}]\n') },
      errors: [{ messageId: 'unreachable', line: 20, file: 'app.yaml' }],
    },
    {
      name: 'a Cilium policy isolates the pods and admits only another port (no NetworkPolicy at all)',
      manifests: { 'app.yaml': app, 'cilium.yaml': cilium({ ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '80' }] }] }] }) },
      errors: [
        { messageId: 'unreachable', line: 18, file: 'app.yaml', includes: 'TCP 5432: Deployment "db" is isolated for ingress by CiliumNetworkPolicy "db"' },
        { messageId: 'unreachable', line: 20, file: 'app.yaml', includes: 'TCP 9187' },
      ],
    },
    {
      name: 'an AdminNetworkPolicy denies ingress from every pod before anything else decides, and a default deny NetworkPolicy the rest',
      manifests: { 'app.yaml': app, 'policy.yaml': policy(''), 'anp.yaml': anp('{name: none, action: Deny, from: [{namespaces: {}}]}') },
      errors: [
        { messageId: 'unreachable', line: 18, file: 'app.yaml', includes: 'AdminNetworkPolicy "data-ingress"' },
        { messageId: 'unreachable', line: 20, file: 'app.yaml' },
      ],
    },
    {
      name: 'a default deny NetworkPolicy, and only a BaselineAdminNetworkPolicy allows the ports (the isolating NetworkPolicy tier refuses them first)',
      manifests: { 'app.yaml': app, 'policy.yaml': policy(''), 'banp.yaml': banp('{name: all, action: Allow, from: [{namespaces: {}}]}') },
      errors: [
        { messageId: 'unreachable', line: 18, file: 'app.yaml', includes: 'isolated for ingress by NetworkPolicy "db"' },
        { messageId: 'unreachable', line: 20, file: 'app.yaml' },
      ],
    },
    {
      name: 'an AdminNetworkPolicy passes every port from every namespace on to a default deny NetworkPolicy that admits nothing',
      manifests: { 'app.yaml': app, 'policy.yaml': policy(''), 'anp.yaml': anp('{name: team, action: Pass, from: [{namespaces: {}}]}') },
      errors: [
        { messageId: 'unreachable', line: 18, file: 'app.yaml', includes: 'isolated for ingress by NetworkPolicy "db"' },
        { messageId: 'unreachable', line: 20, file: 'app.yaml' },
      ],
    },
    {
      name: 'a default deny admits nothing to an exported Deployment, its ReplicaSet and Pods (named once)',
      manifests: {
        'app.yaml': `${exportedDeployment({ name: 'db', namespace: 'data', container: '{name: main, image: x, ports: [{containerPort: 5432}]}' })}---\napiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec:\n  selector: {app: db}\n  ports: [{port: 5432}]\n`,
        'policy.yaml': policy(''),
      },
      errors: [{ messageId: 'unreachable', line: 45, file: 'app.yaml', includes: 'TCP 5432: Deployment "db" is isolated for ingress by' }],
    },
  ],
});

describe('service-unreachable and Gateway routes', () => {
  it('when a route attached to a Gateway sends to the unreachable port, then the finding names it as a related location', () => {
    const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: shop}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api, namespace: shop}
spec:
  parentRefs: [{name: public}]
  rules: [{backendRefs: [{name: api, port: 80}]}]
`;
    const [finding, ...rest] = runRule(rule, manifests);
    assert.equal(rest.length, 0);
    assert.deepEqual(finding!.related.map((r) => r.message), ['NetworkPolicy "deny" isolates the Service\'s pods for ingress', 'HTTPRoute "shop/api" of Gateway "shop/public" sends requests to this port']);
  });
});
