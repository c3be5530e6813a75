import type { Rule } from '../src/lint/types.ts';
import { CLUSTER_POLICY_KIND_MODULES, type ClusterPolicy, type ClusterPolicyRule } from '../src/model/kinds/cluster-network-policy.ts';
import { viewsOf } from '../src/model/kinds/define.ts';
import { ruleCovers, subjectCovers } from '../src/semantics/policy-kinds/cluster-network-policy.ts';

/** `AdminNetworkPolicy "a" egress[2] "name"`. */
const describeRule = (policy: ClusterPolicy, rule: ClusterPolicyRule) => `${policy.kind} "${policy.object.name}" ${rule.direction}[${rule.index}]${rule.name !== undefined ? ` "${rule.name}"` : ''}`;
const ACTION: Record<string, string> = { allow: 'allows', deny: 'denies', pass: 'passes on' };

/**
 * Flags rules of AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy that can
 * never decide: an earlier rule of the same policy, or a rule of a policy of the same tier with a
 * smaller priority whose subject covers this one's, matches all of their traffic first.
 */
export const rule: Rule = {
  meta: {
    id: 'cluster-policy-shadowed-rule',
    severity: 'warning',
    description: 'A rule of a cluster-wide policy should be able to decide some traffic; rules of higher precedence in its tier should not already decide all of it.',
    messages: {
      shadowed:
        '{{rule}} can never decide: {{earlier}} comes first ({{why}}) and already {{action}} every connection it matches, for every pod it applies to; remove this rule, or move it before that one if it should win',
    },
    remediation: 'Remove the shadowed rule, or reorder the rules (or lower the priority of its policy) so that the more specific rule comes first.',
  },
  check(context) {
    const policies = CLUSTER_POLICY_KIND_MODULES.flatMap((module) => viewsOf(context.model, module) as readonly ClusterPolicy[]);
    context.each(policies, (policy) => {
      const before = earlierPolicies(policy, policies);
      for (const later of [...policy.ingress, ...policy.egress]) {
        if (!later.action) continue;
        const earlier = firstCovering(policy, later, before);
        if (!earlier) continue;
        context.report({
          messageId: 'shadowed',
          data: { rule: describeRule(policy, later), earlier: describeRule(earlier.policy, earlier.rule), why: earlier.why, action: ACTION[earlier.rule.action!]! },
          at: { object: policy.object, path: later.path },
          related: [{ at: { object: earlier.policy.object, path: earlier.rule.path }, message: `${describeRule(earlier.policy, earlier.rule)} decides its traffic first` }],
        });
      }
    });
  },
};

/**
 * The first rule that decides everything `later` matches: an earlier rule of its policy ("rule order is
 * precedence"), else a rule of a policy of the same tier with a smaller priority ("lower values have
 * higher precedence") whose subject covers this policy's. Equal priorities have no defined order
 * (cluster-policy-priority reports them), so they shadow nothing.
 */
function firstCovering(policy: ClusterPolicy, later: ClusterPolicyRule, before: readonly ClusterPolicy[]): { policy: ClusterPolicy; rule: ClusterPolicyRule; why: string } | undefined {
  const list = later.direction === 'ingress' ? policy.ingress : policy.egress;
  for (const earlier of list.slice(0, later.index)) if (ruleCovers(earlier, later)) return { policy, rule: earlier, why: 'an earlier rule of the same policy' };
  for (const other of before) {
    for (const earlier of later.direction === 'ingress' ? other.ingress : other.egress) {
      if (ruleCovers(earlier, later)) return { policy: other, rule: earlier, why: `priority ${other.priority} before ${policy.priority}, on every pod this policy selects` };
    }
  }
  return undefined;
}

/** Policies of the same tier with a smaller priority whose subject covers this one's, by priority. */
function earlierPolicies(policy: ClusterPolicy, all: readonly ClusterPolicy[]): ClusterPolicy[] {
  if (policy.priority === undefined || !policy.subject) return [];
  return all
    .filter((other) => other !== policy && other.tier === policy.tier && other.priority !== undefined && other.priority < policy.priority! && other.subject && subjectCovers(other.subject, policy.subject!))
    .sort((a, b) => a.priority! - b.priority!);
}

export default rule;
