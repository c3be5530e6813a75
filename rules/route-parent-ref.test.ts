import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule } from './route-parent-ref.ts';

/** A Gateway in namespace infra with the given listener lines (YAML list items, 2-space indented under listeners). */
const gateway = (listeners: string, name = 'public') => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: infra}
spec:
  gatewayClassName: envoy
  listeners:
${listeners}`;
const http = (name = 'http', port = 80, extra = '') => `  - name: ${name}\n    port: ${port}\n    protocol: HTTP\n${extra}`;

/** A route of `kind` in `namespace` with the given spec lines (after `spec:`). */
const route = (kind: string, namespace: string, spec: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r, namespace: ${namespace}}\nspec:\n${spec}`;
const parent = (extra = '', namespace = 'infra') => `  parentRefs:\n  - name: public\n    namespace: ${namespace}\n${extra}`;
const backends = '  rules:\n  - backendRefs: [{name: web, port: 80}]\n';
/** A Gateway that accepts ListenerSets of every namespace, and a ListenerSet "extra" of `namespace` with one HTTP listener "team" (allowedRoutes default: Same). */
const allowingGateway = gateway(http()).replace('spec:\n', 'spec:\n  allowedListeners: {namespaces: {from: All}}\n');
const listenerSet = (namespace: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata: {name: extra, namespace: ${namespace}}\nspec:\n  parentRef: {name: public, namespace: infra}\n  listeners:\n  - {name: team, port: 8080, protocol: HTTP, hostname: team.example.com}\n`;

testRule(rule, {
  valid: [
    { name: 'a route of the Gateway namespace names the Gateway (from: Same by default)', manifests: { 'gw.yaml': gateway(http()), 'r.yaml': route('HTTPRoute', 'infra', parent() + backends) } },
    {
      name: 'one of two listeners accepts the route (the other is of the wrong protocol)',
      manifests: { 'gw.yaml': gateway(`${http()}  - name: tcp\n    port: 5432\n    protocol: TCP\n`), 'r.yaml': route('HTTPRoute', 'infra', parent() + backends) },
    },
    {
      name: 'the listener admits All namespaces and the hostnames intersect through a wildcard',
      manifests: {
        'gw.yaml': gateway(http('http', 80, '    hostname: "*.example.com"\n    allowedRoutes: {namespaces: {from: All}}\n')),
        'r.yaml': route('HTTPRoute', 'shop', parent('    sectionName: http\n    port: 80\n') + '  hostnames: [a.b.example.com, other.org]\n' + backends),
      },
    },
    {
      name: 'a Selector matches the labels of a declared Namespace',
      manifests: {
        'gw.yaml': gateway(http('http', 80, '    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {shared: "yes"}}}}\n')),
        'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {shared: "yes"}}\n',
        'r.yaml': route('HTTPRoute', 'shop', parent() + backends),
      },
    },
    {
      name: 'the Gateway is defined twice (two example files) and the second definition has the listener',
      manifests: { 'a.yaml': gateway(http()), 'b.yaml': gateway(http('https', 443)), 'r.yaml': route('HTTPRoute', 'infra', parent('    sectionName: https\n') + backends) },
    },
    { name: 'the route uses the default Gateways (experimental)', manifests: route('HTTPRoute', 'shop', '  useDefaultGateways: All\n' + backends) },
    {
      name: 'the parent is a ListenerSet of the route namespace accepted by its Gateway, and its listener admits the route (from: Same is the ListenerSet namespace)',
      manifests: { 'gw.yaml': allowingGateway, 'ls.yaml': listenerSet('shop'), 'r.yaml': route('HTTPRoute', 'shop', '  parentRefs: [{kind: ListenerSet, name: extra, sectionName: team}]\n' + backends) },
    },
  ],
  invalid: [
    {
      name: 'the parent ListenerSet is missing from a namespace that defines other ListenerSets',
      manifests: { 'gw.yaml': allowingGateway, 'ls.yaml': listenerSet('shop'), 'r.yaml': route('HTTPRoute', 'shop', '  parentRefs: [{kind: ListenerSet, name: extr}]\n' + backends) },
      errors: [{ messageId: 'listenerSetMissing', file: 'r.yaml', line: 5, severity: 'error' }],
    },
    {
      name: 'the parent ListenerSet is missing from a namespace of the tree without ListenerSets (it may be installed apart)',
      manifests: { 'gw.yaml': allowingGateway, 'r.yaml': route('HTTPRoute', 'infra', '  parentRefs: [{kind: ListenerSet, name: extra}]\n' + backends) },
      errors: [{ messageId: 'listenerSetNotHere', file: 'r.yaml', line: 5, severity: 'warning' }],
    },
    {
      name: 'the parent ListenerSet is of a namespace the tree holds nothing of',
      manifests: route('HTTPRoute', 'shop', '  parentRefs: [{kind: ListenerSet, name: extra, namespace: platform}]\n' + backends),
      errors: [{ messageId: 'listenerSetElsewhere', line: 5, severity: 'info' }],
    },
    {
      name: "the ListenerSet's listener admits routes of its own namespace only, and the route is in the Gateway's (conformance ListenerSetAllowedRoutesNamespaces)",
      manifests: { 'gw.yaml': allowingGateway, 'ls.yaml': listenerSet('team'), 'r.yaml': route('HTTPRoute', 'infra', '  parentRefs: [{kind: ListenerSet, name: extra, namespace: team}]\n' + backends) },
      errors: [{ messageId: 'notAllowedNamespace', file: 'r.yaml', line: 5, includes: 'ListenerSet "team/extra"' }],
    },
    {
      name: "a Gateway parentRef cannot select a ListenerSet's listener by sectionName (conformance ListenerSetGatewayParentSectionNameNotFound)",
      manifests: { 'gw.yaml': allowingGateway, 'ls.yaml': listenerSet('infra'), 'r.yaml': route('HTTPRoute', 'infra', '  parentRefs: [{name: public, sectionName: team}]\n' + backends) },
      errors: [{ messageId: 'noMatchingListener', file: 'r.yaml', line: 5 }],
    },
    {
      name: 'the Gateway is missing from a namespace the tree holds',
      manifests: { 'gw.yaml': gateway(http(), 'other'), 'r.yaml': route('HTTPRoute', 'infra', parent() + backends) },
      errors: [{ messageId: 'gatewayMissing', line: 6, file: 'r.yaml', severity: 'error' }],
    },
    {
      name: 'the Gateway is missing from a namespace of the tree that holds no Gateway (it may be installed apart)',
      manifests: { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: envoy, namespace: infra}\nspec: {ports: [{port: 80}]}\n', 'r.yaml': route('HTTPRoute', 'shop', parent() + backends) },
      errors: [{ messageId: 'gatewayNotHere', line: 6, file: 'r.yaml', severity: 'warning' }],
    },
    {
      name: 'the Gateway is in a namespace the tree holds nothing of',
      manifests: route('HTTPRoute', 'shop', parent() + backends),
      errors: [{ messageId: 'gatewayElsewhere', line: 6, severity: 'info' }],
    },
    { name: 'the route has no parentRefs', manifests: route('GRPCRoute', 'shop', backends), errors: [{ messageId: 'noParent', line: 4, severity: 'warning' }] },
    {
      name: 'the sectionName names no listener',
      manifests: { 'gw.yaml': gateway(http()), 'r.yaml': route('HTTPRoute', 'infra', parent('    sectionName: http1\n') + backends) },
      errors: [{ messageId: 'noMatchingListener', line: 8, file: 'r.yaml', includes: 'listener "http" (80/HTTP)' }],
    },
    {
      name: 'sectionName and port name two different listeners',
      manifests: { 'gw.yaml': gateway(http() + http('admin', 8080)), 'r.yaml': route('HTTPRoute', 'infra', parent('    sectionName: http\n    port: 8080\n') + backends) },
      errors: [{ messageId: 'noMatchingListener', line: 8, file: 'r.yaml', includes: 'named "http" and on port 8080' }],
    },
    {
      name: 'the route is in another namespace and the listener admits only its own (from: Same)',
      manifests: { 'gw.yaml': gateway(http()), 'r.yaml': route('HTTPRoute', 'shop', parent() + backends) },
      errors: [{ messageId: 'notAllowedNamespace', line: 6, file: 'r.yaml', includes: 'from: Same' }],
    },
    {
      name: 'a Selector does not match the declared Namespace',
      manifests: {
        'gw.yaml': gateway(http('http', 80, '    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {shared: "yes"}}}}\n')),
        'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
        'r.yaml': route('HTTPRoute', 'shop', parent() + backends),
      },
      errors: [{ messageId: 'notAllowedNamespace', line: 6, file: 'r.yaml', includes: 'shared=yes' }],
    },
    {
      name: 'a Selector reads labels of a namespace the tree does not declare',
      manifests: {
        'gw.yaml': gateway(http('http', 80, '    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {shared: "yes"}}}}\n')),
        'r.yaml': route('HTTPRoute', 'shop', parent() + backends),
      },
      errors: [{ messageId: 'assumedNamespace', line: 6, file: 'r.yaml', severity: 'warning', includes: 'admits routes of namespaces selected by shared=yes' }],
    },
    {
      name: 'a TLSRoute names an HTTP listener',
      manifests: { 'gw.yaml': gateway(http()), 'r.yaml': route('TLSRoute', 'infra', parent('    sectionName: http\n') + '  hostnames: [db.example.com]\n' + backends) },
      errors: [{ messageId: 'notAllowedKind', line: 8, file: 'r.yaml', includes: 'takes HTTPRoute, GRPCRoute' }],
    },
    {
      name: 'a TCPRoute names a TLS listener that terminates TLS (served until v1.5, and by some implementations since)',
      manifests: { 'gw.yaml': gateway('  - {name: tls, port: 443, protocol: TLS, tls: {certificateRefs: [{name: c}]}}\n'), 'r.yaml': route('TCPRoute', 'infra', parent() + backends) },
      errors: [{ messageId: 'assumedTcpOnTls', line: 6, file: 'r.yaml', severity: 'warning' }],
    },
    {
      name: 'allowedRoutes.kinds leaves out the route kind',
      manifests: { 'gw.yaml': gateway(http('http', 80, '    allowedRoutes: {kinds: [{kind: GRPCRoute}]}\n')), 'r.yaml': route('HTTPRoute', 'infra', parent() + backends) },
      errors: [{ messageId: 'notAllowedKind', line: 6, file: 'r.yaml' }],
    },
    {
      name: 'no route hostname intersects the listener hostname (a wildcard does not match its own suffix)',
      manifests: { 'gw.yaml': gateway(http('http', 80, '    hostname: "*.wildcard.io"\n')), 'r.yaml': route('HTTPRoute', 'infra', parent() + '  hostnames: [wildcard.io, specific.but.wrong.com]\n' + backends) },
      errors: [{ messageId: 'noMatchingHostname', line: 8, file: 'r.yaml' }],
    },
    {
      name: 'a mesh parent Service is missing',
      manifests: { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: other, namespace: shop}\nspec: {ports: [{port: 80}]}\n', 'r.yaml': route('HTTPRoute', 'shop', '  parentRefs: [{group: "", kind: Service, name: web}]\n' + backends) },
      errors: [{ messageId: 'serviceMissing', line: 5, file: 'r.yaml' }],
    },
  ],
});

describe('route-parent-ref wording', () => {
  it('when a Selector reads labels of an undeclared namespace, then the message names the listener once ("listener "http" ...", not "listener listener")', () => {
    const found = runRule(rule, {
      'gw.yaml': gateway(http('http', 80, '    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {shared: "yes"}}}}\n')),
      'r.yaml': route('HTTPRoute', 'shop', parent() + backends),
    });
    const message = found.find((d) => d.messageId === 'assumedNamespace')?.message ?? '';
    assert.match(message, /^listener "http" \(80\/HTTP\) of /);
    assert.doesNotMatch(message, /listener listener/);
  });
});
