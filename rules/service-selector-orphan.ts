import type { Rule } from '../src/lint/types.ts';
import type { Service, Workload } from '../src/model/types.ts';
import { formatLabels, formatSelector, fromMatchLabels, unmetRequirements } from '../src/semantics/selector.ts';

/** Flags Services whose selector matches no pod template of their namespace. */
export const rule: Rule = {
  meta: {
    id: 'service-selector-orphan',
    severity: 'error',
    description: 'A Service selector must match the pod template labels of a workload in its namespace.',
    messages: {
      nearest:
        'selector "{{selector}}" matches no pod in namespace "{{namespace}}"; the nearest workload {{workload}} differs in {{differences}}',
      otherNamespace:
        'selector "{{selector}}" matches no pod in namespace "{{namespace}}", only pods in {{others}}; a Service selects pods of its own namespace only',
      noWorkloads: 'selector "{{selector}}" matches no pod: namespace "{{namespace}}" has no workloads in the linted files',
      noEndpoints:
        'Service has no selector and no Endpoints or EndpointSlice named "{{name}}" in the linted files, so it has no backends',
    },
    remediation:
      'Make the Service selector equal to labels of the pod template (spec.template.metadata.labels), or move the Service into the namespace of its pods. A Service without selector needs Endpoints or EndpointSlices of the same name.',
  },
  check(context) {
    const { relations, model } = context;
    context.each(model.services, (service) => {
      if (service.type === 'ExternalName') return;
      if (!service.selector) {
        checkSelectorless(context, service);
        return;
      }
      if (relations.selectedWorkloads(service).length > 0) return;
      const selector = fromMatchLabels(service.selector);
      const namespace = service.object.namespace;
      const data = { selector: formatSelector(selector), namespace };
      const elsewhere = relations
        .namespacesWithWorkloads()
        .filter((ns) => ns !== namespace)
        .flatMap((ns) => relations.workloadsMatching(ns, selector));
      if (elsewhere.length > 0) {
        const others = [...new Set(elsewhere.map((w) => `"${w.object.namespace}"`))].sort().join(', ');
        context.report({
          messageId: 'otherNamespace',
          data: { ...data, others },
          at: { object: service.object, path: service.selectorPath, key: true },
          related: elsewhere.slice(0, 5).map((w) => ({ at: { object: w.object, path: labelsPath(w) }, message: `${describe(w)} matches, in namespace "${w.object.namespace}"` })),
        });
        return;
      }
      const nearest = nearestWorkload(relations.workloadsIn(namespace), service.selector);
      if (!nearest) {
        context.report({ messageId: 'noWorkloads', data, at: { object: service.object, path: service.selectorPath, key: true } });
        return;
      }
      const firstMismatch = Object.keys(service.selector).find((key) => nearest.template.labels[key] !== service.selector![key]);
      context.report({
        messageId: 'nearest',
        data: { ...data, workload: describe(nearest), differences: unmetRequirements(selector, nearest.template.labels).join('; ') },
        at: { object: service.object, path: firstMismatch ? [...service.selectorPath, firstMismatch] : service.selectorPath, key: true },
        related: [{ at: { object: nearest.object, path: labelsPath(nearest) }, message: `pod labels of ${describe(nearest)}: ${formatLabels(nearest.template.labels)}` }],
      });
    });
  },
};

function checkSelectorless(context: Parameters<Rule['check']>[0], service: Service): void {
  const backed = context.model.endpoints.some((e) => e.serviceName === service.object.name && e.object.namespace === service.object.namespace);
  if (backed) return;
  context.report({ messageId: 'noEndpoints', data: { name: service.object.name }, at: { object: service.object, path: ['spec'], key: true } });
}

function labelsPath(workload: Workload): readonly (string | number)[] {
  return [...workload.template.path, 'metadata', 'labels'];
}

function describe(workload: Workload): string {
  return `${workload.kind} "${workload.object.name}"`;
}

/**
 * The workload whose labels come closest to the selector: fewest failing pairs, and among those the
 * one whose differing values look most alike (`redis-cache` is nearer to `redis` than to `postgres`).
 */
function nearestWorkload(workloads: readonly Workload[], selector: Readonly<Record<string, string>>): Workload | undefined {
  let best: Workload | undefined;
  let bestDistance = Infinity;
  for (const workload of workloads) {
    let distance = 0;
    for (const key in selector) {
      const actual = workload.template.labels[key];
      if (actual === selector[key]) continue;
      distance += actual === undefined ? 1 : 1 - commonPrefixLength(actual, selector[key]!) / (2 * Math.max(actual.length, selector[key]!.length, 1));
    }
    if (distance < bestDistance) {
      best = workload;
      bestDistance = distance;
    }
  }
  return best;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export default rule;
