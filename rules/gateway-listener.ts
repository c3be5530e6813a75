import type { Rule, RuleContext } from '../src/lint/types.ts';
import { GATEWAY_API_GROUP, ROUTE_KINDS, type ListenerView, type RouteKind } from '../src/model/kinds/gateway-api.ts';
import type { KubeObject } from '../src/model/types.ts';
import { describeListener, gatewayApiOf, isLegacyTcpOnTls, isReservedUnknownProtocol, L7_PROTOCOLS, listenersConflict, protocolRouteKinds } from '../src/semantics/gateway-api.ts';

/** The object that declares listeners: a Gateway, or a ListenerSet (whose listeners have the same rules within it). */
interface ListenerOwner {
  readonly object: KubeObject;
  readonly listeners: readonly ListenerView[];
  readonly kind: 'Gateway' | 'ListenerSet';
}

/** Flags Gateway (and ListenerSet) listeners the implementation must refuse: duplicate names, indistinct or conflicting listeners on one port, unknown protocols and route kinds. */
export const rule: Rule = {
  meta: {
    id: 'gateway-listener',
    severity: 'error',
    description: 'The listeners of a Gateway must be distinct (name; port, protocol and hostname), use compatible protocols on one port, and allow route kinds their protocol serves.',
    messages: {
      duplicateName:
        'listener name "{{name}}" is already used by listener #{{other}} of this {{owner}}, so the API server rejects it ("Listener name must be unique within the Gateway"); rename one of them',
      duplicate:
        '{{listener}} has the port, protocol and hostname of {{other}}, so the API server rejects the {{owner}} ("Combination of port, protocol and hostname must be unique for each listener"); change the hostname or the port of one of them',
      tcpConflict:
        '{{listener}} shares port {{port}} with {{other}}, and a TCP listener cannot share its port with an HTTP, HTTPS or TLS one, so both are Conflicted (ProtocolConflict) and neither is accepted; move one of them to another port',
      httpConflict:
        '{{listener}} shares port {{port}} with {{other}}: plain HTTP and TLS on one port are conflicting protocols for most implementations (Conflicted, ProtocolConflict), which then accept neither; move one of them to another port',
      unsupportedProtocol:
        'protocol "{{protocol}}" is not a core protocol (HTTP, HTTPS, TLS, TCP, UDP), and implementation protocols must be domain-prefixed (example.com/{{protocol}}), so no implementation accepts this listener (UnsupportedProtocol); use a core protocol or your implementation\'s prefixed name',
      legacyTcpOnTls:
        'route kind "TCPRoute" on a TLS listener that terminates TLS is no longer part of the Gateway API (removed in v1.5), so only implementations that still serve it accept it (Envoy Gateway does); check that yours does, or use TLSRoute',
      routeKind:
        'route kind "{{kind}}" {{why}}, so this listener\'s ResolvedRefs is False (InvalidRouteKinds) and such routes are not accepted; use {{allowed}}',
    },
    remediation:
      'Give each listener a unique name and a unique port/protocol/hostname combination; keep TCP listeners on ports of their own; use HTTP, HTTPS, TLS, TCP or UDP (or a domain-prefixed protocol of your implementation); list in allowedRoutes.kinds only route kinds the protocol serves (HTTPRoute and GRPCRoute for HTTP and HTTPS, TLSRoute for TLS, TCPRoute for TCP, UDPRoute for UDP).',
  },
  check(context) {
    const index = gatewayApiOf(context.model);
    context.each(index.gateways, (gateway) => checkListeners(context, { object: gateway.object, listeners: gateway.listeners, kind: 'Gateway' }));
    // A ListenerSet's listeners obey the same rules among themselves (the CRD repeats the Gateway's); conflicts with the Gateway's are listener-set-parent's.
    context.each(index.listenerSets, (set) => checkListeners(context, { object: set.object, listeners: set.listeners, kind: 'ListenerSet' }));
  },
};

function checkListeners(context: RuleContext, gateway: ListenerOwner): void {
  const { object } = gateway;
  gateway.listeners.forEach((listener, i) => {
    const earlier = gateway.listeners.slice(0, i);
    const named = earlier.find((other) => listener.name !== undefined && other.name === listener.name);
    if (named) context.report({ messageId: 'duplicateName', data: { name: listener.name!, other: named.index + 1, owner: gateway.kind }, at: { object, path: [...listener.path, 'name'] }, related: [related(gateway, named)] });
    if (listener.protocol !== undefined && isReservedUnknownProtocol(listener.protocol)) {
      context.report({ messageId: 'unsupportedProtocol', data: { protocol: listener.protocol }, at: { object, path: [...listener.path, 'protocol'] } });
    }
    checkPortSharing(context, gateway, listener, earlier);
    checkKinds(context, gateway, listener);
  });
}

function related(gateway: ListenerOwner, listener: ListenerView) {
  return { at: { object: gateway.object, path: listener.path }, message: `${describeListener(listener)} of this ${gateway.kind}` };
}

function checkPortSharing(context: RuleContext, gateway: ListenerOwner, listener: ListenerView, earlier: readonly ListenerView[]): void {
  if (listener.port === undefined || listener.protocol === undefined) return;
  const { object } = gateway;
  const samePort = earlier.filter((other) => other.port === listener.port && other.protocol !== undefined);
  const data = (other: ListenerView) => ({ listener: describeListener(listener), other: describeListener(other), port: listener.port!, owner: gateway.kind });
  const duplicate = samePort.find((other) => listenersConflict(listener, other) === 'HostnameConflict');
  if (duplicate) {
    context.report({ messageId: 'duplicate', data: data(duplicate), at: { object, path: [...listener.path, listener.hostname !== undefined ? 'hostname' : 'port'] }, related: [related(gateway, duplicate)] });
    return;
  }
  // "all the Listeners that share a port with the TCP Listener are not distinct and so MUST NOT be accepted" (GatewaySpec.Listeners).
  const tcp = samePort.find((other) => listenersConflict(listener, other) === 'ProtocolConflict');
  if (tcp) {
    context.report({ messageId: 'tcpConflict', data: data(tcp), at: { object, path: [...listener.path, 'port'] }, related: [related(gateway, tcp)] });
    return;
  }
  // Plain HTTP next to HTTPS or TLS: distinct by the spec's letter, conflicting for most implementations.
  const http = samePort.find((other) => (other.protocol === 'HTTP') !== (listener.protocol === 'HTTP') && L7_PROTOCOLS.has(other.protocol!) && L7_PROTOCOLS.has(listener.protocol!));
  if (http) context.report({ messageId: 'httpConflict', data: data(http), at: { object, path: [...listener.path, 'port'] }, related: [related(gateway, http)], severity: 'warning' });
}

function checkKinds(context: RuleContext, gateway: ListenerOwner, listener: ListenerView): void {
  const served = protocolRouteKinds(listener.protocol);
  for (const entry of listener.allowedRoutes.kinds ?? []) {
    // A kind of another group is an implementation's own route kind: its implementation decides.
    if (entry.group !== GATEWAY_API_GROUP) continue;
    const known = (ROUTE_KINDS as readonly string[]).includes(entry.kind);
    if (known && (!served || served.includes(entry.kind as RouteKind))) continue;
    if (isLegacyTcpOnTls(listener, entry.kind)) {
      context.report({ messageId: 'legacyTcpOnTls', data: {}, at: { object: gateway.object, path: [...entry.path, 'kind'] }, severity: 'warning' });
      continue;
    }
    const why = known ? `is not served by protocol ${listener.protocol}` : 'is not a Gateway API route kind';
    const allowed = served ? served.join(' or ') : ROUTE_KINDS.join(', ');
    context.report({ messageId: 'routeKind', data: { kind: entry.kind, why, allowed }, at: { object: gateway.object, path: [...entry.path, 'kind'] } });
  }
}

export default rule;
