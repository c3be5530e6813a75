import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-cluster-ip.ts';

/** A Service whose `spec` lines start at line 8. */
const service = (name: string, spec: string, namespace = 'default') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  ports: [{port: 53}]
${spec}
`;

const cidr = (serviceCIDR: string) => ({ cluster: { serviceCIDR } });

testRule(rule, {
  valid: [
    { name: 'clusterIP is left out', manifests: service('dns', '  selector: {app: dns}') },
    { name: 'clusterIP is None (headless)', manifests: service('dns', '  clusterIP: None') },
    { name: 'clusterIP is empty', manifests: service('dns', '  clusterIP: ""') },
    { name: 'a fixed clusterIP is inside the configured CIDR', manifests: service('dns', '  clusterIP: 10.96.0.10'), config: cidr('10.96.0.0/12') },
    { name: 'a fixed clusterIP is checked without a configured CIDR', manifests: service('dns', '  clusterIP: 192.168.7.7') },
    {
      name: 'a dual-stack Service has both addresses inside a dual-stack CIDR',
      manifests: service('dns', '  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10, "fd00:10:96::a"]'),
      config: cidr('10.96.0.0/12,fd00:10:96::/108'),
    },
    { name: 'an IPv6 clusterIP meets an IPv4-only CIDR (the other family is unknown)', manifests: service('dns', '  clusterIP: "fd00::a"'), config: cidr('10.96.0.0/12') },
    { name: 'clusterIPs[0] is not a string (the schema finding) and a later entry differs from clusterIP', manifests: service('dns', '  clusterIP: 10.96.0.10\n  clusterIPs: [7, 10.96.0.11]') },
    { name: 'the kubernetes Service itself has the first address', manifests: service('kubernetes', '  clusterIP: 10.96.0.1'), config: cidr('10.96.0.0/12') },
    {
      name: 'the same Service appears twice with its fixed clusterIP',
      manifests: { 'base/dns.yaml': service('dns', '  clusterIP: 10.96.0.10'), 'prod/dns.yaml': service('dns', '  clusterIP: 10.96.0.10') },
    },
    {
      name: 'an ExternalName Service sets a clusterIP (reported by service-external-name)',
      manifests: service('db', '  type: ExternalName\n  externalName: db.example.com\n  clusterIP: bogus'),
    },
  ],
  invalid: [
    {
      name: 'clusterIP is not an IP address',
      manifests: service('dns', '  clusterIP: 10.96.0.300'),
      errors: [{ messageId: 'invalid', line: 8, column: 14, includes: '"10.96.0.300"' }],
    },
    {
      name: 'clusterIP has a leading zero',
      manifests: service('dns', '  clusterIP: 10.96.0.010'),
      errors: [{ messageId: 'invalid', line: 8 }],
    },
    {
      name: 'clusterIP is outside the configured CIDR',
      manifests: service('dns', '  clusterIP: 10.112.0.10'),
      config: cidr('10.96.0.0/12'),
      errors: [{ messageId: 'outsideRange', line: 8, column: 14, includes: 'outside the service CIDR 10.96.0.0/12' }],
    },
    {
      name: 'the IPv6 entry of clusterIPs is outside the IPv6 CIDR',
      manifests: service('dns', '  clusterIP: 10.96.0.10\n  clusterIPs:\n    - 10.96.0.10\n    - "fd00:20::a"'),
      config: cidr('10.96.0.0/12,fd00:10:96::/108'),
      errors: [{ messageId: 'outsideRange', line: 11, column: 7, includes: 'fd00:10:96::/108' }],
    },
    {
      name: 'clusterIP is the first address of the CIDR',
      manifests: service('dns', '  clusterIP: 10.96.0.1'),
      config: cidr('10.96.0.0/12'),
      errors: [{ messageId: 'reserved', line: 8, includes: '"kubernetes" Service' }],
    },
    {
      name: 'two Services in different namespaces use the same clusterIP, written differently',
      manifests: { 'a.yaml': service('dns', '  clusterIP: "fd00::a"', 'kube-system'), 'b.yaml': service('cache', '  clusterIP: "fd00:0::A"', 'shop') },
      errors: [{ messageId: 'duplicate', line: 8, file: 'b.yaml', includes: 'already used by Service "dns" in namespace "kube-system"' }],
    },
    {
      name: 'clusterIPs[0] differs from clusterIP',
      manifests: service('dns', '  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.11]'),
      errors: [{ messageId: 'clusterIPsMismatch', line: 9, column: 16, includes: 'clusterIPs[0] "10.96.0.11" differs from clusterIP "10.96.0.10"' }],
    },
  ],
});
