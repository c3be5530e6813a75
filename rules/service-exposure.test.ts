import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-exposure.ts';

/** A Service with `spec` lines (indented by two) and optional annotation lines (indented by four). */
const service = (spec: string, annotations = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
${annotations ? `  annotations:\n${annotations}\n` : ''}spec:
  selector: {app: web}
${spec}
`;

testRule(rule, {
  valid: [
    { name: 'the Service is ClusterIP', manifests: service('  ports:\n    - port: 80') },
    { name: 'the Service is headless', manifests: service('  clusterIP: None\n  ports:\n    - port: 80') },
    {
      name: 'the Service is ExternalName',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  type: ExternalName\n  externalName: db.example.com\n',
    },
  ],
  invalid: [
    {
      name: 'a Service is NodePort with a fixed and an allocated node port',
      manifests: service('  type: NodePort\n  ports:\n    - {name: http, port: 80, nodePort: 30080}\n    - {name: https, port: 443}'),
      errors: [{ messageId: 'nodePort', line: 7, column: 9, includes: 'node port 30080 (for port 80/TCP), an allocated node port (for port 443/TCP)' }],
    },
    {
      name: 'a LoadBalancer has no source ranges and no internal annotation',
      manifests: service('  type: LoadBalancer\n  ports:\n    - port: 443'),
      errors: [{ messageId: 'loadBalancerOpen', line: 7, column: 9, includes: 'open to the internet: anyone can connect to port 443/TCP' }],
    },
    {
      name: 'a LoadBalancer is internal on AWS',
      manifests: service('  type: LoadBalancer\n  ports:\n    - port: 443', '    service.beta.kubernetes.io/aws-load-balancer-internal: "true"'),
      errors: [{ messageId: 'loadBalancerRestricted', line: 9, includes: 'internal load balancer: service.beta.kubernetes.io/aws-load-balancer-internal: "true"' }],
    },
    {
      name: 'a LoadBalancer is internal on GKE',
      manifests: service('  type: LoadBalancer\n  ports:\n    - port: 443', '    networking.gke.io/load-balancer-type: Internal'),
      errors: [{ messageId: 'loadBalancerRestricted', line: 9, includes: 'the private network only' }],
    },
    {
      name: 'a LoadBalancer is internal on Azure, with an unquoted boolean',
      manifests: service('  type: LoadBalancer\n  ports:\n    - port: 443', '    service.beta.kubernetes.io/azure-load-balancer-internal: true'),
      errors: [{ messageId: 'loadBalancerRestricted', line: 9, includes: 'azure-load-balancer-internal' }],
    },
    {
      name: 'an Azure internal annotation is "false"',
      manifests: service('  type: LoadBalancer\n  ports:\n    - port: 443', '    service.beta.kubernetes.io/azure-load-balancer-internal: "false"'),
      errors: [{ messageId: 'loadBalancerOpen', line: 9 }],
    },
    {
      name: 'the AWS scheme annotation says internet-facing',
      manifests: service('  type: LoadBalancer\n  ports:\n    - port: 443', '    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing'),
      errors: [{ messageId: 'loadBalancerOpen', line: 9 }],
    },
    {
      name: 'a LoadBalancer is restricted by loadBalancerSourceRanges',
      manifests: service('  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8, 192.168.0.0/16]\n  ports:\n    - port: 443'),
      errors: [{ messageId: 'loadBalancerRestricted', line: 7, includes: 'the source ranges 10.0.0.0/8, 192.168.0.0/16 only' }],
    },
    {
      name: 'a LoadBalancer is restricted by the legacy source-ranges annotation',
      manifests: service('  type: LoadBalancer\n  ports:\n    - port: 443', '    service.beta.kubernetes.io/load-balancer-source-ranges: "203.0.113.0/24, 198.51.100.0/24"'),
      errors: [{ messageId: 'loadBalancerRestricted', line: 9, includes: '203.0.113.0/24, 198.51.100.0/24' }],
    },
    {
      name: 'a source range allows every address',
      manifests: service('  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - 10.0.0.0/8\n    - 0.0.0.0/0\n  ports:\n    - port: 443'),
      errors: [{ messageId: 'loadBalancerOpenRange', line: 10, column: 7, includes: '"0.0.0.0/0"' }],
    },
    {
      name: 'an open source range follows an entry that is not a string',
      manifests: service('  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - 8\n    - " 0.0.0.0/0"\n  ports:\n    - port: 443'),
      errors: [{ messageId: 'loadBalancerOpenRange', line: 10, column: 7, includes: '"0.0.0.0/0"' }],
    },
    {
      name: 'the source ranges and the legacy annotation are padded with white space',
      manifests: service('  type: LoadBalancer\n  loadBalancerSourceRanges: ["\\t10.0.0.0/8 ", "\\u00a0192.168.0.0/16"]\n  ports:\n    - port: 443', '    service.beta.kubernetes.io/load-balancer-source-ranges: " 0.0.0.0/0 "'),
      errors: [{ messageId: 'loadBalancerRestricted', line: 9, includes: 'the source ranges 10.0.0.0/8, 192.168.0.0/16 only' }],
    },
    {
      name: 'the padded legacy annotation allows every address',
      manifests: service('  type: LoadBalancer\n  ports:\n    - port: 443', '    service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8 ,\\u00a00.0.0.0/0\\u0085"'),
      errors: [{ messageId: 'loadBalancerOpenRange', line: 6, includes: 'source range "0.0.0.0/0"' }],
    },
    {
      name: 'the source-ranges annotation allows every IPv6 address',
      manifests: service('  type: LoadBalancer\n  ports:\n    - port: 443', '    service.beta.kubernetes.io/load-balancer-source-ranges: "::/0"'),
      errors: [{ messageId: 'loadBalancerOpenRange', line: 6, includes: '"::/0"' }],
    },
    {
      name: 'a ClusterIP Service has two externalIPs',
      manifests: service('  externalIPs:\n    - 203.0.113.10\n    - 203.0.113.11\n  ports:\n    - port: 80'),
      errors: [
        { messageId: 'externalIP', line: 8, column: 7, includes: '"203.0.113.10"' },
        { messageId: 'externalIP', line: 9, column: 7, includes: '"203.0.113.11"' },
      ],
    },
    {
      name: 'an externalIPs entry follows one that is not a string',
      manifests: service('  externalIPs: [80, 203.0.113.10]\n  ports:\n    - port: 80'),
      errors: [{ messageId: 'externalIP', line: 7, column: 21, includes: '"203.0.113.10"' }],
    },
  ],
});
