import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './cni-policy-selector-orphan.ts';

const deployment = (name: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: x}]}
`;
const cnp = (selector: string, namespace = 'shop') =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: lock, namespace: ${namespace}}\nspec:\n  endpointSelector: ${selector}\n  ingress: [{}]\n`;
const ccnp = (selector: string) => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: lock}\nspec:\n  endpointSelector: ${selector}\n  ingress: [{}]\n`;
const calico = (selector: string, extra = '', namespace = 'shop') =>
  `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: lock, namespace: ${namespace}}\nspec:\n  selector: ${selector}\n${extra}  types: [Ingress]\n`;
const docs = (...parts: string[]) => parts.join('---\n');

testRule(rule, {
  valid: [
    { name: 'a CiliumNetworkPolicy selects a Deployment of its namespace', manifests: docs(deployment('web'), cnp('{matchLabels: {app: web}}')) },
    { name: 'a CiliumNetworkPolicy with an empty endpointSelector (every pod of the namespace)', manifests: docs(deployment('web'), cnp('{}')) },
    { name: 'a Calico policy selects a Deployment with has() and the namespace label Calico adds', manifests: docs(deployment('web'), calico("has(app) && projectcalico.org/namespace == 'shop'")) },
    { name: 'a CiliumClusterwideNetworkPolicy selects the DNS pods, which are not in the tree', manifests: docs(deployment('web'), ccnp('{matchLabels: {k8s-app: kube-dns}}')) },
    { name: 'a policy of kube-system, whose pods live outside the tree', manifests: docs(deployment('web'), cnp('{matchLabels: {app: metrics-server}}', 'kube-system')) },
    { name: 'a Calico policy with a serviceAccountSelector (service-account labels are not in the tree)', manifests: docs(deployment('web'), calico("app == 'api'", "  serviceAccountSelector: role == 'api'\n")) },
    { name: 'a Calico policy whose selector does not parse (calico-selector reports it)', manifests: docs(deployment('web'), calico('app = api')) },
  ],
  invalid: [
    {
      name: 'a CiliumNetworkPolicy selects a label no pod of its namespace has',
      manifests: docs(deployment('web'), cnp('{matchLabels: {app: api}}')),
      errors: [{ messageId: 'namespaced', line: 14, column: 3, includes: 'CiliumNetworkPolicy "lock" selects no pod of namespace "shop" (endpointSelector app=api), so it isolates and allows nothing, assuming the linted files hold the workloads of that namespace' }],
    },
    {
      name: 'a CiliumNetworkPolicy selects pods of another namespace only (its own namespace is implied)',
      manifests: docs(deployment('web', 'other'), deployment('db'), cnp('{matchLabels: {app: web}}')),
      errors: [{ messageId: 'namespaced', line: 23, includes: 'selects no pod of namespace "shop"' }],
    },
    {
      name: 'a Calico NetworkPolicy selector matches no pod',
      manifests: docs(deployment('web'), calico("app == 'api'")),
      errors: [{ messageId: 'namespaced', line: 14, column: 3, includes: 'NetworkPolicy (projectcalico.org) "lock" selects no pod of namespace "shop" (selector "app == \'api\'")' }],
    },
    {
      name: 'a CiliumClusterwideNetworkPolicy selects no pod of the tree (info: it may be meant for pods outside it)',
      manifests: docs(deployment('web'), ccnp('{matchLabels: {app: api}}')),
      errors: [{ messageId: 'clusterwide', line: 14, severity: 'info', includes: 'CiliumClusterwideNetworkPolicy "lock" selects no pod of the linted workloads (endpointSelector app=api)' }],
    },
  ],
});
