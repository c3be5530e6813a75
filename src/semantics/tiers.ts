/**
 * The one form every policy kind compiles to, and the tiers it is evaluated in (issue 10). The engine
 * (policy.ts) evaluates nothing but this form; a kind module only says how its objects compile.
 *
 * ## Evaluation of one side (the source's egress, or the destination's ingress)
 *
 * Tiers are walked by `rank`, smallest first. The built-in tiers follow ClusterNetworkPolicy's `Tier`
 * doc comment (policy.networking.k8s.io v1alpha2) and NPEP-285, with Calico's tier orders as ranks so
 * that Calico tiers slot in between them (docs/research/policies.md §1.5, §3.3):
 *
 *   ADMIN_TIER (1 000)       AdminNetworkPolicy, ClusterNetworkPolicy `tier: Admin`
 *   DEFAULT_TIER (1 000 000) NetworkPolicy and the network plugin's namespaced policies
 *   BASELINE_TIER (10 000 000) BaselineAdminNetworkPolicy, ClusterNetworkPolicy `tier: Baseline`
 *   then the default: allowed.
 *
 * Inside a tier, the entries of the policies that select the endpoint for the direction are taken in
 * `precedence` order (lexicographic, lowest first; equal ones keep model order), and each entry decides
 * the connections it matches that no earlier entry of the tier decided: first match wins, per
 * connection (protocol and port). `allow` allows them (final for this side), `deny` refuses them
 * (final), `pass` sends them to the next tier. What no entry decided goes on to the next tier, except
 * when a policy of the tier that selects the endpoint `isolates` it for the direction and the tier's
 * `endOfTier` is `deny`: then it is refused (NetworkPolicy's "isolated: deny unless a rule allows").
 * What leaves the last tier is allowed. A connection needs both sides to allow it.
 *
 * How each kind's semantics map onto that:
 * - NetworkPolicy: DEFAULT_TIER; every rule an `allow` entry of precedence `[NETWORK_POLICY_ORDER, 1]`;
 *   each policy isolates the directions of its effective `policyTypes`. Allows are a union (order
 *   does not matter among allows), and the rest is refused for isolated pods.
 * - Cilium (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy): DEFAULT_TIER, the same pool as
 *   NetworkPolicy (Cilium's allows of all kinds are one union, and a deny wins over any allow): deny
 *   entries at `[NETWORK_POLICY_ORDER, 0]`, allow entries at `[NETWORK_POLICY_ORDER, 1]`; a policy
 *   isolates a direction when it has rules for it (or `enableDefaultDeny` says so).
 * - Calico (NetworkPolicy, GlobalNetworkPolicy): its own tiers (`tier: { id, rank: tier order,
 *   endOfTier: defaultAction }`; the `default` tier is DEFAULT_TIER, where Kubernetes NetworkPolicies
 *   sit at order 1000 = NETWORK_POLICY_ORDER); entries at `[order ?? Infinity, ruleIndex]`, actions
 *   Allow/Deny/Pass (Log decides nothing: no entry); a policy isolates the directions of its `types`.
 * - AdminNetworkPolicy / ClusterNetworkPolicy Admin: ADMIN_TIER, entries at `[priority, ruleIndex]`,
 *   Allow/Accept, Deny, Pass; never isolating (no implicit deny: unmatched traffic goes on).
 * - BaselineAdminNetworkPolicy / ClusterNetworkPolicy Baseline: BASELINE_TIER, likewise.
 *
 * ## How a kind plugs in (for the CNI kinds)
 *
 * 1. A kind module under src/model/kinds/ reads the objects into typed views (as any kind).
 * 2. A compiler (`PolicyCompiler`, below) in src/semantics/policy-kinds/<kind>.ts turns one view into
 *    `CompiledPolicy` objects: a subject matcher, the directions it applies to and whether it isolates
 *    them, its tier, and its entries (peer matcher, connections, action, precedence, origin). Matchers
 *    read a `PolicySubject` (namespace, labels, namespace labels, addresses, ...), never the model.
 * 3. One line in `POLICY_COMPILERS` (src/semantics/policy-kinds/index.ts).
 * 4. Delete the kind from `UNMODELLED_TRAFFIC_KINDS` (blind-spots.ts).
 * The engine, the matrix, `explain`, `diff`, assertions and the isolation rules then see it. Compiled
 * policies are memoised per view object, so a language-server edit that keeps a policy keeps its
 * compiled form. For the matrix, matchers also give a `key` (two matchers with one key select the same
 * endpoints), what of a pod they read (`reads`: pods alike in it are matched alike, so a matcher is asked
 * once per group of such pods, not once per workload) and peers the address ranges they read
 * (`ranges`), to group workloads and cut addresses; for exposure analysis (`reach --exposure`), entries
 * describe the pods their peers select (`representatives`) and the DNS names they write (`domains`).
 */
import type { ContainerPort, KubeObject, LabelSelector, Model, NetworkPolicy, Protocol } from '../model/types.ts';
import type { Path } from '../source/types.ts';
import type { AddressRange } from '../model/ip.ts';
import type { ConnSet } from './conn.ts';
import type { Labels } from './selector.ts';
import type { LabelPatch } from './label-witness.ts';

export type Direction = 'ingress' | 'egress';

/**
 * Why no policy of the namespace model can apply to an endpoint: it is addresses outside the
 * cluster, a pod on the host network, or the ingress controller with no configured namespace.
 */
export type Ungoverned = 'external' | 'host-network' | 'unknown-namespace' | 'unknown-pod';

/** An endpoint as matchers see it; `undefined` namespace or labels mean "unknown". */
export interface PolicySubject {
  /** Why NetworkPolicy-like subjects cannot select it; undefined for a pod of the pod network in a known namespace. */
  readonly ungoverned?: Ungoverned;
  /** Whether pod and namespace selectors of peers can admit it: a pod on the pod network. */
  readonly selectable: boolean;
  /** A pod on the host network (its address is its node's: node and host peers admit it). */
  readonly hostNetwork?: boolean;
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly namespaceLabels?: Labels;
  /** The pod's service account (`default` when the template names none); undefined when unknown. Calico and Cilium policies match it. */
  readonly serviceAccount?: string;
  readonly ports: readonly ContainerPort[];
  /** Addresses outside the cluster (an external endpoint). */
  readonly range?: AddressRange;
  /** The recorded addresses of an exported Pod, each as a one-address range, with its text. */
  readonly addresses?: readonly { readonly text: string; readonly range: AddressRange }[];
  /** @internal Answers of shared peer matchers (policy-kinds/peer-cache.ts), one byte per peer key. */
  peerAnswers?: Uint8Array;
  /** @internal The engine's per-endpoint memo of the policies that apply to it. */
  memo?: { ingress?: unknown; egress?: unknown };
}

/**
 * What a matcher reads of a pod besides what it may always read (its namespace and the namespace's
 * labels, whether it is on the pod network or the host network, its recorded addresses): the pod
 * label keys (as written on the pod) and whether the service account. Two pods alike in all of that
 * get the same answer from the matcher; the matrix relies on it to ask once per group of such pods.
 * A matcher that declares none may read anything.
 */
export interface SubjectReads {
  readonly labels: readonly string[];
  readonly serviceAccount: boolean;
}

/** The pod label keys a LabelSelector reads. */
export function selectorLabelKeys(selector: LabelSelector | undefined): string[] {
  return selector ? [...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((r) => r.key)] : [];
}

export type TierAction = 'allow' | 'deny' | 'pass';

/** A tier: where a policy sits in the evaluation order. */
export interface TierSpec {
  /** `admin`, `default`, `baseline`, or a Calico tier name. */
  readonly id: string;
  /** Smaller ranks are evaluated first. */
  readonly rank: number;
  /** What happens to undecided traffic of an endpoint that an isolating policy of the tier selects. */
  readonly endOfTier: 'deny' | 'pass';
  /** How output names the tier: `Admin tier`. */
  readonly label: string;
}

export const ADMIN_TIER: TierSpec = { id: 'admin', rank: 1_000, endOfTier: 'pass', label: 'Admin tier' };
export const DEFAULT_TIER: TierSpec = { id: 'default', rank: 1_000_000, endOfTier: 'deny', label: 'NetworkPolicy tier' };
export const BASELINE_TIER: TierSpec = { id: 'baseline', rank: 10_000_000, endOfTier: 'pass', label: 'Baseline tier' };
/** Where Kubernetes NetworkPolicies sit in the default tier (Calico converts them to order 1000). */
export const NETWORK_POLICY_ORDER = 1000;

/** Where an entry or policy is written: for `explain`, related locations, and file:line. */
export interface PolicyOrigin {
  readonly object: KubeObject;
  /** The rule (`['spec', 'egress', 2]`), or for a policy its subject selector. */
  readonly path: Path;
  /** How output names it: `AdminNetworkPolicy "deny-db" egress[2] "no-db"` (quoted names, no namespace). */
  readonly label: string;
  /** Its precedence as the API writes it (`priority 10`, `order 100`); absent when the kind has none. */
  readonly precedence?: string;
}

/** What a peer matcher reports when it admits an endpoint: which peer, and the address it matched by. */
export interface PeerWitness {
  readonly path?: Path;
  /** The recorded pod address an address peer admitted the pod by. */
  readonly address?: string;
  /** The kind's own peer object (NetworkPolicy: its `PolicyPeer`). */
  readonly peer?: unknown;
  /** An assumption the match rests on (`node labels are not in the tree`), said by `explain`. */
  readonly assumption?: string;
}

/** The witness of an entry without peers: it admits every endpoint. */
export const EVERY_PEER: PeerWitness = {};

export interface TierEntry {
  readonly policy: CompiledPolicy;
  readonly direction: Direction;
  /** Index of the rule in its list (`spec.egress[index]`). */
  readonly index: number;
  readonly origin: PolicyOrigin;
  readonly action: TierAction;
  /** Sort key inside the tier, compared lexicographically, lowest first. */
  readonly precedence: readonly number[];
  /** Whether the entry admits `other` (the peer), with how; undefined when it does not. Absent: every peer. */
  readonly peer?: (other: PolicySubject) => PeerWitness | undefined;
  /** For the matrix: endpoints with equal keys are admitted alike (`peer` absent: no key needed). */
  readonly peerKey?: string;
  /** What `peer` reads of a pod (absent: anything). */
  readonly peerReads?: SubjectReads;
  /** The one namespace whose pods alone `peer` may admit (no other pod, no outside address), when there is one. */
  readonly peerNamespace?: string;
  /** Address ranges the peer reads (cidrs and excepts), to cut the external address space. */
  readonly ranges?: readonly AddressRange[];
  /** The connections the entry matches toward a destination with these container ports. */
  connections(destinationPorts: readonly ContainerPort[]): ConnSet;
  /** Named ports it resolves on the destination (for the matrix's classes). */
  readonly namedPorts?: readonly { readonly name: string; readonly protocol: Protocol }[];
  /** Whether its peer surely admits every endpoint, in and outside the cluster (an isolating Deny when its connections are all). */
  readonly everyPeer?: boolean;
  /**
   * Whether its peer surely admits every pod of the pod network, of every namespace, though maybe not
   * every endpoint (implied by `everyPeer`): an AdminNetworkPolicy ingress peer (`namespaces: {}`) names
   * pods only, never host-network pods, nodes or addresses outside the cluster (network-policy-api
   * `AdminNetworkPolicyIngressPeer`; docs/research/policies.md), so sources outside still get past it.
   */
  readonly everyPod?: boolean;
  /**
   * Peers the entry names that the engine does not evaluate (`destination.services (kube-system/kube-dns)`),
   * given the endpoint asked about: `peer` never admits through them, yet the cluster may. A verdict that
   * such an entry could change is not certain (`SideVerdict.unevaluated`).
   */
  unevaluatedPeers?(other: PolicySubject): string | undefined;
  /** A note `explain` adds when this entry decides (`L7 rules are counted as allowing the port`). */
  readonly note?: string;
  /**
   * For exposure analysis (src/reach/exposure.ts): the pods outside the tree its peers may admit, one
   * per pod-selecting peer (address peers are read through `ranges`, names through `domains`).
   */
  readonly representatives?: readonly RepresentativePeer[];
  /** DNS names its peers admit (Cilium `toFQDNs`, ClusterNetworkPolicy `domainNames`), as written. */
  readonly domains?: readonly string[];
  /** The NetworkPolicy rule it was compiled from (for the NetworkPolicy-shaped `RuleMatch`). */
  readonly networkPolicyRule?: { readonly policy: NetworkPolicy; readonly rule: NetworkPolicy['ingress'][number] };
}

/**
 * The pods one peer selector may admit, whether the tree holds them or not ("pods with labels app=web
 * in namespaces with labels env=prod"), as its kind writes the selectors, with one concrete pod they
 * admit (found by label-witness.ts and checked by the kind's own matcher). The engine, not this
 * description, decides whether a connection is allowed: exposure analysis asks it about `example`.
 */
export interface RepresentativePeer {
  /** The namespaces: any, one by name, or those whose labels a selector (printed as written) selects. */
  readonly namespace: { readonly type: 'any' } | { readonly type: 'name'; readonly name: string } | { readonly type: 'labels'; readonly text: string };
  /** The pods in them: any, or those a selector (printed as written) selects. */
  readonly pods: { readonly type: 'any' } | { readonly type: 'labels'; readonly text: string };
  /** A pod of this description: labels, its namespace's labels, and its namespace's name when the description fixes it. */
  readonly example: { readonly namespace?: string; readonly namespaceLabels: Labels; readonly labels: Labels; readonly serviceAccount?: string };
  /** Other pods of this description, which rules may treat otherwise (`role in (batch,client)`: the client one). */
  readonly alternatives?: readonly RepresentativePeer['example'][];
  /** Whether the peer admits a pod (for checks that a concrete pod belongs to this description). */
  admits(pod: PolicySubject): boolean;
  /**
   * Changes after which a pod is not admitted by this peer (to its namespace's labels, or to its own),
   * which exposure analysis applies to other peers' examples: the pods of another peer that escape a
   * rule of this one (a Deny of `tier notin (web)` lets `tier=web` pods through).
   */
  readonly escapes?: readonly { readonly namespace?: LabelPatch; readonly pods?: LabelPatch }[];
}

export interface CompiledPolicy {
  /** The policy object, and its subject selector's path (where findings about isolation point). */
  readonly origin: PolicyOrigin;
  /** `AdminNetworkPolicy`, `NetworkPolicy`, ... (with the group where two share a name: `NetworkPolicy (projectcalico.org)`). */
  readonly kind: string;
  readonly tier: TierSpec;
  /** Namespaced policies: the namespace their subjects are limited to (the engine indexes by it). Absent: cluster-wide. */
  readonly namespace?: string;
  /** Whether it selects the endpoint (regardless of direction). */
  subject(self: PolicySubject): boolean;
  /** For the matrix: endpoints with equal keys are selected alike. */
  readonly subjectKey: string;
  /** What `subject` reads of a pod (absent: anything). */
  readonly subjectReads?: SubjectReads;
  /** Directions it applies to. */
  readonly ingress?: DirectionRules;
  readonly egress?: DirectionRules;
  /** The NetworkPolicy it was compiled from. */
  readonly networkPolicy?: NetworkPolicy;
}

export interface DirectionRules {
  /** Whether selecting an endpoint isolates it for this direction (its tier's `endOfTier` then applies). */
  readonly isolates: boolean;
  readonly entries: readonly TierEntry[];
}

/**
 * How one kind compiles: the views it reads from a model, and one view into policies. `compile` must
 * depend on the view alone (it is memoised per view object across models).
 */
export interface PolicyCompiler<View extends object = object> {
  readonly id: string;
  views(model: Model): readonly View[];
  compile(view: View): readonly CompiledPolicy[];
}

/** Declares a compiler (an identity function that keeps the view type). */
export function definePolicyCompiler<View extends object>(compiler: PolicyCompiler<View>): PolicyCompiler {
  return compiler as unknown as PolicyCompiler;
}

/** Lexicographic order of precedence keys. */
export function comparePrecedence(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}
