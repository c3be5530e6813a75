import type { Rule } from '../src/lint/types.ts';
import { getIn } from '../src/model/values.ts';
import { describeWorkload } from '../src/semantics/describe.ts';
import { failingRequirementPath, formatLabels, formatSelector, matchesSelector, unmetRequirements } from '../src/semantics/selector.ts';

/** Flags workloads whose own `spec.selector` does not match their pod template labels. */
export const rule: Rule = {
  meta: {
    id: 'workload-selector-mismatch',
    severity: 'error',
    scope: 'document',
    description: "A workload's spec.selector must match the labels of its own pod template.",
    messages: {
      mismatch:
        'selector "{{selector}}" does not match the labels of its own pod template ({{labels}}): {{unmet}}; the API server rejects this {{kind}}: add the missing labels to spec.template.metadata.labels, or correct the selector',
    },
    remediation:
      'Make spec.selector a subset of spec.template.metadata.labels: add the missing labels to the template, or correct the selector (note that the selector of an existing Deployment, StatefulSet or DaemonSet cannot be changed).',
  },
  check(context) {
    context.each(context.model.workloads, (workload) => {
      const { selector, selectorPath } = workload;
      // A selector the API server rejects (an unknown operator) is the schema rule's finding.
      if (!selector || !selectorPath || selector.invalid) return;
      const labels = workload.template.labels;
      if (matchesSelector(selector, labels)) return;
      // ReplicationController.spec.selector is a plain map, not a LabelSelector.
      const failing = failingRequirementPath(selector, labels, getIn(workload.object.raw, selectorPath), workload.kind === 'ReplicationController');
      context.report({
        messageId: 'mismatch',
        data: { selector: formatSelector(selector), labels: formatLabels(labels), unmet: unmetRequirements(selector, labels).join('; '), kind: workload.kind },
        at: { object: workload.object, path: [...selectorPath, ...(failing?.path ?? [])], key: failing?.key ?? true },
        related: [{ at: { object: workload.object, path: workload.template.labelsPath }, message: `pod template labels of ${describeWorkload(workload)}` }],
      });
    });
  },
};

export default rule;
