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
import type { ContainerPort, LabelSelector, Model, Namespace, NetworkPolicy, PolicyPeer, PolicyRule, Protocol, UnmodelledObject, Workload } from '../model/types.ts';
import { trafficKindOf, unmodelledOf } from './blind-spots.ts';
import { NAMESPACE_NAME_LABEL } from '../model/build.ts';
import { ConnSet } from './conn.ts';
import { parseIp, rangeContains, type AddressRange } from '../model/ip.ts';
import { containerPorts } from './ports.ts';
import { blockHolds, cidrRange, peerAdmits, ruleConnections, selectorMatches } from './policy-kinds/network-policy.ts';
import { POLICY_COMPILERS } from './policy-kinds/index.ts';
import { relationsOf, type Relations } from './relations.ts';
import { MATCH_ALL, type Labels } from './selector.ts';
import { comparePrecedence, type CompiledPolicy, type Direction, type PeerWitness, type PolicySubject, type SubjectReads, type TierEntry, type TierSpec, type Ungoverned } from './tiers.ts';
import { profileName, readKey, readProfile, SubjectGroups, type ReadProfile } from './subject-groups.ts';

export type { Direction, Ungoverned } from './tiers.ts';
export { policyPortConnections, ruleConnections } from './policy-kinds/network-policy.ts';

/** One end of a connection. */
export type Endpoint =
  | { readonly type: 'workload'; readonly workload: Workload }
  /**
   * A pod described by namespace and labels (need not be in the tree); `ports` resolve named policy
   * ports; `namespaceLabels`, for a namespace neither the tree nor the config declares, the labels its
   * installer is known to give it (the OpenShift router's `openshift-ingress`).
   */
  | { readonly type: 'pod'; readonly namespace: string; readonly labels: Labels; readonly ports?: readonly ContainerPort[]; readonly namespaceLabels?: Labels; readonly serviceAccount?: string }
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

/** One NetworkPolicy rule whose peers admit the other endpoint. */
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

/** One entry (a rule of any kind) whose peers admit the other endpoint, in a tier the side reached. */
export interface EntryMatch {
  readonly entry: TierEntry;
  readonly tier: TierSpec;
  readonly witness: PeerWitness;
  /** What the entry matches toward the destination (its ports, named ports resolved there). */
  readonly connections: ConnSet;
  /** The part of those that it decided: no earlier entry of the tier, nor an earlier tier, had. */
  readonly decided: ConnSet;
  /** Whether its connections hold the queried connection. */
  readonly allowsQuery: boolean;
}

/**
 * What decided the queried connection on one side (for a query with a port): an entry (allow or deny),
 * the end of a tier where isolating policies select the endpoint (refused), or the default (allowed);
 * `passes` are the Pass entries it went through on the way.
 */
export type Decision = ({ readonly by: 'entry'; readonly match: EntryMatch } | { readonly by: 'isolation'; readonly tier: TierSpec; readonly policies: readonly CompiledPolicy[] } | { readonly by: 'default' }) & {
  readonly passes: readonly EntryMatch[];
};

/** An entry whose peers the engine does not evaluate, reached before the query was decided: it may have decided otherwise. */
export interface UnevaluatedMatch {
  readonly entry: TierEntry;
  readonly tier: TierSpec;
  /** What it names that is not evaluated (`TierEntry.unevaluatedPeers`). */
  readonly peers: string;
}

/** One side of a connection: the source's egress or the destination's ingress. */
export interface SideVerdict {
  readonly direction: Direction;
  /** False when no NetworkPolicy can apply on this side (`ungoverned` says why). */
  readonly governed: boolean;
  readonly ungoverned?: Ungoverned;
  /** NetworkPolicies selecting the endpoint with this type in `policyTypes`. */
  readonly policies: readonly NetworkPolicy[];
  /** Policies of any kind that isolate the endpoint for this direction in the tiers the side reached. */
  readonly isolatedBy: readonly CompiledPolicy[];
  /** Whether some policy (of any kind) isolates this side: `isolatedBy` is not empty. */
  readonly isolated: boolean;
  /** NetworkPolicy rules (of those policies) whose peers admit the other endpoint, in policy then rule order. */
  readonly rules: readonly RuleMatch[];
  /** Entries of every kind whose peers admit the other endpoint, in evaluation order. */
  readonly matches: readonly EntryMatch[];
  /** What decided the queried port (only for a query with a port). */
  readonly decision?: Decision;
  /** What the side allows. */
  readonly connections: ConnSet;
  readonly allowed: boolean;
  /**
   * Entries with peers not evaluated that could turn `allowed` around (an allow or pass when refused, a
   * deny when allowed), reached while the queried connection was still open: the side is then not certain.
   */
  readonly unevaluated?: readonly UnevaluatedMatch[];
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

/** The policies of one tier that apply to an endpoint for one direction. */
interface TierView {
  readonly tier: TierSpec;
  /** Their entries in precedence order. */
  readonly entries: readonly TierEntry[];
  /** Those that isolate it (their tier's end-of-tier action applies). */
  readonly isolating: readonly CompiledPolicy[];
}

/** What applies to an endpoint for one direction: the tiers in rank order, and the NetworkPolicies among them. */
interface SideView {
  readonly tiers: readonly TierView[];
  readonly networkPolicies: readonly NetworkPolicy[];
  /** Whether a policy of a kind other than NetworkPolicy applies. */
  readonly otherKinds: boolean;
}

/** From how many candidate policies on `sideView` groups workloads by `readKey` (below, a matcher call each costs less than the key). */
const GROUPED_CANDIDATES = 16;

const EMPTY_VIEW: SideView = { tiers: [], networkPolicies: [], otherKinds: false };

/** What the policies `selecting` an endpoint (in candidate order) apply to it for a direction, by tier. */
function sideViewOf(selecting: readonly CompiledPolicy[], direction: Direction, world: Pick<PolicyWorld, 'policyIndex' | 'tierViews'>): SideView {
  const byTier = new Map<string, { tier: TierSpec; policies: CompiledPolicy[] }>();
  for (const policy of selecting) {
    const group = byTier.get(policy.tier.id);
    if (group) group.policies.push(policy);
    else byTier.set(policy.tier.id, { tier: policy.tier, policies: [policy] });
  }
  const tiers = [...byTier.values()]
    .sort((a, b) => a.tier.rank - b.tier.rank)
    .map(({ tier, policies }): TierView => {
      // Endpoints that the same policies of a tier apply to share its view (sorted once), even when
      // other tiers differ: the matrix evaluates a shared prefix of tiers once.
      const key = `${direction}\0${tier.id}\0${policies.map((policy) => world.policyIndex.get(policy)).join(',')}`;
      let tierView = world.tierViews.get(key);
      if (!tierView) {
        const entries = policies.flatMap((policy) => policy[direction]!.entries);
        // Stable: entries of equal precedence keep model order (NetworkPolicy allows are a union anyway).
        if (entries.some((e) => comparePrecedence(e.precedence, entries[0]!.precedence) !== 0)) entries.sort((a, b) => comparePrecedence(a.precedence, b.precedence));
        world.tierViews.set(key, (tierView = { tier, entries, isolating: policies.filter((policy) => policy[direction]!.isolates) }));
      }
      return tierView;
    });
  const networkPolicies: NetworkPolicy[] = [];
  let otherKinds = false;
  for (const { policies } of byTier.values()) for (const policy of policies) if (policy.networkPolicy) networkPolicies.push(policy.networkPolicy); else otherKinds = true;
  return { tiers, networkPolicies, otherKinds };
}

/** Whether the query is in a connection set. */
export function admits(connections: ConnSet, query: Query = {}): boolean {
  if (query.port !== undefined) return connections.has(query.protocol ?? 'TCP', query.port);
  if (query.protocol !== undefined) return connections.hasProtocol(query.protocol);
  return !connections.isEmpty();
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

/** Compiled policies per view object: a view kept across models (an unchanged policy) keeps its compiled form. */
const compiledViews = new WeakMap<object, readonly CompiledPolicy[]>();

/** The views of every policy compiler (`POLICY_COMPILERS`), in order: what a world is built from, besides namespace labels and settings. */
export function viewsOfCompilers(model: Model): (readonly object[])[] {
  return POLICY_COMPILERS.map((compiler) => compiler.views(model));
}

/**
 * What the engine derives from the policies, the namespaces and the cluster settings alone, with
 * memos per workload. The language server re-analyses its workspace on every keystroke, and most
 * edits touch no policy and no Namespace: a later model with the same policies (the same objects),
 * the same namespace labels and the same settings reuses these, so unchanged workloads keep their
 * subjects and the policies applying to them. Workloads are immutable, so memos keyed by them stay valid.
 */
class PolicyWorld {
  readonly policiesByNamespace = new Map<string, NetworkPolicy[]>();
  ipBlocks?: AddressRange[];
  podLabelKeys?: Set<string>;
  readonly subjects = new WeakMap<Workload, PolicySubject>();
  /** Those subjects, for `sideView`'s grouping. */
  readonly workloadSubjects = new WeakSet<PolicySubject>();
  /** `closingPolicies` answers by ingress tiers, ports and `protocol/port`. */
  readonly closing = new WeakMap<object, WeakMap<object, Map<string, readonly CompiledPolicy[]>>>();
  /** The workloads' port lists by what policies read of them (`sharedPorts`). */
  readonly portLists = new Map<string, readonly ContainerPort[]>();
  readonly distinctionKeys = new WeakMap<Workload, string>();
  /** What the other kinds' matchers read together, and their answers by `readKey` under it (`otherAnswers`). */
  otherProfile?: ReadProfile;
  readonly otherAnswers = new Map<string, string>();
  /** Every compiled policy, in registry then model order. */
  readonly compiled: readonly CompiledPolicy[];
  /** Compiled policies of kinds other than NetworkPolicy (the tiers the matrix evaluates pair by pair). */
  readonly otherKinds: readonly CompiledPolicy[];
  /** The distinct subject and peer matchers of those policies, with what they read. */
  readonly otherMatchers: readonly { readonly test: (s: PolicySubject) => unknown; readonly reads: SubjectReads | undefined }[];
  /** What the subject matchers of every policy read together: workloads alike in it are selected alike. */
  readonly subjectProfile: ReadProfile;
  /** Side views by direction and `readKey` under `subjectProfile`: one per group of workloads alike (`sideView`). */
  readonly viewsByRead: Readonly<Record<Direction, Map<string, SideView>>> = { ingress: new Map(), egress: new Map() };
  readonly compiledByNamespace = new Map<string, CompiledPolicy[]>();
  /** Each compiled policy's place in `compiled`. */
  readonly policyIndex = new Map<CompiledPolicy, number>();
  /** Tier views by direction, tier and the policies of it that apply (the engine's `sideView`). */
  readonly tierViews = new Map<string, TierView>();
  readonly clusterWide: CompiledPolicy[] = [];
  /** Side views by direction, keyed by namespace (none for the cluster-wide candidates alone) and the positions of the selecting policies among the candidates (`sideView`). */
  readonly sideViews: Readonly<Record<Direction, Map<string, SideView>>> = { ingress: new Map(), egress: new Map() };
  private readonly views: readonly (readonly object[])[];
  /** Whether any compiler has a view (a written policy object), whether it compiles to anything or not. */
  readonly writesPolicies: boolean;
  private readonly settings: Model['settings'];
  private readonly namespaces: ReadonlyMap<string, Namespace>;
  /** Policy objects of kinds the engine does not evaluate (blind-spots.ts): findings where they may apply say so. */
  readonly unevaluated: readonly UnmodelledObject[];

  constructor(model: Model) {
    this.views = viewsOfCompilers(model);
    this.writesPolicies = this.views.some((views) => views.length > 0);
    this.unevaluated = unmodelledOf(model, 'policy');
    this.settings = model.settings;
    this.namespaces = model.namespaces;
    for (const policy of model.policies) {
      const list = this.policiesByNamespace.get(policy.object.namespace);
      if (list) list.push(policy);
      else this.policiesByNamespace.set(policy.object.namespace, [policy]);
    }
    const compiled: CompiledPolicy[] = [];
    POLICY_COMPILERS.forEach((compiler, i) => {
      for (const view of this.views[i]!) {
        let list = compiledViews.get(view);
        if (!list) compiledViews.set(view, (list = compiler.compile(view)));
        compiled.push(...list);
      }
    });
    this.compiled = compiled;
    compiled.forEach((policy, i) => this.policyIndex.set(policy, i));
    this.otherKinds = compiled.filter((policy) => !policy.networkPolicy);
    // One matcher per distinct selection (equal keys select alike): what tells workloads apart.
    const matchers = new Map<string, PolicyWorld['otherMatchers'][number]>();
    for (const policy of this.otherKinds) {
      if (!matchers.has(`s${policy.subjectKey}`)) matchers.set(`s${policy.subjectKey}`, { test: policy.subject, reads: policy.subjectReads });
      for (const entry of [...(policy.ingress?.entries ?? []), ...(policy.egress?.entries ?? [])]) {
        if (entry.peer && entry.peerKey !== undefined && !matchers.has(`p${entry.peerKey}`)) matchers.set(`p${entry.peerKey}`, { test: entry.peer, reads: entry.peerReads });
        else if (entry.peer && entry.peerKey === undefined) matchers.set(`e${matchers.size}`, { test: entry.peer, reads: entry.peerReads });
      }
    }
    this.otherMatchers = [...matchers.values()];
    this.subjectProfile = readProfile(compiled.map((policy) => policy.subjectReads));
    for (const policy of compiled) {
      if (policy.namespace === undefined) this.clusterWide.push(policy);
      else {
        const list = this.compiledByNamespace.get(policy.namespace);
        if (list) list.push(policy);
        else this.compiledByNamespace.set(policy.namespace, [policy]);
      }
    }
  }

  /** Whether every answer of this world holds for `model`: the same policy objects, namespace labels and settings. */
  fits(model: Model): boolean {
    if (model.settings !== this.settings) return false;
    const views = viewsOfCompilers(model);
    for (let c = 0; c < views.length; c++) {
      const now = views[c]!;
      const before = this.views[c]!;
      if (now.length !== before.length) return false;
      for (let i = 0; i < now.length; i++) if (now[i] !== before[i]) return false;
    }
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

/** Evaluates the policies of one model (every kind, through the tier form of tiers.ts). Build it with `policyEngineOf(model)`. */
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
   * Policy objects of kinds the engine does not evaluate (Antrea, Istio, ...) that may apply to pods
   * of `namespace`: those of that namespace, and the cluster-wide ones. Their selectors are not read:
   * whatever they select, they may allow or deny traffic of these pods.
   */
  unevaluatedPolicies(namespace: string): readonly UnmodelledObject[] {
    return this.world.unevaluated.filter((object) => trafficKindOf(object)?.scope === 'cluster' || object.namespace === namespace);
  }

  /** Every compiled policy of the model (all kinds), in registry then model order. */
  compiledPolicies(): readonly CompiledPolicy[] {
    return this.world.compiled;
  }

  /** Compiled policies of kinds other than NetworkPolicy. */
  otherKindPolicies(): readonly CompiledPolicy[] {
    return this.world.otherKinds;
  }

  /**
   * Whether the model writes a policy object of a kind the engine evaluates, compiled or not: one the
   * cluster rejects (a Calico policy with a bad net) compiles to nothing, yet shows that the cluster's
   * traffic is meant to be governed by policies.
   */
  writesPolicies(): boolean {
    return this.world.writesPolicies;
  }

  /** NetworkPolicies of a namespace, in model order. */
  policiesIn(namespace: string): readonly NetworkPolicy[] {
    return this.world.policiesByNamespace.get(namespace) ?? [];
  }

  /** A parsed ipBlock CIDR (memoised); undefined when invalid. */
  cidr(text: string): AddressRange | undefined {
    return cidrRange(text);
  }

  /**
   * Every valid address range the policies read, in policy order (memoised): NetworkPolicy ipBlock
   * `cidr` and `except`, then those of the other kinds' entries.
   */
  ipBlockRanges(): readonly AddressRange[] {
    if (!this.world.ipBlocks) {
      const out: AddressRange[] = [];
      for (const policy of this.model.policies) {
        for (const rule of [...policy.ingress, ...policy.egress]) {
          for (const peer of rule.peers ?? []) {
            if (peer.type !== 'ipBlock') continue;
            for (const text of [peer.cidr, ...peer.except.map((e) => e.value)]) {
              const range = this.cidr(text);
              if (range) out.push(range);
            }
          }
        }
      }
      for (const policy of this.world.otherKinds) for (const entry of [...(policy.ingress?.entries ?? []), ...(policy.egress?.entries ?? [])]) for (const range of entry.ranges ?? []) out.push(range);
      this.world.ipBlocks = out;
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

  /** Whether a compiled policy of any kind selects the endpoint. */
  selectsCompiled(policy: CompiledPolicy, endpoint: Endpoint): boolean {
    return policy.subject(this.subject(endpoint));
  }

  /** The endpoint as the matchers of compiled policies see it. */
  policySubject(endpoint: Endpoint): PolicySubject {
    return this.subject(endpoint);
  }

  /** NetworkPolicies that isolate the endpoint for a direction: they select it and have that policy type. */
  policiesSelecting(endpoint: Endpoint, direction: Direction): readonly NetworkPolicy[] {
    return this.sideView(this.subject(endpoint), direction).networkPolicies;
  }

  isolation(endpoint: Endpoint): Isolation {
    return { ingress: this.policiesSelecting(endpoint, 'ingress'), egress: this.policiesSelecting(endpoint, 'egress') };
  }

  /**
   * Policies of any kind that isolate the endpoint for a direction: those whose selection turns on a
   * default deny (NetworkPolicy, and the network plugins' isolating policies), and cluster-wide
   * policies (Admin or Baseline tier) with a Deny rule for every peer and every connection, reached
   * before any Pass or Allow rule of its tier for every peer (docs/reachability.md, "What isolates").
   * For ingress, every pod is peer enough (`everyPod`: all an AdminNetworkPolicy ingress rule can
   * name): this is isolation against pods. Whether anything at all, outside sources included, may
   * reach a port is `closingPolicies`.
   */
  isolatingPolicies(endpoint: Endpoint, direction: Direction): readonly CompiledPolicy[] {
    const out: CompiledPolicy[] = [];
    for (const view of this.sideView(this.subject(endpoint), direction).tiers) {
      if (view.tier.endOfTier === 'deny') out.push(...view.isolating);
      for (const entry of view.entries) {
        if (!entry.everyPeer && !(direction === 'ingress' && entry.everyPod)) continue;
        if (entry.action === 'deny' && entry.connections([]).isAll()) out.push(entry.policy);
        break;
      }
    }
    return [...new Set(out)];
  }

  /**
   * What applies to the endpoint for a direction, tier by tier (evaluation order): the entries in
   * precedence order and the policies that isolate it. For bulk evaluation (the matrix's rows).
   */
  sideTiers(endpoint: Endpoint, direction: Direction): readonly { readonly tier: TierSpec; readonly entries: readonly TierEntry[]; readonly isolating: readonly CompiledPolicy[] }[] {
    return this.sideView(this.subject(endpoint), direction).tiers;
  }

  /** The tiers whose policies apply to the endpoint for a direction, in evaluation order. */
  tiersApplying(endpoint: Endpoint, direction: Direction): readonly TierSpec[] {
    return this.sideView(this.subject(endpoint), direction).tiers.map((view) => view.tier);
  }

  /**
   * The policies that close a port of the endpoint to every source, in or outside the cluster (pods of
   * any namespace, host-network pods and nodes, addresses outside): every tier and kind taken in
   * evaluation order, a tier every source still open reaches refuses the port to all of them. That is
   * a Deny whose peers hold every source (`TierEntry.everyPeer`: no AdminNetworkPolicy ingress rule,
   * whose peers name pods only) matching the port before any Allow or Pass of its tier does, or the
   * end of a tier whose isolating policies select the endpoint with no Allow or Pass of the port in it.
   * Empty when some source may reach it: an Allow or Pass of the port reached first (its peers may
   * admit someone: a pod of some namespace, a load balancer's address), or no tier closing it (what
   * passes every tier is allowed). `isolatingPolicies` is the other question: isolated against pods.
   */
  closingPolicies(endpoint: Endpoint, protocol: Protocol, port: number): readonly CompiledPolicy[] {
    const tiers = this.sideTiers(endpoint, 'ingress');
    if (tiers.length === 0) return [];
    // The answer depends only on the tiers (shared by endpoints alike) and the ports (shared lists):
    // several rules ask it for every pod of every Service port.
    const ports = this.subjectPorts(endpoint);
    let byPorts = this.world.closing.get(tiers);
    if (!byPorts) this.world.closing.set(tiers, (byPorts = new WeakMap()));
    let answers = byPorts.get(ports);
    if (!answers) byPorts.set(ports, (answers = new Map()));
    const key = `${protocol}/${port}`;
    let closing = answers.get(key);
    if (!closing) answers.set(key, (closing = closingTiers(tiers, ports, protocol, port)));
    return closing;
  }

  /** Whether a policy of a kind other than NetworkPolicy applies to the endpoint for the direction. */
  otherKindsApply(endpoint: Endpoint, direction: Direction): boolean {
    return this.sideView(this.subject(endpoint), direction).otherKinds;
  }

  /**
   * Whether one peer of a NetworkPolicy admits the endpoint: podSelector and namespaceSelector
   * together (AND); an absent namespaceSelector means the policy's namespace, an absent podSelector
   * every pod; an ipBlock admits an external range wholly inside `cidr` and outside every `except`.
   */
  peerMatches(policy: NetworkPolicy, peer: PolicyPeer, endpoint: Endpoint): boolean {
    return peerAdmits(policy, peer, this.subject(endpoint));
  }

  /**
   * The container ports named policy ports resolve against on this endpoint (none outside the
   * cluster): their names, numbers and protocols (workloads declaring the same share one list, whose
   * paths are the first one's: locate a workload's own port through the workload).
   */
  subjectPorts(endpoint: Endpoint): readonly ContainerPort[] {
    return this.subject(endpoint).ports;
  }

  /** The connections a rule of `policy` allows toward `destination`. */
  ruleConnections(rule: PolicyRule, destination: Endpoint): ConnSet {
    return ruleConnections(rule, this.subject(destination).ports);
  }

  /**
   * The policies applying to a subject for a direction, by tier (memoised on workloads' subjects). A
   * view depends only on which policies select the subject, so subjects selected by the same policies
   * share one (most workloads of a namespace do: at 100,000 files a view each was over 100 MB, issue 14).
   */
  private sideView(subject: PolicySubject, direction: Direction): SideView {
    const memo = subject.memo?.[direction] as SideView | undefined;
    if (memo) return memo;
    const candidates = subject.namespace === undefined ? this.world.clusterWide : [...(this.world.compiledByNamespace.get(subject.namespace) ?? []), ...this.world.clusterWide];
    // With many candidates (cluster-wide policies of a CNI-heavy tree), workloads alike in what the
    // subject matchers read share a view: one key instead of a matcher call per candidate.
    // Workloads only: their namespace's labels are the model's, which `readKey` takes the namespace for
    // (another endpoint may bring the labels an installer gives a namespace the tree does not declare).
    const group = candidates.length > GROUPED_CANDIDATES && this.world.workloadSubjects.has(subject) ? readKey(subject, this.world.subjectProfile) : undefined;
    const grouped = group === undefined ? undefined : this.world.viewsByRead[direction].get(group);
    if (grouped) {
      subject.memo![direction] = grouped;
      return grouped;
    }
    let view = EMPTY_VIEW;
    // The selecting policies, as their positions among the namespace's candidates.
    let key = '';
    const selecting: CompiledPolicy[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const policy = candidates[i]!;
      if (!policy[direction] || !policy.subject(subject)) continue;
      selecting.push(policy);
      key += `${i},`;
    }
    if (selecting.length > 0) {
      const shared = this.world.sideViews[direction];
      // Positions hold no NUL, so the namespace (written before the last one) cannot run into them.
      key = subject.namespace === undefined ? key : `${subject.namespace}\0${key}`;
      view = shared.get(key) ?? sideViewOf(selecting, direction, this.world);
      shared.set(key, view);
    }
    if (subject.memo) subject.memo[direction] = view;
    if (group !== undefined) this.world.viewsByRead[direction].set(group, view);
    return view;
  }

  /** Which entries of the policies applying to `self` admit `other`, and what the side allows. */
  side(direction: Direction, self: Endpoint, other: Endpoint, query: Query = {}): SideVerdict {
    const subject = this.subject(self);
    const otherSubject = this.subject(other);
    const destinationPorts = direction === 'ingress' ? subject.ports : otherSubject.ports;
    const governed = subject.ungoverned === undefined;
    const view = this.sideView(subject, direction);
    const ungoverned = subject.ungoverned ? { ungoverned: subject.ungoverned } : {};
    if (view.tiers.length === 0) {
      return { direction, governed, ...ungoverned, policies: [], isolatedBy: [], isolated: false, rules: [], matches: [], connections: ConnSet.ALL, allowed: admits(ConnSet.ALL, query) };
    }
    const hasPort = query.port !== undefined;
    const protocol = query.protocol ?? 'TCP';
    const matches: EntryMatch[] = [];
    const isolatedBy: CompiledPolicy[] = [];
    const passes: EntryMatch[] = [];
    const unevaluated: UnevaluatedMatch[] = [];
    let decision: Decision | undefined;
    let remaining = ConnSet.ALL;
    let allowed = ConnSet.NONE;
    for (const tierView of view.tiers) {
      if (remaining.isEmpty()) break;
      let open = remaining;
      let passed = ConnSet.NONE;
      // Whether the queried port reached this tier and no entry of it has decided it yet.
      let queryOpen = hasPort && decision === undefined && remaining.has(protocol, query.port!);
      for (const entry of tierView.entries) {
        const witness = entry.peer ? entry.peer(otherSubject) : EVERY;
        if (!witness) {
          const peers = entry.unevaluatedPeers?.(otherSubject);
          if (peers !== undefined) {
            const connections = entry.connections(destinationPorts);
            if (hasPort ? queryOpen && admits(connections, query) : !connections.intersect(open).isEmpty()) unevaluated.push({ entry, tier: tierView.tier, peers });
          }
          continue;
        }
        const connections = entry.connections(destinationPorts);
        const decided = open.isAll() ? connections : connections.intersect(open);
        const match: EntryMatch = { entry, tier: tierView.tier, witness, connections, decided, allowsQuery: admits(connections, query) };
        matches.push(match);
        if (queryOpen && match.allowsQuery) {
          queryOpen = false;
          if (entry.action === 'pass') passes.push(match);
          else decision = { by: 'entry', match, passes: [...passes] };
        }
        if (decided.isEmpty()) continue;
        if (entry.action === 'allow') allowed = allowed.union(decided);
        else if (entry.action === 'pass') passed = passed.union(decided);
        open = open.subtract(decided);
      }
      if (tierView.isolating.length > 0) {
        isolatedBy.push(...tierView.isolating);
        if (tierView.tier.endOfTier === 'deny') {
          if (queryOpen) decision = { by: 'isolation', tier: tierView.tier, policies: tierView.isolating, passes: [...passes] };
          open = ConnSet.NONE;
        }
      }
      remaining = open.union(passed);
    }
    // What leaves the last tier is allowed (the default of Kubernetes: every pod may talk).
    const connections = allowed.union(remaining);
    if (hasPort && decision === undefined) decision = { by: 'default', passes };
    const allowsQuery = admits(connections, query);
    // Only an entry that would have turned the answer around makes it uncertain.
    const doubts = unevaluated.filter((u) => (allowsQuery ? u.entry.action === 'deny' : u.entry.action !== 'deny'));
    const rules: RuleMatch[] = [];
    for (const m of matches) {
      const np = m.entry.networkPolicyRule;
      if (!np) continue;
      const peer = m.witness.peer as PolicyPeer | undefined;
      rules.push({ policy: np.policy, direction, index: m.entry.index, rule: np.rule, ...(peer ? { peer } : {}), ...(m.witness.address ? { address: m.witness.address } : {}), connections: m.connections, allowsQuery: m.allowsQuery });
    }
    return {
      direction,
      governed,
      ...ungoverned,
      policies: view.networkPolicies,
      isolatedBy: [...new Set(isolatedBy)],
      isolated: isolatedBy.length > 0,
      rules,
      matches,
      ...(decision ? { decision } : {}),
      connections,
      allowed: allowsQuery,
      ...(doubts.length ? { unevaluated: doubts } : {}),
    };
  }

  /** What one side allows between the two, without the explanation (the matrix's rows). */
  sideConnections(direction: Direction, self: Endpoint, other: Endpoint): ConnSet {
    const subject = this.subject(self);
    const view = this.sideView(subject, direction);
    if (view.tiers.length === 0) return ConnSet.ALL;
    const otherSubject = this.subject(other);
    const destinationPorts = direction === 'ingress' ? subject.ports : otherSubject.ports;
    let remaining = ConnSet.ALL;
    let allowed = ConnSet.NONE;
    for (const tierView of view.tiers) {
      if (remaining.isEmpty()) break;
      let open = remaining;
      let passed = ConnSet.NONE;
      for (const entry of tierView.entries) {
        if (open.isEmpty()) break;
        if (entry.peer && !entry.peer(otherSubject)) continue;
        const connections = entry.connections(destinationPorts);
        const decided = open.isAll() ? connections : connections.intersect(open);
        if (decided.isEmpty()) continue;
        if (entry.action === 'allow') allowed = allowed.union(decided);
        else if (entry.action === 'pass') passed = passed.union(decided);
        open = open.subtract(decided);
      }
      if (tierView.isolating.length > 0 && tierView.tier.endOfTier === 'deny') open = ConnSet.NONE;
      remaining = open.union(passed);
    }
    return allowed.union(remaining);
  }

  /**
   * `evaluate(src, dst, { port, protocol }).allowed`, without collecting the deciding rules, for
   * rules that check many pairs and explain only the refused ones: on each side the first entry (in
   * tier and precedence order) that matches the port decides it.
   */
  allows(src: Endpoint, dst: Endpoint, query: Query & { readonly port: number }): boolean {
    return this.sideAllows('egress', src, dst, query) && this.sideAllows('ingress', dst, src, query);
  }

  private sideAllows(direction: Direction, self: Endpoint, other: Endpoint, query: Query & { readonly port: number }): boolean {
    const subject = this.subject(self);
    const view = this.sideView(subject, direction);
    if (view.tiers.length === 0) return true;
    const otherSubject = this.subject(other);
    const destinationPorts = direction === 'ingress' ? subject.ports : otherSubject.ports;
    const protocol = query.protocol ?? 'TCP';
    tiers: for (const tierView of view.tiers) {
      for (const entry of tierView.entries) {
        if (entry.peer && !entry.peer(otherSubject)) continue;
        if (!entry.connections(destinationPorts).has(protocol, query.port)) continue;
        if (entry.action === 'pass') continue tiers;
        return entry.action === 'allow';
      }
      if (tierView.isolating.length > 0 && tierView.tier.endOfTier === 'deny') return false;
    }
    return true;
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
    return this.sideConnections('egress', src, dst).intersect(this.sideConnections('ingress', dst, src));
  }

  /**
   * The workloads of a list that policies may tell apart, in order (the first of each kind stands
   * for the others): only namespace, host network, container ports, the pod labels some
   * NetworkPolicy's selector reads and the selections of the other kinds' policies decide a verdict.
   * A matrix node (a Deployment, its ReplicaSets and exported Pods) is one kind unless, say, a policy
   * selects a label put on one of its Pods.
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
      const other = this.otherAnswers(subject);
      key = JSON.stringify([workload.object.namespace, workload.template.hostNetwork, labels, ports, blocks, other]);
      this.world.distinctionKeys.set(workload, key);
    }
    return key;
  }

  /**
   * The other kinds' selections of a workload, one bit per subject and peer matcher. Matchers answer
   * alike for workloads alike in what they read (`SubjectReads`), so the bits are worked out once per
   * such group: a CNI-heavy tree has thousands of matchers, and every rule asks about every workload.
   */
  private otherAnswers(subject: PolicySubject): string {
    const { otherMatchers } = this.world;
    if (otherMatchers.length === 0) return '';
    this.world.otherProfile ??= readProfile(otherMatchers.map((matcher) => matcher.reads));
    const group = readKey(subject, this.world.otherProfile);
    let bits = this.world.otherAnswers.get(group);
    if (bits === undefined) {
      bits = '';
      for (const matcher of otherMatchers) bits += matcher.test(subject) ? '1' : '0';
      this.world.otherAnswers.set(group, bits);
    }
    return bits;
  }

  /** Label keys read by any NetworkPolicy's podSelector or peer podSelector (memoised). */
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

  /** Workloads a compiled policy of any kind selects (by its subject matcher, over every workload). */
  workloadsSelectedByCompiled(policy: CompiledPolicy): readonly Workload[] {
    if (policy.networkPolicy) return this.workloadsSelectedBy(policy.networkPolicy);
    // Memoised per selection: several rules ask, and many policies share a subject.
    let list = this.selectedByKey.get(policy.subjectKey);
    if (!list) {
      // Asked once per group of workloads alike in what the subject reads, in its namespace if it has one.
      const { workloads } = this.model;
      list = this.subjectGroups(readProfile([policy.subjectReads])).select(policy.subject, policy.namespace).map((i) => workloads[i]!);
      this.selectedByKey.set(policy.subjectKey, list);
    }
    return list;
  }
  private readonly selectedByKey = new Map<string, readonly Workload[]>();

  /**
   * The model's workloads (in order) grouped by what matchers reading `profile` read of them
   * (memoised per profile): a matcher answers alike for the members of a group.
   */
  subjectGroups(profile: ReadProfile): SubjectGroups {
    const name = profileName(profile);
    let groups = this.groupsByProfile.get(name);
    if (!groups) this.groupsByProfile.set(name, (groups = new SubjectGroups(this.model.workloads.map((w) => this.subject(workloadEndpoint(w))), profile)));
    return groups;
  }
  private readonly groupsByProfile = new Map<string, SubjectGroups>();

  /** Namespaces a pods peer draws from: those its namespaceSelector matches, else the policy's own. */
  namespacesMatchingPeer(policy: NetworkPolicy, peer: PolicyPeer): Namespace[] {
    if (peer.type !== 'pods') return [];
    if (!peer.namespaceSelector) {
      const own = this.model.namespaces.get(policy.object.namespace);
      return [own ?? { name: policy.object.namespace, labels: this.namespaceLabels(policy.object.namespace), assumed: true }];
    }
    return this.relations.namespacesMatching(peer.namespaceSelector);
  }

  /** Workloads a pods peer admits (none for an ipBlock, never host-network ones), through the label index. */
  workloadsMatchingPeer(policy: NetworkPolicy, peer: PolicyPeer): Workload[] {
    if (peer.type !== 'pods') return [];
    const podSelector = peer.podSelector ?? MATCH_ALL;
    return this.namespacesMatchingPeer(policy, peer).flatMap((ns) => this.relations.workloadsMatching(ns.name, podSelector).filter((w) => this.onPodNetwork(w)));
  }

  /** The workloads whose recorded addresses an ipBlock peer admits (exported Pods), host-network ones too. */
  workloadsAddressedBy(policy: NetworkPolicy, peer: PolicyPeer): Workload[] {
    if (peer.type !== 'ipBlock') return [];
    return this.model.workloads.filter((w) => w.addresses && this.peerMatches(policy, peer, workloadEndpoint(w)));
  }

  /** Whether an ipBlock peer admits all of a range. */
  blockHolds(peer: PolicyPeer & { readonly type: 'ipBlock' }, range: AddressRange): boolean {
    return blockHolds(peer, range);
  }

  private subject(endpoint: Endpoint): PolicySubject {
    if (endpoint.type === 'workload') return this.workloadSubject(endpoint.workload);
    // Endpoints other than workloads (DNS pods, the ingress controller, outside ranges) are asked about
    // again and again by the rules: one subject each, so that its side views and peer answers are kept.
    // An outside range is asked about through a new endpoint object each time (the matrix asks every
    // ipBlock peer about every range class: millions of calls on a large tree), so its subject is kept by
    // the range, which callers reuse; keying those by endpoint made a weak-map entry and a subject per
    // call, and the worst-case matrix 10x slower (issue 14).
    const key: object = endpoint.type === 'external' ? endpoint.range : endpoint;
    let subject = this.endpointSubjects.get(key);
    if (!subject) this.endpointSubjects.set(key, (subject = { ...this.otherSubject(endpoint), memo: {} }));
    return subject;
  }
  private readonly endpointSubjects = new WeakMap<object, PolicySubject>();

  /** A workload's subject, kept by the world (workloads are immutable). */
  private workloadSubject(workload: Workload): PolicySubject {
    let subject = this.world.subjects.get(workload);
    if (!subject) {
      const namespace = workload.object.namespace;
      const onPodNetwork = this.onPodNetwork(workload);
      const addresses = workload.addresses?.flatMap((a) => {
        const range = addressRange(a.value);
        return range ? [{ text: a.value, range }] : [];
      });
      subject = {
        ...(onPodNetwork ? {} : { ungoverned: 'host-network' as const }),
        selectable: onPodNetwork,
        ...(workload.template.hostNetwork ? { hostNetwork: true } : {}),
        ...(addresses?.length ? { addresses } : {}),
        namespace,
        labels: workload.template.labels,
        namespaceLabels: this.namespaceLabels(namespace),
        serviceAccount: workload.template.serviceAccountName ?? 'default',
        ports: this.sharedPorts(containerPorts(workload).map((p) => p.port)),
        memo: {},
      };
      this.world.subjects.set(workload, subject);
      this.world.workloadSubjects.add(subject);
    }
    return subject;
  }

  /**
   * One array for every workload declaring the same ports (names, numbers, protocols), in order: rules
   * resolve named policy ports once per distinct array (`TierEntry.connections` memoises by it), not
   * once per workload. Its ports' paths are those of the first workload that declared them.
   */
  private sharedPorts(ports: readonly ContainerPort[]): readonly ContainerPort[] {
    if (ports.length === 0) return NO_PORTS;
    const key = JSON.stringify(ports.map((p) => [p.name ?? null, p.containerPort, p.protocol]));
    let shared = this.world.portLists.get(key);
    if (!shared) this.world.portLists.set(key, (shared = ports));
    return shared;
  }

  private otherSubject(endpoint: Exclude<Endpoint, { type: 'workload' }>): PolicySubject {
    switch (endpoint.type) {
      case 'pod':
        return {
          selectable: true,
          namespace: endpoint.namespace,
          labels: endpoint.labels,
          // The tree's or the config's Namespace wins over what an installer is known to set.
          namespaceLabels: this.model.namespaces.has(endpoint.namespace) || !endpoint.namespaceLabels ? this.namespaceLabels(endpoint.namespace) : endpoint.namespaceLabels,
          ...(endpoint.serviceAccount !== undefined ? { serviceAccount: endpoint.serviceAccount } : {}),
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

/** `PolicyEngine.closingPolicies` over one endpoint's ingress tiers and ports. */
function closingTiers(tiers: readonly TierView[], ports: readonly ContainerPort[], protocol: Protocol, port: number): readonly CompiledPolicy[] {
  for (const view of tiers) {
    // Whether a Pass of the port sent some source on to the next tier, which then decides for it.
    let passed = false;
    for (const entry of view.entries) {
      if (!entry.connections(ports).has(protocol, port)) continue;
      if (entry.action === 'allow') return [];
      if (entry.action === 'pass') passed = true;
      else if (entry.everyPeer && !passed) return [entry.policy];
      // No source gets past an entry for every peer.
      if (entry.everyPeer) break;
    }
    if (!passed && view.isolating.length > 0 && view.tier.endOfTier === 'deny') return view.isolating;
  }
  return [];
}

const EVERY: PeerWitness = {};
const NO_PORTS: readonly ContainerPort[] = [];

const RECENT_WORLDS = 4;

/**
 * The worlds of the latest models of one analysis context (a language-server workspace's `Program`),
 * most recent first: a model with the same policies as an earlier one reuses what its world worked
 * out. A few, bounded; dropped with the context that owns them.
 */
export class PolicyWorlds {
  private readonly recent: PolicyWorld[] = [];

  /** The world of an earlier model that fits `model`, else a new one; now the most recent. */
  worldFor(model: Model): PolicyWorld {
    const index = this.recent.findIndex((world) => world.fits(model));
    const world = index >= 0 ? this.recent.splice(index, 1)[0]! : new PolicyWorld(model);
    this.recent.unshift(world);
    this.recent.length = Math.min(this.recent.length, RECENT_WORLDS);
    return world;
  }

  /** How many worlds are held. */
  get size(): number {
    return this.recent.length;
  }

  clear(): void {
    this.recent.length = 0;
  }
}

// Keyed by the model: an engine (and the model's entry in `worldsOf`) lives as long as its model, which
// the caller holds (the CLI for a run, a workspace until its next analysis); nothing here outlives it.
const engines = new WeakMap<Model, PolicyEngine>();
const worldsOf = new WeakMap<Model, PolicyWorlds>();

/**
 * Lets `model`'s engine reuse the worlds of earlier models of the same context (a `Program` calls this
 * for each model it builds). Without it a model's engine starts from a world of its own.
 */
export function usePolicyWorlds(model: Model, worlds: PolicyWorlds): void {
  if (!engines.has(model)) worldsOf.set(model, worlds);
}

/** The memoised policy engine of a model, reusing what an earlier model of its context with the same policies worked out. */
export function policyEngineOf(model: Model): PolicyEngine {
  let engine = engines.get(model);
  if (!engine) {
    const world = worldsOf.get(model)?.worldFor(model) ?? new PolicyWorld(model);
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
