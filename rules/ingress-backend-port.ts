import type { Rule } from '../src/lint/types.ts';
import type { Service } from '../src/model/types.ts';
import { annotationAction, missingAnnotationAction } from '../src/semantics/ingress-actions.ts';
import { findServicePort, targetPortNumber } from '../src/semantics/ports.ts';

/** Flags Ingress backends whose port is not a port of the Service they name. */
export const rule: Rule = {
  meta: {
    id: 'ingress-backend-port',
    severity: 'error',
    description: 'An Ingress backend port (number or name) must be a port of the Service it names.',
    messages: {
      number: 'port {{port}} is not a port of Service "{{service}}" (its ports: {{ports}}), so this route has no endpoints; use one of its ports',
      targetPort:
        'port {{port}} is the container port behind Service "{{service}}" (its targetPort), but an Ingress backend names the Service port: use {{servicePort}}',
      name: 'port name "{{port}}" is not the name of a port of Service "{{service}}" (its ports: {{ports}}), so this route has no endpoints; use the name of one of its ports',
      actionMissing:
        'port name "use-annotation" hands this backend to the AWS Load Balancer Controller action in the annotation "alb.ingress.kubernetes.io/actions.{{service}}", which this Ingress does not carry, and Service "{{service}}" has no port of that name (its ports: {{ports}}); check whether a controller writes the annotation at run time (Argo Rollouts does for the Ingress a Rollout routes), and if none does, add the annotation or use a port of the Service',
      missing: 'backend of Service "{{service}}" has no port; set service.port.number or service.port.name (its ports: {{ports}})',
    },
    remediation:
      'Set backend.service.port.number to a `port` of the Service (not its targetPort), or backend.service.port.name to the `name` of one of its ports.',
  },
  check(context) {
    context.each(context.model.ingresses, (ingress) => {
      for (const backend of ingress.backends) {
        // A controller action (`port.name: use-annotation`, see ingress-actions.ts) has no Service port.
        if (backend.isResource || annotationAction(ingress, backend)) continue;
        const service = context.relations.backendService(ingress, backend);
        // A missing Service is ingress-backend-service's finding; ExternalName ports are used as given.
        if (!service || service.type === 'ExternalName') continue;
        const related = [{ at: { object: service.object, path: ['spec', 'ports'] }, message: `ports of Service "${service.object.name}"` }];
        const data = { service: service.object.name, ports: describePorts(service) };
        if (backend.port === undefined) {
          // A port of the wrong type (`number: "80"`) is the schema rule's finding, not a missing port
          // (in the removed v1beta1 form, which the schema rule does not validate further, one written at all).
          if (backend.portWritten) continue;
          context.report({ messageId: 'missing', data, at: { object: ingress.object, path: [...backend.path, 'service', 'port'], key: true }, related });
          continue;
        }
        if (findServicePort(service, backend.port)) continue;
        const at = { object: ingress.object, path: backend.portPath ?? [...backend.path, 'service', 'port'] };
        // The action annotation may be written at run time: not certain.
        if (missingAnnotationAction(ingress, backend)) {
          context.report({ messageId: 'actionMissing', data, at, related, severity: 'warning' });
          continue;
        }
        if (typeof backend.port === 'string') {
          context.report({ messageId: 'name', data: { ...data, port: backend.port }, at, related });
          continue;
        }
        const workloads = context.relations.selectedWorkloads(service);
        // A named targetPort counts too: it resolves to a container port number on the selected pods.
        const byTarget = service.ports.find(
          (p) => p.port !== undefined && (p.targetPort === backend.port || workloads.some((w) => targetPortNumber(w, p) === backend.port)),
        );
        if (byTarget) {
          const message = `port ${byTarget.port} of Service "${service.object.name}" sends to container port ${backend.port}`;
          const targetData = { ...data, port: backend.port, servicePort: byTarget.port! };
          context.report({ messageId: 'targetPort', data: targetData, at, related: [{ at: { object: service.object, path: byTarget.path }, message }] });
          continue;
        }
        context.report({ messageId: 'number', data: { ...data, port: backend.port }, at, related });
      }
    });
  },
};

function describePorts(service: Service): string {
  const ports = service.ports.filter((p) => p.port !== undefined).map((p) => (p.name ? `${p.port} ("${p.name}")` : `${p.port}`));
  return ports.length > 0 ? ports.join(', ') : 'none';
}

export default rule;
