import type { Rule } from '../src/lint/types.ts';
import { closeWorkload, describeWorkload, describeWorkloadLabels, listSome, nearestWorkload, quotedNamespaces } from '../src/semantics/describe.ts';
import { podsOutsideTree } from '../src/semantics/known-pods.ts';
import { describePodCreators, podCreatorLocations } from '../src/semantics/pod-creators.ts';
import { INGRESS_CONTROLLER, policyEngineOf } from '../src/semantics/policy.ts';
import { failingRequirementPath, formatLabels, formatSelector, isEmptySelector, unmetRequirements } from '../src/semantics/selector.ts';

/** Flags NetworkPolicies whose spec.podSelector selects no pod of their namespace, or only pods that policies do not apply to. */
export const rule: Rule = {
  meta: {
    id: 'networkpolicy-selector-orphan',
    severity: 'warning',
    description: "A NetworkPolicy's spec.podSelector should select pods of its namespace on the pod network; otherwise the policy does nothing.",
    messages: {
      nearest:
        'podSelector "{{selector}}" selects no pod in namespace "{{namespace}}", so this policy protects nothing; the nearest workload {{workload}} differs in {{differences}}: change the podSelector or the pod template labels so that they match',
      noneClose:
        'podSelector "{{selector}}" selects no pod in namespace "{{namespace}}", so this policy protects nothing, and no workload there shares a label with it (its workloads: {{workloads}}); change the podSelector to the labels of the pods to protect, or lint the policy together with them',
      otherNamespace:
        'podSelector "{{selector}}" selects no pod in namespace "{{namespace}}", only pods in {{others}}; move the policy into the namespace of its pods, as a NetworkPolicy applies to pods of its own namespace only',
      noWorkloads:
        'podSelector "{{selector}}" selects no pod: namespace "{{namespace}}" has no workloads in the linted files; lint the policy together with the workloads it protects, or correct its namespace',
      unknownPods:
        'podSelector "{{selector}}" selects no pod of the linted workloads in namespace "{{namespace}}", but {{resources}} there, of kinds kube-netlint does not model, may create pods it cannot see{{nearest}}: check which pods they create; if they create these pods, the policy applies to them, else correct the podSelector',
      hostNetworkOnly:
        'podSelector "{{selector}}" selects only pods on the host network ({{workloads}}), which NetworkPolicies do not apply to, so this policy does nothing; remove it, or protect those pods by other means (a host firewall)',
    },
    remediation:
      "Make spec.podSelector match the pod template labels of the workloads to protect, or move the policy into their namespace (metadata.namespace). Lint the policies together with the workloads they protect. Pods with hostNetwork: true share the node's network and are outside NetworkPolicy.",
  },
  check(context) {
    const { relations } = context;
    const engine = policyEngineOf(context.model);
    context.each(context.model.policies, (policy) => {
      // An empty podSelector selects every pod of the namespace, present or future: never an orphan.
      // A selector the API server rejects (an unknown operator) is the schema rule's finding.
      if (policy.podSelector.invalid || isEmptySelector(policy.podSelector)) return;
      const namespace = policy.object.namespace;
      const data = { selector: formatSelector(policy.podSelector), namespace };
      const at = { object: policy.object, path: policy.podSelectorPath, key: true };
      const creators = relations.podCreatorsIn(namespace);
      // Labels a controller adds to each pod (a StatefulSet's pod-name) count: the policy selects those pods.
      const selected = relations.workloadsMayMatch(namespace, policy.podSelector);
      if (selected.length > 0) {
        // The NetworkPolicy documentation leaves host-network pods out of policy; an operator's pods may be on the pod network.
        if (creators.length > 0 || !selected.every((w) => w.template.hostNetwork)) return;
        const related = selected.slice(0, 5).map((w) => ({ at: { object: w.object, path: [...w.template.path, 'spec', 'hostNetwork'] }, message: `${describeWorkload(w)} runs on the host network` }));
        context.report({ messageId: 'hostNetworkOnly', data: { ...data, workloads: listSome(selected.map((w) => describeWorkload(w))) }, at, related });
        return;
      }
      // The ingress controller configured in cluster.ingressController counts as a pod (it is not in the tree).
      if (engine.selects(policy, INGRESS_CONTROLLER)) return;
      const workloads = relations.workloadsIn(namespace);
      // kube-system's pods and those of namespaces the config declares live outside the tree, as for Services.
      if (workloads.length === 0 && podsOutsideTree(context.model, namespace)) return;
      const close = closeWorkload(workloads, policy.podSelector, policy.object.name);
      const closeRelated = close ? [{ at: { object: close.object, path: close.template.labelsPath }, message: `pod labels of ${describeWorkload(close)}: ${formatLabels(close.template.labels)}` }] : [];
      const elsewhere = relations.workloadsMatchingElsewhere(namespace, policy.podSelector);
      const elsewhereRelated = elsewhere.slice(0, 5).map((w) => ({ at: { object: w.object, path: w.template.labelsPath }, message: `${describeWorkload(w, true)} matches` }));
      if (creators.length > 0) {
        const nearest = close ? `; the nearest linted workload ${describeWorkload(close)} differs in ${unmetRequirements(policy.podSelector, close.template.labels).join('; ')}` : '';
        const related = [...podCreatorLocations(creators), ...closeRelated, ...elsewhereRelated];
        context.report({ messageId: 'unknownPods', data: { ...data, resources: describePodCreators(creators), nearest }, at, related });
        return;
      }
      if (elsewhere.length > 0) {
        context.report({ messageId: 'otherNamespace', data: { ...data, others: quotedNamespaces(elsewhere.map((w) => w.object.namespace)) }, at, related: elsewhereRelated });
        return;
      }
      if (workloads.length === 0) {
        context.report({ messageId: 'noWorkloads', data, at });
        return;
      }
      // Without a near workload, the first requirement is where a fix starts, as it is for the nearest.
      const failing = failingRequirementPath(policy.podSelector, (close ?? nearestWorkload(workloads, policy.podSelector)!).template.labels);
      const failingAt = { ...at, path: [...policy.podSelectorPath, ...(failing?.path ?? [])], key: failing?.key ?? true };
      if (!close) {
        const related = workloads.slice(0, 3).map((w) => ({ at: { object: w.object, path: w.template.labelsPath }, message: `pod labels of ${describeWorkload(w)}: ${formatLabels(w.template.labels)}` }));
        context.report({ messageId: 'noneClose', data: { ...data, workloads: describeWorkloadLabels(workloads) }, at: failingAt, related });
        return;
      }
      context.report({
        messageId: 'nearest',
        data: { ...data, workload: describeWorkload(close), differences: unmetRequirements(policy.podSelector, close.template.labels).join('; ') },
        at: failingAt,
        related: closeRelated,
      });
    });
  },
};

export default rule;
