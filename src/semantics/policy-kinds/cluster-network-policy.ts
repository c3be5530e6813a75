/**
 * AdminNetworkPolicy, BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy (v1alpha2)
 * compiled to the tier form (../tiers.ts). Sources: the API types and the conformance suite of
 * kubernetes-sigs/network-policy-api, summarised with references in docs/research/policies.md §1.
 *
 * - Tier: Admin (ANP, CNP `tier: Admin`) or Baseline (BANP, CNP `tier: Baseline`); entries ordered by
 *   `[priority]` and then, within a policy, by rule order ("a rule that appears at the top ... would
 *   take the highest precedence"). Equal priorities keep model order (the API leaves it undefined; the
 *   rule `cluster-policy-priority` reports them).
 * - Never isolating: "there will not be any implicit isolation effects"; a policy without rules for a
 *   direction does not apply to it.
 * - Subjects and `namespaces`/`pods` peers never select host-network pods ("host-networked pods are not
 *   included"), whatever `cluster.hostNetworkPods` says.
 * - `networks` match addresses: external ranges inside a CIDR, recorded pod addresses, and every pod
 *   when the CIDR is all of IPv4 or IPv6 (`0.0.0.0/0` "will allow or deny all IPv4 pod-to-pod traffic
 *   as well"; assumption: the cluster's pods have addresses of that family).
 * - `nodes` match host-network pods (their address is their node's; NPEP-126: traffic "towards nodes
 *   here includes traffic towards host-networked pods"); node labels are not in the tree, so a node
 *   selector is assumed to match (the witness says so). No external range is a node.
 * - `domainNames` name addresses the tree does not have: they admit no endpoint of the matrix.
 * - A peer with no field set "fails closed": an Allow rule matches nothing through it; a Deny or Pass
 *   rule becomes "Deny all". A rule whose action is unknown, or whose ports are all invalid, decides
 *   nothing (the API server rejects it; the schema rule reports it).
 */
import { viewsOf } from '../../model/kinds/define.ts';
import { CLUSTER_POLICY_KIND_MODULES, type ClusterPolicy, type ClusterPolicyPeer, type ClusterPolicyPort, type ClusterPolicyRule, type ClusterPolicySubject } from '../../model/kinds/cluster-network-policy.ts';
import type { ContainerPort, LabelSelector, Protocol } from '../../model/types.ts';
import { ConnSet, PROTOCOLS, type PortRange } from '../conn.ts';
import { rangeContains, type AddressRange } from '../../model/ip.ts';
import { portsNamed } from '../ports.ts';
import { isEmptySelector } from '../selector.ts';
import { ADMIN_TIER, BASELINE_TIER, definePolicyCompiler, type CompiledPolicy, type DirectionRules, type PeerWitness, type PolicySubject, type TierAction, type TierEntry, selectorLabelKeys } from '../tiers.ts';
import { cidrRange, labelSelectorRepresentative, selectorMatches } from './network-policy.ts';
import { droppedFieldNote } from '../unknown-fields.ts';

const NODE_ASSUMPTION = 'node labels are not in the tree: the nodes selector is assumed to select the node of this host-network pod';
const ALL_PODS_ASSUMPTION = 'pod addresses are not in the tree: a CIDR holding every address of a family is taken to hold every pod';

/** A pod of the pod network in a known namespace: what subjects and namespaces/pods peers can select. */
const isPod = (s: PolicySubject) => s.namespace !== undefined && s.range === undefined && !s.hostNetwork && s.selectable;

/** The connections one port entry matches toward a destination with these container ports. */
export function clusterPortConnections(port: ClusterPolicyPort, destinationPorts: readonly ContainerPort[]): ConnSet {
  switch (port.type) {
    case 'number':
      return ConnSet.ports(port.protocol, port.port);
    case 'range':
      return ConnSet.ports(port.protocol, port.start, port.end);
    case 'named': {
      // "selects a destination port on a pod based on the ContainerPort name", of whatever protocol it has.
      const ranges: Partial<Record<Protocol, PortRange[]>> = {};
      for (const protocol of PROTOCOLS) ranges[protocol] = portsNamed(destinationPorts, port.name, protocol).map((p): PortRange => [p.containerPort, p.containerPort]);
      return ConnSet.of(ranges);
    }
    default:
      return ConnSet.NONE;
  }
}

function ruleConnections(rule: ClusterPolicyRule, destinationPorts: readonly ContainerPort[]): ConnSet {
  if (!rule.ports) return ConnSet.ALL;
  let out = ConnSet.NONE;
  for (const port of rule.ports) out = out.union(clusterPortConnections(port, destinationPorts));
  return out;
}

const coversFamily = (range: AddressRange) => range.start === 0n && (range.end === (1n << 32n) - 1n || range.end === (1n << 128n) - 1n);

/** Whether one peer admits an endpoint, and how. */
function peerWitness(peer: ClusterPolicyPeer, s: PolicySubject): PeerWitness | undefined {
  switch (peer.type) {
    case 'namespaces':
      return isPod(s) && selectorMatches(peer.namespaceSelector, s.namespaceLabels) ? { path: peer.path, peer } : undefined;
    case 'pods':
      return isPod(s) && selectorMatches(peer.namespaceSelector, s.namespaceLabels) && selectorMatches(peer.podSelector, s.labels) ? { path: peer.path, peer } : undefined;
    case 'nodes':
      if (!s.hostNetwork) return undefined;
      return { path: peer.path, peer, ...(isEmptySelector(peer.nodeSelector) ? {} : { assumption: NODE_ASSUMPTION }) };
    case 'networks':
      for (const entry of peer.networks) {
        const cidr = cidrRange(entry.value);
        if (!cidr) continue;
        if (s.range) {
          if (rangeContains(cidr, s.range)) return { path: entry.path, peer };
          continue;
        }
        const address = s.addresses?.find((a) => rangeContains(cidr, a.range));
        if (address) return { path: entry.path, peer, address: address.text };
        if (s.namespace !== undefined && coversFamily(cidr)) return { path: entry.path, peer, assumption: ALL_PODS_ASSUMPTION };
      }
      return undefined;
    default:
      // domainNames: names, not addresses; invalid: matches nothing (a Deny/Pass rule with one is compiled as Deny all).
      return undefined;
  }
}

function peerKeyOf(peer: ClusterPolicyPeer): unknown {
  switch (peer.type) {
    case 'namespaces':
      return ['n', peer.namespaceSelector];
    case 'pods':
      return ['p', peer.namespaceSelector, peer.podSelector];
    case 'nodes':
      return ['h', peer.nodeSelector];
    case 'networks':
      return ['c', peer.networks.map((n) => n.value)];
    default:
      return [peer.type];
  }
}

/** Whether the peers admit every pod of the pod network, in every namespace (`namespaces: {}`, or `pods` with both selectors empty). */
function everyPod(peers: readonly ClusterPolicyPeer[]): boolean {
  return peers.some((p) => (p.type === 'namespaces' && isEmptySelector(p.namespaceSelector)) || (p.type === 'pods' && isEmptySelector(p.namespaceSelector) && isEmptySelector(p.podSelector)));
}

/**
 * Whether the peers surely admit every endpoint, in and outside the cluster: every pod and every
 * address (`networks` holding 0.0.0.0/0 and ::/0), which only an egress rule can name. An ingress
 * peer names namespaces and pods only, host-network pods excluded (`AdminNetworkPolicyIngressPeer`):
 * an ingress rule admits at most every pod (`everyPod`).
 */
function everyPeer(peers: readonly ClusterPolicyPeer[], direction: 'ingress' | 'egress'): boolean {
  if (direction === 'ingress') return false;
  const ranges = peers.flatMap((p) => (p.type === 'networks' ? p.networks.flatMap((n) => cidrRange(n.value) ?? []) : []));
  const v4 = ranges.some((r) => r.start === 0n && r.end === (1n << 32n) - 1n);
  const v6 = ranges.some((r) => r.start === 0n && r.end === (1n << 128n) - 1n);
  return everyPod(peers) && v4 && v6;
}

const ACTION_TEXT: Record<TierAction, string> = { allow: 'Allow', deny: 'Deny', pass: 'Pass' };

function entryOf(policy: ClusterPolicy, compiled: () => CompiledPolicy, rule: ClusterPolicyRule): TierEntry | undefined {
  if (!rule.action) return undefined;
  const failClosed = rule.peers.some((p) => p.type === 'invalid');
  // "Fail closed": for Deny and Pass, a rule with an empty peer is a "Deny all" rule.
  const action: TierAction = failClosed && rule.action !== 'allow' ? 'deny' : rule.action;
  const peers = rule.peers.filter((p) => p.type !== 'invalid');
  const named = rule.ports?.some((p) => p.type === 'named') ?? false;
  const constant = failClosed && action === 'deny' ? ConnSet.ALL : named ? undefined : ruleConnections(rule, []);
  const byPorts = new WeakMap<readonly ContainerPort[], ConnSet>();
  const precedence = policy.priority !== undefined ? `priority ${policy.priority}` : undefined;
  const name = rule.name !== undefined ? ` "${rule.name}"` : '';
  const ranges = peers.flatMap((p) => (p.type === 'networks' ? p.networks.flatMap((n) => cidrRange(n.value) ?? []) : []));
  const kindAction = rule.actionText ?? ACTION_TEXT[action];
  const every = failClosed && action === 'deny';
  const representatives = every
    ? []
    : peers.flatMap((p) =>
        p.type === 'namespaces' || p.type === 'pods' ? (labelSelectorRepresentative(p.namespaceSelector, p.type === 'pods' ? p.podSelector : undefined, (other) => peerWitness(p, other) !== undefined) ?? []) : [],
      );
  const domains = peers.flatMap((p) => (p.type === 'domainNames' ? p.domainNames.map((d) => d.value) : []));
  // domainNames name addresses outside the cluster the tree cannot resolve: an outside range may be one of them.
  const byName = domains.length ? `domainNames (${domains.join(', ')})` : undefined;
  // A subject or peer read without an unknown field (src/semantics/unknown-fields.ts) is said, not silently widened.
  const note = droppedFieldNote(policy.object, rule.path);
  return {
    get policy() {
      return compiled();
    },
    direction: rule.direction,
    index: rule.index,
    origin: {
      object: policy.object,
      path: rule.path,
      label: `${policy.kind} "${policy.object.name}" ${rule.direction}[${rule.index}]${name} (${kindAction}${precedence ? `, ${precedence}` : ''})`,
      ...(precedence ? { precedence } : {}),
    },
    action,
    precedence: [policy.priority ?? 0],
    ...(every
      ? { everyPeer: true }
      : {
          peer: (other: PolicySubject) => {
            for (const peer of peers) {
              const witness = peerWitness(peer, other);
              if (witness) return witness;
            }
            return undefined;
          },
          peerKey: JSON.stringify(peers.map(peerKeyOf)),
          // Namespaces, nodes and networks read the namespace, the host network and addresses; pods their podSelector's keys too.
          peerReads: { labels: peers.flatMap((p) => (p.type === 'pods' ? selectorLabelKeys(p.podSelector) : [])), serviceAccount: false },
          ...(everyPeer(peers, rule.direction) ? { everyPeer: true } : everyPod(peers) ? { everyPod: true } : {}),
        }),
    ...(ranges.length ? { ranges } : {}),
    ...(representatives.length ? { representatives } : {}),
    ...(domains.length ? { domains } : {}),
    connections(destinationPorts) {
      if (constant) return constant;
      let set = byPorts.get(destinationPorts);
      if (!set) byPorts.set(destinationPorts, (set = ruleConnections(rule, destinationPorts)));
      return set;
    },
    ...(named ? { namedPorts: rule.ports!.flatMap((p) => (p.type === 'named' ? PROTOCOLS.map((protocol) => ({ name: p.name, protocol })) : [])) } : {}),
    ...(byName ? { unevaluatedPeers: (other: PolicySubject) => (other.range ? byName : undefined) } : {}),
    ...(note ? { note } : {}),
  };
}

/** One cluster policy in the tier form. */
export function compileClusterPolicy(policy: ClusterPolicy): CompiledPolicy {
  const subject = policy.subject;
  let self: CompiledPolicy;
  const rules = (list: readonly ClusterPolicyRule[]): DirectionRules | undefined => {
    // "ANPs with no ingress rules do not affect ingress traffic."
    if (list.length === 0) return undefined;
    return { isolates: false, entries: list.flatMap((rule) => entryOf(policy, () => self, rule) ?? []) };
  };
  const ingress = rules(policy.ingress);
  const egress = rules(policy.egress);
  const precedence = policy.priority !== undefined ? `priority ${policy.priority}` : undefined;
  self = {
    origin: { object: policy.object, path: subject?.path ?? policy.subjectPath, label: `${policy.kind} "${policy.object.name}"`, ...(precedence ? { precedence } : {}) },
    kind: policy.kind,
    tier: policy.tier === 'Admin' ? ADMIN_TIER : BASELINE_TIER,
    // A subject the API server rejects (neither or both forms) selects nothing.
    subject: (s) =>
      subject !== undefined && isPod(s) && selectorMatches(subject.namespaceSelector, s.namespaceLabels) && (subject.type === 'namespaces' || selectorMatches(subject.podSelector, s.labels)),
    subjectKey: JSON.stringify(subject ? [subject.type, subject.namespaceSelector, subject.type === 'pods' ? subject.podSelector : null] : null),
    subjectReads: { labels: subject?.type === 'pods' ? selectorLabelKeys(subject.podSelector) : [], serviceAccount: false },
    ...(ingress ? { ingress } : {}),
    ...(egress ? { egress } : {}),
  };
  return self;
}

export const CLUSTER_POLICY_COMPILER = definePolicyCompiler<ClusterPolicy>({
  id: 'cluster-network-policy',
  views: (model) => CLUSTER_POLICY_KIND_MODULES.flatMap((module) => viewsOf(model, module)) as ClusterPolicy[],
  compile: (policy) => [compileClusterPolicy(policy)],
});


/*
 * Coverage, for the rules about cluster policies: whether everything one subject, peer or rule
 * matches is surely matched by another, judged from their structure (equal selectors, an empty
 * selector, CIDR containment, port sets). "Surely": a false answer only means "not shown".
 */

const selectorKeys = new WeakMap<LabelSelector, string>();
const selectorKey = (selector: LabelSelector) => {
  let key = selectorKeys.get(selector);
  if (key === undefined) selectorKeys.set(selector, (key = JSON.stringify(selector)));
  return key;
};
const sameSelector = (a: LabelSelector, b: LabelSelector) => a === b || selectorKey(a) === selectorKey(b);
const selectorCovers = (a: LabelSelector, b: LabelSelector) => !a.invalid && !b.invalid && (isEmptySelector(a) || sameSelector(a, b));

interface PodSet {
  readonly namespaceSelector: LabelSelector;
  readonly podSelector?: LabelSelector;
}

function podSetCovers(a: PodSet, b: PodSet): boolean {
  if (!selectorCovers(a.namespaceSelector, b.namespaceSelector)) return false;
  if (!a.podSelector || isEmptySelector(a.podSelector)) return true;
  return b.podSelector !== undefined && selectorCovers(a.podSelector, b.podSelector);
}

/** Whether subject `a` selects every pod subject `b` selects. */
export function subjectCovers(a: ClusterPolicySubject, b: ClusterPolicySubject): boolean {
  return podSetCovers(a, b);
}

/** Whether peer `a` admits everything peer `b` admits. */
export function peerCovers(a: ClusterPolicyPeer, b: ClusterPolicyPeer): boolean {
  if ((a.type === 'namespaces' || a.type === 'pods') && (b.type === 'namespaces' || b.type === 'pods')) return podSetCovers(a, b);
  if (a.type === 'networks' && b.type === 'networks') {
    const outer = a.networks.flatMap((n) => cidrRange(n.value) ?? []);
    return b.networks.every((n) => {
      const inner = cidrRange(n.value);
      return inner !== undefined && outer.some((o) => rangeContains(o, inner));
    });
  }
  if (a.type === 'nodes' && b.type === 'nodes') return selectorCovers(a.nodeSelector, b.nodeSelector);
  if (a.type === 'domainNames' && b.type === 'domainNames') return b.domainNames.every((n) => a.domainNames.some((m) => m.value === n.value));
  return false;
}

/** Whether rule `a` matches every port rule `b` matches (named ports only by the same name). */
export function portsCover(a: ClusterPolicyRule, b: ClusterPolicyRule): boolean {
  if (!a.ports) return true;
  const numeric = (rule: ClusterPolicyRule) => (rule.ports ?? []).filter((p) => p.type !== 'named').reduce((set, p) => set.union(clusterPortConnections(p, [])), ConnSet.NONE);
  if (!b.ports) return numeric(a).isAll();
  if (!numeric(b).subtract(numeric(a)).isEmpty()) return false;
  return b.ports.every((p) => p.type !== 'named' || a.ports!.some((q) => q.type === 'named' && q.name === p.name));
}

/** Whether rule `a` (earlier) decides all the traffic rule `b` could match, for the pods both apply to. */
export function ruleCovers(a: ClusterPolicyRule, b: ClusterPolicyRule): boolean {
  if (a.direction !== b.direction || !a.action || !b.action) return false;
  // A Deny or Pass rule with an empty peer fails closed: it denies everything.
  if (a.action !== 'allow' && a.peers.some((p) => p.type === 'invalid')) return true;
  if (b.peers.some((p) => p.type === 'invalid')) return false;
  return b.peers.length > 0 && b.peers.every((pb) => a.peers.some((pa) => peerCovers(pa, pb))) && portsCover(a, b);
}
