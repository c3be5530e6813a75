import type { Rule } from '../src/lint/types.ts';
import { CLUSTER_POLICY_KIND_MODULES, type ClusterPolicy } from '../src/model/kinds/cluster-network-policy.ts';
import { viewsOf } from '../src/model/kinds/define.ts';
import { describeWorkload, listSome } from '../src/semantics/describe.ts';
import { policyEngineOf, workloadEndpoint } from '../src/semantics/policy.ts';

/**
 * Flags `Pass` rules with nothing to pass to: in the Baseline tier always (the next tier is the
 * default, which allows), in the Admin tier when no NetworkPolicy, network plugin policy or Baseline
 * policy of the tree applies to the pods the policy selects, for that direction.
 */
export const rule: Rule = {
  meta: {
    id: 'cluster-policy-pass',
    severity: 'warning',
    description: 'A Pass rule of a cluster-wide policy should pass traffic to a policy of a lower tier; with none, the traffic is simply allowed.',
    messages: {
      baseline:
        '{{rule}} passes traffic out of the Baseline tier, where only the default (allow) follows, so it allows what it matches; write Accept if that is meant, or Deny',
      nothingBelow:
        '{{rule}} passes {{direction}} traffic of {{workloads}} on to lower tiers, but no NetworkPolicy or Baseline policy in the linted files applies to their {{direction}}, so what it passes is allowed by default; write {{allow}} if that is meant, or add the policy it should pass to (lint it together with this one)',
    },
    remediation: 'Use Allow (Accept in v1alpha2) when the traffic should be allowed, or add the NetworkPolicy or Baseline policy that should decide the passed traffic.',
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    const policies = CLUSTER_POLICY_KIND_MODULES.flatMap((module) => viewsOf(context.model, module) as readonly ClusterPolicy[]);
    context.each(policies, (policy) => {
      const compiled = engine.compiledPolicies().find((p) => p.origin.object === policy.object);
      if (!compiled) return;
      const name = (r: (typeof policy.ingress)[number]) => `Pass rule ${policy.kind} "${policy.object.name}" ${r.direction}[${r.index}]${r.name !== undefined ? ` "${r.name}"` : ''}`;
      // The subject's pods in the tree; none: cluster-policy-subject-orphan says so.
      const selected = engine.workloadsSelectedByCompiled(compiled);
      for (const r of [...policy.ingress, ...policy.egress]) {
        if (r.action !== 'pass' || r.peers.some((p) => p.type === 'invalid')) continue;
        const at = { object: policy.object, path: [...r.path, 'action'] };
        if (policy.tier === 'Baseline') {
          context.report({ messageId: 'baseline', data: { rule: name(r) }, at });
          continue;
        }
        if (selected.length === 0) continue;
        const below = selected.some((w) => engine.tiersApplying(workloadEndpoint(w), r.direction).some((tier) => tier.rank > compiled.tier.rank));
        if (below) continue;
        context.report({
          messageId: 'nothingBelow',
          data: { rule: name(r), direction: r.direction, workloads: listSome(selected.map((w) => describeWorkload(w, true))), allow: policy.kind === 'ClusterNetworkPolicy' ? 'Accept' : 'Allow' },
          at,
        });
      }
    });
  },
};

export default rule;
