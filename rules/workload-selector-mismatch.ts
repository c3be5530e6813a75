import type { Rule } from '../src/lint/types.ts';
import type { Workload } from '../src/model/types.ts';
import { asArray, asRecord, getIn } from '../src/model/values.ts';
import type { Path } from '../src/source/types.ts';
import { formatLabels, formatSelector, matchesSelector, unmetRequirements } from '../src/semantics/selector.ts';

/** Flags workloads whose own `spec.selector` does not match their pod template labels. */
export const rule: Rule = {
  meta: {
    id: 'workload-selector-mismatch',
    severity: 'error',
    scope: 'document',
    description: "A workload's spec.selector must match the labels of its own pod template.",
    messages: {
      mismatch:
        'selector "{{selector}}" does not match the labels of its own pod template ({{labels}}): {{unmet}}; the API server rejects this {{kind}}',
    },
    remediation:
      'Make spec.selector a subset of spec.template.metadata.labels: add the missing labels to the template, or correct the selector (note that the selector of an existing Deployment, StatefulSet or DaemonSet cannot be changed).',
  },
  check(context) {
    context.each(context.model.workloads, (workload) => {
      const { selector, selectorPath } = workload;
      if (!selector || !selectorPath) return;
      const labels = workload.template.labels;
      if (matchesSelector(selector, labels)) return;
      context.report({
        messageId: 'mismatch',
        data: { selector: formatSelector(selector), labels: formatLabels(labels), unmet: unmetRequirements(selector, labels).join('; '), kind: workload.kind },
        at: { object: workload.object, ...failingRequirement(workload, selectorPath) },
        related: [{ at: { object: workload.object, path: [...workload.template.path, 'metadata', 'labels'] }, message: `pod template labels of ${workload.kind} "${workload.object.name}"` }],
      });
    });
  },
};

/** The path of the first selector requirement the template labels fail: a matchLabels key, or an expression's key. */
function failingRequirement(workload: Workload, selectorPath: Path): { path: Path; key?: boolean } {
  const { selector, template } = workload;
  // ReplicationController.spec.selector is a plain map, not a LabelSelector.
  const labelsPath = workload.kind === 'ReplicationController' ? selectorPath : [...selectorPath, 'matchLabels'];
  for (const [key, value] of Object.entries(selector!.matchLabels)) {
    if (template.labels[key] !== value) return { path: [...labelsPath, key], key: true };
  }
  const rawExpressions = asArray(getIn(workload.object.raw, [...selectorPath, 'matchExpressions']));
  for (const requirement of selector!.matchExpressions) {
    if (matchesSelector({ matchLabels: {}, matchExpressions: [requirement] }, template.labels)) continue;
    // The model drops malformed expressions, so find this one's index in the raw list.
    const index = rawExpressions.findIndex((e) => asRecord(e)?.key === requirement.key && asRecord(e)?.operator === requirement.operator);
    return { path: index >= 0 ? [...selectorPath, 'matchExpressions', index, 'key'] : [...selectorPath, 'matchExpressions'] };
  }
  return { path: selectorPath, key: true };
}

export default rule;
