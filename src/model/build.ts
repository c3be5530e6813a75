import type { SkippedFile } from '../source/load.ts';
import type { ParsedDocument, Path } from '../source/types.ts';
import { parseIp } from './ip.ts';
import { isDns1035Label } from './names.ts';
import { customWorkloadKindsOf, operatorLabels } from './custom-workloads.ts';
import { asArray, asInteger, asIntOrString, asPortNumber, asPortNumberOrName, asRecord, asString, asStringMap, getIn, trimSpace } from './values.ts';
import {
  WORKLOAD_KINDS,
  type ClusterSettings,
  type ConfigMap,
  type ConfigMapUse,
  type Container,
  type ContainerPort,
  type CoreWorkloadKind,
  type CustomKindName,
  type CustomWorkloadKind,
  type EnvValue,
  type IncompleteObject,
  type Ingress,
  type IngressBackendRef,
  type IngressClass,
  type KubeObject,
  type LabelSelector,
  type Model,
  type Namespace,
  type NetworkPolicy,
  type PodTemplate,
  type PolicyPeer,
  type PolicyPort,
  type PolicyRule,
  type ProbePort,
  type Protocol,
  type Service,
  type ServicePort,
  type ServiceType,
  type StringEntry,
  type UnmodelledObject,
  type Workload,
} from './types.ts';

/** Modelled kinds without a namespace; every other modelled kind defaults to the configured namespace. */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set(['Namespace', 'IngressClass']);

/**
 * Kinds the model reads, with their API groups (`''` is the core group of `apiVersion: v1`). The same
 * kind in another group is a custom resource (Knative `serving.knative.dev` Service, Calico
 * `projectcalico.org` NetworkPolicy): counted and skipped, like any other unmodelled object.
 * `extensions` is kept for kinds that used to be served there, so the schema rule can name the move.
 */
const MODELLED_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Pod: [''],
  ReplicationController: [''],
  Namespace: [''],
  Service: [''],
  Endpoints: [''],
  Secret: [''],
  ConfigMap: [''],
  Deployment: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  Job: ['batch'],
  CronJob: ['batch'],
  EndpointSlice: ['discovery.k8s.io'],
  Ingress: ['networking.k8s.io', 'extensions'],
  IngressClass: ['networking.k8s.io'],
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
};

/** Built-in kinds the model does not read, with their API groups: for recognising them written in another case. */
const OTHER_BUILT_IN_GROUPS: Readonly<Record<string, readonly string[]>> = {
  ServiceAccount: [''],
  PersistentVolumeClaim: [''],
  PersistentVolume: [''],
  LimitRange: [''],
  ResourceQuota: [''],
  Node: [''],
  Role: ['rbac.authorization.k8s.io'],
  RoleBinding: ['rbac.authorization.k8s.io'],
  ClusterRole: ['rbac.authorization.k8s.io'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io'],
  HorizontalPodAutoscaler: ['autoscaling'],
  PodDisruptionBudget: ['policy'],
  StorageClass: ['storage.k8s.io'],
  CustomResourceDefinition: ['apiextensions.k8s.io'],
};

/** Built-in kinds by their lower-case spelling. */
const BUILT_IN_BY_LOWER_CASE: ReadonlyMap<string, { readonly kind: string; readonly groups: readonly string[] }> = new Map(
  [...Object.entries(MODELLED_GROUPS), ...Object.entries(OTHER_BUILT_IN_GROUPS)].map(([kind, groups]) => [kind.toLowerCase(), { kind, groups }]),
);

/**
 * The built-in kind that `kind` spells in another case, in its own API group (`service` in `v1` is
 * Service); undefined otherwise. Kinds are case-sensitive: kubectl finds no match for `service`.
 */
export function miscasedKind(kind: string, apiVersion: string): string | undefined {
  const known = BUILT_IN_BY_LOWER_CASE.get(kind.toLowerCase());
  if (!known || known.kind === kind) return undefined;
  const slash = apiVersion.indexOf('/');
  return known.groups.includes(slash < 0 ? '' : apiVersion.slice(0, slash)) ? known.kind : undefined;
}

/** Whether an object of this kind and apiVersion is one the model reads (not a same-named custom resource). */
export function isModelled(kind: string, apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  // Own keys only: a kind such as "constructor" must not reach Object.prototype.
  return Object.hasOwn(MODELLED_GROUPS, kind) && MODELLED_GROUPS[kind]!.includes(slash < 0 ? '' : apiVersion.slice(0, slash));
}

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const ENDPOINT_SLICE_SERVICE_LABEL = 'kubernetes.io/service-name';

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
  const known = kind !== undefined && (Object.hasOwn(MODELLED_GROUPS, kind) || kind === 'List');
  if (!known && !asRecord(record.metadata)) return undefined;
  return { doc, path, ...(kind !== undefined ? { kind } : {}), ...(apiVersion !== undefined ? { apiVersion } : {}) };
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
interface DocumentPart extends ObjectLists {
  /** The lists that are not empty (most documents fill two: `objects` and one typed list). */
  readonly filled: readonly (keyof ObjectLists)[];
  readonly namespaces: readonly Namespace[];
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
  let skippedObjects = 0;
  let nonKubernetesDocuments = 0;

  for (const doc of documents) {
    const part = cache ? cache.part(doc, settings) : extractDocument(doc, settings);
    for (const key of part.filled) pushAll<unknown>(lists[key], part[key]);
    // The first Namespace object of a name is the one in effect.
    for (const namespace of part.namespaces) if (!namespaces.has(namespace.name)) namespaces.set(namespace.name, namespace);
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
    skippedObjects,
    nonKubernetesDocuments,
  };
}

/** Appends without spreading (a spread of a long list can overflow the stack). An indexed loop: the language server calls this for every document on every edit. */
function pushAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
}

/** Reads the objects of one document and their typed views. */
function extractDocument(doc: ParsedDocument, settings: ClusterSettings): DocumentPart {
  const objects: KubeObject[] = [];
  const customKinds = new Map<KubeObject, readonly CustomWorkloadKind[]>();
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
      asArray(record.items).forEach((item, index) => visit(item, [...path, 'items', index], items));
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
      customKinds.set(object, custom);
      return;
    }
    objects.push(toKubeObject(doc, record, path, settings, type));
  };
  // A document with syntax errors is reported by yaml-syntax and not analysed: its value is a guess
  // (or kubectl rejects it). Warnings are about input kubectl reads, as it reads it.
  if (doc.value !== undefined && doc.value !== null && !doc.problems.some((problem) => problem.severity !== 'warning')) visit(doc.value, []);

  const lists: ObjectLists = { ...emptyLists(), objects, incompleteObjects, unmodelledObjects };
  const namespaces: Namespace[] = [];
  for (const object of objects) {
    // Before the switch: a custom kind may share a built-in kind's name (Knative's Service).
    const custom = customKinds.size > 0 ? customKinds.get(object) : undefined;
    if (custom) {
      for (const definition of custom) if (!definition.when || getIn(object.raw, definition.when) != null) lists.workloads.push(toCustomWorkload(object, definition));
      continue;
    }
    switch (object.kind) {
      case 'Service':
        lists.services.push(toService(object));
        break;
      case 'Ingress':
        lists.ingresses.push(toIngress(object));
        break;
      case 'IngressClass':
        lists.ingressClasses.push(toIngressClass(object));
        break;
      case 'NetworkPolicy':
        lists.policies.push(toNetworkPolicy(object));
        break;
      case 'Endpoints':
        lists.endpoints.push({ object, serviceName: object.name });
        break;
      case 'EndpointSlice':
        lists.endpoints.push({ object, serviceName: object.labels[ENDPOINT_SLICE_SERVICE_LABEL] });
        break;
      case 'ConfigMap':
        lists.configMaps.push(toConfigMap(object));
        break;
      case 'Secret':
        lists.secrets.push(object);
        break;
      case 'Namespace':
        namespaces.push({ name: object.name, labels: { ...object.labels, [NAMESPACE_NAME_LABEL]: object.name }, object, assumed: false });
        break;
      default:
        if ((WORKLOAD_KINDS as readonly string[]).includes(object.kind)) lists.workloads.push(toWorkload(object));
    }
  }
  const filled = OBJECT_LISTS.filter((key) => lists[key].length > 0);
  return { ...lists, filled, namespaces, skippedObjects, nonKubernetesDocuments };
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

function toKubeObject(doc: ParsedDocument, value: Record<string, unknown>, path: Path, settings: ClusterSettings, type: ObjectType): KubeObject {
  const metadata = asRecord(value.metadata) ?? {};
  const { kind, apiVersion, listPath } = type;
  const declaredNamespace = asString(metadata.namespace);
  const clusterScoped = CLUSTER_SCOPED_KINDS.has(kind);
  return {
    kind,
    apiVersion,
    ...(listPath ? { listPath } : {}),
    name: asString(metadata.name) ?? asString(metadata.generateName) ?? '',
    namespace: clusterScoped ? '' : declaredNamespace || settings.defaultNamespace,
    namespaceDefaulted: !clusterScoped && !declaredNamespace,
    labels: asStringMap(metadata.labels),
    annotations: asStringMap(metadata.annotations),
    raw: value,
    doc,
    path,
  };
}

const OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Whether a label map (matchLabels, a Service or ReplicationController selector) is one the API server
 * rejects: not a map, or a value that is not a string. The field is a map[string]string, so a number,
 * boolean, list or map fails to decode (kubectl: "cannot unmarshal number into Go value of type
 * string"; label-value and schema report it as written). A null value decodes as "" (encoding/json
 * leaves the string empty), so it stays readable.
 */
function unreadableLabelMap(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  const record = asRecord(value);
  return !record || Object.values(record).some((entry) => entry !== null && typeof entry !== 'string');
}

/**
 * Reads a metav1.LabelSelector defensively. A selector the API server rejects (ValidateLabelSelector:
 * an unknown operator, In/NotIn without values, Exists/DoesNotExist with values, a malformed entry;
 * or in decoding, a matchLabels value or an expression value that is not a string) is marked
 * `invalid`; malformed entries are left out and an unknown operator matches nothing.
 */
export function toLabelSelector(value: unknown): LabelSelector {
  const record = asRecord(value) ?? {};
  let invalid = unreadableLabelMap(record.matchLabels) || (record.matchExpressions != null && !Array.isArray(record.matchExpressions));
  const matchExpressions = asArray(record.matchExpressions).flatMap((entry) => {
    const expr = asRecord(entry);
    const key = asString(expr?.key);
    const operator = asString(expr?.operator);
    if (!expr || !key || operator === undefined) {
      invalid = true;
      return [];
    }
    const values = asArray(expr.values);
    const wantsValues = operator === 'In' || operator === 'NotIn';
    if (!OPERATORS.has(operator) || (expr.values != null && !Array.isArray(expr.values)) || wantsValues !== values.length > 0) invalid = true;
    // values is []string: kubectl rejects a number or boolean item (label-value reports it as written); null reads as "".
    if (values.some((item) => item !== null && typeof item !== 'string')) invalid = true;
    return [{ key, operator, values: values.map((item) => (item === null ? '' : String(item))) }];
  });
  return { matchLabels: asStringMap(record.matchLabels), matchExpressions, ...(invalid ? { invalid: true as const } : {}) };
}

/** The string entries of a list at `path`, each with its own path (other entries are the schema rule's findings). */
function stringEntries(value: unknown, path: Path): StringEntry[] {
  return asArray(value).flatMap((entry, index) => (typeof entry === 'string' ? [{ value: entry, path: [...path, index] }] : []));
}

function toProtocol(value: unknown): Protocol {
  return value === 'UDP' || value === 'SCTP' ? value : 'TCP';
}

/** Where the pod template sits in each workload kind. */
function templatePathOf(kind: CoreWorkloadKind): Path {
  switch (kind) {
    case 'Pod':
      return [];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template'];
    default:
      return ['spec', 'template'];
  }
}

function toWorkload(object: KubeObject): Workload {
  const kind = object.kind as CoreWorkloadKind;
  const templatePath = templatePathOf(kind);
  const template = asRecord(getIn(object.raw, templatePath)) ?? {};
  const metadata = asRecord(template.metadata) ?? {};
  const podSpec = asRecord(template.spec) ?? {};
  const podTemplate: PodTemplate = {
    labels: kind === 'Pod' ? object.labels : asStringMap(metadata.labels),
    annotations: kind === 'Pod' ? object.annotations : asStringMap(metadata.annotations),
    path: templatePath,
    labelsPath: [...templatePath, 'metadata', 'labels'],
    containers: [
      ...asArray(podSpec.containers).map((c, i) => toContainer(c, [...templatePath, 'spec', 'containers', i], false)),
      ...asArray(podSpec.initContainers).map((c, i) => toContainer(c, [...templatePath, 'spec', 'initContainers', i], true)),
    ],
    hostNetwork: podSpec.hostNetwork === true,
    configMaps: configMapUses(podSpec, [...templatePath, 'spec']),
  };
  const spec = asRecord(object.raw.spec) ?? {};
  // A CronJob's Jobs carry their selector in the job template (where the API server refuses one: it generates it).
  const selectorPath: Path = kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'selector'] : ['spec', 'selector'];
  const writtenSelector = getIn(object.raw, selectorPath);
  let selector: LabelSelector | undefined;
  if (kind === 'ReplicationController') {
    // ReplicationController.spec.selector is a plain map; absent means "the template labels".
    if (asRecord(spec.selector)) {
      selector = { matchLabels: asStringMap(spec.selector), matchExpressions: [], ...(unreadableLabelMap(spec.selector) ? { invalid: true as const } : {}) };
    }
  } else if (kind !== 'Pod' && asRecord(writtenSelector)) {
    selector = toLabelSelector(writtenSelector);
  }
  const ownerRefs = asArray(asRecord(object.raw.metadata)?.ownerReferences).map(asRecord);
  const controller = ownerRefs.find((ref) => ref?.controller === true) ?? undefined;
  const ownerKind = asString(controller?.kind);
  const ownerName = asString(controller?.name);
  // The mirror Pod of a static pod (etcd, kube-apiserver, ...) names its Node as controller: the Node
  // runs it but does not make its pods one application, so each such Pod stays a workload of its own.
  const owned = ownerKind && ownerName && !(ownerKind === 'Node' && (asString(controller?.apiVersion) ?? 'v1') === 'v1');
  const addresses = kind === 'Pod' ? podAddresses(asRecord(object.raw.status), podTemplate.hostNetwork) : [];
  return {
    object,
    kind,
    template: podTemplate,
    ...(selector ? { selector, selectorPath } : {}),
    ...(owned ? { owner: { kind: ownerKind, name: ownerName } } : {}),
    ...(addresses.length > 0 ? { addresses } : {}),
    ...(kind === 'StatefulSet' && asString(spec.serviceName) !== undefined ? { serviceName: asString(spec.serviceName) } : {}),
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
  const kind = (Object.hasOwn(MODELLED_GROUPS, definition.kind) ? `${definition.kind}.${definition.group}` : definition.kind) as CustomKindName;
  const templatePath = definition.podTemplate ?? [];
  const template = (definition.podTemplate && asRecord(getIn(object.raw, definition.podTemplate))) || {};
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
      configMaps: definition.podTemplate ? configMapUses(podSpec, [...templatePath, 'spec']) : [],
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

/**
 * The addresses an exported Pod's status records (`status.podIPs`, `status.podIP`; a host-network pod
 * also `status.hostIPs`, `status.hostIP`, as its traffic leaves with its node's address), each valid
 * address once, with its path relative to the Pod.
 */
function podAddresses(status: Record<string, unknown> | undefined, hostNetwork: boolean): StringEntry[] {
  if (!status) return [];
  const entries: StringEntry[] = [];
  const add = (value: unknown, path: Path) => {
    if (typeof value === 'string' && parseIp(value) && !entries.some((e) => e.value === value)) entries.push({ value, path });
  };
  const fields = hostNetwork ? ['podIPs', 'podIP', 'hostIPs', 'hostIP'] : ['podIPs', 'podIP'];
  for (const field of fields) {
    if (field.endsWith('s')) asArray(status[field]).forEach((entry, index) => add(asRecord(entry)?.ip, ['status', field, index, 'ip']));
    else add(status[field], ['status', field]);
  }
  return entries;
}

/** ConfigMaps a pod spec reads: containers' `envFrom` and env `configMapKeyRef`, and (projected) volumes. */
function configMapUses(podSpec: Record<string, unknown>, specPath: Path): ConfigMapUse[] {
  const uses: ConfigMapUse[] = [];
  const add = (ref: unknown, path: Path, keys?: string[]) => {
    const name = asString(asRecord(ref)?.name);
    if (name) uses.push({ name, ...(keys ? { keys } : {}), path: [...path, 'name'] });
  };
  // A volume with `items` projects only those keys (core/v1 ConfigMapVolumeSource.items).
  const itemKeys = (ref: unknown) => {
    const items = asArray(asRecord(ref)?.items);
    return items.length > 0 ? items.flatMap((item) => asString(asRecord(item)?.key) ?? []) : undefined;
  };
  for (const field of ['containers', 'initContainers'] as const) {
    asArray(podSpec[field]).forEach((entry, c) => {
      const container = asRecord(entry) ?? {};
      const base = [...specPath, field, c];
      asArray(container.envFrom).forEach((from, i) => add(asRecord(from)?.configMapRef, [...base, 'envFrom', i, 'configMapRef']));
      asArray(container.env).forEach((env, i) => {
        const ref = asRecord(asRecord(asRecord(env)?.valueFrom)?.configMapKeyRef);
        const key = asString(ref?.key);
        if (ref && key !== undefined) add(ref, [...base, 'env', i, 'valueFrom', 'configMapKeyRef'], [key]);
      });
    });
  }
  asArray(podSpec.volumes).forEach((entry, v) => {
    const volume = asRecord(entry) ?? {};
    const base = [...specPath, 'volumes', v];
    if (asRecord(volume.configMap)) add(volume.configMap, [...base, 'configMap'], itemKeys(volume.configMap));
    asArray(asRecord(volume.projected)?.sources).forEach((source, s) => {
      const ref = asRecord(source)?.configMap;
      if (asRecord(ref)) add(ref, [...base, 'projected', 'sources', s, 'configMap'], itemKeys(ref));
    });
  });
  return uses;
}

function toContainer(value: unknown, path: Path, init: boolean): Container {
  const record = asRecord(value) ?? {};
  const ports: ContainerPort[] = [];
  asArray(record.ports).forEach((entry, index) => {
    const port = asRecord(entry);
    const number = asPortNumber(port?.containerPort);
    if (!port || number === undefined) return;
    const name = asString(port.name);
    ports.push({ ...(name ? { name } : {}), containerPort: number, protocol: toProtocol(port.protocol), path: [...path, 'ports', index] });
  });
  const env: EnvValue[] = [];
  asArray(record.env).forEach((entry, index) => {
    const item = asRecord(entry);
    const name = asString(item?.name);
    const text = asString(item?.value);
    if (name !== undefined && text !== undefined) env.push({ name, value: text, path: [...path, 'env', index, 'value'] });
  });
  const args: EnvValue[] = [];
  for (const field of ['command', 'args'] as const) {
    asArray(record[field]).forEach((entry, index) => {
      if (typeof entry === 'string') args.push({ name: field, value: entry, path: [...path, field, index] });
    });
  }
  const probes: ProbePort[] = [];
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
      // A port the API server rejects (a quoted number, out of range) is the schema rule's finding.
      const port = asPortNumberOrName(asRecord(asRecord(record[probe])?.[handler])?.port);
      if (port !== undefined) probes.push({ probe, port, path: [...path, probe, handler, 'port'] });
    }
  }
  const restartPolicy = asString(record.restartPolicy);
  return { name: asString(record.name) ?? '', init, ...(restartPolicy !== undefined ? { restartPolicy } : {}), ports, probes, env, args, path };
}

function toService(object: KubeObject): Service {
  const spec = asRecord(object.raw.spec) ?? {};
  const rawType = asString(spec.type);
  const type: ServiceType = rawType === 'NodePort' || rawType === 'LoadBalancer' || rawType === 'ExternalName' ? rawType : 'ClusterIP';
  const selectorInvalid = unreadableLabelMap(spec.selector);
  const selector = selectorInvalid ? {} : asStringMap(spec.selector);
  const ports: ServicePort[] = asArray(spec.ports).map((entry, index) => {
    const port = asRecord(entry) ?? {};
    const number = asPortNumber(port.port);
    // SetDefaults_Service sets targetPort to port when it is unset, 0 or "".
    const defaulted = port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '';
    const targetPort = defaulted ? number : asPortNumberOrName(port.targetPort);
    const name = asString(port.name);
    // nodePort 0 asks the API server to allocate one, like an absent nodePort.
    const nodePort = asPortNumber(port.nodePort);
    return {
      index,
      ...(name !== undefined ? { name } : {}),
      ...(number !== undefined ? { port: number } : {}),
      ...(targetPort !== undefined ? { targetPort } : {}),
      targetPortDefaulted: defaulted,
      protocol: toProtocol(port.protocol),
      ...(nodePort !== undefined ? { nodePort } : {}),
      path: ['spec', 'ports', index],
    };
  });
  const clusterIP = asString(spec.clusterIP);
  return {
    object,
    type,
    ...(Object.keys(selector).length > 0 ? { selector } : {}),
    selectorInvalid,
    selectorPath: ['spec', 'selector'],
    ports,
    ...(clusterIP !== undefined ? { clusterIP } : {}),
    clusterIPs: stringEntries(spec.clusterIPs, ['spec', 'clusterIPs']),
    headless: clusterIP === 'None',
    ...(asString(spec.externalName) !== undefined ? { externalName: asString(spec.externalName) } : {}),
    externalIPs: stringEntries(spec.externalIPs, ['spec', 'externalIPs']),
    // ValidateService trims each entry before checking it as a CIDR ("allowed to be space-padded"), and so do the cloud providers.
    loadBalancerSourceRanges: stringEntries(spec.loadBalancerSourceRanges, ['spec', 'loadBalancerSourceRanges']).map((e) => ({ ...e, value: trimSpace(e.value) })),
    ...(asString(spec.externalTrafficPolicy) ? { externalTrafficPolicy: asString(spec.externalTrafficPolicy)! } : {}),
    ...(asString(spec.internalTrafficPolicy) ? { internalTrafficPolicy: asString(spec.internalTrafficPolicy)! } : {}),
    ...(asPortNumber(spec.healthCheckNodePort) !== undefined ? { healthCheckNodePort: asPortNumber(spec.healthCheckNodePort)! } : {}),
  };
}

/** Whether an Ingress is written in the removed v1beta1 form (`serviceName`/`servicePort`, `spec.backend`): extensions/v1beta1 and networking.k8s.io/v1beta1. */
function isLegacyIngress(object: KubeObject): boolean {
  return object.apiVersion === 'extensions/v1beta1' || object.apiVersion === 'networking.k8s.io/v1beta1';
}

type BackendContext = Omit<IngressBackendRef, 'path' | 'namePath' | 'serviceName' | 'port' | 'portPath' | 'isResource' | 'legacy'>;

function toIngressBackend(value: unknown, path: Path, context: BackendContext, legacy: boolean): IngressBackendRef {
  const backend = asRecord(value) ?? {};
  // v1: service.name and service.port.number or .name; v1beta1: serviceName and servicePort (an int or a name).
  const service = legacy ? backend : asRecord(backend.service);
  const namePath: Path = legacy ? [...path, 'serviceName'] : [...path, 'service', 'name'];
  const port = asRecord(service?.port);
  const number = legacy ? (typeof backend.servicePort === 'number' ? asPortNumber(backend.servicePort) : undefined) : asPortNumber(port?.number);
  const name = legacy ? (typeof backend.servicePort === 'string' ? asPortNumberOrName(backend.servicePort) : undefined) : asPortNumberOrName(port?.name);
  const numberPath: Path = legacy ? [...path, 'servicePort'] : [...path, 'service', 'port', 'number'];
  const namePortPath: Path = legacy ? [...path, 'servicePort'] : [...path, 'service', 'port', 'name'];
  // A Service name is a DNS-1035 label (ValidateServiceName); no Service can have another name.
  const serviceName = asString(legacy ? backend.serviceName : service?.name);
  return {
    ...context,
    path,
    namePath,
    ...(serviceName !== undefined && isDns1035Label(serviceName) ? { serviceName } : {}),
    ...(number !== undefined ? { port: number, portPath: numberPath } : {}),
    ...(number === undefined && typeof name === 'string' ? { port: name, portPath: namePortPath } : {}),
    isResource: !!asRecord(backend.resource),
    ...(legacy ? { legacy: true as const } : {}),
  };
}

function toIngress(object: KubeObject): Ingress {
  const spec = asRecord(object.raw.spec) ?? {};
  const legacy = isLegacyIngress(object);
  const backends: IngressBackendRef[] = [];
  const defaultField = legacy ? 'backend' : 'defaultBackend';
  if (asRecord(spec[defaultField])) {
    backends.push(toIngressBackend(spec[defaultField], ['spec', defaultField], { isDefault: true }, legacy));
  }
  asArray(spec.rules).forEach((entry, ruleIndex) => {
    const rule = asRecord(entry) ?? {};
    const host = asString(rule.host);
    asArray(asRecord(rule.http)?.paths).forEach((pathEntry, pathIndex) => {
      const httpPath = asRecord(pathEntry) ?? {};
      const base: Path = ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex];
      const text = asString(httpPath.path);
      const pathType = asString(httpPath.pathType);
      backends.push(
        toIngressBackend(
          httpPath.backend,
          [...base, 'backend'],
          {
            isDefault: false,
            ...(host !== undefined ? { host } : {}),
            ...(text !== undefined ? { httpPath: text } : {}),
            ...(pathType !== undefined ? { pathType } : {}),
          },
          legacy,
        ),
      );
    });
  });
  const className = asString(spec.ingressClassName) ?? object.annotations['kubernetes.io/ingress.class'];
  return {
    object,
    ...(className !== undefined ? { className } : {}),
    backends,
    tls: asArray(spec.tls).map((entry, index) => {
      const tls = asRecord(entry) ?? {};
      const secretName = asString(tls.secretName);
      return {
        ...(secretName !== undefined ? { secretName } : {}),
        hosts: stringEntries(tls.hosts, ['spec', 'tls', index, 'hosts']),
        path: ['spec', 'tls', index],
      };
    }),
  };
}

function toIngressClass(object: KubeObject): IngressClass {
  const controller = asString(asRecord(object.raw.spec)?.controller);
  return {
    object,
    ...(controller !== undefined ? { controller } : {}),
    isDefault: object.annotations[DEFAULT_INGRESS_CLASS_ANNOTATION] === 'true',
  };
}

function toPolicyPorts(value: unknown, path: Path): PolicyPort[] | undefined {
  const list = asArray(value);
  if (list.length === 0) return undefined;
  return list.map((entry, index) => {
    const port = asRecord(entry) ?? {};
    const number = asIntOrString(port.port);
    const endPort = asInteger(port.endPort);
    return {
      protocol: toProtocol(port.protocol),
      ...(number !== undefined ? { port: number } : {}),
      ...(endPort !== undefined ? { endPort } : {}),
      path: [...path, index],
    };
  });
}

function toPolicyPeers(value: unknown, path: Path): PolicyPeer[] | undefined {
  const list = asArray(value);
  if (list.length === 0) return undefined;
  return list.map((entry, index): PolicyPeer => {
    const peer = asRecord(entry) ?? {};
    const peerPath = [...path, index];
    const ipBlock = asRecord(peer.ipBlock);
    if (ipBlock) {
      return {
        type: 'ipBlock',
        cidr: asString(ipBlock.cidr) ?? '',
        except: stringEntries(ipBlock.except, [...peerPath, 'ipBlock', 'except']),
        path: peerPath,
      };
    }
    return {
      type: 'pods',
      ...(asRecord(peer.podSelector) ? { podSelector: toLabelSelector(peer.podSelector) } : {}),
      ...(asRecord(peer.namespaceSelector) ? { namespaceSelector: toLabelSelector(peer.namespaceSelector) } : {}),
      path: peerPath,
    };
  });
}

function toPolicyRules(value: unknown, path: Path, peerField: 'from' | 'to'): PolicyRule[] {
  return asArray(value).map((entry, index) => {
    const rule = asRecord(entry) ?? {};
    const rulePath = [...path, index];
    const peers = toPolicyPeers(rule[peerField], [...rulePath, peerField]);
    const ports = toPolicyPorts(rule.ports, [...rulePath, 'ports']);
    return { ...(peers ? { peers } : {}), ...(ports ? { ports } : {}), path: rulePath };
  });
}

function toNetworkPolicy(object: KubeObject): NetworkPolicy {
  const spec = asRecord(object.raw.spec) ?? {};
  // SetDefaults_NetworkPolicy defaults when len(policyTypes) == 0, so an empty list counts as absent.
  const declaredTypes =
    Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0 ? spec.policyTypes.filter((t): t is string => typeof t === 'string') : undefined;
  const hasEgressRules = Array.isArray(spec.egress) && spec.egress.length > 0;
  // networking/v1 NetworkPolicySpec.policyTypes: when unset, Ingress always, Egress iff egress rules exist.
  const affectsIngress = declaredTypes ? declaredTypes.includes('Ingress') : true;
  const affectsEgress = declaredTypes ? declaredTypes.includes('Egress') : hasEgressRules;
  return {
    object,
    podSelector: toLabelSelector(spec.podSelector),
    podSelectorPath: ['spec', 'podSelector'],
    affectsIngress,
    affectsEgress,
    ingress: toPolicyRules(spec.ingress, ['spec', 'ingress'], 'from'),
    egress: toPolicyRules(spec.egress, ['spec', 'egress'], 'to'),
  };
}

function toConfigMap(object: KubeObject): ConfigMap {
  const data = asRecord(object.raw.data) ?? {};
  return {
    object,
    data: Object.entries(data).flatMap(([key, value]) => (typeof value === 'string' ? [{ name: key, value, path: ['data', key] }] : [])),
  };
}
