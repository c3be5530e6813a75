import type { NamespaceContext, NamespaceRule } from '../src/lint/types.ts';
import type { Service } from '../src/model/types.ts';
import { closeWorkload, describeWorkload, describeWorkloadLabels, listSome, quotedNamespaces } from '../src/semantics/describe.ts';
import { HELM_HOOK_ANNOTATION, isHelmHook } from '../src/semantics/transient-pods.ts';
import { describePodCreators, podCreatorLocations } from '../src/semantics/pod-creators.ts';
import { failingRequirementPath, formatLabels, formatSelector, fromMatchLabels, unmetRequirements } from '../src/semantics/selector.ts';

/** Flags Services whose selector matches no pod template of their namespace. */
export const rule: NamespaceRule = {
  meta: {
    id: 'service-selector-orphan',
    severity: 'error',
    description: 'A Service selector must match the pod template labels of a workload in its namespace (a warning where custom resources there may create the pods).',
    messages: {
      nearest:
        'selector "{{selector}}" matches no pod in namespace "{{namespace}}"; the nearest workload {{workload}} differs in {{differences}}: change the selector or the pod template labels so that they match',
      noneClose:
        'selector "{{selector}}" matches no pod in namespace "{{namespace}}", and no workload there shares a label with it (its workloads: {{workloads}}); change the selector to the labels of the pods to serve, or lint the Service together with the workloads it selects',
      otherNamespace:
        'selector "{{selector}}" matches no pod in namespace "{{namespace}}", only pods in {{others}}; move the Service into the namespace of its pods, as a Service selects pods of its own namespace only',
      noWorkloads:
        'selector "{{selector}}" matches no pod: namespace "{{namespace}}" has no workloads in the linted files; lint the Service together with the workloads it selects, or correct its namespace',
      unknownPods:
        'selector "{{selector}}" matches no pod of the linted workloads in namespace "{{namespace}}", but {{resources}} there, of kinds kube-netlint does not model, may create pods it cannot see{{nearest}}: check which pods they create; if they create these pods, nothing is wrong, else correct the selector',
      hooksOnly:
        'selector "{{selector}}" matches only Helm hooks ({{hooks}}), whose pods exist only while their hook runs (install or upgrade steps, helm test), so this Service has no backends the rest of the time; select the pods of a lasting workload, or annotate the Service as a hook too (helm.sh/hook) if it serves only them',
      noEndpoints:
        'this Service has no selector and there is no Endpoints or EndpointSlice for "{{name}}" in the linted files, so it has no backends unless a controller writes them at run time (as the API server does for "kubernetes", and operators and meshes do for Services they manage); check what writes them, and if nothing does, add a selector matching its pods, or Endpoints named "{{name}}"',
    },
    remediation:
      'Make the Service selector equal to labels of the pod template (spec.template.metadata.labels), or move the Service into the namespace of its pods. A Service without selector needs Endpoints or EndpointSlices of the same name. Pods that an operator creates from a custom resource are not in the manifests: check that they carry the selector\'s labels.',
  },
  checkNamespace(context) {
    const { relations } = context;
    context.each(context.namespace.services, (service) => {
      // A selector the API server rejects (`selector: app=web`) is the schema rule's finding.
      if (service.type === 'ExternalName' || service.selectorInvalid) return;
      if (!service.selector) {
        checkSelectorless(context, service);
        return;
      }
      if (relations.selectedWorkloads(service).length > 0) return;
      const selector = fromMatchLabels(service.selector);
      const namespace = service.object.namespace;
      // Hooks are no backends of a lasting Service (transient-pods.ts); that they match is said, not certain to be wrong.
      const hooks = relations.workloadsMatching(namespace, selector).filter(isHelmHook);
      if (hooks.length > 0) {
        const related = hooks.slice(0, 3).map((w) => ({ at: { object: w.object, path: ['metadata', 'annotations', HELM_HOOK_ANNOTATION] }, message: `${describeWorkload(w)} is a Helm hook` }));
        context.report({ messageId: 'hooksOnly', data: { selector: formatSelector(selector), hooks: listSome(hooks.map((w) => describeWorkload(w))) }, at: { object: service.object, path: service.selectorPath, key: true }, related, severity: 'warning' });
        return;
      }
      // kube-system's pods (etcd, kube-dns, ...) and those of namespaces the config declares live outside the tree.
      // (Workloads first: whether pods live outside the tree may depend on every namespace's Ingresses.)
      if (relations.workloadsIn(namespace).length === 0 && relations.podsOutsideTree(namespace)) return;
      const data = { selector: formatSelector(selector), namespace };
      const at = { object: service.object, path: service.selectorPath, key: true };
      const elsewhere = relations.workloadsMatchingElsewhere(namespace, selector);
      const elsewhereRelated = elsewhere.slice(0, 5).map((w) => ({ at: { object: w.object, path: w.template.labelsPath }, message: `${describeWorkload(w, true)} matches` }));
      const workloads = relations.workloadsIn(namespace);
      const close = closeWorkload(workloads, selector, service.object.name);
      const closeRelated = close ? [{ at: { object: close.object, path: close.template.labelsPath }, message: `pod labels of ${describeWorkload(close)}: ${formatLabels(close.template.labels)}` }] : [];
      // Pods an operator creates from a custom resource of this namespace may be the ones selected: not certain.
      const creators = relations.podCreatorsIn(namespace);
      if (creators.length > 0) {
        const nearest = close ? `; the nearest linted workload ${describeWorkload(close)} differs in ${unmetRequirements(selector, close.template.labels).join('; ')}` : '';
        const related = [...podCreatorLocations(creators), ...closeRelated, ...elsewhereRelated];
        context.report({ messageId: 'unknownPods', data: { ...data, resources: describePodCreators(creators), nearest }, at, related, severity: 'warning' });
        return;
      }
      if (elsewhere.length > 0) {
        context.report({ messageId: 'otherNamespace', data: { ...data, others: quotedNamespaces(elsewhere.map((w) => w.object.namespace)) }, at, related: elsewhereRelated });
        return;
      }
      if (workloads.length === 0) {
        // Nothing of the namespace's pods is in the linted files: they may simply be elsewhere.
        context.report({ messageId: 'noWorkloads', data, at, severity: 'warning' });
        return;
      }
      if (!close) {
        const related = workloads.slice(0, 3).map((w) => ({ at: { object: w.object, path: w.template.labelsPath }, message: `pod labels of ${describeWorkload(w)}: ${formatLabels(w.template.labels)}` }));
        // No workload meets any requirement: the first one is as wrong as any, and is where a fix starts.
        const first = Object.keys(service.selector)[0]!;
        context.report({ messageId: 'noneClose', data: { ...data, workloads: describeWorkloadLabels(workloads) }, at: { ...at, path: [...service.selectorPath, first] }, related });
        return;
      }
      const failing = failingRequirementPath(selector, close.template.labels, true);
      context.report({
        messageId: 'nearest',
        data: { ...data, workload: describeWorkload(close), differences: unmetRequirements(selector, close.template.labels).join('; ') },
        at: { ...at, path: [...service.selectorPath, ...(failing?.path ?? [])] },
        related: closeRelated,
      });
    });
  },
};

function checkSelectorless(context: NamespaceContext, service: Service): void {
  // Without a name (the schema rule's finding) no Endpoints can be named after the Service.
  if (service.object.name === '') return;
  if (context.relations.endpointsOf(service.object.namespace, service.object.name).length > 0) return;
  // Selector-less Services exist so that something other than the endpoints controller fills their
  // endpoints: the API server, an operator, a mesh. Their absence from the manifests is never certain.
  context.report({ messageId: 'noEndpoints', data: { name: service.object.name }, at: { object: service.object, path: ['spec'], key: true }, severity: 'warning' });
}

export default rule;
