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
  ],
});
