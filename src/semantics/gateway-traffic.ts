/**
 * Where a Gateway's data plane sends traffic: through each listener a route attaches to
 * (gateway-api.ts `attachments`), each rule's backendRefs (mirrors too: the data plane opens those
 * connections as well) to a Service of the tree, and on to the target port of the Service port named,
 * on the pods it selects. A cross-namespace backendRef counts only when a ReferenceGrant permits it
 * (otherwise RefNotPermitted: no traffic), a weight of 0 sends nothing, and a UDPRoute sends UDP. The
 * matrix, `explain`, and the rules that judge a Gateway's backends read this; none re-walks the routes.
 */
import { GATEWAY_API_GROUP, type BackendRefView, type GatewayView, type ListenerView, type RouteRuleView, type RouteView } from '../model/kinds/gateway-api.ts';
import type { Model, Protocol, Service, ServicePort, Workload } from '../model/types.ts';
import { ConnSet } from './conn.ts';
import { attachedListeners, gatewayApiOf, permittingGrant, targetNamespace } from './gateway-api.ts';
import { targetPortNumber } from './ports.ts';
import { relationsOf } from './relations.ts';

/** One way traffic goes from a Gateway to a Service port: a listener, a route's rule and one of its backendRefs. */
export interface GatewayHop {
  readonly gateway: GatewayView;
  /** The listeners of the Gateway the route attaches to (at least one). */
  readonly listeners: readonly ListenerView[];
  readonly route: RouteView;
  readonly rule: RouteRuleView;
  readonly ref: BackendRefView;
  readonly service: Service;
  readonly servicePort: ServicePort;
  readonly protocol: Protocol;
}

/** What a Gateway's data plane is sent to: each hop, and per workload the ports it opens there with the hops that lead there. */
export interface GatewayTraffic {
  readonly hops: readonly GatewayHop[];
  readonly routed: ReadonlyMap<Workload, ConnSet>;
  readonly hopsTo: ReadonlyMap<Workload, readonly { readonly hop: GatewayHop; readonly port: number }[]>;
}

const cache = new WeakMap<Model, Map<GatewayView, GatewayTraffic>>();

/** The traffic of one Gateway (memoised per model). */
export function gatewayTraffic(model: Model, gateway: GatewayView): GatewayTraffic {
  let byGateway = cache.get(model);
  if (!byGateway) cache.set(model, (byGateway = new Map()));
  let traffic = byGateway.get(gateway);
  if (!traffic) byGateway.set(gateway, (traffic = findTraffic(model, gateway)));
  return traffic;
}

/** The hops of every Gateway, by Gateway, in document order: the routes attached to each. */
export function gatewayHops(model: Model, gateway: GatewayView): readonly GatewayHop[] {
  return gatewayTraffic(model, gateway).hops;
}

function findTraffic(model: Model, gateway: GatewayView): GatewayTraffic {
  const index = gatewayApiOf(model);
  const relations = relationsOf(model);
  const hops: GatewayHop[] = [];
  for (const route of index.routes) {
    const listeners = index.attachments(route).filter((a) => a.gateway === gateway).flatMap((a) => attachedListeners(a));
    if (listeners.length === 0) continue;
    const namespace = route.object.namespace;
    const protocol: Protocol = route.kind === 'UDPRoute' ? 'UDP' : 'TCP';
    for (const rule of route.rules) {
      for (const ref of rule.backendRefs) {
        if (ref.group !== '' || ref.kind !== 'Service' || ref.name === undefined || ref.port === undefined) continue;
        if (ref.weight === 0 && !ref.mirror) continue;
        const to = targetNamespace(ref, namespace);
        if (to !== namespace && !permittingGrant(index, { from: { group: GATEWAY_API_GROUP, kind: route.kind, namespace }, to: { group: '', kind: 'Service', namespace: to, name: ref.name } })) continue;
        const service = relations.service(to, ref.name);
        const servicePort = service?.ports.find((p) => p.port === ref.port && p.protocol === protocol);
        if (!service || !servicePort) continue;
        hops.push({ gateway, listeners: [...new Set(listeners)], route, rule, ref, service, servicePort, protocol });
      }
    }
  }
  const routed = new Map<Workload, ConnSet>();
  const hopsTo = new Map<Workload, { hop: GatewayHop; port: number }[]>();
  for (const hop of hops) {
    for (const workload of relations.selectedWorkloads(hop.service)) {
      const port = targetPortNumber(workload, hop.servicePort);
      if (port === undefined) continue;
      routed.set(workload, (routed.get(workload) ?? ConnSet.NONE).union(ConnSet.ports(hop.protocol, port)));
      const list = hopsTo.get(workload);
      if (list) list.push({ hop, port });
      else hopsTo.set(workload, [{ hop, port }]);
    }
  }
  return { hops, routed, hopsTo };
}
