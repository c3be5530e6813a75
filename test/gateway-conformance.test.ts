import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/config/load.ts';
import type { Path } from '../src/source/types.ts';
import { toSourceFiles } from './support/rule-tester.ts';

/**
 * The route, listener and Gateway status conditions of the Gateway API conformance suite (v1.6.1,
 * conformance/tests/*.go; listed in docs/research/gateway-api.md (c)) that the manifests alone
 * decide, each shown by a manifest of our own: the finding of the tool must be at the field the
 * condition is about. docs/gateway-api.md holds the table of the conditions covered (and of those a
 * static tool cannot know); this test checks that every case is in it.
 */

const base = `apiVersion: v1
kind: Namespace
metadata: {name: edge}
---
apiVersion: v1
kind: Namespace
metadata: {name: apps, labels: {gateway-access: "yes"}}
---
apiVersion: v1
kind: Namespace
metadata: {name: batch}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: edge}
spec: {controllerName: example.com/gateway-controller}
---
apiVersion: v1
kind: Secret
metadata: {name: edge-cert, namespace: edge}
type: kubernetes.io/tls
---
apiVersion: v1
kind: Secret
metadata: {name: vault-cert, namespace: batch}
type: kubernetes.io/tls
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: local, namespace: edge}
spec:
  gatewayClassName: edge
  listeners:
  - {name: web, port: 80, protocol: HTTP}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: shared, namespace: edge}
spec:
  gatewayClassName: edge
  listeners:
  - name: web
    port: 80
    protocol: HTTP
    hostname: "*.shop.test"
    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {gateway-access: "yes"}}}}
  - name: raw
    port: 9000
    protocol: TCP
    allowedRoutes: {namespaces: {from: All}}
  - name: tls
    port: 443
    protocol: TLS
    hostname: "*.db.test"
    tls: {mode: Passthrough}
    allowedRoutes: {namespaces: {from: All}}
  - name: dns
    port: 53
    protocol: UDP
    allowedRoutes: {namespaces: {from: All}}
---
${service('web', 'apps')}---
${service('web-v2', 'apps')}---
${service('store', 'batch')}---
${service('spare', 'batch')}`;

function service(name: string, namespace: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {app: ${name}}\n  ports: [{name: http, port: 8080, targetPort: 8080}]\n`;
}

/** An HTTPRoute of namespace apps (unless given) with the given spec lines. */
function httpRoute(spec: string, namespace = 'apps', kind = 'HTTPRoute'): string {
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata: {name: case, namespace: ${namespace}}\nspec:\n${spec}`;
}
const toShared = (extra = '') => `  parentRefs: [{name: shared, namespace: edge${extra}}]\n`;
const toWeb = '  rules: [{backendRefs: [{name: web, port: 8080}]}]\n';
function grant(from: string, to: string, namespace = 'batch'): string {
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant\nmetadata: {name: case-grant, namespace: ${namespace}}\nspec:\n  from: [${from}]\n  to: [${to}]\n`;
}
const routeFrom = '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps}';
function gateway(listeners: string): string {
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: case, namespace: edge}\nspec:\n  gatewayClassName: edge\n  listeners:\n${listeners}`;
}

const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-ca, namespace: apps}\ndata: {ca.crt: x}\n';
function tlsPolicy(name: string, cas = '[{group: "", kind: ConfigMap, name: web-ca}]'): string {
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  targetRefs: [{group: "", kind: Service, name: web, sectionName: http}]\n  validation: {hostname: web.apps.svc, caCertificateRefs: ${cas}}\n`;
}

interface Case {
  /** The conformance test (ShortName) whose situation this is. */
  readonly test: string;
  /** Object, condition and reason, as docs/gateway-api.md lists them. */
  readonly condition: string;
  /** The manifests added to the base. */
  readonly manifest: string;
  readonly rule: string;
  readonly messageId: string;
  /** The object (kind/name) and the field the finding must point at. */
  readonly kind: string;
  readonly path: Path;
}

const CASES: readonly Case[] = [
  // Route Accepted=False
  { test: 'HTTPRouteInvalidParentRefNotMatchingSectionName', condition: 'Route Accepted False NoMatchingParent', manifest: httpRoute(toShared(', sectionName: web1') + toWeb), rule: 'route-parent-ref', messageId: 'noMatchingListener', kind: 'HTTPRoute', path: ['spec', 'parentRefs', 0, 'sectionName'] },
  { test: 'HTTPRouteInvalidParentRefNotMatchingListenerPort', condition: 'Route Accepted False NoMatchingParent', manifest: httpRoute(toShared(', port: 81') + toWeb), rule: 'route-parent-ref', messageId: 'noMatchingListener', kind: 'HTTPRoute', path: ['spec', 'parentRefs', 0, 'port'] },
  { test: 'HTTPRouteInvalidParentRefSectionNameNotMatchingPort', condition: 'Route Accepted False NoMatchingParent', manifest: httpRoute(toShared(', sectionName: web, port: 9000') + toWeb), rule: 'route-parent-ref', messageId: 'noMatchingListener', kind: 'HTTPRoute', path: ['spec', 'parentRefs', 0, 'sectionName'] },
  { test: 'HTTPRouteInvalidCrossNamespaceParentRef', condition: 'Route Accepted False NotAllowedByListeners', manifest: httpRoute('  parentRefs: [{name: local, namespace: edge}]\n' + toWeb), rule: 'route-parent-ref', messageId: 'notAllowedNamespace', kind: 'HTTPRoute', path: ['spec', 'parentRefs', 0, 'name'] },
  { test: 'HTTPRouteCrossNamespace (Selector not matching)', condition: 'Route Accepted False NotAllowedByListeners', manifest: httpRoute(toShared(', sectionName: web') + '  rules: [{backendRefs: [{name: store, port: 8080}]}]\n', 'batch'), rule: 'route-parent-ref', messageId: 'notAllowedNamespace', kind: 'HTTPRoute', path: ['spec', 'parentRefs', 0, 'sectionName'] },
  { test: 'HTTPRouteDisallowedKind', condition: 'Route Accepted False NotAllowedByListeners', manifest: httpRoute(toShared(', sectionName: tls') + toWeb), rule: 'route-parent-ref', messageId: 'notAllowedKind', kind: 'HTTPRoute', path: ['spec', 'parentRefs', 0, 'sectionName'] },
  { test: 'TLSRouteInvalidNoMatchingListener', condition: 'Route Accepted False NotAllowedByListeners', manifest: httpRoute(toShared(', sectionName: web') + '  hostnames: [a.shop.test]\n' + toWeb, 'apps', 'TLSRoute'), rule: 'route-parent-ref', messageId: 'notAllowedKind', kind: 'TLSRoute', path: ['spec', 'parentRefs', 0, 'sectionName'] },
  { test: 'TCPRouteInvalidNonTCPListener', condition: 'Route Accepted False NotAllowedByListeners', manifest: httpRoute(toShared(', sectionName: web') + toWeb, 'apps', 'TCPRoute'), rule: 'route-parent-ref', messageId: 'notAllowedKind', kind: 'TCPRoute', path: ['spec', 'parentRefs', 0, 'sectionName'] },
  { test: 'UDPRouteNotAllowedByListeners', condition: 'Route Accepted False NotAllowedByListeners', manifest: httpRoute(toShared(', sectionName: tls') + toWeb, 'apps', 'UDPRoute'), rule: 'route-parent-ref', messageId: 'notAllowedKind', kind: 'UDPRoute', path: ['spec', 'parentRefs', 0, 'sectionName'] },
  { test: 'HTTPRouteHostnameIntersection', condition: 'Route Accepted False NoMatchingListenerHostname', manifest: httpRoute(toShared(', sectionName: web') + '  hostnames: [shop.test, specific.but.wrong.com]\n' + toWeb), rule: 'route-parent-ref', messageId: 'noMatchingHostname', kind: 'HTTPRoute', path: ['spec', 'hostnames', 0] },
  { test: 'TLSRouteInvalidNoMatchingListenerHostname', condition: 'Route Accepted False NoMatchingListenerHostname', manifest: httpRoute(toShared(', sectionName: tls') + '  hostnames: ["*.nomatch.test"]\n' + toWeb, 'apps', 'TLSRoute'), rule: 'route-parent-ref', messageId: 'noMatchingHostname', kind: 'TLSRoute', path: ['spec', 'hostnames', 0] },
  // Route ResolvedRefs=False
  { test: 'HTTPRouteInvalidNonExistentBackendRef', condition: 'Route ResolvedRefs False BackendNotFound', manifest: httpRoute(toShared(', sectionName: web') + '  rules: [{backendRefs: [{name: nonexistent, port: 8080}]}]\n'), rule: 'route-backend-ref', messageId: 'missing', kind: 'HTTPRoute', path: ['spec', 'rules', 0, 'backendRefs', 0, 'name'] },
  { test: 'TCPRouteInvalidBackendRefNonexistent', condition: 'Route ResolvedRefs False BackendNotFound', manifest: httpRoute(toShared(', sectionName: raw') + '  rules: [{backendRefs: [{name: nonexistent, port: 8080}]}]\n', 'apps', 'TCPRoute'), rule: 'route-backend-ref', messageId: 'missing', kind: 'TCPRoute', path: ['spec', 'rules', 0, 'backendRefs', 0, 'name'] },
  { test: 'HTTPRouteInvalidBackendRefUnknownKind', condition: 'Route ResolvedRefs False InvalidKind', manifest: httpRoute(toShared(', sectionName: web') + '  rules: [{backendRefs: [{group: unknownkind.example.com, kind: NonExistent, name: web}]}]\n'), rule: 'route-backend-ref', messageId: 'kind', kind: 'HTTPRoute', path: ['spec', 'rules', 0, 'backendRefs', 0, 'group'] },
  { test: 'HTTPRouteInvalidCrossNamespaceBackendRef', condition: 'Route ResolvedRefs False RefNotPermitted', manifest: httpRoute(toShared(', sectionName: web') + '  rules: [{backendRefs: [{name: store, namespace: batch, port: 8080}]}]\n'), rule: 'reference-grant', messageId: 'notPermitted', kind: 'HTTPRoute', path: ['spec', 'rules', 0, 'backendRefs', 0, 'namespace'] },
  {
    test: 'HTTPRouteInvalidReferenceGrant',
    condition: 'Route ResolvedRefs False RefNotPermitted',
    manifest: `${httpRoute(toShared(', sectionName: web') + '  rules: [{backendRefs: [{name: store, namespace: batch, port: 8080}]}]\n')}---\n${grant('{group: gateway.networking.k8s.io, kind: Gateway, namespace: apps}', '{group: "", kind: Service}')}`,
    rule: 'reference-grant',
    messageId: 'notPermitted',
    kind: 'HTTPRoute',
    path: ['spec', 'rules', 0, 'backendRefs', 0, 'namespace'],
  },
  {
    test: 'HTTPRoutePartiallyInvalidViaInvalidReferenceGrant',
    condition: 'Route ResolvedRefs False RefNotPermitted',
    manifest: `${httpRoute(toShared(', sectionName: web') + '  rules:\n  - backendRefs: [{name: spare, namespace: batch, port: 8080}]\n  - matches: [{path: {value: /store}}]\n    backendRefs: [{name: store, namespace: batch, port: 8080}]\n')}---\n${grant(routeFrom, '{group: "", kind: Service, name: store}')}`,
    rule: 'reference-grant',
    messageId: 'notPermitted',
    kind: 'HTTPRoute',
    path: ['spec', 'rules', 0, 'backendRefs', 0, 'namespace'],
  },
  { test: 'TCPRouteInvalidCrossNamespaceBackendRef', condition: 'Route ResolvedRefs False RefNotPermitted', manifest: httpRoute(toShared(', sectionName: raw') + '  rules: [{backendRefs: [{name: store, namespace: batch, port: 8080}]}]\n', 'apps', 'TCPRoute'), rule: 'reference-grant', messageId: 'notPermitted', kind: 'TCPRoute', path: ['spec', 'rules', 0, 'backendRefs', 0, 'namespace'] },
  // Listener conditions
  { test: 'GatewayInvalidRouteKind', condition: 'Listener ResolvedRefs False InvalidRouteKinds', manifest: gateway('  - {name: web, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{kind: InvalidRoute}]}}\n'), rule: 'gateway-listener', messageId: 'routeKind', kind: 'Gateway', path: ['spec', 'listeners', 0, 'allowedRoutes', 'kinds', 0, 'kind'] },
  { test: 'TLSRouteListenerPassthroughSupportedKinds', condition: 'Listener ResolvedRefs False InvalidRouteKinds', manifest: gateway('  - {name: tls, port: 443, protocol: TLS, tls: {mode: Passthrough}, allowedRoutes: {kinds: [{kind: TCPRoute}, {kind: TLSRoute}]}}\n'), rule: 'gateway-listener', messageId: 'routeKind', kind: 'Gateway', path: ['spec', 'listeners', 0, 'allowedRoutes', 'kinds', 0, 'kind'] },
  { test: 'GatewayInvalidTLSConfiguration (missing Secret)', condition: 'Listener ResolvedRefs False InvalidCertificateRef', manifest: gateway('  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: does-not-exist}]}}\n'), rule: 'gateway-certificate', messageId: 'missing', kind: 'Gateway', path: ['spec', 'listeners', 0, 'tls', 'certificateRefs', 0, 'name'] },
  { test: 'GatewayInvalidTLSConfiguration (wrong group)', condition: 'Listener ResolvedRefs False InvalidCertificateRef', manifest: gateway('  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{group: wrong.group.company.io, kind: Secret, name: edge-cert}]}}\n'), rule: 'gateway-certificate', messageId: 'kind', kind: 'Gateway', path: ['spec', 'listeners', 0, 'tls', 'certificateRefs', 0, 'group'] },
  { test: 'GatewayInvalidTLSConfiguration (wrong kind)', condition: 'Listener ResolvedRefs False InvalidCertificateRef', manifest: gateway('  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{kind: WrongKind, name: edge-cert}]}}\n'), rule: 'gateway-certificate', messageId: 'kind', kind: 'Gateway', path: ['spec', 'listeners', 0, 'tls', 'certificateRefs', 0, 'kind'] },
  { test: 'GatewaySecretMissingReferenceGrant', condition: 'Listener ResolvedRefs False RefNotPermitted', manifest: gateway('  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: vault-cert, namespace: batch}]}}\n'), rule: 'reference-grant', messageId: 'notPermitted', kind: 'Gateway', path: ['spec', 'listeners', 0, 'tls', 'certificateRefs', 0, 'namespace'] },
  {
    test: 'GatewaySecretInvalidReferenceGrant',
    condition: 'Listener ResolvedRefs False RefNotPermitted',
    manifest: `${gateway('  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: vault-cert, namespace: batch}]}}\n')}---\n${grant('{group: gateway.networking.k8s.io, kind: Gateway, namespace: edge}', '{group: "", kind: Secret, name: other-cert}')}`,
    rule: 'reference-grant',
    messageId: 'notPermitted',
    kind: 'Gateway',
    path: ['spec', 'listeners', 0, 'tls', 'certificateRefs', 0, 'namespace'],
  },
  { test: 'GatewayListenerUnsupportedProtocol', condition: 'Listener Accepted False UnsupportedProtocol', manifest: gateway('  - {name: web, port: 80, protocol: INVALID}\n'), rule: 'gateway-listener', messageId: 'unsupportedProtocol', kind: 'Gateway', path: ['spec', 'listeners', 0, 'protocol'] },
  { test: 'ListenerSetProtocolConflict (on one Gateway)', condition: 'Listener Conflicted True ProtocolConflict', manifest: gateway('  - {name: web, port: 80, protocol: HTTP}\n  - {name: raw, port: 80, protocol: TCP}\n'), rule: 'gateway-listener', messageId: 'tcpConflict', kind: 'Gateway', path: ['spec', 'listeners', 1, 'port'] },
  { test: 'ListenerSetHostnameConflict (on one Gateway)', condition: 'Listener Conflicted True HostnameConflict', manifest: gateway('  - {name: a, port: 80, protocol: HTTP, hostname: shop.test}\n  - {name: b, port: 80, protocol: HTTP, hostname: shop.test}\n'), rule: 'gateway-listener', messageId: 'duplicate', kind: 'Gateway', path: ['spec', 'listeners', 1, 'hostname'] },
  // BackendTLSPolicy
  { test: 'BackendTLSPolicyInvalidCACertificateRef', condition: 'BackendTLSPolicy ResolvedRefs False InvalidCACertificateRef', manifest: `${configMap}---\n${tlsPolicy('case', '[{group: "", kind: ConfigMap, name: nonexistent}]')}`, rule: 'backend-tls-policy', messageId: 'caMissing', kind: 'BackendTLSPolicy', path: ['spec', 'validation', 'caCertificateRefs', 0, 'name'] },
  { test: 'BackendTLSPolicyInvalidKind', condition: 'BackendTLSPolicy ResolvedRefs False InvalidKind', manifest: tlsPolicy('case', '[{group: "", kind: InvalidKind, name: web-ca}]'), rule: 'backend-tls-policy', messageId: 'caKind', kind: 'BackendTLSPolicy', path: ['spec', 'validation', 'caCertificateRefs', 0, 'kind'] },
  { test: 'BackendTLSPolicyConflictResolution', condition: 'BackendTLSPolicy Accepted False Conflicted', manifest: `${configMap}---\n${tlsPolicy('older')}---\n${tlsPolicy('newer')}`, rule: 'backend-tls-policy', messageId: 'conflict', kind: 'BackendTLSPolicy', path: ['spec', 'targetRefs', 0] },
  // Attachment counts (attachedRoutes)
  {
    test: 'TCPRouteMultipleRoutesAttachment',
    condition: 'Listener attachedRoutes counts only the oldest TCPRoute',
    manifest: `${httpRoute(toShared(', sectionName: raw') + toWeb, 'apps', 'TCPRoute')}---\n${httpRoute(toShared(', sectionName: raw') + '  rules: [{backendRefs: [{name: web-v2, port: 8080}]}]\n', 'apps', 'TCPRoute').replace('name: case,', 'name: later,')}`,
    rule: 'route-conflict',
    messageId: 'single',
    kind: 'TCPRoute',
    path: ['spec', 'parentRefs', 0],
  },
];

/** Positive conformance cases: nothing of the Gateway API rules may be reported (warnings included). */
const ACCEPTED: readonly { readonly test: string; readonly manifest: string }[] = [
  { test: 'HTTPRouteCrossNamespace', manifest: httpRoute(toShared(', sectionName: web') + '  hostnames: [a.shop.test]\n' + toWeb) },
  { test: 'HTTPRouteListenerPortMatching', manifest: httpRoute(toShared(', port: 80') + toWeb) },
  { test: 'HTTPRouteReferenceGrant', manifest: `${httpRoute(toShared(', sectionName: web') + '  rules: [{backendRefs: [{name: store, namespace: batch, port: 8080}]}]\n')}---\n${grant(routeFrom, '{group: "", kind: Service, name: store}')}` },
  { test: 'GatewaySecretReferenceGrantAllInNamespace', manifest: `${gateway('  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: vault-cert, namespace: batch}]}}\n')}---\n${grant('{group: gateway.networking.k8s.io, kind: Gateway, namespace: edge}', '{group: "", kind: Secret}')}` },
  { test: 'GatewaySecretReferenceGrantSpecific', manifest: `${gateway('  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: vault-cert, namespace: batch}]}}\n')}---\n${grant('{group: gateway.networking.k8s.io, kind: Gateway, namespace: edge}', '{group: "", kind: Secret, name: vault-cert}')}` },
  { test: 'TCPRouteParentRefAttachAll', manifest: httpRoute(toShared() + toWeb, 'apps', 'TCPRoute') },
  { test: 'BackendTLSPolicySANValidation', manifest: `${configMap}---\n${tlsPolicy('case')}` },
  { test: 'TLSRouteSimpleSameNamespace', manifest: httpRoute(toShared(', sectionName: tls') + '  hostnames: [pg.db.test]\n' + toWeb, 'apps', 'TLSRoute') },
];

const GATEWAY_RULES = new Set(['route-parent-ref', 'route-backend-ref', 'reference-grant', 'gateway-listener', 'gateway-class', 'gateway-certificate', 'route-conflict', 'backend-tls-policy', 'schema']);

function findings(manifest: string) {
  return analyze({ files: toSourceFiles({ 'base.yaml': base, 'case.yaml': manifest }), config: DEFAULT_CONFIG }).diagnostics.filter((d) => GATEWAY_RULES.has(d.ruleId));
}

describe('Gateway API conformance conditions a static tool can know', () => {
  it('when the base tree is linted alone, then the Gateway API rules report nothing (every case below is its own finding)', () => {
    const found = analyze({ files: toSourceFiles({ 'base.yaml': base }), config: DEFAULT_CONFIG }).diagnostics.filter((d) => GATEWAY_RULES.has(d.ruleId));
    assert.deepEqual(found.map((d) => `${d.ruleId}: ${d.message}`), []);
  });

  for (const c of CASES) {
    it(`when ${c.test} (${c.condition}), then ${c.rule} reports ${c.messageId} at ${c.kind} ${c.path.join('.')}`, () => {
      const found = findings(c.manifest);
      const hit = found.find((d) => d.ruleId === c.rule && d.messageId === c.messageId && d.object?.kind === c.kind && d.file.path === 'case.yaml');
      assert.ok(hit, `no ${c.rule}/${c.messageId}; found:\n${found.map((d) => `${d.ruleId}/${d.messageId} ${JSON.stringify(d.path)}: ${d.message}`).join('\n')}`);
      assert.deepEqual(hit.path, c.path);
    });
  }

  for (const c of ACCEPTED) {
    it(`when ${c.test} (accepted, refs resolved), then no Gateway API rule reports anything`, () => {
      assert.deepEqual(findings(c.manifest).map((d) => `${d.ruleId}/${d.messageId}: ${d.message}`), []);
    });
  }

  it('when the coverage table of docs/gateway-api.md is read, then it names every case of this test', () => {
    const doc = readFileSync(new URL('../docs/gateway-api.md', import.meta.url), 'utf8');
    for (const c of [...CASES, ...ACCEPTED]) assert.ok(doc.includes(c.test.split(' (')[0]!), `docs/gateway-api.md does not name ${c.test}`);
    for (const c of CASES) assert.ok(doc.includes(`\`${c.rule}\``), `docs/gateway-api.md does not name ${c.rule}`);
  });
});
