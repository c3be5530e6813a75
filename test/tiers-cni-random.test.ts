// Random trees with every tier and every kind at once (NetworkPolicy, AdminNetworkPolicy with
// priorities and Pass, BaselineAdminNetworkPolicy, CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy
// with ingressDeny/egressDeny, Calico NetworkPolicy and GlobalNetworkPolicy with order, Pass and a tier
// of their own), over pods that differ in labels no selector reads (`app`), in service accounts that
// some selectors read, and in named ports: the matrix groups such pods into classes and asks each
// matcher once per group, so every cell is compared with the engine's evaluation of that one pair
// (no classes: every matcher asked about the two pods themselves) and with `explain`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainPairs, matrixNodeEndpoint } from '../src/reach/explain.ts';
import { buildMatrix } from '../src/reach/matrix.ts';
import { externalEndpoint, policyEngineOf, workloadEndpoint, type Endpoint } from '../src/semantics/policy.ts';
import type { MatrixNode } from '../src/semantics/nodes.ts';
import { modelOf } from './support/netpol-world.ts';

const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const some = <T>(next: () => number, max: number, make: () => T): T[] => Array.from({ length: 1 + Math.floor(next() * max) }, make);
const NAMESPACES = ['x', 'y', 'z'] as const;

/**
 * Namespaces x, y (labelled), z (undeclared); in each, pods a, b, c twice over (two apps each, with
 * their own `app` label and service account sa1 or sa2), the roles naming the port `web` differently;
 * a pod with a recorded address and a host-network pod.
 */
function world(): string {
  const docs = [
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: "x", labels: {ns: "x", team: blue}}\n',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: "y", labels: {ns: "y", team: red}}\n',
  ];
  NAMESPACES.forEach((ns, i) =>
    ['a', 'b', 'c'].forEach((pod, j) => {
      // The two copies differ in app and service account; in z, in the number of port web too.
      for (const copy of [1, 2]) {
        const tier = (i + j) % 2 === 0 ? ', tier: x' : '';
        const ports = `[{name: web, containerPort: ${ns === 'z' && copy === 2 ? 81 : 8000 + j}}, {name: dns, containerPort: 53, protocol: UDP}]`;
        const status = ns === 'x' && pod === 'a' && copy === 1 ? 'status: {podIP: 10.1.2.5}\n' : '';
        docs.push(
          `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}${copy}, namespace: "${ns}", labels: {pod: ${pod}, app: ${ns}-${pod}${copy}${tier}}}\nspec:\n  serviceAccountName: sa${copy}\n  containers: [{name: c, image: i, ports: ${ports}}]\n${status}`,
        );
      }
    }),
  );
  docs.push('apiVersion: v1\nkind: Pod\nmetadata: {name: h, namespace: "x", labels: {pod: a}}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: i, ports: [{name: web, containerPort: 9100}]}]\n');
  return docs.join('---\n');
}

const labelSelectors = [{}, { matchLabels: { pod: 'a' } }, { matchLabels: { pod: 'b' } }, { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['c'] }] }, { matchLabels: { tier: 'x' } }];
const namespaceSelectors = [{}, { matchLabels: { ns: 'y' } }, { matchLabels: { team: 'blue' } }, { matchLabels: { 'kubernetes.io/metadata.name': 'z' } }];
const cidrs = ['10.0.0.0/8', '0.0.0.0/0', '10.1.2.0/24', '192.168.0.0/16'];

function networkPolicy(next: () => number, k: number): string {
  const peer = () =>
    pick(next, [
      () => ({ podSelector: pick(next, labelSelectors) }),
      () => ({ namespaceSelector: pick(next, namespaceSelectors), podSelector: pick(next, labelSelectors) }),
      () => ({ ipBlock: { cidr: pick(next, cidrs) } }),
    ])();
  const rules = (field: string) => some(next, 2, () => ({ ...(next() < 0.8 ? { [field]: some(next, 2, peer) } : {}), ...(next() < 0.5 ? { ports: pick(next, [[{ port: 80 }], [{ port: 'web' }], [{ port: 53, protocol: 'UDP' }]]) } : {}) }));
  const spec: Record<string, unknown> = { podSelector: pick(next, labelSelectors) };
  if (next() < 0.7) spec.ingress = rules('from');
  if (next() < 0.5) spec.egress = rules('to');
  return JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${k}`, namespace: pick(next, NAMESPACES) }, spec });
}

/** An AdminNetworkPolicy (priorities 0-4, Allow/Deny/Pass) or the BaselineAdminNetworkPolicy. */
function adminPolicy(next: () => number, k: number, baseline: boolean): string {
  const subject = pick(next, [() => ({ namespaces: pick(next, namespaceSelectors) }), () => ({ pods: { namespaceSelector: pick(next, namespaceSelectors), podSelector: pick(next, labelSelectors) } })])();
  const podPeer = () => pick(next, [() => ({ namespaces: pick(next, namespaceSelectors) }), () => ({ pods: { namespaceSelector: pick(next, namespaceSelectors), podSelector: pick(next, labelSelectors) } })])();
  const egressPeer = () => (next() < 0.3 ? { networks: some(next, 2, () => pick(next, cidrs)) } : podPeer());
  const actions = baseline ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass', 'Pass'];
  const rules = (direction: 'ingress' | 'egress') =>
    some(next, 3, () => ({
      action: pick(next, actions),
      [direction === 'ingress' ? 'from' : 'to']: some(next, 2, direction === 'ingress' ? podPeer : egressPeer),
      ...(next() < 0.5 ? { ports: some(next, 2, () => pick(next, [{ portNumber: { port: 80 } }, { portRange: { protocol: 'UDP', start: 50, end: 60 } }, { namedPort: 'web' }])) } : {}),
    }));
  const spec: Record<string, unknown> = { subject, ...(baseline ? {} : { priority: Math.floor(next() * 5) }) };
  if (next() < 0.7) spec.ingress = rules('ingress');
  if (next() < 0.6) spec.egress = rules('egress');
  const kind = baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy';
  return JSON.stringify({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind, metadata: { name: baseline ? 'default' : `anp${k}` }, spec });
}

/** A CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy: allow and deny rules, endpoints (namespace, namespace-label and service-account keys), entities, CIDRs, ports. */
function ciliumPolicy(next: () => number, k: number): string {
  const clusterwide = next() < 0.3;
  const endpointSelectors = [
    {},
    { matchLabels: { pod: 'a' } },
    { matchLabels: { 'k8s:tier': 'x' } },
    { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['c'] }] },
    { matchLabels: { 'io.cilium.k8s.policy.serviceaccount': 'sa1' } },
    { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'y' } },
  ];
  const peerSelectors = [
    {},
    { matchLabels: { pod: 'b' } },
    { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'y', pod: 'a' } },
    { matchLabels: { 'io.cilium.k8s.namespace.labels.team': 'blue' } },
    { matchLabels: { 'any:io.cilium.k8s.policy.serviceaccount': 'sa2' } },
    { matchLabels: { 'reserved:host': '' } },
  ];
  const rule = (direction: 'from' | 'to') => {
    const out: Record<string, unknown> = {};
    const l3 = next();
    if (l3 < 0.4) out[`${direction}Endpoints`] = some(next, 2, () => pick(next, peerSelectors));
    else if (l3 < 0.55) out[`${direction}Entities`] = some(next, 2, () => pick(next, ['world', 'cluster', 'host', 'all']));
    else if (l3 < 0.7) out[`${direction}CIDRSet`] = [pick(next, [{ cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] }, { cidr: '192.168.0.0/16' }, { cidr: '0.0.0.0/0' }])];
    if (l3 >= 0.7 || next() < 0.5) out.toPorts = [{ ports: some(next, 2, () => pick(next, [{ port: '80', protocol: 'TCP' }, { port: 'web' }, { port: '50', endPort: 60, protocol: 'UDP' }, { port: '53', protocol: 'ANY' }])) }];
    return out;
  };
  const spec: Record<string, unknown> = { endpointSelector: pick(next, endpointSelectors) };
  if (next() < 0.6) spec.ingress = some(next, 2, () => rule('from'));
  if (next() < 0.4) spec.ingressDeny = some(next, 1, () => rule('from'));
  if (next() < 0.5) spec.egress = some(next, 2, () => rule('to'));
  if (next() < 0.3) spec.egressDeny = some(next, 1, () => rule('to'));
  const metadata = clusterwide ? { name: `ccnp${k}` } : { name: `cnp${k}`, namespace: pick(next, NAMESPACES) };
  return JSON.stringify({ apiVersion: 'cilium.io/v2', kind: clusterwide ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy', metadata, spec });
}

/** A Calico NetworkPolicy or GlobalNetworkPolicy, in the default tier or tier `sec`: order, Allow/Deny/Pass/Log, selectors, nets, ports. */
function calicoPolicy(next: () => number, k: number): string {
  const global = next() < 0.4;
  const tier = next() < 0.3 ? 'sec' : undefined;
  const selectors = ['all()', "pod == 'a'", 'has(tier)', "pod != 'c'", "projectcalico.org/serviceaccount == 'sa1'", "pod in {'a', 'b'} && app != 'y-b1'"];
  const entity = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const r = next();
    if (r < 0.35) out.selector = pick(next, selectors);
    if (r >= 0.2 && r < 0.45) out.namespaceSelector = pick(next, ["ns == 'y'", 'all()', "team == 'blue'"]);
    if (r >= 0.45 && r < 0.6) out.nets = [pick(next, cidrs)];
    if (r >= 0.6 && r < 0.7) out.notNets = ['10.0.0.0/8'];
    if (r >= 0.7 && r < 0.8) out.notSelector = pick(next, selectors);
    if (r >= 0.8 && r < 0.85) out.serviceAccounts = { names: ['sa2'] };
    return out;
  };
  const rule = (direction: 'ingress' | 'egress') => {
    const peer = entity();
    const ports = next() < 0.5 ? { ports: some(next, 2, () => pick(next, [80, 'web', '50:60', 53])) } : next() < 0.2 ? { notPorts: [80] } : {};
    const protocol = next() < 0.6 ? { protocol: pick(next, ['TCP', 'UDP']) } : {};
    return {
      action: pick(next, ['Allow', 'Allow', 'Deny', 'Pass', 'Log']),
      ...protocol,
      ...(direction === 'ingress' ? { source: peer, destination: ports } : { destination: { ...peer, ...ports } }),
    };
  };
  const types = pick(next, [['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
  const spec: Record<string, unknown> = {
    selector: pick(next, selectors),
    types,
    ...(next() < 0.8 ? { order: pick(next, [10, 100, 100, 500]) } : {}),
    ...(tier ? { tier } : {}),
    ...(global && next() < 0.5 ? { namespaceSelector: pick(next, ["ns == 'y'", "team == 'blue'"]) } : {}),
  };
  if (types.includes('Ingress')) spec.ingress = some(next, 2, () => rule('ingress'));
  if (types.includes('Egress')) spec.egress = some(next, 2, () => rule('egress'));
  const name = `${tier ? `${tier}.` : ''}cal${k}`;
  const metadata = global ? { name } : { name, namespace: pick(next, NAMESPACES) };
  return JSON.stringify({ apiVersion: 'projectcalico.org/v3', kind: global ? 'GlobalNetworkPolicy' : 'NetworkPolicy', metadata, spec });
}

function endpointOf(node: MatrixNode): Endpoint {
  return node.type === 'external' ? externalEndpoint(node.range!) : workloadEndpoint(node.workloads[0]!);
}

describe('random trees with every tier and every kind', () => {
  let grouped = 0;
  for (let seed = 1; seed <= 30; seed++) {
    it(`when the tree is generated from seed ${seed}, then every matrix cell equals the engine's pair evaluation and explain`, () => {
      const next = random(seed * 104729);
      const docs = [
        world(),
        ...(next() < 0.5 ? [`apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: sec}\nspec: {order: 100, defaultAction: ${pick(next, ['Pass', 'Deny'])}}\n`] : []),
        ...Array.from({ length: Math.floor(next() * 3) }, (_, k) => networkPolicy(next, k)),
        ...Array.from({ length: Math.floor(next() * 3) }, (_, k) => adminPolicy(next, k, false)),
        ...(next() < 0.5 ? [adminPolicy(next, 0, true)] : []),
        ...Array.from({ length: 1 + Math.floor(next() * 3) }, (_, k) => ciliumPolicy(next, k)),
        ...Array.from({ length: 1 + Math.floor(next() * 3) }, (_, k) => calicoPolicy(next, k)),
      ];
      const model = modelOf(['# random tree', ...docs].join('\n---\n'));
      const engine = policyEngineOf(model);
      const matrix = buildMatrix(model);
      const problems: string[] = [];
      let allowed = 0;
      matrix.nodes.forEach((from, i) => {
        matrix.nodes.forEach((to, j) => {
          if (i === j || from.type === 'ingress-controller' || to.type === 'ingress-controller') return;
          const cell = matrix.conn(i, j);
          const both = from.type === 'external' && to.type === 'external';
          const expected = both ? 'none' : engine.connections(endpointOf(from), endpointOf(to)).toString();
          if (cell.toString() !== expected) problems.push(`${from.id} -> ${to.id}: matrix ${cell}, engine ${expected}`);
          if (!cell.isEmpty()) allowed++;
          if (both) return;
          const [explained] = explainPairs(model, [matrixNodeEndpoint(model, from)], [matrixNodeEndpoint(model, to)], {});
          if (explained && explained.verdict.connections.toString() !== cell.toString()) problems.push(`${from.id} -> ${to.id}: matrix ${cell}, explain ${explained.verdict.connections}`);
        });
      });
      assert.deepEqual(problems.slice(0, 10), [], docs.slice(1).join('\n---\n'));
      assert.ok(allowed > 0, 'some cell is open');
      if (matrix.classCount < model.workloads.length) grouped++;
    });
  }
  it('when the trees are generated, then most group pods that differ only in what no selector reads', () => {
    assert.ok(grouped >= 15, `${grouped} of 30 trees have fewer classes than workloads`);
  });
});
