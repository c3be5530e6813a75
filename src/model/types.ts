import type { SkippedFile } from '../source/load.ts';
import type { ParsedDocument, Path } from '../source/types.ts';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** kind, namespace ('' when cluster-scoped) and name: how users and outputs name an object. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Every recognised object of the run, with the document it came from and its path inside it. `name`
 * is `metadata.name` (else `generateName`), or `''` when neither is set: the schema rule reports that,
 * and rules that look objects up by name skip it.
 */
export interface KubeObject extends ObjectRef {
  readonly apiVersion: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The object as parsed (plain JSON values); rules read typed views below, not this. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly doc: ParsedDocument;
  /** Path of the object inside its document: `[]`, or `['items', 3]` inside a List. */
  readonly path: Path;
  /**
   * Set when the object writes no kind and apiVersion and takes them from its typed list, as the API
   * server returns items (`kind: DeploymentList`, `apiVersion: apps/v1`): the path of that list in the
   * document, where findings about the apiVersion point.
   */
  readonly listPath?: Path;
  /** True when `metadata.namespace` was absent and the default namespace was assumed. */
  readonly namespaceDefaulted: boolean;
  /** Set when `metadata.name` is not written as a string: `name` is then `generateName`'s (a fresh name on every create), or ''. */
  readonly unnamed?: true;
  /**
   * Fields the config declares known (`ClusterSettings.knownFields`), shared by every object of the
   * model: whatever reads the object's unknown fields (the rule, the analysis's notes) skips them.
   * Absent when the config declares none.
   */
  readonly knownFields?: ReadonlySet<string>;
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
  /** Its index in the written `matchExpressions` list (entries the model leaves out keep their places). */
  readonly index?: number;
}

/** A metav1.LabelSelector; `matchLabels` of a Service or ReplicationController selector is expressed as one too. */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
  /**
   * True when the API server would reject the selector (an unknown operator, a malformed or
   * non-string requirement, a matchLabels value that is not a string): the schema and label-value
   * rules report it, and rules that judge what a selector selects skip it. An unknown operator still
   * matches nothing.
   */
  readonly invalid?: true;
}

/**
 * A string entry of a list field with its own path relative to the owning object, so that findings
 * land on it even when entries of other types (the schema rule's findings) were left out before it.
 */
export interface StringEntry {
  readonly value: string;
  readonly path: Path;
}

/** A declared container port; ports outside 1-65535 are left out (the schema rule reports them). */
export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
  /** Path relative to the owning object. */
  readonly path: Path;
}

export interface EnvValue {
  readonly name: string;
  readonly value: string;
  readonly path: Path;
}

/** The port a probe of a container connects to (`httpGet`, `tcpSocket` or `grpc` of a liveness, readiness or startup probe). */
export interface ProbePort {
  readonly probe: 'livenessProbe' | 'readinessProbe' | 'startupProbe';
  /** A number, or the name of a port of the same container (httpGet and tcpSocket only). */
  readonly port: number | string;
  /** Path of the `port` field relative to the owning object. */
  readonly path: Path;
}

export interface Container {
  readonly name: string;
  readonly init: boolean;
  /**
   * The container's own `restartPolicy`: only `Always` is valid, on an init container, making it a
   * sidecar (Kubernetes 1.29+) that keeps running beside the main containers and serves its ports.
   */
  readonly restartPolicy?: string;
  readonly ports: readonly ContainerPort[];
  readonly probes: readonly ProbePort[];
  /** Literal env values and args, for finding Service references. */
  readonly env: readonly EnvValue[];
  readonly args: readonly EnvValue[];
  readonly path: Path;
}

/** A ConfigMap a pod reads: through `envFrom`, an env `valueFrom.configMapKeyRef`, or a (projected) volume. */
export interface ConfigMapUse {
  readonly name: string;
  /** The keys read; undefined when every key is (`envFrom`, a volume without `items`). */
  readonly keys?: readonly string[];
  /** Path of the reference (its `name`) relative to the owning object. */
  readonly path: Path;
}

/** A workload reduced to what networking cares about: its pod template. */
export interface PodTemplate {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Path of the template (`spec.template`, or `[]` for a bare Pod) relative to the object. */
  readonly path: Path;
  /** Path of the pod labels relative to the object (`metadata.labels` of the template, or of a bare Pod). */
  readonly labelsPath: Path;
  readonly containers: readonly Container[];
  readonly hostNetwork: boolean;
  /** `spec.serviceAccountName` as written; absent when unset (the pod then runs as `default`). Calico and Cilium policies match it. */
  readonly serviceAccountName?: string;
  /** ConfigMaps the pod reads (for Service references in their data). */
  readonly configMaps: readonly ConfigMapUse[];
  /** Set when the template at `path` is not a map as written (absent, null, a scalar): the schema rule's finding. */
  readonly unwritten?: true;
  /** The pod spec's `dnsPolicy`, when written as a string. */
  readonly dnsPolicy?: string;
}

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;
/** The built-in workload kinds, whose pod template the model reads from the Kubernetes API's own fields. */
export type CoreWorkloadKind = (typeof WORKLOAD_KINDS)[number];

/**
 * How outputs name the kind of a custom workload: its kind (`Prometheus`), or `Kind.group` when a
 * built-in kind has the same name (`StatefulSet.apps.kruise.io`, `Service.serving.knative.dev`), so
 * that it never passes for the built-in one. Branded: only the model (`toCustomWorkload`) makes one.
 */
export type CustomKindName = string & { readonly customKindName: true };

export type WorkloadKind = CoreWorkloadKind | CustomKindName;

/** A declared container port of a custom workload kind (the operator's containers declare it). */
export interface DeclaredPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
}

/**
 * A kind of custom resource whose pods an operator creates (config `workloads.kinds`, or a built-in
 * preset): where its pod template or pod labels are, and what the operator adds to every pod.
 */
export interface CustomWorkloadKind {
  readonly group: string;
  readonly kind: string;
  /** The API versions it applies to; every version when absent. */
  readonly versions?: readonly string[];
  /** Path of a PodTemplateSpec in the resource (`spec.template`). */
  readonly podTemplate?: Path;
  /** Path of a label map the operator copies onto the pods (`spec.podMetadata.labels`). */
  readonly podLabels?: Path;
  /** Path of a container list the operator merges into its pods (`spec.containers`). */
  readonly containers?: Path;
  /** Path of the resource's own label selector (`spec.selector`), checked like a Deployment's. */
  readonly selector?: Path;
  /**
   * Path of a reference (`kind`, `name`) to a workload of the same namespace whose pod template the
   * pods use (Argo Rollouts `spec.workloadRef`); the resource then has no pod template of its own.
   */
  readonly templateRef?: Path;
  /**
   * The built-in kind whose pods these pods behave like, for rules about one kind (an Advanced DaemonSet
   * runs on every node). `StatefulSet` only for a resource with a StatefulSet's own `spec.serviceName`
   * (an OpenKruise Advanced StatefulSet), not for one whose operator makes the StatefulSet.
   */
  readonly like?: CoreWorkloadKind;
  /**
   * The operator copies the resource's own labels onto the pods, except keys starting with one of
   * `except` (Strimzi drops `app.kubernetes.io/` keys).
   */
  readonly resourceLabels?: { readonly except: readonly string[] };
  /** A path that must hold a value for the operator to create these pods (Strimzi `spec.entityOperator`). */
  readonly when?: Path;
  /** Labels the operator puts on every pod; `{name}`, `{namespace}`, `{label:KEY}` and `{field:PATH}` stand for the resource's. */
  readonly labels: Readonly<Record<string, string>>;
  /** Ports the operator's containers declare, at least: others may depend on the resource's settings. */
  readonly ports: readonly DeclaredPort[];
  /** The preset that defines it, or undefined when the config file does. */
  readonly preset?: string;
}

export interface Workload {
  readonly object: KubeObject;
  readonly kind: WorkloadKind;
  /** The definition of a custom workload (a custom resource whose pods an operator creates). */
  readonly custom?: CustomWorkloadKind;
  readonly template: PodTemplate;
  /** The workload's own selector (`spec.selector`; a CronJob's `spec.jobTemplate.spec.selector`), when it has one. */
  readonly selector?: LabelSelector;
  readonly selectorPath?: Path;
  /** The controller that owns a bare Pod (`ownerReferences[controller=true]`). */
  readonly owner?: { readonly kind: string; readonly name: string };
  /** StatefulSet `spec.serviceName`. */
  readonly serviceName?: string;
  /** Set when the selector field (`spec.selector`; a CronJob's `spec.jobTemplate.spec.selector`) holds a value, readable or not: a CronJob's job template must hold none. */
  readonly selectorWritten?: true;
  /** `spec.manualSelector: true` (a Job's; a CronJob's job template's, which the API server refuses). */
  readonly manualSelector?: true;
  /**
   * The addresses of an exported Pod, from its status: `podIPs`/`podIP`, and for a host-network Pod
   * also `hostIPs`/`hostIP`. ipBlocks match them (docs/reachability.md); absent when none is known.
   */
  readonly addresses?: readonly StringEntry[];
}

/**
 * A Service port. A value the API server rejects (a number outside 1-65535, a targetPort name that is
 * not an IANA service name, such as the quoted number "8080", a value of the wrong type) is left out:
 * the schema rule reports it, and rules that resolve ports skip the field instead of misreporting it.
 */
export interface ServicePort {
  readonly index: number;
  readonly name?: string;
  readonly port?: number;
  /** Defaults to `port` when absent, 0 or "" (core/v1 SetDefaults_Service); absent when invalid. */
  readonly targetPort?: number | string;
  readonly targetPortDefaulted: boolean;
  readonly protocol: Protocol;
  /** Absent when unset or 0 (allocated by the API server), or invalid. */
  readonly nodePort?: number;
  readonly path: Path;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface Service {
  readonly object: KubeObject;
  readonly type: ServiceType;
  /** The selector; undefined when the Service has none (or an empty one): its endpoints are managed by hand. */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * True when `spec.selector` is written but the API server would reject it (not a map, such as the
   * string `app=web`, or a value that is not a string, such as `version: 1.0`): `selector` is then undefined, yet the
   * Service is not selector-less. The schema and label-value rules report it.
   */
  readonly selectorInvalid: boolean;
  readonly selectorPath: Path;
  /** True when `spec.type` is written but is none of the four types (the schema rule's finding): `type` then reads ClusterIP. */
  readonly typeUnknown: boolean;
  readonly ports: readonly ServicePort[];
  readonly clusterIP?: string;
  readonly clusterIPs: readonly StringEntry[];
  readonly headless: boolean;
  readonly externalName?: string;
  /** True when the key `spec.externalName` is written, whatever its value. */
  readonly externalNameWritten: boolean;
  readonly externalIPs: readonly StringEntry[];
  /** Each entry trimmed of white space, as the API server reads it. */
  readonly loadBalancerSourceRanges: readonly StringEntry[];
  /** `spec.externalTrafficPolicy` and `spec.internalTrafficPolicy` as written (`Cluster`, `Local`); absent when unset. */
  readonly externalTrafficPolicy?: string;
  readonly internalTrafficPolicy?: string;
  /** `spec.healthCheckNodePort`; absent when unset or 0. */
  readonly healthCheckNodePort?: number;
}

/** An Ingress backend; a Service name or port the API server rejects is left out (the schema rule reports it). */
export interface IngressBackendRef {
  readonly serviceName?: string;
  readonly port?: number | string;
  /** Path of the `backend` object relative to the Ingress. */
  readonly path: Path;
  /** Path of the Service name (`backend.service.name`, or `backend.serviceName` in the v1beta1 form), written or not. */
  readonly namePath: Path;
  /** Path of `backend.service.port.number` or `.name` (`backend.servicePort` in the v1beta1 form), when given. */
  readonly portPath?: Path;
  readonly host?: string;
  readonly httpPath?: string;
  readonly pathType?: string;
  /** Backend of `spec.defaultBackend` rather than a rule. */
  readonly isDefault: boolean;
  /** A `resource` backend (not a Service). */
  readonly isResource: boolean;
  /** The `resource` reference as written (a map), for a resource backend. */
  readonly resource?: Readonly<Record<string, unknown>>;
  /**
   * True when a port is written, readable or not: `service.port` with a `number` or `name` key (in the
   * v1beta1 form, also a non-null `servicePort`). A port written but not read is the schema rule's finding.
   */
  readonly portWritten: boolean;
  /**
   * Written in the form of the removed Ingress versions extensions/v1beta1 and networking.k8s.io/v1beta1
   * (`serviceName`, `servicePort`, `spec.backend`): the schema rule reports the version, and the
   * backend is still checked like any other.
   */
  readonly legacy?: true;
}

export interface IngressTls {
  readonly secretName?: string;
  readonly hosts: readonly StringEntry[];
  readonly path: Path;
}

export interface Ingress {
  readonly object: KubeObject;
  /** `spec.ingressClassName`, else the legacy `kubernetes.io/ingress.class` annotation. */
  readonly className?: string;
  /** `spec.ingressClassName` alone, when written as a string. */
  readonly classNameField?: string;
  readonly backends: readonly IngressBackendRef[];
  readonly tls: readonly IngressTls[];
}

export interface IngressClass {
  readonly object: KubeObject;
  readonly controller?: string;
  readonly isDefault: boolean;
}

export interface PolicyPort {
  readonly protocol: Protocol;
  readonly port?: number | string;
  readonly endPort?: number;
  readonly path: Path;
}

export type PolicyPeer =
  | {
      readonly type: 'pods';
      /** Absent podSelector: every pod (of the selected namespaces). */
      readonly podSelector?: LabelSelector;
      /** Absent namespaceSelector: the policy's own namespace. */
      readonly namespaceSelector?: LabelSelector;
      readonly path: Path;
    }
  | {
      readonly type: 'ipBlock';
      /** '' when absent or not a string (the schema rule's finding). */
      readonly cidr: string;
      /** True when `cidr` is written as a string (possibly ''). */
      readonly cidrWritten: boolean;
      readonly except: readonly StringEntry[];
      readonly path: Path;
    };

export interface PolicyRule {
  /** `undefined` when `from`/`to` is absent or empty: every source or destination. */
  readonly peers?: readonly PolicyPeer[];
  /** `undefined` when `ports` is absent or empty: every port and protocol. */
  readonly ports?: readonly PolicyPort[];
  readonly path: Path;
}

export interface NetworkPolicy {
  readonly object: KubeObject;
  readonly podSelector: LabelSelector;
  readonly podSelectorPath: Path;
  /** The string entries of `spec.policyTypes` as written (an empty list when absent). */
  readonly declaredPolicyTypes: readonly string[];
  /** Effective policy types after defaulting (Ingress always; Egress when egress rules exist). */
  readonly affectsIngress: boolean;
  readonly affectsEgress: boolean;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

export interface Namespace {
  readonly name: string;
  /** Labels including the implicit `kubernetes.io/metadata.name`. */
  readonly labels: Readonly<Record<string, string>>;
  /** The Namespace object, when the tree declares it. */
  readonly object?: KubeObject;
  /** Declared in the config as existing outside the tree (e.g. kube-system). */
  readonly assumed: boolean;
}

export interface EndpointsObject {
  readonly object: KubeObject;
  /** The Service these endpoints belong to: Endpoints' own name, or an EndpointSlice's service-name label. */
  readonly serviceName?: string;
  /** An Endpoints object's `subsets` key is written (whatever its value). */
  readonly subsetsWritten?: true;
}

export interface ConfigMap {
  readonly object: KubeObject;
  readonly data: readonly EnvValue[];
}

/**
 * A DNS server the pods resolve names with (`cluster.dns`): pods of a namespace with labels, on a port
 * (UDP and TCP), with the Service that fronts them; or an address outside the pod network (NodeLocal
 * DNSCache's link-local address).
 */
export type DnsServer =
  | { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>>; readonly port: number; readonly service?: string }
  | { readonly cidr: string; readonly port: number };

/**
 * One entry of `cluster.gateways`: for one Gateway (`gateway: NS/NAME`), a class (`className`), or (with
 * neither) every Gateway, the namespace and pod labels of its data plane; `{name}` and `{namespace}` in
 * their values stand for the Gateway's. Unset namespace: the Gateway's; unset podLabels: any pod.
 */
export interface GatewayDataPlaneSetting {
  readonly gateway?: string;
  readonly className?: string;
  readonly namespace?: string;
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** Cluster facts the manifests cannot tell; from the config file. */
export interface ClusterSettings {
  readonly defaultNamespace: string;
  readonly serviceCIDR?: string;
  readonly nodePortRange: readonly [number, number];
  readonly clusterDomain: string;
  readonly externalNamespaces: readonly { readonly name: string; readonly labels: Readonly<Record<string, string>> }[];
  readonly ingressController?: { readonly namespace?: string; readonly podLabels?: Readonly<Record<string, string>> };
  /** Where Gateways' data plane pods run (`cluster.gateways`), the first entry matching a Gateway applying. */
  readonly gateways?: readonly GatewayDataPlaneSetting[];
  /** Custom resources whose pods operators create (config `workloads`); the built-in presets when absent. */
  readonly workloadKinds?: readonly CustomWorkloadKind[];
  /** The DNS servers of `cluster.dns`; undefined when the config does not say (the usual ones are assumed). */
  readonly dns?: readonly DnsServer[];
  /**
   * How NetworkPolicies treat host-network pods, which Kubernetes leaves to the network plugin:
   * `exempt` (the default, the most common) ignores them when selecting pods; `as-pods` treats them
   * like other pods of their namespace.
   */
  readonly hostNetworkPods?: 'exempt' | 'as-pods';
  /**
   * Fields the config declares known (the unknown-field rule's option `knownFields`: the kind, then the
   * path without list indices, `Service.spec.trafficDistribution`): a newer API has them, so the
   * analysis reads them as the API server does, not as dropped.
   */
  readonly knownFields?: readonly string[];
}

/**
 * A document (or List item) written as a Kubernetes object but without `apiVersion` or without
 * `kind`: kubectl rejects it ("apiVersion not set", "kind not set"). The schema rule reports it; it
 * is not analysed otherwise.
 */
export interface IncompleteObject {
  readonly doc: ParsedDocument;
  /** Path of the object inside its document. */
  readonly path: Path;
  /** The one of the two that is written (both, with `kindAs`). */
  readonly kind?: string;
  readonly apiVersion?: string;
  /**
   * Set when `kind` is a built-in kind written in another case (`service`): kinds are case-sensitive,
   * so kubectl finds no match for it. The kind as Kubernetes spells it.
   */
  readonly kindAs?: string;
  /** Set when `kind` is written but is no string (`42`, a map): the value as JSON. */
  readonly kindValue?: string;
}

/**
 * An object of a kind the model does not read (a custom resource, a ServiceAccount, a
 * PersistentVolumeClaim...): what names it and where it is, so that findings can name the ones
 * that may create pods the tree does not show (an operator's `Prometheus`, a `Rollout`).
 */
export interface UnmodelledObject extends ObjectRef {
  readonly apiVersion: string;
  readonly doc: ParsedDocument;
  /** Path of the object inside its document. */
  readonly path: Path;
  /** True when `metadata.namespace` was absent and the default namespace was assumed (the kind may also be cluster-scoped). */
  readonly namespaceDefaulted: boolean;
}

/** Everything in one run, indexed. Built once; read by every rule, the matrix and `explain`. */
export interface Model {
  readonly settings: ClusterSettings;
  readonly documents: readonly ParsedDocument[];
  readonly objects: readonly KubeObject[];
  readonly workloads: readonly Workload[];
  readonly services: readonly Service[];
  readonly ingresses: readonly Ingress[];
  readonly ingressClasses: readonly IngressClass[];
  readonly policies: readonly NetworkPolicy[];
  readonly endpoints: readonly EndpointsObject[];
  readonly configMaps: readonly ConfigMap[];
  readonly secrets: readonly KubeObject[];
  /** Objects without apiVersion or kind, or with a built-in kind miscased; also counted in `skippedObjects`. */
  readonly incompleteObjects: readonly IncompleteObject[];
  readonly namespaces: ReadonlyMap<string, Namespace>;
  /**
   * Typed views of the kinds whose modules keep no list above (every kind added as a module since the
   * core ones), by module (keyed as `object`: this file is below the kind modules): read them with `viewsOf(model, MODULE)` (src/model/kinds/define.ts).
   */
  readonly views: ReadonlyMap<object, readonly unknown[]>;
  /** Input files that could not be read or parsed at all. */
  readonly skippedFiles: readonly SkippedFile[];
  /** Objects of kinds this tool does not model (custom resources...), in document order; also counted in `skippedObjects`. */
  readonly unmodelledObjects: readonly UnmodelledObject[];
  /** Documents that are Kubernetes objects of kinds this tool does not model (custom resources...). */
  readonly skippedObjects: number;
  /** Documents that are not Kubernetes objects at all (values files, empty documents). */
  readonly nonKubernetesDocuments: number;
}
