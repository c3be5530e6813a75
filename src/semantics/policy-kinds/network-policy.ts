/**
 * NetworkPolicy (networking/v1) compiled to the tier form (tiers.ts): the default tier, one `allow`
 * entry per rule, isolating the directions of its effective policyTypes. The peer and port semantics
 * of NetworkPolicy live here, once; the engine (policy.ts) and the matrix call them.
 */
import type { ContainerPort, LabelSelector, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule } from '../../model/types.ts';
import { ConnSet, MAX_PORT, MIN_PORT, type PortRange } from '../conn.ts';
import { parseCidr, rangeContains, rangesOverlap, type AddressRange } from '../../model/ip.ts';
import { portsNamed } from '../ports.ts';
import { formatSelector, isEmptySelector, matchesSelector, type Labels } from '../selector.ts';
import { selectorEscapes, selectorWitness, selectorWitnesses } from '../label-witness.ts';
import { NAMESPACE_NAME_LABEL } from '../../model/kinds/core-references.ts';
import { DEFAULT_TIER, definePolicyCompiler, NETWORK_POLICY_ORDER, selectorLabelKeys, type CompiledPolicy, type Direction, type PeerWitness, type PolicySubject, type RepresentativePeer, type TierEntry } from '../tiers.ts';
import { droppedFieldNote } from '../unknown-fields.ts';

/** Whether a selector matches labels; unknown labels could be anything, so only a selector that selects everything surely matches them. */
export function selectorMatches(selector: LabelSelector, labels: Labels | undefined): boolean {
  return labels ? matchesSelector(selector, labels) : isEmptySelector(selector);
}

const isPortNumber = (n: number) => Number.isInteger(n) && n >= MIN_PORT && n <= MAX_PORT;

/**
 * The connections one `ports` entry allows toward a destination with these container ports. An entry
 * the API server rejects (endPort without a numeric port or below it, a number outside 1-65535)
 * allows nothing, whatever its form.
 */
export function policyPortConnections(port: PolicyPort, destinationPorts: readonly ContainerPort[]): ConnSet {
  if (port.endPort !== undefined) {
    if (typeof port.port !== 'number' || !isPortNumber(port.port) || !isPortNumber(port.endPort) || port.endPort < port.port) return ConnSet.NONE;
    return ConnSet.ports(port.protocol, port.port, port.endPort);
  }
  // NetworkPolicyPort.port absent: every port of the protocol.
  if (port.port === undefined) return ConnSet.protocol(port.protocol);
  if (typeof port.port === 'number') return isPortNumber(port.port) ? ConnSet.ports(port.protocol, port.port) : ConnSet.NONE;
  // A named port resolves against the destination pod's container ports of the same name and protocol.
  return ConnSet.of({ [port.protocol]: portsNamed(destinationPorts, port.port, port.protocol).map((p): PortRange => [p.containerPort, p.containerPort]) });
}

/** The connections a rule allows toward a destination: all when it lists no ports. */
export function ruleConnections(rule: PolicyRule, destinationPorts: readonly ContainerPort[]): ConnSet {
  if (!rule.ports) return ConnSet.ALL;
  let out = ConnSet.NONE;
  for (const port of rule.ports) out = out.union(policyPortConnections(port, destinationPorts));
  return out;
}

const cidrs = new Map<string, AddressRange | undefined>();
/** A parsed CIDR, memoised (policies repeat a few cidrs many times); undefined when invalid. */
export function cidrRange(text: string): AddressRange | undefined {
  if (!cidrs.has(text)) {
    if (cidrs.size > 100_000) cidrs.clear();
    cidrs.set(text, parseCidr(text));
  }
  return cidrs.get(text);
}

/** Whether an ipBlock peer admits all of a range: inside its cidr and outside every except. */
export function blockHolds(peer: PolicyPeer & { readonly type: 'ipBlock' }, range: AddressRange): boolean {
  const cidr = cidrRange(peer.cidr);
  if (!cidr || !rangeContains(cidr, range)) return false;
  return !peer.except.some(({ value }) => {
    const except = cidrRange(value);
    return except !== undefined && rangesOverlap(except, range);
  });
}

/**
 * Whether one peer of a policy admits the endpoint: podSelector and namespaceSelector together
 * (AND); an absent namespaceSelector means the policy's namespace, an absent podSelector every pod;
 * an ipBlock admits an external range wholly inside `cidr` and outside every `except`, or an exported
 * Pod by a recorded address it holds.
 */
export function peerAdmits(policy: NetworkPolicy, peer: PolicyPeer, subject: PolicySubject): boolean {
  if (peer.type === 'ipBlock') {
    if (subject.range) return blockHolds(peer, subject.range);
    return subject.addresses?.some((a) => blockHolds(peer, a.range)) ?? false;
  }
  if (!subject.selectable) return false;
  const namespaceOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, subject.namespaceLabels)
    : subject.namespace !== undefined && subject.namespace === policy.object.namespace;
  return namespaceOk && (!peer.podSelector || selectorMatches(peer.podSelector, subject.labels));
}

/**
 * The representative of a peer written as a namespace (by name, or by a metav1.LabelSelector, absent
 * or empty for any) and a pod selector (absent or empty for any); undefined when no pod can satisfy
 * the selectors. NetworkPolicy and the Network Policy API peers read alike.
 */
export function labelSelectorRepresentative(namespace: string | LabelSelector | undefined, podSelector: LabelSelector | undefined, admits: (pod: PolicySubject) => boolean): RepresentativePeer | undefined {
  const pods = podSelector && !isEmptySelector(podSelector) ? podSelector : undefined;
  const labels = pods ? selectorWitness(pods) : {};
  if (!labels) return undefined;
  const podEscapes = pods ? selectorEscapes(pods).map((patch) => ({ pods: patch })) : [];
  const otherLabels = pods ? selectorWitnesses(pods).slice(1) : [];
  if (typeof namespace === 'string') {
    const namespaceLabels = { [NAMESPACE_NAME_LABEL]: namespace };
    return {
      namespace: { type: 'name', name: namespace },
      pods: pods ? { type: 'labels', text: formatSelector(pods) } : { type: 'any' },
      example: { namespace, namespaceLabels, labels },
      alternatives: otherLabels.map((other) => ({ namespace, namespaceLabels, labels: other })),
      admits,
      escapes: podEscapes,
    };
  }
  const selector = namespace && !isEmptySelector(namespace) ? namespace : undefined;
  // `kubernetes.io/metadata.name: X` alone names one namespace: say it by name.
  const only = selector && selector.matchExpressions.length === 0 && Object.keys(selector.matchLabels);
  if (only && only.length === 1 && only[0] === NAMESPACE_NAME_LABEL) return labelSelectorRepresentative(selector!.matchLabels[NAMESPACE_NAME_LABEL]!, podSelector, admits);
  const namespaceLabels = selector ? selectorWitness(selector) : {};
  if (!namespaceLabels) return undefined;
  // A selector naming the namespace (`kubernetes.io/metadata.name`) fixes it: the example is a pod of that namespace.
  const named = namespaceLabels[NAMESPACE_NAME_LABEL];
  return {
    namespace: selector ? { type: 'labels', text: formatSelector(selector) } : { type: 'any' },
    pods: pods ? { type: 'labels', text: formatSelector(pods) } : { type: 'any' },
    example: { ...(named !== undefined ? { namespace: named } : {}), namespaceLabels, labels },
    alternatives: [
      ...otherLabels.map((other) => ({ ...(named !== undefined ? { namespace: named } : {}), namespaceLabels, labels: other })),
      ...(selector ? selectorWitnesses(selector).slice(1) : []).flatMap((other) => (other[NAMESPACE_NAME_LABEL] !== named ? [] : [{ ...(named !== undefined ? { namespace: named } : {}), namespaceLabels: other, labels }])),
    ],
    admits,
    escapes: [...podEscapes, ...(selector ? selectorEscapes(selector).map((patch) => ({ namespace: patch })) : [])],
  };
}

function ruleEntry(compiled: () => CompiledPolicy, policy: NetworkPolicy, direction: Direction, rule: PolicyRule, index: number): TierEntry {
  const named = rule.ports?.filter((p) => typeof p.port === 'string').map((p) => ({ name: p.port as string, protocol: p.protocol })) ?? [];
  const constant = named.length === 0 ? ruleConnections(rule, []) : undefined;
  // Rules are evaluated for thousands of pairs: named ports resolve per destination port list.
  const byPorts = new WeakMap<readonly ContainerPort[], ConnSet>();
  const peers = rule.peers;
  const ranges = peers?.flatMap((p) => (p.type === 'ipBlock' ? [p.cidr, ...p.except.map((e) => e.value)].flatMap((t) => cidrRange(t) ?? []) : []));
  const representatives = peers?.flatMap((p) =>
    p.type === 'pods' ? (labelSelectorRepresentative(p.namespaceSelector ?? policy.object.namespace, p.podSelector, (other) => peerAdmits(policy, p, other)) ?? []) : [],
  );
  return {
    get policy() {
      return compiled();
    },
    direction,
    index,
    origin: { object: policy.object, path: rule.path, label: `NetworkPolicy "${policy.object.name}" ${direction}[${index}]` },
    action: 'allow',
    precedence: [NETWORK_POLICY_ORDER, 1],
    // An absent or empty `from`/`to` admits every source or destination, in or outside the cluster.
    ...(peers
      ? {
          peer: (other: PolicySubject): PeerWitness | undefined => {
            const peer = peers.find((p) => peerAdmits(policy, p, other));
            if (!peer) return undefined;
            const address = peer.type === 'ipBlock' ? other.addresses?.find((a) => blockHolds(peer, a.range))?.text : undefined;
            return { path: peer.path, peer, ...(address ? { address } : {}) };
          },
          peerKey: JSON.stringify([policy.object.namespace, peers.map((p) => (p.type === 'ipBlock' ? [p.cidr, p.except.map((e) => e.value)] : [p.namespaceSelector ?? null, p.podSelector ?? null]))]),
        }
      : { everyPeer: true }),
    ...(ranges?.length ? { ranges } : {}),
    ...(representatives?.length ? { representatives } : {}),
    connections(destinationPorts) {
      if (constant) return constant;
      let set = byPorts.get(destinationPorts);
      if (!set) byPorts.set(destinationPorts, (set = ruleConnections(rule, destinationPorts)));
      return set;
    },
    ...(named.length ? { namedPorts: named } : {}),
    ...withNote(droppedFieldNote(policy.object, rule.path)),
    networkPolicyRule: { policy, rule },
  };
}

/** One NetworkPolicy in the tier form. */
export function compileNetworkPolicy(policy: NetworkPolicy): CompiledPolicy {
  const namespace = policy.object.namespace;
  let self: CompiledPolicy;
  const entries = (direction: Direction) => (direction === 'ingress' ? policy.ingress : policy.egress).map((rule, i) => ruleEntry(() => self, policy, direction, rule, i));
  self = {
    origin: { object: policy.object, path: policy.podSelectorPath, label: `NetworkPolicy "${policy.object.name}"` },
    kind: 'NetworkPolicy',
    tier: DEFAULT_TIER,
    namespace,
    // Only pods of the pod network in the policy's namespace (host-network pods are exempt by default, see policy.ts).
    subject: (s) => s.ungoverned === undefined && s.namespace === namespace && selectorMatches(policy.podSelector, s.labels),
    subjectKey: JSON.stringify(['np', namespace, policy.podSelector]),
    subjectReads: { labels: selectorLabelKeys(policy.podSelector), serviceAccount: false },
    ...(policy.affectsIngress ? { ingress: { isolates: true, entries: entries('ingress') } } : {}),
    ...(policy.affectsEgress ? { egress: { isolates: true, entries: entries('egress') } } : {}),
    networkPolicy: policy,
  };
  return self;
}

export const NETWORK_POLICY_COMPILER = definePolicyCompiler<NetworkPolicy>({
  id: 'network-policy',
  views: (model) => model.policies,
  compile: (policy) => [compileNetworkPolicy(policy)],
});

function withNote(note: string | undefined): { note?: string } {
  return note ? { note } : {};
}
