/**
 * What the linted tree can say about the pods of a namespace. Rules that report "selects nothing"
 * must not do so for namespaces whose pods live outside the tree (kube-system's kube-dns, a monitoring
 * namespace declared in `cluster.namespaces`, the ingress controller's namespace): those pods exist
 * but are unknown here.
 */
import type { Model, Namespace, NetworkPolicy, PolicyPeer } from '../model/types.ts';
import type { PolicyEngine } from './policy.ts';
import { dnsNamespaces, dnsServices } from './dns.ts';
import { viewsOf } from '../model/kinds/define.ts';
import { GATEWAY_KIND } from '../model/kinds/gateway-api.ts';
import { dataPlaneEndpoints, dataPlaneOf } from './gateway-data-plane.ts';
import { controllerCandidates, inferredControllerNamespaces, routerCandidates } from './ingress-controllers.ts';
import { openShiftRoutesOf } from './routes.ts';
import type { Endpoint } from './policy.ts';
import { relationsOf } from './relations.ts';
import { matchesSelector } from './selector.ts';

/** Namespaces every cluster has, whether or not the tree or the config declares them. */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/**
 * Namespaces that exist without the model listing them: the built-in ones, the namespace of the
 * ingress controller configured in `cluster.ingressController` (the engine already places the
 * controller there, with the implicit `kubernetes.io/metadata.name` label), those of `cluster.dns`, and,
 * without a configured controller, those where the Ingresses' controllers are assumed to run.
 */
export function implicitNamespaces(model: Model): readonly string[] {
  // Asked once per peer with a namespaceSelector (a thousand policies ask it thousands of times): once per model.
  let names = implicitCache.get(model);
  if (!names) {
    const controller = model.settings.ingressController?.namespace;
    const all = controller === undefined ? [...BUILT_IN_NAMESPACES] : [...BUILT_IN_NAMESPACES, controller];
    // The namespaces of the DNS servers that cluster.dns declares (openshift-dns); not the assumed ones.
    if (model.settings.dns) all.push(...dnsNamespaces(model));
    // Where the unconfigured ingress controller of the tree's Ingresses, and the Gateways' data planes, are assumed to run.
    all.push(...frontDoorNamespaces(model));
    implicitCache.set(model, (names = [...new Set(all)].filter((name) => !model.namespaces.has(name))));
  }
  return names;
}

// Weak, by model: lives as long as the model its caller holds.
const implicitCache = new WeakMap<Model, readonly string[]>();

/** The namespaces a pods peer draws from (engine semantics), plus the implicit ones its namespaceSelector matches. */
export function peerNamespaces(engine: PolicyEngine, policy: NetworkPolicy, peer: PolicyPeer): Namespace[] {
  const namespaces = engine.namespacesMatchingPeer(policy, peer);
  if (peer.type !== 'pods' || !peer.namespaceSelector) return namespaces;
  for (const name of implicitNamespaces(engine.model)) {
    const labels = engine.namespaceLabels(name);
    if (matchesSelector(peer.namespaceSelector, labels)) namespaces.push({ name, labels, assumed: true });
  }
  return namespaces;
}

/** Built-in namespaces whose pods are the cluster's own (add-ons, control plane), never the tree's. */
const SYSTEM_NAMESPACES: readonly string[] = ['kube-node-lease', 'kube-public', 'kube-system'];

/**
 * Whether a namespace's pods live outside the tree, by what every cluster is and what the config
 * says: kube-system (and the other system namespaces), a namespace declared in `cluster.namespaces`,
 * the configured ingress controller's, the DNS servers' (`cluster.dns`); even when a Namespace object of the tree declares it to give it
 * labels. Its pods that the tree does not show exist all the same.
 */
export function podsOutsideTree(model: Model, namespace: string): boolean {
  return (
    SYSTEM_NAMESPACES.includes(namespace) ||
    model.settings.externalNamespaces.some((e) => e.name === namespace) ||
    model.settings.ingressController?.namespace === namespace ||
    dnsNamespaces(model).includes(namespace) ||
    frontDoorNamespaces(model).includes(namespace)
  );
}

// Weak, by model: these memos live as long as the model their caller holds.
const frontDoorCache = new WeakMap<Model, { readonly namespaces: readonly string[]; readonly endpoints: readonly Endpoint[] }>();

/**
 * The pods the tool itself assumes send traffic in, outside the tree: the unconfigured ingress
 * controller's candidates (`controllerCandidates`, the OpenShift router's for Routes) and each
 * Gateway's data plane where its implementation deploys it or cluster.gateways puts it
 * (`dataPlaneOf`), with their namespaces. A rule must not call a peer admitting them an orphan, as
 * `explain` places traffic there. Memoised per model.
 */
function frontDoors(model: Model): { readonly namespaces: readonly string[]; readonly endpoints: readonly Endpoint[] } {
  let doors = frontDoorCache.get(model);
  if (!doors) {
    // A set: the Ingresses of one class share their candidates (the same endpoints), and a list with
    // them once per Ingress made every peer of a large tree test thousands of copies (issue 14).
    const endpoints = new Set<Endpoint>();
    if (!model.settings.ingressController) {
      for (const ingress of model.ingresses) for (const candidate of controllerCandidates(model, ingress)) endpoints.add(candidate.endpoint);
      if (openShiftRoutesOf(model).length > 0) for (const candidate of routerCandidates(model)) endpoints.add(candidate.endpoint);
    }
    for (const gateway of viewsOf(model, GATEWAY_KIND)) {
      const plane = dataPlaneOf(model, gateway);
      if (plane.certainty === 'assumed' || plane.certainty === 'config') for (const endpoint of dataPlaneEndpoints(plane)) endpoints.add(endpoint);
    }
    const namespaces = new Set(inferredControllerNamespaces(model));
    for (const endpoint of endpoints) if ((endpoint.type === 'pod' || endpoint.type === 'unknown-pod') && endpoint.namespace !== undefined) namespaces.add(endpoint.namespace);
    // Each Ingress of a class gets the same candidate objects (controllerCandidates is memoised per
    // class): once each, or 2,000 Ingresses make every peer test the same few pods 2,000 times.
    const pods = [...new Set(endpoints)].filter((e) => e.type === 'pod' || e.type === 'unknown-pod');
    frontDoorCache.set(model, (doors = { namespaces: [...namespaces].sort(), endpoints: pods }));
  }
  return doors;
}

/** The namespaces of `frontDoors`: where the tool assumes an ingress controller or a Gateway data plane runs. */
export function frontDoorNamespaces(model: Model): readonly string[] {
  return frontDoors(model).namespaces;
}

/** The endpoints of `frontDoors` outside the tree (pods the tool assumes, not workloads it reads). */
export function frontDoorEndpoints(model: Model): readonly Endpoint[] {
  return frontDoors(model).endpoints;
}

/**
 * Whether the tree cannot tell a namespace's pods: it has no workloads there, and the namespace's pods
 * live outside the tree (`podsOutsideTree`), or it is `default` and the tree does not declare it.
 */
export function podsUnknown(model: Model, namespace: string): boolean {
  if (relationsOf(model).workloadsIn(namespace).length > 0) return false;
  if (podsOutsideTree(model, namespace)) return true;
  return !model.namespaces.get(namespace)?.object && BUILT_IN_NAMESPACES.includes(namespace);
}

/**
 * Whether a Service exists in every cluster of the config, outside the tree: `kubernetes` in `default`
 * (the API server's, created by the API server itself), and the Services in front of the DNS servers
 * (`kube-dns` in `kube-system`, OpenShift's `dns-default`, or those cluster.dns names).
 */
export function isWellKnownService(model: Model, namespace: string, name: string): boolean {
  if (namespace === 'default' && name === 'kubernetes') return true;
  return dnsServices(model).some((service) => service.namespace === namespace && service.name === name);
}
