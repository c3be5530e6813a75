import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './route-conflict.ts';

const gateway = (listeners = '  - {name: http, port: 80, protocol: HTTP}\n') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec:\n  gatewayClassName: envoy\n  listeners:\n${listeners}`;
/** An HTTPRoute `name` with hostnames (flow list) and rules (YAML lines under rules:); its first rule is on line 8. */
const route = (name: string, hostnames: string, rules: string, kind = 'HTTPRoute', parent = '[{name: public}]') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  parentRefs: ${parent}\n  hostnames: ${hostnames}\n  rules:\n${rules}`;
const rule1 = (path: string, backend: string, extra = '') => `  - matches: [{path: {type: PathPrefix, value: ${path}}${extra}}]\n    backendRefs: [{name: ${backend}, port: 80}]\n`;

testRule(rule, {
  valid: [
    { name: 'two routes match different paths', manifests: { 'g.yaml': gateway(), 'a.yaml': route('a', '[shop.example.com]', rule1('/a', 'a')), 'b.yaml': route('b', '[shop.example.com]', rule1('/b', 'b')) } },
    { name: 'two routes match the same path on different hosts', manifests: { 'g.yaml': gateway(), 'a.yaml': route('a', '[a.example.com]', rule1('/', 'a')), 'b.yaml': route('b', '[b.example.com]', rule1('/', 'b')) } },
    { name: 'two routes send the same path to the same backend', manifests: { 'g.yaml': gateway(), 'a.yaml': route('a', '[shop.example.com]', rule1('/', 'web')), 'b.yaml': route('b', '[shop.example.com]', rule1('/', 'web')) } },
    { name: 'one match also needs a header', manifests: { 'g.yaml': gateway(), 'a.yaml': route('a', '[shop.example.com]', rule1('/', 'a')), 'b.yaml': route('b', '[shop.example.com]', rule1('/', 'b', ', headers: [{name: x-canary, value: "1"}]')) } },
    {
      name: 'the routes attach to different listeners',
      manifests: {
        'g.yaml': gateway('  - {name: a, port: 80, protocol: HTTP}\n  - {name: b, port: 8080, protocol: HTTP}\n'),
        'a.yaml': route('a', '[shop.example.com]', rule1('/', 'a'), 'HTTPRoute', '[{name: public, sectionName: a}]'),
        'b.yaml': route('b', '[shop.example.com]', rule1('/', 'b'), 'HTTPRoute', '[{name: public, sectionName: b}]'),
      },
    },
    {
      name: 'one route is defined twice (the second replaces the first; duplicate-object reports it)',
      manifests: { 'g.yaml': gateway(), 'a.yaml': route('a', '[shop.example.com]', rule1('/', 'a')), 'b.yaml': route('a', '[shop.example.com]', rule1('/', 'b')) },
    },
    { name: 'a route that is not attached (no Gateway) does not conflict', manifests: { 'a.yaml': route('a', '[shop.example.com]', rule1('/', 'a')), 'b.yaml': route('b', '[shop.example.com]', rule1('/', 'b')) } },
  ],
  invalid: [
    {
      name: 'two routes send one host and path prefix to different backends (a trailing slash is the same prefix)',
      manifests: { 'g.yaml': gateway(), 'a.yaml': route('a', '[shop.example.com]', rule1('/cart', 'a')), 'b.yaml': route('b', '[shop.example.com]', rule1('/cart/', 'b')) },
      errors: [{ messageId: 'conflict', line: 8, file: 'b.yaml', includes: 'HTTPRoute "shop/a", which sends it to Service "a" port 80' }],
    },
    {
      name: 'a route without hostnames and a route with one meet on the listener hostname',
      manifests: {
        'g.yaml': gateway('  - {name: http, port: 80, protocol: HTTP, hostname: shop.example.com}\n'),
        'a.yaml': route('a', '[]', '  - backendRefs: [{name: a, port: 80}]\n'),
        'b.yaml': route('b', '[shop.example.com]', '  - backendRefs: [{name: b, port: 80}]\n'),
      },
      errors: [{ messageId: 'conflict', line: 8, file: 'b.yaml', includes: 'path "/" (PathPrefix) of host "shop.example.com"' }],
    },
    {
      name: 'two rules of one route match the same request',
      manifests: { 'g.yaml': gateway(), 'a.yaml': route('a', '[shop.example.com]', rule1('/', 'a') + rule1('/', 'b')) },
      // The first matching rule in list order wins: certain, and no tie-break between routes is cited.
      errors: [{ messageId: 'sameRoute', line: 10, file: 'a.yaml', includes: 'is also matched by rules[0] of this route, earlier in its list, which sends it to' }],
    },
    {
      name: 'two GRPCRoutes match the same method',
      manifests: {
        'g.yaml': gateway(),
        'a.yaml': route('a', '[grpc.example.com]', '  - matches: [{method: {service: shop.Cart, method: Add}}]\n    backendRefs: [{name: a, port: 80}]\n', 'GRPCRoute'),
        'b.yaml': route('b', '[grpc.example.com]', '  - matches: [{method: {service: shop.Cart, method: Add}}]\n    backendRefs: [{name: b, port: 80}]\n', 'GRPCRoute'),
      },
      errors: [{ messageId: 'conflict', line: 8, file: 'b.yaml', includes: 'gRPC method shop.Cart/Add' }],
    },
    {
      name: 'two TCPRoutes attach to one TCP listener',
      manifests: {
        'g.yaml': gateway('  - {name: db, port: 5432, protocol: TCP}\n'),
        'a.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: TCPRoute\nmetadata: {name: a, namespace: shop}\nspec:\n  parentRefs: [{name: public}]\n  rules: [{backendRefs: [{name: a, port: 5432}]}]\n',
        'b.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: TCPRoute\nmetadata: {name: b, namespace: shop}\nspec:\n  parentRefs: [{name: public}]\n  rules: [{backendRefs: [{name: b, port: 5432}]}]\n',
      },
      errors: [{ messageId: 'single', line: 5, file: 'b.yaml' }],
    },
  ],
});
