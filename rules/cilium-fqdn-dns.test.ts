import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule as egressBlocksDns } from './egress-blocks-dns.ts';
import { rule } from './cilium-fqdn-dns.ts';

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
    { name: 'toFQDNs with an L7 DNS rule on the DNS port', manifests: docs(deployment('web'), cnp('fqdn', `  egress:\n    - toFQDNs: [{matchName: api.github.com}]\n${toDns(', rules: {dns: [{matchPattern: "*"}]}')}`)) },
    {
      name: 'the L7 DNS rule is in another Cilium policy of the same pods',
      manifests: docs(deployment('web'), cnp('fqdn', '  egress:\n    - toFQDNs: [{matchPattern: "*.github.com"}]\n'), cnp('dns', `  egress:\n${toDns(', rules: {dns: [{matchPattern: "*"}]}')}`)),
    },
    { name: 'the policy selects no pod of the tree (cni-policy-selector-orphan reports it)', manifests: docs(deployment('api'), cnp('fqdn', '  egress: [{toFQDNs: [{matchName: api.github.com}]}]\n')) },
  ],
  invalid: [
    {
      name: 'toFQDNs with DNS allowed at L4 only: the proxy never sees the lookups',
      manifests: docs(deployment('web'), cnp('fqdn', `  egress:\n    - toFQDNs: [{matchName: api.github.com}]\n${toDns()}`)),
      errors: [{ messageId: 'fqdnWithoutDnsRule', line: 16, column: 7, includes: 'toFQDNs (api.github.com) allows addresses only as Cilium\'s DNS proxy sees them resolved' }],
    },
  ],
});

describe('a Cilium policy that turns on default deny for egress without DNS', () => {
  it('when the egress rules of a CiliumNetworkPolicy reach no DNS server, then egress-blocks-dns reports it (one finding for one cause, not this rule)', () => {
    const manifests = docs(deployment('web'), cnp('api', '  egress:\n    - toEndpoints: [{matchLabels: {app: api}}]\n'));
    assert.deepEqual(runRule(egressBlocksDns, manifests).map((d) => [d.messageId, /CiliumNetworkPolicy "api"/.test(d.message)]), [['blocked', true]]);
    assert.deepEqual(runRule(rule, manifests), []);
  });
  it('when an empty egress rule puts the pods in default deny (unlike NetworkPolicy, it allows nothing), then egress-blocks-dns reports it', () => {
    assert.deepEqual(runRule(egressBlocksDns, docs(deployment('web'), cnp('deny', '  egress: [{}]\n'))).map((d) => d.messageId), ['blocked']);
  });
  it('when the DNS rule of the policy allows port 53 to kube-dns, then egress-blocks-dns is silent', () => {
    assert.deepEqual(runRule(egressBlocksDns, docs(deployment('web'), cnp('api', `  egress:\n    - toEndpoints: [{matchLabels: {app: api}}]\n${toDns()}`))), []);
  });
});
