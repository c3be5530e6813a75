/**
 * How findings, assertions and `explain` say which policies decided a verdict: the sides that refuse,
 * the policies isolating them, the rules that allow. Written once so that every reachability finding
 * reads alike (describe.ts names the objects).
 */
import type { KubeObject, NetworkPolicy } from '../model/types.ts';
import type { Path } from '../source/types.ts';
import { describePolicy, listSome } from './describe.ts';
import type { RuleMatch, SideVerdict, Ungoverned, Verdict } from './policy.ts';

/** How a finding names the two ends of a connection (`this pod`, `Deployment "web"`, `shop/web[Deployment]`). */
export interface Ends {
  readonly source: string;
  readonly destination: string;
}

/** A related location on a policy (assignable to a lint `RelatedTarget`), with the policy it is on. */
export interface PolicyLocation {
  readonly policy: NetworkPolicy;
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

/**
 * Why the verdict is what it is, one clause per deciding side: for a refused connection each refusing
 * side and its isolating policies; for an allowed one both sides (not governed, not isolated, or the
 * rules that allow it).
 */
export function verdictReason(verdict: Verdict, ends: Ends): string {
  if (!verdict.allowed) {
    return refusingSides(verdict)
      .map((side) => `the ${side.direction} of ${endOf(side, ends)} is isolated by ${listSome(side.policies.map((p) => describePolicy(p)))}, and no rule allows the connection`)
      .join('; ');
  }
  return [verdict.egress, verdict.ingress]
    .map((side) => {
      const self = endOf(side, ends);
      if (!side.governed) return `no NetworkPolicy applies to the ${side.direction} of ${self} (${ungovernedReason(side.ungoverned)})`;
      if (!side.isolated) return `no NetworkPolicy isolates ${self} for ${side.direction}`;
      return `the ${side.direction} of ${self} is allowed by ${listSome(allowingRules(side).map((m) => describeRule(m)))}`;
    })
    .join('; ');
}

/**
 * Related locations for a finding about a verdict: for a refused connection, each isolating policy of
 * a refusing side (at its podSelector key); for an allowed one, each rule that allows it.
 */
export function decidingRelated(verdict: Verdict, ends: Ends): PolicyLocation[] {
  if (!verdict.allowed) return refusingSides(verdict).flatMap((side) => isolatingRelated(side, ends));
  return [verdict.egress, verdict.ingress].flatMap((side) =>
    allowingRules(side).map((match) => ({ policy: match.policy, at: { object: match.policy.object, path: match.rule.path }, message: `${describeRule(match, true)} allows it for ${endOf(side, ends)}` })),
  );
}

/** Related locations for one side that refuses: each policy isolating it, at its podSelector key. */
export function isolatingRelated(side: SideVerdict, ends: Ends): PolicyLocation[] {
  return side.policies.map((policy) => ({
    policy,
    at: { object: policy.object, path: policy.podSelectorPath, key: true },
    message: `${describePolicy(policy, true)} isolates ${endOf(side, ends)} for ${side.direction} and allows no such connection`,
  }));
}
