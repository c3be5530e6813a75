import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './networkpolicy-null-field.ts';

/** A policy in namespace shop whose spec lines follow `spec:` (line 4). */
const policy = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
${spec}`;

testRule(rule, {
  valid: [
    { name: 'the selectors and lists are written with values, or as {} and left out on purpose', manifests: policy('  podSelector: {}\n  ingress:\n    - {}\n    - from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: lb}}}]\n      ports: [{port: 80}]\n') },
    { name: 'matchLabels is null beside matchExpressions that still select', manifests: policy('  podSelector:\n    matchLabels:\n    matchExpressions: [{key: app, operator: Exists}]\n') },
    { name: 'the only selector of a peer is null (the schema rule reports a peer with none)', manifests: policy('  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - from:\n        - podSelector:\n') },
    { name: 'ingress and egress are null, which is as if absent', manifests: policy('  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n  egress:\n') },
  ],
  invalid: [
    {
      name: 'spec.podSelector is null, and another policy has only a null matchLabels',
      manifests: `${policy('  podSelector:\n  policyTypes: [Ingress]\n')}---\n${policy('  podSelector:\n    matchLabels:\n')}`,
      errors: [
        { messageId: 'podSelector', line: 5, column: 3, includes: '"podSelector" is null, which the API server reads as unset, so this policy selects every pod of namespace "shop"' },
        { messageId: 'podSelector', line: 13, column: 5, includes: '"podSelector.matchLabels" is null' },
      ],
    },
    {
      name: 'a rule has from: null and ports: null, and an egress rule to: null',
      manifests: policy('  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n      ports:\n  egress:\n    - to: null\n      ports: [{port: 53, protocol: UDP}]\n'),
      errors: [
        { messageId: 'peers', line: 8, column: 7, includes: 'so this rule admits every source, in and outside the cluster' },
        { messageId: 'ports', line: 9, column: 7, includes: 'allows every port and protocol' },
        { messageId: 'peers', line: 11, includes: 'admits every destination' },
      ],
    },
    {
      name: 'a peer podSelector has a null matchLabels beside a namespaceSelector, and another peer has a null namespaceSelector',
      manifests: policy(
        '  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {team: a}}\n          podSelector:\n            matchLabels:\n        - podSelector: {matchLabels: {app: lb}}\n          namespaceSelector:\n',
      ),
      errors: [
        { messageId: 'peerPods', line: 10, column: 13, includes: 'admits every pod of the namespaces its namespaceSelector selects' },
        { messageId: 'namespaceOwn', line: 12, column: 11, includes: 'admits pods of namespace "shop" only (the policy\'s own), not of every namespace' },
      ],
    },
    {
      name: 'a peer namespaceSelector has only a null matchLabels, and a lone podSelector has one too',
      manifests: policy('  podSelector: {}\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: db}}\n          namespaceSelector: {matchLabels: null}\n        - podSelector: {matchLabels: null}\n'),
      errors: [
        { messageId: 'namespaceAll', line: 9, includes: '"namespaceSelector.matchLabels" is null, which the API server reads as unset, so this namespaceSelector selects every namespace' },
        { messageId: 'peerPods', line: 10, includes: 'every pod of namespace "shop"' },
      ],
    },
  ],
});
