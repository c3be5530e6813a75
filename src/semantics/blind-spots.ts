/**
 * Kinds that decide traffic but that the engine does not model, found in the tree: NetworkPolicy-like
 * kinds of network plugins and of the Network Policy API, and routing kinds that send traffic to
 * Services from a gateway or router. Their presence makes `reach`, `explain`, `diff` and the isolation
 * rules say what they cannot judge (a caveat), instead of presenting an incomplete picture as fact.
 *
 * `UNMODELLED_TRAFFIC_KINDS` is the one list: a kind the model starts to read is deleted from it in
 * one edit (issue 9: the Gateway API; issue 10: Cilium, Calico, AdminNetworkPolicy). (A kind the model reads
 * is never an unmodelled object, so it could not raise a caveat even if left here.)
 */
import { widenedPolicies } from './unknown-fields.ts';
import type { Model, UnmodelledObject } from '../model/types.ts';

/** What an unmodelled kind decides: which pods may talk (`policy`), or where outside traffic is sent (`routing`). */
export type BlindSpot = 'policy' | 'routing';

export interface UnmodelledKind {
  /** API group (the part of apiVersion before `/`). */
  readonly group: string;
  readonly kind: string;
  readonly decides: BlindSpot;
  /** A policy kind applies to pods of its own namespace, or (`cluster`) to pods of every namespace. */
  readonly scope: 'namespace' | 'cluster';
}

const kinds = (group: string, decides: BlindSpot, scope: 'namespace' | 'cluster', names: readonly string[]): UnmodelledKind[] =>
  names.map((kind) => ({ group, kind, decides, scope }));

/** Every kind of that sort the tool knows of, by API group. */
export const UNMODELLED_TRAFFIC_KINDS: readonly UnmodelledKind[] = [
  // Cilium and Calico kinds that decide traffic and are not evaluated (their policies are: src/model/kinds/cilium.ts, calico.ts).
  ...kinds('cilium.io', 'policy', 'namespace', ['CiliumLocalRedirectPolicy']),
  ...kinds('cilium.io', 'policy', 'cluster', ['CiliumEgressGatewayPolicy', 'CiliumCIDRGroup']),
  ...kinds('projectcalico.org', 'policy', 'namespace', ['NetworkSet']),
  ...kinds('projectcalico.org', 'policy', 'cluster', ['GlobalNetworkSet', 'HostEndpoint']),
  ...kinds('crd.projectcalico.org', 'policy', 'namespace', ['NetworkSet']),
  ...kinds('crd.projectcalico.org', 'policy', 'cluster', ['GlobalNetworkSet', 'HostEndpoint']),
  // Antrea.
  ...kinds('crd.antrea.io', 'policy', 'namespace', ['NetworkPolicy']),
  ...kinds('crd.antrea.io', 'policy', 'cluster', ['ClusterNetworkPolicy']),
  // OpenShift and OVN-Kubernetes egress rules.
  ...kinds('k8s.ovn.org', 'policy', 'namespace', ['EgressFirewall']),
  ...kinds('network.openshift.io', 'policy', 'namespace', ['EgressNetworkPolicy']),
  // Service meshes that refuse connections between pods.
  ...kinds('security.istio.io', 'policy', 'namespace', ['AuthorizationPolicy']),
  ...kinds('policy.linkerd.io', 'policy', 'namespace', ['AuthorizationPolicy', 'ServerAuthorization']),
  // The experimental XListenerSet of Gateway API v1.3-v1.4 (ListenerSet v1 replaced it in v1.5 and is modelled).
  ...kinds('gateway.networking.x-k8s.io', 'routing', 'namespace', ['XListenerSet']),
  // Istio, Traefik, Contour, Emissary, Kong, NGINX, APISIX.
  ...kinds('networking.istio.io', 'routing', 'namespace', ['Gateway', 'VirtualService']),
  ...kinds('traefik.io', 'routing', 'namespace', ['IngressRoute', 'IngressRouteTCP', 'IngressRouteUDP']),
  ...kinds('traefik.containo.us', 'routing', 'namespace', ['IngressRoute', 'IngressRouteTCP', 'IngressRouteUDP']),
  ...kinds('projectcontour.io', 'routing', 'namespace', ['HTTPProxy']),
  ...kinds('getambassador.io', 'routing', 'namespace', ['Mapping', 'TCPMapping']),
  ...kinds('configuration.konghq.com', 'routing', 'namespace', ['TCPIngress', 'UDPIngress']),
  ...kinds('k8s.nginx.org', 'routing', 'namespace', ['VirtualServer', 'VirtualServerRoute', 'TransportServer']),
  ...kinds('apisix.apache.org', 'routing', 'namespace', ['ApisixRoute']),
];

const byGroupAndKind = new Map(UNMODELLED_TRAFFIC_KINDS.map((k) => [`${k.group}/${k.kind}`, k]));

/** The entry of `UNMODELLED_TRAFFIC_KINDS` an object is of, by its kind and API group. */
export function trafficKindOf(object: { readonly kind: string; readonly apiVersion: string }): UnmodelledKind | undefined {
  const slash = object.apiVersion.indexOf('/');
  return slash < 0 ? undefined : byGroupAndKind.get(`${object.apiVersion.slice(0, slash)}/${object.kind}`);
}

/** The unmodelled objects of the tree that decide traffic, of one sort, in document order. */
export function unmodelledOf(model: Model, decides: BlindSpot): UnmodelledObject[] {
  return model.unmodelledObjects.filter((object) => trafficKindOf(object)?.decides === decides);
}

/** `CiliumNetworkPolicy (cilium.io)`: kinds are named with their group, as two groups share `NetworkPolicy`. */
export function kindLabel(object: { readonly kind: string; readonly apiVersion: string }): string {
  const slash = object.apiVersion.indexOf('/');
  return slash < 0 ? object.kind : `${object.kind} (${object.apiVersion.slice(0, slash)})`;
}

/** What a run cannot judge, as every output shows it: a one-line message, and the kinds and files behind it. */
export interface Caveat {
  /** `unknown-field`: policies evaluated without fields the API server does not know (src/semantics/unknown-fields.ts). */
  /** `ingress-controller`: reach's `{ingress-controller}` is inferred from the Ingress classes (src/semantics/ingress-controllers.ts). */
  readonly about: BlindSpot | 'unknown-field' | 'ingress-controller';
  /** One line, starting lower-case. */
  readonly message: string;
  /** `Kind (group)`, sorted. */
  readonly kinds: readonly string[];
  /** Display paths of the files holding them, sorted. */
  readonly files: readonly string[];
}

const EFFECT: Record<BlindSpot, string> = {
  policy:
    'connections they allow or deny are not part of the analysis, and findings about isolation or unreachable pods where they may apply are lowered',
  routing: 'traffic they send to Services is not part of the analysis (reach shows no edges for it, exposures through them are not checked)',
};
const WHAT: Record<BlindSpot, string> = {
  policy: 'policy objects of kinds kube-netlint does not evaluate',
  routing: 'routing objects of kinds kube-netlint does not follow',
};

/**
 * The caveats of the models of one output (both sides of a diff): one per sort of unmodelled traffic
 * kind they hold (policies, then routing); an object in the same file on both sides counts once. (The
 * Gateway API routes and OpenShift Routes are modelled and followed by the matrix: no caveat.)
 */
export function caveatsOf(...models: readonly Model[]): Caveat[] {
  const out: Caveat[] = [];
  const sorts = [
    { about: 'policy', what: WHAT.policy, effect: EFFECT.policy, of: (model: Model) => unmodelledOf(model, 'policy') },
    { about: 'routing', what: WHAT.routing, effect: EFFECT.routing, of: (model: Model) => unmodelledOf(model, 'routing') },
  ] as const;
  for (const { about, what, effect, of } of sorts) {
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    const files = new Set<string>();
    for (const model of models) {
      for (const object of of(model)) {
        const key = JSON.stringify([object.doc.file.path, object.path, object.kind, object.apiVersion, object.namespace, object.name]);
        if (seen.has(key)) continue;
        seen.add(key);
        counts.set(kindLabel(object), (counts.get(kindLabel(object)) ?? 0) + 1);
        files.add(object.doc.file.path);
      }
    }
    if (counts.size === 0) continue;
    const kinds = [...counts.keys()].sort();
    const sortedFiles = [...files].sort();
    const shownFiles = sortedFiles.length > 3 ? `${sortedFiles.slice(0, 3).join(', ')} and ${sortedFiles.length - 3} more` : sortedFiles.join(', ');
    const listed = kinds.map((kind) => `${counts.get(kind)} ${kind}`).join(', ');
    out.push({ about, message: `the tree holds ${what}: ${listed}, in ${shownFiles}; ${effect}`, kinds, files: sortedFiles });
  }
  const widened = droppedFieldCaveat(models);
  if (widened) out.push(widened);
  return out;
}

/**
 * Policies with unknown fields whose loss widens them are evaluated as a client that only warns stores
 * them (kubectl rejects them): the analysis says so once, beside the notes on the rules they decide.
 */
function droppedFieldCaveat(models: readonly Model[]): Caveat | undefined {
  const seen = new Set<string>();
  const named: string[] = [];
  const kinds = new Set<string>();
  const files = new Set<string>();
  for (const model of models) {
    for (const { object, fields } of widenedPolicies(model.objects)) {
      const key = JSON.stringify([object.doc.file.path, object.path, object.kind, object.namespace, object.name]);
      if (seen.has(key)) continue;
      seen.add(key);
      named.push(`${object.kind} "${object.namespace ? `${object.namespace}/${object.name}` : object.name}" (${fields.map((f) => `"${f.field}"`).join(', ')})`);
      kinds.add(kindLabel(object));
      files.add(object.doc.file.path);
    }
  }
  if (named.length === 0) return undefined;
  const shown = named.length > 3 ? `${named.slice(0, 3).join(', ')} and ${named.length - 3} more` : named.join(', ');
  return {
    about: 'unknown-field',
    message: `the tree holds policies with unknown fields whose loss widens them: ${shown}; they are evaluated without those fields, as a client that only warns (Helm, server-side apply) stores them, wider than written (kubectl rejects these manifests); correct the fields`,
    kinds: [...kinds].sort(),
    files: [...files].sort(),
  };
}

/**
 * What a finding about traffic adds when policy objects the engine does not evaluate may apply to
 * the pods it is about (`PolicyEngine.unevaluatedPolicies`): they may allow or deny it. Undefined for none.
 */
export function unevaluatedPolicyNote(objects: readonly UnmodelledObject[]): string | undefined {
  const first = objects[0];
  if (!first) return undefined;
  const more = objects.length > 1 ? ` and ${objects.length - 1} more object${objects.length > 2 ? 's' : ''} of kinds it does not evaluate` : '';
  return `not certain: kube-netlint does not evaluate ${kindLabel(first)} "${first.name}" (${first.doc.file.path})${more}, which may also allow or deny this traffic`;
}

/** A caveat as the JSON outputs write it. */
export function caveatJson(caveat: Caveat): Record<string, unknown> {
  return { about: caveat.about, message: caveat.message, kinds: caveat.kinds, files: caveat.files };
}
