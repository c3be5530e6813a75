import type { Ingress, IngressBackendRef, KubeObject, LabelSelector, Model, Service, UnmodelledObject, Workload } from '../model/types.ts';
import { namesControllerLabels, podsMayMatch } from './controller-labels.ts';
import { mayCreatePods } from './pod-creators.ts';
import { fromMatchLabels, LabelIndex } from './selector.ts';

/**
 * The relations every rule asks about (which pods a Service selects, which Service an Ingress names),
 * resolved once per model and memoised. Rules call these; none re-implements a selector loop.
 */
export class Relations {
  private readonly workloadsByNamespace = new Map<string, LabelIndex<Workload>>();
  /** Services by namespace, then name; nested maps, as lookups by name run for every word of every env value. */
  private readonly servicesByNamespace = new Map<string, Map<string, Service[]>>();
  private readonly selectedCache = new Map<Service, Workload[]>();
  private namespacesHeld?: Set<string>;
  private podCreators?: Map<string, UnmodelledObject[]>;
  /**
   * Told each namespace a query reads (undefined: every namespace), while the language server's lint
   * cache records the check of one object: the check is redone when one of those namespaces changes.
   */
  reads: ((namespace: string | undefined) => void) | undefined;

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
    this.reads?.(namespace);
    return this.workloadsByNamespace.get(namespace)?.select(selector) ?? [];
  }

  /**
   * Workloads of every other namespace whose pod template labels match `selector`: a selector resolves
   * in its own namespace only, so these explain "matches no pod" (for "only in namespace ..." hints).
   */
  workloadsMatchingElsewhere(namespace: string, selector: LabelSelector): Workload[] {
    this.reads?.(undefined);
    return [...this.workloadsByNamespace.keys()].filter((ns) => ns !== namespace).flatMap((ns) => this.workloadsMatching(ns, selector));
  }

  /**
   * Tells the language server's cache that the current check depends on every namespace: for
   * answers derived from the whole model outside these methods (the inferred ingress controller).
   */
  readsEveryNamespace(): void {
    this.reads?.(undefined);
  }

  /** Every workload of a namespace. */
  workloadsIn(namespace: string): readonly Workload[] {
    this.reads?.(namespace);
    return this.workloadsByNamespace.get(namespace)?.items() ?? [];
  }

  /** Namespaces that hold at least one workload. */
  namespacesWithWorkloads(): string[] {
    this.reads?.(undefined);
    return [...this.workloadsByNamespace.keys()];
  }

  /** The workloads behind a Service's selector; empty for selector-less and ExternalName Services. */
  selectedWorkloads(service: Service): Workload[] {
    this.reads?.(service.object.namespace);
    let selected = this.selectedCache.get(service);
    if (!selected) {
      const labels = service.type !== 'ExternalName' ? service.selector : undefined;
      selected = labels ? this.workloadsMatching(service.object.namespace, fromMatchLabels(labels)) : [];
      // A label the controller puts on each pod (a StatefulSet's pod-name) selects pods the template alone does not show.
      if (labels && namesControllerLabels(labels)) {
        const matching = new Set(selected);
        selected = this.workloadsIn(service.object.namespace).filter((w) => matching.has(w) || podsMayMatch(w, labels));
      }
      this.selectedCache.set(service, selected);
    }
    return selected;
  }

  /** The Service named `name` in `namespace` (the first, when duplicated). */
  service(namespace: string, name: string): Service | undefined {
    this.reads?.(namespace);
    return this.servicesByNamespace.get(namespace)?.get(name)?.[0];
  }

  /** Services of that name in any other namespace (for "did you mean" hints). */
  servicesNamedElsewhere(namespace: string, name: string): Service[] {
    this.reads?.(undefined);
    return this.model.services.filter((s) => s.object.name === name && s.object.namespace !== namespace);
  }

  /** Secrets of that name in any other namespace (for "did you mean" hints). */
  secretsNamedElsewhere(namespace: string, name: string): KubeObject[] {
    this.reads?.(undefined);
    return this.model.secrets.filter((s) => s.name === name && s.namespace !== namespace);
  }

  /** Whether the tree holds an object in the namespace, or a Namespace object of that name. */
  holdsNamespace(namespace: string): boolean {
    this.reads?.(namespace);
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
    this.reads?.(namespace);
    if (!this.podCreators) {
      this.podCreators = new Map();
      for (const object of this.model.unmodelledObjects) {
        if (!mayCreatePods(object)) continue;
        const list = this.podCreators.get(object.namespace);
        if (list) list.push(object);
        else this.podCreators.set(object.namespace, [object]);
      }
    }
    return this.podCreators.get(namespace) ?? [];
  }

  /** The Service an Ingress backend routes to, if it is in the tree. */
  backendService(ingress: Ingress, backend: IngressBackendRef): Service | undefined {
    return backend.serviceName === undefined ? undefined : this.service(ingress.object.namespace, backend.serviceName);
  }
}

const relationsCache = new WeakMap<Model, Relations>();

/** The memoised relations of a model. */
export function relationsOf(model: Model): Relations {
  let relations = relationsCache.get(model);
  if (!relations) relationsCache.set(model, (relations = new Relations(model)));
  return relations;
}
