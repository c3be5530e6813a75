/**
 * Pods outside the tree, as exposure analysis names them and `explain` reads them back: `{entire
 * cluster}`, `[namespace with env=prod]/[pod with app=web]`, `shop/[all pods]`, `[all
 * namespaces]/[pod with app=web]`. Each stands for the pods a policy peer may admit whether the tree
 * holds them or not (`RepresentativePeer` of tiers.ts); the engine is asked about one concrete pod of
 * it (`outsidePodEndpoint`), whose selectors' witness labels label-witness.ts finds. Pure.
 */
import type { Model } from '../model/types.ts';
import { NAMESPACE_NAME_LABEL } from '../model/kinds/core-references.ts';
import { isDns1123Label } from '../model/names.ts';
import { isCalicoSelectorError, parseCalicoSelector } from './calico-selector.ts';
import { calicoWitness, selectorWitness } from './label-witness.ts';
import { podEndpoint, type Endpoint } from './policy.ts';
import { parseSelector } from './selector-syntax.ts';
import { formatLabels, type Labels } from './selector.ts';
import type { RepresentativePeer } from './tiers.ts';

/** Any pod of the cluster that the tree does not hold. */
export const ENTIRE_CLUSTER_ID = '{entire cluster}';

/** A concrete pod of a representative: `RepresentativePeer.example`. */
export type OutsidePod = RepresentativePeer['example'];

/** How output and `explain` name a representative: `[namespace with env=prod]/[pod with app=web]`. */
export function outsidePodId(representative: Pick<RepresentativePeer, 'namespace' | 'pods'>): string {
  const { namespace, pods } = representative;
  if (namespace.type === 'any' && pods.type === 'any') return ENTIRE_CLUSTER_ID;
  const ns = namespace.type === 'any' ? '[all namespaces]' : namespace.type === 'name' ? namespace.name : `[namespace with ${namespace.text}]`;
  return `${ns}/${pods.type === 'any' ? '[all pods]' : `[pod with ${pods.text}]`}`;
}

/** Labels a selector text selects: kubectl's syntax (`app=web,tier in (a,b)`), else Calico's (`app == "web"`). */
function witnessOf(text: string): Labels | { readonly error: string } {
  // Calico's strings are quoted and its operators words kubectl's syntax lacks; a label value holds no quote.
  const calicoOnly = /["'&|]|has\(|all\(\)|global\(\)/.test(text);
  const selector = calicoOnly ? { error: 'Calico syntax' } : parseSelector(text);
  if (!('error' in selector)) return selectorWitness(selector) ?? { error: `no labels satisfy "${text}"` };
  const calico = parseCalicoSelector(text);
  if (isCalicoSelectorError(calico)) return { error: `"${text}" is not a label selector (${selector.error})` };
  return calicoWitness(calico) ?? { error: `no labels satisfy "${text}"` };
}

const OUTSIDE_POD = /^(\[all namespaces\]|\[namespace with (.+?)\]|([^/[\]{}]+))\/(\[all pods\]|\[pod with (.+)\])$/;

/**
 * Reads a representative's name back into one pod of it (the labels its selectors need, no more);
 * undefined when the text is not such a name, an error when it is one whose selectors nothing satisfies.
 */
export function parseOutsidePod(text: string): { readonly id: string; readonly pod: OutsidePod } | { readonly error: string } | undefined {
  const trimmed = text.trim();
  if (trimmed === ENTIRE_CLUSTER_ID) return { id: ENTIRE_CLUSTER_ID, pod: { namespaceLabels: {}, labels: {} } };
  const match = OUTSIDE_POD.exec(trimmed);
  if (!match) return undefined;
  const [, , namespaceText, name, , podText] = match;
  if (name !== undefined && !isDns1123Label(name)) return { error: `"${name}" is not a namespace name` };
  const namespaceLabels = namespaceText !== undefined ? witnessOf(namespaceText) : name !== undefined ? { [NAMESPACE_NAME_LABEL]: name } : {};
  if ('error' in namespaceLabels) return { error: namespaceLabels.error as string };
  const labels = podText !== undefined ? witnessOf(podText) : {};
  if ('error' in labels) return { error: labels.error as string };
  const fixed = name ?? (namespaceLabels as Labels)[NAMESPACE_NAME_LABEL];
  return { id: trimmed, pod: { ...(fixed !== undefined ? { namespace: fixed } : {}), namespaceLabels: namespaceLabels as Labels, labels: labels as Labels } };
}

/** A namespace name the tree does not use: the namespace of an outside pod whose description fixes none. */
const fresh = new WeakMap<Model, string>();
function freshNamespace(model: Model): string {
  const known = fresh.get(model);
  if (known !== undefined) return known;
  const used = new Set<string>([...model.namespaces.keys(), ...model.workloads.map((w) => w.object.namespace), ...model.policies.map((p) => p.object.namespace)]);
  let name = 'not-in-the-manifests';
  for (let i = 2; used.has(name); i++) name = `not-in-the-manifests-${i}`;
  fresh.set(model, name);
  return name;
}

/**
 * The pod of a representative as an endpoint: in the namespace it names (the tree's labels then apply,
 * and its policies), else in a namespace the tree does not have, labelled as the example says (and
 * with `kubernetes.io/metadata.name`, which every namespace carries).
 */
export function outsidePodEndpoint(model: Model, pod: OutsidePod): Endpoint {
  const namespace = pod.namespace ?? freshNamespace(model);
  const namespaceLabels = { ...pod.namespaceLabels, [NAMESPACE_NAME_LABEL]: namespace };
  return { ...podEndpoint(namespace, pod.labels, undefined, namespaceLabels), ...(pod.serviceAccount !== undefined ? { serviceAccount: pod.serviceAccount } : {}) } as Endpoint;
}

/**
 * What `explain` says it asked about for an outside pod (its `member`): `a pod not in the manifests,
 * labelled app=web, in namespace shop` or `..., in a namespace not in the manifests labelled team=ops`.
 */
export function describeOutsidePod(model: Model, pod: OutsidePod): string {
  const labels = Object.keys(pod.labels).length ? `labelled ${formatLabels(pod.labels)}` : 'without labels';
  const account = pod.serviceAccount !== undefined ? `, service account ${pod.serviceAccount}` : '';
  if (pod.namespace !== undefined) return `a pod not in the manifests, ${labels}${account}, in namespace ${pod.namespace}${model.namespaces.has(pod.namespace) ? '' : ' (not in the manifests either)'}`;
  const { [NAMESPACE_NAME_LABEL]: _name, ...namespaceLabels } = pod.namespaceLabels;
  const namespace = Object.keys(namespaceLabels).length ? `labelled ${formatLabels(namespaceLabels)}` : 'without labels';
  return `a pod not in the manifests, ${labels}${account}, in a namespace not in the manifests ${namespace}`;
}
