/**
 * What a namespace-scoped rule sees (`NamespaceContext`, ./types.ts): the model cut into namespaces,
 * and relations that record which namespaces each check read. Owned by the runner, not by the rules:
 * a rule cannot reach another namespace except through these, so whatever it reports is tracked.
 */
import { gatewayApiOf } from '../semantics/gateway-api.ts';
import { gatewayTraffic } from '../semantics/gateway-traffic.ts';
import type { Ingress, KubeObject, LabelSelector, Model, Namespace, Service, ServicePort, UnmodelledObject, Workload } from '../model/types.ts';
import { workloadNodeIndex, type MatrixNode } from '../semantics/nodes.ts';
import { controllerCandidates, type ControllerCandidate } from '../semantics/ingress-controllers.ts';
import { isWellKnownService, podsOutsideTree } from '../semantics/known-pods.ts';
import type { Relations } from '../semantics/relations.ts';
import type { IngressBackendRef } from '../model/types.ts';
import type { GatewayHopTo, NamespaceRelations, NamespaceView } from './types.ts';

/** Told each namespace a check reads (undefined: every namespace). */
export type ReadRecorder = (namespace: string | undefined) => void;

const viewsCache = new WeakMap<Model, ReadonlyMap<string, NamespaceView>>();

/** The namespaces of a model that hold objects (of modelled kinds or not), in first-seen order, with their views. */
export function namespaceViews(model: Model): ReadonlyMap<string, NamespaceView> {
  let views = viewsCache.get(model);
  if (views) return views;
  type Lists = { -readonly [K in keyof NamespaceView]: K extends 'name' ? string : NamespaceView[K] extends readonly (infer T)[] ? T[] : never };
  const lists = new Map<string, Lists>();
  const of = (namespace: string): Lists => {
    let entry = lists.get(namespace);
    if (!entry) {
      entry = { name: namespace, objects: [], workloads: [], services: [], ingresses: [], policies: [], endpoints: [], configMaps: [], secrets: [], unmodelledObjects: [], nodes: [] };
      lists.set(namespace, entry);
    }
    return entry;
  };
  for (const object of model.objects) of(object.namespace).objects.push(object);
  for (const object of model.unmodelledObjects) of(object.namespace).unmodelledObjects.push(object);
  for (const workload of model.workloads) of(workload.object.namespace).workloads.push(workload);
  for (const service of model.services) of(service.object.namespace).services.push(service);
  for (const ingress of model.ingresses) of(ingress.object.namespace).ingresses.push(ingress);
  for (const policy of model.policies) of(policy.object.namespace).policies.push(policy);
  for (const endpoints of model.endpoints) of(endpoints.object.namespace).endpoints.push(endpoints);
  for (const configMap of model.configMaps) of(configMap.object.namespace).configMaps.push(configMap);
  for (const secret of model.secrets) of(secret.namespace).secrets.push(secret);
  // A node's workloads share its head's namespace (owners are namespaced).
  for (const node of workloadNodeIndex(model).nodes) of(node.workloads[0]!.object.namespace).nodes.push(node);
  views = lists;
  viewsCache.set(model, views);
  return views;
}

/**
 * `Relations` and the other model-wide questions of `NamespaceRelations`, each telling `reads` the
 * namespaces its answer depends on. The model itself is not reachable from here.
 */
export class TrackedRelations implements NamespaceRelations {
  readonly #relations: Relations;
  readonly #model: Model;
  readonly #reads: ReadRecorder;

  constructor(relations: Relations, model: Model, reads: ReadRecorder) {
    this.#relations = relations;
    this.#model = model;
    this.#reads = reads;
  }

  workloadsMatching(namespace: string, selector: LabelSelector): Workload[] {
    this.#reads(namespace);
    return this.#relations.workloadsMatching(namespace, selector);
  }

  workloadsMayMatch(namespace: string, selector: LabelSelector): Workload[] {
    this.#reads(namespace);
    return this.#relations.workloadsMayMatch(namespace, selector);
  }

  workloadsMatchingElsewhere(namespace: string, selector: LabelSelector): Workload[] {
    this.#reads(undefined);
    return this.#relations.workloadsMatchingElsewhere(namespace, selector);
  }

  workloadsMatchingAnywhere(selector: LabelSelector): Workload[] {
    this.#reads(undefined);
    return this.#relations.workloadsMatchingAnywhere(selector);
  }

  namespacesMatching(selector: LabelSelector): Namespace[] {
    // Which namespaces the model knows may change with any namespace's objects.
    this.#reads(undefined);
    return this.#relations.namespacesMatching(selector);
  }

  workloadsIn(namespace: string): readonly Workload[] {
    this.#reads(namespace);
    return this.#relations.workloadsIn(namespace);
  }

  namespacesWithWorkloads(): string[] {
    this.#reads(undefined);
    return this.#relations.namespacesWithWorkloads();
  }

  selectedWorkloads(service: Service): readonly Workload[] {
    this.#reads(service.object.namespace);
    return this.#relations.selectedWorkloads(service);
  }

  service(namespace: string, name: string): Service | undefined {
    this.#reads(namespace);
    return this.#relations.service(namespace, name);
  }

  servicesIn(namespace: string): readonly Service[] {
    this.#reads(namespace);
    return this.#relations.servicesIn(namespace);
  }

  servicesNamedElsewhere(namespace: string, name: string): Service[] {
    this.#reads(undefined);
    return this.#relations.servicesNamedElsewhere(namespace, name);
  }

  secretsNamedElsewhere(namespace: string, name: string): KubeObject[] {
    this.#reads(undefined);
    return this.#relations.secretsNamedElsewhere(namespace, name);
  }

  endpointsOf(namespace: string, name: string): ReturnType<Relations['endpointsOf']> {
    this.#reads(namespace);
    return this.#relations.endpointsOf(namespace, name);
  }

  holdsNamespace(namespace: string): boolean {
    // Also true for a Namespace object of that name: a cluster-scoped object, which every check depends on.
    this.#reads(namespace);
    return this.#relations.holdsNamespace(namespace);
  }

  podCreatorsIn(namespace: string): readonly UnmodelledObject[] {
    this.#reads(namespace);
    return this.#relations.podCreatorsIn(namespace);
  }

  serviceCreatorsIn(namespace: string): readonly UnmodelledObject[] {
    this.#reads(namespace);
    return this.#relations.serviceCreatorsIn(namespace);
  }

  backendService(ingress: Ingress, backend: IngressBackendRef): Service | undefined {
    this.#reads(ingress.object.namespace);
    return this.#relations.backendService(ingress, backend);
  }

  nodeOf(workload: Workload): MatrixNode {
    this.#reads(workload.object.namespace);
    return workloadNodeIndex(this.#model).nodeOf.get(workload)!;
  }

  podsOutsideTree(namespace: string): boolean {
    // Where an unconfigured ingress controller is assumed to run depends on every namespace's Ingresses.
    this.#reads(undefined);
    return podsOutsideTree(this.#model, namespace);
  }

  isWellKnownService(namespace: string, name: string): boolean {
    // The config's DNS Services and the API server's: no objects of the tree.
    return isWellKnownService(this.#model, namespace, name);
  }

  controllerCandidates(ingress: Ingress): ControllerCandidate[] {
    // A controller Deployment of any namespace may be the one: the answer depends on all of them.
    this.#reads(undefined);
    return controllerCandidates(this.#model, ingress);
  }

  gatewayHopsTo(service: Service, servicePort: ServicePort): GatewayHopTo[] {
    // Routes and Gateways of any namespace may send here.
    this.#reads(undefined);
    return gatewayApiOf(this.#model).gateways.flatMap((gateway) =>
      gatewayTraffic(this.#model, gateway)
        .hops.filter((hop) => hop.service === service && hop.servicePort === servicePort)
        .map((hop) => ({ gateway, route: hop.route, refPath: hop.ref.path })),
    );
  }
}
