import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { Workload } from '../src/model/types.ts';
import { describeWorkload } from '../src/semantics/describe.ts';
import { failingRequirementPath, formatLabels, formatSelector, matchesSelector, unmetRequirements, type Labels } from '../src/semantics/selector.ts';

/**
 * Labels the API server adds to a Job's pod template when it generates the selector (manualSelector
 * not true; generateSelector in pkg/registry/batch/job/strategy.go): the job name under both keys,
 * unless the template sets them. The controller-uid labels it adds carry the Job's UID, unknown here.
 */
const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'];
const CONTROLLER_UID_LABELS = ['batch.kubernetes.io/controller-uid', 'controller-uid'];

/** Flags workloads whose own `spec.selector` does not match their pod template labels, and CronJobs that set one. */
export const rule: Rule = {
  meta: {
    id: 'workload-selector-mismatch',
    severity: 'error',
    scope: 'document',
    description: "A workload's spec.selector must match the labels of its own pod template; a CronJob's job template takes none.",
    messages: {
      mismatch:
        'selector "{{selector}}" does not match the labels of its own pod template ({{labels}}): {{unmet}}; the API server rejects this {{kind}}: add the missing labels to spec.template.metadata.labels, or correct the selector',
      cronJobSelector:
        'a CronJob\'s job template cannot set {{field}}: the API server generates the selector of each Job it creates and rejects this CronJob ({{reason}}); remove {{path}}',
    },
    remediation:
      'Make spec.selector a subset of spec.template.metadata.labels: add the missing labels to the template, or correct the selector (note that the selector of an existing Deployment, StatefulSet or DaemonSet cannot be changed). A CronJob\'s jobTemplate takes no selector and no manualSelector: true.',
  },
  check(context) {
    context.each(context.model.workloads, (workload) => {
      if (workload.kind === 'CronJob') return checkCronJob(workload, context.report);
      const { selector, selectorPath } = workload;
      // A selector the API server rejects (an unknown operator) is the schema rule's finding.
      if (!selector || !selectorPath || selector.invalid) return;
      // A template that is not a map (null, absent) is the schema rule's finding: nothing to compare.
      if (workload.template.unwritten) return;
      const labels = podLabels(workload);
      if (!labels || matchesSelector(selector, labels)) return;
      // ReplicationController.spec.selector is a plain map, not a LabelSelector.
      const failing = failingRequirementPath(selector, labels, workload.kind === 'ReplicationController');
      context.report({
        messageId: 'mismatch',
        data: { selector: formatSelector(selector), labels: formatLabels(workload.template.labels), unmet: unmetRequirements(selector, labels).join('; '), kind: workload.kind },
        at: { object: workload.object, path: [...selectorPath, ...(failing?.path ?? [])], key: failing?.key ?? true },
        related: [{ at: { object: workload.object, path: workload.template.labelsPath }, message: `pod template labels of ${describeWorkload(workload)}` }],
      });
    });
  },
};

/**
 * The labels the selector must match: the template's; for a Job whose selector the API server
 * completes (manualSelector not true), with the job-name labels it adds. Undefined when that Job's
 * selector reads a controller-uid label, whose value (the Job's UID) no manifest can know.
 */
function podLabels(workload: Workload): Labels | undefined {
  const labels = workload.template.labels;
  if (workload.kind !== 'Job' || workload.manualSelector) return labels;
  const selector = workload.selector!;
  if (CONTROLLER_UID_LABELS.some((key) => key in selector.matchLabels || selector.matchExpressions.some((r) => r.key === key))) return undefined;
  const generated: Record<string, string> = {};
  for (const key of JOB_NAME_LABELS) if (!(key in labels)) generated[key] = workload.object.name;
  return { ...generated, ...labels };
}

/** ValidateJobTemplateSpec: a CronJob's job template takes no selector and no `manualSelector: true`. */
function checkCronJob(workload: Workload, report: RuleContext['report']): void {
  const spec = ['spec', 'jobTemplate', 'spec'];
  if (workload.selectorWritten) {
    report({
      messageId: 'cronJobSelector',
      data: { field: 'a selector', reason: '"`selector` will be auto-generated"', path: 'spec.jobTemplate.spec.selector' },
      at: { object: workload.object, path: [...spec, 'selector'], key: true },
    });
  }
  if (workload.manualSelector) {
    report({
      messageId: 'cronJobSelector',
      data: { field: 'manualSelector: true', reason: 'supported values: nil, false', path: 'spec.jobTemplate.spec.manualSelector' },
      at: { object: workload.object, path: [...spec, 'manualSelector'] },
    });
  }
}

export default rule;
