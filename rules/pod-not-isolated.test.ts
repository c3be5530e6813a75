import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './pod-not-isolated.ts';

const deployment = (name: string, namespace = 'shop', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {${extra}containers: [{name: main, image: x}]}
`;
const policy = (name: string, podSelector: string, types: string, namespace = 'shop') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  podSelector: ${podSelector}\n  policyTypes: [${types}]\n`;
const docs = (...parts: string[]) => parts.join('---\n');

testRule(rule, {
  valid: [
    { name: 'a default-deny policy isolates every pod for both directions', manifests: docs(deployment('web'), deployment('api'), policy('deny', '{}', 'Ingress, Egress')) },
    { name: 'per-workload policies isolate every workload', manifests: docs(deployment('web'), policy('deny', '{}', 'Egress'), policy('web', '{matchLabels: {app: web}}', 'Ingress')) },
    { name: 'the only workload runs on the host network', manifests: docs(deployment('agent', 'shop', 'hostNetwork: true, '), policy('deny', '{}', 'Ingress', 'other')) },
    { name: 'the run has no NetworkPolicy at all (policies kept elsewhere or not used)', manifests: docs(deployment('web'), deployment('api')) },
    { name: 'a namespace has policies but no workloads', manifests: docs(policy('web', '{matchLabels: {app: web}}', 'Ingress'), deployment('api', 'other') + '---\n' + policy('deny', '{}', 'Ingress, Egress', 'other')) },
  ],
  invalid: [
    {
      name: 'a namespace has no policy at all while another has (undeclared namespace: at the first workload)',
      manifests: docs(deployment('web'), deployment('api'), policy('deny', '{}', 'Ingress, Egress', 'other')),
      errors: [{ messageId: 'namespace', line: 5, column: 14, includes: 'for ingress and egress' }],
    },
    {
      name: 'a declared namespace has an ingress default deny and no egress policy',
      manifests: docs('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n', deployment('web'), policy('deny', '{}', 'Ingress')),
      errors: [{ messageId: 'namespace', line: 4, column: 9, includes: 'policyTypes: [Egress]' }],
    },
    {
      name: 'a namespace has policies that select some workloads only',
      manifests: docs(deployment('web'), deployment('api'), policy('web', '{matchLabels: {app: web}}', 'Ingress, Egress')),
      errors: [{ messageId: 'workload', line: 15, column: 9, includes: 'Deployment "api" is not isolated for ingress and egress' }],
    },
    {
      name: 'a workload is isolated for ingress only, in a namespace with a partial egress policy',
      manifests: docs(deployment('web'), deployment('api'), policy('deny', '{}', 'Ingress'), policy('web', '{matchLabels: {app: web}}', 'Egress')),
      errors: [{ messageId: 'workload', line: 15, includes: 'not isolated for egress' }],
    },
  ],
});
