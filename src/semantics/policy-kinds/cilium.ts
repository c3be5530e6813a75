/**
 * CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (cilium.io/v2) compiled to the tier form
 * (../tiers.ts). Facts in docs/research/policies.md §2; what selectors and entities mean is
 * ../cilium.ts.
 *
 * - One compiled policy per rule of `spec`/`specs` with an `endpointSelector` (a `nodeSelector` rule is
 *   a host policy: it selects nodes, not pods, and is left out).
 * - DEFAULT_TIER, the pool NetworkPolicy is in: Cilium's allows of every kind (NetworkPolicy included)
 *   are one union, and a deny wins over any allow (deny.rst "Deny policies take precedence over allow
 *   policies, regardless of whether they are a Cilium Network Policy, a Clusterwide Cilium Network
 *   Policy or even a Kubernetes Network Policy"): deny entries at [NETWORK_POLICY_ORDER, 0], allows at 1.
 * - A direction is isolated when the rule turns default deny on for it (`enableDefaultDeny`, else
 *   "the direction has rules", rule_validation.go), deny-only rules included (deny.rst column 5).
 * - Inside a rule, the L3 members admit a peer when any of them does, and `toPorts` limits the
 *   connections ("all members must match", egress.go). A rule with `toPorts` and no L3 member admits
 *   every peer on those ports; a rule with neither (`{}`) admits nothing ("default deny mode without
 *   whitelisting other peers", layer3.rst).
 * - L7 rules (`rules: http/dns/kafka`) are outside L3/L4: the port counts as allowed, and explain says so.
 * - CIDR peers match addresses outside the cluster only ("By default, CIDR-based selectors do not
 *   match in-cluster entities", layer3.rst).
 */
import type { ContainerPort, LabelSelector, Protocol } from '../../model/types.ts';
import type { CiliumCidr, CiliumPolicy, CiliumPort, CiliumPortRule, CiliumRule, CiliumSpec } from '../../model/kinds/cilium.ts';
import { CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND, CILIUM_NETWORK_POLICY_KIND } from '../../model/kinds/cilium.ts';
import { viewsOf } from '../../model/kinds/define.ts';
import { ciliumPodLabels, ciliumSelects, defaultDenies, entityMatches, peerSelector, subjectSelector, type CiliumIdentity, CILIUM_NAMESPACE_LABEL } from '../cilium.ts';
import { ConnSet, MAX_PORT, MIN_PORT, PROTOCOLS, type PortRange } from '../conn.ts';
import { parseCidr, rangeContains, rangesOverlap, type AddressRange } from '../../model/ip.ts';
import { portsNamed } from '../ports.ts';
import { isEmptySelector, type Labels } from '../selector.ts';
import { sharedPeer } from './peer-cache.ts';
import { DEFAULT_TIER, definePolicyCompiler, NETWORK_POLICY_ORDER, type CompiledPolicy, type Direction, type PeerWitness, type PolicySubject, type TierEntry } from '../tiers.ts';
import { droppedFieldNote } from '../unknown-fields.ts';

const ciliumLabels = new WeakMap<PolicySubject, Labels>();

/** A subject's labels as its Cilium identity has them, memoised per subject (matchers run for every pair). */
function labelsOf(subject: PolicySubject): Labels | undefined {
  if (subject.namespace === undefined || !subject.labels) return undefined;
  let labels = ciliumLabels.get(subject);
  if (!labels) ciliumLabels.set(subject, (labels = ciliumPodLabels(subject.namespace, subject.labels, subject.namespaceLabels ?? {}, subject.serviceAccount)));
  return labels;
}

/** What a subject is to entities: outside addresses, a host-network pod (its node's identity), or a pod. */
function identityOf(subject: PolicySubject): CiliumIdentity {
  if (subject.range) return 'world';
  return subject.hostNetwork ? 'host' : 'pod';
}

/** Whether a selector picks a pod; with unknown labels (the unconfigured ingress controller) only one that reads nothing but the namespace does. */
function selectsPod(selector: LabelSelector, subject: PolicySubject): boolean {
  if (identityOf(subject) !== 'pod' || !subject.selectable) return false;
  const labels = labelsOf(subject);
  if (labels) return ciliumSelects(selector, labels);
  const { [CILIUM_NAMESPACE_LABEL]: _namespace, ...rest } = selector.matchLabels;
  return subject.namespace !== undefined && isEmptySelector({ matchLabels: rest, matchExpressions: selector.matchExpressions }) && ciliumSelects(selector, { [CILIUM_NAMESPACE_LABEL]: subject.namespace });
}

const cidrs = new Map<string, AddressRange | undefined>();
/** A CIDR or (fromCIDR/toCIDR) a bare address, memoised. */
function cidrOf(text: string): AddressRange | undefined {
  if (!cidrs.has(text)) {
    if (cidrs.size > 100_000) cidrs.clear();
    cidrs.set(text, parseCidr(text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`));
  }
  return cidrs.get(text);
}

function cidrHolds(cidr: CiliumCidr, range: AddressRange): boolean {
  const whole = cidrOf(cidr.cidr);
  if (!whole || !rangeContains(whole, range)) return false;
  return !cidr.except.some(({ value }) => {
    const except = cidrOf(value);
    return except !== undefined && rangesOverlap(except, range);
  });
}

const isPort = (n: number) => Number.isInteger(n) && n >= MIN_PORT && n <= MAX_PORT;

/** The connections one `toPorts[].ports[]` entry matches toward a destination with these container ports. */
function portConnections(port: CiliumPort, destinationPorts: readonly ContainerPort[]): ConnSet {
  const protocols: readonly Protocol[] = port.protocol === 'ANY' ? PROTOCOLS : [port.protocol];
  let out = ConnSet.NONE;
  for (const protocol of protocols) {
    if (typeof port.port === 'string') {
      // "EndPort is ignored if Port is a named port"; a name resolves on the destination pod.
      out = out.union(ConnSet.of({ [protocol]: portsNamed(destinationPorts, port.port, protocol).map((p): PortRange => [p.containerPort, p.containerPort]) }));
    } else if (port.port === 0 || port.port === undefined) {
      // Port 0 is every port of the protocol (Cilium's own translation of a NetworkPolicy port without a number).
      out = out.union(ConnSet.protocol(protocol));
    } else if (isPort(port.port)) {
      const end = port.endPort !== undefined && port.endPort > port.port ? Math.min(port.endPort, MAX_PORT) : port.port;
      out = out.union(ConnSet.ports(protocol, port.port, end));
    }
  }
  return out;
}

function rulesConnections(rules: readonly CiliumPortRule[], destinationPorts: readonly ContainerPort[]): ConnSet {
  let out = ConnSet.NONE;
  for (const rule of rules) for (const port of rule.ports) out = out.union(portConnections(port, destinationPorts));
  return out;
}

/** A selector that is only `reserved:<entity>` keys reads as those entities (`reserved:host`, `reserved:world`). */
function reservedEntities(selector: LabelSelector): string[] | undefined {
  const keys = Object.keys(selector.matchLabels);
  if (keys.length === 0 || selector.matchExpressions.length > 0 || !keys.every((k) => k.startsWith('reserved:'))) return undefined;
  return keys.map((k) => k.slice('reserved:'.length));
}

function ruleEntry(compiled: () => CompiledPolicy, policy: CiliumPolicy, label: string, rule: CiliumRule): TierEntry | undefined {
  const l3 = rule.endpoints || rule.entities || rule.cidrs || rule.fqdns || rule.unmodelled.length > 0;
  // `{}` (and a rule of ports with no port entries) allows nothing, only default deny.
  if (!l3 && !rule.toPorts) return undefined;
  const selectors = (rule.endpoints ?? []).map((ref) => ({ ref, reserved: reservedEntities(ref.selector), selector: peerSelector(policy, ref.selector), witness: { path: ref.path, peer: ref } }));
  // One witness object per peer, not per answer: the matrix asks every entry about every class.
  const entityWitnesses = (rule.entities ?? []).map((entity) => ({ entity, plain: { path: entity.path, peer: entity }, host: { path: entity.path, peer: entity, assumption: 'a host-network pod has its node\'s identity ("host" on its own node, "remote-node" elsewhere)' } }));
  const cidrWitnesses = (rule.cidrs ?? []).map((cidr) => ({ cidr, witness: { path: cidr.path, peer: cidr } }));
  const named = (rule.toPorts ?? []).flatMap((r) => r.ports.filter((p) => typeof p.port === 'string').map((p) => ({ name: p.port as string, protocols: p.protocol === 'ANY' ? PROTOCOLS : [p.protocol] })));
  const constant = named.length === 0 ? (rule.toPorts ? rulesConnections(rule.toPorts, []) : ConnSet.ALL) : undefined;
  const byPorts = new WeakMap<readonly ContainerPort[], ConnSet>();
  const l7 = [...new Set((rule.toPorts ?? []).flatMap((r) => r.l7))];
  const ranges = (rule.cidrs ?? []).flatMap((c) => [c.cidr, ...c.except.map((e) => e.value)].flatMap((t) => cidrOf(t) ?? []));
  const fqdns = rule.fqdns?.map((f) => f.matchName ?? f.matchPattern).join(', ');
  const notes = [
    ...(l7.length ? [`its L7 rules (${l7.join(', ')}) are outside L3/L4 analysis: the port counts as allowed, and requests may still be refused at L7`] : []),
    ...(rule.fqdns ? [`toFQDNs (${fqdns}) admits addresses by DNS name, which the tree cannot resolve`] : []),
    // A rule or subject read without an unknown field that widens it (../unknown-fields.ts).
    ...[droppedFieldNote(policy.object, rule.path)].filter((note): note is string => note !== undefined),
    ...(rule.unmodelled.length ? [`${rule.unmodelled.map((u) => u.field).join(', ')} ${rule.unmodelled.length > 1 ? 'are' : 'is'} not evaluated: the peers ${rule.unmodelled.length > 1 ? 'they admit are' : 'it admits is'} not known`] : []),
  ];
  // Equal keys admit the same endpoints with the same witness paths relative to the rule: rules of many policies share one memo.
  const peerKey = JSON.stringify(['cilium', policy.clusterwide ? '' : policy.object.namespace, rule.endpoints?.map((e) => e.selector), rule.entities?.map((e) => e.value), rule.cidrs?.map((c) => [c.cidr, c.group, c.except.map((e) => e.value)]), rule.fqdns?.map((f) => [f.matchName, f.matchPattern]), rule.unmodelled.map((u) => u.field)]);
  const peer = (other: PolicySubject): PeerWitness | undefined => {
    const identity = identityOf(other);
    for (const { reserved, selector, witness } of selectors) {
      if (reserved ? reserved.some((e) => entityMatches(e, identity)) : selectsPod(selector, other)) return witness;
    }
    for (const { entity, plain, host } of entityWitnesses) {
      // An unknown pod (no namespace) is still inside the cluster.
      if (entityMatches(entity.value, identity)) return identity === 'host' && entity.value !== 'world' && entity.value !== 'all' ? host : plain;
    }
    if (other.range) for (const { cidr, witness } of cidrWitnesses) if (!cidr.group && cidrHolds(cidr, other.range)) return witness;
    return undefined;
  };
  return {
    get policy() {
      return compiled();
    },
    direction: rule.direction,
    index: rule.index,
    origin: { object: policy.object, path: rule.path, label: `${label} ${rule.direction}${rule.deny ? 'Deny' : ''}[${rule.index}]` },
    action: rule.deny ? 'deny' : 'allow',
    precedence: [NETWORK_POLICY_ORDER, rule.deny ? 0 : 1],
    ...(l3 ? { peer: sharedPeer(peerKey, peer), peerKey } : { everyPeer: true }),
    ...(ranges.length ? { ranges } : {}),
    connections(destinationPorts) {
      if (constant) return constant;
      let set = byPorts.get(destinationPorts);
      if (!set) byPorts.set(destinationPorts, (set = rulesConnections(rule.toPorts ?? [], destinationPorts)));
      return set;
    },
    ...(named.length ? { namedPorts: named.flatMap((n) => n.protocols.map((protocol) => ({ name: n.name, protocol }))) } : {}),
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

function compileSpec(policy: CiliumPolicy, spec: CiliumSpec, specIndex: number | undefined): CompiledPolicy | undefined {
  const selector = subjectSelector(policy, spec);
  if (!selector || !spec.endpointSelector) return undefined;
  const kind = policy.clusterwide ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy';
  const label = `${kind} "${policy.object.name}"${specIndex === undefined ? '' : ` specs[${specIndex}]`}`;
  let self: CompiledPolicy;
  const direction = (d: Direction) => {
    const entries = spec.rules.filter((r) => r.direction === d).flatMap((r) => ruleEntry(() => self, policy, label, r) ?? []);
    const isolates = defaultDenies(spec, d);
    return isolates || entries.length > 0 ? { [d]: { isolates, entries } } : {};
  };
  self = {
    origin: { object: policy.object, path: spec.endpointSelector.path, label },
    kind,
    tier: DEFAULT_TIER,
    ...(policy.clusterwide ? {} : { namespace: policy.object.namespace }),
    // Pods of the pod network only: host-network pods have the node's identity, which host policies (nodeSelector) select.
    subject: (s) => s.ungoverned === undefined && selectsPod(selector, s),
    subjectKey: JSON.stringify(['cilium', selector]),
    ...direction('ingress'),
    ...direction('egress'),
  };
  return self;
}

/** The compiled policies of one Cilium policy object: one per rule of `spec` and `specs` that selects endpoints. */
export function compileCiliumPolicy(policy: CiliumPolicy): CompiledPolicy[] {
  const fromSpecs = policy.specs.some((s) => s.path[0] === 'specs') && policy.specs.length > 1;
  return policy.specs.flatMap((spec) => compileSpec(policy, spec, fromSpecs && spec.path[0] === 'specs' ? (spec.path[1] as number) : undefined) ?? []);
}

export const CILIUM_POLICY_COMPILER = definePolicyCompiler<CiliumPolicy>({
  id: 'cilium',
  views: (model) => [...viewsOf(model, CILIUM_NETWORK_POLICY_KIND), ...viewsOf(model, CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND)],
  compile: compileCiliumPolicy,
});
