import type { EndpointsObject, Ingress, IngressBackendRef, KubeObject, LabelSelector, Model, Namespace, Service, UnmodelledObject, Workload } from '../model/types.ts';
import { viewsOf } from '../model/kinds/define.ts';
import { GATEWAY_KIND } from '../model/kinds/gateway-api.ts';
import { namesControllerLabels, podsMayMatch, podsMayMatchSelector, selectorNamesControllerLabels } from './controller-labels.ts';
import { annotationAction } from './ingress-actions.ts';
import { mayCreatePods } from './pod-creators.ts';
import { fromMatchLabels, LabelIndex } from './selector.ts';
import { servingWorkloads } from './transient-pods.ts';

/**
 * The relations every rule asks about (which pods a Service selects, which Service an Ingress names),
 * resolved once per model and memoised. Rules call these; none re-implements a selector loop.
 */
export class Relations {
  private readonly workloadsByNamespace = new Map<string, LabelIndex<Workload>>();
  /** Services by namespace, then name; nested maps, as lookups by name run for every word of every env value. */
  private readonly servicesByNamespace = new Map<string, Map<string, Service[]>>();
  private readonly selectedCache = new Map<Service, readonly Workload[]>();
  private namespacesHeld?: Set<string>;
  // Indexes for the "elsewhere" hints, built on first use: a lookup per reference must not scan the
  // model (a scan per unknown name made a 10 MB tree spend a third of its lint in these hints).
  private servicesByName?: Map<string, Service[]>;
  private secretsByName?: Map<string, KubeObject[]>;
  private endpointsByService?: Map<string, EndpointsObject[]>;
  private servicesInNamespace?: Map<string, Service[]>;
  private everyWorkload?: { readonly index: LabelIndex<Workload>; readonly namespaceRank: Map<string, number> };
  private podCreators?: Map<string, UnmodelledObject[]>;
  // Namespaces by label, built on first use: every peer with a namespaceSelector asks, and a scan of
  // every namespace per peer made 1,000 policies over 200 namespaces 200,000 selector tests.
  private namespaceIndex?: LabelIndex<Namespace>;
  constructor(readonly model: Model) {
    for (const workload of model.workloads) {
      const ns = workload.object.namespace;
      let index = this.workloadsByNamespace.get(ns);
      if (!index) this.workloadsByNamespace.set(ns, (index = new LabelIndex()));
      index.add(workload, workload.template.labels);
    }
    for (const service of model.services) {
      const { namespace, name } = service.object;
      let byName = this.servicesByNamespace.get(namespace);
      if (!byName) this.servicesByNamespace.set(namespace, (byName = new Map()));
      const list = byName.get(name);
      if (list) list.push(service);
      else byName.set(name, [service]);
    }
  }

  /** Workloads of `namespace` whose pod template labels match `selector`. */
  workloadsMatching(namespace: string, selector: LabelSelector): Workload[] {
    return this.workloadsByNamespace.get(namespace)?.select(selector) ?? [];
  }

  /**
   * Workloads of `namespace` some of whose pods may match `selector`: by their template labels, or by
   * the labels their controller adds to each pod (a StatefulSet's `statefulset.kubernetes.io/pod-name`,
   * see controller-labels.ts). For "selects no pod" findings, which such a selector must not get.
   */
  workloadsMayMatch(namespace: string, selector: LabelSelector): Workload[] {
    const matching = this.workloadsMatching(namespace, selector);
    if (matching.length > 0 || !selectorNamesControllerLabels(selector)) return matching;
    return this.workloadsIn(namespace).filter((w) => podsMayMatchSelector(w, selector));
  }

  /**
   * Workloads of every other namespace whose pod template labels match `selector`: a selector resolves
   * in its own namespace only, so these explain "matches no pod" (for "only in namespace ..." hints).
   */
  workloadsMatchingElsewhere(namespace: string, selector: LabelSelector): Workload[] {
    const { index, namespaceRank } = this.allWorkloads();
    // One indexed query over every namespace, in the order of a query per namespace: namespaces as
    // first seen, workloads in model order within each (a stable sort).
    const rank = (w: Workload) => namespaceRank.get(w.object.namespace)!;
    return index
      .select(selector)
      .filter((w) => w.object.namespace !== namespace)
      .sort((a, b) => rank(a) - rank(b));
  }

  /** The model's namespaces whose labels match `selector`, in model order. */
  namespacesMatching(selector: LabelSelector): Namespace[] {
    if (!this.namespaceIndex) {
      this.namespaceIndex = new LabelIndex();
      for (const namespace of this.model.namespaces.values()) this.namespaceIndex.add(namespace, namespace.labels);
    }
    return this.namespaceIndex.select(selector);
  }

  /** Workloads of every namespace whose pod template labels match `selector`, in model order (pods a cluster-wide guess may name). */
  workloadsMatchingAnywhere(selector: LabelSelector): Workload[] {
    return this.allWorkloads().index.select(selector);
  }

  private allWorkloads(): { readonly index: LabelIndex<Workload>; readonly namespaceRank: Map<string, number> } {
    if (!this.everyWorkload) {
      const index = new LabelIndex<Workload>();
      for (const workload of this.model.workloads) index.add(workload, workload.template.labels);
      this.everyWorkload = { index, namespaceRank: new Map([...this.workloadsByNamespace.keys()].map((ns, rank) => [ns, rank])) };
    }
    return this.everyWorkload;
  }

  /** Every workload of a namespace. */
  workloadsIn(namespace: string): readonly Workload[] {
    return this.workloadsByNamespace.get(namespace)?.items() ?? [];
  }

  /** Namespaces that hold at least one workload. */
  namespacesWithWorkloads(): string[] {
    return [...this.workloadsByNamespace.keys()];
  }

  /**
   * The workloads behind a Service's selector; empty for selector-less and ExternalName Services. Helm
   * hooks (test Pods, hook Jobs) are left out, unless the Service is a hook too (transient-pods.ts).
   */
  selectedWorkloads(service: Service): readonly Workload[] {
    let selected = this.selectedCache.get(service);
    if (!selected) {
      const labels = service.type !== 'ExternalName' ? service.selector : undefined;
      selected = labels ? this.workloadsMatching(service.object.namespace, fromMatchLabels(labels)) : [];
      // A label the controller puts on each pod (a StatefulSet's pod-name) selects pods the template alone does not show.
      if (labels && namesControllerLabels(labels)) {
        const matching = new Set(selected);
        selected = this.workloadsIn(service.object.namespace).filter((w) => matching.has(w) || podsMayMatch(w, labels));
      }
      selected = servingWorkloads(selected, service);
      this.selectedCache.set(service, selected);
    }
    return selected;
  }

  /** The Service named `name` in `namespace` (the first, when duplicated). */
  service(namespace: string, name: string): Service | undefined {
    return this.servicesByNamespace.get(namespace)?.get(name)?.[0];
  }

  /** Every Service of a namespace, in model order. */
  servicesIn(namespace: string): readonly Service[] {
    this.servicesInNamespace ??= groupBy(this.model.services, (s) => s.object.namespace);
    return this.servicesInNamespace.get(namespace) ?? [];
  }

  /** Services of that name in any other namespace, in model order (for "did you mean" hints). */
  servicesNamedElsewhere(namespace: string, name: string): Service[] {
    this.servicesByName ??= groupBy(this.model.services, (s) => s.object.name);
    return (this.servicesByName.get(name) ?? []).filter((s) => s.object.namespace !== namespace);
  }

  /** Secrets of that name in any other namespace, in model order (for "did you mean" hints). */
  secretsNamedElsewhere(namespace: string, name: string): KubeObject[] {
    this.secretsByName ??= groupBy(this.model.secrets, (s) => s.name);
    return (this.secretsByName.get(name) ?? []).filter((s) => s.namespace !== namespace);
  }

  /** The Endpoints objects that name a Service (`namespace`/`name`), in model order. */
  endpointsOf(namespace: string, name: string): readonly EndpointsObject[] {
    this.endpointsByService ??= groupBy(
      this.model.endpoints.filter((e) => e.serviceName !== undefined),
      (e) => `${e.object.namespace}\u0000${e.serviceName}`,
    );
    return this.endpointsByService.get(`${namespace}\u0000${name}`) ?? [];
  }

  /** Whether the tree holds an object in the namespace, or a Namespace object of that name. */
  holdsNamespace(namespace: string): boolean {
    if (!this.namespacesHeld) {
      this.namespacesHeld = new Set();
      for (const object of this.model.objects) this.namespacesHeld.add(object.kind === 'Namespace' ? object.name : object.namespace);
      this.namespacesHeld.delete('');
    }
    return this.namespacesHeld.has(namespace);
  }

  /**
   * Objects of kinds the model does not read that may create pods in `namespace` (an operator's custom
   * resources: see pod-creators.ts), in document order. Where there are some, a selector matching no
   * pod of the linted workloads may match theirs.
   */
  podCreatorsIn(namespace: string): readonly UnmodelledObject[] {
    if (!this.podCreators) {
      this.podCreators = new Map();
      // A Gateway is modelled, yet its implementation may deploy pods for it (Istio, Envoy Gateway in
      // its GatewayNamespace mode, NGINX Gateway Fabric, Contour's provisioner): the manifests do not show them.
      const gateways = viewsOf(this.model, GATEWAY_KIND).map((gateway) => gateway.object);
      for (const object of [...this.model.unmodelledObjects.filter(mayCreatePods), ...gateways]) {
        const list = this.podCreators.get(object.namespace);
        if (list) list.push(object);
        else this.podCreators.set(object.namespace, [object]);
      }
    }
    return this.podCreators.get(namespace) ?? [];
  }

  /**
   * Objects whose operators may create Services in `namespace` that the manifests do not show: custom
   * workloads (config `workloads`, presets), then the objects of `podCreatorsIn`.
   */
  serviceCreatorsIn(namespace: string): readonly UnmodelledObject[] {
    // The namespace's workloads (model order), not every workload: this is asked once per reference to a missing Service.
    const custom = this.workloadsIn(namespace).filter((workload) => workload.custom).map((workload) => workload.object);
    const unmodelled = this.podCreatorsIn(namespace);
    return custom.length === 0 ? unmodelled : [...custom, ...unmodelled];
  }

  /**
   * The Service an Ingress backend routes to, if it is in the tree. None for a backend that names a
   * controller's action annotation (ingress-actions.ts): a Service of that name does not get its traffic.
   */
  backendService(ingress: Ingress, backend: IngressBackendRef): Service | undefined {
    if (backend.serviceName === undefined || annotationAction(ingress, backend)) return undefined;
    return this.service(ingress.object.namespace, backend.serviceName);
  }
}

/** Items grouped by a key, each group in the items' order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

// Weak, by model: the relations live as long as the model their caller holds.
const relationsCache = new WeakMap<Model, Relations>();

/** The memoised relations of a model. */
export function relationsOf(model: Model): Relations {
  let relations = relationsCache.get(model);
  if (!relations) relationsCache.set(model, (relations = new Relations(model)));
  return relations;
}
