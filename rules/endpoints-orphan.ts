import type { Rule } from '../src/lint/types.ts';
import type { EndpointsObject } from '../src/model/types.ts';
import { ENDPOINT_SLICE_SERVICE_LABEL } from '../src/model/build.ts';
import { quotedNamespaces } from '../src/semantics/describe.ts';
import { formatSelector, fromMatchLabels } from '../src/semantics/selector.ts';

/** EndpointSlices written by Kubernetes' own controllers (label endpointslice.kubernetes.io/managed-by). */
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLERS = new Set(['endpointslice-controller.k8s.io', 'endpointslicemirroring-controller.k8s.io']);
/** Set by the endpoints controller on the Endpoints it writes: such an object is a cluster dump, not hand-written. */
const ENDPOINTS_CONTROLLER_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

/** Flags Endpoints and EndpointSlices without their Service, or beside a Service whose selector manages them. */
export const rule: Rule = {
  meta: {
    id: 'endpoints-orphan',
    severity: 'warning',
    description: 'Endpoints and EndpointSlices need a Service of that name in their namespace, and are hand-written only for a Service without selector.',
    messages: {
      noService: 'this {{kind}} is for Service "{{service}}", but there is no Service "{{service}}" in namespace "{{namespace}}" in the linted files, so nothing routes to these endpoints; add the Service or remove this object',
      otherNamespace:
        'this {{kind}} is for Service "{{service}}", but that Service is only in {{others}}; move this object into the namespace of its Service, as endpoints belong to the Service of their own namespace ("{{namespace}}")',
      overwritten:
        'the Service "{{service}}" has the selector "{{selector}}", so the endpoints controller manages Endpoints "{{service}}" and overwrites these addresses; remove the selector from the Service to manage its endpoints by hand, or delete this object',
      mixed:
        'the Service "{{service}}" has the selector "{{selector}}", so the EndpointSlice controller publishes the selected pods too and kube-proxy spreads traffic over both those pods and the addresses of this slice; remove the selector to manage the endpoints by hand, or delete this EndpointSlice',
    },
    remediation:
      'Keep hand-written Endpoints and EndpointSlices in the namespace of a Service of that name that has no selector (label kubernetes.io/service-name on an EndpointSlice); a Service with a selector gets its endpoints from the controllers.',
  },
  check(context) {
    const { relations } = context;
    context.each(context.model.endpoints, (entry) => {
      const { object, serviceName } = entry;
      // An EndpointSlice without the service-name label serves some other consumer: not ours to judge.
      // An empty name is the schema's finding.
      if (!serviceName) return;
      const at = { object, path: referencePath(entry) };
      const data = { kind: object.kind, service: serviceName, namespace: object.namespace };
      const service = relations.service(object.namespace, serviceName);
      if (!service) {
        const elsewhere = relations.servicesNamedElsewhere(object.namespace, serviceName);
        if (elsewhere.length === 0) {
          context.report({ messageId: 'noService', data, at });
          return;
        }
        const others = quotedNamespaces(elsewhere.map((s) => s.object.namespace));
        const related = elsewhere.slice(0, 5).map((s) => ({ at: { object: s.object, path: ['metadata', 'name'] }, message: `Service "${serviceName}" in namespace "${s.object.namespace}"` }));
        context.report({ messageId: 'otherNamespace', data: { ...data, others }, at, related });
        return;
      }
      if (!service.selector || service.type === 'ExternalName') return;
      const related = [{ at: { object: service.object, path: service.selectorPath, key: true }, message: `selector of Service "${serviceName}"` }];
      const selector = formatSelector(fromMatchLabels(service.selector));
      if (object.kind === 'Endpoints') {
        if (object.annotations[ENDPOINTS_CONTROLLER_ANNOTATION] !== undefined) return;
        context.report({ messageId: 'overwritten', data: { ...data, selector }, at: { object, path: entry.subsetsWritten ? ['subsets'] : ['metadata', 'name'], key: true }, related });
      } else if (!CONTROLLERS.has(object.labels[MANAGED_BY] ?? '')) {
        context.report({ messageId: 'mixed', data: { ...data, selector }, at, related });
      }
    });
  },
};

/** Where an object names its Service: the Endpoints' own name, or the EndpointSlice's service-name label. */
function referencePath(entry: EndpointsObject): readonly (string | number)[] {
  return entry.object.kind === 'Endpoints' ? ['metadata', 'name'] : ['metadata', 'labels', ENDPOINT_SLICE_SERVICE_LABEL];
}

export default rule;
