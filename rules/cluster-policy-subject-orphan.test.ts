import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './cluster-policy-subject-orphan.ts';

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const anp = (subject: string) => `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 10\n  subject: ${subject}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n`;
const docs = (...parts: string[]) => parts.join('---\n');

testRule(rule, {
  valid: [
    { name: 'the subject selects the namespace of a workload', manifests: docs(deployment, anp('{namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}')) },
    { name: 'the tree has no workloads at all', manifests: anp('{namespaces: {matchLabels: {team: x}}}') },
  ],
  invalid: [
    {
      name: 'the subject selects pods by a label no workload has',
      manifests: docs(deployment, anp('{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}')),
      errors: [{ messageId: 'orphan', line: 15, column: 13, includes: 'the subject of AdminNetworkPolicy "a" (namespaces <all>, pods app=api) selects no pod of the linted workloads' }],
    },
  ],
});
