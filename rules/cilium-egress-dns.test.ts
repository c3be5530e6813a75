import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './cilium-egress-dns.ts';

const deployment = (name: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: x}]}
`;
const cnp = (name: string, spec: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n${spec}`;
const toDns = (rules = '') =>
  `    - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]\n      toPorts: [{ports: [{port: "53", protocol: ANY}]${rules}}]\n`;
const docs = (...parts: string[]) => parts.join('---\n');

testRule(rule, {
  valid: [
    { name: 'the egress policy allows DNS to kube-dns on port 53', manifests: docs(deployment('web'), cnp('api', `  egress:\n    - toEndpoints: [{matchLabels: {app: api}}]\n${toDns()}`)) },
    { name: 'the policy has ingress rules only (egress stays open)', manifests: docs(deployment('web'), cnp('in', '  ingress: [{fromEntities: [cluster]}]\n')) },
    { name: 'enableDefaultDeny turns egress default deny off', manifests: docs(deployment('web'), cnp('audit', '  enableDefaultDeny: {egress: false}\n  egress: [{toEntities: [world]}]\n')) },
    { name: 'DNS is allowed by another Cilium policy of the same pods', manifests: docs(deployment('web'), cnp('api', '  egress: [{toEndpoints: [{matchLabels: {app: api}}]}]\n'), cnp('dns', `  egress:\n${toDns()}`)) },
    { name: 'toFQDNs with an L7 DNS rule on the DNS port', manifests: docs(deployment('web'), cnp('fqdn', `  egress:\n    - toFQDNs: [{matchName: api.github.com}]\n${toDns(', rules: {dns: [{matchPattern: "*"}]}')}`)) },
    { name: 'the policy selects no pod of the tree (cni-policy-selector-orphan reports it)', manifests: docs(deployment('api'), cnp('api', '  egress: [{toEndpoints: [{matchLabels: {app: api}}]}]\n')) },
  ],
  invalid: [
    {
      name: 'the egress policy allows only the api pods',
      manifests: docs(deployment('web'), cnp('api', '  egress:\n    - toEndpoints: [{matchLabels: {app: api}}]\n')),
      errors: [{ messageId: 'noDns', line: 15, column: 3, includes: 'CiliumNetworkPolicy "api" turns on default deny for egress of Deployment "web", and no rule of any policy lets it reach DNS (kube-dns in kube-system on port 53' }],
    },
    {
      name: 'an empty egress rule puts the pods in default deny and allows nothing',
      manifests: docs(deployment('web'), cnp('deny', '  egress: [{}]\n')),
      errors: [{ messageId: 'noDns', line: 15, includes: 'every name lookup fails' }],
    },
    {
      name: 'toFQDNs with DNS allowed at L4 only: the proxy never sees the lookups',
      manifests: docs(deployment('web'), cnp('fqdn', `  egress:\n    - toFQDNs: [{matchName: api.github.com}]\n${toDns()}`)),
      errors: [{ messageId: 'fqdnWithoutDnsRule', line: 16, column: 7, severity: 'warning', includes: 'toFQDNs (api.github.com) allows addresses only as Cilium\'s DNS proxy sees them resolved' }],
    },
    {
      name: 'a DNS rule on port 53 over TCP only',
      manifests: docs(deployment('web'), cnp('tcp-dns', '  egress:\n    - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]\n      toPorts: [{ports: [{port: "53", protocol: TCP}]}]\n')),
      errors: [{ messageId: 'noDns', line: 15, includes: 'over UDP' }],
    },
  ],
});
