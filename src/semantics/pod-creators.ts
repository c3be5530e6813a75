/**
 * Which objects of kinds the model does not read may create pods. An operator's custom resource
 * (Prometheus Operator's `Prometheus`, CloudNativePG's `Cluster`, Argo Rollouts' `Rollout`, ...) makes
 * pods the manifests never show, so a selector that matches no pod of the linted workloads may match
 * those. Every unmodelled kind may, except the well-known ones below that never create pods
 * themselves: configuration, access control, routing and policy objects. The list only makes findings
 * more certain, so a kind left off it costs an error its certainty, never a false error.
 */
import { groupOf } from '../model/kinds/define.ts';
import type { UnmodelledObject } from '../model/types.ts';
import type { ParsedDocument, Path } from '../source/types.ts';
import { listSome } from './describe.ts';

/** API groups (`''` is the core group) all of whose kinds create no pods. */
const NO_POD_GROUPS: ReadonlySet<string> = new Set([
  'rbac.authorization.k8s.io',
  'policy',
  'autoscaling',
  // VerticalPodAutoscaler: it resizes the pods of another workload.
  'autoscaling.k8s.io',
  'storage.k8s.io',
  'snapshot.storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'discovery.k8s.io',
  // Build-time files of kustomize, not cluster objects.
  'kustomize.config.k8s.io',
  // cert-manager: its HTTP-01 solver pods (label acme.cert-manager.io/http01-solver) are made and
  // exposed by cert-manager itself; no manifest selects them with a Service.
  'cert-manager.io',
  'acme.cert-manager.io',
  'source.toolkit.fluxcd.io',
  'notification.toolkit.fluxcd.io',
  'image.toolkit.fluxcd.io',
  'external-secrets.io',
  'bitnami.com',
  'secrets-store.csi.x-k8s.io',
  'security.istio.io',
  'telemetry.istio.io',
  'networking.istio.io',
  'policy.linkerd.io',
  'linkerd.io',
  'cilium.io',
  'crd.projectcalico.org',
  'projectcalico.org',
  'policy.networking.k8s.io',
  'traefik.io',
  'traefik.containo.us',
  'configuration.konghq.com',
  'projectcontour.io',
  // Envoy Gateway's policies and configuration (SecurityPolicy, BackendTrafficPolicy, EnvoyProxy, Backend...):
  // the data plane is made per Gateway, which is a kind of its own group.
  'gateway.envoyproxy.io',
  // GKE's BackendConfig, FrontendConfig, ManagedCertificate, ComputeClass.
  'cloud.google.com',
  'networking.gke.io',
  'getambassador.io',
  'apisix.apache.org',
  'appmesh.k8s.aws',
  // OpenShift routes, cluster configuration and its status objects (operator.openshift.io configs do create pods).
  'route.openshift.io',
  'config.openshift.io',
  'cloudcredential.openshift.io',
  'console.openshift.io',
  'templates.gatekeeper.sh',
  'constraints.gatekeeper.sh',
  'kyverno.io',
]);

/** Kinds, by API group, that create no pods in groups where other kinds do. */
const NO_POD_KINDS: Readonly<Record<string, readonly string[]>> = {
  // Route: OpenShift's legacy `apiVersion: v1` Route.
  '': ['ServiceAccount', 'PersistentVolumeClaim', 'PersistentVolume', 'LimitRange', 'ResourceQuota', 'Event', 'PodTemplate', 'Node', 'Binding', 'ComponentStatus', 'Route'],
  // A ControllerRevision records a StatefulSet's or DaemonSet's template; the owner makes the pods.
  apps: ['ControllerRevision'],
  // Prometheus, Alertmanager, ThanosRuler and PrometheusAgent do create pods.
  'monitoring.coreos.com': ['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe', 'AlertmanagerConfig', 'ScrapeConfig'],
  // A Gateway may get pods of its own (Istio, Envoy Gateway deploy one per Gateway); routes never do.
  // A ListenerSet adds listeners to a Gateway's data plane, which the Gateway has already.
  'gateway.networking.k8s.io': ['GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'ReferenceGrant', 'BackendTLSPolicy', 'ListenerSet', 'BackendLBPolicy'],
  'gateway.networking.x-k8s.io': ['XListenerSet', 'XBackendTrafficPolicy'],
  // A ScaledObject scales a workload of the tree; a ScaledJob does create Jobs.
  'keda.sh': ['ScaledObject', 'TriggerAuthentication', 'ClusterTriggerAuthentication'],
  'argoproj.io': ['AppProject', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'WorkflowTemplate', 'ClusterWorkflowTemplate'],
};

/** Whether an object of an unmodelled kind may create pods (it is not of a kind known to create none). */
export function mayCreatePods(object: UnmodelledObject): boolean {
  const group = groupOf(object.apiVersion);
  if (NO_POD_GROUPS.has(group)) return false;
  return !(Object.hasOwn(NO_POD_KINDS, group) && NO_POD_KINDS[group]!.includes(object.kind));
}

/** `Prometheus "k8s"`, as findings name such an object. */
export function describeUnmodelled(object: UnmodelledObject): string {
  return `${object.kind} "${object.name}"`;
}

/** Objects that may create pods, as a finding names them: `Prometheus "k8s", Alertmanager "main" and 2 more`. */
export function describePodCreators(objects: readonly UnmodelledObject[]): string {
  // An object defined twice in the tree (two example files) is one candidate.
  return listSome([...new Set(objects.map(describeUnmodelled))]);
}

/** Related locations (assignable to a lint `RelatedTarget`) at the names of the first few such objects. */
export function podCreatorLocations(objects: readonly UnmodelledObject[]): { readonly at: { readonly doc: ParsedDocument; readonly path: Path; readonly key: boolean }; readonly message: string }[] {
  return objects.slice(0, 5).map((object) => ({
    at: { doc: object.doc, path: [...object.path, 'metadata', 'name'], key: false },
    message: `${describeUnmodelled(object)} (${object.apiVersion}) may create pods that the manifests do not show`,
  }));
}
