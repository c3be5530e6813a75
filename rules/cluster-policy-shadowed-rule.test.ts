import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './cluster-policy-shadowed-rule.ts';

/** An AdminNetworkPolicy whose ingress rules follow `ingress:` (line 7). */
const anp = (name: string, priority: number, subject: string, ingress: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  priority: ${priority}\n  subject: ${subject}\n  ingress:\n${ingress}`;
const docs = (...parts: string[]) => parts.join('---\n');
const all = '{namespaces: {}}';

testRule(rule, {
  valid: [
    { name: 'a narrower rule comes before a broader one', manifests: anp('a', 1, all, '    - {action: Allow, from: [{namespaces: {matchLabels: {team: a}}}], ports: [{portNumber: {port: 80}}]}\n    - {action: Deny, from: [{namespaces: {}}]}\n') },
    { name: 'the earlier rule matches fewer ports', manifests: anp('a', 1, all, '    - {action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}}]}\n    - {action: Allow, from: [{namespaces: {}}], ports: [{portRange: {start: 80, end: 90}}]}\n') },
    {
      name: 'a policy of smaller priority selects fewer pods (its rules cannot shadow)',
      manifests: docs(anp('first', 1, '{namespaces: {matchLabels: {team: a}}}', '    - {action: Deny, from: [{namespaces: {}}]}\n'), anp('second', 2, all, '    - {action: Allow, from: [{namespaces: {}}]}\n')),
    },
    { name: 'equal priorities have no order (cluster-policy-priority reports them)', manifests: docs(anp('first', 1, all, '    - {action: Deny, from: [{namespaces: {}}]}\n'), anp('second', 1, all, '    - {action: Allow, from: [{namespaces: {}}]}\n')) },
  ],
  invalid: [
    {
      name: 'an Allow after a Deny of every namespace, in one policy',
      manifests: anp('a', 1, all, '    - {action: Deny, from: [{namespaces: {}}]}\n    - {name: web, action: Allow, from: [{namespaces: {matchLabels: {team: web}}}], ports: [{portNumber: {port: 80}}]}\n'),
      errors: [{ messageId: 'shadowed', line: 9, column: 7, includes: 'AdminNetworkPolicy "a" ingress[1] "web" can never decide: AdminNetworkPolicy "a" ingress[0] comes first (an earlier rule of the same policy) and already denies' }],
    },
    {
      name: 'a policy of smaller priority on every namespace passes all traffic of a later one',
      manifests: docs(anp('first', 1, all, '    - {action: Pass, from: [{namespaces: {}}]}\n'), anp('second', 5, '{namespaces: {matchLabels: {team: a}}}', '    - {action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: x}}}}], ports: [{portNumber: {port: 5432}}]}\n')),
      errors: [{ messageId: 'shadowed', line: 17, column: 7, includes: 'priority 1 before 5, on every pod this policy selects) and already passes on every connection' }],
    },
  ],
});
