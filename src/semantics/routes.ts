/**
 * Where an OpenShift Route sends traffic: its backends' Services, and on them the endpoints the router
 * keeps for `spec.port.targetPort`. The router (openshift/router pkg/router/template/
 * template_helper.go `endpointsForAlias`, @4b401a8) keeps an endpoint when its port name or its port,
 * as text, equals the targetPort; the endpoints come from the Service's Endpoints
 * (plugin.go:346-358), whose port name is the **Service port's name** and whose port is the **pod
 * port** that Service port targets. So a name matches a Service port name (not a container port
 * name), a number the target (pod) port (not the Service `port`), and an unset targetPort keeps every
 * port. See docs/research/gateway-api.md (e).
 */
import { viewsOf } from '../model/kinds/define.ts';
import { ROUTE_KIND, type RouteBackend, type RouteView } from '../model/kinds/route.ts';
import type { Model, Service, ServicePort, Workload } from '../model/types.ts';
import { targetPortNumber } from './ports.ts';
import type { Relations } from './relations.ts';

/** The Routes of a model, in document order. */
export function openShiftRoutesOf(model: Pick<Model, 'views'>): readonly RouteView[] {
  return viewsOf(model, ROUTE_KIND);
}

/** The Service a Route backend names in the Route's namespace, if it is in the tree (only the Service kind is routed to). */
export function routeBackendService(relations: Relations, route: RouteView, backend: RouteBackend): Service | undefined {
  if (backend.kind !== 'Service' || backend.name === undefined) return undefined;
  return relations.service(route.object.namespace, backend.name);
}

/**
 * Whether the router keeps the endpoints of `servicePort` on `workload` for a Route's targetPort:
 * unset keeps all; otherwise its text equals the Service port's name or the pod port it targets there.
 * HAProxy proxies TCP only, so ports of other protocols are never kept.
 */
export function routerKeeps(targetPort: number | string | undefined, servicePort: ServicePort, workload: Workload): number | undefined {
  if (servicePort.protocol !== 'TCP') return undefined;
  const port = targetPortNumber(workload, servicePort);
  if (port === undefined) return undefined;
  if (targetPort === undefined) return port;
  const wanted = String(targetPort);
  return wanted === servicePort.name || wanted === String(port) ? port : undefined;
}

/** One Service port a Route reaches on one workload, with the pod port the router connects to. */
export interface RoutedPort {
  readonly servicePort: ServicePort;
  readonly port: number;
}

/** The ports of a Service the router connects to on one workload for a Route's targetPort, in Service port order, each pod port once. */
export function routedPorts(route: RouteView, service: Service, workload: Workload): RoutedPort[] {
  const out: RoutedPort[] = [];
  for (const servicePort of service.ports) {
    const port = routerKeeps(route.targetPort, servicePort, workload);
    if (port !== undefined && !out.some((r) => r.port === port)) out.push({ servicePort, port });
  }
  return out;
}

/**
 * The Service ports a Route's targetPort keeps by the Service alone (for Services whose pods are not in
 * the tree): by the port's name, or by its numeric target port; every TCP port when unset. A named
 * target port resolves on pods only, so it is kept only by name here.
 */
export function servicePortsRouted(route: RouteView, service: Service): ServicePort[] {
  const tcp = service.ports.filter((p) => p.protocol === 'TCP');
  if (route.targetPort === undefined) return tcp;
  const wanted = String(route.targetPort);
  return tcp.filter((p) => p.name === wanted || (typeof p.targetPort === 'number' && String(p.targetPort) === wanted));
}
