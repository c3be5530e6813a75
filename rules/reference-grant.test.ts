import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './reference-grant.ts';

const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: cart, namespace: beta}\nspec:\n  selector: {app: cart}\n  ports: [{port: 80}]\n';
const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: certs}\ntype: kubernetes.io/tls\n';
const route = (kind = 'HTTPRoute') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r, namespace: shop}\nspec:\n  parentRefs: [{name: public}]\n  rules:\n  - backendRefs: [{name: cart, namespace: beta, port: 80}]\n`;
/** A grant in `namespace` with one from and one to entry (flow maps). */
const grant = (from: string, to: string, namespace = 'beta') =>
  `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: ${namespace}}\nspec:\n  from: [${from}]\n  to: [${to}]\n`;
const fromRoutes = '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}';
const toService = '{group: "", kind: Service}';
const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: infra}
spec:
  gatewayClassName: envoy
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    tls: {certificateRefs: [{name: tls, namespace: certs}]}
`;
/** A ListenerSet of namespace apps on Gateway infra/public whose HTTPS listener takes the Secret certs/tls (line 7). */
const listenerSet = `apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: apps, namespace: apps}
spec:
  parentRef: {name: public, namespace: infra}
  listeners:
  - {name: https, port: 443, protocol: HTTPS, hostname: apps.example.com, tls: {certificateRefs: [{name: tls, namespace: certs}]}}
`;

testRule(rule, {
  valid: [
    { name: 'a grant permits the route kind and namespace to every Service', manifests: { 's.yaml': service, 'g.yaml': grant(fromRoutes, toService), 'r.yaml': route() } },
    { name: 'a grant permits the Service by name', manifests: { 's.yaml': service, 'g.yaml': grant(fromRoutes, '{group: "", kind: Service, name: cart}'), 'r.yaml': route() } },
    {
      name: 'a grant permits the Gateway to reference the Secret',
      manifests: { 's.yaml': secret, 'g.yaml': grant('{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}', '{group: "", kind: Secret}', 'certs'), 'gw.yaml': gateway },
    },
    {
      name: 'a grant permits the ListenerSet to reference the Secret',
      manifests: { 's.yaml': secret, 'g.yaml': grant('{group: gateway.networking.k8s.io, kind: ListenerSet, namespace: apps}', '{group: "", kind: Secret}', 'certs'), 'ls.yaml': listenerSet },
    },
  ],
  invalid: [
    {
      name: 'a ListenerSet references a Secret of another namespace and the grant there names the Gateway, not the ListenerSet',
      manifests: { 's.yaml': secret, 'g.yaml': grant('{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}', '{group: "", kind: Secret}', 'certs'), 'ls.yaml': listenerSet },
      errors: [
        // Its Gateway's namespace (infra) is not in the tree: whether a Gateway there uses it is not known.
        { messageId: 'unusedElsewhere', line: 3, file: 'g.yaml', severity: 'info' },
        { messageId: 'notPermitted', line: 7, file: 'ls.yaml', severity: 'error', includes: 'no ReferenceGrant in namespace "certs" permits ListenerSet of namespace "apps" to reference Secret "tls" there' },
      ],
    },
    {
      name: 'no grant is in the tree for a cross-namespace backendRef (the target namespace is in the tree)',
      manifests: { 's.yaml': service, 'r.yaml': route() },
      errors: [{ messageId: 'notPermitted', line: 7, file: 'r.yaml', severity: 'error' }],
    },
    {
      name: 'the target namespace is not in the tree at all',
      manifests: route('TCPRoute'),
      errors: [{ messageId: 'notPermittedElsewhere', line: 7, severity: 'warning' }],
    },
    ...(
      [
        ['the grant is in another namespace', grant(fromRoutes, toService, 'shop'), 'unused'],
        ['from.group is wrong', grant('{group: gateway.networking.x-k8s.io, kind: HTTPRoute, namespace: shop}', toService), 'unusedElsewhere'],
        ['from.kind is Gateway', grant('{group: gateway.networking.k8s.io, kind: Gateway, namespace: shop}', toService), 'unusedElsewhere'],
        ['from.namespace is wrong', grant('{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}', toService), 'unusedElsewhere'],
        ['to.group is wrong', grant(fromRoutes, '{group: core, kind: Service}'), 'unusedElsewhere'],
        ['to.kind is Secret', grant(fromRoutes, '{group: "", kind: Secret}'), 'unusedElsewhere'],
        ['to.name is another Service', grant(fromRoutes, '{group: "", kind: Service, name: cart-v2}'), 'unused'],
      ] as const
    ).map(([what, text, unused]) => ({
      name: `the only grant misses (${what})`,
      manifests: { 's.yaml': service, 'g.yaml': text, 'r.yaml': route() },
      errors: [
        { messageId: unused, line: 3, file: 'g.yaml' },
        { messageId: 'notPermitted', line: 7, file: 'r.yaml' },
      ],
    })),
    {
      name: 'a certificateRef into another namespace has no grant',
      manifests: { 's.yaml': secret, 'gw.yaml': gateway },
      errors: [{ messageId: 'notPermitted', line: 10, file: 'gw.yaml', includes: 'kind: Gateway, namespace: infra' }],
    },
    {
      name: 'a grant for a kind kube-netlint does not read permits nothing it sees',
      manifests: grant('{group: gateway.networking.k8s.io, kind: ListenerSet, namespace: shop}', '{group: "", kind: Secret}'),
      errors: [{ messageId: 'unusedElsewhere', line: 3, severity: 'info' }],
    },
  ],
});
