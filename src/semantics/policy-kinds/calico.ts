/**
 * Calico NetworkPolicy and GlobalNetworkPolicy (projectcalico.org/v3, crd.projectcalico.org/v1)
 * compiled to the tier form (../tiers.ts). Facts in docs/research/policies.md §3; selectors,
 * labels and tier order are ../calico.ts.
 *
 * - Tiers: `default` is DEFAULT_TIER (where Kubernetes NetworkPolicies sit at order 1000),
 *   `kube-admin` (v3.29-v3.31: `adminnetworkpolicy`) is ADMIN_TIER and `kube-baseline`
 *   (`baselineadminnetworkpolicy`) BASELINE_TIER; any other is its own tier at its `order`, with
 *   its `defaultAction` at the end (a Tier object of the tree, else unknown: last, Deny).
 * - Inside a tier, policies go by `order` (unset is last), then by "<name>/<namespace>/<kind>"
 *   (felix policy_sorter.go), and their rules in list order: the first rule that matches decides.
 *   Allow and Deny are final, Pass goes to the next tier, Log decides nothing (`_rule.mdx`).
 * - A policy applies to the directions of its `types`; a tier that applies to an endpoint and decides
 *   nothing drops the traffic (its default action, Deny unless the Tier says Pass).
 * - Host-network pods get no workload endpoint and are never selected (conversion.go
 *   IsValidCalicoWorkloadEndpoint); host-endpoint policies (doNotTrack, preDNAT, applyOnForward) are
 *   left out; a policy with a selector Calico rejects is not applied (the API server refuses it).
 *
 * Criteria of a rule on the endpoint the policy selects (an ingress rule's `destination` apart from
 * its ports, an egress rule's `source`) and `source.ports` (ephemeral ports) are not evaluated: such a
 * rule is taken to match, and explain says so.
 */
import type { ContainerPort, Model, Protocol } from '../../model/types.ts';
import type { CalicoEntity, CalicoPolicy, CalicoPort, CalicoProtocol, CalicoRule, CalicoSelectorText, CalicoTier } from '../../model/kinds/calico.ts';
import { CALICO_GLOBAL_NETWORK_POLICY_KIND, CALICO_NETWORK_POLICY_KIND, CALICO_TIER_KIND } from '../../model/kinds/calico.ts';
import { viewsOf } from '../../model/kinds/define.ts';
import { matchesCalico, mentionsGlobal, printCalico, selectsEverything, type CalicoExpr, calicoLabelKeys } from '../calico-selector.ts';
import { CALICO_NAMESPACE_LABEL, CALICO_NAMESPACE_NAME_LABEL, CALICO_ORCHESTRATOR_LABEL, CALICO_SERVICE_ACCOUNT_LABEL, calicoExpr, calicoNamespaceLabels, calicoNet, calicoNetsInEffect, calicoPodLabels, calicoPolicyAccepted, calicoSelectsPod, tierPlace } from '../calico.ts';
import { calicoEscapes, calicoWitness, calicoWitnesses } from '../label-witness.ts';
import { NAMESPACE_NAME_LABEL } from '../../model/kinds/core-references.ts';
import { ConnSet, PROTOCOLS, type PortRange } from '../conn.ts';
import { rangeContains, rangesOverlap } from '../../model/ip.ts';
import { portsNamed } from '../ports.ts';
import type { Labels } from '../selector.ts';
import { sharedPeer } from './peer-cache.ts';
import { ADMIN_TIER, BASELINE_TIER, DEFAULT_TIER, definePolicyCompiler, type CompiledPolicy, type Direction, type PeerWitness, type PolicySubject, type RepresentativePeer, type TierEntry, type TierSpec, type SubjectReads } from '../tiers.ts';
import { droppedFieldNote } from '../unknown-fields.ts';

/** A policy with the tier it sits in: the compiler's view, as a policy's place depends on the Tier objects too. */
interface PlacedPolicy {
  readonly policy: CalicoPolicy;
  readonly tier: TierSpec;
}

const BUILT_IN: Readonly<Record<string, TierSpec>> = {
  default: DEFAULT_TIER,
  'kube-admin': ADMIN_TIER,
  adminnetworkpolicy: ADMIN_TIER,
  'kube-baseline': BASELINE_TIER,
  baselineadminnetworkpolicy: BASELINE_TIER,
};

function tierSpec(name: string, tiers: readonly CalicoTier[]): TierSpec {
  const builtIn = BUILT_IN[name];
  if (builtIn) return builtIn;
  const place = tierPlace(name, tiers);
  return { id: `calico:${name}`, rank: place.order, endOfTier: place.defaultAction === 'Pass' ? 'pass' : 'deny', label: `Calico tier "${name}"${place.known ? '' : ' (not in the tree: assumed last, default action Deny)'}` };
}

const placed = new WeakMap<CalicoPolicy, PlacedPolicy>();

/** The placed views of a model, the same object for a policy whose tier did not move (the engine memoises compiled forms per view). */
function placedPolicies(model: Model): PlacedPolicy[] {
  const tiers = viewsOf(model, CALICO_TIER_KIND);
  return [...viewsOf(model, CALICO_NETWORK_POLICY_KIND), ...viewsOf(model, CALICO_GLOBAL_NETWORK_POLICY_KIND)].map((policy) => {
    const tier = tierSpec(policy.tier, tiers);
    const before = placed.get(policy);
    if (before && before.tier.id === tier.id && before.tier.rank === tier.rank && before.tier.endOfTier === tier.endOfTier && before.tier.label === tier.label) return before;
    const view = { policy, tier };
    placed.set(policy, view);
    return view;
  });
}

const podLabels = new WeakMap<PolicySubject, Labels>();
const namespaceLabels = new WeakMap<PolicySubject, Labels>();

function podLabelsOf(subject: PolicySubject): Labels | undefined {
  if (subject.namespace === undefined || !subject.labels) return undefined;
  let labels = podLabels.get(subject);
  if (!labels) podLabels.set(subject, (labels = calicoPodLabels(subject.namespace, subject.labels, subject.serviceAccount)));
  return labels;
}

function namespaceLabelsOf(subject: PolicySubject): Labels | undefined {
  if (subject.namespace === undefined) return undefined;
  let labels = namespaceLabels.get(subject);
  if (!labels) namespaceLabels.set(subject, (labels = calicoNamespaceLabels(subject.namespace, subject.namespaceLabels ?? {})));
  return labels;
}

/** `calicoSelectsPod` on a subject, with its Calico labels memoised (the engine asks for every pair). */
function subjectSelects(policy: CalicoPolicy, subject: PolicySubject): boolean {
  if (policy.hostOnly) return false;
  if (policy.serviceAccountSelector && !selectsEverything(calicoExpr(policy.serviceAccountSelector) ?? { op: 'has', label: '' })) return false;
  if (!policy.global && policy.object.namespace !== subject.namespace) return false;
  const selector = calicoExpr(policy.selector);
  if (!selector || !matches(selector, podLabelsOf(subject))) return false;
  if (!policy.namespaceSelector) return true;
  const namespaceSelector = calicoExpr(policy.namespaceSelector);
  return namespaceSelector !== undefined && matches(namespaceSelector, namespaceLabelsOf(subject));
}

/** A workload endpoint: a pod of the pod network (host-network pods have none). */
const isEndpoint = (s: PolicySubject) => s.selectable && !s.hostNetwork && s.range === undefined;

/** Whether an expression matches labels; unknown labels are matched only by a selector that selects everything. */
function matches(expr: CalicoExpr, labels: Labels | undefined): boolean {
  return labels ? matchesCalico(expr, labels) : selectsEverything(expr);
}

/** Whether a net holds the subject: its outside range wholly, or a recorded pod address (Calico matches pod IPs). */
function inNets(nets: readonly { value: string }[], subject: PolicySubject): string | undefined {
  for (const { value } of nets) {
    const net = calicoNet(value);
    if (!net) continue;
    if (subject.range && rangeContains(net, subject.range)) return value;
    const address = subject.addresses?.find((a) => rangeContains(net, a.range));
    if (address) return address.text;
  }
  return undefined;
}

function touchesNets(nets: readonly { value: string }[], subject: PolicySubject): boolean {
  return nets.some(({ value }) => {
    const net = calicoNet(value);
    return net !== undefined && ((subject.range !== undefined && rangesOverlap(net, subject.range)) || (subject.addresses?.some((a) => rangeContains(net, a.range)) ?? false));
  });
}

/**
 * Whether an EntityRule admits the other endpoint (policy_common.go): every criterion it sets must
 * hold. `selector`/`namespaceSelector` pick workload endpoints (never outside addresses); without a
 * namespaceSelector a NetworkPolicy's selector is limited to its namespace and a
 * GlobalNetworkPolicy's spans all; `global()` picks network sets and host endpoints only.
 * `notSelector` admits everything but the endpoints it matches, outside addresses included.
 * Service-account criteria read labels the tree does not link to pods: they admit nothing certain.
 */
function entityAdmits(policy: CalicoPolicy, entity: CalicoEntity, other: PolicySubject): PeerWitness | undefined {
  let address: string | undefined;
  if (entity.nets.length > 0) {
    address = inNets(entity.nets, other);
    if (address === undefined) return undefined;
  }
  if (entity.notNets.length > 0 && touchesNets(entity.notNets, other)) return undefined;
  if (entity.selector || entity.namespaceSelector || entity.serviceAccountNames || entity.serviceAccountSelector || entity.services) {
    if (!isEndpoint(other) || entity.services) return undefined;
    if (entity.namespaceSelector) {
      const expr = calicoExpr(entity.namespaceSelector);
      if (!expr || expr.op === 'global' || !matches(expr, namespaceLabelsOf(other))) return undefined;
    } else if (!policy.global && other.namespace !== policy.object.namespace) return undefined;
    if (entity.selector) {
      const expr = calicoExpr(entity.selector);
      if (!expr || !matches(expr, podLabelsOf(other))) return undefined;
    }
    // serviceAccounts: names against the pod's service account; a selector reads account labels the tree does not hold.
    if (entity.serviceAccountNames && (other.serviceAccount === undefined || !entity.serviceAccountNames.includes(other.serviceAccount))) return undefined;
    if (entity.serviceAccountSelector) {
      const expr = calicoExpr(entity.serviceAccountSelector);
      if (!expr || !selectsEverything(expr)) return undefined;
    }
  }
  if (entity.notSelector) {
    const expr = calicoExpr(entity.notSelector);
    if (!expr) return undefined;
    // Only endpoints carry labels: an outside address is never left out by notSelector. Unknown labels might match.
    const labels = isEndpoint(other) ? podLabelsOf(other) : undefined;
    if (isEndpoint(other) && (!labels || matchesCalico(expr, labels))) return undefined;
  }
  return address ? { path: entity.path, peer: entity, address } : witnessOf(entity);
}

const witnesses = new WeakMap<CalicoEntity, PeerWitness>();
/** The witness of an entity that admits without an address: one object per entity (the matrix asks millions of times). */
function witnessOf(entity: CalicoEntity): PeerWitness {
  let witness = witnesses.get(entity);
  if (!witness) witnesses.set(entity, (witness = { path: entity.path, peer: entity }));
  return witness;
}

/**
 * The one namespace whose pods alone the entity may admit: a NetworkPolicy's selector criteria without a
 * namespaceSelector pick workload endpoints of its own namespace only (and never outside addresses).
 */
function entityNamespace(policy: CalicoPolicy, e: CalicoEntity): string | undefined {
  const endpointsOnly = !!e.selector || !!e.serviceAccountNames || !!e.serviceAccountSelector || !!e.services;
  return !policy.global && !e.namespaceSelector && endpointsOnly ? policy.object.namespace : undefined;
}

/** Equal keys admit alike: the policy's namespace is part of it only where the entity reads it. */
function peerKeyOf(policy: CalicoPolicy, e: CalicoEntity): string {
  return JSON.stringify(['calico', entityNamespace(policy, e) ?? '', e.nets.map((n) => n.value), e.notNets.map((n) => n.value), e.selector?.text, e.notSelector?.text, e.namespaceSelector?.text, e.serviceAccountNames, e.serviceAccountSelector?.text, !!e.services]);
}

/**
 * What Calico selectors read of a pod: the keys of their expressions (the namespace and service-account
 * labels Calico adds count as pod keys too), and the service account through its label or by name.
 * Namespace selectors read the namespace's labels, nets the recorded addresses.
 */
function calicoReads(selectors: readonly (CalicoSelectorText | undefined)[], serviceAccountNames = false): SubjectReads {
  const labels = new Set<string>();
  for (const selector of selectors) {
    const expr = selector && calicoExpr(selector);
    if (expr) calicoLabelKeys(expr, labels);
  }
  return { labels: [...labels], serviceAccount: serviceAccountNames || labels.has(CALICO_SERVICE_ACCOUNT_LABEL) };
}

const hasCriteria = (e: CalicoEntity) =>
  e.nets.length > 0 || e.notNets.length > 0 || !!e.selector || !!e.notSelector || !!e.namespaceSelector || !!e.serviceAccountNames || !!e.serviceAccountSelector || !!e.services;

/**
 * The pods outside the tree an EntityRule may admit by its selectors (`selector`, `notSelector`,
 * `namespaceSelector`, `serviceAccounts.names`): the namespace from its namespaceSelector (else the
 * policy's namespace, or any for a GlobalNetworkPolicy), the pods from the selectors, printed in
 * Calico's syntax; the example is a witness of the expressions, the labels Calico adds to endpoints
 * read back. None for a rule on addresses (`nets`: pods outside the tree have none known), `services`,
 * service-account labels, or `global()` (network sets, not pods).
 */
function entityRepresentative(policy: CalicoPolicy, entity: CalicoEntity): RepresentativePeer | undefined {
  if (entity.nets.length > 0 || entity.services || entity.serviceAccountSelector) return undefined;
  if (!entity.selector && !entity.notSelector && !entity.namespaceSelector && !entity.serviceAccountNames) return undefined;
  const selector = entity.selector ? calicoExpr(entity.selector) : undefined;
  const notSelector = entity.notSelector ? calicoExpr(entity.notSelector) : undefined;
  const namespaceExpr = entity.namespaceSelector ? calicoExpr(entity.namespaceSelector) : undefined;
  if ((entity.selector && !selector) || (entity.notSelector && !notSelector) || (entity.namespaceSelector && (!namespaceExpr || mentionsGlobal(namespaceExpr)))) return undefined;
  const podParts: CalicoExpr[] = [...(selector ? [selector] : []), ...(notSelector ? [{ op: 'not' as const, expr: notSelector }] : [])];
  const podExpr: CalicoExpr = podParts.length === 1 ? podParts[0]! : { op: 'and', exprs: podParts };
  const podWitnesses = calicoWitnesses(podExpr, { [CALICO_ORCHESTRATOR_LABEL]: 'k8s' });
  const podWitness = podWitnesses[0];
  const namespaceWitness = namespaceExpr ? calicoWitness(namespaceExpr) : {};
  if (!podWitness || !namespaceWitness) return undefined;
  const { [CALICO_NAMESPACE_LABEL]: podNamespace, [CALICO_ORCHESTRATOR_LABEL]: _orchestrator, [CALICO_SERVICE_ACCOUNT_LABEL]: account, ...labels } = podWitness;
  const { [CALICO_NAMESPACE_NAME_LABEL]: namespaceName, ...namespaceRest } = namespaceWitness;
  const namespaceLabels: Record<string, string> = { ...namespaceRest };
  const own = !entity.namespaceSelector && !policy.global ? policy.object.namespace : undefined;
  const name = own ?? namespaceName ?? podNamespace;
  if (name !== undefined) namespaceLabels[NAMESPACE_NAME_LABEL] ??= name;
  const serviceAccount = entity.serviceAccountNames?.[0] ?? account;
  const podText = [...(entity.selector ? [printCalico(selector!)] : []), ...(notSelector ? [`!(${printCalico(notSelector)})`] : []), ...(entity.serviceAccountNames ? [`serviceAccount in (${entity.serviceAccountNames.join(',')})`] : [])].join(' && ');
  // Ways out of the pod and namespace expressions, but not by the labels Calico itself sets.
  const calicoKeys = new Set([CALICO_NAMESPACE_LABEL, CALICO_ORCHESTRATOR_LABEL, CALICO_SERVICE_ACCOUNT_LABEL, CALICO_NAMESPACE_NAME_LABEL]);
  const ownKeys = (patch: { set: Labels; unset: readonly string[] }) => [...Object.keys(patch.set), ...patch.unset].every((k) => !calicoKeys.has(k));
  const escapes = [
    ...(podParts.length ? calicoEscapes(podExpr).filter(ownKeys).map((patch) => ({ pods: patch })) : []),
    ...(namespaceExpr ? calicoEscapes(namespaceExpr).filter(ownKeys).map((patch) => ({ namespace: patch })) : []),
  ];
  return {
    escapes,
    namespace: own !== undefined ? { type: 'name', name: own } : namespaceExpr && !selectsEverything(namespaceExpr) ? { type: 'labels', text: printCalico(namespaceExpr) } : { type: 'any' },
    pods: podText ? { type: 'labels', text: podText } : { type: 'any' },
    example: { ...(name !== undefined ? { namespace: name } : {}), namespaceLabels, labels, ...(serviceAccount !== undefined ? { serviceAccount } : {}) },
    // Other pods of the pod expression (in the example's namespace): `role in {'batch', 'client'}` has two.
    alternatives: podWitnesses.slice(1).flatMap((other) => {
      const { [CALICO_NAMESPACE_LABEL]: otherNamespace, [CALICO_ORCHESTRATOR_LABEL]: _o, [CALICO_SERVICE_ACCOUNT_LABEL]: _a, ...otherLabels } = other;
      return otherNamespace !== undefined && otherNamespace !== name ? [] : [{ ...(name !== undefined ? { namespace: name } : {}), namespaceLabels, labels: otherLabels, ...(serviceAccount !== undefined ? { serviceAccount } : {}) }];
    }),
    admits: (other) => entityAdmits(policy, entity, other) !== undefined,
  };
}

function protocolSet(protocol: CalicoProtocol | undefined): ConnSet {
  if (protocol === undefined) return ConnSet.ALL;
  // ICMP, UDPLite and other numbers carry no port of TCP, UDP or SCTP.
  return protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP' ? ConnSet.protocol(protocol) : ConnSet.NONE;
}

function portsSet(ports: readonly CalicoPort[], protocols: readonly Protocol[], destinationPorts: readonly ContainerPort[]): ConnSet {
  let out = ConnSet.NONE;
  for (const port of ports) {
    for (const protocol of protocols) {
      if (port.name !== undefined) out = out.union(ConnSet.of({ [protocol]: portsNamed(destinationPorts, port.name, protocol).map((p): PortRange => [p.containerPort, p.containerPort]) }));
      else if (port.min !== undefined && port.max !== undefined) out = out.union(ConnSet.ports(protocol, port.min, port.max));
    }
  }
  return out;
}

/** What a rule matches toward a destination: its protocol (less notProtocol), narrowed to the destination's ports and less its notPorts. */
function ruleConnections(rule: CalicoRule, destinationPorts: readonly ContainerPort[]): ConnSet {
  let set = protocolSet(rule.protocol);
  if (rule.notProtocol !== undefined) set = set.subtract(protocolSet(rule.notProtocol));
  const protocols = PROTOCOLS.filter((p) => set.hasProtocol(p));
  const { ports, notPorts } = rule.destination;
  if (ports) set = set.intersect(portsSet(ports, protocols, destinationPorts));
  if (notPorts) set = set.subtract(portsSet(notPorts, protocols, destinationPorts));
  return set;
}

/** The precedence of a rule: order, then the sort name as code units (a shorter name first), then the rule's index. */
function precedence(policy: CalicoPolicy, index: number): number[] {
  const name = `${policy.name}/${policy.global ? '' : policy.object.namespace}/${policy.global ? 'GlobalNetworkPolicy' : 'NetworkPolicy'}`;
  return [policy.order ?? Infinity, ...Array.from(name, (c) => c.charCodeAt(0)), -1, index];
}

/**
 * A source or destination as Felix applies it: the CRD form stores nets that are not CIDRs, and Felix
 * skips them (updateprocessors NormalizeIPNets), so a list of such entries alone is no criterion. The
 * entity itself when every entry parses (the projectcalico.org form with a bad one is not applied at all).
 */
function inEffect(entity: CalicoEntity): { entity: CalicoEntity; skipped: readonly string[] } {
  const nets = calicoNetsInEffect(entity.nets);
  const notNets = calicoNetsInEffect(entity.notNets);
  if (nets === entity.nets && notNets === entity.notNets) return { entity, skipped: [] };
  const skipped = [...entity.nets, ...entity.notNets].filter((n) => !nets.includes(n) && !notNets.includes(n)).map((n) => n.value);
  return { entity: { ...entity, nets, notNets }, skipped };
}

function ruleEntry(compiled: () => CompiledPolicy, policy: CalicoPolicy, label: string, written: CalicoRule): TierEntry | undefined {
  const source = inEffect(written.source);
  const destination = inEffect(written.destination);
  const rule = source.entity === written.source && destination.entity === written.destination ? written : { ...written, source: source.entity, destination: destination.entity };
  const skippedNets = [...source.skipped, ...destination.skipped];
  const badPorts = [...(rule.destination.ports ?? []), ...(rule.destination.notPorts ?? [])].filter((p) => p.invalid && p.text !== undefined);
  const action = rule.action === 'Allow' ? 'allow' : rule.action === 'Deny' ? 'deny' : rule.action === 'Pass' ? 'pass' : undefined;
  // Log decides nothing; an unknown action is the schema rule's finding (Calico rejects it).
  if (!action) return undefined;
  const peerSide = rule.direction === 'ingress' ? rule.source : rule.destination;
  const selfSide = rule.direction === 'ingress' ? rule.destination : rule.source;
  const hasNamed = !!rule.destination.ports?.some((p) => p.name !== undefined) || !!rule.destination.notPorts?.some((p) => p.name !== undefined);
  const constant = hasNamed ? undefined : ruleConnections(rule, []);
  const byPorts = new WeakMap<readonly ContainerPort[], ConnSet>();
  const unevaluated = [
    ...(hasCriteria({ ...selfSide, ports: undefined, notPorts: undefined } as CalicoEntity) ? [`its ${rule.direction === 'ingress' ? 'destination' : 'source'} criteria other than ports are not evaluated (taken to match the selected pod)`] : []),
    ...(rule.source.ports || rule.source.notPorts ? ['source ports are not evaluated (taken to match)'] : []),
    ...(rule.http ? ['its http match is outside L3/L4 analysis (the port counts as matched)'] : []),
    // The CRD form only (the projectcalico.org form with these is rejected and not compiled).
    ...(skippedNets.length ? [`nets entries that are not CIDRs (${skippedNets.map((n) => `"${n}"`).join(', ')}) are skipped, as Felix skips them`] : []),
    ...(badPorts.length ? [`not certain: Calico does not accept the port${badPorts.length > 1 ? 's' : ''} ${badPorts.map((p) => `"${p.text}"`).join(', ')}, taken here to match no port`] : []),
    ...(peerSide.serviceAccountSelector || peerSide.services ? ['serviceAccounts.selector and services are not evaluated (they admit no pod here, as account labels and Service endpoints are not known)'] : []),
  ];
  // A rule or subject read without an unknown field that widens it (../unknown-fields.ts).
  const dropped = droppedFieldNote(policy.object, rule.path);
  const notes = [...(dropped ? [dropped] : []), ...unevaluated];
  const ranges = [...peerSide.nets, ...peerSide.notNets].flatMap((n) => calicoNet(n.value) ?? []);
  const namedPorts = hasNamed
    ? [...(rule.destination.ports ?? []), ...(rule.destination.notPorts ?? [])].flatMap((p) => (p.name === undefined ? [] : PROTOCOLS.map((protocol) => ({ name: p.name!, protocol }))))
    : [];
  const open = !hasCriteria(peerSide);
  const representative = open ? undefined : entityRepresentative(policy, peerSide);
  const unevaluatedPeers = unevaluatedPeersOf(peerSide, rule.direction === 'ingress' ? 'source' : 'destination');
  return {
    ...(representative ? { representatives: [representative] } : {}),
    get policy() {
      return compiled();
    },
    direction: rule.direction,
    index: rule.index,
    origin: { object: policy.object, path: rule.path, label: `${label} ${rule.direction}[${rule.index}] ${rule.action}`, precedence: `order ${policy.order ?? 'unset (last)'}` },
    action,
    precedence: precedence(policy, rule.index),
    ...(open
      ? { everyPeer: true }
      : {
          peer: sharedPeer(peerKeyOf(policy, peerSide), (other) => entityAdmits(policy, peerSide, other)),
          peerKey: peerKeyOf(policy, peerSide),
          ...(entityNamespace(policy, peerSide) !== undefined ? { peerNamespace: entityNamespace(policy, peerSide) } : {}),
          peerReads: calicoReads([peerSide.selector, peerSide.notSelector], peerSide.serviceAccountNames !== undefined),
        }),
    ...(ranges.length ? { ranges } : {}),
    connections(destinationPorts) {
      if (constant) return constant;
      let set = byPorts.get(destinationPorts);
      if (!set) byPorts.set(destinationPorts, (set = ruleConnections(rule, destinationPorts)));
      return set;
    },
    ...(namedPorts.length ? { namedPorts } : {}),
    ...(notes.length ? { note: notes.join('; ') } : {}),
    ...(unevaluatedPeers ? { unevaluatedPeers: () => unevaluatedPeers } : {}),
  };
}

/**
 * The criteria of a peer side the engine cannot evaluate, for `TierEntry.unevaluatedPeers`: `services`
 * (the Service's endpoints are not known) and a `serviceAccounts.selector` that reads labels (account
 * labels are not in the tree). Undefined when every criterion is evaluated.
 */
function unevaluatedPeersOf(side: CalicoEntity, name: 'source' | 'destination'): string | undefined {
  const parts: string[] = [];
  if (side.services) parts.push(`${name}.services (Service ${side.services.namespace ? `${side.services.namespace}/` : ''}${side.services.name ?? ''})`);
  const accounts = side.serviceAccountSelector && calicoExpr(side.serviceAccountSelector);
  if (side.serviceAccountSelector && !(accounts && selectsEverything(accounts))) parts.push(`${name}.serviceAccounts.selector (${side.serviceAccountSelector.text})`);
  return parts.length ? parts.join(' and ') : undefined;
}

/** One Calico policy in the tier form; none when it selects no pod at all (host-endpoint policy) or Calico rejects its selectors. */
export function compileCalicoPolicy({ policy, tier }: PlacedPolicy): CompiledPolicy[] {
  if (policy.hostOnly || !calicoPolicyAccepted(policy)) return [];
  const kind = `${policy.global ? 'GlobalNetworkPolicy' : 'NetworkPolicy'} (projectcalico.org)`;
  const label = `${policy.global ? 'GlobalNetworkPolicy' : 'NetworkPolicy'} (projectcalico.org) "${policy.name}"`;
  let self: CompiledPolicy;
  const direction = (d: Direction) => {
    if (!policy.types[d]) return {};
    const entries = (d === 'ingress' ? policy.ingress : policy.egress).flatMap((r) => ruleEntry(() => self, policy, label, r) ?? []);
    return { [d]: { isolates: true, entries } };
  };
  self = {
    origin: { object: policy.object, path: policy.selector.path, label, precedence: `order ${policy.order ?? 'unset (last)'}${tier === DEFAULT_TIER ? '' : `, ${tier.label}`}` },
    kind,
    tier,
    ...(policy.global ? {} : { namespace: policy.object.namespace }),
    subject: (s) =>
      s.ungoverned === undefined &&
      isEndpoint(s) &&
      s.namespace !== undefined &&
      (s.labels !== undefined ? subjectSelects(policy, s) : selectsEverything(calicoExpr(policy.selector)!) && calicoSelectsPod(policy, s.namespace, {}, s.namespaceLabels ?? {})),
    subjectKey: JSON.stringify(['calico', policy.global ? '' : policy.object.namespace, policy.selector.text, policy.namespaceSelector?.text, policy.serviceAccountSelector?.text]),
    subjectReads: calicoReads([policy.selector]),
    ...direction('ingress'),
    ...direction('egress'),
  };
  return [self];
}

export const CALICO_POLICY_COMPILER = definePolicyCompiler<PlacedPolicy>({
  id: 'calico',
  views: placedPolicies,
  compile: compileCalicoPolicy,
});
