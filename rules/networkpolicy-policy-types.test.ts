import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './networkpolicy-policy-types.ts';

/** A policy on app=web in shop with the given spec lines after podSelector. */
const policy = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
${spec}`;
const ingress = '  ingress:\n    - from: [{podSelector: {matchLabels: {app: front}}}]\n';
const egress = '  egress:\n    - to: [{podSelector: {matchLabels: {app: db}}}]\n';

testRule(rule, {
  valid: [
    { name: 'policyTypes lists both directions the policy has rules for', manifests: policy(`  policyTypes: [Ingress, Egress]\n${ingress}${egress}`) },
    { name: 'policyTypes is absent (defaulted from the rules)', manifests: policy(`${ingress}${egress}`) },
    { name: 'policyTypes is an empty list (defaulted as if absent)', manifests: policy(`  policyTypes: []\n${ingress}`) },
    { name: 'policyTypes Egress with an empty ingress list', manifests: policy(`  policyTypes: [Egress]\n  ingress: []\n${egress}`) },
    { name: 'policyTypes Ingress and Egress without rules (deny both)', manifests: policy('  policyTypes: [Ingress, Egress]\n') },
  ],
  invalid: [
    {
      name: 'policyTypes lists only Egress and the policy has ingress rules',
      manifests: policy(`  policyTypes: [Egress]\n${ingress}${egress}`),
      errors: [{ messageId: 'ignored', line: 7, column: 3, includes: 'spec.policyTypes (Egress) leaves out Ingress, so these ingress rules are ignored' }],
    },
    {
      name: 'policyTypes lists only Ingress and the policy has egress rules',
      manifests: policy(`  policyTypes:\n    - Ingress\n${ingress}${egress}`),
      errors: [{ messageId: 'ignored', line: 10, column: 3, includes: 'add Egress to policyTypes' }],
    },
    {
      name: 'policyTypes holds no valid type and the policy has rules both ways',
      manifests: policy(`  policyTypes: [42]\n${ingress}${egress}`),
      errors: [
        { messageId: 'ignored', line: 7, includes: '(no valid type) leaves out Ingress' },
        { messageId: 'ignored', line: 9, includes: '(no valid type) leaves out Egress' },
      ],
    },
  ],
});
