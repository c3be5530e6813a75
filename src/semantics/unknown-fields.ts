/**
 * Fields the API server does not know, as written in a manifest. kubectl's strict field validation
 * (its default since 1.27) rejects such a manifest; other clients (Helm, server-side apply, controllers)
 * get the API server's default, Warn: the field is dropped with a warning, and the object is read
 * without it. A misspelt selector or peer field so widens a policy silently: this module finds them,
 * and says what dropping each one means (`consequence`), for the unknown-field rule and the analysis.
 *
 * The known fields: schemas/known-fields/kubernetes.json (generated from the OpenAPI definitions, every
 * field of each core kind) and the files beside it (the policy CRDs, the Gateway API CRDs and OpenShift's
 * Route, derived from the upstream CRDs as each file's `$comment` says). Keys of maps (labels,
 * annotations, data, selectors' matchLabels), `status` and `x-` keys are not checked; a kind without a
 * field set is not checked at all.
 */
import kubernetes from '../../schemas/known-fields/kubernetes.json' with { type: 'json' };
import calico from '../../schemas/known-fields/calico.json' with { type: 'json' };
import cilium from '../../schemas/known-fields/cilium.json' with { type: 'json' };
import gatewayApi from '../../schemas/known-fields/gateway-api.json' with { type: 'json' };
import networkPolicyApi from '../../schemas/known-fields/network-policy-api.json' with { type: 'json' };
import openshift from '../../schemas/known-fields/openshift.json' with { type: 'json' };
import type { KubeObject } from '../model/types.ts';
import { groupOf } from '../model/kinds/define.ts';
import type { Path } from '../source/types.ts';

interface FieldFile {
  readonly source?: string;
  readonly kinds: Readonly<Record<string, string>>;
  readonly definitions: Readonly<Record<string, Readonly<Record<string, string | 0>>>>;
}

const FILES: readonly { readonly file: FieldFile; readonly source: string }[] = [
  { file: kubernetes as FieldFile, source: `the definitions of ${(kubernetes as FieldFile).source}` },
  { file: networkPolicyApi as FieldFile, source: 'the network-policy-api CRDs (AdminNetworkPolicy v1alpha1, ClusterNetworkPolicy v1alpha2)' },
  { file: cilium as FieldFile, source: (cilium as FieldFile).source! },
  { file: calico as FieldFile, source: (calico as FieldFile).source! },
  { file: gatewayApi as FieldFile, source: (gatewayApi as FieldFile).source! },
  { file: openshift as FieldFile, source: (openshift as FieldFile).source! },
];

/** Every definition by name (the hand-written files refer to the generated ones: ObjectMeta, LabelSelector). */
const DEFINITIONS = new Map<string, Readonly<Record<string, string | 0>>>();
/** group/Kind -> its root definition and the source of its fields. */
const ROOTS = new Map<string, { readonly definition: string; readonly source: string }>();
/** The name of each definition's field set: the walk carries field sets, a consequence is judged by name. */
const definitionOf = new Map<object, string>();
for (const { file, source } of FILES) {
  for (const [name, fields] of Object.entries(file.definitions)) {
    DEFINITIONS.set(name, fields);
    definitionOf.set(fields, name);
  }
  for (const [kind, definition] of Object.entries(file.kinds)) ROOTS.set(kind, { definition, source });
}

const LABEL_SELECTOR = 'IoK8sApimachineryPkgApisMetaV1LabelSelector';

/** What the object means once a client that only warns has dropped the field; undefined when it changes nothing the tool can name. */
export type Consequence =
  /** A label selector left with no requirement selects every one of its objects (`selects`: pod, namespace, node). */
  | { readonly kind: 'selectorEmpty'; readonly selects: string }
  | { readonly kind: 'peerAllPodsOfNamespaces' }
  | { readonly kind: 'rulePeersAll'; readonly direction: 'ingress' | 'egress' }
  /** A Calico source or destination left with no selector, net, service account or service matches every endpoint and address. */
  | { readonly kind: 'entityAll' }
  /** A rule left without ports; `action` for the kinds whose rules deny or pass as well (AdminNetworkPolicy, ClusterNetworkPolicy). */
  | { readonly kind: 'rulePortsAll'; readonly action?: string }
  | { readonly kind: 'policySelectsAll' }
  | { readonly kind: 'portAllOfProtocol' }
  /** An HTTPRoute rule or match left with no criterion matches every request (path prefix /). */
  | { readonly kind: 'routeMatchesAll' }
  /** An HTTPRoute, GRPCRoute or TLSRoute without hostnames takes every hostname of the listeners it attaches to. */
  | { readonly kind: 'routeEveryHostname' }
  | { readonly kind: 'targetPortDefaults'; readonly port: string }
  /** An HTTPRoute or GRPCRoute match left without one of its criteria (others remain) matches regardless of it. */
  | { readonly kind: 'matchCriterionIgnored'; readonly criterion: string }
  /** A Gateway or ListenerSet listener of an HTTP, HTTPS or TLS protocol without hostname takes every hostname. */
  | { readonly kind: 'listenerEveryHostname' }
  /** A route's parentRef without sectionName attaches to every listener of the parent that admits the route. */
  | { readonly kind: 'parentEveryListener' }
  /** A ReferenceGrant `to` entry without name grants every resource of its kind in the namespace. */
  | { readonly kind: 'grantEveryResource'; readonly resource: string };

export interface UnknownField {
  /** The path of the key, relative to the object. */
  readonly path: Path;
  readonly field: string;
  /** The known field of the same object closest in spelling, if one is close. */
  readonly suggestion?: string;
  /** Where the field sits, without list indices (`spec.ingress.from`): for the message. */
  readonly where: string;
  /** Whose definitions say the field is unknown (`the definitions of Kubernetes 1.34 (...)`). */
  readonly source: string;
  readonly consequence?: Consequence;
}

/** Whether the tool has the field set of this kind (in this API group). */
export function hasKnownFields(object: Pick<KubeObject, 'kind' | 'apiVersion'>): boolean {
  return ROOTS.has(`${groupOf(object.apiVersion)}/${object.kind}`);
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The unknown fields of an object, in document order. `extra` lists fields declared known by the config
 * (`Service.spec.trafficDistribution`: the kind, then the field's path without list indices); by
 * default the ones the model gave the object (`KubeObject.knownFields`).
 */
export function unknownFieldsOf(object: Pick<KubeObject, 'kind' | 'apiVersion' | 'raw' | 'knownFields'>, extra: ReadonlySet<string> = object.knownFields ?? NONE): UnknownField[] {
  const root = ROOTS.get(`${groupOf(object.apiVersion)}/${object.kind}`);
  if (!root) return [];
  const out: UnknownField[] = [];
  // The path and field names down to the value visited, as stacks: this walks every node of every
  // object, and most objects have no unknown field, so a path is copied only for a field reported.
  const path: (string | number)[] = [];
  const names: string[] = [];
  const visit = (value: unknown, fields: Readonly<Record<string, string | 0>>, depth: number): void => {
    // Deep enough for every kind's real nesting (a CronJob's container ports are at depth 9); a
    // pathological document is not walked further.
    if (depth > 40) return;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        visit(value[index], fields, depth + 1);
        path.pop();
      }
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    // `for...in` walks the own keys in the order Object.keys gives (a parsed value is a plain object,
    // nothing enumerable inherited) without allocating their list at each node.
    for (const key in record) {
      if (key.startsWith('x-')) continue;
      const type = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (type === undefined) {
        if (extra.size > 0 && extra.has(`${object.kind}.${[...names, key].join('.')}`)) continue;
        const suggestion = closest(key, Object.keys(fields));
        out.push({
          path: [...path, key],
          field: key,
          ...(suggestion ? { suggestion } : {}),
          where: names.join('.') || '(top level)',
          source: root.source,
          ...withConsequence(consequenceOf(definitionOf.get(fields)!, record, suggestion, names[names.length - 1])),
        });
        continue;
      }
      const children = type === 0 ? undefined : DEFINITIONS.get(type);
      if (!children) continue;
      path.push(key);
      names.push(key);
      visit(record[key], children, depth + 1);
      path.pop();
      names.pop();
    }
  };
  const fields = DEFINITIONS.get(root.definition);
  if (fields) visit(object.raw, fields, 0);
  return out;
}

function withConsequence(consequence: Consequence | undefined): { consequence?: Consequence } {
  return consequence ? { consequence } : {};
}

/** What dropping a field of `record` (an object of `definition`) does, judged by the field it most likely meant. */
function consequenceOf(definition: string, record: Record<string, unknown>, meant: string | undefined, container: string | undefined): Consequence | undefined {
  const has = (key: string) => record[key] !== undefined && record[key] !== null;
  if (definition === LABEL_SELECTOR) {
    const selects = container && /^namespace/.test(container) ? 'namespace' : container && /^node/.test(container) ? 'node' : container && /^pod/.test(container) ? 'pod' : undefined;
    return selects && !has('matchLabels') && !has('matchExpressions') ? { kind: 'selectorEmpty', selects } : undefined;
  }
  if (definition === 'CiliumEndpointSelector') {
    // fromEndpoints/toEndpoints: {} is every endpoint (of the policy's namespace for a CiliumNetworkPolicy).
    const selects = container && /Endpoints$|Requires$/.test(container) ? 'endpoint' : container && /Nodes$/.test(container) ? 'node' : undefined;
    return selects && !has('matchLabels') && !has('matchExpressions') ? { kind: 'selectorEmpty', selects } : undefined;
  }
  switch (definition) {
    case 'IoK8sApiNetworkingV1NetworkPolicyPeer':
      // A peer left with a namespaceSelector alone admits every pod of those namespaces.
      return has('namespaceSelector') && !has('podSelector') && !has('ipBlock') ? { kind: 'peerAllPodsOfNamespaces' } : undefined;
    case 'IoK8sApiNetworkingV1NetworkPolicyIngressRule':
    case 'IoK8sApiNetworkingV1NetworkPolicyEgressRule': {
      const peers = definition.endsWith('IngressRule') ? 'from' : 'to';
      if (meant === peers && !has(peers)) return { kind: 'rulePeersAll', direction: peers === 'from' ? 'ingress' : 'egress' };
      if (meant === 'ports' && !has('ports')) return { kind: 'rulePortsAll' };
      return undefined;
    }
    case 'AdminIngressRule':
    case 'AdminEgressRule':
    case 'ClusterIngressRule':
    case 'ClusterEgressRule': {
      // The peers (from/to) are required (MinItems 1): an object without them is rejected, not widened.
      // The ports are optional: a rule without them applies to every port, whatever its action.
      const ports = definition.startsWith('Admin') ? 'ports' : 'protocols';
      return meant === ports && !has(ports) ? { kind: 'rulePortsAll', ...(typeof record.action === 'string' ? { action: record.action } : {}) } : undefined;
    }
    case 'CiliumIngressRule':
    case 'CiliumEgressRule': {
      // A rule left with toPorts (or nothing) and no peer field admits every peer on its ports.
      const peerFields = Object.keys(DEFINITIONS.get(definition)!).filter((k) => k !== 'toPorts' && k !== 'icmps' && k !== 'authentication');
      // A rule with peers and neither toPorts nor icmps applies to every port of those peers (an ingressDeny/egressDeny rule denies them).
      if (meant === 'toPorts' && !has('toPorts') && !has('icmps') && peerFields.some(has)) return { kind: 'rulePortsAll', ...(container?.endsWith('Deny') ? { action: 'Deny' } : {}) };
      if (!meant || !peerFields.includes(meant) || peerFields.some(has)) return undefined;
      return { kind: 'rulePeersAll', direction: definition === 'CiliumIngressRule' ? 'ingress' : 'egress' };
    }
    case 'CalicoEntityRule':
      return meant && meant !== 'ports' && meant !== 'notPorts' && !['nets', 'notNets', 'selector', 'notSelector', 'namespaceSelector', 'serviceAccounts', 'services'].some(has) ? { kind: 'entityAll' } : undefined;
    case 'CalicoNetworkPolicySpec':
    case 'CalicoGlobalNetworkPolicySpec':
      return meant === 'selector' && !has('selector') ? { kind: 'policySelectsAll' } : undefined;
    case 'HTTPRouteRule':
      return meant === 'matches' && !has('matches') ? { kind: 'routeMatchesAll' } : undefined;
    case 'HTTPRouteMatch':
    case 'GRPCRouteSpecRulesMatches': {
      const criteria = definition === 'HTTPRouteMatch' ? ['path', 'headers', 'queryParams', 'method'] : ['headers', 'method'];
      if (!meant || !criteria.includes(meant) || has(meant)) return definition === 'HTTPRouteMatch' && meant && !criteria.some(has) ? { kind: 'routeMatchesAll' } : undefined;
      // The other criteria still apply; without any, an HTTP match is the default path prefix /.
      if (criteria.some(has)) return { kind: 'matchCriterionIgnored', criterion: meant };
      return definition === 'HTTPRouteMatch' ? { kind: 'routeMatchesAll' } : undefined;
    }
    case 'GatewaySpecListeners':
      // hostname is ignored by TCP and UDP listeners (ListenerSpec.Hostname): only the others widen.
      return meant === 'hostname' && !has('hostname') && !['TCP', 'UDP'].includes(String(record.protocol)) ? { kind: 'listenerEveryHostname' } : undefined;
    case 'GatewayParentReference':
    case 'GRPCRouteSpecParentRefs':
    case 'TLSRouteSpecParentRefs':
    case 'TCPRouteSpecParentRefs':
    case 'UDPRouteSpecParentRefs':
      return meant === 'sectionName' && !has('sectionName') ? { kind: 'parentEveryListener' } : undefined;
    case 'HTTPRouteSpecRulesBackendRefsFiltersExtensionRef':
      // The definition of ReferenceGrant's spec.to (shared with extensionRef and parametersRef, whose name is required).
      return container === 'to' && meant === 'name' && !has('name') && typeof record.kind === 'string' ? { kind: 'grantEveryResource', resource: record.kind } : undefined;
    case 'HTTPRouteSpec':
    case 'GRPCRouteSpec':
    case 'TLSRouteSpec':
      return meant === 'hostnames' && !has('hostnames') ? { kind: 'routeEveryHostname' } : undefined;
    case 'IoK8sApiNetworkingV1NetworkPolicySpec':
      return meant === 'podSelector' && !has('podSelector') ? { kind: 'policySelectsAll' } : undefined;
    case 'IoK8sApiNetworkingV1NetworkPolicyPort':
      return (meant === 'port' || meant === 'endPort') && !has('port') ? { kind: 'portAllOfProtocol' } : undefined;
    case 'IoK8sApiCoreV1ServicePort':
      return meant === 'targetPort' && !has('targetPort') && (typeof record.port === 'number' || typeof record.port === 'string') ? { kind: 'targetPortDefaults', port: String(record.port) } : undefined;
    default:
      return undefined;
  }
}

/**
 * The known field closest to `field`: the same but for case, else its plural or singular, else the nearest by edit distance
 * (adjacent swaps count one) within a third of its length (at least 1, at most 3). Undefined when none
 * is that close: a suggestion must look like what was meant.
 */
export function closest(field: string, known: readonly string[]): string | undefined {
  const lower = field.toLowerCase();
  const sameCase = known.find((name) => name.toLowerCase() === lower);
  if (sameCase) return sameCase;
  // A singular for a plural (`match` for `matches`, `hostname` for `hostnames`) or the reverse.
  const plural = known.find((name) => {
    const other = name.toLowerCase();
    return Math.abs(other.length - lower.length) <= 2 && lower.length >= 3 && (other.startsWith(lower) || lower.startsWith(other));
  });
  if (plural) return plural;
  const limit = Math.min(3, Math.max(1, Math.floor(field.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 4;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}

const NOTED = new WeakMap<object, readonly UnknownField[]>();

/**
 * What the analysis says on an entry of a policy read without its unknown fields (a client that only
 * warns stores it so; kubectl rejects the manifest): the widened reading is the one evaluated, and it
 * is never presented silently. Fields the config declares known (`KubeObject.knownFields`) are not
 * dropped. Counts the unknown fields whose loss changes the policy's meaning, under
 * the rule at `rulePath` or outside every rule (the subject's, which every entry inherits). Undefined
 * when there are none.
 */
export function droppedFieldNote(object: Pick<KubeObject, 'kind' | 'apiVersion' | 'raw' | 'knownFields'>, rulePath: Path): string | undefined {
  let found = NOTED.get(object);
  if (!found) NOTED.set(object, (found = unknownFieldsOf(object).filter((f) => f.consequence)));
  const inRule = (path: Path) => rulePath.every((step, index) => path[index] === step);
  // A rule's own fields: under spec.ingress[i] (spec.ingressDeny[i], specs[j].egress[i]) and not the subject's.
  const underSomeRule = (path: Path) => path.some((step) => typeof step === 'string' && /^(ingress|egress)(Deny)?$/.test(step));
  const relevant = found.filter((f) => inRule(f.path) || !underSomeRule(f.path));
  if (relevant.length === 0) return undefined;
  const fields = relevant.map((f) => `"${f.field}" (${pathText(f.path)})`).join(', ');
  return `not certain: evaluated without the unknown field${relevant.length > 1 ? 's' : ''} ${fields}, as a client that only warns stores it, which reads wider than written; kubectl rejects this manifest`;
}

function pathText(path: Path): string {
  return path.map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`)).join('');
}

/** The policy kinds (group/Kind) whose widened reading the analysis evaluates. */
const POLICY_KINDS = new Set([
  'networking.k8s.io/NetworkPolicy',
  'policy.networking.k8s.io/AdminNetworkPolicy',
  'policy.networking.k8s.io/BaselineAdminNetworkPolicy',
  'policy.networking.k8s.io/ClusterNetworkPolicy',
  'cilium.io/CiliumNetworkPolicy',
  'cilium.io/CiliumClusterwideNetworkPolicy',
  'projectcalico.org/NetworkPolicy',
  'crd.projectcalico.org/NetworkPolicy',
  'projectcalico.org/GlobalNetworkPolicy',
  'crd.projectcalico.org/GlobalNetworkPolicy',
]);

/** The policy objects with unknown fields whose loss widens them, with those fields: for the analysis's caveat. */
export function widenedPolicies(objects: readonly KubeObject[]): { readonly object: KubeObject; readonly fields: readonly UnknownField[] }[] {
  const out: { object: KubeObject; fields: readonly UnknownField[] }[] = [];
  for (const object of objects) {
    if (!POLICY_KINDS.has(`${groupOf(object.apiVersion)}/${object.kind}`)) continue;
    let found = NOTED.get(object);
    if (!found) NOTED.set(object, (found = unknownFieldsOf(object).filter((f) => f.consequence)));
    if (found.length > 0) out.push({ object, fields: found });
  }
  return out;
}

const WIDENED = new WeakMap<readonly KubeObject[], ReturnType<typeof widenedPolicies>>();

/**
 * A note for a finding about traffic of a namespace (every namespace when undefined) that the analysis
 * judged with a policy read without an unknown field that widens it: the policies of that namespace and
 * the cluster-wide ones. Undefined when there are none.
 */
export function widenedPolicyNote(objects: readonly KubeObject[], namespace: string | undefined): string | undefined {
  let all = WIDENED.get(objects);
  if (!all) WIDENED.set(objects, (all = widenedPolicies(objects)));
  const relevant = namespace === undefined ? all : all.filter((w) => w.object.namespace === namespace || w.object.namespace === '');
  const first = relevant[0];
  if (!first) return undefined;
  const name = first.object.namespace ? `${first.object.namespace}/${first.object.name}` : first.object.name;
  const more = relevant.length > 1 ? ` and ${relevant.length - 1} more polic${relevant.length > 2 ? 'ies' : 'y'}` : '';
  return `not certain: ${first.object.kind} "${name}"${more} was evaluated without the unknown field${first.fields.length > 1 ? 's' : ''} ${first.fields.map((f) => `"${f.field}"`).join(', ')}, as a client that only warns stores it, which reads wider than written (kubectl rejects it)`;
}
