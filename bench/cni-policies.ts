// Issue 10: the CNI policies the reach bench adds to the synthetic tree of generate.ts: 500 Cilium
// policies (CiliumNetworkPolicy, with a clusterwide one in ten) and 500 Calico policies (NetworkPolicy,
// with a GlobalNetworkPolicy in ten, some in a tier of their own), written over the tree's namespaces
// (`<team>-<nnn>`, labels team and env) and pod labels (app, tier, version), as a team running Cilium or
// Calico beside NetworkPolicies would. Registered in TIERED_GENERATORS (cluster-policies.ts), with the
// AdminNetworkPolicies, for the tiered variant of the reach bench.
import type { BenchNamespace } from './cluster-policies.ts';

const TEAMS = ['payments', 'search', 'identity', 'checkout', 'platform', 'data'];
const TIERS = ['web', 'api', 'worker', 'db', 'cache'] as const;
/** A few networks outside the cluster, shared by many policies as real ones are (a corporate range, a partner's, the metadata service). */
const CIDR_SETS = ['{cidr: 10.0.0.0/8, except: [10.96.0.0/12]}', '{cidr: 172.16.0.0/12}', '{cidr: 192.168.0.0/16, except: [192.168.100.0/24]}', '{cidr: 169.254.169.254/32}'];
const PORTS: Readonly<Record<string, number>> = { web: 8080, api: 8080, worker: 8080, db: 5432, cache: 6379 };

/** 500 Cilium policies over the tree's namespaces: a CiliumClusterwideNetworkPolicy in ten, CiliumNetworkPolicies otherwise. */
export function ciliumPolicies(namespaces: readonly BenchNamespace[], rnd: () => number, count = 500): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const docs: string[] = [];
  const add = (_path: string, text: string) => docs.push(text);
  for (let i = 0; i < count; i++) {
    const ns = namespaces[i % namespaces.length]!.name;
    const [to, from] = [pick(TIERS), pick(TIERS)];
    if (i % 10 === 9) {
      add(`cilium/ccnp-${i}.yaml`, `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: ccnp-${i}
spec:
  endpointSelector:
    matchLabels: {tier: ${to}, "k8s:io.cilium.k8s.namespace.labels.team": ${pick(TEAMS)}}
  ingressDeny:
    - fromEntities: [world]
      toPorts: [{ports: [{port: "${9000 + (i % 50)}", protocol: TCP}]}]
`);
    } else {
      add(`cilium/${ns}-${i}.yaml`, `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: cnp-${i}
  namespace: ${ns}
spec:
  endpointSelector:
    matchLabels: {tier: ${to}}
  ingress:
    - fromEndpoints: [{matchLabels: {tier: ${from}}}]
      toPorts: [{ports: [{port: "${PORTS[to]}", protocol: TCP}], rules: {http: [{method: GET}]}}]
    - fromEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": monitoring, "k8s:app.kubernetes.io/name": prometheus}}]
      toPorts: [{ports: [{port: "9090"}]}]
  egress:
    - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]
      toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
    - toEndpoints: [{matchLabels: {tier: ${pick(TIERS)}}}]
    - toCIDRSet: [${pick(CIDR_SETS)}]
`);
    }
  }
  return docs;
}

/** 500 Calico policies over the tree's namespaces: a GlobalNetworkPolicy of tier "security" in ten, NetworkPolicies otherwise; and the Tier. */
export function calicoPolicies(namespaces: readonly BenchNamespace[], rnd: () => number, count = 500): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const docs: string[] = [];
  const add = (_path: string, text: string) => docs.push(text);
  for (let i = 0; i < count; i++) {
    const ns = namespaces[i % namespaces.length]!.name;
    const [sel, src] = [pick(TIERS), pick(TIERS)];
    if (i % 10 === 9) {
      add(`calico/gnp-${i}.yaml`, `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.gnp-${i}
spec:
  tier: security
  order: ${i}
  namespaceSelector: env == '${rnd() < 0.5 ? 'prod' : 'staging'}'
  selector: tier == '${sel}'
  types: [Ingress]
  ingress:
    - action: Deny
      protocol: TCP
      source: {nets: [192.0.2.0/24]}
    - action: Pass
`);
    } else {
      add(`calico/${ns}-${i}.yaml`, `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: np-${i}
  namespace: ${ns}
spec:
  order: ${100 + (i % 20) * 100}
  selector: tier == '${sel}' && version != 'v0'
  types: [Ingress, Egress]
  ingress:
    - action: Allow
      protocol: TCP
      source: {selector: "tier in {'${src}', 'web'}"}
      destination: {ports: [${PORTS[sel]}, '9000:9100']}
    - action: Deny
      source: {namespaceSelector: team == '${pick(TEAMS)}'}
  egress:
    - action: Allow
      protocol: UDP
      destination: {ports: [53]}
    - action: Allow
      destination: {selector: has(tier), notPorts: [22]}
`);
    }
  }
  add('calico/tier.yaml', 'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 100\n  defaultAction: Pass\n');
  return docs;
}
