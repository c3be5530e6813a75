import type { Rule } from '../src/lint/types.ts';
import { quotedNamespaces } from '../src/semantics/describe.ts';

/** Flags Ingress backends that name a Service missing from the Ingress's namespace. */
export const rule: Rule = {
  meta: {
    id: 'ingress-backend-service',
    severity: 'error',
    description: "An Ingress backend must name a Service in the Ingress's own namespace.",
    messages: {
      missing:
        'backend Service "{{name}}" does not exist in namespace "{{namespace}}" in the linted files, so this route answers 503; correct the name, or add the Service',
      otherNamespace:
        'backend Service "{{name}}" is not in namespace "{{namespace}}" but only in {{others}}; move the Ingress into the namespace of the Service (or bridge them with an ExternalName Service), as an Ingress routes only to Services of its own namespace',
    },
    remediation:
      "Name a Service of the Ingress's namespace in backend.service.name, create the missing Service, or move the Ingress into the namespace of its Service (an ExternalName Service can bridge namespaces).",
  },
  check(context) {
    const { relations } = context;
    context.each(context.model.ingresses, (ingress) => {
      const namespace = ingress.object.namespace;
      for (const backend of ingress.backends) {
        // A `resource` backend points at a custom object, not a Service.
        if (backend.isResource || backend.serviceName === undefined) continue;
        if (relations.backendService(ingress, backend)) continue;
        const at = { object: ingress.object, path: backend.namePath };
        const data = { name: backend.serviceName, namespace };
        const elsewhere = relations.servicesNamedElsewhere(namespace, backend.serviceName);
        if (elsewhere.length === 0) {
          context.report({ messageId: 'missing', data, at });
          continue;
        }
        context.report({
          messageId: 'otherNamespace',
          data: { ...data, others: quotedNamespaces(elsewhere.map((s) => s.object.namespace)) },
          at,
          related: elsewhere.slice(0, 5).map((s) => ({ at: { object: s.object, path: ['metadata', 'name'] }, message: `Service "${s.object.name}" in namespace "${s.object.namespace}"` })),
        });
      }
    });
  },
};

export default rule;
