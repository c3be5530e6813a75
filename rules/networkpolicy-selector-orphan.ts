import type { Rule } from '../src/lint/types.ts';
import type { NetworkPolicy, Workload } from '../src/model/types.ts';
import type { Path } from '../src/source/types.ts';
import { describeWorkload, listSome, nearestWorkload } from '../src/semantics/describe.ts';
import { policyEngineOf } from '../src/semantics/policy.ts';
import { formatLabels, formatSelector, isEmptySelector, unmetRequirements } from '../src/semantics/selector.ts';

/** Flags NetworkPolicies whose spec.podSelector selects no pod of their namespace. */
export const rule: Rule = {
  meta: {
    id: 'networkpolicy-selector-orphan',
    severity: 'warning',
    description: "A NetworkPolicy's spec.podSelector should select pods of its namespace; otherwise the policy does nothing.",
    messages: {
      nearest:
        'podSelector "{{selector}}" selects no pod in namespace "{{namespace}}", so this policy protects nothing; the nearest workload {{workload}} differs in {{differences}}',
      otherNamespace:
        'podSelector "{{selector}}" selects no pod in namespace "{{namespace}}", only pods in {{others}}; a NetworkPolicy applies to pods of its own namespace only',
      noWorkloads: 'podSelector "{{selector}}" selects no pod: namespace "{{namespace}}" has no workloads in the linted files',
    },
    remediation:
      "Make spec.podSelector match the pod template labels of the workloads to protect, or move the policy into their namespace (metadata.namespace). Lint the policies together with the workloads they protect.",
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    const { relations } = context;
    context.each(context.model.policies, (policy) => {
      // An empty podSelector selects every pod of the namespace, present or future: never an orphan.
      if (isEmptySelector(policy.podSelector) || engine.workloadsSelectedBy(policy).length > 0) return;
      const namespace = policy.object.namespace;
      const data = { selector: formatSelector(policy.podSelector), namespace };
      const elsewhere = relations
        .namespacesWithWorkloads()
        .filter((ns) => ns !== namespace)
        .flatMap((ns) => relations.workloadsMatching(ns, policy.podSelector));
      if (elsewhere.length > 0) {
        const others = [...new Set(elsewhere.map((w) => `"${w.object.namespace}"`))].sort();
        context.report({
          messageId: 'otherNamespace',
          data: { ...data, others: listSome(others) },
          at: { object: policy.object, path: policy.podSelectorPath, key: true },
          related: elsewhere.slice(0, 5).map((w) => ({ at: { object: w.object, path: labelsPath(w) }, message: `${describeWorkload(w, true)} matches` })),
        });
        return;
      }
      const nearest = nearestWorkload(relations.workloadsIn(namespace), policy.podSelector);
      if (!nearest) {
        context.report({ messageId: 'noWorkloads', data, at: { object: policy.object, path: policy.podSelectorPath, key: true } });
        return;
      }
      context.report({
        messageId: 'nearest',
        data: { ...data, workload: describeWorkload(nearest), differences: unmetRequirements(policy.podSelector, nearest.template.labels).join('; ') },
        at: { object: policy.object, path: failingKey(policy, nearest), key: true },
        related: [{ at: { object: nearest.object, path: labelsPath(nearest) }, message: `pod labels of ${describeWorkload(nearest)}: ${formatLabels(nearest.template.labels)}` }],
      });
    });
  },
};

function labelsPath(workload: Workload): Path {
  return [...workload.template.path, 'metadata', 'labels'];
}

/** The first matchLabels key the nearest workload fails, else the podSelector itself. */
function failingKey(policy: NetworkPolicy, nearest: Workload): Path {
  const key = Object.keys(policy.podSelector.matchLabels).find((k) => nearest.template.labels[k] !== policy.podSelector.matchLabels[k]);
  return key !== undefined ? [...policy.podSelectorPath, 'matchLabels', key] : policy.podSelectorPath;
}

export default rule;
