import type { Rule } from '../src/lint/types.ts';
import { CLUSTER_POLICY_KIND_MODULES, type ClusterPolicy } from '../src/model/kinds/cluster-network-policy.ts';
import { viewsOf } from '../src/model/kinds/define.ts';
import { policyEngineOf } from '../src/semantics/policy.ts';
import { formatSelector } from '../src/semantics/selector.ts';

/**
 * Flags cluster-wide policies whose `spec.subject` selects no pod of the linted workloads. A warning,
 * never an error: pods of namespaces outside the tree may be what it is meant for.
 */
export const rule: Rule = {
  meta: {
    id: 'cluster-policy-subject-orphan',
    severity: 'warning',
    description: "A cluster-wide policy's subject should select pods of the linted workloads; otherwise it may protect nothing.",
    messages: {
      orphan:
        'the subject of {{policy}} ({{subject}}) selects no pod of the linted workloads (host-network pods are never subjects), so in this tree it decides nothing; check the selectors against the namespace and pod labels, or lint the policy together with the workloads it is for (pods outside the tree may match it)',
    },
    remediation: 'Make spec.subject select the namespaces (by their labels, kubernetes.io/metadata.name included) and pods the policy is for, or lint it together with them.',
  },
  check(context) {
    // A tree without workloads (policies kept apart from the apps) has nothing to check the subjects against.
    if (context.model.workloads.length === 0) return;
    const engine = policyEngineOf(context.model);
    const policies = CLUSTER_POLICY_KIND_MODULES.flatMap((module) => viewsOf(context.model, module) as readonly ClusterPolicy[]);
    context.each(policies, (policy) => {
      const subject = policy.subject;
      // A missing or malformed subject is the schema rule's finding.
      if (!subject || subject.namespaceSelector.invalid || (subject.type === 'pods' && subject.podSelector.invalid)) return;
      const compiled = engine.compiledPolicies().find((p) => p.origin.object === policy.object);
      if (!compiled || engine.workloadsSelectedByCompiled(compiled).length > 0) return;
      const namespaces = `namespaces ${formatSelector(subject.namespaceSelector)}`;
      const text = subject.type === 'namespaces' ? namespaces : `${namespaces}, pods ${formatSelector(subject.podSelector)}`;
      context.report({ messageId: 'orphan', data: { policy: `${policy.kind} "${policy.object.name}"`, subject: text }, at: { object: policy.object, path: subject.path, key: true } });
    });
  },
};

export default rule;
