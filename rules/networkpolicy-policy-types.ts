import type { Rule } from '../src/lint/types.ts';
import type { Direction } from '../src/semantics/policy.ts';

const TYPE: Record<Direction, string> = { ingress: 'Ingress', egress: 'Egress' };

/** Flags ingress or egress rules that `spec.policyTypes` makes the API server ignore. */
export const rule: Rule = {
  meta: {
    id: 'networkpolicy-policy-types',
    severity: 'warning',
    description: 'A NetworkPolicy with ingress or egress rules should list that direction in spec.policyTypes; otherwise the rules are ignored.',
    messages: {
      ignored:
        'spec.policyTypes ({{types}}) leaves out {{type}}, so these {{direction}} rules are ignored: the policy neither isolates its pods for {{direction}} nor allows anything through them; add {{type}} to policyTypes, or remove the {{direction}} rules',
    },
    remediation:
      'List every direction the policy has rules for in spec.policyTypes (Ingress for spec.ingress, Egress for spec.egress), or leave policyTypes out to have it defaulted from the rules; remove rules meant to be dropped.',
    scope: 'document',
  },
  check(context) {
    context.each(context.model.policies, (policy) => {
      // networking/v1 NetworkPolicySpec.policyTypes: a direction not listed (once the list is set and
      // non-empty; the model defaults it otherwise) is not affected by the policy, and its rules are unused.
      for (const direction of ['ingress', 'egress'] as const) {
        const affected = direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress;
        const rules = direction === 'ingress' ? policy.ingress : policy.egress;
        if (affected || rules.length === 0) continue;
        const declared = policy.declaredPolicyTypes;
        context.report({
          messageId: 'ignored',
          data: { types: declared.length > 0 ? declared.join(', ') : 'no valid type', type: TYPE[direction], direction },
          at: { object: policy.object, path: ['spec', direction], key: true },
          related: [{ at: { object: policy.object, path: ['spec', 'policyTypes'] }, message: `policyTypes leaves out ${TYPE[direction]}` }],
        });
      }
    });
  },
};

export default rule;
