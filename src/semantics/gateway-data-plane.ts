/**
 * Where the data plane of a Gateway runs: the pods that open connections to the backends of the routes
 * attached to it, for the policy engine to judge like any source. In order:
 *
 * 1. workloads of the tree that are its data plane: labelled `gateway.networking.k8s.io/gateway-name:
 *    NAME` in the Gateway's namespace (GEP-1762: implementations "MUST label all generated resources"
 *    with it and "MUST provision generated resources in the same namespace as the Gateway"), or, as
 *    Envoy Gateway labels its proxies in its own namespace, `gateway.envoyproxy.io/owning-gateway-name`
 *    and `-namespace` (certain);
 * 2. the config, `cluster.gateways` (certain);
 * 3. where the implementation that the GatewayClass's `controllerName` names deploys it by default
 *    (assumed: every message names the assumption); docs/research/gateway-api.md (d) cites each;
 * 4. otherwise unknown: a pod of unknown namespace and labels, as the unconfigured ingress controller.
 */
import { viewsOf } from '../model/kinds/define.ts';
import { GATEWAY_CLASS_KIND, type GatewayView } from '../model/kinds/gateway-api.ts';
import type { GatewayDataPlaneSetting, Model, Workload } from '../model/types.ts';
import { describeWorkload } from './describe.ts';
import type { ControllerCandidate } from './ingress-controllers.ts';
import { podEndpoint, UNKNOWN_POD, workloadEndpoint, type Endpoint } from './policy.ts';
import { formatLabels, type Labels } from './selector.ts';

export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** Where a Gateway's data plane is, and how sure that is. */
export type DataPlane =
  /** Workloads of the tree, or the config's pods: certain. `endpoint` is what the engine evaluates. */
  | { readonly certainty: 'tree' | 'config'; readonly endpoint: Endpoint; readonly description: string; readonly namespace?: string; readonly workloads?: readonly Workload[] }
  /** Where a known implementation deploys it by default (one of the candidates). */
  | { readonly certainty: 'assumed'; readonly candidates: readonly ControllerCandidate[]; readonly implementation: string }
  /** Nothing says: `why` names what is missing (an unknown class, an implementation with no pods). */
  | { readonly certainty: 'unknown'; readonly endpoint: Endpoint; readonly why: string };

/** A well-known implementation: how it is named, and the data plane pods it deploys for a Gateway. */
interface Implementation {
  readonly name: string;
  readonly controls: (controllerName: string) => boolean;
  /** GatewayClass names its installs create, for a Gateway whose class has no GatewayClass in the tree. */
  readonly classNames: readonly string[];
  /** Namespace and pod labels of the data plane of a Gateway (several: any of them may be it). Empty: no pods to select. */
  readonly pods: (gateway: GatewayView) => readonly { readonly namespace: string; readonly labels: Labels }[];
  /** Why it has no pods to select, when `pods` is empty. */
  readonly noPods?: string;
}

const gatewayLabels = (gateway: GatewayView): Labels => ({ ...gateway.infrastructureLabels, [GATEWAY_NAME_LABEL]: gateway.object.name });

/** docs/research/gateway-api.md (d): the data planes of the implementations the issue names. */
const IMPLEMENTATIONS: readonly Implementation[] = [
  {
    // internal/infrastructure/kubernetes/proxy/resource.go, internal/gatewayapi/translator.go: the
    // controller namespace by default; the Gateway's own in GatewayNamespace mode.
    name: 'Envoy Gateway',
    controls: (c) => c === 'gateway.envoyproxy.io/gatewayclass-controller',
    classNames: ['eg', 'envoy-gateway'],
    pods: (g) => [
      {
        namespace: 'envoy-gateway-system',
        labels: {
          ...g.infrastructureLabels,
          'app.kubernetes.io/name': 'envoy',
          'app.kubernetes.io/component': 'proxy',
          'app.kubernetes.io/managed-by': 'envoy-gateway',
          'gateway.envoyproxy.io/owning-gateway-name': g.object.name,
          'gateway.envoyproxy.io/owning-gateway-namespace': g.object.namespace,
        },
      },
      { namespace: g.object.namespace, labels: gatewayLabels(g) },
    ],
  },
  {
    // manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml: a Deployment `<name>-<class>` in the Gateway's namespace.
    name: 'Istio',
    controls: (c) => c === 'istio.io/gateway-controller' || c === 'openshift.io/gateway-controller',
    classNames: ['istio'],
    pods: (g) => [
      {
        namespace: g.object.namespace,
        labels: {
          ...gatewayLabels(g),
          ...(g.className ? { 'gateway.networking.k8s.io/gateway-class-name': g.className } : {}),
          'gateway.istio.io/managed': 'istio.io-gateway-controller',
          'sidecar.istio.io/inject': 'false',
        },
      },
    ],
  },
  {
    // cilium/cilium 04f19e98: the node's Envoy sends with the reserved `ingress` identity, which
    // NetworkPolicy pod and namespace selectors cannot select.
    name: 'Cilium',
    controls: (c) => c === 'io.cilium/gateway-controller',
    classNames: ['cilium'],
    pods: () => [],
    noPods: "Cilium's Gateway sends from each node's Envoy with Cilium's reserved ingress identity, which NetworkPolicy selectors cannot select (CiliumNetworkPolicy admits it with fromEntities: [ingress])",
  },
  {
    // internal/provisioner/model/names.go, model.go: Envoy pods in the Gateway's namespace.
    name: 'Contour',
    controls: (c) => c === 'projectcontour.io/gateway-controller',
    classNames: ['contour'],
    pods: (g) => [
      {
        namespace: g.object.namespace,
        labels: {
          ...gatewayLabels(g),
          app: `envoy-${g.object.name}`,
          'app.kubernetes.io/instance': g.object.name,
          'app.kubernetes.io/name': 'contour',
          'app.kubernetes.io/component': 'ingress-controller',
          'app.kubernetes.io/managed-by': 'contour-gateway-provisioner',
          'projectcontour.io/owning-gateway-name': g.object.name,
        },
      },
    ],
  },
  {
    // internal/controller/provisioner/objects.go: Deployment `<gateway>-<class>` in the Gateway's namespace.
    name: 'NGINX Gateway Fabric',
    controls: (c) => c === 'gateway.nginx.org/nginx-gateway-controller',
    classNames: ['nginx'],
    pods: (g) => [{ namespace: g.object.namespace, labels: { ...gatewayLabels(g), ...(g.className ? { 'app.kubernetes.io/name': `${g.object.name}-${g.className}` } : {}) } }],
  },
  {
    // Kong Operator: a DataPlane in the Gateway's namespace; with KIC alone, the Kong proxy of the Helm install.
    name: 'Kong',
    controls: (c) => c === 'konghq.com/gateway-operator' || c === 'konghq.com/kic-gateway-controller',
    classNames: ['kong'],
    pods: (g): { namespace: string; labels: Labels }[] => [
      { namespace: g.object.namespace, labels: { 'gateway-operator.konghq.com/managed-by': 'dataplane' } },
      { namespace: 'kong', labels: { 'app.kubernetes.io/name': 'kong' } },
    ],
  },
  {
    // The Traefik Deployment of the Helm chart serves every Gateway of the class.
    name: 'Traefik',
    controls: (c) => c === 'traefik.io/gateway-controller',
    classNames: ['traefik'],
    pods: () => [
      { namespace: 'traefik', labels: { 'app.kubernetes.io/name': 'traefik' } },
      { namespace: 'kube-system', labels: { 'app.kubernetes.io/name': 'traefik' } },
    ],
  },
];

/** The value of a `cluster.gateways` field with `{name}` and `{namespace}` of the Gateway put in. */
function expand(text: string, gateway: GatewayView): string {
  return text.replaceAll('{name}', gateway.object.name).replaceAll('{namespace}', gateway.object.namespace);
}

/** The first `cluster.gateways` entry for a Gateway: by its NS/NAME, its class, or an entry naming neither. */
function settingFor(settings: readonly GatewayDataPlaneSetting[] | undefined, gateway: GatewayView): GatewayDataPlaneSetting | undefined {
  return settings?.find(
    (s) => (s.gateway === undefined || s.gateway === `${gateway.object.namespace}/${gateway.object.name}`) && (s.className === undefined || s.className === gateway.className),
  );
}

/** Whether a workload is a Gateway's data plane by its labels (GEP-1762's, or Envoy Gateway's owning-gateway ones). */
function isDataPlaneOf(workload: Workload, gateway: GatewayView): boolean {
  const labels = workload.template.labels;
  const { name, namespace } = gateway.object;
  if (labels[GATEWAY_NAME_LABEL] === name && workload.object.namespace === namespace) return true;
  return labels['gateway.envoyproxy.io/owning-gateway-name'] === name && labels['gateway.envoyproxy.io/owning-gateway-namespace'] === namespace;
}

/** The implementation a Gateway's class names: its GatewayClass's controllerName, else the class name an install creates. */
function implementationOf(model: Model, gateway: GatewayView): { readonly implementation?: Implementation; readonly controllerName?: string } {
  const gatewayClass = viewsOf(model, GATEWAY_CLASS_KIND).find((c) => c.object.name === gateway.className);
  if (gatewayClass?.controllerName !== undefined) {
    return { controllerName: gatewayClass.controllerName, ...optional(IMPLEMENTATIONS.find((i) => i.controls(gatewayClass.controllerName!))) };
  }
  if (gatewayClass || gateway.className === undefined) return {};
  return optional(IMPLEMENTATIONS.find((i) => i.classNames.includes(gateway.className!)));
}

const optional = (implementation: Implementation | undefined) => (implementation ? { implementation } : {});

const cache = new WeakMap<Model, Map<GatewayView, DataPlane>>();

/** Where a Gateway's data plane is (see the module comment), memoised per model. */
export function dataPlaneOf(model: Model, gateway: GatewayView): DataPlane {
  let byGateway = cache.get(model);
  if (!byGateway) cache.set(model, (byGateway = new Map()));
  let plane = byGateway.get(gateway);
  if (!plane) byGateway.set(gateway, (plane = findDataPlane(model, gateway)));
  return plane;
}

function findDataPlane(model: Model, gateway: GatewayView): DataPlane {
  const inTree = model.workloads.filter((w) => isDataPlaneOf(w, gateway));
  if (inTree.length > 0) {
    return { certainty: 'tree', endpoint: workloadEndpoint(inTree[0]!), workloads: inTree, namespace: inTree[0]!.object.namespace, description: `${describeWorkload(inTree[0]!, true)} of the linted files` };
  }
  const setting = settingFor(model.settings.gateways, gateway);
  if (setting) {
    const namespace = expand(setting.namespace ?? '{namespace}', gateway);
    const labels = setting.podLabels && Object.fromEntries(Object.entries(setting.podLabels).map(([k, v]) => [k, expand(v, gateway)]));
    const endpoint: Endpoint = labels ? podEndpoint(namespace, labels) : { type: 'unknown-pod', namespace };
    return { certainty: 'config', endpoint, namespace, description: `namespace "${namespace}", ${labels ? `pods ${formatLabels(labels)}` : 'any pod'} (cluster.gateways)` };
  }
  const { implementation, controllerName } = implementationOf(model, gateway);
  if (!implementation) {
    const why = controllerName !== undefined ? `its GatewayClass's controller "${controllerName}" is not one kube-netlint knows` : gateway.className !== undefined ? `its class "${gateway.className}" is not in the linted files` : 'it names no class';
    return { certainty: 'unknown', endpoint: UNKNOWN_POD, why };
  }
  const pods = implementation.pods(gateway);
  if (pods.length === 0) return { certainty: 'unknown', endpoint: UNKNOWN_POD, why: implementation.noPods ?? `${implementation.name} deploys no pods of its own` };
  const candidates = pods.map(({ namespace, labels }) => ({
    endpoint: podEndpoint(namespace, labels),
    description: `${implementation.name}'s data plane in namespace "${namespace}" with pods ${formatLabels(labels)}`,
  }));
  return { certainty: 'assumed', candidates, implementation: implementation.name };
}

/** The endpoints that may be a data plane (each candidate when assumed): `reach` unites what they may open. */
export function dataPlaneEndpoints(plane: DataPlane): readonly Endpoint[] {
  return plane.certainty === 'assumed' ? plane.candidates.map((c) => c.endpoint) : [plane.endpoint];
}

/** How `explain` and messages say where a data plane is. */
export function describeDataPlane(plane: DataPlane): string {
  switch (plane.certainty) {
    case 'tree':
    case 'config':
      return plane.description;
    case 'assumed':
      return `assumed: ${plane.candidates.map((c) => c.description).join(', or ')} (cluster.gateways is not set)`;
    case 'unknown':
      return `unknown: ${plane.why} (set cluster.gateways in .kube-netlint.yaml)`;
  }
}
