import type { Rule } from '../src/lint/types.ts';
import { behavesLike } from '../src/model/custom-workloads.ts';
import { quotedNamespaces } from '../src/semantics/describe.ts';
import { formatLabels, formatSelector, fromMatchLabels } from '../src/semantics/selector.ts';

/** Flags StatefulSets whose serviceName is not a headless Service selecting their pods. */
export const rule: Rule = {
  meta: {
    id: 'statefulset-service-name',
    severity: 'warning',
    description: 'A StatefulSet serviceName must name a headless Service of its namespace that selects its pods.',
    messages: {
      missing:
        'this StatefulSet has no serviceName, so its pods get no stable DNS names; the headless Service "{{service}}" selects them: set serviceName: {{service}}',
      notFound:
        'serviceName "{{name}}" names no Service in namespace "{{namespace}}"{{elsewhere}}, so the pods get no stable DNS names; create a headless Service "{{name}}" selecting these pods, or correct the name',
      notHeadless:
        'serviceName "{{name}}" names a Service that is not headless, so no per-pod DNS records ({{pod}}.{{name}}) are created; make that Service headless (clusterIP: None), or point serviceName at a headless one',
      notSelecting:
        'serviceName "{{name}}" names a headless Service whose selector "{{selector}}" does not select these pods ({{labels}}), so no per-pod DNS records are created; make its selector match the pod template labels',
    },
    remediation:
      'Point spec.serviceName at a Service of the same namespace with clusterIP: None whose selector matches spec.template.metadata.labels, and create it if needed.',
  },
  check(context) {
    const { relations } = context;
    // An OpenKruise Advanced StatefulSet (a custom workload like a StatefulSet) has the same serviceName.
    const statefulSets = context.model.workloads.filter((w) => behavesLike(w) === 'StatefulSet');
    context.each(statefulSets, (workload) => {
      const namespace = workload.object.namespace;
      const name = workload.serviceName;
      if (!name) {
        // serviceName is optional; it matters when a headless Service is clearly meant for these pods.
        const governing = relations.servicesIn(namespace).find((s) => s.headless && relations.selectedWorkloads(s).includes(workload));
        if (!governing) return;
        context.report({
          messageId: 'missing',
          data: { service: governing.object.name },
          at: { object: workload.object, path: ['spec', 'serviceName'] },
          related: [{ at: { object: governing.object, path: ['metadata', 'name'] }, message: `headless Service "${governing.object.name}" selects these pods` }],
        });
        return;
      }
      const at = { object: workload.object, path: ['spec', 'serviceName'] };
      const service = relations.service(namespace, name);
      if (!service) {
        const others = relations.servicesNamedElsewhere(namespace, name).map((s) => s.object.namespace);
        const elsewhere = others.length > 0 ? ` (only in ${quotedNamespaces(others)})` : '';
        context.report({ messageId: 'notFound', data: { name, namespace, elsewhere }, at });
        return;
      }
      if (!service.headless) {
        const related = [{ at: { object: service.object, path: ['spec', 'clusterIP'] }, message: `Service "${name}" (set clusterIP: None)` }];
        context.report({ messageId: 'notHeadless', data: { name, pod: `${workload.object.name}-0` }, at, related });
        return;
      }
      // A selector the API server rejects is the schema rule's finding.
      if (service.selectorInvalid || relations.selectedWorkloads(service).includes(workload)) return;
      context.report({
        messageId: 'notSelecting',
        data: { name, selector: service.selector ? formatSelector(fromMatchLabels(service.selector)) : '<none>', labels: formatLabels(workload.template.labels) },
        at,
        related: [
          { at: { object: service.object, path: service.selectorPath }, message: `selector of Service "${name}"` },
          { at: { object: workload.object, path: workload.template.labelsPath }, message: 'pod template labels of this StatefulSet' },
        ],
      });
    });
  },
};

export default rule;
