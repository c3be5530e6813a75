/**
 * Calico NetworkPolicy (namespaced), GlobalNetworkPolicy (cluster) and Tier (cluster), in the API
 * server's projectcalico.org/v3 and the CRDs that store them, crd.projectcalico.org/v1 (the same spec
 * type). Facts in docs/research/policies.md §3 (api/pkg/apis/projectcalico/v3 networkpolicy.go,
 * globalnetworkpolicy.go, policy_common.go, tier.go). Selectors stay text here, with their paths:
 * src/semantics/calico-selector.ts parses them.
 */
import policySchema from '../../../schemas/calico/policy.schema.json' with { type: 'json' };
import tierSchema from '../../../schemas/calico/tier.schema.json' with { type: 'json' };
import common from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import type { Path } from '../../source/types.ts';
import type { KubeObject, StringEntry } from '../types.ts';
import { asArray, asRecord, asString } from '../values.ts';
import { defineKind, groupOf } from './define.ts';
import { stringEntries } from './read-common.ts';

/** A selector as written (Calico's syntax), where it is written. */
export interface CalicoSelectorText {
  readonly text: string;
  readonly path: Path;
}

/**
 * A `ports` entry: a number, a range `min:max`, or a named port. `invalid` when Calico does not accept
 * it, with `problem` saying why (numorstring.Port cannot decode it, or the validator's 1-65535 rule)
 * and `text` as written.
 */
export interface CalicoPort {
  readonly min?: number;
  readonly max?: number;
  readonly name?: string;
  readonly invalid?: true;
  readonly problem?: string;
  readonly text?: string;
  readonly path: Path;
}

/** An EntityRule (`source` / `destination`). Absent fields match everything. */
export interface CalicoEntity {
  readonly path: Path;
  readonly nets: readonly StringEntry[];
  readonly notNets: readonly StringEntry[];
  readonly selector?: CalicoSelectorText;
  readonly notSelector?: CalicoSelectorText;
  readonly namespaceSelector?: CalicoSelectorText;
  readonly serviceAccountNames?: readonly string[];
  readonly serviceAccountSelector?: CalicoSelectorText;
  readonly ports?: readonly CalicoPort[];
  readonly notPorts?: readonly CalicoPort[];
  /** `services` (a Service by name): not evaluated. */
  readonly services?: { readonly name?: string; readonly namespace?: string };
}

/** A protocol by name (upper-cased; 6/17/132 read as TCP/UDP/SCTP) or by number. */
export type CalicoProtocol = string | number;

export interface CalicoRule {
  readonly direction: 'ingress' | 'egress';
  readonly index: number;
  readonly path: Path;
  /** Allow, Deny, Log, Pass, or what is written (the schema rule reports others). */
  readonly action: string;
  readonly protocol?: CalicoProtocol;
  readonly notProtocol?: CalicoProtocol;
  readonly ipVersion?: number;
  readonly source: CalicoEntity;
  readonly destination: CalicoEntity;
  /** `http` (an application-layer match, Allow-only): outside the L3/L4 model. */
  readonly http: boolean;
  /** `icmp` / `notICMP` matches: outside the port model. */
  readonly icmp: boolean;
}

export interface CalicoPolicy {
  readonly object: KubeObject;
  readonly global: boolean;
  /** The policy name without a `<tier>.` prefix (the v1 storage form of v3.29-v3.31 writes one). */
  readonly name: string;
  readonly tier: string;
  /** `order`; undefined is "infinite" (applied last). */
  readonly order?: number;
  readonly selector: CalicoSelectorText;
  readonly namespaceSelector?: CalicoSelectorText;
  readonly serviceAccountSelector?: CalicoSelectorText;
  readonly types: { readonly ingress: boolean; readonly egress: boolean };
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
  /** doNotTrack, preDNAT or applyOnForward: host-endpoint policy, outside the pod model. */
  readonly hostOnly: boolean;
}

export interface CalicoTier {
  readonly object: KubeObject;
  readonly order?: number;
  readonly defaultAction: 'Deny' | 'Pass';
}

const PROTOCOL_NUMBERS: Readonly<Record<number, string>> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP', 1: 'ICMP', 58: 'ICMPV6' };

function toProtocol(value: unknown): CalicoProtocol | undefined {
  if (typeof value === 'number') return PROTOCOL_NUMBERS[value] ?? value;
  const text = asString(value);
  if (text === undefined) return undefined;
  // numorstring.Protocol: a string of digits is a number; names are matched without case.
  return /^[0-9]+$/.test(text) ? (PROTOCOL_NUMBERS[Number(text)] ?? Number(text)) : text.toUpperCase();
}

function selectorText(value: unknown, path: Path): CalicoSelectorText | undefined {
  const text = asString(value);
  return text === undefined ? undefined : { text, path };
}

/**
 * numorstring.Port (api/pkg/lib/numorstring/port.go): an integer, digits, "min:max" (UnmarshalJSON
 * rejects min above max and numbers beyond 16 bits), or a name of [a-zA-Z0-9_.-]{1,128}; the validator
 * (libcalico-go validator.go validatePort) also rejects port 0.
 */
function toPorts(value: unknown, path: Path): CalicoPort[] | undefined {
  if (value == null) return undefined;
  return asArray(value).map((entry, index): CalicoPort => {
    const at = [...path, index];
    // Only a number or a string is a port at all; another value is the schema rule's finding (no `text`).
    const written = typeof entry === 'number' || typeof entry === 'string' ? { text: String(entry) } : {};
    const invalid = (problem: string): CalicoPort => ({ invalid: true, problem, ...written, path: at });
    const outOfRange = (n: number) => n < 1 || n > 65535;
    if (typeof entry === 'number') {
      if (!Number.isInteger(entry)) return invalid('is not a port number, a range "min:max" or a port name');
      return outOfRange(entry) ? invalid('is not a port number 1-65535') : { min: entry, max: entry, path: at };
    }
    const text = asString(entry);
    const range = text !== undefined ? /^([0-9]+)(?::([0-9]+))?$/.exec(text) : null;
    if (range) {
      const min = Number(range[1]);
      if (range[2] === undefined) return outOfRange(min) ? invalid('is not a port number 1-65535') : { min, max: min, path: at };
      const max = Number(range[2]);
      // In the order Calico finds them: 16-bit parsing, then PortFromRange's order, then the validator's port 0.
      if (min > 65535 || max > 65535) return invalid('holds a number that is not a port 1-65535');
      if (min > max) return invalid(`has its start ${min} above its end ${max}`);
      return min < 1 ? invalid('holds a number that is not a port 1-65535') : { min, max, path: at };
    }
    return text !== undefined && /^[a-zA-Z0-9_.-]{1,128}$/.test(text) ? { name: text, path: at } : invalid('is not a port number, a range "min:max" or a port name');
  });
}

function toEntity(value: unknown, path: Path): CalicoEntity {
  const entity = asRecord(value) ?? {};
  const serviceAccounts = asRecord(entity.serviceAccounts);
  const services = asRecord(entity.services);
  const names = serviceAccounts ? asArray(serviceAccounts.names).filter((n): n is string => typeof n === 'string') : [];
  const optional = <K extends string, V>(key: K, v: V | undefined) => (v === undefined ? {} : ({ [key]: v } as Record<K, V>));
  return {
    path,
    nets: stringEntries(entity.nets, [...path, 'nets']),
    notNets: stringEntries(entity.notNets, [...path, 'notNets']),
    ...optional('selector', selectorText(entity.selector, [...path, 'selector'])),
    ...optional('notSelector', selectorText(entity.notSelector, [...path, 'notSelector'])),
    ...optional('namespaceSelector', selectorText(entity.namespaceSelector, [...path, 'namespaceSelector'])),
    ...(names.length ? { serviceAccountNames: names } : {}),
    ...optional('serviceAccountSelector', selectorText(serviceAccounts?.selector, [...path, 'serviceAccounts', 'selector'])),
    ...optional('ports', toPorts(entity.ports, [...path, 'ports'])),
    ...optional('notPorts', toPorts(entity.notPorts, [...path, 'notPorts'])),
    ...(services ? { services: { ...optional('name', asString(services.name)), ...optional('namespace', asString(services.namespace)) } } : {}),
  };
}

function toRules(value: unknown, path: Path, direction: 'ingress' | 'egress'): CalicoRule[] {
  return asArray(value).map((entry, index) => {
    const rule = asRecord(entry) ?? {};
    const at = [...path, index];
    const protocol = toProtocol(rule.protocol);
    const notProtocol = toProtocol(rule.notProtocol);
    return {
      direction,
      index,
      path: at,
      action: asString(rule.action) ?? '',
      ...(protocol !== undefined ? { protocol } : {}),
      ...(notProtocol !== undefined ? { notProtocol } : {}),
      ...(typeof rule.ipVersion === 'number' ? { ipVersion: rule.ipVersion } : {}),
      source: toEntity(rule.source, [...at, 'source']),
      destination: toEntity(rule.destination, [...at, 'destination']),
      http: rule.http != null,
      icmp: rule.icmp != null || rule.notICMP != null,
    };
  });
}

export function toCalicoPolicy(object: KubeObject, global: boolean): CalicoPolicy {
  const spec = asRecord(object.raw.spec) ?? {};
  const tier = asString(spec.tier) || 'default';
  // names.BackendTieredPolicyName (v3.29-v3.31): the v1 storage name is `<tier>.<name>`; v3.32 reads `default.` off too.
  const name = groupOf(object.apiVersion) === 'crd.projectcalico.org' && object.name.startsWith(`${tier}.`) ? object.name.slice(tier.length + 1) : object.name;
  const ingress = toRules(spec.ingress, ['spec', 'ingress'], 'ingress');
  const egress = toRules(spec.egress, ['spec', 'egress'], 'egress');
  const written = asArray(spec.types).filter((t): t is string => typeof t === 'string');
  // policy_common.go: without types, Ingress unless there are only egress rules; both when both have rules.
  const types =
    written.length > 0
      ? { ingress: written.includes('Ingress'), egress: written.includes('Egress') }
      : { ingress: ingress.length > 0 || egress.length === 0, egress: egress.length > 0 };
  return {
    object,
    global,
    name,
    tier,
    ...(typeof spec.order === 'number' && Number.isFinite(spec.order) ? { order: spec.order } : {}),
    // An absent selector is all() (networkpolicy.mdx).
    selector: selectorText(spec.selector, ['spec', 'selector']) ?? { text: '', path: ['spec'] },
    ...(global && asString(spec.namespaceSelector) !== undefined ? { namespaceSelector: selectorText(spec.namespaceSelector, ['spec', 'namespaceSelector'])! } : {}),
    ...(asString(spec.serviceAccountSelector) !== undefined ? { serviceAccountSelector: selectorText(spec.serviceAccountSelector, ['spec', 'serviceAccountSelector'])! } : {}),
    types,
    ingress,
    egress,
    hostOnly: spec.doNotTrack === true || spec.preDNAT === true || spec.applyOnForward === true,
  };
}

const GROUPS = ['projectcalico.org', 'crd.projectcalico.org'];

export const CALICO_NETWORK_POLICY_KIND = defineKind({
  kind: 'NetworkPolicy',
  groups: GROUPS,
  schema: policySchema,
  referencedSchemas: [common],
  read: (object) => toCalicoPolicy(object, false),
});

export const CALICO_GLOBAL_NETWORK_POLICY_KIND = defineKind({
  kind: 'GlobalNetworkPolicy',
  groups: GROUPS,
  clusterScoped: true,
  schema: policySchema,
  referencedSchemas: [common],
  read: (object) => toCalicoPolicy(object, true),
});

export const CALICO_TIER_KIND = defineKind({
  kind: 'Tier',
  groups: GROUPS,
  clusterScoped: true,
  schema: tierSchema,
  referencedSchemas: [common],
  read: (object): CalicoTier => {
    const spec = asRecord(object.raw.spec) ?? {};
    return {
      object,
      ...(typeof spec.order === 'number' && Number.isFinite(spec.order) ? { order: spec.order } : {}),
      defaultAction: spec.defaultAction === 'Pass' ? 'Pass' : 'Deny',
    };
  },
});
