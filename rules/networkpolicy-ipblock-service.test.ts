import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './networkpolicy-ipblock-service.ts';

const db = 'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec:\n  clusterIP: 10.96.12.5\n  selector: {app: db}\n  ports: [{port: 5432}]\n';
/** A policy of shop whose one egress rule sends to the ipBlock `cidr` (line 8). */
const policy = (cidr: string, direction: 'egress' | 'ingress' = 'egress') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [${direction === 'egress' ? 'Egress' : 'Ingress'}]\n  ${direction}:\n    - ${direction === 'egress' ? 'to' : 'from'}: [{ipBlock: {cidr: ${cidr}}}]\n`;

testRule(rule, {
  valid: [
    { name: 'an ipBlock of an external address', manifests: `${db}---\n${policy('203.0.113.0/24')}` },
    { name: 'a wide ipBlock that holds the clusterIP among much else (the service CIDR is not configured)', manifests: `${db}---\n${policy('10.0.0.0/8')}` },
    { name: 'an ipBlock outside the configured service CIDR', manifests: `${db}---\n${policy('10.200.0.0/16')}`, config: { cluster: { serviceCIDR: '10.96.0.0/12' } } },
    { name: 'an invalid CIDR (networkpolicy-port reports it)', manifests: `${db}---\n${policy('10.96.12.5/33')}` },
  ],
  invalid: [
    {
      name: 'an egress ipBlock is the clusterIP of a Service',
      manifests: `${db}---\n${policy('10.96.12.5/32')}`,
      errors: [
        {
          messageId: 'clusterIP',
          line: 16,
          column: 29,
          includes: 'ipBlock "10.96.12.5/32" is the clusterIP of Service "db" in namespace "data", but network plugins apply policies after a Service address is translated to a pod\'s, so this egress peer matches none of its traffic; select its pods instead: namespaceSelector kubernetes.io/metadata.name=data with podSelector app=db',
        },
      ],
    },
    {
      name: 'an ingress ipBlock lies inside the configured service CIDR',
      manifests: `${db}---\n${policy('10.96.0.0/16', 'ingress')}`,
      config: { cluster: { serviceCIDR: '10.96.0.0/12' } },
      errors: [{ messageId: 'serviceCidr', line: 16, includes: 'lies inside the service CIDR 10.96.0.0/12, which holds only Service addresses, and network plugins apply policies after those are translated to pod addresses, so this ingress peer matches no traffic (it holds the clusterIP of Service "db" in namespace "data")' }],
    },
  ],
});
