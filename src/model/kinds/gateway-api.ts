/**
 * The Gateway API (gateway.networking.k8s.io): GatewayClass, Gateway, ListenerSet, the five route kinds,
 * ReferenceGrant and BackendTLSPolicy, read in the versions the v1.6.1 CRDs serve (standard and
 * experimental channels; docs/research/gateway-api.md (a)). A version no release serves any more
 * (v1alpha2 Gateway, HTTPRoute, GRPCRoute, ReferenceGrant) is outside the schema's apiVersion enum,
 * so the schema rule reports it as not served, as it does removed Ingress versions.
 *
 * Views apply the CRD defaults a rule needs (a parentRef's group `gateway.networking.k8s.io` and kind
 * `Gateway`, a backendRef's group `""` and kind `Service`, a listener's `allowedRoutes.namespaces.from:
 * Same`, an HTTPRoute rule's match `PathPrefix /`), and record which fields were written. Every
 * reference keeps its path: a rule reports at `[...ref.path, 'port']` (the field, or the reference when
 * the field is not written).
 */
import backendTlsPolicySchema from '../../../schemas/gateway-api/backendtlspolicy.schema.json' with { type: 'json' };
import common from '../../../schemas/gateway-api/common.schema.json' with { type: 'json' };
import gatewaySchema from '../../../schemas/gateway-api/gateway.schema.json' with { type: 'json' };
import gatewayClassSchema from '../../../schemas/gateway-api/gatewayclass.schema.json' with { type: 'json' };
import grpcRouteSchema from '../../../schemas/gateway-api/grpcroute.schema.json' with { type: 'json' };
import httpRouteSchema from '../../../schemas/gateway-api/httproute.schema.json' with { type: 'json' };
import referenceGrantSchema from '../../../schemas/gateway-api/referencegrant.schema.json' with { type: 'json' };
import tcpRouteSchema from '../../../schemas/gateway-api/tcproute.schema.json' with { type: 'json' };
import tlsRouteSchema from '../../../schemas/gateway-api/tlsroute.schema.json' with { type: 'json' };
import listenerSetSchema from '../../../schemas/gateway-api/listenerset.schema.json' with { type: 'json' };
import udpRouteSchema from '../../../schemas/gateway-api/udproute.schema.json' with { type: 'json' };
import kubernetesCommon from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import type { Path } from '../../source/types.ts';
import type { KubeObject, LabelSelector, Model, StringEntry } from '../types.ts';
import { asArray, asInteger, asPortNumber, asRecord, asString } from '../values.ts';
import { defineKind, viewsOf, type KindModule } from './define.ts';
import { stringEntries, toLabelSelector } from './read-common.ts';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute' | 'UDPRoute';
export const ROUTE_KINDS: readonly RouteKind[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/** A `group` + `kind` (RouteGroupKind, ReferenceGrant `to`), the group defaulted as the field's CRD says. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

export interface GatewayClassView {
  readonly object: KubeObject;
  readonly controllerName?: string;
}

/** `allowedRoutes` of a listener, with the CRD default `namespaces.from: Same`. */
export interface AllowedRoutesView {
  /** `All`, `Same`, `Selector` (or an unknown value the schema rule reports, which admits nothing). */
  readonly from: string;
  /** Path of `allowedRoutes.namespaces.from` (written or not). */
  readonly fromPath: Path;
  /** The namespace selector when `from` is `Selector` and a selector is written. */
  readonly selector?: LabelSelector;
  readonly selectorPath: Path;
  /** The route kinds written in `allowedRoutes.kinds`; undefined when unset or empty (the protocol decides). */
  readonly kinds?: readonly (GroupKind & { readonly path: Path })[];
  readonly kindsPath: Path;
}

/** A certificateRef (SecretObjectReference; group default `""`, kind default `Secret`). */
export interface SecretRefView {
  readonly path: Path;
  readonly group: string;
  readonly kind: string;
  readonly name?: string;
  /** As written; unset means the Gateway's namespace. */
  readonly namespace?: string;
}

export interface ListenerTlsView {
  readonly path: Path;
  /** `Terminate` (the default) or `Passthrough`. */
  readonly mode: string;
  readonly modePath: Path;
  readonly certificateRefs: readonly SecretRefView[];
  readonly certificateRefsPath: Path;
  /** Whether `tls.options` is written (implementations may take certificates from there). */
  readonly hasOptions: boolean;
}

export interface ListenerView {
  readonly index: number;
  /** Path of the listener, `['spec', 'listeners', i]`. */
  readonly path: Path;
  readonly name?: string;
  readonly hostname?: string;
  readonly port?: number;
  /** As written (`HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP`, or a domain-prefixed one). */
  readonly protocol?: string;
  readonly tls?: ListenerTlsView;
  readonly allowedRoutes: AllowedRoutesView;
  /** The ListenerSet that declares this listener (its `path` is into it); absent for a Gateway's own listener. */
  readonly listenerSet?: KubeObject;
}

export interface GatewayView {
  readonly object: KubeObject;
  readonly className?: string;
  readonly classNamePath: Path;
  readonly listeners: readonly ListenerView[];
  /** `spec.infrastructure.labels` (labels implementations put on the resources they create). */
  readonly infrastructureLabels: Readonly<Record<string, string>>;
  /** `spec.allowedListeners`: which ListenerSets may add listeners to this Gateway (CRD default `from: None`). */
  readonly allowedListeners: AllowedListenersView;
}

/** `allowedListeners.namespaces` of a Gateway, with the CRD default `from: None`. */
export interface AllowedListenersView {
  /** `None` (the default), `Same`, `All`, `Selector` (or an unknown value the schema rule reports, which admits none). */
  readonly from: string;
  /** Whether `from` is written (else it is the default, `None`). */
  readonly fromWritten: boolean;
  /** Path of `allowedListeners.namespaces.from` when written, else of the Gateway's `spec`. */
  readonly fromPath: Path;
  /** The namespace selector when `from` is `Selector` and a selector is written. */
  readonly selector?: LabelSelector;
}

/** A ListenerSet (gateway.networking.k8s.io/v1 since Gateway API v1.5): listeners added to a parent Gateway. */
export interface ListenerSetView {
  readonly object: KubeObject;
  /** `spec.parentRef`, defaults applied (group `gateway.networking.k8s.io`, kind `Gateway`, the ListenerSet's namespace). */
  readonly parentRef: { readonly group: string; readonly kind: string; readonly namespace?: string; readonly name?: string; readonly path: Path };
  /** Its listeners (`ListenerEntry`, the fields of a Gateway listener), with paths into the ListenerSet. */
  readonly listeners: readonly ListenerView[];
}

/** A route's parentRef (ParentReference), defaults applied. */
export interface ParentRefView {
  readonly index: number;
  readonly path: Path;
  /** Default `gateway.networking.k8s.io`. */
  readonly group: string;
  /** Default `Gateway`. */
  readonly kind: string;
  /** As written; unset means the route's namespace. */
  readonly namespace?: string;
  readonly name?: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** A backendRef (BackendRef; also a RequestMirror filter's backendRef), defaults applied. */
export interface BackendRefView {
  readonly path: Path;
  /** Default `""` (core). */
  readonly group: string;
  /** Default `Service`. */
  readonly kind: string;
  readonly name?: string;
  /** As written; unset means the route's namespace. */
  readonly namespace?: string;
  /** The Service port (not the target port). */
  readonly port?: number;
  /** Default 1; 0 sends no traffic. */
  readonly weight: number;
  /** A RequestMirror filter's backendRef: it gets copies, and no answer is taken from it. */
  readonly mirror: boolean;
}

/** A header or query-parameter match. */
export interface ValueMatchView {
  readonly path: Path;
  readonly name: string;
  /** `Exact` (default) or `RegularExpression`. */
  readonly type: string;
  readonly value: string;
}

/** One entry of a rule's `matches` (HTTPRoute or GRPCRoute). */
export interface RouteMatchView {
  readonly path: Path;
  /** True for the match an HTTPRoute rule gets when it writes none (`PathPrefix /`). */
  readonly implicit: boolean;
  /** HTTPRoute: the path match with its defaults (`PathPrefix`, `/`). */
  readonly pathMatch?: { readonly type: string; readonly value: string; readonly path: Path };
  /** HTTPRoute: the method, when written. */
  readonly method?: string;
  /** GRPCRoute: the method match (type default `Exact`). */
  readonly grpcMethod?: { readonly type: string; readonly service?: string; readonly method?: string; readonly path: Path };
  readonly headers: readonly ValueMatchView[];
  readonly queryParams: readonly ValueMatchView[];
}

export interface RouteRuleView {
  readonly index: number;
  readonly path: Path;
  readonly name?: string;
  /** Empty for TLS, TCP and UDP routes (they have no matches) and for a GRPCRoute rule that matches all. */
  readonly matches: readonly RouteMatchView[];
  /** backendRefs, then the backendRefs of RequestMirror filters (`mirror: true`). */
  readonly backendRefs: readonly BackendRefView[];
  /** Whether the rule answers by itself (a RequestRedirect filter): it sends to no backend. */
  readonly redirects: boolean;
}

export interface RouteView {
  readonly object: KubeObject;
  readonly kind: RouteKind;
  readonly parentRefs: readonly ParentRefView[];
  readonly parentRefsPath: Path;
  /** Empty when unset (or for TCP and UDP routes): the route matches any host. */
  readonly hostnames: readonly StringEntry[];
  readonly hostnamesPath: Path;
  readonly rules: readonly RouteRuleView[];
  /** `spec.useDefaultGateways` (experimental): the route attaches to the cluster's default Gateways. */
  readonly useDefaultGateways?: string;
}

export interface ReferenceGrantFromView extends GroupKind {
  readonly path: Path;
  readonly namespace?: string;
}

export interface ReferenceGrantToView extends GroupKind {
  readonly path: Path;
  /** Unset means every object of the group and kind in the grant's namespace. */
  readonly name?: string;
}

export interface ReferenceGrantView {
  readonly object: KubeObject;
  readonly from: readonly ReferenceGrantFromView[];
  readonly to: readonly ReferenceGrantToView[];
}

/** A same-namespace reference (BackendTLSPolicy targetRefs, caCertificateRefs). */
export interface LocalRefView extends GroupKind {
  readonly path: Path;
  readonly name?: string;
  readonly sectionName?: string;
}

export interface BackendTlsPolicyView {
  readonly object: KubeObject;
  readonly targetRefs: readonly LocalRefView[];
  readonly hostname?: string;
  readonly caCertificateRefs: readonly LocalRefView[];
}

const spec = (object: KubeObject) => asRecord(object.raw.spec) ?? {};
const written = (value: unknown) => asString(value);

function toGatewayClass(object: KubeObject): GatewayClassView {
  const controllerName = asString(spec(object).controllerName);
  return { object, ...(controllerName !== undefined ? { controllerName } : {}) };
}

function toSecretRef(value: unknown, path: Path): SecretRefView {
  const ref = asRecord(value) ?? {};
  const name = written(ref.name);
  const namespace = written(ref.namespace);
  return {
    path,
    group: asString(ref.group) ?? '',
    kind: asString(ref.kind) ?? 'Secret',
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

function toListener(value: unknown, index: number): ListenerView {
  const listener = asRecord(value) ?? {};
  const path: Path = ['spec', 'listeners', index];
  const name = asString(listener.name);
  const hostname = asString(listener.hostname);
  const port = asPortNumber(listener.port);
  const protocol = asString(listener.protocol);
  const tlsRecord = asRecord(listener.tls);
  const tlsPath: Path = [...path, 'tls'];
  const tls: ListenerTlsView | undefined = tlsRecord && {
    path: tlsPath,
    mode: asString(tlsRecord.mode) ?? 'Terminate',
    modePath: [...tlsPath, 'mode'],
    certificateRefs: asArray(tlsRecord.certificateRefs).map((ref, i) => toSecretRef(ref, [...tlsPath, 'certificateRefs', i])),
    certificateRefsPath: [...tlsPath, 'certificateRefs'],
    hasOptions: asRecord(tlsRecord.options) !== undefined && Object.keys(asRecord(tlsRecord.options)!).length > 0,
  };
  const allowed = asRecord(listener.allowedRoutes) ?? {};
  const allowedPath: Path = [...path, 'allowedRoutes'];
  const namespaces = asRecord(allowed.namespaces) ?? {};
  const from = asString(namespaces.from) ?? 'Same';
  const selectorValue = asRecord(namespaces.selector);
  const kindList = asArray(allowed.kinds);
  const kinds = kindList.flatMap((entry, i) => {
    const record = asRecord(entry);
    const kind = asString(record?.kind);
    return kind === undefined ? [] : [{ group: asString(record!.group) ?? GATEWAY_API_GROUP, kind, path: [...allowedPath, 'kinds', i] }];
  });
  return {
    index,
    path,
    ...(name !== undefined ? { name } : {}),
    ...(hostname !== undefined ? { hostname } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(protocol !== undefined ? { protocol } : {}),
    ...(tls ? { tls } : {}),
    allowedRoutes: {
      from,
      fromPath: [...allowedPath, 'namespaces', 'from'],
      ...(from === 'Selector' && selectorValue ? { selector: toLabelSelector(selectorValue) } : {}),
      selectorPath: [...allowedPath, 'namespaces', 'selector'],
      ...(kindList.length > 0 ? { kinds } : {}),
      kindsPath: [...allowedPath, 'kinds'],
    },
  };
}

function toGateway(object: KubeObject): GatewayView {
  const s = spec(object);
  const className = asString(s.gatewayClassName);
  const labels = asRecord(asRecord(s.infrastructure)?.labels) ?? {};
  return {
    object,
    ...(className !== undefined ? { className } : {}),
    classNamePath: ['spec', 'gatewayClassName'],
    listeners: asArray(s.listeners).map(toListener),
    infrastructureLabels: Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    allowedListeners: toAllowedListeners(s.allowedListeners),
  };
}

function toAllowedListeners(value: unknown): AllowedListenersView {
  const namespaces = asRecord(asRecord(value)?.namespaces);
  const from = asString(namespaces?.from);
  const selectorValue = asRecord(namespaces?.selector);
  return {
    from: from ?? 'None',
    fromWritten: from !== undefined,
    fromPath: from !== undefined ? ['spec', 'allowedListeners', 'namespaces', 'from'] : ['spec'],
    ...(from === 'Selector' && selectorValue ? { selector: toLabelSelector(selectorValue) } : {}),
  };
}

function toListenerSet(object: KubeObject): ListenerSetView {
  const s = spec(object);
  const ref = asRecord(s.parentRef) ?? {};
  const namespace = written(ref.namespace);
  const name = written(ref.name);
  return {
    object,
    parentRef: {
      group: asString(ref.group) ?? GATEWAY_API_GROUP,
      kind: asString(ref.kind) ?? 'Gateway',
      ...(namespace !== undefined ? { namespace } : {}),
      ...(name !== undefined ? { name } : {}),
      path: ['spec', 'parentRef'],
    },
    listeners: asArray(s.listeners).map((value, index) => ({ ...toListener(value, index), listenerSet: object })),
  };
}

function toParentRef(value: unknown, index: number): ParentRefView {
  const ref = asRecord(value) ?? {};
  const namespace = written(ref.namespace);
  const name = written(ref.name);
  const sectionName = written(ref.sectionName);
  const port = asPortNumber(ref.port);
  return {
    index,
    path: ['spec', 'parentRefs', index],
    group: asString(ref.group) ?? GATEWAY_API_GROUP,
    kind: asString(ref.kind) ?? 'Gateway',
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(sectionName !== undefined ? { sectionName } : {}),
    ...(port !== undefined ? { port } : {}),
  };
}

function toBackendRef(value: unknown, path: Path, mirror: boolean): BackendRefView {
  const ref = asRecord(value) ?? {};
  const name = written(ref.name);
  const namespace = written(ref.namespace);
  const port = asPortNumber(ref.port);
  const weight = asInteger(ref.weight);
  return {
    path,
    group: asString(ref.group) ?? '',
    kind: asString(ref.kind) ?? 'Service',
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(port !== undefined ? { port } : {}),
    weight: weight !== undefined && weight >= 0 ? weight : 1,
    mirror,
  };
}

function toValueMatches(value: unknown, path: Path): ValueMatchView[] {
  return asArray(value).flatMap((entry, i) => {
    const match = asRecord(entry);
    const name = asString(match?.name);
    const text = asString(match?.value);
    if (name === undefined || text === undefined) return [];
    return [{ path: [...path, i], name, type: asString(match!.type) ?? 'Exact', value: text }];
  });
}

function toHttpMatch(value: unknown, path: Path): RouteMatchView {
  const match = asRecord(value) ?? {};
  const pathRecord = asRecord(match.path);
  const method = asString(match.method);
  return {
    path,
    implicit: false,
    pathMatch: { type: asString(pathRecord?.type) ?? 'PathPrefix', value: asString(pathRecord?.value) ?? '/', path: [...path, 'path'] },
    ...(method !== undefined ? { method } : {}),
    headers: toValueMatches(match.headers, [...path, 'headers']),
    queryParams: toValueMatches(match.queryParams, [...path, 'queryParams']),
  };
}

function toGrpcMatch(value: unknown, path: Path): RouteMatchView {
  const match = asRecord(value) ?? {};
  const methodRecord = asRecord(match.method);
  const service = asString(methodRecord?.service);
  const method = asString(methodRecord?.method);
  return {
    path,
    implicit: false,
    ...(methodRecord
      ? { grpcMethod: { type: asString(methodRecord.type) ?? 'Exact', ...(service !== undefined ? { service } : {}), ...(method !== undefined ? { method } : {}), path: [...path, 'method'] } }
      : {}),
    headers: toValueMatches(match.headers, [...path, 'headers']),
    queryParams: [],
  };
}

function toRule(kind: RouteKind, value: unknown, index: number): RouteRuleView {
  const rule = asRecord(value) ?? {};
  const path: Path = ['spec', 'rules', index];
  const name = asString(rule.name);
  let matches: RouteMatchView[] = [];
  if (kind === 'HTTPRoute') {
    matches = asArray(rule.matches).map((match, i) => toHttpMatch(match, [...path, 'matches', i]));
    // The CRD default of an HTTPRoute rule without matches: `[{path: {type: PathPrefix, value: /}}]`.
    if (matches.length === 0) matches = [{ path, implicit: true, pathMatch: { type: 'PathPrefix', value: '/', path }, headers: [], queryParams: [] }];
  } else if (kind === 'GRPCRoute') {
    matches = asArray(rule.matches).map((match, i) => toGrpcMatch(match, [...path, 'matches', i]));
  }
  const backendRefs = asArray(rule.backendRefs).map((ref, i) => toBackendRef(ref, [...path, 'backendRefs', i], false));
  let redirects = false;
  asArray(rule.filters).forEach((entry, i) => {
    const filter = asRecord(entry);
    if (filter?.type === 'RequestRedirect') redirects = true;
    const mirror = asRecord(asRecord(filter?.requestMirror)?.backendRef);
    if (filter?.type === 'RequestMirror' && mirror) backendRefs.push(toBackendRef(mirror, [...path, 'filters', i, 'requestMirror', 'backendRef'], true));
  });
  return { index, path, ...(name !== undefined ? { name } : {}), matches, backendRefs, redirects };
}

function routeReader(kind: RouteKind): (object: KubeObject) => RouteView {
  return (object) => {
    const s = spec(object);
    const useDefaultGateways = asString(s.useDefaultGateways);
    return {
      object,
      kind,
      ...(useDefaultGateways !== undefined ? { useDefaultGateways } : {}),
      parentRefs: asArray(s.parentRefs).map(toParentRef),
      parentRefsPath: ['spec', 'parentRefs'],
      hostnames: kind === 'TCPRoute' || kind === 'UDPRoute' ? [] : stringEntries(s.hostnames, ['spec', 'hostnames']),
      hostnamesPath: ['spec', 'hostnames'],
      rules: asArray(s.rules).map((rule, index) => toRule(kind, rule, index)),
    };
  };
}

function toReferenceGrant(object: KubeObject): ReferenceGrantView {
  const s = spec(object);
  return {
    object,
    from: asArray(s.from).flatMap((entry, i) => {
      const from = asRecord(entry);
      const kind = asString(from?.kind);
      if (kind === undefined) return [];
      const namespace = asString(from!.namespace);
      return [{ path: ['spec', 'from', i], group: asString(from!.group) ?? '', kind, ...(namespace !== undefined ? { namespace } : {}) }];
    }),
    to: asArray(s.to).flatMap((entry, i) => {
      const to = asRecord(entry);
      const kind = asString(to?.kind);
      if (kind === undefined) return [];
      const name = asString(to!.name);
      // An empty name is "unset" to the API (`omitempty`): every object of the kind.
      return [{ path: ['spec', 'to', i], group: asString(to!.group) ?? '', kind, ...(name ? { name } : {}) }];
    }),
  };
}

function toLocalRef(value: unknown, path: Path): LocalRefView {
  const ref = asRecord(value) ?? {};
  const name = asString(ref.name);
  const sectionName = asString(ref.sectionName);
  return { path, group: asString(ref.group) ?? '', kind: asString(ref.kind) ?? '', ...(name !== undefined ? { name } : {}), ...(sectionName !== undefined ? { sectionName } : {}) };
}

function toBackendTlsPolicy(object: KubeObject): BackendTlsPolicyView {
  const s = spec(object);
  const validation = asRecord(s.validation) ?? {};
  const hostname = asString(validation.hostname);
  return {
    object,
    targetRefs: asArray(s.targetRefs).map((ref, i) => toLocalRef(ref, ['spec', 'targetRefs', i])),
    ...(hostname !== undefined ? { hostname } : {}),
    caCertificateRefs: asArray(validation.caCertificateRefs).map((ref, i) => toLocalRef(ref, ['spec', 'validation', 'caCertificateRefs', i])),
  };
}

const referencedSchemas = [common, kubernetesCommon];
const groups = [GATEWAY_API_GROUP];
// The CRDs of a current release (v1.6.1, standard and experimental channels) decide which versions are served.
const servedBy = 'the Gateway API v1.6 CRDs';

export const GATEWAY_CLASS_KIND = defineKind({ kind: 'GatewayClass', groups, servedBy, clusterScoped: true, schema: gatewayClassSchema, referencedSchemas, read: toGatewayClass });
export const GATEWAY_KIND = defineKind({ kind: 'Gateway', groups, servedBy, schema: gatewaySchema, referencedSchemas, read: toGateway });
export const HTTP_ROUTE_KIND = defineKind({ kind: 'HTTPRoute', groups, servedBy, schema: httpRouteSchema, referencedSchemas, read: routeReader('HTTPRoute') });
export const GRPC_ROUTE_KIND = defineKind({ kind: 'GRPCRoute', groups, servedBy, schema: grpcRouteSchema, referencedSchemas, read: routeReader('GRPCRoute') });
export const TLS_ROUTE_KIND = defineKind({ kind: 'TLSRoute', groups, servedBy, schema: tlsRouteSchema, referencedSchemas, read: routeReader('TLSRoute') });
export const TCP_ROUTE_KIND = defineKind({ kind: 'TCPRoute', groups, servedBy, schema: tcpRouteSchema, referencedSchemas, read: routeReader('TCPRoute') });
export const UDP_ROUTE_KIND = defineKind({ kind: 'UDPRoute', groups, servedBy, schema: udpRouteSchema, referencedSchemas, read: routeReader('UDPRoute') });
export const REFERENCE_GRANT_KIND = defineKind({ kind: 'ReferenceGrant', groups, servedBy, schema: referenceGrantSchema, referencedSchemas, read: toReferenceGrant });
export const LISTENER_SET_KIND = defineKind({ kind: 'ListenerSet', groups, servedBy, schema: listenerSetSchema, referencedSchemas: [...referencedSchemas, gatewaySchema], read: toListenerSet });
export const BACKEND_TLS_POLICY_KIND = defineKind({ kind: 'BackendTLSPolicy', groups, servedBy, schema: backendTlsPolicySchema, referencedSchemas, read: toBackendTlsPolicy });

/** The route kinds' modules, in the order of `ROUTE_KINDS`. */
export const ROUTE_KIND_MODULES: readonly KindModule<RouteView>[] = [HTTP_ROUTE_KIND, GRPC_ROUTE_KIND, TLS_ROUTE_KIND, TCP_ROUTE_KIND, UDP_ROUTE_KIND];

/** Every Gateway API module, for the registry. */
export const GATEWAY_API_KIND_MODULES: readonly KindModule[] = [
  GATEWAY_CLASS_KIND,
  GATEWAY_KIND,
  LISTENER_SET_KIND,
  ...ROUTE_KIND_MODULES,
  REFERENCE_GRANT_KIND,
  BACKEND_TLS_POLICY_KIND,
] as readonly KindModule[];

/** The routes of every kind in the model, HTTPRoutes first (each kind in document order). */
export function routesOf(model: Pick<Model, 'views'>): readonly RouteView[] {
  return ROUTE_KIND_MODULES.flatMap((module) => viewsOf(model, module));
}
