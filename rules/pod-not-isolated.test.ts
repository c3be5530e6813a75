import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positionAt } from '../src/source/text.ts';
import { exportedDeployment } from '../test/support/exported-state.ts';
import { runRule, testRule } from '../test/support/rule-tester.ts';
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
/** A policy on every pod of shop with the given rules. */
const allPods = (name: string, rules: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {}\n${rules}`;

/** CNI policies (issue 10): a CiliumNetworkPolicy and a Calico NetworkPolicy isolate the pods they select, as a NetworkPolicy does. */
const ciliumDefaultDeny = (selector: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: lockdown, namespace: shop}\nspec:\n  endpointSelector: ${selector}\n  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]\n  egress: [{toEntities: [cluster]}]\n`;
const calicoDefaultDeny = (selector: string) =>
  `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: lockdown, namespace: shop}\nspec:\n  selector: ${selector}\n  types: [Ingress, Egress]\n`;

testRule(rule, {
  valid: [
    { name: 'a CiliumNetworkPolicy with an empty endpointSelector isolates every pod of the namespace both ways', manifests: docs(deployment('web'), deployment('api'), ciliumDefaultDeny('{}')) },
    { name: 'a Calico NetworkPolicy with selector all() isolates every pod of the namespace both ways', manifests: docs(deployment('web'), deployment('api'), calicoDefaultDeny('all()')) },
    { name: 'a default-deny policy isolates every pod for both directions', manifests: docs(deployment('web'), deployment('api'), policy('deny', '{}', 'Ingress, Egress')) },
    { name: 'the only workload runs on the host network', manifests: docs(deployment('agent', 'shop', 'hostNetwork: true, '), policy('deny', '{}', 'Ingress', 'other')) },
    { name: 'a policy on every pod allows every peer but only on port 80', manifests: docs(deployment('web'), allPods('web-only', '  ingress: [{ports: [{port: 80}]}]\n  egress: [{to: [{podSelector: {}}]}]\n')) },
    { name: 'the run has no NetworkPolicy at all (policies kept elsewhere or not used)', manifests: docs(deployment('web'), deployment('api')) },
    {
      name: 'an AdminNetworkPolicy denies ingress from every namespace and egress to every pod and address (any kind that isolates counts)',
      manifests: docs(
        deployment('web'),
        'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: deny-all}\nspec:\n  priority: 50\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n  egress: [{action: Deny, to: [{namespaces: {}}, {networks: [0.0.0.0/0, "::/0"]}]}]\n',
      ),
    },
    { name: 'a namespace has policies but no workloads', manifests: docs(policy('web', '{matchLabels: {app: web}}', 'Ingress'), deployment('api', 'other') + '---\n' + policy('deny', '{}', 'Ingress, Egress', 'other')) },
  ],
  invalid: [
    {
      name: 'a policy of the namespace was read without an unknown field that widens it (the finding says so)',
      manifests: docs(
        deployment('web'),
        deployment('api'),
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - from: [{namespaceSelector: {}, podSelectr: {matchLabels: {app: lb}}}]\n',
      ),
      errors: [
        { messageId: 'noDefaultDeny', line: 5, column: 14, includes: '(not certain: NetworkPolicy "shop/web" was evaluated without the unknown field "podSelectr", as a client that only warns stores it, which reads wider than written (kubectl rejects it))' },
        { messageId: 'workload', line: 15, column: 9, includes: 'was evaluated without the unknown field "podSelectr"' },
      ],
    },
    {
      name: 'when the only policy is a Calico policy the API server rejects (a bad net), then every namespace is still reported, its own as unrestricted',
      manifests: docs(
        deployment('web'),
        deployment('web', 'x'),
        `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  selector: app == 'web'\n  ingress:\n  - action: Allow\n    protocol: TCP\n    source: {nets: ["10.0.0.0/33"]}\n`,
      ),
      errors: [
        { messageId: 'namespace', line: 5, column: 14, includes: 'namespace "shop" for ingress and egress' },
        { messageId: 'namespace', line: 16, column: 14, includes: 'namespace "x" for ingress and egress' },
      ],
    },
    {
      name: 'an AdminNetworkPolicy that denies only some peers isolates nothing',
      manifests: docs(
        deployment('web'),
        'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: deny-some}\nspec:\n  priority: 50\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {team: x}}}]}]\n',
      ),
      errors: [{ messageId: 'namespace', line: 5, column: 14, includes: 'namespace "shop" for ingress and egress' }],
    },
    {
      name: 'a NetworkPolicy default-denies ingress and a CiliumNetworkPolicy isolates the one workload for egress: only the namespace lacks an egress default deny',
      manifests: docs(deployment('web'), policy('deny', '{}', 'Ingress'), ciliumDefaultDeny('{matchLabels: {app: web}}')),
      errors: [{ messageId: 'noDefaultDeny', line: 5, column: 14, includes: 'no default-deny NetworkPolicy for egress' }],
    },
    {
      name: 'a Calico policy isolates one workload and a NetworkPolicy another, but no policy of any kind denies by default',
      manifests: docs(deployment('web'), deployment('api'), calicoDefaultDeny("app == 'web'"), policy('api', '{matchLabels: {app: api}}', 'Ingress, Egress')),
      errors: [{ messageId: 'noDefaultDeny', line: 5, column: 14, includes: 'no default-deny NetworkPolicy for ingress and egress' }],
    },
    {
      name: 'per-workload policies isolate every workload, but the namespace has no default deny for ingress',
      manifests: docs(deployment('web'), policy('deny', '{}', 'Egress'), policy('web', '{matchLabels: {app: web}}', 'Ingress')),
      errors: [{ messageId: 'noDefaultDeny', line: 5, column: 14, includes: 'namespace "shop" has no default-deny NetworkPolicy for ingress: its policies isolate only the pods they select' }],
    },
    {
      name: 'a host-network workload sits beside workloads a policy selects (the namespace finding only)',
      manifests: docs(deployment('web'), deployment('agent', 'shop', 'hostNetwork: true, '), policy('web', '{matchLabels: {app: web}}', 'Ingress, Egress')),
      errors: [{ messageId: 'noDefaultDeny', line: 5, includes: 'for ingress and egress' }],
    },
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
      name: "a namespace's only policy selects every pod but allows every peer on every port in both directions",
      manifests: docs(deployment('web'), allPods('allow-all', '  ingress: [{}]\n  egress:\n    - ports: [{protocol: TCP}, {protocol: UDP}, {protocol: SCTP}]\n')),
      errors: [{ messageId: 'namespace', line: 5, includes: 'restricts the pods of namespace "shop" for ingress and egress' }],
    },
    {
      name: 'a namespace has policies that select some workloads only',
      manifests: docs(deployment('web'), deployment('api'), policy('web', '{matchLabels: {app: web}}', 'Ingress, Egress')),
      errors: [
        { messageId: 'noDefaultDeny', line: 5, includes: 'policyTypes: [Ingress, Egress]' },
        { messageId: 'workload', line: 15, column: 9, includes: 'Deployment "api" is not isolated for ingress and egress' },
      ],
    },
    {
      name: 'a workload is isolated for ingress only, in a namespace with a partial egress policy',
      manifests: docs(deployment('web'), deployment('api'), policy('deny', '{}', 'Ingress'), policy('web', '{matchLabels: {app: web}}', 'Egress')),
      errors: [
        { messageId: 'noDefaultDeny', line: 5, includes: 'for egress' },
        { messageId: 'workload', line: 15, includes: 'not isolated for egress' },
      ],
    },
    {
      name: 'an exported Deployment, its ReplicaSet and Pods are selected by no policy (one finding, at the Deployment)',
      manifests: docs(exportedDeployment(), deployment('api'), policy('api', '{matchLabels: {app: api}}', 'Ingress')),
      errors: [
        { messageId: 'workload', line: 3, column: 18, includes: 'Deployment "web" is not isolated for ingress' },
        { messageId: 'noDefaultDeny', line: 3, column: 34, includes: 'for ingress' },
      ],
    },
    {
      name: 'a policy selects only an exported Pod by a label its Deployment template lacks',
      manifests: docs(exportedDeployment({ secondPodLabels: ', canary: "true"' }), policy('canary', '{matchLabels: {canary: "true"}}', 'Ingress')),
      errors: [
        { messageId: 'members', line: 3, column: 18, includes: 'Deployment "web" is only partly isolated for ingress: NetworkPolicies select Pod "web-5d8-b" but not Deployment "web"' },
        { messageId: 'noDefaultDeny', line: 3, column: 34, includes: 'for ingress' },
      ],
    },
  ],
});

describe('pod-not-isolated related locations', () => {
  it('when an allow-all policy is the only one, then its rules are related to the namespace finding', () => {
    const [finding, ...rest] = runRule(rule, docs(deployment('web'), allPods('allow-all', '  ingress: [{}]\n  egress: [{}]\n')));
    assert.ok(finding);
    assert.equal(rest.length, 0);
    assert.deepEqual(
      finding.related.map((r) => `${positionAt(r.file, r.span.start).line} ${r.message}`),
      ['17 NetworkPolicy "allow-all" ingress[0] admits everything on every port, so it denies nothing', '18 NetworkPolicy "allow-all" egress[0] admits everything on every port, so it denies nothing'],
    );
  });
});
