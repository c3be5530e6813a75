import type { SkippedFile } from '../source/load.ts';
import type { ParsedDocument, Path } from '../source/types.ts';
import { customWorkloadKindsOf, operatorLabels } from './custom-workloads.ts';
import { NAMESPACE_NAME_LABEL } from './kinds/core-references.ts';
import type { CoreViewList, KindModule } from './kinds/define.ts';
import { isModelledKindName, kindModuleOf, miscasedKind } from './kinds/index.ts';
import { configMapUses, toContainer } from './kinds/pod-spec.ts';
import { toLabelSelector } from './kinds/read-common.ts';
import { asArray, asRecord, asString, asStringMap, getIn } from './values.ts';
import { childPath, sharedPath } from './shared-path.ts';
import type {
  ClusterSettings,
  ConfigMap,
  Container,
  CustomKindName,
  CustomWorkloadKind,
  EndpointsObject,
  IncompleteObject,
  Ingress,
  IngressClass,
  KubeObject,
  Model,
  Namespace,
  NetworkPolicy,
  Service,
  UnmodelledObject,
  Workload,
} from './types.ts';

/** Whether an object of this kind and apiVersion is one the model reads (not a same-named custom resource). */
export function isModelled(kind: string, apiVersion: string): boolean {
  return kindModuleOf(kind, apiVersion) !== undefined;
}

export { NAMESPACE_NAME_LABEL, ENDPOINT_SLICE_SERVICE_LABEL } from './kinds/core-references.ts';
export { DEFAULT_INGRESS_CLASS_ANNOTATION } from './kinds/ingress-class.ts';
export { toLabelSelector } from './kinds/read-common.ts';
export { miscasedKind } from './kinds/index.ts';

export const DEFAULT_SETTINGS: ClusterSettings = {
  defaultNamespace: 'default',
  nodePortRange: [30000, 32767],
  clusterDomain: 'cluster.local',
  externalNamespaces: [],
};

/** True when a parsed document looks like a Kubernetes object (has apiVersion and kind strings). */
export function isKubernetesObject(value: unknown): value is Record<string, unknown> {
  const record = asRecord(value);
  return !!record && typeof record.kind === 'string' && typeof record.apiVersion === 'string';
}

/**
 * A document written as a Kubernetes object that lacks `apiVersion` or `kind`: one of the two is
 * set, and either the kind is one the tool reads (or a List) or the document has `metadata`. Other
 * YAML with one of the keys is not an object (a Helm Chart.yaml has `apiVersion` and no `metadata`;
 * a Kustomization may omit `apiVersion`), and stays a counted skip.
 */
function incompleteObject(doc: ParsedDocument, value: unknown, path: Path): IncompleteObject | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const kind = nonEmptyString(record.kind);
  const apiVersion = nonEmptyString(record.apiVersion);
  if ((kind === undefined) === (apiVersion === undefined)) return undefined;
  const known = kind !== undefined && (isModelledKindName(kind) || kind === 'List');
  if (!known && !asRecord(record.metadata)) return undefined;
  // `kind: 42` is written, but not a name: said as such, not as a missing kind.
  const kindValue = kind === undefined && record.kind != null && typeof record.kind !== 'string' ? JSON.stringify(record.kind) : undefined;
  return { doc, path, ...(kind !== undefined ? { kind } : {}), ...(apiVersion !== undefined ? { apiVersion } : {}), ...(kindValue !== undefined ? { kindValue } : {}) };
}

/** The kind and apiVersion of the items of a typed list (`DeploymentList` of `apps/v1`: Deployment, apps/v1), and where the list is. */
interface ListType {
  readonly kind: string;
  readonly apiVersion: string;
  readonly path: Path;
}

/** An object's kind and apiVersion, and the path of the typed list it takes them from, when it does. */
interface ObjectType {
  readonly kind: string;
  readonly apiVersion: string;
  readonly listPath?: Path;
}

/**
 * The kind and apiVersion of a document or list item: its own, or, for an item of a typed list that
 * writes neither (or only its kind, the list's), the list's. Undefined when it is no Kubernetes object.
 */
function objectType(value: unknown, list: ListType | undefined): ObjectType | undefined {
  if (isKubernetesObject(value)) return { kind: value.kind as string, apiVersion: value.apiVersion as string };
  const record = asRecord(value);
  if (!list || !record || (record.kind !== undefined && record.kind !== list.kind) || record.apiVersion !== undefined || list.kind === '') return undefined;
  return { kind: list.kind, apiVersion: list.apiVersion, listPath: list.path };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The lists of the model that documents add to, in document order. */
const OBJECT_LISTS = ['objects', 'workloads', 'services', 'ingresses', 'ingressClasses', 'policies', 'endpoints', 'configMaps', 'secrets', 'incompleteObjects', 'unmodelledObjects'] as const;
type ObjectLists = { [K in (typeof OBJECT_LISTS)[number]]: Model[K] extends readonly (infer T)[] ? T[] : never };

function emptyLists(): ObjectLists {
  return { objects: [], workloads: [], services: [], ingresses: [], ingressClasses: [], policies: [], endpoints: [], configMaps: [], secrets: [], incompleteObjects: [], unmodelledObjects: [] };
}

/** What one document contributes to the model: its objects and their typed views, in document order. */
interface DocumentPart extends Readonly<{ [K in keyof ObjectLists]: readonly ObjectLists[K][number][] }> {
  /** The lists that are not empty (most documents fill two: `objects` and one typed list). */
  readonly filled: readonly (keyof ObjectLists)[];
  readonly namespaces: readonly Namespace[];
  /** Views of the kinds without a core list, by module. */
  readonly views: ReadonlyMap<KindModule, readonly unknown[]>;
  readonly skippedObjects: number;
  readonly nonKubernetesDocuments: number;
}

/**
 * The per-document parts of earlier models, for a caller that rebuilds the model of a mostly
 * unchanged set of documents (the language server): a document whose `ParsedDocument` is the same
 * object is not read again, only re-indexed. Valid for one `ClusterSettings` object (the default
 * namespace is part of every object); other settings start afresh.
 */
export class ModelCache {
  private settings: ClusterSettings | undefined;
  private parts = new WeakMap<ParsedDocument, DocumentPart>();

  /** The part of `doc` under `settings`, extracted once. */
  part(doc: ParsedDocument, settings: ClusterSettings): DocumentPart {
    if (settings !== this.settings) {
      this.settings = settings;
      this.parts = new WeakMap();
    }
    let part = this.parts.get(doc);
    if (!part) this.parts.set(doc, (part = extractDocument(doc, settings)));
    return part;
  }
}

/**
 * Builds the typed, indexed model of one run from every parsed document. With a `cache`, documents
 * seen before under the same settings are reused (the result is the same as without it).
 */
export function buildModel(
  documents: readonly ParsedDocument[],
  settings: ClusterSettings = DEFAULT_SETTINGS,
  skippedFiles: readonly SkippedFile[] = [],
  cache?: ModelCache,
): Model {
  const lists = emptyLists();
  const namespaces = new Map<string, Namespace>();
  const views = new Map<KindModule, unknown[]>();
  let skippedObjects = 0;
  let nonKubernetesDocuments = 0;

  for (const doc of documents) {
    const part = cache ? cache.part(doc, settings) : extractDocument(doc, settings);
    for (const key of part.filled) pushAll<unknown>(lists[key], part[key]);
    // The first Namespace object of a name is the one in effect.
    for (const namespace of part.namespaces) if (!namespaces.has(namespace.name)) namespaces.set(namespace.name, namespace);
    for (const [module, items] of part.views) {
      const list = views.get(module);
      if (list) pushAll(list, items);
      else views.set(module, [...items]);
    }
    skippedObjects += part.skippedObjects;
    nonKubernetesDocuments += part.nonKubernetesDocuments;
  }

  for (const external of settings.externalNamespaces) {
    if (!namespaces.has(external.name)) {
      namespaces.set(external.name, {
        name: external.name,
        labels: { ...external.labels, [NAMESPACE_NAME_LABEL]: external.name },
        assumed: true,
      });
    }
  }
  // A namespace used by an object but not declared still exists in the cluster with its name label.
  let previous = '';
  for (const object of lists.objects) {
    // Neighbouring objects mostly share a namespace: skip the lookup for a repeat.
    if (object.namespace === previous) continue;
    previous = object.namespace;
    if (object.namespace && !namespaces.has(object.namespace)) {
      namespaces.set(object.namespace, { name: object.namespace, labels: { [NAMESPACE_NAME_LABEL]: object.namespace }, assumed: true });
    }
  }

  if (lists.workloads.some((w) => templateRefs.has(w))) lists.workloads = linkTemplateRefs(lists.workloads);

  return {
    settings,
    documents,
    skippedFiles,
    ...lists,
    namespaces,
    views,
    skippedObjects,
    nonKubernetesDocuments,
  };
}

/** Appends without spreading (a spread of a long list can overflow the stack). An indexed loop: the language server calls this for every document on every edit. */
function pushAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
}

/** The list of a part that a document left empty: shared (frozen), as most documents fill only two lists of eleven. */
const NO_ITEMS: readonly never[] = Object.freeze([]);
/** The views of a document without views of the kinds that have no core list (most documents): shared, never written. */
const NO_VIEWS: ReadonlyMap<KindModule, readonly unknown[]> = new Map();

/** Reads the objects of one document and their typed views. */
function extractDocument(doc: ParsedDocument, settings: ClusterSettings): DocumentPart {
  const objects: KubeObject[] = [];
  // Lists and maps are made when a document first adds to them: a run reads tens of thousands of documents.
  let customKinds: Map<KubeObject, readonly CustomWorkloadKind[]> | undefined;
  const incompleteObjects: IncompleteObject[] = [];
  const unmodelledObjects: UnmodelledObject[] = [];
  let skippedObjects = 0;
  let nonKubernetesDocuments = 0;

  const visit = (value: unknown, path: Path, list?: ListType) => {
    const type = objectType(value, list);
    if (!type) {
      const incomplete = incompleteObject(doc, value, path);
      if (incomplete) {
        incompleteObjects.push(incomplete);
        skippedObjects++;
      } else nonKubernetesDocuments++;
      return;
    }
    const record = value as Record<string, unknown>;
    const { kind, apiVersion } = type;
    // `kind: List` and the typed lists (ServiceList, ...) carry their objects in `items`; the items of
    // a typed list, as the API server returns them, write no kind or apiVersion: they are the list's.
    if (kind === 'List' || (kind.endsWith('List') && Array.isArray(record.items))) {
      const items = kind === 'List' ? undefined : { kind: kind.slice(0, -'List'.length), apiVersion, path };
      asArray(record.items).forEach((item, index) => visit(item, childPath(path, 'items', index), items));
      return;
    }
    if (!isModelled(kind, apiVersion)) {
      // A custom resource whose pods an operator creates (config `workloads`, presets) is a workload.
      const custom = customWorkloadKindsOf(kind, apiVersion, settings);
      if (custom.length === 0) {
        const kindAs = miscasedKind(kind, apiVersion);
        if (kindAs) incompleteObjects.push({ doc, path, kind, apiVersion, kindAs });
        skippedObjects++;
        unmodelledObjects.push(toUnmodelled(doc, record, path, settings, type));
        return;
      }
      const object = toKubeObject(doc, record, path, settings, type);
      objects.push(object);
      (customKinds ??= new Map()).set(object, custom);
      return;
    }
    objects.push(toKubeObject(doc, record, path, settings, type));
  };
  // A document with syntax errors is reported by yaml-syntax and not analysed: its value is a guess
  // (or kubectl rejects it). Warnings are about input kubectl reads, as it reads it.
  if (doc.value !== undefined && doc.value !== null && !doc.problems.some((problem) => problem.severity !== 'warning')) visit(doc.value, sharedPath([]));

  const typed: Partial<Record<CoreViewList, unknown[]>> = {};
  let views: Map<KindModule, unknown[]> | undefined;
  for (const object of objects) {
    // Before the switch: a custom kind may share a built-in kind's name (Knative's Service).
    const custom = customKinds?.get(object);
    if (custom) {
      for (const definition of custom) if (!definition.when || getIn(object.raw, definition.when) != null) (typed.workloads ??= []).push(toCustomWorkload(object, definition));
      continue;
    }
    const module = kindModuleOf(object.kind, object.apiVersion);
    const view = module?.read?.(object);
    if (!module || view === undefined) continue;
    if (module.list) (typed[module.list] ??= []).push(view);
    else {
      const list = (views ??= new Map()).get(module);
      if (list) list.push(view);
      else views.set(module, [view]);
    }
  }
  const workloads = (typed.workloads as Workload[] | undefined) ?? NO_ITEMS;
  const services = (typed.services as Service[] | undefined) ?? NO_ITEMS;
  const ingresses = (typed.ingresses as Ingress[] | undefined) ?? NO_ITEMS;
  const ingressClasses = (typed.ingressClasses as IngressClass[] | undefined) ?? NO_ITEMS;
  const policies = (typed.policies as NetworkPolicy[] | undefined) ?? NO_ITEMS;
  const endpoints = (typed.endpoints as EndpointsObject[] | undefined) ?? NO_ITEMS;
  const configMaps = (typed.configMaps as ConfigMap[] | undefined) ?? NO_ITEMS;
  const secrets = (typed.secrets as KubeObject[] | undefined) ?? NO_ITEMS;
  const filled: (keyof ObjectLists)[] = [];
  // In the order of OBJECT_LISTS, that of the model's lists.
  if (objects.length > 0) filled.push('objects');
  if (workloads.length > 0) filled.push('workloads');
  if (services.length > 0) filled.push('services');
  if (ingresses.length > 0) filled.push('ingresses');
  if (ingressClasses.length > 0) filled.push('ingressClasses');
  if (policies.length > 0) filled.push('policies');
  if (endpoints.length > 0) filled.push('endpoints');
  if (configMaps.length > 0) filled.push('configMaps');
  if (secrets.length > 0) filled.push('secrets');
  if (incompleteObjects.length > 0) filled.push('incompleteObjects');
  if (unmodelledObjects.length > 0) filled.push('unmodelledObjects');
  // One object literal, no spread: a spread into a literal of this size costs more than the rest of a
  // small document's extraction (issue 14), and every part then has the same shape.
  return {
    objects: objects.length > 0 ? objects : NO_ITEMS,
    workloads,
    services,
    ingresses,
    ingressClasses,
    policies,
    endpoints,
    configMaps,
    secrets,
    incompleteObjects: incompleteObjects.length > 0 ? incompleteObjects : NO_ITEMS,
    unmodelledObjects: unmodelledObjects.length > 0 ? unmodelledObjects : NO_ITEMS,
    filled,
    namespaces: (typed.namespaces as Namespace[] | undefined) ?? NO_ITEMS,
    views: views ?? NO_VIEWS,
    skippedObjects,
    nonKubernetesDocuments,
  };
}

function toUnmodelled(doc: ParsedDocument, value: Record<string, unknown>, path: Path, settings: ClusterSettings, type: ObjectType): UnmodelledObject {
  const metadata = asRecord(value.metadata) ?? {};
  const declaredNamespace = asString(metadata.namespace);
  return {
    kind: type.kind,
    apiVersion: type.apiVersion,
    name: asString(metadata.name) ?? asString(metadata.generateName) ?? '',
    namespace: declaredNamespace || settings.defaultNamespace,
    namespaceDefaulted: !declaredNamespace,
    doc,
    path,
  };
}

const knownFieldSets = new WeakMap<ClusterSettings, ReadonlySet<string>>();

/** The settings' known fields as one set shared by every object (undefined when there are none). */
function knownFieldsOf(settings: ClusterSettings): ReadonlySet<string> | undefined {
  if (!settings.knownFields?.length) return undefined;
  let set = knownFieldSets.get(settings);
  if (!set) knownFieldSets.set(settings, (set = new Set(settings.knownFields)));
  return set;
}

function toKubeObject(doc: ParsedDocument, value: Record<string, unknown>, path: Path, settings: ClusterSettings, type: ObjectType): KubeObject {
  const knownFields = knownFieldsOf(settings);
  const metadata = asRecord(value.metadata) ?? {};
  const { kind, apiVersion, listPath } = type;
  const declaredNamespace = asString(metadata.namespace);
  const clusterScoped = kindModuleOf(kind, apiVersion)?.clusterScoped === true;
  return {
    kind,
    apiVersion,
    ...(listPath ? { listPath } : {}),
    name: asString(metadata.name) ?? asString(metadata.generateName) ?? '',
    ...(asString(metadata.name) === undefined ? { unnamed: true as const } : {}),
    namespace: clusterScoped ? '' : declaredNamespace || settings.defaultNamespace,
    namespaceDefaulted: !clusterScoped && !declaredNamespace,
    labels: asStringMap(metadata.labels),
    annotations: asStringMap(metadata.annotations),
    raw: value,
    doc,
    path,
    ...(knownFields ? { knownFields } : {}),
  };
}








/**
 * Custom workloads whose pods use another workload's template (Argo Rollouts `workloadRef`), with the
 * reference read: the resource stands for no pods of its own, and the referenced workload's pods are
 * its pods.
 */
const templateRefs = new WeakMap<Workload, { readonly kind: string; readonly name: string }>();

/**
 * A custom resource read as a workload by its definition: its pod labels are the written ones
 * (`podTemplate` labels, `podLabels`) with the operator's on top (operators set theirs last, as their
 * own selectors need them); its containers are the template's, the resource's `containers` list and
 * one that declares the operator's ports.
 */
function toCustomWorkload(object: KubeObject, definition: CustomWorkloadKind): Workload {
  // Named like kubectl's `kind.group` when a built-in kind has the name, so it never passes for it.
  const kind = (isModelledKindName(definition.kind) ? `${definition.kind}.${definition.group}` : definition.kind) as CustomKindName;
  const templatePath = definition.podTemplate ?? [];
  const written = definition.podTemplate && asRecord(getIn(object.raw, definition.podTemplate));
  const template = written || {};
  // Without a template of its own, the pod spec fields are read from the resource (as a bare Pod's).
  const dnsPolicy = asString(getIn(object.raw, [...templatePath, 'spec', 'dnsPolicy']));
  const metadata = asRecord(template.metadata) ?? {};
  const podSpec = asRecord(template.spec) ?? {};
  const labelsPath = definition.podLabels ?? (definition.podTemplate ? [...templatePath, 'metadata', 'labels'] : []);
  const containers: Container[] = [
    ...asArray(podSpec.containers).map((c, i) => toContainer(c, [...templatePath, 'spec', 'containers', i], false)),
    ...asArray(podSpec.initContainers).map((c, i) => toContainer(c, [...templatePath, 'spec', 'initContainers', i], true)),
    ...(definition.containers ? asArray(getIn(object.raw, definition.containers)).map((c, i) => toContainer(c, [...definition.containers!, i], false)) : []),
  ];
  if (definition.ports.length > 0) {
    // The operator's own container: its ports have no place in the manifest, so findings land on the resource.
    containers.push({ name: definition.kind.toLowerCase(), init: false, ports: definition.ports.map((port) => ({ ...port, path: [] })), env: [], args: [], probes: [], path: [] });
  }
  const labels = {
    ...(definition.podTemplate ? asStringMap(metadata.labels) : {}),
    ...(definition.podLabels ? asStringMap(getIn(object.raw, definition.podLabels)) : {}),
    ...operatorLabels(definition, object),
  };
  const selectorValue = definition.selector ? getIn(object.raw, definition.selector) : undefined;
  const ownerRefs = asArray(asRecord(object.raw.metadata)?.ownerReferences).map(asRecord);
  const controller = ownerRefs.find((ref) => ref?.controller === true) ?? undefined;
  const ownerKind = asString(controller?.kind);
  const ownerName = asString(controller?.name);
  const workload: Workload = {
    object,
    kind,
    custom: definition,
    template: {
      labels,
      annotations: asStringMap(metadata.annotations),
      path: templatePath,
      labelsPath,
      containers,
      hostNetwork: podSpec.hostNetwork === true,
      ...(typeof podSpec.serviceAccountName === 'string' && podSpec.serviceAccountName !== '' ? { serviceAccountName: podSpec.serviceAccountName } : {}),
      configMaps: definition.podTemplate ? configMapUses(podSpec, [...templatePath, 'spec']) : [],
      ...(definition.podTemplate && !written ? { unwritten: true as const } : {}),
      ...(dnsPolicy !== undefined ? { dnsPolicy } : {}),
    },
    ...(asRecord(selectorValue) ? { selector: toLabelSelector(selectorValue), selectorPath: definition.selector! } : {}),
    ...(ownerKind && ownerName ? { owner: { kind: ownerKind, name: ownerName } } : {}),
    ...(definition.like === 'StatefulSet' && asString(asRecord(object.raw.spec)?.serviceName) !== undefined ? { serviceName: asString(asRecord(object.raw.spec)?.serviceName) } : {}),
  };
  const ref = definition.templateRef ? asRecord(getIn(object.raw, definition.templateRef)) : undefined;
  const refName = asString(ref?.name);
  if (ref && refName) templateRefs.set(workload, { kind: asString(ref.kind) ?? 'Deployment', name: refName });
  return workload;
}

/**
 * Resolves `templateRefs` once every document is read: the referenced workload (same namespace) is
 * given the custom resource as its controller, so that `reach` names their pods after it, and the
 * resource itself, which has no template, leaves the list. A reference to a workload the tree lacks
 * leaves both out: the pods' labels are unknown.
 */
function linkTemplateRefs(workloads: readonly Workload[]): Workload[] {
  const referrers = new Map<string, Workload>();
  for (const workload of workloads) {
    const ref = templateRefs.get(workload);
    if (ref) referrers.set(`${workload.object.namespace}/${ref.kind}/${ref.name}`, workload);
  }
  return workloads.flatMap((workload) => {
    if (templateRefs.has(workload)) return [];
    const referrer = referrers.get(`${workload.object.namespace}/${workload.kind}/${workload.object.name}`);
    // An owner written in the tree (exported state) is kept: it is what the cluster says.
    return referrer && !workload.owner ? [{ ...workload, owner: { kind: referrer.kind, name: referrer.object.name } }] : [workload];
  });
}














