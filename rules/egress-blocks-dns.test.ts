import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positionAt } from '../src/source/text.ts';
import { exportedDeployment } from '../test/support/exported-state.ts';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule } from './egress-blocks-dns.ts';

const deployment = (name: string, podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {${podSpec}containers: [{name: main, image: x}]}
`;
const policy = (name: string, spec: string, namespace = 'shop') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec}`;
const denyEgress = policy('deny', '  podSelector: {}\n  policyTypes: [Egress]\n');
const dnsTo = '[{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]';
const allowDns = (ports: string) => policy('dns', `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: ${dnsTo}\n      ports: ${ports}\n`);
const docs = (...parts: string[]) => parts.join('---\n');
const openshiftDns = (ports: string) =>
  policy('dns', `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}, podSelector: {matchLabels: {dns.operator.openshift.io/daemonset-dns: default}}}]\n      ports: ${ports}\n`);
const customDns = (ports: string) =>
  policy('dns', `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dns}}, podSelector: {matchLabels: {app: coredns}}}]\n      ports: ${ports}\n`);

testRule(rule, {
  valid: [
    { name: 'no policy isolates the pod for egress', manifests: deployment('web') },
    { name: 'a policy allows UDP and TCP 53 to kube-dns', manifests: docs(deployment('web'), denyEgress, allowDns('[{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]')) },
    { name: 'a policy allows kube-dns by its named ports', manifests: docs(deployment('web'), denyEgress, allowDns('[{port: dns, protocol: UDP}, {port: dns-tcp}]')) },
    { name: 'a policy allows port 53 to anywhere', manifests: docs(deployment('web'), policy('dns', '  podSelector: {}\n  egress:\n    - ports: [{port: 53, protocol: UDP}, {port: 53}]\n')) },
    {
      name: 'a policy allows NodeLocal DNSCache',
      manifests: docs(deployment('web'), policy('dns', '  podSelector: {}\n  egress:\n    - to: [{ipBlock: {cidr: 169.254.20.10/32}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53}]\n')),
    },
    { name: 'the pod does not use cluster DNS (dnsPolicy: Default)', manifests: docs(deployment('web', 'dnsPolicy: Default, '), denyEgress) },
    { name: 'the pod runs on the host network', manifests: docs(deployment('web', 'hostNetwork: true, '), denyEgress) },
    { name: 'unconfigured, a policy allows OpenShift DNS (openshift-dns, port 5353)', manifests: docs(deployment('web'), openshiftDns('[{port: 5353, protocol: UDP}, {port: 5353}]')) },
    { name: 'cluster.dns is openshift and a policy allows its named ports', manifests: docs(deployment('web'), openshiftDns('[{port: dns, protocol: UDP}, {port: dns-tcp}]')), config: { cluster: { dns: 'openshift' } } },
    {
      name: 'cluster.dns names CoreDNS under other labels, and a policy allows it',
      manifests: docs(deployment('web'), customDns('[{port: 1053, protocol: UDP}, {port: 1053}]')),
      config: { cluster: { dns: [{ namespace: 'dns', podLabels: { app: 'coredns' }, port: 1053 }] } },
    },
  ],
  invalid: [
    {
      name: 'an AdminNetworkPolicy denies egress to every pod and address, no NetworkPolicy at all',
      manifests: docs(
        deployment('web'),
        'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: lockdown}\nspec:\n  tier: Admin\n  priority: 5\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}\n  egress: [{name: none, action: Deny, to: [{namespaces: {}}, {networks: [0.0.0.0/0, "::/0"]}]}]\n',
      ),
      errors: [{ messageId: 'blocked', line: 4, column: 9, severity: 'error', includes: 'is isolated for egress by ClusterNetworkPolicy "lockdown", and no rule lets it reach DNS' }],
    },
    {
      name: 'the policy that isolates egress was read without an unknown field that widens it (a warning that says so)',
      // matchLabel for matchLabels: a client that only warns drops it, and the policy selects every pod of shop.
      manifests: docs(deployment('web'), policy('deny', '  podSelector: {matchLabel: {app: other}}\n  policyTypes: [Egress]\n')),
      errors: [{ messageId: 'blocked', line: 4, column: 9, severity: 'warning', includes: '(not certain: NetworkPolicy "shop/deny" was evaluated without the unknown field "matchLabel", as a client that only warns stores it, which reads wider than written (kubectl rejects it))' }],
    },
    {
      name: 'an AdminNetworkPolicy Deny rule misspells ports (it then denies every port, DNS included): the finding is a warning that names the widened policy',
      manifests: docs(
        deployment('web'),
        'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: anp}\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}\n  egress: [{action: Deny, to: [{namespaces: {}}, {networks: [0.0.0.0/0, "::/0"]}], portz: [{portNumber: {port: 25, protocol: TCP}}]}]\n',
      ),
      errors: [{ messageId: 'blocked', line: 4, column: 9, severity: 'warning', includes: '(not certain: AdminNetworkPolicy "anp" was evaluated without the unknown field "portz", as a client that only warns stores it, which reads wider than written (kubectl rejects it))' }],
    },
    {
      name: 'a ClusterNetworkPolicy Deny rule misspells protocols: the finding is a warning that names the widened policy',
      manifests: docs(
        deployment('web'),
        'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: cnp}\nspec:\n  tier: Admin\n  priority: 5\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}\n  egress: [{action: Deny, to: [{namespaces: {}}, {networks: [0.0.0.0/0, "::/0"]}], protocolz: [{tcp: {destinationPort: {number: 22}}}]}]\n',
      ),
      errors: [{ messageId: 'blocked', line: 4, column: 9, severity: 'warning', includes: '(not certain: ClusterNetworkPolicy "cnp" was evaluated without the unknown field "protocolz"' }],
    },
    {
      name: 'a default deny isolates egress and nothing allows DNS',
      manifests: docs(deployment('web'), denyEgress),
      errors: [{ messageId: 'blocked', line: 4, column: 9, severity: 'error', includes: 'NetworkPolicy "deny", and no rule lets it reach DNS (kube-dns in kube-system on port 53, dns-default in openshift-dns on port 5353, 169.254.20.10/32 on port 53, as assumed without cluster.dns) over UDP or TCP' }],
    },
    { name: 'only TCP 53 is allowed', manifests: docs(deployment('web'), denyEgress, allowDns('[{port: 53}]')), errors: [{ messageId: 'udpBlocked', line: 4, severity: 'error' }] },
    {
      name: 'only UDP 53 is allowed (lookups mostly work)',
      manifests: docs(deployment('web'), allowDns('[{port: 53, protocol: UDP}]')),
      errors: [{ messageId: 'tcpBlocked', line: 4, severity: 'warning', includes: 'over TCP, only over UDP: most lookups work' }],
    },
    {
      name: 'unconfigured, a policy allows DNS traffic only to CoreDNS under other labels',
      manifests: docs(deployment('web'), customDns('[{port: 53, protocol: UDP}, {port: 53}]')),
      errors: [{ messageId: 'assumed', line: 4, severity: 'warning', includes: 'as assumed without cluster.dns) over UDP, though a rule allows DNS traffic to other destinations; set cluster.dns' }],
    },
    {
      name: 'cluster.dns is openshift and a policy allows only kube-dns',
      manifests: docs(deployment('web'), allowDns('[{port: 53, protocol: UDP}, {port: 53}]')),
      config: { cluster: { dns: 'openshift' } },
      errors: [{ messageId: 'blocked', line: 4, severity: 'error', includes: 'allow egress to namespace openshift-dns, pods dns.operator.openshift.io/daemonset-dns=default, on UDP and TCP 5353' }],
    },
    {
      name: 'cluster.dns is NodeLocal DNSCache only and a policy allows only kube-dns',
      manifests: docs(deployment('web'), allowDns('[{port: 53, protocol: UDP}, {port: 53}]')),
      config: { cluster: { dns: 'node-local' } },
      errors: [{ messageId: 'blocked', line: 4, severity: 'error', includes: 'reach DNS (169.254.20.10/32 on port 53)' }],
    },
    {
      name: 'a default deny isolates an exported Deployment, its ReplicaSet and Pods (one finding, at the Deployment)',
      manifests: docs(exportedDeployment(), denyEgress),
      errors: [{ messageId: 'blocked', line: 3, column: 18, includes: 'Deployment "web" is isolated for egress' }],
    },
    {
      name: 'only an exported Pod, by a label its Deployment template lacks, is isolated for egress',
      manifests: docs(exportedDeployment({ secondPodLabels: ', canary: "true"' }), policy('canary', '  podSelector: {matchLabels: {canary: "true"}}\n  policyTypes: [Egress]\n')),
      errors: [{ messageId: 'blocked', line: 3, column: 18, includes: 'Pod "web-5d8-b" of Deployment "web" is isolated for egress by NetworkPolicy "canary"' }],
    },
    {
      name: 'kube-dns is isolated for ingress by a policy of the tree that admits no one',
      manifests: docs(deployment('web'), allowDns('[{port: 53, protocol: UDP}, {port: 53}]'), policy('dns-in', '  podSelector: {matchLabels: {k8s-app: kube-dns}}\n  policyTypes: [Ingress]\n', 'kube-system')),
      errors: [{ messageId: 'blocked', line: 4 }],
    },
  ],
});

describe('egress-blocks-dns related locations', () => {
  it('when the egress side and the kube-dns ingress side both refuse, then both policies are related', () => {
    const manifests = docs(deployment('web'), denyEgress, policy('dns-in', '  podSelector: {matchLabels: {k8s-app: kube-dns}}\n  policyTypes: [Ingress]\n', 'kube-system'));
    const [finding] = runRule(rule, manifests);
    assert.ok(finding);
    assert.deepEqual(
      finding.related.map((r) => `${positionAt(r.file, r.span.start).line} ${r.message}`),
      [
        '16 NetworkPolicy "deny" in namespace "shop" isolates this pod for egress and allows no such connection',
        '23 NetworkPolicy "dns-in" in namespace "kube-system" isolates kube-dns for ingress and allows no such connection',
      ],
    );
  });
});
