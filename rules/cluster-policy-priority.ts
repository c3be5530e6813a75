import type { Rule } from '../src/lint/types.ts';
import { CLUSTER_POLICY_KIND_MODULES, type ClusterPolicy } from '../src/model/kinds/cluster-network-policy.ts';
import { viewsOf } from '../src/model/kinds/define.ts';
import { listSome } from '../src/semantics/describe.ts';

const describe = (policy: ClusterPolicy) => `${policy.kind} "${policy.object.name}"`;

/** Flags cluster-wide policies of one tier that share a priority: the API leaves their order undefined. */
export const rule: Rule = {
  meta: {
    id: 'cluster-policy-priority',
    severity: 'warning',
    description: 'Cluster-wide policies of one tier should have distinct priorities; the order of equal priorities is undefined.',
    messages: {
      duplicate:
        'priority {{priority}} of the {{tier}} tier is also the priority of {{others}}: "If two (or more) policies with the same priority could both match a connection, then the implementation can apply any of the matching policies", so which one decides is undefined; give each policy its own priority',
    },
    remediation: 'Give every AdminNetworkPolicy (and every ClusterNetworkPolicy of a tier) a distinct spec.priority, lower for the one that should win.',
  },
  check(context) {
    const policies = CLUSTER_POLICY_KIND_MODULES.flatMap((module) => viewsOf(context.model, module) as readonly ClusterPolicy[]);
    const byKey = new Map<string, ClusterPolicy[]>();
    for (const policy of policies) {
      if (policy.priority === undefined) continue;
      const key = `${policy.tier}\0${policy.priority}`;
      const list = byKey.get(key);
      if (list) list.push(policy);
      else byKey.set(key, [policy]);
    }
    context.each(policies, (policy) => {
      if (policy.priority === undefined) return;
      const others = byKey.get(`${policy.tier}\0${policy.priority}`)!.filter((other) => other !== policy);
      if (others.length === 0) return;
      context.report({
        messageId: 'duplicate',
        data: { priority: policy.priority, tier: policy.tier, others: listSome(others.map(describe)) },
        at: { object: policy.object, path: policy.priorityPath },
        related: others.slice(0, 3).map((other) => ({ at: { object: other.object, path: other.priorityPath }, message: `${describe(other)} has priority ${policy.priority} too` })),
      });
    });
  },
};

export default rule;
