/**
 * How findings, assertions and `explain` say which policies decided a verdict: the sides that refuse,
 * the policies isolating them, the rules that allow. Written once so that every reachability finding
 * reads alike (describe.ts names the objects).
 */
import type { KubeObject, NetworkPolicy } from '../model/types.ts';
import type { Path } from '../source/types.ts';
import { describePolicy, listSome } from './describe.ts';
import type { EntryMatch, RuleMatch, SideVerdict, Ungoverned, UnevaluatedMatch, Verdict } from './policy.ts';
import type { CompiledPolicy } from './tiers.ts';

/** How a finding names the two ends of a connection (`this pod`, `Deployment "web"`, `shop/web[Deployment]`). */
export interface Ends {
  readonly source: string;
  readonly destination: string;
}

/** A related location on a policy (assignable to a lint `RelatedTarget`), with the policy it is on. */
export interface PolicyLocation {
  /** The NetworkPolicy, or the compiled policy of another kind. */
  readonly policy: NetworkPolicy | CompiledPolicy;
  readonly at: { readonly object: KubeObject; readonly path: Path; readonly key?: boolean };
  readonly message: string;
}

/** The sides that refuse the queried connection: the source's egress, then the destination's ingress. */
function refusingSides(verdict: Verdict): SideVerdict[] {
  return [verdict.egress, verdict.ingress].filter((side) => !side.allowed);
}

/** The rules of a side that allow the queried connection. */
export function allowingRules(side: SideVerdict): RuleMatch[] {
  return side.rules.filter((match) => match.allowsQuery);
}

/** Why no NetworkPolicy applies to a side (`SideVerdict.ungoverned`), as a phrase. */
export function ungovernedReason(reason: Ungoverned | undefined): string {
  switch (reason) {
    case 'host-network':
      return 'a host-network pod';
    case 'unknown-namespace':
      return 'the ingress controller namespace is not configured';
    case 'unknown-pod':
      return 'where its pods run is not known';
    default:
      return 'outside the cluster';
  }
}

/** `NetworkPolicy "api" ingress[0]`. */
function describeRule(match: RuleMatch, withNamespace = false): string {
  return `${describePolicy(match.policy, withNamespace)} ${match.direction}[${match.index}]`;
}

const endOf = (side: SideVerdict, ends: Ends) => (side.direction === 'egress' ? ends.source : ends.destination);

/** How a finding names a policy of any kind: `NetworkPolicy "api"`, `AdminNetworkPolicy "deny-db"`. */
export function describeAnyPolicy(policy: NetworkPolicy | CompiledPolicy, withNamespace = false): string {
  if ('tier' in policy) return policy.networkPolicy ? describePolicy(policy.networkPolicy, withNamespace) : policy.origin.label;
  return describePolicy(policy, withNamespace);
}

/** The entry of another kind than NetworkPolicy that decided the queried port on a side, if one did. */
function decidingEntry(side: SideVerdict): EntryMatch | undefined {
  const decision = side.decision;
  return decision?.by === 'entry' && !decision.match.entry.networkPolicyRule ? decision.match : undefined;
}

/** Entries of other kinds that refuse a side without a port query: the deny entries that decided something. */
function denyingEntries(side: SideVerdict): EntryMatch[] {
  return side.matches.filter((m) => m.entry.action === 'deny' && !m.decided.isEmpty() && !m.entry.networkPolicyRule);
}

/** Why one refusing side refuses, as a clause. */
function refusal(side: SideVerdict, ends: Ends): string {
  const self = endOf(side, ends);
  const entry = decidingEntry(side);
  if (entry) return `the ${side.direction} of ${self} is denied by ${entry.entry.origin.label}`;
  if (side.decision?.by === 'isolation' || (side.decision === undefined && side.isolatedBy.length > 0 && denyingEntries(side).length === 0)) {
    const policies = side.decision?.by === 'isolation' ? side.decision.policies : side.isolatedBy;
    return `the ${side.direction} of ${self} is isolated by ${listSome(policies.map((p) => describeAnyPolicy(p)))}, and no rule allows the connection`;
  }
  const denying = denyingEntries(side);
  if (denying.length > 0) return `the ${side.direction} of ${self} is denied by ${listSome(denying.map((m) => m.entry.origin.label))}`;
  return `the ${side.direction} of ${self} is isolated by ${listSome(side.isolatedBy.map((p) => describeAnyPolicy(p)))}, and no rule allows the connection`;
}

/**
 * Why the verdict is what it is, one clause per deciding side: for a refused connection each refusing
 * side and its isolating policies (or the rule of another kind that denies it); for an allowed one
 * both sides (not governed, not isolated, or the rules that allow it).
 */
export function verdictReason(verdict: Verdict, ends: Ends): string {
  if (!verdict.allowed) return refusingSides(verdict).map((side) => refusal(side, ends)).join('; ');
  return [verdict.egress, verdict.ingress]
    .map((side) => {
      const self = endOf(side, ends);
      const entry = decidingEntry(side);
      if (entry) return `the ${side.direction} of ${self} is allowed by ${entry.entry.origin.label}`;
      if (!side.governed) return `no NetworkPolicy applies to the ${side.direction} of ${self} (${ungovernedReason(side.ungoverned)})`;
      if (!side.isolated) return `no NetworkPolicy isolates ${self} for ${side.direction}`;
      return `the ${side.direction} of ${self} is allowed by ${listSome(allowingRules(side).map((m) => describeRule(m)))}`;
    })
    .join('; ');
}

/**
 * Related locations for a finding about a verdict: for a refused connection, each isolating policy of
 * a refusing side (at its podSelector key) or the rule of another kind that denies it; for an allowed
 * one, each rule that allows it.
 */
export function decidingRelated(verdict: Verdict, ends: Ends): PolicyLocation[] {
  if (!verdict.allowed) return refusingSides(verdict).flatMap((side) => isolatingRelated(side, ends));
  return [verdict.egress, verdict.ingress].flatMap((side) => {
    const entry = decidingEntry(side);
    if (entry) return [entryLocation(entry, `${entry.entry.origin.label} allows it for ${endOf(side, ends)}`)];
    return allowingRules(side).map((match) => ({ policy: match.policy, at: { object: match.policy.object, path: match.rule.path }, message: `${describeRule(match, true)} allows it for ${endOf(side, ends)}` }));
  });
}

function entryLocation(match: EntryMatch, message: string): PolicyLocation {
  return { policy: match.entry.policy, at: { object: match.entry.origin.object, path: match.entry.origin.path }, message };
}

/** Related locations for one side that refuses: each policy isolating it (at its podSelector key), or the rules of other kinds that deny. */
export function isolatingRelated(side: SideVerdict, ends: Ends): PolicyLocation[] {
  const entry = decidingEntry(side);
  if (entry && entry.entry.action === 'deny') return [entryLocation(entry, `${entry.entry.origin.label} denies it for ${endOf(side, ends)}`)];
  const denying = side.decision === undefined ? denyingEntries(side) : [];
  return [
    ...denying.map((m) => entryLocation(m, `${m.entry.origin.label} denies it for ${endOf(side, ends)}`)),
    ...side.isolatedBy.map((policy) => ({
      policy: policy.networkPolicy ?? policy,
      at: policy.networkPolicy ? { object: policy.networkPolicy.object, path: policy.networkPolicy.podSelectorPath, key: true } : { object: policy.origin.object, path: policy.origin.path, key: true },
      message: `${describeAnyPolicy(policy, true)} isolates ${endOf(side, ends)} for ${side.direction} and allows no such connection`,
    })),
  ];
}

/**
 * The entries with peers not evaluated that could turn a verdict around (`SideVerdict.unevaluated`):
 * for a refusal, those of every refusing side (each must be able to allow); for an allowance, the denies
 * of either side. Empty when the verdict is certain.
 */
export function verdictDoubts(verdict: Verdict): readonly UnevaluatedMatch[] {
  if (verdict.allowed) return [...(verdict.egress.unevaluated ?? []), ...(verdict.ingress.unevaluated ?? [])];
  const refusing = refusingSides(verdict);
  if (refusing.some((side) => !side.unevaluated?.length)) return [];
  return refusing.flatMap((side) => side.unevaluated!);
}

/**
 * What a finding resting on a verdict adds when the verdict is not certain (`verdictDoubts`), naming the
 * peers not evaluated: `not certain: NetworkPolicy (projectcalico.org) "web-egress" egress[0] Allow names
 * destination.services (Service kube-system/kube-dns), which kube-netlint does not evaluate, and may allow
 * it`. Undefined when the verdict is certain.
 */
export function verdictDoubt(verdict: Verdict): string | undefined {
  return doubtText(verdictDoubts(verdict), verdict.allowed ? 'deny' : 'allow');
}

/** `verdictDoubt` for one side (the ingress of a pod toward any source, say). */
export function sideDoubt(side: SideVerdict): string | undefined {
  return doubtText(side.unevaluated ?? [], side.allowed ? 'deny' : 'allow');
}

function doubtText(doubts: readonly UnevaluatedMatch[], effect: 'allow' | 'deny'): string | undefined {
  if (doubts.length === 0) return undefined;
  return `not certain: ${listSome(doubts.map((d) => `${d.entry.origin.label} names ${d.peers}`))}, which kube-netlint does not evaluate, and ${doubts.length > 1 ? 'they' : 'it'} may ${effect} this traffic`;
}
