import type { Rule } from '../src/lint/types.ts';
import type { Service } from '../src/model/types.ts';
import { getIn } from '../src/model/values.ts';
import { describeWorkload, nearestWorkload, quotedNamespaces } from '../src/semantics/describe.ts';
import { failingRequirementPath, formatLabels, formatSelector, fromMatchLabels, unmetRequirements } from '../src/semantics/selector.ts';

/** Flags Services whose selector matches no pod template of their namespace. */
export const rule: Rule = {
  meta: {
    id: 'service-selector-orphan',
    severity: 'error',
    scope: 'namespace',
    description: 'A Service selector must match the pod template labels of a workload in its namespace.',
    messages: {
      nearest:
        'selector "{{selector}}" matches no pod in namespace "{{namespace}}"; the nearest workload {{workload}} differs in {{differences}}: change the selector or the pod template labels so that they match',
      otherNamespace:
        'selector "{{selector}}" matches no pod in namespace "{{namespace}}", only pods in {{others}}; move the Service into the namespace of its pods, as a Service selects pods of its own namespace only',
      noWorkloads:
        'selector "{{selector}}" matches no pod: namespace "{{namespace}}" has no workloads in the linted files; lint the Service together with the workloads it selects, or correct its namespace',
      noEndpoints:
        'this Service has no selector and there is no Endpoints or EndpointSlice for "{{name}}" in the linted files, so it has no backends; add a selector matching its pods, or Endpoints named "{{name}}"',
    },
    remediation:
      'Make the Service selector equal to labels of the pod template (spec.template.metadata.labels), or move the Service into the namespace of its pods. A Service without selector needs Endpoints or EndpointSlices of the same name.',
  },
  check(context) {
    const { relations, model } = context;
    context.each(model.services, (service) => {
      // A selector the API server rejects (`selector: app=web`) is the schema rule's finding.
      if (service.type === 'ExternalName' || service.selectorInvalid) return;
      if (!service.selector) {
        checkSelectorless(context, service);
        return;
      }
      if (relations.selectedWorkloads(service).length > 0) return;
      const selector = fromMatchLabels(service.selector);
      const namespace = service.object.namespace;
      const data = { selector: formatSelector(selector), namespace };
      const elsewhere = relations.workloadsMatchingElsewhere(namespace, selector);
      if (elsewhere.length > 0) {
        context.report({
          messageId: 'otherNamespace',
          data: { ...data, others: quotedNamespaces(elsewhere.map((w) => w.object.namespace)) },
          at: { object: service.object, path: service.selectorPath, key: true },
          related: elsewhere.slice(0, 5).map((w) => ({ at: { object: w.object, path: w.template.labelsPath }, message: `${describeWorkload(w, true)} matches` })),
        });
        return;
      }
      const nearest = nearestWorkload(relations.workloadsIn(namespace), selector);
      if (!nearest) {
        context.report({ messageId: 'noWorkloads', data, at: { object: service.object, path: service.selectorPath, key: true } });
        return;
      }
      const failing = failingRequirementPath(selector, nearest.template.labels, getIn(service.object.raw, service.selectorPath), true);
      context.report({
        messageId: 'nearest',
        data: { ...data, workload: describeWorkload(nearest), differences: unmetRequirements(selector, nearest.template.labels).join('; ') },
        at: { object: service.object, path: [...service.selectorPath, ...(failing?.path ?? [])], key: true },
        related: [{ at: { object: nearest.object, path: nearest.template.labelsPath }, message: `pod labels of ${describeWorkload(nearest)}: ${formatLabels(nearest.template.labels)}` }],
      });
    });
  },
};

function checkSelectorless(context: Parameters<Rule['check']>[0], service: Service): void {
  // Without a name (the schema rule's finding) no Endpoints can be named after the Service.
  if (service.object.name === '') return;
  if (context.relations.endpointsOf(service.object.namespace, service.object.name).length > 0) return;
  context.report({ messageId: 'noEndpoints', data: { name: service.object.name }, at: { object: service.object, path: ['spec'], key: true } });
}

export default rule;
