/**
 * Gateway API semantics, once: which listeners a route's parentRef selects, whether a listener admits
 * the route (allowedRoutes namespaces and kinds, the protocol, hostnames), hostname intersection, and
 * whether a ReferenceGrant permits a cross-namespace reference. The rules, `reach` and `explain` call
 * these; none re-implements them. Facts and sources: docs/research/gateway-api.md (b).
 */
import { viewsOf } from '../model/kinds/define.ts';
import {
  GATEWAY_API_GROUP,
  GATEWAY_CLASS_KIND,
  GATEWAY_KIND,
  LISTENER_SET_KIND,
  REFERENCE_GRANT_KIND,
  routesOf,
  type GatewayClassView,
  type GatewayView,
  type GroupKind,
  type ListenerSetView,
  type ListenerView,
  type ParentRefView,
  type ReferenceGrantView,
  type RouteKind,
  type RouteView,
} from '../model/kinds/gateway-api.ts';
import type { LabelSelector, Model } from '../model/types.ts';
import { matchesSelector } from './selector.ts';

/** The core listener protocols; any other protocol must be domain-prefixed (`example.com/proto`). */
export const CORE_PROTOCOLS: ReadonlySet<string> = new Set(['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP']);

/** Whether a listener protocol is one no implementation may define: not core and not domain-prefixed (UnsupportedProtocol). */
export function isReservedUnknownProtocol(protocol: string): boolean {
  return !CORE_PROTOCOLS.has(protocol) && !protocol.includes('/');
}

/**
 * The route kinds a listener protocol accepts (api-overview.md "Route summary table"): HTTP and HTTPS
 * take HTTPRoute and GRPCRoute; TLS takes TLSRoute (TCPRoute was removed from TLS listeners in v1.5);
 * TCP takes TCPRoute, UDP UDPRoute. Undefined for an implementation's own protocol: it decides.
 */
export function protocolRouteKinds(protocol: string | undefined): readonly RouteKind[] | undefined {
  switch (protocol) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TLS':
      return ['TLSRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'UDP':
      return ['UDPRoute'];
    default:
      return undefined;
  }
}

/**
 * Whether a TCPRoute on this listener depends on the implementation: a TLS listener in Terminate mode
 * served TCPRoutes until v1.5 ("Remove TCPRoute support from TLS listeners"), and implementations such
 * as Envoy Gateway still do.
 */
export function isLegacyTcpOnTls(listener: ListenerView, kind: string): boolean {
  return kind === 'TCPRoute' && listener.protocol === 'TLS' && listener.tls?.mode !== 'Passthrough';
}

/** Whether a listener accepts routes of this kind: by `allowedRoutes.kinds` when written, and always by its protocol. */
export function listenerAcceptsKind(listener: ListenerView, kind: RouteKind): boolean {
  const byProtocol = protocolRouteKinds(listener.protocol);
  if (byProtocol && !byProtocol.includes(kind) && !isLegacyTcpOnTls(listener, kind)) return false;
  const kinds = listener.allowedRoutes.kinds;
  return !kinds || kinds.some((entry) => entry.group === GATEWAY_API_GROUP && entry.kind === kind);
}

/**
 * Whether `host` (a precise name, or a `*.` wildcard) is matched by `pattern`: equal, or `pattern` is
 * `*.suffix` and `host` ends in `.suffix` with at least one label before it (`*.example.com` matches
 * `a.b.example.com`, not `example.com`; hostnames.md).
 */
function wildcardCovers(pattern: string, host: string): boolean {
  if (!pattern.startsWith('*.')) return pattern === host;
  const suffix = pattern.slice(1);
  const bare = host.startsWith('*.') ? host.slice(2) : host;
  return bare.endsWith(suffix) && bare.length > suffix.length;
}

/** Whether two hostnames intersect (listener vs route; an unset one matches every host). */
export function hostnamesIntersect(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  if (a === b) return true;
  return wildcardCovers(a, b) || wildcardCovers(b, a);
}

/** Whether one of a route's hostnames (none: any host) intersects the listener's hostname. */
export function routeHostnamesIntersect(route: RouteView, listener: ListenerView): boolean {
  // TCP and UDP routes carry no hostnames, and their listeners none either.
  if (route.hostnames.length === 0 || listener.hostname === undefined) return true;
  return route.hostnames.some((host) => hostnamesIntersect(listener.hostname, host.value));
}

/** Whether a listener admits routes of a namespace: `yes`, `no`, or `assumed` when a selector reads labels of a namespace the tree does not declare. */
export type Admission = 'yes' | 'no' | 'assumed';

/**
 * Whether `allowedRoutes.namespaces` of a listener admits a route in `routeNamespace`. `Selector` reads
 * the labels of the route's Namespace: declared in the tree (or the config), its labels are known;
 * otherwise only the automatic `kubernetes.io/metadata.name` is, and a selector it does not decide is `assumed`.
 */
export function namespaceAdmission(model: Pick<Model, 'namespaces' | 'settings'>, owner: ListenerOwner, listener: ListenerView, routeNamespace: string): Admission {
  const { from, selector } = listener.allowedRoutes;
  if (from === 'All') return 'yes';
  if (from === 'Same') return routeNamespace === owner.object.namespace ? 'yes' : 'no';
  if (from !== 'Selector' || !selector || selector.invalid) return 'no';
  return selectorAdmission(model, selector, routeNamespace);
}

/** The object whose namespace `from: Same` means: the Gateway, or for a ListenerSet's listener the ListenerSet (conformance ListenerSetAllowedRoutesNamespaces). */
export interface ListenerOwner {
  readonly object: { readonly namespace: string };
}

/**
 * Whether a namespace selector (of allowedRoutes or allowedListeners) selects `namespace`: declared in
 * the tree (or the config), its labels are known; otherwise only the automatic
 * `kubernetes.io/metadata.name` is, and a selector it does not decide is `assumed`.
 */
function selectorAdmission(model: Pick<Model, 'namespaces' | 'settings'>, selector: LabelSelector, namespace: string): Admission {
  const known = model.namespaces.get(namespace);
  // Declared in the tree, or in the config as existing outside it: its labels are known.
  const declared = known && (known.object || model.settings.externalNamespaces.some((external) => external.name === namespace));
  if (declared) return matchesSelector(selector, known.labels) ? 'yes' : 'no';
  // Not declared: it has at least its name label, and the selector may read others it carries.
  const minimal = { 'kubernetes.io/metadata.name': namespace };
  const decidedByName = Object.keys(selector.matchLabels).every((key) => key === 'kubernetes.io/metadata.name') && selector.matchExpressions.every((e) => e.key === 'kubernetes.io/metadata.name');
  if (decidedByName) return matchesSelector(selector, minimal) ? 'yes' : 'no';
  return 'assumed';
}

/**
 * Whether a Gateway accepts the listeners of a ListenerSet (`spec.allowedListeners.namespaces`, default
 * `None`: no ListenerSet; `Same`: of the Gateway's namespace; `All`; `Selector` over the ListenerSet's
 * Namespace labels, `assumed` when they are not known).
 */
export function listenerSetAdmission(model: Pick<Model, 'namespaces' | 'settings'>, gateway: GatewayView, listenerSet: ListenerSetView): Admission {
  const { from, selector } = gateway.allowedListeners;
  const namespace = listenerSet.object.namespace;
  if (from === 'All') return 'yes';
  if (from === 'Same') return namespace === gateway.object.namespace ? 'yes' : 'no';
  if (from !== 'Selector' || !selector || selector.invalid) return 'no';
  return selectorAdmission(model, selector, namespace);
}

/**
 * How a listener judges a route: `accepted`, refused for its `kind`, `namespace` or `hostname` (in the
 * order conformance reports them), or accepted under an assumption: the route's Namespace labels
 * (`assumed`), or an implementation that still serves TCPRoutes on TLS listeners (`assumedKind`).
 */
export type ListenerVerdict = 'accepted' | 'kind' | 'namespace' | 'hostname' | 'assumed' | 'assumedKind';

/** How one listener judges one route. */
export function listenerVerdict(model: Pick<Model, 'namespaces' | 'settings'>, owner: ListenerOwner, listener: ListenerView, route: RouteView): ListenerVerdict {
  if (!listenerAcceptsKind(listener, route.kind)) return 'kind';
  const admission = namespaceAdmission(model, owner, listener, route.object.namespace);
  if (admission === 'no') return 'namespace';
  if (!routeHostnamesIntersect(route, listener)) return 'hostname';
  if (admission === 'assumed') return 'assumed';
  return isLegacyTcpOnTls(listener, route.kind) ? 'assumedKind' : 'accepted';
}

/** The namespace a reference points into: its own `namespace`, else the referrer's. */
export function targetNamespace(ref: { readonly namespace?: string }, referrerNamespace: string): string {
  return ref.namespace ?? referrerNamespace;
}

/** Whether a parentRef names a Gateway (group gateway.networking.k8s.io, kind Gateway). */
export function isGatewayRef(ref: ParentRefView): boolean {
  return ref.group === GATEWAY_API_GROUP && ref.kind === 'Gateway';
}

/** Whether a parentRef names a ListenerSet (group gateway.networking.k8s.io, kind ListenerSet). */
export function isListenerSetRef(ref: ParentRefView): boolean {
  return ref.group === GATEWAY_API_GROUP && ref.kind === 'ListenerSet';
}

/** The listeners of a Gateway (or of a ListenerSet) a parentRef selects: by sectionName and by port, both when both are set. */
export function selectedListeners(parent: { readonly listeners: readonly ListenerView[] }, ref: ParentRefView): readonly ListenerView[] {
  return parent.listeners.filter((listener) => (ref.sectionName === undefined || listener.name === ref.sectionName) && (ref.port === undefined || listener.port === ref.port));
}

/**
 * One parentRef of a route to a Gateway of the tree, resolved; or to a ListenerSet of the tree whose
 * parent Gateway is in the tree: then `gateway` is that parent (its data plane carries the traffic) and
 * `listeners` are the ListenerSet's.
 */
export interface Attachment {
  readonly route: RouteView;
  readonly ref: ParentRefView;
  readonly gateway: GatewayView;
  /** The ListenerSet the ref names, and whether its parent Gateway accepts it. */
  readonly listenerSet?: { readonly view: ListenerSetView; readonly admission: Admission };
  /** The listeners the ref selects, each with its verdict. */
  readonly listeners: readonly { readonly listener: ListenerView; readonly verdict: ListenerVerdict }[];
}

/**
 * The listeners an attachment actually attaches to (accepted, or accepted under an assumption); none
 * through a ListenerSet its Gateway refuses, and not a ListenerSet's listener that conflicts with one of
 * the Gateway's own (the Gateway's listeners take precedence).
 */
export function attachedListeners(attachment: Attachment): readonly ListenerView[] {
  const set = attachment.listenerSet;
  if (set?.admission === 'no') return [];
  return attachment.listeners
    .filter((l) => !set || !parentListenerConflict(attachment.gateway, l.listener)).filter((l) => l.verdict === 'accepted' || l.verdict === 'assumed' || l.verdict === 'assumedKind').map((l) => l.listener);
}

/** Indexes of the Gateway API objects of one model, built once. */
export interface GatewayApiIndex {
  readonly gateways: readonly GatewayView[];
  readonly gatewayClasses: readonly GatewayClassView[];
  readonly grants: readonly ReferenceGrantView[];
  readonly routes: readonly RouteView[];
  readonly listenerSets: readonly ListenerSetView[];
  /** The ListenerSet of that namespace and name (the first definition, when defined twice). */
  listenerSet(namespace: string, name: string): ListenerSetView | undefined;
  /** Whether the tree holds any ListenerSet in a namespace. */
  holdsListenerSetsIn(namespace: string): boolean;
  /** The parent Gateway of a ListenerSet, when the tree holds it (a Gateway of group gateway.networking.k8s.io). */
  parentOf(listenerSet: ListenerSetView): GatewayView | undefined;
  /** The Gateway of that namespace and name (the first definition, when defined twice). */
  gateway(namespace: string, name: string): GatewayView | undefined;
  /** Whether the tree holds any Gateway in a namespace. */
  holdsGatewaysIn(namespace: string): boolean;
  /** The ReferenceGrants of a namespace. */
  grantsIn(namespace: string): readonly ReferenceGrantView[];
  /** The parentRefs of a route that name a Gateway of the tree, resolved (against the definition that attaches it, when defined twice). */
  attachments(route: RouteView): readonly Attachment[];
}

const indexes = new WeakMap<object, GatewayApiIndex>();

/** The Gateway API index of a model (memoised per model). */
export function gatewayApiOf(model: Model): GatewayApiIndex {
  let index = indexes.get(model);
  if (!index) indexes.set(model, (index = buildIndex(model)));
  return index;
}

function buildIndex(model: Model): GatewayApiIndex {
  const gateways = viewsOf(model, GATEWAY_KIND);
  const grants = viewsOf(model, REFERENCE_GRANT_KIND);
  // Several Gateways of one namespace and name are one object defined twice (duplicate-object reports
  // it): a route may be meant for any of the definitions, so each is tried.
  const byName = new Map<string, GatewayView[]>();
  const inNamespace = new Set<string>();
  for (const gateway of gateways) {
    const key = `${gateway.object.namespace}/${gateway.object.name}`;
    const list = byName.get(key);
    if (list) list.push(gateway);
    else byName.set(key, [gateway]);
    inNamespace.add(gateway.object.namespace);
  }
  const grantsByNamespace = new Map<string, ReferenceGrantView[]>();
  for (const grant of grants) {
    const list = grantsByNamespace.get(grant.object.namespace);
    if (list) list.push(grant);
    else grantsByNamespace.set(grant.object.namespace, [grant]);
  }
  const listenerSets = viewsOf(model, LISTENER_SET_KIND);
  const listenerSetsByName = new Map<string, ListenerSetView>();
  for (const set of listenerSets) {
    const key = `${set.object.namespace}/${set.object.name}`;
    if (!listenerSetsByName.has(key)) listenerSetsByName.set(key, set);
  }
  const attachmentCache = new Map<RouteView, readonly Attachment[]>();
  const gateway = (namespace: string, name: string) => byName.get(`${namespace}/${name}`)?.[0];
  const parentOf = (set: ListenerSetView) => {
    const ref = set.parentRef;
    if (ref.group !== GATEWAY_API_GROUP || ref.kind !== 'Gateway' || ref.name === undefined) return undefined;
    return gateway(targetNamespace(ref, set.object.namespace), ref.name);
  };
  const throughListenerSet = (route: RouteView, ref: ParentRefView): Attachment[] => {
    const set = ref.name === undefined ? undefined : listenerSetsByName.get(`${targetNamespace(ref, route.object.namespace)}/${ref.name}`);
    const parent = set && parentOf(set);
    if (!set || !parent) return [];
    return [
      {
        route,
        ref,
        gateway: parent,
        listenerSet: { view: set, admission: listenerSetAdmission(model, parent, set) },
        listeners: selectedListeners(set, ref).map((listener) => ({ listener, verdict: listenerVerdict(model, set, listener, route) })),
      },
    ];
  };
  return {
    gateways,
    gatewayClasses: viewsOf(model, GATEWAY_CLASS_KIND),
    grants,
    routes: routesOf(model),
    listenerSets,
    listenerSet: (namespace, name) => listenerSetsByName.get(`${namespace}/${name}`),
    holdsListenerSetsIn: (namespace) => listenerSets.some((set) => set.object.namespace === namespace),
    parentOf,
    gateway,
    holdsGatewaysIn: (namespace) => inNamespace.has(namespace),
    grantsIn: (namespace) => grantsByNamespace.get(namespace) ?? [],
    attachments(route) {
      let list = attachmentCache.get(route);
      if (!list) {
        list = route.parentRefs.flatMap((ref) => {
          if (isListenerSetRef(ref)) return throughListenerSet(route, ref);
          if (!isGatewayRef(ref) || ref.name === undefined) return [];
          const candidates = (byName.get(`${targetNamespace(ref, route.object.namespace)}/${ref.name}`) ?? []).map((found) => ({
            route,
            ref,
            gateway: found,
            listeners: selectedListeners(found, ref).map((listener) => ({ listener, verdict: listenerVerdict(model, found, listener, route) })),
          }));
          const attaching = candidates.find((candidate) => candidate.listeners.some((l) => l.verdict !== 'kind' && l.verdict !== 'namespace' && l.verdict !== 'hostname'));
          const chosen = attaching ?? candidates[0];
          return chosen ? [chosen] : [];
        });
        attachmentCache.set(route, list);
      }
      return list;
    },
  };
}

/** A reference from one namespace into another, as a ReferenceGrant judges it. */
export interface CrossReference {
  readonly from: GroupKind & { readonly namespace: string };
  readonly to: GroupKind & { readonly namespace: string; readonly name: string };
}

/**
 * The grant of the target namespace that permits a reference (referencegrant_types.go): some `from`
 * with the referrer's group, kind and namespace, and some `to` with the referent's group and kind and
 * no name or the referent's name. Undefined when none does.
 */
export function permittingGrant(index: GatewayApiIndex, reference: CrossReference): ReferenceGrantView | undefined {
  return index.grantsIn(reference.to.namespace).find((grant) => grantPermits(grant, reference));
}

/** Whether one grant permits a reference (it must be in the referent's namespace). */
export function grantPermits(grant: ReferenceGrantView, { from, to }: CrossReference): boolean {
  if (grant.object.namespace !== to.namespace) return false;
  const fromOk = grant.from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace);
  return fromOk && grant.to.some((t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name));
}

/**
 * Every cross-namespace reference of the tree that a ReferenceGrant governs: route backendRefs (and
 * mirrors) and Gateway and ListenerSet certificateRefs. Cross-namespace parentRefs are governed by allowedRoutes, not
 * by grants.
 */
export function crossReferences(index: GatewayApiIndex): { readonly reference: CrossReference; readonly object: RouteView['object']; readonly path: readonly (string | number)[] }[] {
  const out: { reference: CrossReference; object: RouteView['object']; path: readonly (string | number)[] }[] = [];
  for (const route of index.routes) {
    const namespace = route.object.namespace;
    for (const rule of route.rules) {
      for (const ref of rule.backendRefs) {
        if (ref.name === undefined || ref.namespace === undefined || ref.namespace === namespace) continue;
        const reference = { from: { group: GATEWAY_API_GROUP, kind: route.kind, namespace }, to: { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name } };
        out.push({ reference, object: route.object, path: ref.path });
      }
    }
  }
  for (const gateway of index.gateways) {
    const namespace = gateway.object.namespace;
    for (const listener of gateway.listeners) {
      for (const ref of listener.tls?.certificateRefs ?? []) {
        if (ref.name === undefined || ref.namespace === undefined || ref.namespace === namespace) continue;
        const reference = { from: { group: GATEWAY_API_GROUP, kind: 'Gateway', namespace }, to: { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name } };
        out.push({ reference, object: gateway.object, path: ref.path });
      }
    }
  }
  // A ListenerSet's certificateRefs are its own references: a grant names kind ListenerSet (conformance listenerset-reference-grant.yaml).
  for (const set of index.listenerSets) {
    const namespace = set.object.namespace;
    for (const listener of set.listeners) {
      for (const ref of listener.tls?.certificateRefs ?? []) {
        if (ref.name === undefined || ref.namespace === undefined || ref.namespace === namespace) continue;
        const reference = { from: { group: GATEWAY_API_GROUP, kind: 'ListenerSet', namespace }, to: { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name } };
        out.push({ reference, object: set.object, path: ref.path });
      }
    }
  }
  return out;
}

/** `Gateway "infra/public"`, `listener "https" (443/HTTPS)`: how findings name them. */
export function describeGateway(gateway: GatewayView): string {
  return `Gateway "${gateway.object.namespace}/${gateway.object.name}"`;
}

/** How a ListenerSet's listener conflicts with one of its parent Gateway's listeners, which wins (ListenerSet.spec.listeners: "1. "parent" Gateway"). */
export interface ListenerConflict {
  readonly other: ListenerView;
  /** `HostnameConflict`: same port, protocol and hostname; `ProtocolConflict`: a TCP listener and an HTTP, HTTPS or TLS one on one port. */
  readonly reason: 'HostnameConflict' | 'ProtocolConflict';
}

/** The protocols that cannot share a port with a TCP listener ("all the Listeners that share a port with the TCP Listener are not distinct"). */
export const L7_PROTOCOLS: ReadonlySet<string> = new Set(['HTTP', 'HTTPS', 'TLS']);

/**
 * How two listeners on one Gateway (with its ListenerSets) conflict, if they do: the same port,
 * protocol and hostname (`HostnameConflict`), or a TCP listener and an HTTP, HTTPS or TLS one on one
 * port (`ProtocolConflict`). Whichever comes later in the merge order is the one not accepted.
 */
export function listenersConflict(a: ListenerView, b: ListenerView): ListenerConflict['reason'] | undefined {
  if (a.port === undefined || a.protocol === undefined || b.port !== a.port || b.protocol === undefined) return undefined;
  if (b.protocol === a.protocol && b.hostname === a.hostname) return 'HostnameConflict';
  if ((b.protocol === 'TCP' && L7_PROTOCOLS.has(a.protocol)) || (a.protocol === 'TCP' && L7_PROTOCOLS.has(b.protocol))) return 'ProtocolConflict';
  return undefined;
}

/** The conflict of a ListenerSet's listener with a listener of its parent Gateway, if any (conformance ListenerSetHostnameConflict, ListenerSetProtocolConflict). */
export function parentListenerConflict(gateway: { readonly listeners: readonly ListenerView[] }, listener: ListenerView): ListenerConflict | undefined {
  for (const other of gateway.listeners) {
    const reason = listenersConflict(listener, other);
    if (reason) return { other, reason };
  }
  return undefined;
}

/** `ListenerSet "team/extra"`. */
export function describeListenerSet(set: ListenerSetView): string {
  return `ListenerSet "${set.object.namespace}/${set.object.name}"`;
}

export function describeListener(listener: ListenerView): string {
  const name = listener.name ?? `#${listener.index + 1}`;
  const where = [listener.port, listener.protocol].filter((part) => part !== undefined).join('/');
  const host = listener.hostname ? `, host ${listener.hostname}` : '';
  return `listener "${name}" (${where || 'no port'}${host})`;
}
