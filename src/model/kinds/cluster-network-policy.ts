/**
 * The Kubernetes Network Policy API's cluster-wide kinds (policy.networking.k8s.io, cluster-scoped):
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy (v1alpha2,
 * `spec.tier: Admin|Baseline`). One view for the three, as the API reference defines them
 * (apis/v1alpha1/*_types.go, apis/v1alpha2/clusternetworkpolicy_types.go; docs/research/policies.md §1).
 */
import adminSchema from '../../../schemas/kubernetes/adminnetworkpolicy.schema.json' with { type: 'json' };
import baselineSchema from '../../../schemas/kubernetes/baselineadminnetworkpolicy.schema.json' with { type: 'json' };
import clusterSchema from '../../../schemas/kubernetes/clusternetworkpolicy.schema.json' with { type: 'json' };
import common from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import type { Path } from '../../source/types.ts';
import type { KubeObject, LabelSelector, Protocol, StringEntry } from '../types.ts';
import { asArray, asInteger, asRecord, asString } from '../values.ts';
import { defineKind } from './define.ts';
import { stringEntries, toLabelSelector } from './read-common.ts';

export type ClusterPolicyKind = 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';

/** `spec.subject`: pods of the selected namespaces, or selected pods of selected namespaces. Undefined when it sets neither (the API server rejects it). */
export type ClusterPolicySubject =
  | { readonly type: 'namespaces'; readonly namespaceSelector: LabelSelector; readonly path: Path }
  | { readonly type: 'pods'; readonly namespaceSelector: LabelSelector; readonly podSelector: LabelSelector; readonly path: Path };

/**
 * One peer of `from`/`to`. `invalid`: a peer that sets no field (or more than one); the API asks
 * implementations to "fail closed" on it (an Allow rule matches nothing, a Deny or Pass rule denies all).
 */
export type ClusterPolicyPeer =
  | { readonly type: 'namespaces'; readonly namespaceSelector: LabelSelector; readonly path: Path }
  | { readonly type: 'pods'; readonly namespaceSelector: LabelSelector; readonly podSelector: LabelSelector; readonly path: Path }
  /** Egress only (experimental): the nodes' addresses (`node.status.addresses`). */
  | { readonly type: 'nodes'; readonly nodeSelector: LabelSelector; readonly path: Path }
  /** Egress only: CIDRs, which also match pod and node addresses. */
  | { readonly type: 'networks'; readonly networks: readonly StringEntry[]; readonly path: Path }
  /** Egress only (experimental): domain names, `*.` as a prefix matching one or more labels. */
  | { readonly type: 'domainNames'; readonly domainNames: readonly StringEntry[]; readonly path: Path }
  | { readonly type: 'invalid'; readonly path: Path };

/**
 * One port entry: v1alpha1 `portNumber`/`portRange`/`namedPort` (protocol defaults to TCP), v1alpha2
 * `tcp|udp|sctp: {destinationPort: {number}|{range}}`/`destinationNamedPort`. `invalid`: one the API
 * server rejects (no or several forms, a port outside 1-65535, a range with start above end).
 */
export type ClusterPolicyPort =
  | { readonly type: 'number'; readonly protocol: Protocol; readonly port: number; readonly path: Path }
  | { readonly type: 'range'; readonly protocol: Protocol; readonly start: number; readonly end: number; readonly path: Path }
  | { readonly type: 'named'; readonly name: string; readonly path: Path }
  /** `range`: a range of two valid ports whose start is not below its end (the message quotes it; the kinds differ on it). */
  | { readonly type: 'invalid'; readonly path: Path; readonly range?: { readonly start: number; readonly end: number; readonly path: Path } };

/** The action as the engine reads it: v1alpha1 `Allow` and v1alpha2 `Accept` are `allow`. Undefined: unknown (rejected). */
export type ClusterPolicyAction = 'allow' | 'deny' | 'pass';

export interface ClusterPolicyRule {
  readonly direction: 'ingress' | 'egress';
  readonly index: number;
  readonly name?: string;
  readonly action?: ClusterPolicyAction;
  /** The action as written (`Allow`, `Accept`, ...). */
  readonly actionText?: string;
  readonly peers: readonly ClusterPolicyPeer[];
  /** Absent: every port and protocol. */
  readonly ports?: readonly ClusterPolicyPort[];
  readonly path: Path;
}

export interface ClusterPolicy {
  readonly object: KubeObject;
  readonly kind: ClusterPolicyKind;
  readonly tier: 'Admin' | 'Baseline';
  /** `spec.priority` (0-1000, lower first); undefined for the v1alpha1 BaselineAdminNetworkPolicy (a singleton) or when not an integer. */
  readonly priority?: number;
  readonly priorityPath: Path;
  readonly subject?: ClusterPolicySubject;
  readonly subjectPath: Path;
  readonly ingress: readonly ClusterPolicyRule[];
  readonly egress: readonly ClusterPolicyRule[];
}

const PROTOCOL_KEYS: readonly [string, Protocol][] = [
  ['tcp', 'TCP'],
  ['udp', 'UDP'],
  ['sctp', 'SCTP'],
];

const isPort = (n: number | undefined): n is number => n !== undefined && n >= 1 && n <= 65535;

function toSubject(value: unknown, path: Path): ClusterPolicySubject | undefined {
  const subject = asRecord(value);
  if (!subject) return undefined;
  const keys = ['namespaces', 'pods'].filter((k) => subject[k] !== undefined && subject[k] !== null);
  if (keys.length !== 1) return undefined;
  if (keys[0] === 'namespaces') return { type: 'namespaces', namespaceSelector: toLabelSelector(subject.namespaces), path: [...path, 'namespaces'] };
  const pods = asRecord(subject.pods) ?? {};
  return { type: 'pods', namespaceSelector: toLabelSelector(pods.namespaceSelector), podSelector: toLabelSelector(pods.podSelector), path: [...path, 'pods'] };
}

const PEER_FIELDS = ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'] as const;

function toPeer(value: unknown, path: Path, direction: 'ingress' | 'egress'): ClusterPolicyPeer {
  const peer = asRecord(value) ?? {};
  const set = PEER_FIELDS.filter((k) => peer[k] !== undefined && peer[k] !== null);
  // Ingress peers have namespaces and pods only.
  if (set.length !== 1 || (direction === 'ingress' && set[0] !== 'namespaces' && set[0] !== 'pods')) return { type: 'invalid', path };
  switch (set[0]!) {
    case 'namespaces':
      return { type: 'namespaces', namespaceSelector: toLabelSelector(peer.namespaces), path };
    case 'pods': {
      const pods = asRecord(peer.pods) ?? {};
      return { type: 'pods', namespaceSelector: toLabelSelector(pods.namespaceSelector), podSelector: toLabelSelector(pods.podSelector), path };
    }
    case 'nodes':
      return { type: 'nodes', nodeSelector: toLabelSelector(peer.nodes), path };
    case 'networks':
      return { type: 'networks', networks: stringEntries(peer.networks, [...path, 'networks']), path };
    default:
      return { type: 'domainNames', domainNames: stringEntries(peer.domainNames, [...path, 'domainNames']), path };
  }
}

const protocolOf = (value: unknown): Protocol => (value === 'UDP' || value === 'SCTP' ? value : 'TCP');

/** v1alpha1 `ports[]`. */
function toV1alpha1Port(value: unknown, path: Path): ClusterPolicyPort {
  const port = asRecord(value) ?? {};
  const set = ['portNumber', 'portRange', 'namedPort'].filter((k) => port[k] !== undefined && port[k] !== null);
  if (set.length !== 1) return { type: 'invalid', path };
  if (set[0] === 'namedPort') {
    const name = asString(port.namedPort);
    return name ? { type: 'named', name, path } : { type: 'invalid', path };
  }
  if (set[0] === 'portNumber') {
    const number = asRecord(port.portNumber) ?? {};
    const n = asInteger(number.port);
    return isPort(n) ? { type: 'number', protocol: protocolOf(number.protocol), port: n, path } : { type: 'invalid', path };
  }
  const range = asRecord(port.portRange) ?? {};
  const start = asInteger(range.start);
  const end = asInteger(range.end);
  // The doc asks start < end, but no v1alpha1 CRD rule enforces it: an equal start and end is one port,
  // and a start above the end is stored (networkpolicy-port warns of it).
  if (isPort(start) && isPort(end)) return start <= end ? { type: 'range', protocol: protocolOf(range.protocol), start, end, path } : { type: 'invalid', path, range: { start, end, path: [...path, 'portRange'] } };
  return { type: 'invalid', path };
}

/** v1alpha2 `protocols[]`. */
function toV1alpha2Protocol(value: unknown, path: Path): ClusterPolicyPort {
  const entry = asRecord(value) ?? {};
  const set = [...PROTOCOL_KEYS.map(([k]) => k), 'destinationNamedPort'].filter((k) => entry[k] !== undefined && entry[k] !== null);
  if (set.length !== 1) return { type: 'invalid', path };
  if (set[0] === 'destinationNamedPort') {
    const name = asString(entry.destinationNamedPort);
    return name ? { type: 'named', name, path } : { type: 'invalid', path };
  }
  const protocol = PROTOCOL_KEYS.find(([k]) => k === set[0])![1];
  const destination = asRecord(asRecord(entry[set[0]!])?.destinationPort);
  if (!destination) return { type: 'invalid', path };
  const number = asInteger(destination.number);
  const range = asRecord(destination.range);
  if (number !== undefined && !range) return isPort(number) ? { type: 'number', protocol, port: number, path } : { type: 'invalid', path };
  if (range && number === undefined) {
    const start = asInteger(range.start);
    const end = asInteger(range.end);
    // CEL `self.start < self.end`: a one-port range is rejected (networkpolicy-port reports it).
    if (isPort(start) && isPort(end)) return start < end ? { type: 'range', protocol, start, end, path } : { type: 'invalid', path, range: { start, end, path: [...path, set[0]!, 'destinationPort', 'range'] } };
    return { type: 'invalid', path };
  }
  return { type: 'invalid', path };
}

const ACTIONS: Record<ClusterPolicyKind, Readonly<Record<string, ClusterPolicyAction>>> = {
  AdminNetworkPolicy: { Allow: 'allow', Deny: 'deny', Pass: 'pass' },
  BaselineAdminNetworkPolicy: { Allow: 'allow', Deny: 'deny' },
  ClusterNetworkPolicy: { Accept: 'allow', Deny: 'deny', Pass: 'pass' },
};

function toRules(kind: ClusterPolicyKind, value: unknown, direction: 'ingress' | 'egress'): ClusterPolicyRule[] {
  const base: Path = ['spec', direction];
  return asArray(value).map((entry, index) => {
    const rule = asRecord(entry) ?? {};
    const path = [...base, index];
    const peerField = direction === 'ingress' ? 'from' : 'to';
    const peers = asArray(rule[peerField]).map((peer, i) => toPeer(peer, [...path, peerField, i], direction));
    const portsField = kind === 'ClusterNetworkPolicy' ? 'protocols' : 'ports';
    const portList = rule[portsField] === undefined || rule[portsField] === null ? undefined : asArray(rule[portsField]);
    const ports = portList?.map((port, i) => (kind === 'ClusterNetworkPolicy' ? toV1alpha2Protocol : toV1alpha1Port)(port, [...path, portsField, i]));
    const actionText = asString(rule.action);
    const action = actionText !== undefined && Object.hasOwn(ACTIONS[kind], actionText) ? ACTIONS[kind][actionText] : undefined;
    const name = asString(rule.name);
    return { direction, index, ...(name !== undefined ? { name } : {}), ...(action ? { action } : {}), ...(actionText !== undefined ? { actionText } : {}), peers, ...(ports ? { ports } : {}), path };
  });
}

function reader(kind: ClusterPolicyKind) {
  return (object: KubeObject): ClusterPolicy => {
    const spec = asRecord(object.raw.spec) ?? {};
    const tier = kind === 'AdminNetworkPolicy' ? 'Admin' : kind === 'BaselineAdminNetworkPolicy' ? 'Baseline' : spec.tier === 'Baseline' ? 'Baseline' : 'Admin';
    const priority = kind === 'BaselineAdminNetworkPolicy' ? undefined : asInteger(spec.priority);
    const subject = toSubject(spec.subject, ['spec', 'subject']);
    return {
      object,
      kind,
      tier,
      ...(priority !== undefined ? { priority } : {}),
      priorityPath: ['spec', 'priority'],
      ...(subject ? { subject } : {}),
      subjectPath: ['spec', 'subject'],
      ingress: toRules(kind, spec.ingress, 'ingress'),
      egress: toRules(kind, spec.egress, 'egress'),
    };
  };
}

const GROUP = 'policy.networking.k8s.io';

export const ADMIN_NETWORK_POLICY_KIND = defineKind({
  kind: 'AdminNetworkPolicy',
  groups: [GROUP],
  clusterScoped: true,
  schema: adminSchema,
  referencedSchemas: [common],
  read: reader('AdminNetworkPolicy'),
});

export const BASELINE_ADMIN_NETWORK_POLICY_KIND = defineKind({
  kind: 'BaselineAdminNetworkPolicy',
  groups: [GROUP],
  clusterScoped: true,
  schema: baselineSchema,
  referencedSchemas: [common],
  read: reader('BaselineAdminNetworkPolicy'),
});

export const CLUSTER_NETWORK_POLICY_KIND = defineKind({
  kind: 'ClusterNetworkPolicy',
  groups: [GROUP],
  clusterScoped: true,
  schema: clusterSchema,
  referencedSchemas: [common],
  read: reader('ClusterNetworkPolicy'),
});

export const CLUSTER_POLICY_KIND_MODULES = [ADMIN_NETWORK_POLICY_KIND, BASELINE_ADMIN_NETWORK_POLICY_KIND, CLUSTER_NETWORK_POLICY_KIND] as const;
