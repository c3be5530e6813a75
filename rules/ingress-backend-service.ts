import type { Rule } from '../src/lint/types.ts';
import { quotedNamespaces } from '../src/semantics/describe.ts';
import { describePodCreators, podCreatorLocations } from '../src/semantics/pod-creators.ts';
import { creatorsOfService } from '../src/semantics/service-creators.ts';
import { annotationAction, missingAnnotationAction } from '../src/semantics/ingress-actions.ts';

/** Flags Ingress backends that name a Service missing from the Ingress's namespace. */
export const rule: Rule = {
  meta: {
    id: 'ingress-backend-service',
    severity: 'error',
    description: "An Ingress backend must name a Service in the Ingress's own namespace.",
    messages: {
      missing:
        'backend Service "{{name}}" does not exist in namespace "{{namespace}}" in the linted files, so this route answers 503; correct the name, or add the Service',
      unknownCreator:
        'backend Service "{{name}}" is not in namespace "{{namespace}}" in the linted files, but {{resources}} there may create it (operators create the Services of their custom resources); check that one of them does, or correct the name',
      actionMissing:
        'backend "{{name}}" with port name "use-annotation" names an AWS Load Balancer Controller action, but this Ingress carries no annotation "alb.ingress.kubernetes.io/actions.{{name}}", and no Service "{{name}}" is in namespace "{{namespace}}" in the linted files; check whether a controller writes the annotation at run time (Argo Rollouts does for the Ingress a Rollout routes), and if none does, add the annotation',
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
        // `port.name: use-annotation` with an `actions.<name>` annotation names a controller action, not a Service.
        if (annotationAction(ingress, backend)) continue;
        if (relations.backendService(ingress, backend)) continue;
        const at = { object: ingress.object, path: backend.namePath };
        const data = { name: backend.serviceName, namespace };
        const elsewhere = relations.servicesNamedElsewhere(namespace, backend.serviceName);
        if (missingAnnotationAction(ingress, backend)) {
          context.report({ messageId: 'actionMissing', data, at, severity: 'warning' });
          continue;
        }
        // An operator may create the Service from a custom resource of the namespace (ECK's `<name>-kb-http`).
        const creators = relations.serviceCreatorsIn(namespace);
        // One of them is of a kind whose operator is known to create a Service of this very name.
        if (creatorsOfService(creators, backend.serviceName).length > 0) continue;
        if (elsewhere.length === 0 && creators.length > 0) {
          context.report({ messageId: 'unknownCreator', data: { ...data, resources: describePodCreators(creators) }, at, related: podCreatorLocations(creators), severity: 'warning' });
          continue;
        }
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
