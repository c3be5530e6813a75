import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './cluster-policy-priority.ts';

const cnp = (name: string, tier: string, priority: number) =>
  `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  tier: ${tier}\n  priority: ${priority}\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n`;
const docs = (...parts: string[]) => parts.join('---\n');

testRule(rule, {
  valid: [
    { name: 'distinct priorities', manifests: docs(cnp('a', 'Admin', 1), cnp('b', 'Admin', 2)) },
    { name: 'the same priority in different tiers', manifests: docs(cnp('a', 'Admin', 1), cnp('b', 'Baseline', 1)) },
  ],
  invalid: [
    {
      name: 'two Admin policies share priority 10',
      manifests: docs(cnp('a', 'Admin', 10), cnp('b', 'Admin', 10)),
      errors: [
        { messageId: 'duplicate', line: 6, column: 13, includes: 'priority 10 of the Admin tier is also the priority of ClusterNetworkPolicy "b"' },
        { messageId: 'duplicate', line: 15, column: 13, includes: 'also the priority of ClusterNetworkPolicy "a"' },
      ],
    },
  ],
});
