/**
 * The registry of kind modules (see ./define.ts): the one list of the kinds the model reads. A new
 * kind is a module file and one line here; nothing else dispatches on kind names.
 */
import { CALICO_GLOBAL_NETWORK_POLICY_KIND, CALICO_NETWORK_POLICY_KIND, CALICO_TIER_KIND } from './calico.ts';
import { CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND, CILIUM_NETWORK_POLICY_KIND } from './cilium.ts';
import { CLUSTER_POLICY_KIND_MODULES } from './cluster-network-policy.ts';
import { CONFIG_MAP_KIND, ENDPOINTS_KIND, ENDPOINT_SLICE_KIND, NAMESPACE_KIND, SECRET_KIND } from './core-references.ts';
import { groupOf, type KindModule } from './define.ts';
import { GATEWAY_API_KIND_MODULES } from './gateway-api.ts';
import { INGRESS_CLASS_KIND } from './ingress-class.ts';
import { INGRESS_KIND } from './ingress.ts';
import { NETWORK_POLICY_KIND } from './network-policy.ts';
import { ROUTE_KIND } from './route.ts';
import { SERVICE_KIND } from './service.ts';
import { WORKLOAD_KIND_MODULES } from './workloads.ts';

export const KIND_MODULES: readonly KindModule[] = [
  ...WORKLOAD_KIND_MODULES,
  NAMESPACE_KIND,
  SERVICE_KIND,
  ENDPOINTS_KIND,
  ENDPOINT_SLICE_KIND,
  CONFIG_MAP_KIND,
  SECRET_KIND,
  INGRESS_KIND,
  INGRESS_CLASS_KIND,
  NETWORK_POLICY_KIND,
  ROUTE_KIND,
  ...GATEWAY_API_KIND_MODULES,
  CILIUM_NETWORK_POLICY_KIND,
  CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND,
  CALICO_NETWORK_POLICY_KIND,
  CALICO_GLOBAL_NETWORK_POLICY_KIND,
  CALICO_TIER_KIND,
  ...CLUSTER_POLICY_KIND_MODULES,
];

/** Modules by kind name (several when a name is served by more than one group's module). */
const BY_KIND = new Map<string, KindModule[]>();
for (const module of KIND_MODULES) {
  const list = BY_KIND.get(module.kind);
  if (list) list.push(module);
  else BY_KIND.set(module.kind, [module]);
}

/** The module that reads objects of this kind and apiVersion; undefined for a kind the model does not read (a same-named custom resource included). */
export function kindModuleOf(kind: string, apiVersion: string): KindModule | undefined {
  const group = groupOf(apiVersion);
  return BY_KIND.get(kind)?.find((module) => module.groups.includes(group));
}

/** Whether some module reads a kind of this name, in any group. */
export function isModelledKindName(kind: string): boolean {
  return BY_KIND.has(kind);
}

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

/** Known kinds by their lower-case spelling. */
const KNOWN_BY_LOWER_CASE = new Map<string, { readonly kind: string; readonly groups: readonly string[] }>();
// Several modules may share a kind name in different groups (Calico's NetworkPolicy): their groups add up.
for (const { kind, groups } of [...KIND_MODULES, ...Object.entries(OTHER_BUILT_IN_GROUPS).map(([kind, groups]) => ({ kind, groups }))]) {
  const key = kind.toLowerCase();
  KNOWN_BY_LOWER_CASE.set(key, { kind, groups: [...(KNOWN_BY_LOWER_CASE.get(key)?.groups ?? []), ...groups] });
}

/**
 * The known kind that `kind` spells in another case, in its own API group (`service` in `v1` is
 * Service); undefined otherwise. Kinds are case-sensitive: kubectl finds no match for `service`.
 */
export function miscasedKind(kind: string, apiVersion: string): string | undefined {
  const known = KNOWN_BY_LOWER_CASE.get(kind.toLowerCase());
  if (!known || known.kind === kind) return undefined;
  return known.groups.includes(groupOf(apiVersion)) ? known.kind : undefined;
}

/** The apiVersion to write for a kind the tool reads (its module's, else its schema's first), or undefined. */
export function suggestedApiVersion(kind: string): string | undefined {
  const module = BY_KIND.get(kind)?.[0];
  return module?.apiVersion ?? module?.schema?.properties.apiVersion.enum[0];
}
