import type { Rule } from '../src/lint/types.ts';
import { getIn } from '../src/model/values.ts';
import { describeWorkload, nearestWorkload, quotedNamespaces } from '../src/semantics/describe.ts';
import { INGRESS_CONTROLLER, policyEngineOf } from '../src/semantics/policy.ts';
import { failingRequirementPath, formatLabels, formatSelector, isEmptySelector, unmetRequirements } from '../src/semantics/selector.ts';

/** Flags NetworkPolicies whose spec.podSelector selects no pod of their namespace. */
export const rule: Rule = {
  meta: {
    id: 'networkpolicy-selector-orphan',
    severity: 'warning',
    description: "A NetworkPolicy's spec.podSelector should select pods of its namespace; otherwise the policy does nothing.",
    messages: {
      nearest:
        'podSelector "{{selector}}" selects no pod in namespace "{{namespace}}", so this policy protects nothing; the nearest workload {{workload}} differs in {{differences}}: change the podSelector or the pod template labels so that they match',
      otherNamespace:
        'podSelector "{{selector}}" selects no pod in namespace "{{namespace}}", only pods in {{others}}; move the policy into the namespace of its pods, as a NetworkPolicy applies to pods of its own namespace only',
      noWorkloads:
        'podSelector "{{selector}}" selects no pod: namespace "{{namespace}}" has no workloads in the linted files; lint the policy together with the workloads it protects, or correct its namespace',
    },
    remediation:
      "Make spec.podSelector match the pod template labels of the workloads to protect, or move the policy into their namespace (metadata.namespace). Lint the policies together with the workloads they protect.",
  },
  check(context) {
    const { relations } = context;
    const engine = policyEngineOf(context.model);
    context.each(context.model.policies, (policy) => {
      // An empty podSelector selects every pod of the namespace, present or future: never an orphan.
      // By labels: a policy selecting only host-network pods (which policies do not apply to) selects pods all the same.
      // A selector the API server rejects (an unknown operator) is the schema rule's finding.
      if (policy.podSelector.invalid || isEmptySelector(policy.podSelector) || relations.workloadsMatching(policy.object.namespace, policy.podSelector).length > 0) return;
      // The ingress controller configured in cluster.ingressController counts as a pod (it is not in the tree).
      if (engine.selects(policy, INGRESS_CONTROLLER)) return;
      const namespace = policy.object.namespace;
      const data = { selector: formatSelector(policy.podSelector), namespace };
      const elsewhere = relations.workloadsMatchingElsewhere(namespace, policy.podSelector);
      if (elsewhere.length > 0) {
        context.report({
          messageId: 'otherNamespace',
          data: { ...data, others: quotedNamespaces(elsewhere.map((w) => w.object.namespace)) },
          at: { object: policy.object, path: policy.podSelectorPath, key: true },
          related: elsewhere.slice(0, 5).map((w) => ({ at: { object: w.object, path: w.template.labelsPath }, message: `${describeWorkload(w, true)} matches` })),
        });
        return;
      }
      const nearest = nearestWorkload(relations.workloadsIn(namespace), policy.podSelector);
      if (!nearest) {
        context.report({ messageId: 'noWorkloads', data, at: { object: policy.object, path: policy.podSelectorPath, key: true } });
        return;
      }
      const failing = failingRequirementPath(policy.podSelector, nearest.template.labels, getIn(policy.object.raw, policy.podSelectorPath));
      context.report({
        messageId: 'nearest',
        data: { ...data, workload: describeWorkload(nearest), differences: unmetRequirements(policy.podSelector, nearest.template.labels).join('; ') },
        at: { object: policy.object, path: [...policy.podSelectorPath, ...(failing?.path ?? [])], key: failing?.key ?? true },
        related: [{ at: { object: nearest.object, path: nearest.template.labelsPath }, message: `pod labels of ${describeWorkload(nearest)}: ${formatLabels(nearest.template.labels)}` }],
      });
    });
  },
};

export default rule;
