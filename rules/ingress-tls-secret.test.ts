import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './ingress-tls-secret.ts';

const secret = (name: string, namespace = 'shop') => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ntype: kubernetes.io/tls\n`;

const ingress = (tls: string, options: { host?: string; annotations?: string } = {}) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
${options.annotations ? `  annotations:\n${options.annotations}` : ''}spec:
  tls:
${tls}  rules:
    - ${options.host === undefined ? 'host: shop.example.com\n      ' : options.host}http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;

const tls = (secretName: string, host = 'shop.example.com') => `    - hosts: [${host}]\n      secretName: ${secretName}\n`;

testRule(rule, {
  valid: [
    { name: 'the TLS Secret is in the namespace of the Ingress, in another file', manifests: { 'ing.yaml': ingress(tls('shop-tls')), 'secret.yaml': secret('shop-tls') } },
    { name: 'the tree holds no Secrets at all', manifests: ingress(tls('shop-tls')) },
    {
      name: 'cert-manager creates the Secret',
      manifests: { 'ing.yaml': ingress(tls('shop-tls'), { annotations: '    cert-manager.io/cluster-issuer: letsencrypt\n' }), 'secret.yaml': secret('other') },
    },
    { name: 'a wildcard TLS host covers the rule host', manifests: { 'ing.yaml': ingress(tls('shop-tls', '"*.example.com"')), 'secret.yaml': secret('shop-tls') } },
    { name: 'the rules have no host', manifests: { 'ing.yaml': ingress(tls('shop-tls', 'anything.example.com'), { host: '' }), 'secret.yaml': secret('shop-tls') } },
  ],
  invalid: [
    {
      name: 'the TLS Secret is missing while the tree holds other Secrets',
      manifests: { 'ing.yaml': ingress(tls('shop-tls')), 'secret.yaml': secret('db-password') },
      errors: [{ messageId: 'missing', line: 9, column: 19, file: 'ing.yaml', includes: '"shop-tls"' }],
    },
    {
      name: 'the TLS Secret exists only in another namespace',
      manifests: { 'ing.yaml': ingress(tls('shop-tls')), 'secret.yaml': secret('shop-tls', 'default') },
      errors: [{ messageId: 'otherNamespace', line: 9, file: 'ing.yaml', includes: 'only in namespace "default"' }],
    },
    {
      name: 'a TLS host is no rule host',
      manifests: ingress(tls('shop-tls', 'shop.exmaple.com')),
      errors: [{ messageId: 'unusedHost', line: 8, column: 15, includes: 'rule hosts: "shop.example.com"' }],
    },
    {
      name: 'a TLS host that is no rule host follows an entry that is not a string',
      manifests: ingress(tls('shop-tls', '123, shop.exmaple.com')),
      errors: [{ messageId: 'unusedHost', line: 8, column: 20, includes: '"shop.exmaple.com"' }],
    },
  ],
});
