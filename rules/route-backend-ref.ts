import type { Rule, RuleContext } from '../src/lint/types.ts';
import { GATEWAY_API_GROUP, type BackendRefView, type RouteView } from '../src/model/kinds/gateway-api.ts';
import type { Service } from '../src/model/types.ts';
import { gatewayApiOf, targetNamespace } from '../src/semantics/gateway-api.ts';
import { describePodCreators, podCreatorLocations } from '../src/semantics/pod-creators.ts';
import { findServicePort, targetPortNumber } from '../src/semantics/ports.ts';
import { creatorsOfService } from '../src/semantics/service-creators.ts';

/**
 * Backend kinds that Gateway API implementations define as extensions (Extended or
 * implementation-specific support): reported as an info naming that assumption, not as a likely mistake.
 */
const IMPLEMENTATION_BACKEND_GROUPS: ReadonlySet<string> = new Set([
  'gateway.envoyproxy.io', // Envoy Gateway Backend
  'gateway.networking.x-k8s.io', // XBackend (experimental)
  'networking.istio.io', // Istio ServiceEntry, Hostname
  'multicluster.x-k8s.io', // ServiceImport (multi-cluster)
  'net.gke.io', // GKE ServiceImport
  'configuration.konghq.com', // Kong KongServiceFacade
  'traefik.io', // Traefik TraefikService
  'gateway.nginx.org',
  'cilium.io',
]);

/** Flags route backendRefs that resolve to no Service port: the Service is missing, the port is not one of its ports, or the kind is not a Service. */
export const rule: Rule = {
  meta: {
    id: 'route-backend-ref',
    severity: 'error',
    description: "A route's backendRefs must name a Service of the tree (in the given namespace) and one of its ports.",
    messages: {
      missing:
        'backend Service "{{name}}" is not in namespace "{{namespace}}" in the linted files, so the traffic this rule sends there fails (ResolvedRefs False, BackendNotFound; {{effect}}); correct the name or namespace, or add the Service',
      elsewhere:
        'backend Service "{{name}}" of namespace "{{namespace}}" is not in the linted files, which hold nothing of that namespace; assuming it is defined elsewhere, its ports were not checked: lint it together with this route, or correct the reference',
      unknownCreator:
        'backend Service "{{name}}" is not in namespace "{{namespace}}" in the linted files, but {{resources}} there may create it (operators create the Services of their custom resources); check that one of them does, or correct the name',
      port: 'port {{port}} is not a port of Service "{{service}}" (its ports: {{ports}}), so this backend has no endpoints; use one of its ports',
      targetPort:
        'port {{port}} is the container port behind Service "{{service}}" (its targetPort), but a backendRef names the Service port: use {{servicePort}}',
      kind: 'backendRef kind "{{kind}}" of group "{{group}}" is not a Service, and no implementation is known to route to it, so it likely fails (ResolvedRefs False, InvalidKind); use a Service (group "", kind Service), or check that your implementation supports this kind',
      extensionKind:
        'backendRef kind "{{kind}}" of group "{{group}}" is an implementation extension, not a Service; it resolves only if your Gateway implementation supports it (else ResolvedRefs False, InvalidKind), and kube-netlint does not check it: check that it does',
      externalName:
        'backend Service "{{name}}" is of type ExternalName, which Gateway API implementations should not support (many refuse it); use a Service with a selector, or check that your implementation routes to ExternalName Services',
    },
    remediation:
      'Set backendRefs[].name (and namespace, with a ReferenceGrant there) to a Service of the tree and port to one of its `port` values (the Service port, not the targetPort); kinds other than Service need an implementation that supports them.',
  },
  check(context) {
    const index = gatewayApiOf(context.model);
    context.each(index.routes, (route) => {
      for (const rule of route.rules) for (const ref of rule.backendRefs) checkRef(context, route, ref);
    });
  },
};

function checkRef(context: RuleContext, route: RouteView, ref: BackendRefView): void {
  if (ref.name === undefined) return;
  const at = { object: route.object, path: [...ref.path, 'name'] };
  if (ref.group !== '' || ref.kind !== 'Service') {
    const data = { kind: ref.kind, group: ref.group };
    const kindAt = { object: route.object, path: [...ref.path, ref.group !== '' ? 'group' : 'kind'] };
    if (IMPLEMENTATION_BACKEND_GROUPS.has(ref.group)) context.report({ messageId: 'extensionKind', data, at: kindAt, severity: 'info' });
    else context.report({ messageId: 'kind', data, at: kindAt, severity: 'warning' });
    return;
  }
  const namespace = targetNamespace(ref, route.object.namespace);
  const service = context.relations.service(namespace, ref.name);
  if (!service) {
    const data = { name: ref.name, namespace };
    if (!context.relations.holdsNamespace(namespace)) {
      context.report({ messageId: 'elsewhere', data, at, severity: 'info' });
      return;
    }
    // A Gateway's implementation creates Services named after the Gateway only (`<gateway>-<class>`,
    // GEP-1762; `envoy-<gateway>`, `cilium-gateway-<gateway>`): it explains no other missing name.
    const creators = context.relations.serviceCreatorsIn(namespace).filter((c) => !(c.kind === 'Gateway' && c.apiVersion.startsWith(`${GATEWAY_API_GROUP}/`)) || ref.name!.includes(c.name));
    if (creatorsOfService(creators, ref.name).length > 0) return;
    if (creators.length > 0) {
      context.report({ messageId: 'unknownCreator', data: { ...data, resources: describePodCreators(creators) }, at, related: podCreatorLocations(creators), severity: 'warning' });
      return;
    }
    context.report({ messageId: 'missing', data: { ...data, effect: missingEffect(route.kind) }, at });
    return;
  }
  if (service.type === 'ExternalName') {
    context.report({ messageId: 'externalName', data: { name: ref.name }, at, severity: 'warning' });
    return;
  }
  // A missing port is the schema rule's finding (the CRD requires it for a Service).
  if (ref.port === undefined || findServicePort(service, ref.port)) return;
  const portAt = { object: route.object, path: [...ref.path, 'port'] };
  const related = [{ at: { object: service.object, path: ['spec', 'ports'] }, message: `ports of Service "${service.object.name}"` }];
  const data = { service: service.object.name, ports: describePorts(service), port: ref.port };
  // The same confusion as an Ingress backend's: the container port instead of the Service port.
  const workloads = context.relations.selectedWorkloads(service);
  const byTarget = service.ports.find((p) => p.port !== undefined && (p.targetPort === ref.port || workloads.some((w) => targetPortNumber(w, p) === ref.port)));
  if (byTarget) {
    const message = `port ${byTarget.port} of Service "${service.object.name}" sends to container port ${ref.port}`;
    context.report({ messageId: 'targetPort', data: { ...data, servicePort: byTarget.port! }, at: portAt, related: [{ at: { object: service.object, path: byTarget.path }, message }] });
    return;
  }
  context.report({ messageId: 'port', data, at: portAt, related });
}

function describePorts(service: Service): string {
  const ports = service.ports.filter((p) => p.port !== undefined).map((p) => (p.name ? `${p.port} ("${p.name}")` : `${p.port}`));
  return ports.length > 0 ? ports.join(', ') : 'none';
}

export default rule;

/**
 * What the data plane does with traffic for a backend that is not found, per route kind (the
 * backendRefs docs of each kind): HTTP and gRPC requests get a 500; TCPRoute and TLSRoute connections
 * are rejected ("MUST actively reject connection attempts"); UDPRoute packets are dropped.
 */
function missingEffect(kind: string): string {
  if (kind === 'HTTPRoute' || kind === 'GRPCRoute') return 'its requests get a 500';
  if (kind === 'UDPRoute') return 'its packets are dropped';
  return 'its connections are rejected';
}
