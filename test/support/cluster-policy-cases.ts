/**
 * Truth tables for the cluster-wide policy kinds, in the style of kubernetes-sigs/network-policy-api's
 * conformance suite (conformance/tests/*.go on main @ 0eec1b0, summarised in docs/research/policies.md
 * §1.6-1.7): its houses world, its rule patterns and its expected pokes, written here with our own
 * manifests. Each case is a set of policies and the pokes (source, destination, protocol, port) with
 * the expected verdict; a test runs every poke through the engine (`evaluate`, `allows`) and the matrix.
 */
import type { Protocol } from '../../src/model/types.ts';

export const HOUSES = ['gryffindor', 'slytherin', 'hufflepuff', 'ravenclaw'] as const;
export type House = (typeof HOUSES)[number];
/** Shorthand of the suite: hp (gryffindor), draco (slytherin), cedric (hufflepuff), luna (ravenclaw). */
export const POD_OF: Record<House, string> = { gryffindor: 'harry-potter', slytherin: 'draco-malfoy', hufflepuff: 'cedric-diggory', ravenclaw: 'luna-lovegood' };
export const NS = (house: string) => `network-policy-conformance-${house}`;

/**
 * The conformance base manifests: one namespace per house labelled `conformance-house: <house>`, a
 * StatefulSet per house whose pods carry the same label and declare TCP 80 `web` and UDP 53 `dns`
 * (they also serve TCP 8080, UDP 5353, SCTP 9003 and 9005 undeclared), and the host-network `centaur`
 * in forbidden-forrest serving TCP 30000-30001, UDP 30002 and 30004, SCTP 30006 and 30007 (the suite
 * templates these host ports).
 */
export function houseWorld(): string {
  const docs: string[] = [];
  for (const house of [...HOUSES, 'forbidden-forrest']) {
    docs.push(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS(house), labels: { 'conformance-house': house } } }));
  }
  for (const house of HOUSES) {
    docs.push(
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: POD_OF[house], namespace: NS(house) },
        spec: {
          serviceName: POD_OF[house],
          replicas: 2,
          selector: { matchLabels: { 'conformance-house': house } },
          template: {
            metadata: { labels: { 'conformance-house': house } },
            spec: { containers: [{ name: 'c', image: 'agnhost', ports: [{ containerPort: 80, name: 'web' }, { containerPort: 53, protocol: 'UDP', name: 'dns' }] }] },
          },
        },
      }),
    );
  }
  docs.push(
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'centaur', namespace: NS('forbidden-forrest') },
      spec: {
        serviceName: 'centaur',
        replicas: 2,
        selector: { matchLabels: { app: 'centaur' } },
        template: { metadata: { labels: { app: 'centaur' } }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'agnhost' }] } },
      },
    }),
  );
  return docs.join('\n---\n');
}

export interface Poke {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly allowed: boolean;
}

export interface ClusterCase {
  readonly name: string;
  readonly manifests: readonly object[];
  readonly pokes: readonly Poke[];
}

/** A poke between houses' workloads (`gryffindor`, ...) or `centaur`. */
const poke = (from: string, to: string, protocol: Protocol, port: number, allowed: boolean): Poke => ({ from, to, protocol, port, allowed });
const nsPeer = (house: string) => ({ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': NS(house) } } });
const podsPeer = (house: string) => ({ pods: { namespaceSelector: { matchLabels: { 'conformance-house': house } }, podSelector: { matchLabels: { 'conformance-house': house } } } });
const subjectNs = (house: string) => ({ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': NS(house) } } });
const subjectPods = (house: string) => ({ pods: { namespaceSelector: { matchLabels: { 'conformance-house': house } }, podSelector: { matchLabels: { 'conformance-house': house } } } });

type Action = 'Accept' | 'Deny' | 'Pass';
interface Rule {
  readonly name: string;
  readonly action: Action;
  readonly peers: readonly object[];
  readonly ports?: readonly { readonly protocol: Protocol; readonly port?: number; readonly range?: readonly [number, number]; readonly named?: string }[];
}

/** A v1alpha2 ClusterNetworkPolicy. */
function cnp(name: string, tier: 'Admin' | 'Baseline', priority: number, subject: object, rules: { ingress?: readonly Rule[]; egress?: readonly Rule[] }): object {
  const toRule = (direction: 'ingress' | 'egress') => (rule: Rule) => ({
    name: rule.name,
    action: rule.action,
    [direction === 'ingress' ? 'from' : 'to']: rule.peers,
    ...(rule.ports
      ? {
          protocols: rule.ports.map((p) =>
            p.named ? { destinationNamedPort: p.named } : { [p.protocol.toLowerCase()]: { destinationPort: p.range ? { range: { start: p.range[0], end: p.range[1] } } : { number: p.port } } },
          ),
        }
      : {}),
  });
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name },
    spec: { tier, priority, subject, ...(rules.ingress ? { ingress: rules.ingress.map(toRule('ingress')) } : {}), ...(rules.egress ? { egress: rules.egress.map(toRule('egress')) } : {}) },
  };
}

/** The same policy as a v1alpha1 AdminNetworkPolicy (Admin tier) or BaselineAdminNetworkPolicy `default` (Baseline; no priority, no Pass). */
function v1alpha1(name: string, tier: 'Admin' | 'Baseline', priority: number, subject: object, rules: { ingress?: readonly Rule[]; egress?: readonly Rule[] }): object {
  const toRule = (direction: 'ingress' | 'egress') => (rule: Rule) => ({
    name: rule.name,
    action: rule.action === 'Accept' ? 'Allow' : rule.action,
    [direction === 'ingress' ? 'from' : 'to']: rule.peers,
    ...(rule.ports
      ? {
          ports: rule.ports.map((p) =>
            p.named ? { namedPort: p.named } : p.range ? { portRange: { protocol: p.protocol, start: p.range[0], end: p.range[1] } } : { portNumber: { protocol: p.protocol, port: p.port } },
          ),
        }
      : {}),
  });
  const spec = { subject, ...(rules.ingress ? { ingress: rules.ingress.map(toRule('ingress')) } : {}), ...(rules.egress ? { egress: rules.egress.map(toRule('egress')) } : {}) };
  return tier === 'Admin'
    ? { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name }, spec: { priority, ...spec } }
    : { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec };
}

/**
 * The seven-rule pattern of `admin-network-policy-standard-{ingress,egress}-{tcp,udp,sctp}-rules`
 * (§1.7 A): Accept/Deny/Pass X, Deny/Pass Y on P, Accept Z on Q, Deny Z.
 */
function sevenRules(x: string, y: string, p: readonly [Protocol, number], z: string, q: readonly [Protocol, number]): Rule[] {
  return [
    { name: 'accept-x', action: 'Accept', peers: [nsPeer(x)] },
    { name: 'deny-x', action: 'Deny', peers: [nsPeer(x)] },
    { name: 'pass-x', action: 'Pass', peers: [nsPeer(x)] },
    { name: 'deny-y-p', action: 'Deny', peers: [nsPeer(y)], ports: [{ protocol: p[0], port: p[1] }] },
    { name: 'pass-y-p', action: 'Pass', peers: [nsPeer(y)], ports: [{ protocol: p[0], port: p[1] }] },
    { name: 'accept-z-q', action: 'Accept', peers: [nsPeer(z)], ports: [{ protocol: q[0], port: q[1] }] },
    { name: 'deny-z', action: 'Deny', peers: [nsPeer(z)] },
  ];
}

const swap = <T>(list: readonly T[], i: number, j: number): T[] => {
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
};

/** The six subtests of §1.7 A, for one direction and protocol, each a case of its own (mutations accumulate as in the suite). */
function sevenRuleCases(
  label: string,
  direction: 'ingress' | 'egress',
  subject: House,
  priority: number,
  x: House,
  y: House,
  p: readonly [Protocol, number],
  otherY: readonly [Protocol, number],
  z: House,
  q: readonly [Protocol, number],
  otherZ: readonly [Protocol, number],
  make: typeof cnp = cnp,
): ClusterCase[] {
  const pair = (peer: string): [string, string] => (direction === 'ingress' ? [peer, subject] : [subject, peer]);
  const policy = (rules: readonly Rule[]) => [make(label, 'Admin', priority, subjectNs(subject), { [direction]: rules })];
  const r0 = sevenRules(x, y, p, z, q);
  const r1 = swap(r0, 0, 1); // subtest 3
  const r2 = swap(r1, 0, 2); // subtest 5
  const r3 = swap(r2, 3, 4); // subtest 6
  return [
    { name: `${label}: Accept X decides first`, manifests: policy(r0), pokes: [poke(...pair(x), p[0], p[1], true), poke(...pair(x), otherY[0], otherY[1], true)] },
    { name: `${label}: Accept Z on Q, then Deny Z`, manifests: policy(r0), pokes: [poke(...pair(z), q[0], q[1], true), poke(...pair(z), otherZ[0], otherZ[1], false)] },
    { name: `${label}: Deny X moved before Accept X`, manifests: policy(r1), pokes: [poke(...pair(x), p[0], p[1], false), poke(...pair(x), otherY[0], otherY[1], false)] },
    { name: `${label}: Deny Y on P, no rule elsewhere (default allow)`, manifests: policy(r1), pokes: [poke(...pair(y), p[0], p[1], false), poke(...pair(y), otherY[0], otherY[1], true)] },
    { name: `${label}: Pass X first, nothing below (allowed)`, manifests: policy(r2), pokes: [poke(...pair(x), p[0], p[1], true), poke(...pair(x), otherY[0], otherY[1], true)] },
    { name: `${label}: Pass Y on P before Deny Y on P`, manifests: policy(r3), pokes: [poke(...pair(y), p[0], p[1], true), poke(...pair(y), otherY[0], otherY[1], true)] },
  ];
}

/** The Baseline pattern (§1.7 H): Accept X, Deny X, Deny Y on P, Accept Z on Q, Deny Z; four subtests. */
function baselineCases(label: string, direction: 'ingress' | 'egress', subject: House, x: House, y: House, p: readonly [Protocol, number], otherY: readonly [Protocol, number], z: House, q: readonly [Protocol, number], otherZ: readonly [Protocol, number], make: typeof cnp): ClusterCase[] {
  const pair = (peer: string): [string, string] => (direction === 'ingress' ? [peer, subject] : [subject, peer]);
  const rules: Rule[] = [
    { name: 'accept-x', action: 'Accept', peers: [nsPeer(x)] },
    { name: 'deny-x', action: 'Deny', peers: [nsPeer(x)] },
    { name: 'deny-y-p', action: 'Deny', peers: [nsPeer(y)], ports: [{ protocol: p[0], port: p[1] }] },
    { name: 'accept-z-q', action: 'Accept', peers: [nsPeer(z)], ports: [{ protocol: q[0], port: q[1] }] },
    { name: 'deny-z', action: 'Deny', peers: [nsPeer(z)] },
  ];
  const policy = (list: readonly Rule[]) => [make('default', 'Baseline', 10, subjectNs(subject), { [direction]: list })];
  return [
    { name: `${label}: Accept X`, manifests: policy(rules), pokes: [poke(...pair(x), p[0], p[1], true)] },
    { name: `${label}: Accept Z on Q, Deny Z elsewhere`, manifests: policy(rules), pokes: [poke(...pair(z), q[0], q[1], true), poke(...pair(z), otherZ[0], otherZ[1], false)] },
    { name: `${label}: Deny X first`, manifests: policy(swap(rules, 0, 1)), pokes: [poke(...pair(x), p[0], p[1], false), poke(...pair(x), otherY[0], otherY[1], false)] },
    { name: `${label}: Deny Y on P, default elsewhere`, manifests: policy(swap(rules, 0, 1)), pokes: [poke(...pair(y), p[0], p[1], false), poke(...pair(y), otherY[0], otherY[1], true)] },
  ];
}

const networkPolicy = (name: string, namespace: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });

export function clusterCases(): ClusterCase[] {
  const G = 'gryffindor' as const;
  const S = 'slytherin' as const;
  const H = 'hufflepuff' as const;
  const R = 'ravenclaw' as const;
  const cases: ClusterCase[] = [
    // §1.7 A, the six subtests per direction and protocol (CNP v1alpha2), and the TCP ones as v1alpha1 ANPs.
    ...sevenRuleCases('CNPAdminTierIngressTCP', 'ingress', G, 3, R, S, ['TCP', 80], ['TCP', 8080], H, ['TCP', 80], ['TCP', 8080]),
    ...sevenRuleCases('CNPAdminTierIngressUDP', 'ingress', H, 4, R, S, ['UDP', 5353], ['UDP', 53], G, ['UDP', 53], ['UDP', 5353]),
    ...sevenRuleCases('CNPAdminTierIngressSCTP', 'ingress', R, 5, G, S, ['SCTP', 9003], ['SCTP', 9005], H, ['SCTP', 9003], ['SCTP', 9005]),
    ...sevenRuleCases('CNPAdminTierEgressTCP', 'egress', G, 6, R, S, ['TCP', 80], ['TCP', 8080], H, ['TCP', 8080], ['TCP', 80]),
    ...sevenRuleCases('CNPAdminTierEgressUDP', 'egress', H, 7, R, S, ['UDP', 5353], ['UDP', 53], G, ['UDP', 53], ['UDP', 5353]),
    ...sevenRuleCases('CNPAdminTierEgressSCTP', 'egress', R, 8, G, S, ['SCTP', 9003], ['SCTP', 9005], H, ['SCTP', 9003], ['SCTP', 9005]),
    ...sevenRuleCases('AdminNetworkPolicyIngressTCP (v1alpha1)', 'ingress', G, 3, R, S, ['TCP', 80], ['TCP', 8080], H, ['TCP', 80], ['TCP', 8080], v1alpha1),
    ...sevenRuleCases('AdminNetworkPolicyEgressTCP (v1alpha1)', 'egress', G, 6, R, S, ['TCP', 80], ['TCP', 8080], H, ['TCP', 8080], ['TCP', 80], v1alpha1),
    // §1.7 H, Baseline tier, CNP and v1alpha1 BANP.
    ...baselineCases('CNPBaselineTierIngressTCP', 'ingress', G, R, S, ['TCP', 80], ['TCP', 8080], H, ['TCP', 80], ['TCP', 8080], cnp),
    ...baselineCases('CNPBaselineTierEgressSCTP', 'egress', R, G, S, ['SCTP', 9003], ['SCTP', 9005], H, ['SCTP', 9003], ['SCTP', 9005], cnp),
    ...baselineCases('BaselineAdminNetworkPolicyIngressTCP (v1alpha1)', 'ingress', G, R, S, ['TCP', 80], ['TCP', 8080], H, ['TCP', 80], ['TCP', 8080], v1alpha1),
  ];

  // §1.7 C, priorities: Deny at 50, Pass at 60, Baseline Accept; then the Pass moves to 40.
  const priorities = (passPriority: number) => [
    cnp('priority-50-example', 'Admin', 50, subjectPods(G), { ingress: [{ name: 'deny', action: 'Deny', peers: [podsPeer(S)] }], egress: [{ name: 'deny', action: 'Deny', peers: [podsPeer(S)] }] }),
    cnp('old-priority-60-new-priority-40-example', 'Admin', passPriority, subjectPods(G), { ingress: [{ name: 'pass', action: 'Pass', peers: [podsPeer(S)] }], egress: [{ name: 'pass', action: 'Pass', peers: [podsPeer(S)] }] }),
    cnp('default', 'Baseline', 10, subjectPods(G), { ingress: [{ name: 'accept', action: 'Accept', peers: [podsPeer(S)] }], egress: [{ name: 'accept', action: 'Accept', peers: [podsPeer(S)] }] }),
  ];
  cases.push(
    { name: 'CNPAdminTierPriorityField: Deny at 50 decides before Pass at 60', manifests: priorities(60), pokes: [poke(S, G, 'TCP', 80, false), poke(S, G, 'TCP', 8080, false), poke(G, S, 'TCP', 80, false), poke(G, S, 'TCP', 8080, false)] },
    { name: 'CNPAdminTierPriorityField: Pass moved to 40 goes first, Baseline Accept decides', manifests: priorities(40), pokes: [poke(S, G, 'TCP', 80, true), poke(S, G, 'TCP', 8080, true), poke(G, S, 'TCP', 80, true), poke(G, S, 'TCP', 8080, true)] },
  );

  // §1.7 D, Admin + NetworkPolicy + Baseline.
  const integration = (ingressAction: Action, egressAction: Action, withNetworkPolicy: boolean) => [
    cnp('pass-example', 'Admin', 10, subjectNs(G), { ingress: [{ name: 'i', action: ingressAction, peers: [{ namespaces: { matchLabels: { 'conformance-house': S } } }] }], egress: [{ name: 'e', action: egressAction, peers: [{ namespaces: { matchLabels: { 'conformance-house': S } } }] }] }),
    ...(withNetworkPolicy
      ? [
          networkPolicy('allow-gress-from-to-slytherin-to-gryffindor', NS(G), {
            podSelector: {},
            policyTypes: ['Ingress', 'Egress'],
            ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'conformance-house': S } } }] }],
            egress: [{ to: [{ namespaceSelector: { matchLabels: { 'conformance-house': S } } }] }],
          }),
        ]
      : []),
    cnp('default', 'Baseline', 10, subjectNs(G), { ingress: [{ name: 'i', action: 'Deny', peers: [{ namespaces: { matchLabels: { 'conformance-house': S } } }] }], egress: [{ name: 'e', action: 'Deny', peers: [{ namespaces: { matchLabels: { 'conformance-house': S } } }] }] }),
  ];
  cases.push(
    { name: 'CNPAdminTierIntegration: Admin Deny wins over the NetworkPolicy that allows', manifests: integration('Deny', 'Deny', true), pokes: [poke(S, G, 'TCP', 80, false), poke(S, G, 'TCP', 8080, false), poke(G, S, 'TCP', 80, false), poke(G, S, 'TCP', 8080, false)] },
    { name: 'CNPAdminTierIntegration: ingress Pass, the NetworkPolicy allows', manifests: integration('Pass', 'Deny', true), pokes: [poke(S, G, 'TCP', 80, true), poke(S, G, 'TCP', 8080, true), poke(G, S, 'TCP', 80, false)] },
    { name: 'CNPAdminTierIntegration: egress Pass, the NetworkPolicy allows', manifests: integration('Pass', 'Pass', true), pokes: [poke(G, S, 'TCP', 80, true), poke(G, S, 'TCP', 8080, true)] },
    // The NetworkPolicy deleted: Pass falls through to the Baseline Deny. Other houses: no NP isolation (the policy is gone), default allow.
    { name: 'CNPAdminTierIntegration: Pass with no NetworkPolicy reaches the Baseline Deny', manifests: integration('Pass', 'Pass', false), pokes: [poke(S, G, 'TCP', 80, false), poke(S, G, 'TCP', 8080, false), poke(G, S, 'TCP', 80, false), poke(G, S, 'TCP', 8080, false), poke(H, G, 'TCP', 80, true)] },
    // While the NetworkPolicy isolates gryffindor, traffic no rule of it allows is refused in its tier: the Baseline never sees it.
    { name: 'CNPAdminTierIntegration: the NetworkPolicy tier decides for the pods it selects (others refused there)', manifests: integration('Pass', 'Pass', true), pokes: [poke(H, G, 'TCP', 80, false), poke(G, H, 'TCP', 80, false)] },
  );

  // §1.7 E, networks (inline CIDR): Accept pods S, Deny 0.0.0.0/0 and ::/0, which also holds pod addresses.
  const cidr = (make: typeof cnp, tier: 'Admin' | 'Baseline') =>
    make('inline-cidr-as-peers-example', tier, 85, tier === 'Admin' ? subjectPods(G) : subjectNs(G), {
      egress: [
        { name: 'accept-slytherin', action: 'Accept', peers: [podsPeer(S)] },
        { name: 'deny-all', action: 'Deny', peers: [{ networks: ['0.0.0.0/0', '::/0'] }] },
      ],
    });
  for (const [make, tier] of [[cnp, 'Admin'], [cnp, 'Baseline'], [v1alpha1, 'Admin'], [v1alpha1, 'Baseline']] as const) {
    cases.push({
      name: `${tier === 'Admin' ? 'CNPAdminTier' : 'CNPBaselineTier'}EgressInlineCIDRPeers (${make === cnp ? 'v1alpha2' : 'v1alpha1'}): 0.0.0.0/0 Deny holds pod addresses`,
      manifests: [cidr(make, tier)],
      pokes: (['TCP 80', 'UDP 53', 'SCTP 9003'] as const).flatMap((probe) => {
        const [protocol, port] = probe.split(' ') as [Protocol, string];
        return [poke(G, R, protocol, Number(port), false), poke(G, H, protocol, Number(port), false), poke(G, S, protocol, Number(port), true)];
      }),
    });
  }

  // §1.7 F, named ports: resolved on the destination (egress: the peer; ingress: the subject).
  const egressTcp = sevenRules(R, S, ['TCP', 80], H, ['TCP', 8080]);
  egressTcp[5] = { ...egressTcp[5]!, ports: [{ protocol: 'TCP', named: 'web' }] };
  const ingressUdp = sevenRules(R, S, ['UDP', 5353], G, ['UDP', 53]);
  ingressUdp[5] = { ...ingressUdp[5]!, ports: [{ protocol: 'UDP', named: 'dns' }] };
  cases.push(
    { name: 'CNPAdminTierEgressNamedPort: web is TCP 80 on the peer', manifests: [cnp('egress-tcp', 'Admin', 6, subjectNs(G), { egress: egressTcp })], pokes: [poke(G, H, 'TCP', 80, true), poke(G, H, 'TCP', 8080, false)] },
    { name: 'CNPAdminTierIngressNamedPort: dns is UDP 53 on the subject', manifests: [cnp('ingress-udp', 'Admin', 4, subjectNs(H), { ingress: ingressUdp })], pokes: [poke(G, H, 'UDP', 53, true), poke(G, H, 'UDP', 5353, false)] },
    { name: 'AdminNetworkPolicyEgressNamedPort (v1alpha1): web is TCP 80 on the peer', manifests: [v1alpha1('egress-tcp', 'Admin', 6, subjectNs(G), { egress: egressTcp })], pokes: [poke(G, H, 'TCP', 80, true), poke(G, H, 'TCP', 8080, false)] },
  );

  // §1.7 G, nodes: the host-network centaur is its node.
  cases.push(
    {
      name: 'CNPAdminTierEgressNodePeers: Accept nodes on TCP, Pass on UDP, Deny nodes and networks',
      manifests: [
        cnp('node-and-cidr-as-peers-example', 'Admin', 75, subjectPods(G), {
          egress: [
            { name: 'accept-node', action: 'Accept', peers: [{ nodes: { matchLabels: { 'kubernetes.io/os': 'linux' } } }], ports: [{ protocol: 'TCP', port: 30000 }] },
            { name: 'pass-node', action: 'Pass', peers: [{ nodes: {} }], ports: [{ protocol: 'UDP', port: 30002 }] },
            { name: 'deny-all', action: 'Deny', peers: [podsPeer(S), { nodes: {} }, { networks: ['0.0.0.0/0', '::/0'] }] },
          ],
        }),
      ],
      pokes: [poke(G, 'centaur', 'TCP', 30000, true), poke(G, 'centaur', 'UDP', 30002, true), poke(G, 'centaur', 'TCP', 30001, false), poke(G, 'centaur', 'UDP', 30004, false), poke(G, 'centaur', 'SCTP', 30006, false)],
    },
    {
      name: 'CNPBaselineTierEgressNodePeers: Accept nodes on a TCP range (end inclusive), Deny nodes and networks',
      manifests: [
        cnp('default', 'Baseline', 10, subjectNs(G), {
          egress: [
            { name: 'accept-node', action: 'Accept', peers: [{ nodes: {} }], ports: [{ protocol: 'TCP', range: [30000, 30001] }] },
            { name: 'deny-all', action: 'Deny', peers: [{ nodes: {} }, { networks: ['0.0.0.0/0', '::/0'] }] },
          ],
        }),
      ],
      pokes: [poke(G, 'centaur', 'TCP', 30000, true), poke(G, 'centaur', 'TCP', 30001, true), poke(G, 'centaur', 'UDP', 30004, false), poke(G, 'centaur', 'SCTP', 30006, false)],
    },
  );

  // Not in the suite, from the API reference: a Baseline that only sees what no NetworkPolicy decided, and a host-network subject is never selected.
  cases.push(
    {
      name: 'Baseline Accept does not apply to pods a NetworkPolicy isolates (the NetworkPolicy tier decides for them)',
      manifests: [
        cnp('default', 'Baseline', 10, subjectNs(G), { ingress: [{ name: 'accept', action: 'Accept', peers: [{ namespaces: {} }] }] }),
        networkPolicy('allow-s', NS(G), { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'conformance-house': S } } }] }] }),
      ],
      pokes: [poke(S, G, 'TCP', 80, true), poke(H, G, 'TCP', 80, false)],
    },
    {
      name: 'Admin Deny on every namespace does not select the host-network centaur (host-networked pods are not subjects)',
      manifests: [cnp('deny-all', 'Admin', 1, { namespaces: {} }, { ingress: [{ name: 'deny', action: 'Deny', peers: [{ namespaces: {} }] }] })],
      pokes: [poke(G, 'centaur', 'TCP', 30000, true), poke(S, G, 'TCP', 80, false)],
    },
  );
  return cases;
}
