import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../analyze.ts';
import { DEFAULT_CONFIG } from '../../config/load.ts';
import { parseSources } from '../../source/parse.ts';
import { positionAt } from '../../source/text.ts';
import { toSourceFiles } from '../../../test/support/rule-tester.ts';
import { buildModel } from '../build.ts';
import { viewsOf } from './define.ts';
import { BACKEND_TLS_POLICY_KIND, GATEWAY_CLASS_KIND, GATEWAY_KIND, REFERENCE_GRANT_KIND, routesOf } from './gateway-api.ts';
import { kindModuleOf } from './index.ts';

const modelOf = (text: string) => buildModel(parseSources(toSourceFiles(text)));
/** Schema findings as `line: message`. */
const schemaFindings = (text: string) =>
  analyze({ files: toSourceFiles({ 'gw.yaml': text }), config: DEFAULT_CONFIG })
    .diagnostics.filter((d) => d.ruleId === 'schema')
    .map((d) => `${positionAt(d.file, d.span.start).line}: ${d.message}`);

const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: infra}
spec:
  gatewayClassName: envoy
  infrastructure: {labels: {team: edge}}
  listeners:
  - name: http
    port: 80
    protocol: HTTP
  - name: https
    hostname: "*.example.com"
    port: 443
    protocol: HTTPS
    tls:
      certificateRefs: [{name: wildcard}, {kind: Secret, name: other, namespace: certs}]
    allowedRoutes:
      namespaces:
        from: Selector
        selector: {matchLabels: {shared-gateway: "true"}}
      kinds: [{kind: HTTPRoute}]
`;

describe('Gateway API kind modules', () => {
  it('when the served versions are read, then each kind resolves to its module, and the group alone decides (an Istio Gateway is not one)', () => {
    for (const [kind, version] of [
      ['GatewayClass', 'v1beta1'],
      ['Gateway', 'v1'],
      ['HTTPRoute', 'v1beta1'],
      ['GRPCRoute', 'v1'],
      ['TLSRoute', 'v1alpha2'],
      ['TCPRoute', 'v1alpha2'],
      ['UDPRoute', 'v1'],
      ['ReferenceGrant', 'v1beta1'],
      ['BackendTLSPolicy', 'v1alpha3'],
    ] as const) {
      assert.equal(kindModuleOf(kind, `gateway.networking.k8s.io/${version}`)?.kind, kind);
    }
    assert.equal(kindModuleOf('Gateway', 'networking.istio.io/v1'), undefined);
  });

  it('when a Gateway is read, then its listeners carry defaults (allowedRoutes from Same, tls mode Terminate, Secret refs) and paths', () => {
    const [view] = viewsOf(modelOf(gateway), GATEWAY_KIND);
    assert.ok(view);
    assert.equal(view.className, 'envoy');
    assert.deepEqual(view.infrastructureLabels, { team: 'edge' });
    const [http, https] = view.listeners;
    assert.deepEqual([http!.name, http!.port, http!.protocol, http!.hostname, http!.tls], ['http', 80, 'HTTP', undefined, undefined]);
    assert.deepEqual(http!.allowedRoutes, {
      from: 'Same',
      fromPath: ['spec', 'listeners', 0, 'allowedRoutes', 'namespaces', 'from'],
      selectorPath: ['spec', 'listeners', 0, 'allowedRoutes', 'namespaces', 'selector'],
      kindsPath: ['spec', 'listeners', 0, 'allowedRoutes', 'kinds'],
    });
    assert.equal(https!.hostname, '*.example.com');
    assert.equal(https!.tls!.mode, 'Terminate');
    assert.deepEqual(
      https!.tls!.certificateRefs.map((ref) => [ref.group, ref.kind, ref.name, ref.namespace, ref.path.join('.')]),
      [
        ['', 'Secret', 'wildcard', undefined, 'spec.listeners.1.tls.certificateRefs.0'],
        ['', 'Secret', 'other', 'certs', 'spec.listeners.1.tls.certificateRefs.1'],
      ],
    );
    assert.equal(https!.allowedRoutes.from, 'Selector');
    assert.deepEqual(https!.allowedRoutes.selector?.matchLabels, { 'shared-gateway': 'true' });
    assert.deepEqual(https!.allowedRoutes.kinds, [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', path: ['spec', 'listeners', 1, 'allowedRoutes', 'kinds', 0] }]);
  });

  it('when an HTTPRoute is read, then parentRefs and backendRefs get their CRD defaults, a rule without matches matches PathPrefix /, and mirrors are marked', () => {
    const model = modelOf(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: infra, sectionName: https}, {group: "", kind: Service, name: mesh, port: 8080}]
  hostnames: [shop.example.com]
  rules:
  - matches:
    - path: {type: Exact, value: /cart}
      method: POST
      headers: [{name: x-canary, value: "1"}]
      queryParams: [{name: v, type: RegularExpression, value: "2.*"}]
    backendRefs: [{name: cart, port: 8080, weight: 90}, {name: cart-v2, namespace: beta, port: 8080}]
    filters: [{type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 80}}}]
  - backendRefs: [{group: example.com, kind: Bucket, name: static}]
`);
    const [route] = routesOf(model);
    assert.ok(route);
    assert.equal(route.kind, 'HTTPRoute');
    assert.deepEqual(
      route.parentRefs.map((ref) => [ref.group, ref.kind, ref.namespace, ref.name, ref.sectionName, ref.port]),
      [
        ['gateway.networking.k8s.io', 'Gateway', 'infra', 'public', 'https', undefined],
        ['', 'Service', undefined, 'mesh', undefined, 8080],
      ],
    );
    assert.deepEqual(route.hostnames, [{ value: 'shop.example.com', path: ['spec', 'hostnames', 0] }]);
    const [first, second] = route.rules;
    const match = first!.matches[0]!;
    assert.deepEqual([match.pathMatch?.type, match.pathMatch?.value, match.method, match.implicit], ['Exact', '/cart', 'POST', false]);
    assert.deepEqual(match.headers, [{ path: ['spec', 'rules', 0, 'matches', 0, 'headers', 0], name: 'x-canary', type: 'Exact', value: '1' }]);
    assert.deepEqual(match.queryParams.map((q) => [q.name, q.type, q.value]), [['v', 'RegularExpression', '2.*']]);
    assert.deepEqual(
      first!.backendRefs.map((ref) => [ref.group, ref.kind, ref.name, ref.namespace, ref.port, ref.weight, ref.mirror, ref.path.join('.')]),
      [
        ['', 'Service', 'cart', undefined, 8080, 90, false, 'spec.rules.0.backendRefs.0'],
        ['', 'Service', 'cart-v2', 'beta', 8080, 1, false, 'spec.rules.0.backendRefs.1'],
        ['', 'Service', 'shadow', undefined, 80, 1, true, 'spec.rules.0.filters.0.requestMirror.backendRef'],
      ],
    );
    assert.deepEqual(second!.matches.map((m) => [m.implicit, m.pathMatch?.type, m.pathMatch?.value]), [[true, 'PathPrefix', '/']]);
    assert.deepEqual(second!.backendRefs.map((ref) => [ref.group, ref.kind, ref.port]), [['example.com', 'Bucket', undefined]]);
  });

  it('when GRPC, TLS, TCP and UDP routes are read, then GRPC matches keep their method, and TCP and UDP routes have no hostnames', () => {
    const model = modelOf(
      [
        'apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: g}\nspec:\n  rules: [{matches: [{method: {service: shop.Cart}}], backendRefs: [{name: cart, port: 9000}]}]',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: TLSRoute\nmetadata: {name: t}\nspec:\n  hostnames: [db.example.com]\n  rules: [{backendRefs: [{name: db, port: 5432}]}]',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: TCPRoute\nmetadata: {name: c}\nspec:\n  hostnames: [ignored.example.com]\n  rules: [{backendRefs: [{name: db, port: 5432}]}]',
        'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: UDPRoute\nmetadata: {name: u}\nspec:\n  rules: [{backendRefs: [{name: dns, port: 53}]}]',
      ].join('\n---\n'),
    );
    const routes = routesOf(model);
    assert.deepEqual(
      routes.map((r) => [r.kind, r.hostnames.map((h) => h.value), r.rules[0]!.matches.length]),
      [
        ['GRPCRoute', [], 1],
        ['TLSRoute', ['db.example.com'], 0],
        ['TCPRoute', [], 0],
        ['UDPRoute', [], 0],
      ],
    );
    assert.deepEqual(routes[0]!.rules[0]!.matches[0]!.grpcMethod, { type: 'Exact', service: 'shop.Cart', path: ['spec', 'rules', 0, 'matches', 0, 'method'] });
  });

  it('when a GatewayClass, ReferenceGrant and BackendTLSPolicy are read, then the class is cluster-scoped and the grant keeps from and to', () => {
    const model = modelOf(
      [
        'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: envoy, namespace: ignored}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}',
        'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: beta}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]\n  to: [{group: "", kind: Service}, {group: "", kind: Service, name: cart-v2}]',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  targetRefs: [{group: "", kind: Service, name: cart, sectionName: https}]\n  validation: {hostname: cart.shop.svc, caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]}',
      ].join('\n---\n'),
    );
    const [gatewayClass] = viewsOf(model, GATEWAY_CLASS_KIND);
    assert.deepEqual([gatewayClass?.object.namespace, gatewayClass?.controllerName], ['', 'gateway.envoyproxy.io/gatewayclass-controller']);
    const [grant] = viewsOf(model, REFERENCE_GRANT_KIND);
    assert.deepEqual(grant?.from, [{ path: ['spec', 'from', 0], group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }]);
    assert.deepEqual(grant?.to.map((to) => [to.group, to.kind, to.name]), [['', 'Service', undefined], ['', 'Service', 'cart-v2']]);
    const [policy] = viewsOf(model, BACKEND_TLS_POLICY_KIND);
    assert.deepEqual([policy?.hostname, policy?.targetRefs[0]?.sectionName, policy?.caCertificateRefs[0]?.kind], ['cart.shop.svc', 'https', 'ConfigMap']);
  });

  it('when a Gateway is in a namespace, then it counts as an object that may create pods there (its implementation may deploy the data plane)', () => {
    const text = `${gateway}---\napiVersion: v1\nkind: Service\nmetadata: {name: public-envoy, namespace: infra}\nspec:\n  selector: {gateway.networking.k8s.io/gateway-name: public}\n  ports: [{port: 80}]\n`;
    const result = analyze({ files: toSourceFiles({ 'gw.yaml': text }), config: DEFAULT_CONFIG });
    const orphan = result.diagnostics.filter((d) => d.ruleId === 'service-selector-orphan');
    assert.deepEqual(orphan.map((d) => d.severity), ['warning']);
    assert.match(orphan[0]!.message, /Gateway "public"/);
  });
});

describe('Gateway API schemas', () => {
  it('when a version no current release serves is written, then the schema rule says so and names the served ones', () => {
    for (const [kind, expected] of [
      ['GRPCRoute', 'gateway.networking.k8s.io/v1'],
      ['ReferenceGrant', 'gateway.networking.k8s.io/v1" or "gateway.networking.k8s.io/v1beta1'],
      ['HTTPRoute', 'gateway.networking.k8s.io/v1" or "gateway.networking.k8s.io/v1beta1'],
    ]) {
      const found = schemaFindings(`apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: ${kind}\nmetadata: {name: x}\nspec: {}\n`);
      assert.deepEqual(found, [`1: apiVersion "gateway.networking.k8s.io/v1alpha2" of ${kind} is not served by the Gateway API v1.6 CRDs; use "${expected}" (its fields were not validated, as they differ between versions)`]);
    }
  });

  it('when a Gateway breaks the CRD rules, then each is reported at its field', () => {
    const found = schemaFindings(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public}
spec:
  gatewayClassName: envoy
  listeners:
  - name: HTTP
    port: 0
    protocol: HTTP
    tls: {certificateRefs: [{name: x}]}
  - name: tcp
    hostname: db.example.com
    port: 5432
    protocol: TCP
  - name: https
    hostname: 10.0.0.1:443
    port: 443
    protocol: HTTPS
    tls: {mode: Passthrough}
  - name: tls
    port: 8443
    protocol: TLS
  - name: sel
    port: 8080
    protocol: HTTP
    allowedRoutes: {namespaces: {from: Selector}}
  - name: term
    port: 9443
    protocol: HTTPS
    tls: {mode: Terminate}
`);
    assert.deepEqual(found, [
      '7: spec.listeners[0].name must be a section name: a lower-case DNS-1123 subdomain, not "HTTP"',
      '8: spec.listeners[0].port must be >= 1, not 0',
      '10: spec.listeners[0].tls must not be set for protocol HTTP, TCP or UDP',
      '12: spec.listeners[1].hostname must not be set for protocol TCP or UDP',
      `16: spec.listeners[2].hostname must be a lower-case DNS name, optionally starting with '*.' (no IP address, no port), not "10.0.0.1:443"`,
      '19: spec.listeners[2].tls.mode must be Terminate for protocol HTTPS (passthrough needs protocol TLS and a TLSRoute), not "Passthrough"',
      '20: spec.listeners[3] must set tls (its mode) for protocol TLS',
      '26: spec.listeners[4].allowedRoutes.namespaces must set selector when from is Selector',
      '30: spec.listeners[5].tls must set certificateRefs (or options) when mode is Terminate',
    ]);
  });

  it('when an HTTPRoute breaks the CRD limits, then paths, methods, weights, ports and missing Service ports are reported at the field', () => {
    const found = schemaFindings(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web}
spec:
  hostnames: ["*.example.com", "Shop.example.com"]
  parentRefs: [{name: public, port: 70000}]
  rules:
  - matches:
    - path: {type: PathPrefix, value: cart}
    - path: {type: Exact, value: /a//b}
    - path: {type: RegularExpression, value: "^/api/v[0-9]+"}
      method: FETCH
    backendRefs:
    - {name: web, port: 80, weight: 1000001}
    - {name: web}
    - {group: example.com, kind: Bucket, name: static}
`);
    assert.deepEqual(found, [
      `5: spec.hostnames[1] must be a lower-case DNS name, optionally starting with '*.' (no IP address, no port), not "Shop.example.com"`,
      '6: spec.parentRefs[0].port must be <= 65535, not 70000',
      `9: spec.rules[0].matches[0].path.value must be an absolute path starting with '/' for path type Exact or PathPrefix, not "cart"`,
      "10: spec.rules[0].matches[1].path.value must not contain '//', '/./', '/../', '%2f' or '#', nor end with '/.' or '/..' (the path must be normalised)",
      '12: spec.rules[0].matches[2].method must be one of "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", not "FETCH"',
      '14: spec.rules[0].backendRefs[0].weight must be <= 1000000, not 1000001',
      '15: spec.rules[0].backendRefs[1] must set port for a Service reference (the Service port, not the target port)',
    ]);
  });

  it('when TLS, TCP and UDP routes are v1, then they need exactly one rule with backends (and a TLSRoute hostnames); v1alpha2 allows more rules', () => {
    const tls = schemaFindings('apiVersion: gateway.networking.k8s.io/v1\nkind: TLSRoute\nmetadata: {name: t}\nspec:\n  rules:\n  - backendRefs: [{name: a, port: 1}]\n  - backendRefs: [{name: b, port: 1}]\n');
    assert.deepEqual(tls.length, 2);
    assert.ok(tls.some((f) => /hostnames/.test(f)));
    const tcp = schemaFindings('apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\nmetadata: {name: t}\nspec:\n  rules:\n  - backendRefs: [{name: a, port: 1}]\n  - backendRefs: [{name: b, port: 1}]\n');
    assert.deepEqual(tcp, []);
    const udp = schemaFindings('apiVersion: gateway.networking.k8s.io/v1\nkind: UDPRoute\nmetadata: {name: t}\nspec:\n  rules:\n  - backendRefs: []\n');
    assert.equal(udp.length, 1);
  });
});
