import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { Service } from '../src/model/types.ts';
import { quotedNamespaces } from '../src/semantics/describe.ts';
import { targetPortNumber } from '../src/semantics/ports.ts';
import { describePodCreators, podCreatorLocations } from '../src/semantics/pod-creators.ts';
import { routeBackendService, routedPorts, openShiftRoutesOf } from '../src/semantics/routes.ts';
import { creatorsOfService } from '../src/semantics/service-creators.ts';

/**
 * Flags OpenShift Route backends (`spec.to`, `spec.alternateBackends`) that name no Service of the
 * Route's namespace, and a `spec.port.targetPort` that keeps no endpoint of them: the router matches a
 * name against the Service's port names and a number against the pod ports they target (see
 * src/semantics/routes.ts).
 */
export const rule: Rule = {
  meta: {
    id: 'openshift-route-backend',
    severity: 'error',

    description: "An OpenShift Route must send to a Service of its namespace, and its targetPort must name a port of that Service the router can match.",
    messages: {
      missing: 'backend Service "{{name}}" does not exist in namespace "{{namespace}}" in the linted files, so the router answers 503 for this Route; correct the name, or add the Service',
      unknownCreator:
        'backend Service "{{name}}" is not in namespace "{{namespace}}" in the linted files, but {{resources}} there may create it (operators create the Services of their custom resources); check that one of them does, or correct the name',
      otherNamespace:
        'backend Service "{{name}}" is not in namespace "{{namespace}}" but only in {{others}}; move the Route into the namespace of the Service, as a Route sends only to Services of its own namespace',
      portName:
        'targetPort "{{port}}" is not the name of a port of Service "{{service}}" (its ports: {{ports}}), so the router keeps no endpoint of it and answers 503; use the name of one of its ports',
      containerPortName:
        'targetPort "{{port}}" names the container port behind Service "{{service}}", but the OpenShift router matches a name against the Service\'s port names (openshift/router endpointsForAlias), so it keeps no endpoint of it and answers 503; use {{suggestion}}',
      servicePortNumber:
        'targetPort {{port}} is the Service port of Service "{{service}}", but the router matches a number against the pod port it targets, so it keeps no endpoint of it and answers 503; use {{suggestion}}',
      portNumber:
        'targetPort {{port}} is not a port the pods behind Service "{{service}}" receive on (its ports: {{ports}}), so the router keeps no endpoint of it and answers 503; use a Service port name or the target port number',
    },
    remediation:
      "Name a Service of the Route's namespace in spec.to.name (and alternateBackends), and set spec.port.targetPort to the name of a Service port or to the pod port it targets (not the Service `port`), or leave it out to use every port.",
  },
  check(context) {
    const { relations } = context;
    context.each(openShiftRoutesOf(context.model), (route) => {
      const namespace = route.object.namespace;
      for (const backend of route.backends) {
        // Another kind is the schema rule's finding (only Service is routed to).
        if (backend.kind !== 'Service' || backend.name === undefined) continue;
        const service = routeBackendService(relations, route, backend);
        const at = { object: route.object, path: backend.namePath };
        const data = { name: backend.name, namespace };
        if (!service) {
          const creators = relations.serviceCreatorsIn(namespace);
          if (creatorsOfService(creators, backend.name).length > 0) continue;
          const elsewhere = relations.servicesNamedElsewhere(namespace, backend.name);
          if (elsewhere.length === 0 && creators.length > 0) {
            context.report({ messageId: 'unknownCreator', data: { ...data, resources: describePodCreators(creators) }, at, related: podCreatorLocations(creators), severity: 'warning' });
          } else if (elsewhere.length === 0) {
            context.report({ messageId: 'missing', data, at });
          } else {
            const related = elsewhere.slice(0, 5).map((s) => ({ at: { object: s.object, path: ['metadata', 'name'] }, message: `Service "${s.object.name}" in namespace "${s.object.namespace}"` }));
            context.report({ messageId: 'otherNamespace', data: { ...data, others: quotedNamespaces(elsewhere.map((s) => s.object.namespace)) }, at, related });
          }
          continue;
        }
        checkTargetPort(context, route, service);
      }
    });
  },
};

type Context = RuleContext;
type RouteView = ReturnType<typeof openShiftRoutesOf>[number];

/** Reports a targetPort that keeps no endpoint of `service` (once per Service of the Route). */
function checkTargetPort(context: Context, route: RouteView, service: Service): void {
  const target = route.targetPort;
  // ExternalName Services have no endpoints to match; their ports are used as given.
  if (target === undefined || service.type === 'ExternalName') return;
  const tcp = service.ports.filter((p) => p.protocol === 'TCP');
  const workloads = context.relations.selectedWorkloads(service);
  const text = String(target);
  if (tcp.some((p) => p.name === text)) return;
  // A number (or a number written as text) matches a numeric target port, whatever the pods declare.
  if (/^\d+$/.test(text) && tcp.some((p) => typeof p.targetPort === 'number' && String(p.targetPort) === text)) return;
  if (workloads.some((w) => routedPorts(route, service, w).length > 0)) return;
  if (/^\d+$/.test(text)) {
    // Without a selector, the Endpoints written by hand say the pod ports: not known here.
    if (!service.selector) return;
    // A named target port resolves on the pods: one that resolves on none of them may be this number.
    const unresolved = (p: (typeof tcp)[number]) => typeof p.targetPort === 'string' && (workloads.length === 0 || workloads.some((w) => targetPortNumber(w, p) === undefined));
    if (tcp.some(unresolved)) return;
  }
  const at = { object: route.object, path: route.targetPortPath };
  const related = [{ at: { object: service.object, path: ['spec', 'ports'] }, message: `ports of Service "${service.object.name}"` }];
  const data = { port: text, service: service.object.name, ports: describePorts(service) };
  const suggest = (p: (typeof tcp)[number]) => (p.name ? `"${p.name}" (the Service port's name)` : `the target port ${String(p.targetPort)}`);
  if (typeof target === 'string' && !/^\d+$/.test(text)) {
    const byTargetName = tcp.find((p) => p.targetPort === text);
    // The router's matching is its implementation, not the API: say which, as a warning.
    if (byTargetName) context.report({ messageId: 'containerPortName', data: { ...data, suggestion: suggest(byTargetName) }, at, related, severity: 'warning' });
    else context.report({ messageId: 'portName', data, at, related });
    return;
  }
  const byServicePort = tcp.find((p) => p.port !== undefined && String(p.port) === text);
  if (byServicePort) context.report({ messageId: 'servicePortNumber', data: { ...data, suggestion: suggest(byServicePort) }, at, related });
  else context.report({ messageId: 'portNumber', data, at, related });
}

function describePorts(service: Service): string {
  const ports = service.ports.filter((p) => p.port !== undefined).map((p) => `${p.port}${p.targetPort !== undefined && p.targetPort !== p.port ? ` -> ${String(p.targetPort)}` : ''}${p.name ? ` ("${p.name}")` : ''}`);
  return ports.length > 0 ? ports.join(', ') : 'none';
}

export default rule;
