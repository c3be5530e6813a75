import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-traffic-policy.ts';

/** A Service selecting app=web whose spec lines follow `spec:` (line 4). */
const service = (spec: string) => `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
${spec}`;
const workload = (kind: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
`;

testRule(rule, {
  valid: [
    { name: 'a LoadBalancer has externalTrafficPolicy Local and a healthCheckNodePort', manifests: service('  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 32000\n') },
    { name: 'a NodePort Service has externalTrafficPolicy Cluster', manifests: service('  type: NodePort\n  externalTrafficPolicy: Cluster\n') },
    { name: 'a ClusterIP Service with externalIPs has externalTrafficPolicy Local (externally accessible)', manifests: service('  externalIPs: [203.0.113.10]\n  externalTrafficPolicy: Local\n') },
    { name: 'internalTrafficPolicy Local selects the pods of a DaemonSet, on every node', manifests: `${workload('DaemonSet')}---\n${service('  internalTrafficPolicy: Local\n')}` },
    { name: 'internalTrafficPolicy Cluster selects the pods of a Deployment', manifests: `${workload('Deployment')}---\n${service('  internalTrafficPolicy: Cluster\n')}` },
  ],
  invalid: [
    {
      name: 'a ClusterIP Service sets externalTrafficPolicy, and an ExternalName one too',
      manifests: `${service('  externalTrafficPolicy: Local\n')}---\napiVersion: v1\nkind: Service\nmetadata: {name: ext}\nspec:\n  type: ExternalName\n  externalName: db.example.com\n  externalTrafficPolicy: Cluster\n`,
      errors: [
        { messageId: 'externalPolicy', line: 7, column: 26, severity: 'error', includes: 'externalTrafficPolicy "Local" is set on a ClusterIP Service without externalIPs, and the API server rejects it' },
        { messageId: 'externalPolicy', line: 15, includes: 'on an ExternalName Service,' },
      ],
    },
    {
      name: 'healthCheckNodePort on a LoadBalancer with the default externalTrafficPolicy, and on a NodePort with Local',
      manifests: `${service('  type: LoadBalancer\n  healthCheckNodePort: 32000\n')}---\n${service('  type: NodePort\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 32001\n').replace('name: web', 'name: np')}`,
      errors: [
        { messageId: 'healthCheckNodePort', line: 8, severity: 'error', includes: 'healthCheckNodePort 32000 is set on a LoadBalancer Service with externalTrafficPolicy Cluster' },
        { messageId: 'healthCheckNodePort', line: 18, includes: 'on a NodePort Service with externalTrafficPolicy Local' },
      ],
    },
    {
      name: 'internalTrafficPolicy Local selects the pods of a Deployment, which need not be on every node',
      manifests: `${workload('Deployment')}---\n${service('  internalTrafficPolicy: Local\n')}`,
      errors: [{ messageId: 'internalLocal', line: 16, severity: 'warning', includes: 'and the pods of Deployment "web" are not on every node' }],
    },
  ],
});
