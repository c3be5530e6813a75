import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './cilium-world-unexposed.ts';

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: x, ports: [{containerPort: 8080}]}]}
`;
const service = (type: string, extra = '') => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: ${type}\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n${extra}`;
const cnp = (ingress: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web-world, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n${ingress}`;
const worldOn8080 = '    - fromEntities: [world]\n      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]\n';
const docs = (...parts: string[]) => parts.join('---\n');

testRule(rule, {
  valid: [
    { name: 'a LoadBalancer Service exposes the pods', manifests: docs(deployment('web'), service('LoadBalancer'), cnp(worldOn8080)) },
    { name: 'a NodePort Service exposes the pods', manifests: docs(deployment('web'), service('NodePort'), cnp(worldOn8080)) },
    { name: 'a ClusterIP Service with externalIPs exposes the pods', manifests: docs(deployment('web'), service('ClusterIP', '  externalIPs: [203.0.113.10]\n'), cnp(worldOn8080)) },
    { name: 'the world rule has no toPorts (every port: not this rule\'s concern)', manifests: docs(deployment('web'), cnp('    - fromEntities: [world]\n')) },
    { name: 'the rule allows the cluster, not the world', manifests: docs(deployment('web'), cnp('    - fromEntities: [cluster]\n      toPorts: [{ports: [{port: "8080"}]}]\n')) },
  ],
  invalid: [
    {
      name: 'only a ClusterIP Service selects the pods',
      manifests: docs(deployment('web'), service('ClusterIP'), cnp(worldOn8080)),
      errors: [{ messageId: 'unexposed', line: 24, column: 22, includes: 'fromEntities world allows port TCP 8080 from outside the cluster to Deployment "web", but no LoadBalancer or NodePort Service (nor externalIPs) exposes it' }],
    },
    {
      name: 'no Service selects the pods, and the rule names world-ipv4 among other entities',
      manifests: docs(deployment('web'), cnp('    - fromEntities: [cluster, world-ipv4]\n      toPorts: [{ports: [{port: "8080"}, {port: "9000", endPort: 9100, protocol: TCP}]}]\n')),
      errors: [{ messageId: 'unexposed', line: 16, column: 31, includes: 'allows ports 8080, TCP 9000-9100 from outside' }],
    },
  ],
});
