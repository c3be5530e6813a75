/**
 * What Cilium's policy selectors mean for pods (docs/research/policies.md §2.3, §2.4): the labels an
 * endpoint carries, the namespace Cilium adds to the selectors of a namespaced policy
 * (pkg/k8s/apis/cilium.io/utils/utils.go), label sources, and entities. Pure: the policy engine and
 * the rules call it.
 */
import type { LabelSelector, LabelSelectorRequirement } from '../model/types.ts';
import type { CiliumPolicy, CiliumSpec } from '../model/kinds/cilium.ts';
import { matchesSelector, type Labels } from './selector.ts';

/** `k8s:io.kubernetes.pod.namespace` (pkg/k8s/apis/cilium.io/const.go PodNamespaceLabel). */
export const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
/** `io.cilium.k8s.namespace.labels.<key>`: the namespace's labels on each of its pods (PodNamespaceMetaLabels). */
export const CILIUM_NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
/** `io.cilium.k8s.policy.serviceaccount` (const.go PolicyLabelServiceAccount). */
export const CILIUM_SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';
/** The cluster name label; Cilium's default cluster name is "default" (an assumption, named in explain). */
export const CILIUM_CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';

/**
 * Sources a selector key may name. "If no source is provided, the label source defaults to `any:`
 * which will match all labels regardless of their source"; pod labels are `k8s:` labels. Other sources
 * (`reserved:`, `container:`, `unspec:`, `cidr:`) never label a pod, so their keys stay prefixed and
 * match no pod label.
 */
function podKey(key: string): string {
  if (key.startsWith('k8s:')) return key.slice(4);
  if (key.startsWith('any:')) return key.slice(4);
  return key;
}

const isReserved = (key: string) => key.startsWith('reserved:');

/** A selector with its keys read as pod label keys (source prefixes `k8s:` and `any:` removed). */
export function podSelectorOf(selector: LabelSelector): LabelSelector {
  const matchLabels: Record<string, string> = {};
  for (const key in selector.matchLabels) matchLabels[podKey(key)] = selector.matchLabels[key]!;
  return {
    matchLabels,
    matchExpressions: selector.matchExpressions.map((r) => ({ ...r, key: podKey(r.key) })),
    ...(selector.invalid ? { invalid: true as const } : {}),
  };
}

/** The labels of a pod as Cilium's endpoint identity has them (its own, its namespace, the namespace's labels, the cluster). */
export function ciliumPodLabels(namespace: string, labels: Labels, namespaceLabels: Labels, serviceAccount?: string): Labels {
  const out: Record<string, string> = { ...labels, [CILIUM_NAMESPACE_LABEL]: namespace, [CILIUM_CLUSTER_LABEL]: 'default' };
  if (serviceAccount !== undefined) out[CILIUM_SERVICE_ACCOUNT_LABEL] = serviceAccount;
  for (const key in namespaceLabels) out[`${CILIUM_NAMESPACE_LABELS_PREFIX}${key}`] = namespaceLabels[key]!;
  return out;
}

const selectorKeys = (selector: LabelSelector): string[] => [...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((r) => r.key)];

/**
 * The endpointSelector as Cilium applies it: for a CiliumNetworkPolicy the policy's namespace is
 * always added (a different namespace written there is overridden); a clusterwide one is unchanged.
 */
export function subjectSelector(policy: CiliumPolicy, spec: CiliumSpec): LabelSelector | undefined {
  if (!spec.endpointSelector) return undefined;
  const selector = podSelectorOf(spec.endpointSelector.selector);
  if (policy.clusterwide) return selector;
  const matchExpressions = selector.matchExpressions.filter((r) => r.key !== CILIUM_NAMESPACE_LABEL);
  return { ...selector, matchLabels: { ...selector.matchLabels, [CILIUM_NAMESPACE_LABEL]: policy.object.namespace }, matchExpressions };
}

/**
 * A `fromEndpoints`/`toEndpoints` selector as Cilium applies it (utils.go getEndpointSelector): with a
 * `reserved:` key, unchanged; with a namespace key (or, in a namespaced policy, a namespace-labels
 * key), unchanged; otherwise a namespaced policy adds its own namespace, and a clusterwide one
 * requires some namespace (only pods, any namespace).
 */
export function peerSelector(policy: CiliumPolicy, written: LabelSelector): LabelSelector {
  const keys = selectorKeys(written);
  const selector = podSelectorOf(written);
  if (keys.some(isReserved)) return selector;
  const pod = keys.map(podKey);
  if (pod.includes(CILIUM_NAMESPACE_LABEL)) return selector;
  if (!policy.clusterwide) {
    if (pod.some((k) => k.startsWith(CILIUM_NAMESPACE_LABELS_PREFIX))) return selector;
    return { ...selector, matchLabels: { ...selector.matchLabels, [CILIUM_NAMESPACE_LABEL]: policy.object.namespace } };
  }
  const exists: LabelSelectorRequirement = { key: CILIUM_NAMESPACE_LABEL, operator: 'Exists', values: [] };
  return { ...selector, matchExpressions: [...selector.matchExpressions, exists] };
}

/** Whether a selector (as `subjectSelector`/`peerSelector` give it) selects a pod with these Cilium labels. */
export function ciliumSelects(selector: LabelSelector, podLabels: Labels): boolean {
  return !selector.invalid && matchesSelector(selector, podLabels);
}

/** What an endpoint is, for entities: a pod on the pod network, a pod on the host network, or addresses outside the cluster. */
export type CiliumIdentity = 'pod' | 'host' | 'world';

/**
 * Entities (pkg/policy/api/entity.go): `all` is every identity; `world` (and world-ipv4/ipv6) the
 * outside; `cluster` every identity inside the cluster, pods and nodes; `host` and `remote-node` the
 * nodes with their host-network pods (which one is the local node the tree cannot tell, so both match
 * a host-network pod). `kube-apiserver`, `init`, `health`, `ingress`, `unmanaged` and `none` match no
 * pod of the tree.
 */
export function entityMatches(entity: string, identity: CiliumIdentity): boolean {
  switch (entity) {
    case 'all':
      return true;
    case 'world':
    case 'world-ipv4':
    case 'world-ipv6':
      return identity === 'world';
    case 'cluster':
      return identity !== 'world';
    case 'host':
    case 'remote-node':
      return identity === 'host';
    default:
      return false;
  }
}

/**
 * Whether a spec turns on default deny for a direction (rule_validation.go): `enableDefaultDeny` as
 * written, else whether the direction has rules (allow or deny lists, even `[{}]`).
 */
export function defaultDenies(spec: CiliumSpec, direction: 'ingress' | 'egress'): boolean {
  return spec.enableDefaultDeny[direction] ?? (direction === 'ingress' ? spec.hasIngress : spec.hasEgress);
}
