import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './networkpolicy-port.ts';

const deployment = (name: string, ports: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: x, ports: ${ports}}]}
`;
const world = [deployment('web', '[{name: http, containerPort: 8080}]'), deployment('dns', '[{name: dns, containerPort: 53, protocol: UDP}]')].join('---\n');

/** A policy on app=web in shop with the given spec lines after podSelector. */
const policy = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
${spec}`;
const withWorld = (spec: string) => ({ 'world.yaml': world, 'policy.yaml': policy(spec) });

/** A Calico policy (its apiVersion decides who validates it) with one ingress rule whose source and destination are given. */
const calico = (apiVersion: string, rule: string) => ({
  'calico.yaml': `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: app == 'web'\n  ingress:\n    - action: Allow\n      protocol: TCP\n${rule}`,
});
const anp = (kind: string, apiVersion: string, ports: string) => ({
  'anp.yaml': `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: default}\nspec:\n${kind === 'BaselineAdminNetworkPolicy' ? '' : '  priority: 10\n'}${kind === 'ClusterNetworkPolicy' ? '  tier: Admin\n' : ''}  subject: {namespaces: {}}\n  ingress:\n    - action: ${kind === 'ClusterNetworkPolicy' ? 'Accept' : 'Allow'}\n      from: [{namespaces: {}}]\n${ports}`,
});

testRule(rule, {
  valid: [
    { name: 'an ingress named port is declared by the selected pod', manifests: withWorld('  ingress:\n    - ports: [{port: http}]\n') },
    { name: 'an egress named port is declared by the peer pod', manifests: withWorld('  egress:\n    - to: [{podSelector: {matchLabels: {app: dns}}}]\n      ports: [{port: dns, protocol: UDP}]\n') },
    {
      name: 'an egress named port goes to pods outside the tree (kube-system)',
      manifests: withWorld('  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]\n      ports: [{port: dns-tcp}]\n'),
    },
    { name: 'an egress named port goes anywhere', manifests: withWorld('  egress:\n    - ports: [{port: metrics}]\n') },
    {
      name: 'an egress named port goes to an ipBlock and to pods that declare it',
      manifests: withWorld('  egress:\n    - to: [{ipBlock: {cidr: 10.0.0.0/8}}, {podSelector: {matchLabels: {app: dns}}}]\n      ports: [{port: dns, protocol: UDP}]\n'),
    },
    { name: 'an ingress named port with only ipBlock sources (it resolves on the selected pod)', manifests: withWorld('  ingress:\n    - from: [{ipBlock: {cidr: 10.0.0.0/8}}]\n      ports: [{port: http}]\n') },
    { name: 'a port range is valid', manifests: withWorld('  ingress:\n    - ports: [{port: 8000, endPort: 8080}]\n') },
    { name: 'an ipBlock with an except inside it', manifests: withWorld('  ingress:\n    - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n') },
    {
      name: 'Calico nets hold CIDRs and addresses, and ports numbers, ranges and names',
      manifests: calico('projectcalico.org/v3', '      source: {nets: [10.0.0.0/8, 192.168.1.7, "2001:db8::/32"], notNets: [10.1.0.0/16]}\n      destination: {ports: [80, "8000:8080", "9000", http, "443:443"]}\n'),
    },
    { name: 'an AdminNetworkPolicy portRange has an equal start and end (one port)', manifests: anp('AdminNetworkPolicy', 'policy.networking.k8s.io/v1alpha1', '      ports: [{portRange: {start: 80, end: 80}}]\n') },
    {
      name: 'a ClusterNetworkPolicy range starts below its end',
      manifests: anp('ClusterNetworkPolicy', 'policy.networking.k8s.io/v1alpha2', '      protocols: [{tcp: {destinationPort: {range: {start: 80, end: 90}}}}]\n'),
    },
  ],
  invalid: [
    {
      name: 'an ingress named port is not declared by the selected pod',
      manifests: withWorld('  ingress:\n    - ports:\n        - port: web\n'),
      errors: [{ messageId: 'namedPortIngress', line: 8, column: 17, file: 'policy.yaml', severity: 'error', includes: 'Deployment "web"' }],
    },
    {
      name: 'an ingress named port is not declared by the selected pod, and a custom resource of the namespace may create pods that declare it',
      manifests: { ...withWorld('  ingress:\n    - ports:\n        - port: web\n'), 'rollout.yaml': 'apiVersion: example.com/v1\nkind: WebApp\nmetadata: {name: web, namespace: shop}\nspec: {replicas: 2}\n' },
      errors: [{ messageId: 'namedPortIngress', line: 8, file: 'policy.yaml', severity: 'warning', includes: 'so this entry allows nothing, unless pods created by WebApp "web" (of kinds kube-netlint does not model) declare it' }],
    },
    {
      name: 'an egress named port is declared by the peer with another protocol',
      manifests: withWorld('  egress:\n    - to: [{podSelector: {matchLabels: {app: dns}}}]\n      ports:\n        - port: dns\n'),
      errors: [{ messageId: 'namedPortEgress', line: 9, file: 'policy.yaml', includes: 'declares it with protocol UDP' }],
    },
    {
      name: 'an egress rule whose only peers are ipBlocks names a port',
      manifests: withWorld('  egress:\n    - to:\n        - ipBlock: {cidr: 10.0.0.0/8}\n        - ipBlock: {cidr: 192.168.0.0/16}\n      ports:\n        - port: https\n        - port: 443\n'),
      errors: [{ messageId: 'namedPortIpBlock', line: 11, column: 17, file: 'policy.yaml', includes: 'named port "https" (TCP) can never resolve' }],
    },
    {
      name: 'endPort is below port',
      manifests: withWorld('  ingress:\n    - ports:\n        - port: 8080\n          endPort: 8000\n'),
      errors: [{ messageId: 'endPortBelow', line: 9, column: 20, file: 'policy.yaml' }],
    },
    {
      name: 'endPort is used with a named port',
      manifests: withWorld('  ingress:\n    - ports:\n        - port: http\n          endPort: 8090\n'),
      errors: [{ messageId: 'endPortNamed', line: 9, file: 'policy.yaml' }],
    },
    {
      name: 'an ipBlock cidr and an except are invalid, another except lies outside',
      manifests: withWorld(
        '  ingress:\n    - from:\n        - ipBlock:\n            cidr: 10.0.0.0/33\n        - ipBlock:\n            cidr: 10.0.0.0/8\n            except:\n              - 10.1.0.0\n              - 192.168.0.0/16\n              - 10.0.0.0/8\n',
      ),
      errors: [
        { messageId: 'invalidCidr', line: 9, column: 19, file: 'policy.yaml', includes: '"10.0.0.0/33"' },
        { messageId: 'invalidCidr', line: 13, file: 'policy.yaml', includes: '"10.1.0.0"' },
        { messageId: 'exceptOutside', line: 14, file: 'policy.yaml', includes: 'except "192.168.0.0/16"' },
        { messageId: 'exceptOutside', line: 15, file: 'policy.yaml', includes: 'except "10.0.0.0/8"' },
      ],
    },
    {
      name: 'an except outside the cidr follows an entry that is not a string',
      manifests: withWorld('  ingress:\n    - from:\n        - ipBlock:\n            cidr: 10.0.0.0/8\n            except:\n              - 16\n              - 192.168.0.0/16\n'),
      errors: [{ messageId: 'exceptOutside', line: 12, column: 17, file: 'policy.yaml', includes: 'except "192.168.0.0/16"' }],
    },
    {
      name: 'a projectcalico.org Calico policy has nets that are not CIDRs (Calico rejects it: errors)',
      manifests: calico('projectcalico.org/v3', '      source:\n        nets: [300.0.0.0/8, 10.0.0.0/8]\n        notNets: [not-a-net]\n'),
      errors: [
        { messageId: 'calicoNetRejected', line: 10, column: 16, severity: 'error', file: 'calico.yaml' },
        { messageId: 'calicoNetRejected', line: 11, column: 19, severity: 'error', file: 'calico.yaml' },
      ],
    },
    {
      name: 'a crd.projectcalico.org policy has only nets that are not CIDRs (stored, Felix skips them: a warning)',
      manifests: calico('crd.projectcalico.org/v1', '      source:\n        nets: [300.0.0.0/8]\n'),
      errors: [{ messageId: 'calicoNetSkipped', line: 10, severity: 'warning', file: 'calico.yaml', includes: 'skips the entry, leaving no nets: this criterion then matches every address' }],
    },
    {
      name: 'projectcalico.org Calico ports are reversed, out of range or not ports (rejected: errors)',
      manifests: calico('projectcalico.org/v3', '      destination:\n        ports: ["1:0", 70000, "80:70000", 0, "a:b"]\n'),
      errors: [
        { messageId: 'calicoPortRejected', line: 10, column: 17, severity: 'error', file: 'calico.yaml', includes: 'port "1:0" has its start 1 above its end 0' },
        { messageId: 'calicoPortRejected', line: 10, column: 24, file: 'calico.yaml', includes: 'port "70000" is not a port number 1-65535' },
        { messageId: 'calicoPortRejected', line: 10, column: 31, file: 'calico.yaml', includes: 'holds a number that is not a port' },
        { messageId: 'calicoPortRejected', line: 10, column: 43, file: 'calico.yaml' },
        { messageId: 'calicoPortRejected', line: 10, column: 46, file: 'calico.yaml', includes: 'is not a port number, a range' },
      ],
    },
    {
      name: 'a crd.projectcalico.org policy has a reversed port range (stored, unreadable: a warning)',
      manifests: calico('crd.projectcalico.org/v1', '      destination:\n        notPorts: ["1:0"]\n'),
      errors: [{ messageId: 'calicoPortUnread', line: 10, severity: 'warning', file: 'calico.yaml' }],
    },
    {
      name: 'a ClusterNetworkPolicy range does not start below its end (CEL rejects it: an error)',
      manifests: anp('ClusterNetworkPolicy', 'policy.networking.k8s.io/v1alpha2', '      protocols:\n        - udp: {destinationPort: {range: {start: 90, end: 90}}}\n'),
      errors: [{ messageId: 'rangeRejected', line: 12, column: 50, severity: 'error', file: 'anp.yaml' }],
    },
    {
      name: 'an AdminNetworkPolicy portRange starts above its end (the v1alpha1 CRD stores it: a warning)',
      manifests: anp('AdminNetworkPolicy', 'policy.networking.k8s.io/v1alpha1', '      ports:\n        - portRange: {start: 90, end: 80}\n'),
      errors: [{ messageId: 'rangeReversed', line: 11, column: 30, severity: 'warning', file: 'anp.yaml' }],
    },
  ],
});
