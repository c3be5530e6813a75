/**
 * Who serves an Ingress when `cluster.ingressController` does not say: the controller the Ingress's
 * class names (its IngressClass `spec.controller`, or the class name), found in the tree by its pod
 * labels or its arguments, else assumed where the project installs it by default. Each guess is a
 * candidate with the words that name the assumption; a check asks whether any candidate may connect.
 */
import type { Ingress, Model, Workload } from '../model/types.ts';
import { ConnSet } from './conn.ts';
import { findServicePort, targetPortNumber } from './ports.ts';
import { NAMESPACE_NAME_LABEL } from '../model/build.ts';
import { relationsOf } from './relations.ts';
import { routeBackendService, routedPorts, openShiftRoutesOf } from './routes.ts';
import { parseCidr } from '../model/ip.ts';
import { admits, externalEndpoint, INGRESS_CONTROLLER, policyEngineOf, podEndpoint, workloadEndpoint, type Endpoint, type Query, type Verdict } from './policy.ts';
import { describeWorkload, listSome } from './describe.ts';
import type { Caveat } from './blind-spots.ts';
import { formatLabels, matchesSelector, fromMatchLabels, type Labels } from './selector.ts';

/** A well-known ingress controller, from its project's install manifests and charts. */
interface KnownController {
  readonly name: string;
  /** Whether an IngressClass `spec.controller` value is this project's. */
  readonly controls: (controller: string) => boolean;
  /** Class names its installs create by default, for an Ingress whose class has no IngressClass in the tree. */
  readonly classNames: readonly string[];
  /** Pod labels of its proxy pods in the project's manifests and chart (any one set recognises them). */
  readonly podLabels: readonly Labels[];
  /** Namespaces its installs use by default. */
  readonly namespaces: readonly string[];
  /** For a cloud load balancer that sends from documented address ranges instead of pods. */
  readonly sourceRanges?: readonly string[];
}

/**
 * The controllers the brief names, each from its project's manifests (deploy/static and chart labels,
 * default namespace, IngressClass controller value):
 * - ingress-nginx (kubernetes/ingress-nginx): `k8s.io/ingress-nginx`, class `nginx`, namespace
 *   `ingress-nginx`, pods `app.kubernetes.io/name: ingress-nginx`.
 * - NGINX Ingress Controller (nginx/kubernetes-ingress): `nginx.org/ingress-controller`, class `nginx`,
 *   namespace `nginx-ingress`, pods `app: nginx-ingress` (manifests) or `app.kubernetes.io/name: nginx-ingress` (chart).
 * - Traefik (traefik/traefik-helm-chart): `traefik.io/ingress-controller`, class `traefik`, pods
 *   `app.kubernetes.io/name: traefik`, in `traefik` or, as k3s bundles it, `kube-system`.
 * - Contour (projectcontour/contour): `projectcontour.io/...`, class `contour`, namespace
 *   `projectcontour`; its Envoy pods (`app: envoy`; chart `app.kubernetes.io/component: envoy`) are the ones connecting to backends.
 * - HAProxy Kubernetes Ingress (haproxytech/kubernetes-ingress): `haproxy.org/ingress-controller[/...]`,
 *   class `haproxy`, namespace `haproxy-controller`, pods `run: haproxy-ingress` (manifests) or
 *   `app.kubernetes.io/name: kubernetes-ingress` (chart).
 * - HAProxy Ingress (jcmoraisjr/haproxy-ingress): `haproxy-ingress.github.io/controller`, class
 *   `haproxy`, pods `app.kubernetes.io/name: haproxy-ingress`, namespace `ingress-controller`.
 * - Kong (Kong/charts): `ingress-controllers.konghq.com/kong`, class `kong`, namespace `kong`, pods
 *   `app.kubernetes.io/name: kong` (chart) or `app: proxy-kong` (all-in-one manifests).
 * - GKE Ingress (class `gce`, `k8s.io/ingress-gce`): Google's load balancers reach the pods (with
 *   container-native load balancing) from the Google Front End and health-check ranges 35.191.0.0/16
 *   and 130.211.0.0/22, and 2600:2d00:1:b029::/64 and 2600:2d00:1:1::/64 for IPv6 (Google Cloud,
 *   "Load balancing: firewall rules", global external Application Load Balancer).
 */
const KNOWN: readonly KnownController[] = [
  { name: 'ingress-nginx', controls: (c) => c === 'k8s.io/ingress-nginx', classNames: ['nginx'], podLabels: [{ 'app.kubernetes.io/name': 'ingress-nginx' }], namespaces: ['ingress-nginx'] },
  {
    name: 'NGINX Ingress Controller',
    controls: (c) => c === 'nginx.org/ingress-controller',
    classNames: ['nginx'],
    podLabels: [{ app: 'nginx-ingress' }, { 'app.kubernetes.io/name': 'nginx-ingress' }],
    namespaces: ['nginx-ingress'],
  },
  { name: 'Traefik', controls: (c) => c === 'traefik.io/ingress-controller', classNames: ['traefik'], podLabels: [{ 'app.kubernetes.io/name': 'traefik' }], namespaces: ['traefik', 'kube-system'] },
  {
    name: 'Contour',
    controls: (c) => c.startsWith('projectcontour.io/'),
    classNames: ['contour'],
    podLabels: [{ app: 'envoy' }, { 'app.kubernetes.io/component': 'envoy' }],
    namespaces: ['projectcontour'],
  },
  {
    name: 'HAProxy Kubernetes Ingress',
    controls: (c) => c === 'haproxy.org/ingress-controller' || c.startsWith('haproxy.org/ingress-controller/'),
    classNames: ['haproxy'],
    podLabels: [{ run: 'haproxy-ingress' }, { 'app.kubernetes.io/name': 'kubernetes-ingress' }],
    namespaces: ['haproxy-controller'],
  },
  {
    name: 'HAProxy Ingress',
    controls: (c) => c === 'haproxy-ingress.github.io/controller',
    classNames: ['haproxy'],
    podLabels: [{ 'app.kubernetes.io/name': 'haproxy-ingress' }],
    namespaces: ['ingress-controller'],
  },
  {
    name: 'Kong',
    controls: (c) => c === 'ingress-controllers.konghq.com/kong',
    classNames: ['kong'],
    podLabels: [{ 'app.kubernetes.io/name': 'kong' }, { app: 'proxy-kong' }],
    namespaces: ['kong'],
  },
  {
    name: 'GKE Ingress',
    controls: (c) => c === 'k8s.io/ingress-gce',
    classNames: ['gce'],
    podLabels: [],
    namespaces: [],
    sourceRanges: ['35.191.0.0/16', '130.211.0.0/22', '2600:2d00:1:b029::/64', '2600:2d00:1:1::/64'],
  },
];

/** One guess at who sends an Ingress's traffic: an endpoint, and the words that name the guess. */
export interface ControllerCandidate {
  readonly endpoint: Endpoint;
  /** `Deployment "ingress-nginx-controller" in namespace "ingress-nginx", the ingress-nginx controller of the linted files`. */
  readonly description: string;
}

/** The well-known controllers that may serve an Ingress: by its IngressClass, else its class name; all of them when neither says. */
function knownFor(model: Model, ingress: Ingress): readonly KnownController[] {
  const className = ingress.className;
  const ingressClass =
    className !== undefined ? model.ingressClasses.find((c) => c.object.name === className) : model.ingressClasses.find((c) => c.isDefault);
  if (ingressClass?.controller !== undefined) return KNOWN.filter((k) => k.controls(ingressClass.controller!));
  if (className !== undefined) return KNOWN.filter((k) => k.classNames.includes(className));
  return KNOWN;
}

/** Whether a workload runs this controller: its pod labels, or an argument naming its IngressClass controller. */
function runs(workload: Workload, known: KnownController, controller: string | undefined): boolean {
  if (known.podLabels.some((labels) => matchesSelector(fromMatchLabels(labels), workload.template.labels))) return true;
  return controller !== undefined && startedFor(workload, controller);
}

/** Whether an argument names the IngressClass controller: ingress-nginx's --controller-class=k8s.io/ingress-nginx, and any controller started with its class's value. */
function startedFor(workload: Workload, controller: string): boolean {
  const suffix = `=${controller}`;
  return workload.template.containers.some((c) => c.args.some((arg) => arg.value.endsWith(suffix)));
}

// Weak, by model: these memos live as long as the model their caller holds, no longer.
const candidatesCache = new WeakMap<Model, Map<string, ControllerCandidate[]>>();

/**
 * The candidates for the controller serving an Ingress when `cluster.ingressController` is not set:
 * the recognised controller workloads of the tree (exact endpoints), else each well-known one where
 * its installs put it (pods that need not be in the tree, or a cloud load balancer's address ranges).
 * Empty when the class names a controller this table does not know. Memoised per model and class.
 */
export function controllerCandidates(model: Model, ingress: Ingress): ControllerCandidate[] {
  let byClass = candidatesCache.get(model);
  if (!byClass) candidatesCache.set(model, (byClass = new Map()));
  const key = ingress.className ?? '\0';
  let candidates = byClass.get(key);
  if (!candidates) byClass.set(key, (candidates = findCandidates(model, ingress)));
  return candidates;
}

function findCandidates(model: Model, ingress: Ingress): ControllerCandidate[] {
  const known = knownFor(model, ingress);
  const controller = model.ingressClasses.find((c) => c.object.name === ingress.className)?.controller;
  // The workloads with a known controller's pod labels, through the label index rather than a test of each workload.
  const labelled = new Set(known.flatMap((k) => k.podLabels.flatMap((labels) => relationsOf(model).workloadsMatchingAnywhere(fromMatchLabels(labels)))));
  // No known controller (a class this table does not know): no workload runs one.
  const inTree = known.length === 0 ? [] : model.workloads.filter((w) => !w.template.hostNetwork && (labelled.has(w) || (controller !== undefined && startedFor(w, controller))));
  if (inTree.length > 0) {
    return inTree.map((w) => {
      const name = known.find((k) => runs(w, k, controller))!.name;
      return { endpoint: workloadEndpoint(w), description: `${describeWorkload(w, true)}, the ${name} controller of the linted files` };
    });
  }
  return known.flatMap((k) => [
    ...k.namespaces.flatMap((namespace) =>
      k.podLabels.map((labels) => ({ endpoint: podEndpoint(namespace, labels), description: `${k.name} in namespace "${namespace}" with pods ${formatLabels(labels)}` })),
    ),
    ...(k.sourceRanges ?? []).flatMap((cidr) => {
      const range = parseCidr(cidr);
      return range ? [{ endpoint: externalEndpoint(range), description: `${k.name}'s load balancers from ${cidr}` }] : [];
    }),
  ]);
}

/**
 * The OpenShift router, as openshift/cluster-ingress-operator deploys it (@acca964): Deployment
 * `router-<ingresscontroller>` in `openshift-ingress` (`DefaultOperandNamespace`), pods labelled
 * `ingresscontroller.operator.openshift.io/deployment-ingresscontroller: <ingresscontroller>`
 * (names.go:33, 246-256), in a namespace the operator labels `network.openshift.io/policy-group:
 * ingress` and `policy-group.network.openshift.io/ingress: ""` for NetworkPolicies to select
 * (assets/router/namespace.yaml). See docs/research/gateway-api.md (e).
 */
export const OPENSHIFT_ROUTER = {
  namespace: 'openshift-ingress',
  podLabel: 'ingresscontroller.operator.openshift.io/deployment-ingresscontroller',
  namespaceLabels: {
    [NAMESPACE_NAME_LABEL]: 'openshift-ingress',
    name: 'openshift-ingress',
    'network.openshift.io/policy-group': 'ingress',
    'policy-group.network.openshift.io/ingress': '',
  },
} as const;

const routerCache = new WeakMap<Model, ControllerCandidate[]>();

/**
 * The candidates for the router serving the tree's OpenShift Routes when `cluster.ingressController`
 * is not set: router workloads of the tree (by their pod label), else the default IngressController's
 * pods where the operator puts them, on the pod network (with the HostNetwork strategy, OVN-Kubernetes
 * and OpenShift SDN still let the namespace's policy-group label select its traffic). Memoised per model.
 */
export function routerCandidates(model: Model): ControllerCandidate[] {
  let candidates = routerCache.get(model);
  if (!candidates) {
    const inTree = model.workloads.filter((w) => !w.template.hostNetwork && w.template.labels[OPENSHIFT_ROUTER.podLabel] !== undefined);
    candidates = inTree.length > 0
      ? inTree.map((w) => ({ endpoint: workloadEndpoint(w), description: `${describeWorkload(w, true)}, the OpenShift router of the linted files` }))
      : [
          {
            endpoint: podEndpoint(OPENSHIFT_ROUTER.namespace, { [OPENSHIFT_ROUTER.podLabel]: 'default' }, undefined, OPENSHIFT_ROUTER.namespaceLabels),
            description: `the OpenShift router in namespace "${OPENSHIFT_ROUTER.namespace}" with pods ${formatLabels({ [OPENSHIFT_ROUTER.podLabel]: 'default' })} and the namespace labels ${formatLabels({ 'policy-group.network.openshift.io/ingress': '', 'network.openshift.io/policy-group': 'ingress' })}`,
          },
        ];
    routerCache.set(model, candidates);
  }
  return candidates;
}

/**
 * Workloads of the tree on the host network that are, or may be, the ingress controller serving an
 * Ingress (`undefined`: an OpenShift Route, served by the router): those `cluster.ingressController`
 * describes when it is set, else the known controllers for its class (the OpenShift router's pods).
 * The candidates leave them out (no selector of a peer admits them); a rule that finds the backend
 * closed to every source asks for them, as a pod cannot block its own node (see `judgeBackend`).
 */
export function hostNetworkControllers(model: Model, ingress: Ingress | undefined): readonly Workload[] {
  const onHost = model.workloads.filter((w) => w.template.hostNetwork);
  if (onHost.length === 0) return onHost;
  const configured = model.settings.ingressController;
  if (configured) {
    const labels = configured.podLabels;
    return onHost.filter((w) => (configured.namespace === undefined || w.object.namespace === configured.namespace) && (!labels || matchesSelector(fromMatchLabels(labels), w.template.labels)));
  }
  if (!ingress) return onHost.filter((w) => w.template.labels[OPENSHIFT_ROUTER.podLabel] !== undefined);
  const known = knownFor(model, ingress);
  const controller = model.ingressClasses.find((c) => c.object.name === ingress.className)?.controller;
  return onHost.filter((w) => known.some((k) => runs(w, k, controller)));
}

/** The candidates as a message names them: the first few, and how many more. */
export function describeCandidates(candidates: readonly ControllerCandidate[]): string {
  return listSome(candidates.map((c) => c.description), 2);
}

// Weak, by model, as the one above.
const routedCache = new WeakMap<Model, ReadonlyMap<Workload, ConnSet>>();
const routedKindsCache = new WeakMap<Model, ReadonlyMap<Workload, ReadonlySet<'Ingress' | 'Route'>>>();

/**
 * Where Ingresses and OpenShift Routes route to, per workload: the TCP target ports of every Ingress
 * backend's Service on the pods it selects, and the pod ports the router keeps for each Route backend.
 * The ingress controller (the OpenShift router, for Routes) opens connections there only, whatever the
 * policies would allow it; `reach` and `explain` limit `{ingress-controller}` to these. Memoised per model.
 */
export function ingressRoutes(model: Model): ReadonlyMap<Workload, ConnSet> {
  let routes = routedCache.get(model);
  if (!routes) {
    const relations = relationsOf(model);
    const map = new Map<Workload, ConnSet>();
    const kinds = new Map<Workload, Set<'Ingress' | 'Route'>>();
    const by = (workload: Workload, kind: 'Ingress' | 'Route') => (kinds.get(workload) ?? kinds.set(workload, new Set()).get(workload)!).add(kind);
    for (const ingress of model.ingresses) {
      for (const backend of ingress.backends) {
        const service = relations.backendService(ingress, backend);
        if (!service || backend.port === undefined) continue;
        const servicePort = findServicePort(service, backend.port);
        if (!servicePort) continue;
        for (const workload of relations.selectedWorkloads(service)) {
          const port = targetPortNumber(workload, servicePort);
          if (port === undefined) continue;
          map.set(workload, (map.get(workload) ?? ConnSet.NONE).union(ConnSet.ports('TCP', port)));
          by(workload, 'Ingress');
        }
      }
    }
    // OpenShift Routes: the router connects to the pod ports of the endpoints it keeps (routes.ts).
    for (const route of openShiftRoutesOf(model)) {
      for (const backend of route.backends) {
        const service = routeBackendService(relations, route, backend);
        // A weight of 0 sends no traffic to that backend.
        if (!service || backend.weight === 0) continue;
        for (const workload of relations.selectedWorkloads(service)) {
          for (const { port } of routedPorts(route, service, workload)) {
            map.set(workload, (map.get(workload) ?? ConnSet.NONE).union(ConnSet.ports('TCP', port)));
            by(workload, 'Route');
          }
        }
      }
    }
    routedCache.set(model, (routes = map));
    routedKindsCache.set(model, kinds);
  }
  return routes;
}

/**
 * Which kinds route the ingress controller to each workload of `ingressRoutes`: `Ingress`, OpenShift
 * `Route`, or both (what `explain` names). Memoised with it.
 */
export function ingressRouteKinds(model: Model): ReadonlyMap<Workload, ReadonlySet<'Ingress' | 'Route'>> {
  ingressRoutes(model);
  return routedKindsCache.get(model)!;
}

// Weak, by model, as the ones above.
const inferredCache = new WeakMap<Model, readonly string[]>();

/**
 * The namespaces where an unconfigured ingress controller of the tree's Ingresses is assumed to run
 * (the candidates that are pods outside the tree: `ingress-nginx`, `traefik`, ...), and the OpenShift
 * router's when the tree has Routes. A policy that
 * admits the controller there, as ingress-backend-unreachable advises, selects pods that exist
 * outside the tree. Empty when `cluster.ingressController` is set. Memoised per model.
 */
export function inferredControllerNamespaces(model: Model): readonly string[] {
  let namespaces = inferredCache.get(model);
  if (!namespaces) {
    const names = new Set<string>();
    if (!model.settings.ingressController) {
      for (const ingress of model.ingresses) {
        for (const candidate of controllerCandidates(model, ingress)) if (candidate.endpoint.type === 'pod') names.add(candidate.endpoint.namespace);
      }
      if (openShiftRoutesOf(model).length > 0) for (const candidate of routerCandidates(model)) if (candidate.endpoint.type === 'pod') names.add(candidate.endpoint.namespace);
    }
    inferredCache.set(model, (namespaces = [...names].sort()));
  }
  return namespaces;
}

/**
 * Who `{ingress-controller}` is toward a workload, for `explain` and assertions, by the one inference
 * `ingress-backend-unreachable` makes: `config` when `cluster.ingressController` is set (the engine's
 * `INGRESS_CONTROLLER` endpoint is then exact); else `assumed`, the candidates of the classes of the
 * Ingresses (and the OpenShift router, for Routes) routing to it (`controllerCandidates`); else
 * `unknown` (no Ingress routes there, or its class names a controller this table does not know).
 */
export type IngressSender =
  | { readonly certainty: 'config' }
  | { readonly certainty: 'assumed'; readonly candidates: readonly ControllerCandidate[] }
  | { readonly certainty: 'unknown'; readonly why: string };

export function ingressSenderTo(model: Model, workload: Workload): IngressSender {
  if (model.settings.ingressController) return { certainty: 'config' };
  const candidates = inferredSenders(model).get(workload);
  if (candidates) return { certainty: 'assumed', candidates };
  return { certainty: 'unknown', why: UNKNOWN_WHY };
}

const UNKNOWN_WHY = 'cluster.ingressController is not set, and no Ingress class routing here names a controller kube-netlint knows';

// Weak, by model, as the ones above.
const sendersCache = new WeakMap<Model, ReadonlyMap<Workload, readonly ControllerCandidate[]>>();

/**
 * Per workload an Ingress (by any backend) or an OpenShift Route routes to, the candidates of the
 * classes of those Ingresses and the router's (`controllerCandidates`, `routerCandidates`), by
 * description; absent where none is known. One pass over the routes, memoised per model.
 */
function inferredSenders(model: Model): ReadonlyMap<Workload, readonly ControllerCandidate[]> {
  let senders = sendersCache.get(model);
  if (!senders) {
    const relations = relationsOf(model);
    const byWorkload = new Map<Workload, Map<string, ControllerCandidate>>();
    const add = (workload: Workload, candidates: readonly ControllerCandidate[]) => {
      if (candidates.length === 0) return;
      let known = byWorkload.get(workload);
      if (!known) byWorkload.set(workload, (known = new Map()));
      for (const candidate of candidates) known.set(candidate.description, candidate);
    };
    for (const ingress of model.ingresses) {
      for (const backend of ingress.backends) {
        const service = relations.backendService(ingress, backend);
        if (service) for (const workload of relations.selectedWorkloads(service)) add(workload, controllerCandidates(model, ingress));
      }
    }
    for (const route of openShiftRoutesOf(model)) {
      for (const backend of route.backends) {
        const service = routeBackendService(relations, route, backend);
        if (service) for (const workload of relations.selectedWorkloads(service)) add(workload, routerCandidates(model));
      }
    }
    // Workloads with the same candidates share one list: the matrix evaluates a class once per list.
    const lists = new Map<string, ControllerCandidate[]>();
    const shared = (known: Map<string, ControllerCandidate>) => {
      const key = [...known.keys()].join('\n');
      return lists.get(key) ?? lists.set(key, [...known.values()]).get(key)!;
    };
    senders = new Map([...byWorkload].map(([workload, known]) => [workload, shared(known)]));
    sendersCache.set(model, senders);
  }
  return senders;
}

/** What a judgement from an inferred controller assumes, in the same words wherever it is said (explain, assertions, reach). */
function inferredWords(named: string): string {
  return `the ingress controller is inferred from the Ingress class, not configured: ${named}; set cluster.ingressController in .kube-netlint.yaml to make it certain`;
}

/** What a judgement from a controller nothing names assumes. */
function unknownWords(why: string): string {
  return `where the ingress controller runs is not known (${why}); set cluster.ingressController in .kube-netlint.yaml`;
}

/**
 * What the engine evaluates for `{ingress-controller}` toward a workload, by `ingressSenderTo`: the
 * configured identity, else each inferred candidate (it may be any of them: `reach` unites what they
 * may open, `explain` finds the first allowed), else the identity only selectors of everything admit.
 */
export function ingressControllerEndpointsTo(model: Model, workload: Workload): readonly Endpoint[] {
  const sender = ingressSenderTo(model, workload);
  if (sender.certainty !== 'assumed') return THE_CONTROLLER;
  let endpoints = endpointsCache.get(sender.candidates);
  if (!endpoints) endpointsCache.set(sender.candidates, (endpoints = sender.candidates.map((c) => c.endpoint)));
  return endpoints;
}

// One list per list of candidates (shared by the workloads with the same ones), so callers may key by it.
const endpointsCache = new WeakMap<readonly ControllerCandidate[], readonly Endpoint[]>();
const THE_CONTROLLER: readonly Endpoint[] = [INGRESS_CONTROLLER];

/**
 * What `reach` says once when `{ingress-controller}` stands for an inference (no `cluster.ingressController`
 * and Ingresses or OpenShift Routes route to workloads of the tree): the candidates its edges are worked
 * out from, and where no candidate is known, that too. Undefined when configured or nothing is routed.
 */
export function ingressControllerCaveat(model: Model): Caveat | undefined {
  if (model.settings.ingressController) return undefined;
  const routed = [...ingressRoutes(model).keys()];
  if (routed.length === 0) return undefined;
  const senders = inferredSenders(model);
  const candidates = new Map<string, ControllerCandidate>();
  for (const workload of routed) for (const candidate of senders.get(workload) ?? []) candidates.set(candidate.description, candidate);
  const unknown = routed.filter((workload) => !senders.has(workload));
  const parts = [
    ...(candidates.size > 0 ? [inferredWords(`{ingress-controller} stands for ${describeCandidates([...candidates.values()])}`)] : []),
    ...(unknown.length > 0 ? [unknownWords(`${UNKNOWN_WHY}, for ${listSome(unknown.map((w) => describeWorkload(w, true)), 2)}`)] : []),
  ];
  const files = new Set<string>([...model.ingresses.map((i) => i.object.doc.file.path), ...openShiftRoutesOf(model).map((r) => r.object.doc.file.path)]);
  return { about: 'ingress-controller', message: parts.join('; '), kinds: [], files: [...files].sort() };
}

/**
 * The verdict from `{ingress-controller}` to a workload on a query, by `ingressSenderTo`: configured,
 * the engine's own; inferred, the first candidate allowed (limited to `routed`, the ports Ingresses
 * send there, when given), else the first one's, with the assumption named; not known, the engine's
 * (selectors that select everything only), with that said. `explain` and assertions call this.
 */
export function verdictFromIngressController(model: Model, workload: Workload, query: Query, routed?: ConnSet): { readonly verdict: Verdict; readonly assumption?: string } {
  const engine = policyEngineOf(model);
  const destination = workloadEndpoint(workload);
  const sender = ingressSenderTo(model, workload);
  // Where no Ingress routes the queried port, no controller connects, whoever it is: nothing is assumed.
  const unrouted = routed !== undefined && query.port !== undefined && !admits(routed, query);
  if (sender.certainty === 'config' || unrouted) return { verdict: engine.evaluate({ type: 'ingress-controller' }, destination, query) };
  if (sender.certainty === 'unknown') {
    return { verdict: engine.evaluate({ type: 'ingress-controller' }, destination, query), assumption: unknownWords(sender.why) };
  }
  const tried = sender.candidates.map((candidate) => ({ candidate, verdict: engine.evaluate(candidate.endpoint, destination, query) }));
  const within = (v: Verdict) => (routed ? v.connections.intersect(routed) : v.connections);
  const chosen = tried.find((t) => admits(within(t.verdict), query)) ?? tried[0]!;
  const others = tried.length > 1 ? ` (the candidates: ${describeCandidates(sender.candidates)})` : '';
  return {
    verdict: chosen.verdict,
    assumption: inferredWords(`${chosen.candidate.description}${others}`),
  };
}
