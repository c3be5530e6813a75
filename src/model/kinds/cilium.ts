/**
 * CiliumNetworkPolicy (namespaced) and CiliumClusterwideNetworkPolicy (cluster-scoped), cilium.io/v2.
 * Facts in docs/research/policies.md §2 (pkg/policy/api rule.go, ingress.go, egress.go, l4.go,
 * rule_validation.go). The view keeps selectors as written (source prefixes such as `k8s:` included);
 * what they mean (namespace defaulting, label sources, entities) is src/semantics/cilium.ts's.
 */
import schema from '../../../schemas/cilium/ciliumnetworkpolicy.schema.json' with { type: 'json' };
import common from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import type { Path } from '../../source/types.ts';
import type { KubeObject, LabelSelector, StringEntry } from '../types.ts';
import { asArray, asInteger, asRecord, asString } from '../values.ts';
import { defineKind } from './define.ts';
import { stringEntries, toLabelSelector } from './read-common.ts';

export interface CiliumSelectorRef {
  readonly selector: LabelSelector;
  readonly path: Path;
}

/** `toPorts[].ports[]`: a number or a port name, an optional `endPort`, protocol `ANY` when omitted. */
export interface CiliumPort {
  readonly port?: number | string;
  readonly endPort?: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP' | 'ANY';
  readonly path: Path;
}

/** One `toPorts` entry; `l7` names the L7 rule kinds under `rules` (http, dns, kafka, l7proto). */
export interface CiliumPortRule {
  readonly ports: readonly CiliumPort[];
  readonly l7: readonly string[];
  readonly path: Path;
}

/** A CIDR peer: `fromCIDR`/`toCIDR` entries (no except) and `fromCIDRSet`/`toCIDRSet` entries. */
export interface CiliumCidr {
  readonly cidr: string;
  readonly except: readonly StringEntry[];
  /** A `cidrGroupRef` instead of a CIDR: a CiliumCIDRGroup the tree may not hold. */
  readonly group?: string;
  readonly path: Path;
}

export interface CiliumFqdn {
  readonly matchName?: string;
  readonly matchPattern?: string;
  readonly path: Path;
}

/** Peer fields that the engine does not evaluate (services, nodes, groups, requires). */
export const CILIUM_UNMODELLED_PEERS = ['fromNodes', 'toNodes', 'fromGroups', 'toGroups', 'toServices', 'fromRequires', 'toRequires'] as const;

/**
 * One ingress, ingressDeny, egress or egressDeny rule. Each L3 member is undefined when absent or
 * empty ("If omitted or empty, the member will have no effect on the rule", egress.go).
 */
export interface CiliumRule {
  readonly direction: 'ingress' | 'egress';
  readonly deny: boolean;
  readonly index: number;
  readonly path: Path;
  readonly endpoints?: readonly CiliumSelectorRef[];
  readonly entities?: readonly StringEntry[];
  readonly cidrs?: readonly CiliumCidr[];
  readonly fqdns?: readonly CiliumFqdn[];
  /** The unmodelled peer fields the rule sets, with their paths. */
  readonly unmodelled: readonly { readonly field: string; readonly path: Path }[];
  readonly toPorts?: readonly CiliumPortRule[];
  /** `icmps` is set (ICMP is outside the port model). */
  readonly icmps: boolean;
}

/** One rule of `spec` or `specs[i]`. */
export interface CiliumSpec {
  readonly path: Path;
  readonly endpointSelector?: CiliumSelectorRef;
  readonly nodeSelector?: CiliumSelectorRef;
  readonly rules: readonly CiliumRule[];
  /** `enableDefaultDeny` as written; rule_validation.go defaults each to "the direction has rules". */
  readonly enableDefaultDeny: { readonly ingress?: boolean; readonly egress?: boolean };
  readonly hasIngress: boolean;
  readonly hasEgress: boolean;
}

export interface CiliumPolicy {
  readonly object: KubeObject;
  readonly clusterwide: boolean;
  readonly specs: readonly CiliumSpec[];
}

function selectorRef(value: unknown, path: Path): CiliumSelectorRef | undefined {
  return asRecord(value) ? { selector: toLabelSelector(value), path } : undefined;
}

function toPorts(value: unknown, path: Path): CiliumPortRule[] | undefined {
  const list = asArray(value);
  if (list.length === 0) return undefined;
  return list.map((entry, index) => {
    const rule = asRecord(entry) ?? {};
    const rulePath = [...path, index];
    const ports = asArray(rule.ports).map((p, i): CiliumPort => {
      const port = asRecord(p) ?? {};
      const written = typeof port.port === 'number' ? port.port : asString(port.port);
      // A port is a string in the CRD; digits are a number, anything else a (lower-cased) IANA name.
      const number = typeof written === 'string' && /^[0-9]+$/.test(written) ? Number(written) : written;
      const protocol = asString(port.protocol);
      const endPort = asInteger(port.endPort);
      return {
        ...(number !== undefined ? { port: typeof number === 'string' ? number.toLowerCase() : number } : {}),
        ...(endPort !== undefined ? { endPort } : {}),
        protocol: protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP' ? protocol : 'ANY',
        path: [...rulePath, 'ports', i],
      };
    });
    const l7 = Object.keys(asRecord(rule.rules) ?? {}).filter((key) => key !== '');
    return { ports, l7, path: rulePath };
  });
}

function cidrs(rule: Record<string, unknown>, plain: string, set: string, path: Path): CiliumCidr[] | undefined {
  const out: CiliumCidr[] = [
    ...stringEntries(rule[plain], [...path, plain]).map((entry) => ({ cidr: entry.value, except: [], path: entry.path })),
    ...asArray(rule[set]).flatMap((entry, index) => {
      const record = asRecord(entry);
      if (!record) return [];
      const entryPath = [...path, set, index];
      const group = asString(record.cidrGroupRef);
      return [{ cidr: asString(record.cidr) ?? '', except: stringEntries(record.except, [...entryPath, 'except']), ...(group ? { group } : {}), path: entryPath }];
    }),
  ];
  return out.length > 0 ? out : undefined;
}

function toRules(value: unknown, path: Path, direction: 'ingress' | 'egress', deny: boolean): CiliumRule[] {
  const from = direction === 'ingress' ? 'from' : 'to';
  return asArray(value).map((entry, index) => {
    const rule = asRecord(entry) ?? {};
    const rulePath = [...path, index];
    const endpoints = asArray(rule[`${from}Endpoints`]).flatMap((s, i) => {
      const ref = selectorRef(s, [...rulePath, `${from}Endpoints`, i]);
      return ref ? [ref] : [];
    });
    const entities = stringEntries(rule[`${from}Entities`], [...rulePath, `${from}Entities`]);
    const cidrList = cidrs(rule, `${from}CIDR`, `${from}CIDRSet`, rulePath);
    const fqdns = direction === 'egress'
      ? asArray(rule.toFQDNs).flatMap((f, i) => {
          const record = asRecord(f);
          if (!record) return [];
          const matchName = asString(record.matchName);
          const matchPattern = asString(record.matchPattern);
          return [{ ...(matchName ? { matchName } : {}), ...(matchPattern ? { matchPattern } : {}), path: [...rulePath, 'toFQDNs', i] }];
        })
      : [];
    const unmodelled = CILIUM_UNMODELLED_PEERS.filter((field) => field.startsWith(from) && rule[field] != null && asArray(rule[field]).length !== 0).map((field) => ({ field, path: [...rulePath, field] }));
    const ports = toPorts(rule.toPorts, [...rulePath, 'toPorts']);
    return {
      direction,
      deny,
      index,
      path: rulePath,
      ...(endpoints.length ? { endpoints } : {}),
      ...(entities.length ? { entities } : {}),
      ...(cidrList ? { cidrs: cidrList } : {}),
      ...(fqdns.length ? { fqdns } : {}),
      unmodelled,
      ...(ports ? { toPorts: ports } : {}),
      icmps: asArray(rule.icmps).length > 0,
    };
  });
}

function toSpec(value: unknown, path: Path): CiliumSpec | undefined {
  const spec = asRecord(value);
  if (!spec) return undefined;
  const endpointSelector = selectorRef(spec.endpointSelector, [...path, 'endpointSelector']);
  const nodeSelector = selectorRef(spec.nodeSelector, [...path, 'nodeSelector']);
  const defaultDeny = asRecord(spec.enableDefaultDeny) ?? {};
  const rules = [
    ...toRules(spec.ingress, [...path, 'ingress'], 'ingress', false),
    ...toRules(spec.ingressDeny, [...path, 'ingressDeny'], 'ingress', true),
    ...toRules(spec.egress, [...path, 'egress'], 'egress', false),
    ...toRules(spec.egressDeny, [...path, 'egressDeny'], 'egress', true),
  ];
  return {
    path,
    ...(endpointSelector ? { endpointSelector } : {}),
    ...(nodeSelector ? { nodeSelector } : {}),
    rules,
    enableDefaultDeny: {
      ...(typeof defaultDeny.ingress === 'boolean' ? { ingress: defaultDeny.ingress } : {}),
      ...(typeof defaultDeny.egress === 'boolean' ? { egress: defaultDeny.egress } : {}),
    },
    // rule_validation.go: "len(r.Ingress) > 0 || len(r.IngressDeny) > 0"; an `ingress: [{}]` counts.
    hasIngress: asArray(spec.ingress).length > 0 || asArray(spec.ingressDeny).length > 0,
    hasEgress: asArray(spec.egress).length > 0 || asArray(spec.egressDeny).length > 0,
  };
}

export function toCiliumPolicy(object: KubeObject, clusterwide: boolean): CiliumPolicy {
  const specs = [toSpec(object.raw.spec, ['spec']), ...asArray(object.raw.specs).map((s, i) => toSpec(s, ['specs', i]))].filter((s): s is CiliumSpec => s !== undefined);
  return { object, clusterwide, specs };
}

export const CILIUM_NETWORK_POLICY_KIND = defineKind({
  kind: 'CiliumNetworkPolicy',
  groups: ['cilium.io'],
  schema,
  referencedSchemas: [common],
  read: (object) => toCiliumPolicy(object, false),
});

export const CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND = defineKind({
  kind: 'CiliumClusterwideNetworkPolicy',
  groups: ['cilium.io'],
  clusterScoped: true,
  schema,
  referencedSchemas: [common],
  read: (object) => toCiliumPolicy(object, true),
});
