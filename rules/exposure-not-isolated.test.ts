import { exportedDeployment } from '../test/support/exported-state.ts';
import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './exposure-not-isolated.ts';

const deployment = (extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {${extra}containers: [{name: main, image: x}]}
`;
const service = (type: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: ${type}\n  selector: {app: web}\n  ports: [{port: 80}]\n`;
const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  defaultBackend:
    service:
      name: web
      port: {number: 80}
`;
const isolate = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{ports: [{port: 80}]}]\n';
const elsewhere = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: other}\nspec:\n  podSelector: {}\n';
const docs = (...parts: string[]) => parts.join('---\n');

testRule(rule, {
  valid: [
    { name: 'a ClusterIP Service only', manifests: docs(deployment(), service('ClusterIP')) },
    { name: 'a LoadBalancer Service to pods isolated for ingress', manifests: docs(deployment(), service('LoadBalancer'), isolate) },
    { name: 'an exposed workload runs on the host network', manifests: docs(deployment('hostNetwork: true, '), service('NodePort'), elsewhere) },
    { name: 'the run has no NetworkPolicy at all', manifests: docs(deployment(), service('NodePort')) },
    {
      name: 'an exported Deployment, its ReplicaSet and Pods behind a NodePort Service are isolated for ingress',
      manifests: docs(exportedDeployment(), service('NodePort'), isolate),
    },
  ],
  invalid: [
    { name: 'a NodePort Service exposes a workload no policy selects', manifests: docs(deployment(), service('NodePort'), elsewhere), errors: [{ messageId: 'exposed', line: 4, column: 9, includes: 'NodePort Service "web"' }] },
    {
      name: 'an AdminNetworkPolicy denies ingress from every namespace, which leaves sources outside the cluster open',
      manifests: docs(
        deployment(),
        service('NodePort'),
        elsewhere,
        'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: deny-pods}\nspec:\n  priority: 50\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n',
      ),
      errors: [{ messageId: 'exposed', line: 4, includes: 'NodePort Service "web"' }],
    },
    {
      name: 'a LoadBalancer Service and an Ingress expose it',
      manifests: docs(deployment(), service('LoadBalancer'), ingress, elsewhere),
      errors: [{ messageId: 'exposed', line: 4, includes: 'LoadBalancer Service "web", Ingress "shop"' }],
    },
    {
      name: 'a NodePort Service exposes an exported Deployment, its ReplicaSet and Pods (one finding, at the Deployment)',
      manifests: docs(exportedDeployment(), service('NodePort'), elsewhere),
      errors: [{ messageId: 'exposed', line: 3, column: 18, includes: 'Deployment "web" is exposed outside the cluster by NodePort Service "web", but' }],
    },
    {
      name: 'a policy isolates only an exported Pod, by a label its Deployment template lacks',
      manifests: docs(exportedDeployment({ secondPodLabels: ', canary: "true"' }), service('NodePort'), isolate.replace('{app: web}', '{canary: "true"}')),
      errors: [{ messageId: 'exposed', line: 3, includes: 'Deployment "web" is exposed' }],
    },
  ],
});
