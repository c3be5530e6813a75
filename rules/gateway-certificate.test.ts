import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './gateway-certificate.ts';

const secret = (name: string, namespace = 'infra') => `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${namespace}}\ntype: kubernetes.io/tls\n`;
/** A Gateway with one listener given as a flow map (line 7), and optional annotations. */
const gateway = (listener: string, annotations = '') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: infra${annotations}}\nspec:\n  gatewayClassName: envoy\n  listeners:\n  - ${listener}\n`;
const https = (refs: string) => `{name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [${refs}]}}`;

/** A ListenerSet of namespace apps on Gateway infra/public with one listener given as a flow map (line 7), and optional annotations. */
const listenerSet = (listener: string, annotations = '') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata: {name: apps, namespace: apps${annotations}}\nspec:\n  parentRef: {name: public, namespace: infra}\n  listeners:\n  - ${listener}\n`;

testRule(rule, {
  valid: [
    { name: 'the certificate Secret is in the tree', manifests: { 's.yaml': secret('cert'), 'g.yaml': gateway(https('{name: cert}')) } },
    { name: 'the tree holds no Secrets', manifests: gateway(https('{name: cert}')) },
    { name: 'cert-manager creates the Secret', manifests: { 's.yaml': secret('other'), 'g.yaml': gateway(https('{name: cert}'), ', annotations: {cert-manager.io/cluster-issuer: letsencrypt}') } },
    { name: 'a TLS passthrough listener has no certificate', manifests: gateway('{name: tls, port: 443, protocol: TLS, tls: {mode: Passthrough}}') },
    { name: 'an HTTP listener has no tls', manifests: gateway('{name: http, port: 80, protocol: HTTP}') },
    { name: 'a cross-namespace Secret is in the tree', manifests: { 's.yaml': secret('cert', 'certs'), 'g.yaml': gateway(https('{name: cert, namespace: certs}')) } },
    { name: 'a ListenerSet listener takes a Secret of its own namespace', manifests: { 's.yaml': secret('cert', 'apps'), 'ls.yaml': listenerSet(https('{name: cert}')) } },
    {
      name: "cert-manager creates a ListenerSet's Secret (an annotation on its parent Gateway, which it inherits)",
      manifests: { 's.yaml': secret('other'), 'g.yaml': gateway('{name: http, port: 80, protocol: HTTP}', ', annotations: {cert-manager.io/issuer: ca}'), 'ls.yaml': listenerSet(https('{name: cert}')) },
    },
  ],
  invalid: [
    {
      name: "a ListenerSet's HTTPS listener has no tls, and another's Secret is only in the Gateway's namespace",
      manifests: {
        's.yaml': secret('cert'),
        'ls.yaml': listenerSet('{name: https, port: 443, protocol: HTTPS}'),
        'ls2.yaml': listenerSet(https('{name: cert}')).replace('name: apps, namespace: apps', 'name: shop, namespace: apps'),
      },
      errors: [
        { messageId: 'noTls', line: 7, file: 'ls.yaml', severity: 'error' },
        { messageId: 'otherNamespace', line: 7, file: 'ls2.yaml', severity: 'warning', includes: 'certificate Secret "cert" is not in namespace "apps" but only in namespace "infra"' },
      ],
    },
    { name: "a ListenerSet's certificateRef has a wrong kind", manifests: listenerSet(https('{kind: ConfigMap, name: cert}')), errors: [{ messageId: 'kind', line: 7, file: 'manifest.yaml', includes: '"ConfigMap"' }] },
    { name: 'an HTTPS listener has no tls', manifests: gateway('{name: https, port: 443, protocol: HTTPS}'), errors: [{ messageId: 'noTls', line: 7, severity: 'error' }] },
    {
      name: 'the Secret is missing from a tree that holds Secrets',
      manifests: { 's.yaml': secret('other'), 'g.yaml': gateway(https('{name: does-not-exist}')) },
      errors: [{ messageId: 'missing', line: 7, file: 'g.yaml', severity: 'warning' }],
    },
    {
      name: 'the Secret is only in another namespace',
      manifests: { 's.yaml': secret('cert', 'certs'), 'g.yaml': gateway(https('{name: cert}')) },
      errors: [{ messageId: 'otherNamespace', line: 7, file: 'g.yaml', includes: '"certs"' }],
    },
    { name: 'the certificateRef has a wrong group', manifests: gateway(https('{group: wrong.group.company.io, kind: Secret, name: cert}')), errors: [{ messageId: 'kind', line: 7, severity: 'warning' }] },
    { name: 'the certificateRef has a wrong kind', manifests: gateway(https('{kind: WrongKind, name: cert}')), errors: [{ messageId: 'kind', line: 7, includes: '"WrongKind"' }] },
  ],
});
