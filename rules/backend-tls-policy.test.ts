import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './backend-tls-policy.ts';

const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {app: api}\n  ports: [{name: https, port: 443}]\n';
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api-ca, namespace: shop}\ndata: {ca.crt: x}\n';
/** A policy `name` with targetRefs and caCertificateRefs as flow lists (targetRefs on line 5, caCertificateRefs on line 6). */
const policy = (name: string, targets: string, cas = '[{group: "", kind: ConfigMap, name: api-ca}]') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  targetRefs: ${targets}\n  validation: {hostname: api.shop.svc, caCertificateRefs: ${cas}}\n`;
const api = (section = '') => `[{group: "", kind: Service, name: api${section ? `, sectionName: ${section}` : ''}}]`;

testRule(rule, {
  valid: [
    { name: 'the policy targets a Service port and names a ConfigMap of the tree', manifests: { 's.yaml': service, 'c.yaml': configMap, 'p.yaml': policy('api', api('https')) } },
    { name: 'the tree holds no ConfigMaps', manifests: { 's.yaml': service, 'p.yaml': policy('api', api(), '[{group: "", kind: ConfigMap, name: other}]') } },
    { name: 'one policy is defined twice (duplicate-object reports it)', manifests: { 's.yaml': service, 'c.yaml': configMap, 'a.yaml': policy('api', api()), 'b.yaml': policy('api', api()) } },
  ],
  invalid: [
    { name: 'the target Service is missing', manifests: { 's.yaml': service, 'c.yaml': configMap, 'p.yaml': policy('api', '[{group: "", kind: Service, name: pay}]') }, errors: [{ messageId: 'targetMissing', line: 5, file: 'p.yaml', severity: 'error' }] },
    { name: 'sectionName names no port of the Service', manifests: { 's.yaml': service, 'c.yaml': configMap, 'p.yaml': policy('api', api('http')) }, errors: [{ messageId: 'sectionMissing', line: 5, file: 'p.yaml', includes: '"https"' }] },
    { name: 'the target is not a Service', manifests: { 'c.yaml': configMap, 'p.yaml': policy('api', '[{group: example.com, kind: Backend, name: api}]') }, errors: [{ messageId: 'targetKind', line: 5, file: 'p.yaml', severity: 'warning' }] },
    {
      name: 'the CA certificate is of another kind (InvalidKind)',
      manifests: { 's.yaml': service, 'p.yaml': policy('api', api(), '[{group: "", kind: Secret, name: api-ca}]') },
      errors: [{ messageId: 'caKind', line: 6, file: 'p.yaml', severity: 'warning' }],
    },
    {
      name: 'the CA ConfigMap is missing from a tree that holds ConfigMaps (InvalidCACertificateRef)',
      manifests: { 's.yaml': service, 'c.yaml': configMap, 'p.yaml': policy('api', api(), '[{group: "", kind: ConfigMap, name: nonexistent}]') },
      errors: [{ messageId: 'caMissing', line: 6, file: 'p.yaml', severity: 'warning' }],
    },
    {
      name: 'two policies target the same Service port (Conflicted)',
      manifests: { 's.yaml': service, 'c.yaml': configMap, 'a.yaml': policy('first', api()), 'b.yaml': policy('second', api('https')) },
      errors: [{ messageId: 'conflict', line: 5, file: 'b.yaml', includes: 'policy "first"' }],
    },
  ],
});
