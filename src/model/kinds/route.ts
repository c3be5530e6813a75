/**
 * OpenShift Route (route.openshift.io/v1): a host and path the OpenShift router (HAProxy) serves,
 * sent to Services (`spec.to`, `spec.alternateBackends`), optionally to one port of their endpoints
 * (`spec.port.targetPort`), with TLS terminated at the router (edge, reencrypt) or not (passthrough).
 * Fields from openshift/api route/v1/types.go; see docs/research/gateway-api.md (e).
 */
import route from '../../../schemas/openshift/route.schema.json' with { type: 'json' };
import common from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import type { Path } from '../../source/types.ts';
import type { KubeObject } from '../types.ts';
import { asArray, asInteger, asRecord, asString } from '../values.ts';
import { defineKind } from './define.ts';

/** A backend of a Route: `spec.to` or an entry of `spec.alternateBackends`. */
export interface RouteBackend {
  /** `Service` when unset or empty (the only kind the router sends to). */
  readonly kind: string;
  readonly name?: string;
  /** 0-256, default 100; 0 sends no traffic to this backend. */
  readonly weight: number;
  readonly path: Path;
  readonly namePath: Path;
}

export type RouteTermination = 'edge' | 'passthrough' | 'reencrypt';

export interface RouteTls {
  /** Undefined when unset or not one of the three (the schema rule reports it). */
  readonly termination?: RouteTermination;
  readonly insecureEdgeTerminationPolicy?: string;
  /** Which certificate fields are written (their PEM content is not read). */
  readonly certificate: boolean;
  readonly key: boolean;
  readonly caCertificate: boolean;
  readonly destinationCACertificate: boolean;
  /** `spec.tls.externalCertificate.name`: a Secret of the Route's namespace. */
  readonly externalCertificate?: string;
  readonly path: Path;
}

/** The typed view of a Route. */
export interface RouteView {
  readonly object: KubeObject;
  readonly host?: string;
  readonly httpPath?: string;
  /** `spec.to`; undefined when it is not a map. */
  readonly to?: RouteBackend;
  readonly alternateBackends: readonly RouteBackend[];
  /** `to` then the alternate backends. */
  readonly backends: readonly RouteBackend[];
  /**
   * `spec.port.targetPort`: the router keeps the Service's endpoints whose port name or port number
   * (as text) equals it (openshift/router template_helper.go `endpointsForAlias`). Undefined: every
   * port of the Service.
   */
  readonly targetPort?: number | string;
  readonly targetPortPath: Path;
  readonly tls?: RouteTls;
  readonly wildcardPolicy?: string;
}

function toBackend(value: unknown, path: Path): RouteBackend | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const kind = asString(record.kind);
  const name = asString(record.name);
  const weight = asInteger(record.weight);
  return {
    kind: kind === undefined || kind === '' ? 'Service' : kind,
    ...(name !== undefined && name !== '' ? { name } : {}),
    weight: weight !== undefined && weight >= 0 && weight <= 256 ? weight : 100,
    path,
    namePath: [...path, 'name'],
  };
}

function toTargetPort(value: unknown): number | string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return value;
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

function toTls(value: unknown): RouteTls | undefined {
  const tls = asRecord(value);
  if (!tls) return undefined;
  const termination = asString(tls.termination);
  const present = (field: string) => typeof tls[field] === 'string' && tls[field] !== '';
  const external = asString(asRecord(tls.externalCertificate)?.name);
  const policy = asString(tls.insecureEdgeTerminationPolicy);
  return {
    ...(termination === 'edge' || termination === 'passthrough' || termination === 'reencrypt' ? { termination } : {}),
    ...(policy !== undefined ? { insecureEdgeTerminationPolicy: policy } : {}),
    certificate: present('certificate'),
    key: present('key'),
    caCertificate: present('caCertificate'),
    destinationCACertificate: present('destinationCACertificate'),
    ...(external ? { externalCertificate: external } : {}),
    path: ['spec', 'tls'],
  };
}

export function toRoute(object: KubeObject): RouteView {
  const spec = asRecord(object.raw.spec) ?? {};
  const to = toBackend(spec.to, ['spec', 'to']);
  const alternateBackends = asArray(spec.alternateBackends).flatMap((entry, index) => toBackend(entry, ['spec', 'alternateBackends', index]) ?? []);
  const host = asString(spec.host);
  const httpPath = asString(spec.path);
  const targetPort = toTargetPort(asRecord(spec.port)?.targetPort);
  const tls = toTls(spec.tls);
  const wildcardPolicy = asString(spec.wildcardPolicy);
  return {
    object,
    ...(host !== undefined && host !== '' ? { host } : {}),
    ...(httpPath !== undefined && httpPath !== '' ? { httpPath } : {}),
    ...(to ? { to } : {}),
    alternateBackends,
    backends: to ? [to, ...alternateBackends] : alternateBackends,
    ...(targetPort !== undefined ? { targetPort } : {}),
    targetPortPath: ['spec', 'port', 'targetPort'],
    ...(tls ? { tls } : {}),
    ...(wildcardPolicy !== undefined ? { wildcardPolicy } : {}),
  };
}

export const ROUTE_KIND = defineKind({ kind: 'Route', groups: ['route.openshift.io'], schema: route, referencedSchemas: [common], read: toRoute });
