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
import { ciliumPodLabels, ciliumSelects, defaultDenies, entityMatches, peerSelector, subjectSelector, type CiliumIdentity, CILIUM_CLUSTER_LABEL, CILIUM_NAMESPACE_LABEL, CILIUM_NAMESPACE_LABELS_PREFIX, CILIUM_SERVICE_ACCOUNT_LABEL } from '../cilium.ts';
import { selectorEscapes, selectorWitnesses, type LabelPatch } from '../label-witness.ts';
import { NAMESPACE_NAME_LABEL } from '../../model/kinds/core-references.ts';
import { ConnSet, MAX_PORT, MIN_PORT, PROTOCOLS, type PortRange } from '../conn.ts';
import { parseCidr, rangeContains, rangesOverlap, type AddressRange } from '../../model/ip.ts';
import { portsNamed } from '../ports.ts';
import { formatSelector, isEmptySelector, type Labels } from '../selector.ts';
import { sharedPeer } from './peer-cache.ts';
import { DEFAULT_TIER, definePolicyCompiler, NETWORK_POLICY_ORDER, type CompiledPolicy, type Direction, type PeerWitness, type PolicySubject, type RepresentativePeer, type TierEntry, selectorLabelKeys, type SubjectReads } from '../tiers.ts';
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

/**
 * What selectors (as `subjectSelector`/`peerSelector` give them, keys without a source) read of a pod:
 * their keys as pod label keys (the namespace, namespace-label and cluster keys Cilium adds are set
 * over any pod label of that name), and the service account through its label. Entities and CIDRs
 * read only the host network and addresses.
 */
function selectorReads(selectors: readonly LabelSelector[]): SubjectReads {
  const labels = selectors.flatMap(selectorLabelKeys);
  return { labels, serviceAccount: labels.includes(CILIUM_SERVICE_ACCOUNT_LABEL) };
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

/**
 * The pods outside the tree an endpoint selector (as Cilium applies it, `peerSelector`) may admit: its
 * requirements on the namespace label and the namespace-labels keys describe the namespace, the others
 * the pods; the example is a witness of the whole selector read back into namespace, labels and
 * service account. Undefined when no pod can satisfy it.
 */
function endpointRepresentative(selector: LabelSelector, admits: (pod: PolicySubject) => boolean): RepresentativePeer | undefined {
  const witnesses = selectorWitnesses(selector);
  if (witnesses.length === 0) return undefined;
  const isNamespaceKey = (key: string) => key === CILIUM_NAMESPACE_LABEL || key.startsWith(CILIUM_NAMESPACE_LABELS_PREFIX);
  const part = (keep: (key: string) => boolean): LabelSelector => ({
    matchLabels: Object.fromEntries(Object.entries(selector.matchLabels).filter(([key]) => keep(key))),
    matchExpressions: selector.matchExpressions.filter((r) => keep(r.key)),
  });
  // The namespace is fixed when the selector names it (matchLabels, or In), not when it only requires one (a clusterwide peer's Exists).
  const fixed = CILIUM_NAMESPACE_LABEL in selector.matchLabels || selector.matchExpressions.some((r) => r.key === CILIUM_NAMESPACE_LABEL && r.operator === 'In');
  /** A witness of the Cilium labels read back into a pod: its namespace, the namespace's labels, its labels and service account. */
  const podOf = (witness: Labels): RepresentativePeer['example'] => {
    const namespaceLabels: Record<string, string> = {};
    const labels: Record<string, string> = {};
    let serviceAccount: string | undefined;
    for (const [key, value] of Object.entries(witness)) {
      if (key.startsWith(CILIUM_NAMESPACE_LABELS_PREFIX)) namespaceLabels[key.slice(CILIUM_NAMESPACE_LABELS_PREFIX.length)] = value;
      else if (key === CILIUM_SERVICE_ACCOUNT_LABEL) serviceAccount = value;
      else if (key !== CILIUM_NAMESPACE_LABEL && key !== CILIUM_CLUSTER_LABEL) labels[key] = value;
    }
    const name = fixed ? witness[CILIUM_NAMESPACE_LABEL] : undefined;
    if (name !== undefined) namespaceLabels[NAMESPACE_NAME_LABEL] ??= name;
    return { ...(name !== undefined ? { namespace: name } : {}), namespaceLabels, labels, ...(serviceAccount !== undefined ? { serviceAccount } : {}) };
  };
  const [example, ...alternatives] = witnesses.map(podOf);
  const name = example!.namespace;
  // The namespace's labels as the Namespace has them (`io.cilium.k8s.namespace.labels.team` is its `team`).
  const written = part((key) => key.startsWith(CILIUM_NAMESPACE_LABELS_PREFIX));
  const strip = (key: string) => key.slice(CILIUM_NAMESPACE_LABELS_PREFIX.length);
  const namespaceSelector: LabelSelector = {
    matchLabels: Object.fromEntries(Object.entries(written.matchLabels).map(([key, value]) => [strip(key), value])),
    matchExpressions: written.matchExpressions.map((r) => ({ ...r, key: strip(r.key) })),
  };
  const podSelector = part((key) => !isNamespaceKey(key));
  // Ways out, read back as the example is: a namespace-labels key patches the namespace, a pod label the pod.
  const escapes = selectorEscapes(selector).flatMap((patch): { namespace?: LabelPatch; pods?: LabelPatch }[] => {
    const keys = [...Object.keys(patch.set), ...patch.unset];
    if (keys.every((k) => k.startsWith(CILIUM_NAMESPACE_LABELS_PREFIX))) {
      return [{ namespace: { set: Object.fromEntries(Object.entries(patch.set).map(([k, v]) => [strip(k), v])), unset: patch.unset.map(strip) } }];
    }
    return keys.every((k) => !isNamespaceKey(k) && k !== CILIUM_CLUSTER_LABEL && k !== CILIUM_SERVICE_ACCOUNT_LABEL) ? [{ pods: patch }] : [];
  });
  return {
    escapes,
    namespace: name !== undefined ? { type: 'name', name } : isEmptySelector(namespaceSelector) ? { type: 'any' } : { type: 'labels', text: formatSelector(namespaceSelector) },
    pods: isEmptySelector(podSelector) ? { type: 'any' } : { type: 'labels', text: formatSelector(podSelector) },
    example: example!,
    alternatives: alternatives.filter((a) => a.namespace === name),
    admits,
  };
}

/** Entities that stand for every pod of the cluster (`cluster`, `all`): the representative "any pod". */
function entityRepresentative(entity: string): RepresentativePeer | undefined {
  if (entity !== 'cluster' && entity !== 'all') return undefined;
  return { namespace: { type: 'any' }, pods: { type: 'any' }, example: { namespaceLabels: {}, labels: {} }, admits: (pod) => entityMatches(entity, identityOf(pod)) };
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
  // Keyed by the selectors as applied (with the namespace Cilium adds): rules of many namespaces that name kube-dns share one.
  const peerKey = JSON.stringify(['cilium', selectors.map((s) => [s.reserved ?? null, s.selector]), rule.entities?.map((e) => e.value), rule.cidrs?.map((c) => [c.cidr, c.group, c.except.map((e) => e.value)]), rule.fqdns?.map((f) => [f.matchName, f.matchPattern]), rule.unmodelled.map((u) => u.field)]);
  // Selectors that all name one namespace, and no entity or CIDR: only pods of that namespace are admitted.
  const pinned = [...new Set(selectors.map((s) => (s.reserved ? undefined : s.selector.matchLabels[CILIUM_NAMESPACE_LABEL])))];
  const peerNamespace = selectors.length > 0 && !rule.entities?.length && !rule.cidrs?.length && pinned.length === 1 ? pinned[0] : undefined;
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
  const representatives = [
    ...selectors.flatMap(({ reserved, selector }) => (reserved ? reserved.flatMap((e) => entityRepresentative(e) ?? []) : (endpointRepresentative(selector, (other) => selectsPod(selector, other)) ?? []))),
    ...(rule.entities ?? []).flatMap((e) => entityRepresentative(e.value) ?? []),
  ];
  const domains = rule.fqdns?.flatMap((f) => f.matchName ?? f.matchPattern ?? []) ?? [];
  // toServices, toNodes, groups and requires may admit any peer; toFQDNs, addresses outside the cluster.
  const unmodelled = rule.unmodelled.length ? rule.unmodelled.map((u) => u.field).join(', ') : undefined;
  const byName = rule.fqdns ? `toFQDNs (${fqdns})` : undefined;
  const unevaluatedPeers = unmodelled || byName ? (other: PolicySubject) => (other.range && byName ? [unmodelled, byName].filter(Boolean).join(', ') : unmodelled) : undefined;
  return {
    get policy() {
      return compiled();
    },
    direction: rule.direction,
    index: rule.index,
    ...(representatives.length ? { representatives } : {}),
    ...(domains.length ? { domains } : {}),
    origin: { object: policy.object, path: rule.path, label: `${label} ${rule.direction}${rule.deny ? 'Deny' : ''}[${rule.index}]` },
    action: rule.deny ? 'deny' : 'allow',
    precedence: [NETWORK_POLICY_ORDER, rule.deny ? 0 : 1],
    ...(l3 ? { peer: sharedPeer(peerKey, peer), peerKey, peerReads: selectorReads(selectors.map((s) => s.selector)), ...(peerNamespace !== undefined ? { peerNamespace } : {}) } : { everyPeer: true }),
    ...(ranges.length ? { ranges } : {}),
    connections(destinationPorts) {
      if (constant) return constant;
      let set = byPorts.get(destinationPorts);
      if (!set) byPorts.set(destinationPorts, (set = rulesConnections(rule.toPorts ?? [], destinationPorts)));
      return set;
    },
    ...(named.length ? { namedPorts: named.flatMap((n) => n.protocols.map((protocol) => ({ name: n.name, protocol }))) } : {}),
    ...(notes.length ? { note: notes.join('; ') } : {}),
    ...(unevaluatedPeers ? { unevaluatedPeers } : {}),
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
    subjectReads: selectorReads([selector]),
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
