import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './cluster-policy-pass.ts';

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const anpPass = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: pass-web}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}\n  ingress:\n    - {name: to-np, action: Pass, from: [{namespaces: {}}]}\n`;
const networkPolicy = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: 80}]}]\n`;
const baselinePass = `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: base}\nspec:\n  tier: Baseline\n  priority: 1\n  subject: {namespaces: {}}\n  egress:\n    - {action: Pass, to: [{namespaces: {}}]}\n`;
const docs = (...parts: string[]) => parts.join('---\n');

testRule(rule, {
  valid: [
    { name: 'a NetworkPolicy selects the pods the Pass hands over', manifests: docs(deployment, anpPass, networkPolicy) },
    { name: 'the subject selects no pod of the tree (cluster-policy-subject-orphan says so)', manifests: anpPass },
  ],
  invalid: [
    {
      name: 'no NetworkPolicy or Baseline policy applies to the pods',
      manifests: docs(deployment, anpPass),
      errors: [{ messageId: 'nothingBelow', line: 17, column: 29, includes: 'Pass rule AdminNetworkPolicy "pass-web" ingress[0] "to-np" passes ingress traffic of Deployment "web" in namespace "shop" on to lower tiers' }],
    },
    { name: 'a Pass in the Baseline tier', manifests: baselinePass, errors: [{ messageId: 'baseline', line: 9, includes: 'passes traffic out of the Baseline tier' }] },
  ],
});
