/**
 * What the linted tree can say about the pods of a namespace. Rules that report "selects nothing"
 * must not do so for namespaces whose pods live outside the tree (kube-system's kube-dns, a monitoring
 * namespace declared in `cluster.namespaces`, the ingress controller's namespace): those pods exist
 * but are unknown here.
 */
import type { Model, Namespace, NetworkPolicy, PolicyPeer } from '../model/types.ts';
import type { PolicyEngine } from './policy.ts';
import { dnsNamespaces, dnsServices } from './dns.ts';
import { relationsOf } from './relations.ts';
import { matchesSelector } from './selector.ts';

/** Namespaces every cluster has, whether or not the tree or the config declares them. */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/**
 * Namespaces that exist without the model listing them: the built-in ones, the namespace of the
 * ingress controller configured in `cluster.ingressController` (the engine already places the
 * controller there, with the implicit `kubernetes.io/metadata.name` label) and those of `cluster.dns`.
 */
export function implicitNamespaces(model: Model): string[] {
  const controller = model.settings.ingressController?.namespace;
  const names = controller === undefined ? [...BUILT_IN_NAMESPACES] : [...BUILT_IN_NAMESPACES, controller];
  // The namespaces of the DNS servers that cluster.dns declares (openshift-dns); not the assumed ones.
  if (model.settings.dns) names.push(...dnsNamespaces(model));
  return [...new Set(names)].filter((name) => !model.namespaces.has(name));
}

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
    dnsNamespaces(model).includes(namespace)
  );
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
