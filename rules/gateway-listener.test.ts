import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './gateway-listener.ts';

/** A Gateway with listeners given as flow maps, one per line (the first on line 7). */
const gateway = (...listeners: string[]) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: infra}\nspec:\n  gatewayClassName: envoy\n  listeners:\n${listeners.map((l) => `  - ${l}\n`).join('')}`;
const tls = 'tls: {certificateRefs: [{name: cert}]}';

testRule(rule, {
  valid: [
    { name: 'listeners differ in port or hostname', manifests: gateway('{name: a, port: 80, protocol: HTTP}', '{name: b, port: 80, protocol: HTTP, hostname: shop.example.com}', '{name: c, port: 81, protocol: HTTP}') },
    { name: 'HTTPS and TLS share a port with different hostnames', manifests: gateway(`{name: a, port: 443, protocol: HTTPS, hostname: a.example.com, ${tls}}`, '{name: b, port: 443, protocol: TLS, hostname: b.example.com, tls: {mode: Passthrough}}') },
    { name: 'TCP and UDP share a port', manifests: gateway('{name: dns-tcp, port: 53, protocol: TCP}', '{name: dns-udp, port: 53, protocol: UDP}') },
    { name: 'a domain-prefixed protocol', manifests: gateway('{name: a, port: 9000, protocol: example.com/custom}') },
    { name: 'allowedRoutes.kinds lists a kind of another group', manifests: gateway('{name: a, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{group: example.com, kind: Proxy}]}}') },
  ],
  invalid: [
    { name: 'two listeners have one name', manifests: gateway('{name: a, port: 80, protocol: HTTP}', '{name: a, port: 81, protocol: HTTP}'), errors: [{ messageId: 'duplicateName', line: 8, column: 12 }] },
    {
      name: 'two listeners have one port, protocol and hostname',
      manifests: gateway('{name: a, port: 80, protocol: HTTP, hostname: x.example.com}', '{name: b, port: 80, protocol: HTTP, hostname: x.example.com}'),
      errors: [{ messageId: 'duplicate', line: 8, includes: 'listener "a" (80/HTTP, host x.example.com)' }],
    },
    { name: 'a TCP listener shares a port with an HTTP one', manifests: gateway('{name: a, port: 80, protocol: HTTP}', '{name: b, port: 80, protocol: TCP}'), errors: [{ messageId: 'tcpConflict', line: 8, severity: 'error' }] },
    {
      name: 'plain HTTP shares a port with HTTPS',
      manifests: gateway(`{name: a, port: 8443, protocol: HTTPS, ${tls}}`, '{name: b, port: 8443, protocol: HTTP}'),
      errors: [{ messageId: 'httpConflict', line: 8, severity: 'warning' }],
    },
    { name: 'an unprefixed protocol that is not core', manifests: gateway('{name: a, port: 80, protocol: INVALID}'), errors: [{ messageId: 'unsupportedProtocol', line: 7 }] },
    {
      name: 'allowedRoutes.kinds lists an unknown kind of the Gateway API group',
      manifests: gateway('{name: a, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{kind: InvalidRoute}, {kind: HTTPRoute}]}}'),
      errors: [{ messageId: 'routeKind', line: 7, includes: 'not a Gateway API route kind' }],
    },
    {
      name: 'a TLS listener that terminates TLS lists TCPRoute (removed in v1.5, still served by some implementations)',
      manifests: gateway('{name: a, port: 443, protocol: TLS, tls: {certificateRefs: [{name: c}]}, allowedRoutes: {kinds: [{kind: TCPRoute}]}}'),
      errors: [{ messageId: 'legacyTcpOnTls', line: 7, severity: 'warning' }],
    },
    {
      name: 'a TLS passthrough listener lists TCPRoute',
      manifests: gateway('{name: a, port: 443, protocol: TLS, tls: {mode: Passthrough}, allowedRoutes: {kinds: [{kind: TCPRoute}, {kind: TLSRoute}]}}'),
      errors: [{ messageId: 'routeKind', line: 7, includes: 'not served by protocol TLS' }],
    },
  ],
});
