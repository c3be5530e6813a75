/**
 * NetworkPolicy evaluation (networking/v1), implemented once for the matrix, `explain`, the
 * reachability rules and assertions. See docs/reachability.md.
 *
 * API in brief:
 * - `policyEngineOf(model)`: the memoised engine of a model.
 * - Endpoints: `workloadEndpoint(w)`, `podEndpoint(namespace, labels, ports?)` (a pod that need not
 *   exist, e.g. kube-dns), `externalEndpoint(range)` (addresses outside the cluster, see
 *   address-range.ts), `INGRESS_CONTROLLER` (identity from `model.settings.ingressController`).
 * - `engine.evaluate(src, dst, { port?, protocol? })` -> `Verdict`: allowed or not, the connections
 *   allowed between the two, and per side (`egress` of the source, `ingress` of the destination) the
 *   isolating policies and the rules that matched, each with its policy object and path (for file:line
 *   use `locateTarget({ object: match.policy.object, path: match.rule.path })`).
 * - `engine.allows(src, dst, { port, protocol })` -> `evaluate(...).allowed`, cheaper (no explanation).
 * - `engine.connections(src, dst)` -> `ConnSet`; `engine.isolation(endpoint)` -> policies per direction;
 *   `engine.governs(endpoint)`: whether policies can apply to it at all.
 * - Bulk lookups for rules: `workloadsSelectedBy(policy)`, `workloadsMatchingPeer(policy, peer)`,
 *   `namespacesMatchingPeer(policy, peer)`, `distinctWorkloads(list)` (those policies may tell apart).
 * - The whole matrix: `buildMatrix(model)` in src/reach/matrix.ts (uses this engine).
 *
 * Host-network pods (`spec.hostNetwork: true`) are outside NetworkPolicy here by default
 * (`cluster.hostNetworkPods: exempt`): no policy isolates them, and no podSelector or namespaceSelector
 * of a peer admits them, so only a rule without `from`/`to` does (or an ipBlock holding their node's
 * address, when an exported Pod records it). The Kubernetes NetworkPolicy documentation
 * ("NetworkPolicies and hostNetwork pods") leaves their behaviour undefined and names this as the most
 * common implementation: the network plugin cannot tell their traffic from the node's, so it ignores
 * them when matching selectors. `hostNetworkPods: as-pods` takes the other option the documentation
 * names: they are selected and admitted like the other pods of their namespace.
 *
 * Pod addresses: the addresses an exported Pod's status records (`Workload.addresses`) take part in
 * ipBlock matching, as most network plugins match pod IPs against ipBlock cidrs (Calico, for one; the
 * Kubernetes documentation says ipBlock is meant for addresses outside the cluster and leaves the
 * matching of pod IPs to the plugin; Cilium, for one, does not match them). Workloads without recorded
 * addresses (templates) are never matched by an ipBlock, and pods are never external addresses; a pod
 * whose namespace or labels are unknown (the unconfigured ingress controller) is selected only by
 * selectors that select every pod.
 */
import type { ContainerPort, LabelSelector, Model, Namespace, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, Protocol, UnmodelledObject, Workload } from '../model/types.ts';
import { trafficKindOf, unmodelledOf } from './blind-spots.ts';
import { NAMESPACE_NAME_LABEL } from '../model/build.ts';
import { ConnSet, MAX_PORT, MIN_PORT, type PortRange } from './conn.ts';
import { parseCidr, parseIp, rangeContains, rangesOverlap, type AddressRange } from './ip.ts';
import { containerPorts, portsNamed } from './ports.ts';
import { relationsOf, type Relations } from './relations.ts';
import { isEmptySelector, MATCH_ALL, matchesSelector, type Labels } from './selector.ts';

export type Direction = 'ingress' | 'egress';

/** One end of a connection. */
export type Endpoint =
  | { readonly type: 'workload'; readonly workload: Workload }
  /**
   * A pod described by namespace and labels (need not be in the tree); `ports` resolve named policy
   * ports; `namespaceLabels`, for a namespace neither the tree nor the config declares, the labels its
   * installer is known to give it (the OpenShift router's `openshift-ingress`).
   */
  | { readonly type: 'pod'; readonly namespace: string; readonly labels: Labels; readonly ports?: readonly ContainerPort[]; readonly namespaceLabels?: Labels }
  /** Addresses outside the cluster; a rule's ipBlock admits it only when it covers the whole range. */
  | { readonly type: 'external'; readonly range: AddressRange }
  /** The Ingress controller, as configured in `cluster.ingressController` (or unknown). */
  | { readonly type: 'ingress-controller' }
  /**
   * A pod of the cluster known only in part: its namespace, or its labels, or neither (a Gateway's data
   * plane that the config places in a namespace without labels, or that nothing places). What is
   * unknown is matched only by selectors selecting everything, as for the unconfigured ingress controller.
   */
  | { readonly type: 'unknown-pod'; readonly namespace?: string; readonly labels?: Labels };

export const INGRESS_CONTROLLER: Endpoint = { type: 'ingress-controller' };
export const UNKNOWN_POD: Endpoint = { type: 'unknown-pod' };

export function workloadEndpoint(workload: Workload): Endpoint {
  return { type: 'workload', workload };
}

export function podEndpoint(namespace: string, labels: Labels, ports?: readonly ContainerPort[], namespaceLabels?: Labels): Endpoint {
  return { type: 'pod', namespace, labels, ...(ports ? { ports } : {}), ...(namespaceLabels ? { namespaceLabels } : {}) };
}

export function externalEndpoint(range: AddressRange): Endpoint {
  return { type: 'external', range };
}

/** What is asked: a port and protocol (TCP by default), a protocol alone, or any connection at all. */
export interface Query {
  readonly port?: number;
  readonly protocol?: Protocol;
}

/** One policy rule whose peers admit the other endpoint. */
export interface RuleMatch {
  readonly policy: NetworkPolicy;
  readonly direction: Direction;
  /** Index in `spec.ingress` / `spec.egress`. */
  readonly index: number;
  readonly rule: PolicyRule;
  /** The first peer that matched; undefined when the rule has no `from`/`to` (every peer). */
  readonly peer?: PolicyPeer;
  /** The recorded pod address the matching ipBlock peer holds, when it admitted a pod by its address. */
  readonly address?: string;
  /** What the rule allows toward the destination (its ports, named ports resolved there). */
  readonly connections: ConnSet;
  /** Whether the rule allows the queried connection. */
  readonly allowsQuery: boolean;
}

/**
 * Why no NetworkPolicy can apply to an endpoint: it is addresses outside the cluster, a pod on the
 * host network (see the module comment), or the ingress controller with no configured namespace.
 */
export type Ungoverned = 'external' | 'host-network' | 'unknown-namespace' | 'unknown-pod';

/** One side of a connection: the source's egress or the destination's ingress. */
export interface SideVerdict {
  readonly direction: Direction;
  /** False when no NetworkPolicy can apply on this side (`ungoverned` says why). Such a side allows everything. */
  readonly governed: boolean;
  readonly ungoverned?: Ungoverned;
  /** Policies selecting the endpoint with this type in `policyTypes`; isolated when non-empty. */
  readonly policies: readonly NetworkPolicy[];
  readonly isolated: boolean;
  /** Rules (of those policies) whose peers admit the other endpoint, in policy then rule order. */
  readonly rules: readonly RuleMatch[];
  /** The union of those rules' connections; everything when not isolated. */
  readonly connections: ConnSet;
  readonly allowed: boolean;
}

/** The answer for one source, destination and query. */
export interface Verdict {
  /** Both sides allow the queried connection. */
  readonly allowed: boolean;
  /** Everything both sides allow between the two. */
  readonly connections: ConnSet;
  readonly egress: SideVerdict;
  readonly ingress: SideVerdict;
}

export interface Isolation {
  readonly ingress: readonly NetworkPolicy[];
  readonly egress: readonly NetworkPolicy[];
}

/** An endpoint as the engine matches it; `undefined` namespace or labels mean "unknown". */
interface Subject {
  /** Why no policy applies to it; undefined when the policies of its namespace do. */
  readonly ungoverned?: Ungoverned;
  /** Whether pod and namespace selectors of peers can admit it: a pod on the pod network. */
  readonly selectable: boolean;
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly namespaceLabels?: Labels;
  readonly ports: readonly ContainerPort[];
  readonly range?: AddressRange;
  /** The recorded addresses of an exported Pod, each as a one-address range, with its text. */
  readonly addresses?: readonly { readonly text: string; readonly range: AddressRange }[];
  /** `policiesSelecting` per direction, memoised on the cached subjects of workloads. */
  isolating?: { ingress?: readonly NetworkPolicy[]; egress?: readonly NetworkPolicy[] };
}

/** Whether the query is in a connection set. */
export function admits(connections: ConnSet, query: Query = {}): boolean {
  if (query.port !== undefined) return connections.has(query.protocol ?? 'TCP', query.port);
  if (query.protocol !== undefined) return connections.hasProtocol(query.protocol);
  return !connections.isEmpty();
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

/** Whether a rule admits every peer on every port and protocol: no `from`/`to`, and no `ports` (or ports covering all). */
export function allowsEverything(rule: PolicyRule): boolean {
  return !rule.peers && ruleConnections(rule, []).isAll();
}

/** A recorded pod address as a range of one address; undefined when it is no address. */
function addressRange(text: string): AddressRange | undefined {
  const ip = parseIp(text);
  return ip && { family: ip.family, start: ip.value, end: ip.value };
}

function selectorMatches(selector: LabelSelector, labels: Labels | undefined): boolean {
  // Unknown labels could be anything: only a selector that selects everything surely matches.
  return labels ? matchesSelector(selector, labels) : isEmptySelector(selector);
}

/**
 * What the engine derives from the policies, the namespaces and the cluster settings alone, with
 * memos per workload. The language server re-analyses its workspace on every keystroke, and most
 * edits touch no policy and no Namespace: a later model with the same policies (the same objects),
 * the same namespace labels and the same settings reuses these, so unchanged workloads keep their
 * subjects and the policies isolating them. Workloads are immutable, so memos keyed by them stay valid.
 */
class PolicyWorld {
  readonly policiesByNamespace = new Map<string, NetworkPolicy[]>();
  readonly cidrs = new Map<string, AddressRange | undefined>();
  ipBlocks?: AddressRange[];
  podLabelKeys?: Set<string>;
  readonly subjects = new WeakMap<Workload, Subject>();
  readonly distinctionKeys = new WeakMap<Workload, string>();
  /** ruleConnections per rule, and per destination ports when the rule names a port (they resolve there). */
  readonly ruleConnectionCache = new WeakMap<PolicyRule, ConnSet | WeakMap<readonly ContainerPort[], ConnSet>>();
  private readonly policies: readonly NetworkPolicy[];
  private readonly settings: Model['settings'];
  private readonly namespaces: ReadonlyMap<string, Namespace>;
  /** Policy objects of kinds the engine does not evaluate (blind-spots.ts): findings where they may apply say so. */
  readonly unevaluated: readonly UnmodelledObject[];

  constructor(model: Model) {
    this.policies = model.policies;
    this.unevaluated = unmodelledOf(model, 'policy');
    this.settings = model.settings;
    this.namespaces = model.namespaces;
    for (const policy of model.policies) {
      const list = this.policiesByNamespace.get(policy.object.namespace);
      if (list) list.push(policy);
      else this.policiesByNamespace.set(policy.object.namespace, [policy]);
    }
  }

  /** Whether every answer of this world holds for `model`: the same policy objects, namespace labels and settings. */
  fits(model: Model): boolean {
    if (model.settings !== this.settings || model.policies.length !== this.policies.length) return false;
    for (let i = 0; i < this.policies.length; i++) if (model.policies[i] !== this.policies[i]) return false;
    const unevaluated = unmodelledOf(model, 'policy');
    if (unevaluated.length !== this.unevaluated.length || unevaluated.some((object, i) => object !== this.unevaluated[i])) return false;
    if (model.namespaces.size !== this.namespaces.size) return false;
    for (const [name, namespace] of model.namespaces) {
      const before = this.namespaces.get(name);
      if (!before || !sameLabels(before.labels, namespace.labels)) return false;
    }
    return true;
  }
}

function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

/** Evaluates NetworkPolicies of one model. Build it with `policyEngineOf(model)`. */
export class PolicyEngine {
  readonly relations: Relations;
  /** @internal What this engine shares with engines of models with the same policies (`policyWorldOf`). */
  readonly world: PolicyWorld;

  constructor(
    readonly model: Model,
    world?: PolicyWorld,
  ) {
    this.relations = relationsOf(model);
    this.world = world ?? new PolicyWorld(model);
  }

  /** A namespace's labels, with the implicit `kubernetes.io/metadata.name` even when undeclared. */
  namespaceLabels(namespace: string): Labels {
    return this.model.namespaces.get(namespace)?.labels ?? { [NAMESPACE_NAME_LABEL]: namespace };
  }

  /**
   * Policy objects of kinds the engine does not evaluate (Cilium, Calico, AdminNetworkPolicy, ...)
   * that may apply to pods of `namespace`: those of that namespace, and the cluster-wide ones. Their
   * selectors are not read: whatever they select, they may allow or deny traffic of these pods.
   */
  unevaluatedPolicies(namespace: string): readonly UnmodelledObject[] {
    return this.world.unevaluated.filter((object) => trafficKindOf(object)?.scope === 'cluster' || object.namespace === namespace);
  }

  /** Policies of a namespace, in model order. */
  policiesIn(namespace: string): readonly NetworkPolicy[] {
    return this.world.policiesByNamespace.get(namespace) ?? [];
  }

  /** A parsed ipBlock CIDR (memoised); undefined when invalid. */
  cidr(text: string): AddressRange | undefined {
    if (!this.world.cidrs.has(text)) this.world.cidrs.set(text, parseCidr(text));
    return this.world.cidrs.get(text);
  }

  /** Every valid ipBlock `cidr` and `except` of the model's policies, in policy order (memoised). */
  ipBlockRanges(): readonly AddressRange[] {
    if (!this.world.ipBlocks) {
      this.world.ipBlocks = [];
      for (const policy of this.model.policies) {
        for (const rule of [...policy.ingress, ...policy.egress]) {
          for (const peer of rule.peers ?? []) {
            if (peer.type !== 'ipBlock') continue;
            for (const text of [peer.cidr, ...peer.except.map((e) => e.value)]) {
              const range = this.cidr(text);
              if (range) this.world.ipBlocks.push(range);
            }
          }
        }
      }
    }
    return this.world.ipBlocks;
  }

  /**
   * Whether NetworkPolicies can select a workload's pods (and peers admit them): not on the host
   * network, unless `cluster.hostNetworkPods` is `as-pods`.
   */
  onPodNetwork(workload: Workload): boolean {
    return !workload.template.hostNetwork || this.model.settings.hostNetworkPods === 'as-pods';
  }

  /** Whether NetworkPolicies can apply to the endpoint: a pod of a known namespace, not on the host network. */
  governs(endpoint: Endpoint): boolean {
    return this.subject(endpoint).ungoverned === undefined;
  }

  /** Whether the policy's `spec.podSelector` selects the endpoint (never an ungoverned one). */
  selects(policy: NetworkPolicy, endpoint: Endpoint): boolean {
    const subject = this.subject(endpoint);
    return subject.ungoverned === undefined && subject.namespace === policy.object.namespace && selectorMatches(policy.podSelector, subject.labels);
  }

  /** Policies that isolate the endpoint for a direction: they select it and have that policy type. */
  policiesSelecting(endpoint: Endpoint, direction: Direction): readonly NetworkPolicy[] {
    const subject = this.subject(endpoint);
    const memo = subject.isolating?.[direction];
    if (memo) return memo;
    const namespace = subject.namespace;
    const policies =
      namespace === undefined || subject.ungoverned !== undefined
        ? []
        : this.policiesIn(namespace).filter(
            (policy) => (direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress) && selectorMatches(policy.podSelector, subject.labels),
          );
    if (subject.isolating) subject.isolating[direction] = policies;
    return policies;
  }

  isolation(endpoint: Endpoint): Isolation {
    return { ingress: this.policiesSelecting(endpoint, 'ingress'), egress: this.policiesSelecting(endpoint, 'egress') };
  }

  /**
   * Whether one peer of a policy admits the endpoint: podSelector and namespaceSelector together
   * (AND); an absent namespaceSelector means the policy's namespace, an absent podSelector every pod;
   * an ipBlock admits an external range wholly inside `cidr` and outside every `except`.
   */
  peerMatches(policy: NetworkPolicy, peer: PolicyPeer, endpoint: Endpoint): boolean {
    return this.peerMatchesSubject(policy, peer, this.subject(endpoint));
  }

  /** The container ports named policy ports resolve against on this endpoint (none outside the cluster). */
  subjectPorts(endpoint: Endpoint): readonly ContainerPort[] {
    return this.subject(endpoint).ports;
  }

  /** The connections a rule of `policy` allows toward `destination`. */
  ruleConnections(rule: PolicyRule, destination: Endpoint): ConnSet {
    return this.connectionsOfRule(rule, this.subject(destination).ports);
  }

  /** `ruleConnections` memoised: rules are evaluated for thousands of pairs, and ConnSets are immutable. */
  private connectionsOfRule(rule: PolicyRule, destinationPorts: readonly ContainerPort[]): ConnSet {
    const cached = this.world.ruleConnectionCache.get(rule);
    if (cached instanceof ConnSet) return cached;
    if (cached) {
      const set = cached.get(destinationPorts);
      if (set) return set;
    }
    const set = ruleConnections(rule, destinationPorts);
    if (!rule.ports?.some((p) => typeof p.port === 'string')) {
      this.world.ruleConnectionCache.set(rule, set);
    } else {
      const byPorts = cached ?? new WeakMap<readonly ContainerPort[], ConnSet>();
      byPorts.set(destinationPorts, set);
      this.world.ruleConnectionCache.set(rule, byPorts);
    }
    return set;
  }

  /** Which rules of the isolating policies admit `other`, and what the side allows. */
  side(direction: Direction, self: Endpoint, other: Endpoint, query: Query = {}): SideVerdict {
    const subject = this.subject(self);
    const otherSubject = this.subject(other);
    const destinationPorts = direction === 'ingress' ? subject.ports : otherSubject.ports;
    const governed = subject.ungoverned === undefined;
    const policies = governed ? this.policiesSelecting(self, direction) : [];
    if (policies.length === 0) {
      const ungoverned = subject.ungoverned ? { ungoverned: subject.ungoverned } : {};
      return { direction, governed, ...ungoverned, policies, isolated: false, rules: [], connections: ConnSet.ALL, allowed: admits(ConnSet.ALL, query) };
    }
    const rules: RuleMatch[] = [];
    let connections = ConnSet.NONE;
    for (const policy of policies) {
      (direction === 'ingress' ? policy.ingress : policy.egress).forEach((rule, index) => {
        // An absent or empty `from`/`to` admits every source or destination, in or outside the cluster.
        const peer = rule.peers?.find((p) => this.peerMatchesSubject(policy, p, otherSubject));
        if (rule.peers && !peer) return;
        const allowedByRule = this.connectionsOfRule(rule, destinationPorts);
        connections = connections.union(allowedByRule);
        const address = peer?.type === 'ipBlock' ? otherSubject.addresses?.find((a) => this.blockHolds(peer, a.range))?.text : undefined;
        rules.push({ policy, direction, index, rule, ...(peer ? { peer } : {}), ...(address ? { address } : {}), connections: allowedByRule, allowsQuery: admits(allowedByRule, query) });
      });
    }
    return { direction, governed, policies, isolated: true, rules, connections, allowed: admits(connections, query) };
  }

  /**
   * `evaluate(src, dst, { port, protocol }).allowed`, without collecting the deciding rules, for
   * rules that check many pairs and explain only the refused ones. With a port, the intersection of
   * the two sides admits it exactly when each side does, and a side does when one of its rules does.
   */
  allows(src: Endpoint, dst: Endpoint, query: Query & { readonly port: number }): boolean {
    return this.sideAllows('egress', src, dst, query) && this.sideAllows('ingress', dst, src, query);
  }

  private sideAllows(direction: Direction, self: Endpoint, other: Endpoint, query: Query): boolean {
    const subject = this.subject(self);
    if (subject.ungoverned !== undefined) return true;
    const policies = this.policiesSelecting(self, direction);
    if (policies.length === 0) return true;
    const otherSubject = this.subject(other);
    const destinationPorts = direction === 'ingress' ? subject.ports : otherSubject.ports;
    return policies.some((policy) =>
      (direction === 'ingress' ? policy.ingress : policy.egress).some(
        (rule) => (!rule.peers || rule.peers.some((p) => this.peerMatchesSubject(policy, p, otherSubject))) && admits(this.connectionsOfRule(rule, destinationPorts), query),
      ),
    );
  }

  /** Whether `src` may open the queried connection to `dst`: the source's egress and the destination's ingress must both allow it. */
  evaluate(src: Endpoint, dst: Endpoint, query: Query = {}): Verdict {
    const egress = this.side('egress', src, dst, query);
    const ingress = this.side('ingress', dst, src, query);
    const connections = egress.connections.intersect(ingress.connections);
    return { allowed: admits(connections, query), connections, egress, ingress };
  }

  /** Everything `src` may open to `dst`. */
  connections(src: Endpoint, dst: Endpoint): ConnSet {
    return this.evaluate(src, dst).connections;
  }

  /**
   * The workloads of a list that NetworkPolicies may tell apart, in order (the first of each kind
   * stands for the others): only namespace, host network, container ports and the pod labels some
   * policy's selector reads decide a verdict. A matrix node (a Deployment, its ReplicaSets and exported
   * Pods) is one kind unless, say, a policy selects a label put on one of its Pods.
   */
  distinctWorkloads(workloads: readonly Workload[]): Workload[] {
    if (workloads.length < 2) return [...workloads];
    const seen = new Set<string>();
    return workloads.filter((workload) => {
      const key = this.distinctionKey(workload);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** What policies can tell a workload apart by (see `distinctWorkloads`), memoised: several rules ask for every node. */
  private distinctionKey(workload: Workload): string {
    let key = this.world.distinctionKeys.get(workload);
    if (key === undefined) {
      const keys = this.selectorKeys();
      const labels = Object.entries(workload.template.labels).filter(([name]) => keys.has(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const subject = this.subject(workloadEndpoint(workload));
      const ports = subject.ports.map((p) => [p.name ?? '', p.containerPort, p.protocol]);
      // Recorded addresses tell pods apart only by the ipBlock cidrs and excepts that hold them.
      const blocks = subject.addresses ? this.ipBlockRanges().flatMap((block, i) => (subject.addresses!.some((a) => rangeContains(block, a.range)) ? [i] : [])) : [];
      key = JSON.stringify([workload.object.namespace, workload.template.hostNetwork, labels, ports, blocks]);
      this.world.distinctionKeys.set(workload, key);
    }
    return key;
  }

  /** Label keys read by any policy's podSelector or peer podSelector (memoised). */
  private selectorKeys(): ReadonlySet<string> {
    if (!this.world.podLabelKeys) {
      const keys = new Set<string>();
      const add = (selector: LabelSelector | undefined) => {
        for (const key in selector?.matchLabels) keys.add(key);
        for (const requirement of selector?.matchExpressions ?? []) keys.add(requirement.key);
      };
      for (const policy of this.model.policies) {
        add(policy.podSelector);
        for (const rule of [...policy.ingress, ...policy.egress]) for (const peer of rule.peers ?? []) if (peer.type === 'pods') add(peer.podSelector);
      }
      this.world.podLabelKeys = keys;
    }
    return this.world.podLabelKeys;
  }

  /** Workloads the policy's `spec.podSelector` selects (through the label index), host-network ones aside. */
  workloadsSelectedBy(policy: NetworkPolicy): Workload[] {
    return this.relations.workloadsMatching(policy.object.namespace, policy.podSelector).filter((w) => this.onPodNetwork(w));
  }

  /** Namespaces a pods peer draws from: those its namespaceSelector matches, else the policy's own. */
  namespacesMatchingPeer(policy: NetworkPolicy, peer: PolicyPeer): Namespace[] {
    if (peer.type !== 'pods') return [];
    if (!peer.namespaceSelector) {
      const own = this.model.namespaces.get(policy.object.namespace);
      return [own ?? { name: policy.object.namespace, labels: this.namespaceLabels(policy.object.namespace), assumed: true }];
    }
    const selector = peer.namespaceSelector;
    return [...this.model.namespaces.values()].filter((ns) => matchesSelector(selector, ns.labels));
  }

  /** Workloads a pods peer admits (none for an ipBlock, never host-network ones), through the label index. */
  workloadsMatchingPeer(policy: NetworkPolicy, peer: PolicyPeer): Workload[] {
    if (peer.type !== 'pods') return [];
    const podSelector = peer.podSelector ?? MATCH_ALL;
    return this.namespacesMatchingPeer(policy, peer).flatMap((ns) => this.relations.workloadsMatching(ns.name, podSelector).filter((w) => this.onPodNetwork(w)));
  }

  private peerMatchesSubject(policy: NetworkPolicy, peer: PolicyPeer, subject: Subject): boolean {
    if (peer.type === 'ipBlock') {
      // Addresses outside the cluster, or the recorded addresses of an exported Pod (see the module comment).
      if (subject.range) return this.blockHolds(peer, subject.range);
      return subject.addresses?.some((a) => this.blockHolds(peer, a.range)) ?? false;
    }
    if (!subject.selectable) return false;
    const namespaceOk = peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, subject.namespaceLabels)
      : subject.namespace !== undefined && subject.namespace === policy.object.namespace;
    return namespaceOk && (!peer.podSelector || selectorMatches(peer.podSelector, subject.labels));
  }

  /** Whether an ipBlock peer admits all of a range: inside its cidr and outside every except. */
  private blockHolds(peer: PolicyPeer & { readonly type: 'ipBlock' }, range: AddressRange): boolean {
    const cidr = this.cidr(peer.cidr);
    if (!cidr || !rangeContains(cidr, range)) return false;
    return !peer.except.some(({ value }) => {
      const except = this.cidr(value);
      return except !== undefined && rangesOverlap(except, range);
    });
  }

  /** The workloads whose recorded addresses an ipBlock peer admits (exported Pods), host-network ones too. */
  workloadsAddressedBy(policy: NetworkPolicy, peer: PolicyPeer): Workload[] {
    if (peer.type !== 'ipBlock') return [];
    return this.model.workloads.filter((w) => w.addresses && this.peerMatches(policy, peer, workloadEndpoint(w)));
  }

  private subject(endpoint: Endpoint): Subject {
    switch (endpoint.type) {
      case 'workload': {
        let subject = this.world.subjects.get(endpoint.workload);
        if (!subject) {
          const namespace = endpoint.workload.object.namespace;
          const onPodNetwork = this.onPodNetwork(endpoint.workload);
          const addresses = endpoint.workload.addresses?.flatMap((a) => {
            const range = addressRange(a.value);
            return range ? [{ text: a.value, range }] : [];
          });
          subject = {
            ...(onPodNetwork ? {} : { ungoverned: 'host-network' as const }),
            selectable: onPodNetwork,
            ...(addresses?.length ? { addresses } : {}),
            namespace,
            labels: endpoint.workload.template.labels,
            namespaceLabels: this.namespaceLabels(namespace),
            ports: containerPorts(endpoint.workload).map((p) => p.port),
            isolating: {},
          };
          this.world.subjects.set(endpoint.workload, subject);
        }
        return subject;
      }
      case 'pod':
        return {
          selectable: true,
          namespace: endpoint.namespace,
          labels: endpoint.labels,
          // The tree's or the config's Namespace wins over what an installer is known to set.
          namespaceLabels: this.model.namespaces.has(endpoint.namespace) || !endpoint.namespaceLabels ? this.namespaceLabels(endpoint.namespace) : endpoint.namespaceLabels,
          ports: endpoint.ports ?? [],
        };
      case 'external':
        return { ungoverned: 'external', selectable: false, ports: [], range: endpoint.range };
      case 'unknown-pod':
        return {
          ...(endpoint.namespace !== undefined ? { namespace: endpoint.namespace, namespaceLabels: this.namespaceLabels(endpoint.namespace) } : { ungoverned: 'unknown-pod' as const }),
          selectable: true,
          ...(endpoint.labels ? { labels: endpoint.labels } : {}),
          ports: [],
        };
      case 'ingress-controller': {
        const controller = this.model.settings.ingressController;
        const namespace = controller?.namespace;
        return {
          ...(namespace !== undefined ? { namespace, namespaceLabels: this.namespaceLabels(namespace) } : { ungoverned: 'unknown-namespace' as const }),
          selectable: true,
          ...(controller?.podLabels ? { labels: controller.podLabels } : {}),
          ports: [],
        };
      }
    }
  }
}

const engines = new WeakMap<Model, PolicyEngine>();
/** The worlds of the latest models, most recent first; a few, for an editor with several workspace folders. */
const recentWorlds: PolicyWorld[] = [];
const RECENT_WORLDS = 4;

/** The memoised policy engine of a model, reusing what an earlier model with the same policies worked out. */
export function policyEngineOf(model: Model): PolicyEngine {
  let engine = engines.get(model);
  if (!engine) {
    const index = recentWorlds.findIndex((world) => world.fits(model));
    const world = index >= 0 ? recentWorlds.splice(index, 1)[0]! : new PolicyWorld(model);
    recentWorlds.unshift(world);
    recentWorlds.length = Math.min(recentWorlds.length, RECENT_WORLDS);
    engines.set(model, (engine = new PolicyEngine(model, world)));
  }
  return engine;
}

/**
 * A token for everything the engine derives from the model's policies, namespace labels and settings:
 * the same object for two models exactly when those are the same (see `PolicyWorld`).
 */
export function policyWorldOf(model: Model): object {
  return policyEngineOf(model).world;
}

/** Shorthand for `policyEngineOf(model).evaluate(src, dst, query)`. */
export function evaluate(model: Model, src: Endpoint, dst: Endpoint, query: Query = {}): Verdict {
  return policyEngineOf(model).evaluate(src, dst, query);
}
