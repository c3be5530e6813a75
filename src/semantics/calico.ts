/**
 * What Calico's policies mean for pods (docs/research/policies.md §3): the labels Calico gives a pod's
 * workload endpoint and its namespace, which pods a policy selects, tiers and their order. Selectors
 * are parsed once per text (calico-selector.ts). Pure.
 */
import type { CalicoEntity, CalicoPolicy, CalicoSelectorText, CalicoTier } from '../model/kinds/calico.ts';
import { groupOf } from '../model/kinds/define.ts';
import { parseCidr, type AddressRange } from '../model/ip.ts';
import type { StringEntry } from '../model/types.ts';
import { CALICO_ALL, isCalicoSelectorError, matchesCalico, parseCalicoSelector, selectsEverything, type CalicoExpr, type CalicoSelectorError } from './calico-selector.ts';
import type { Labels } from './selector.ts';

/** Labels Calico adds to a k8s pod's workload endpoint (conversion/workload_endpoint_default.go). */
export const CALICO_NAMESPACE_LABEL = 'projectcalico.org/namespace';
export const CALICO_ORCHESTRATOR_LABEL = 'projectcalico.org/orchestrator';
/** The namespace's name as a namespaceSelector sees it (conversion.go NamespaceToProfile). */
export const CALICO_NAMESPACE_NAME_LABEL = 'projectcalico.org/name';

const parsed = new Map<string, CalicoExpr | CalicoSelectorError>();

/** The parsed selector text (memoised); an error for text Calico rejects. */
export function calicoSelector(text: string): CalicoExpr | CalicoSelectorError {
  let result = parsed.get(text);
  if (!result) {
    result = parseCalicoSelector(text);
    // Texts are few and short; the bound keeps a language server's long session small.
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(text, result);
  }
  return result;
}

/** The expression of a written selector; undefined when it does not parse (the policy is rejected by Calico). */
export function calicoExpr(selector: CalicoSelectorText | undefined): CalicoExpr | undefined {
  if (!selector) return CALICO_ALL;
  const result = calicoSelector(selector.text);
  return isCalicoSelectorError(result) ? undefined : result;
}

export const CALICO_SERVICE_ACCOUNT_LABEL = 'projectcalico.org/serviceaccount';

/** A pod's labels as its workload endpoint carries them (the service account when known). */
export function calicoPodLabels(namespace: string, labels: Labels, serviceAccount?: string): Labels {
  return { ...labels, [CALICO_NAMESPACE_LABEL]: namespace, [CALICO_ORCHESTRATOR_LABEL]: 'k8s', ...(serviceAccount !== undefined ? { [CALICO_SERVICE_ACCOUNT_LABEL]: serviceAccount } : {}) };
}

/** A namespace's labels as a namespaceSelector reads them. */
export function calicoNamespaceLabels(namespace: string, labels: Labels): Labels {
  return { ...labels, [CALICO_NAMESPACE_NAME_LABEL]: namespace };
}

/** Whether every selector of the policy parses (Calico's API server rejects a policy whose selector does not). */
export function calicoPolicyParses(policy: CalicoPolicy): boolean {
  return calicoExpr(policy.selector) !== undefined && (!policy.namespaceSelector || calicoExpr(policy.namespaceSelector) !== undefined);
}

const nets = new Map<string, AddressRange | undefined>();

/**
 * The addresses of a `nets`/`notNets` entry: a CIDR or a bare address (cnet.ParseCIDROrIP, a /32 or
 * /128); undefined when it is neither, which Calico's validator rejects (field tag `net`) and Felix skips
 * when the CRD form stores it (updateprocessors NormalizeIPNets). Memoised: the engine asks per pair.
 */
export function calicoNet(text: string): AddressRange | undefined {
  if (!nets.has(text)) {
    if (nets.size > 100_000) nets.clear();
    nets.set(text, parseCidr(text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`));
  }
  return nets.get(text);
}

/**
 * Whether the policy is written in the API's form, projectcalico.org/v3, which Calico's API server and
 * calicoctl validate (libcalico-go validator.go) and reject when a value is bad; the storage form,
 * crd.projectcalico.org/v1, is stored by the Kubernetes API server with only its CRD schema checked
 * (nets are any strings, ports any integers or strings), so a bad value reaches Calico's components.
 */
export function calicoValidatesOnWrite(policy: Pick<CalicoPolicy, 'object'>): boolean {
  return groupOf(policy.object.apiVersion) === 'projectcalico.org';
}

const entitiesOf = (policy: CalicoPolicy): CalicoEntity[] => [...policy.ingress, ...policy.egress].flatMap((r) => [r.source, r.destination]);

/** Whether a source or destination writes a net or port Calico does not accept. */
export function calicoEntityHasBadValue(entity: CalicoEntity): boolean {
  return [...entity.nets, ...entity.notNets].some((n) => calicoNet(n.value) === undefined) || [...(entity.ports ?? []), ...(entity.notPorts ?? [])].some((p) => p.invalid);
}

/**
 * Whether Calico's API server accepts the policy: every selector parses and, in the projectcalico.org
 * form, every net and port is valid (the CRD form stores bad nets and ports: see `calicoNetsInEffect`).
 */
export function calicoPolicyAccepted(policy: CalicoPolicy): boolean {
  return calicoPolicyParses(policy) && !(calicoValidatesOnWrite(policy) && entitiesOf(policy).some(calicoEntityHasBadValue));
}

/** The entries of `nets` or `notNets` Felix applies: those that parse (NormalizeIPNets skips the others, so a list of bad entries alone is no criterion at all). */
export function calicoNetsInEffect(entries: readonly StringEntry[]): readonly StringEntry[] {
  return entries.every((n) => calicoNet(n.value) !== undefined) ? entries : entries.filter((n) => calicoNet(n.value) !== undefined);
}

/**
 * Whether the policy applies to a pod (host-network pods get no workload endpoint and are never
 * selected): a NetworkPolicy to pods of its namespace its `selector` matches; a GlobalNetworkPolicy to
 * pods its `selector` matches in namespaces its `namespaceSelector` matches (all when absent).
 * `serviceAccountSelector` reads labels of service accounts, which the tree does not hold: a policy
 * with one (other than `all()`) selects nothing certain here, so it is treated as selecting no pod.
 */
export function calicoSelectsPod(policy: CalicoPolicy, namespace: string, podLabels: Labels, namespaceLabels: Labels, serviceAccount?: string): boolean {
  if (policy.hostOnly) return false;
  // Service-account labels are not in the tree: only a selector that selects every account is certain.
  if (policy.serviceAccountSelector && !selectsEverything(calicoExpr(policy.serviceAccountSelector) ?? { op: 'has', label: '' })) return false;
  if (!policy.global && policy.object.namespace !== namespace) return false;
  const selector = calicoExpr(policy.selector);
  if (!selector || !matchesCalico(selector, calicoPodLabels(namespace, podLabels, serviceAccount))) return false;
  if (!policy.namespaceSelector) return true;
  const namespaceSelector = calicoExpr(policy.namespaceSelector);
  return namespaceSelector !== undefined && matchesCalico(namespaceSelector, calicoNamespaceLabels(namespace, namespaceLabels));
}

/** Built-in tiers (api/pkg/apis/projectcalico/v3/tier.go, names/policy.go: v3.32, and v3.29-v3.31's names). */
export const BUILT_IN_TIERS: Readonly<Record<string, { readonly order: number; readonly defaultAction: 'Deny' | 'Pass' }>> = {
  'kube-admin': { order: 1_000, defaultAction: 'Pass' },
  adminnetworkpolicy: { order: 1_000, defaultAction: 'Pass' },
  default: { order: 1_000_000, defaultAction: 'Deny' },
  'kube-baseline': { order: 10_000_000, defaultAction: 'Pass' },
  baselineadminnetworkpolicy: { order: 10_000_000, defaultAction: 'Pass' },
};

/** Where a tier sits: its order (Infinity when unset) and default action; `known` false when the tree does not define it. */
export interface TierPlace {
  readonly name: string;
  readonly order: number;
  readonly defaultAction: 'Deny' | 'Pass';
  readonly known: boolean;
}

/** The place of a tier: the tree's Tier object, else the built-in one, else unknown (order Infinity, Deny). */
export function tierPlace(name: string, tiers: readonly CalicoTier[]): TierPlace {
  const tier = tiers.find((t) => t.object.name === name);
  if (tier) return { name, order: tier.order ?? Infinity, defaultAction: tier.defaultAction, known: true };
  const builtIn = BUILT_IN_TIERS[name];
  if (builtIn) return { name, ...builtIn, known: true };
  return { name, order: Infinity, defaultAction: 'Deny', known: false };
}

/**
 * Policy order inside a tier (felix/calc/policy_sorter.go): by `order` (unset is +Infinity), then by
 * the string "<name>/<namespace>/<kind>" (PolKVLess).
 */
export function comparePolicies(a: { order?: number; name: string; namespace: string; kind: string }, b: typeof a): number {
  const ao = a.order ?? Infinity;
  const bo = b.order ?? Infinity;
  if (ao !== bo) return ao < bo ? -1 : 1;
  const ak = `${a.name}/${a.namespace}/${a.kind}`;
  const bk = `${b.name}/${b.namespace}/${b.kind}`;
  return ak < bk ? -1 : ak > bk ? 1 : 0;
}

/** Tiers sorted by order (unset last), then name (TierLess). */
export function compareTiers(a: TierPlace, b: TierPlace): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
