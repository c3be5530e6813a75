// Random trees with every kind the engine evaluates (NetworkPolicy, AdminNetworkPolicy,
// BaselineAdminNetworkPolicy, ClusterNetworkPolicy): every matrix cell agrees with the engine's pair
// evaluation and with `explain` for the same pair, and `allows` with `evaluate` on probe ports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Protocol } from '../src/model/types.ts';
import { explainPairs, matrixNodeEndpoint } from '../src/reach/explain.ts';
import { buildMatrix } from '../src/reach/matrix.ts';
import { externalEndpoint, policyEngineOf, workloadEndpoint, type Endpoint } from '../src/semantics/policy.ts';
import { modelOf } from './support/netpol-world.ts';
import type { MatrixNode } from '../src/semantics/nodes.ts';

const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const some = <T>(next: () => number, max: number, make: () => T): T[] => Array.from({ length: 1 + Math.floor(next() * max) }, make);

const labelSelectors = [{}, { matchLabels: { pod: 'a' } }, { matchLabels: { pod: 'b' } }, { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['c'] }] }, { matchLabels: { tier: 'x' } }];
const namespaceSelectors = [{}, { matchLabels: { ns: 'y' } }, { matchLabels: { 'kubernetes.io/metadata.name': 'z' } }, { matchLabels: { 'kubernetes.io/metadata.name': 'x' } }];
const cidrs = ['10.0.0.0/8', '0.0.0.0/0', '::/0', '10.1.2.0/24', '192.168.0.0/16'];

/** The world: namespaces x, y, z with pods a, b, c naming their ports differently, recorded addresses on some, a host-network pod. */
const world = ['x', 'y', 'z']
  .flatMap((ns, i) =>
    ['a', 'b', 'c'].map((pod, j) => {
      const tier = (i + j) % 2 === 0 ? ', tier: x' : '';
      const ports = `[{name: web, containerPort: ${8000 + i * 10 + j}}, {name: dns, containerPort: 53, protocol: UDP}]`;
      const status = ns === 'x' && pod === 'a' ? 'status: {podIP: 10.1.2.5}\n' : '';
      return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}, namespace: ${ns}, labels: {pod: ${pod}${tier}}}\nspec:\n  containers: [{name: c, image: i, ports: ${ports}}]\n${status}`;
    }),
  )
  .concat([
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: "y", labels: {ns: "y"}}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: h, namespace: x, labels: {pod: a}}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: i, ports: [{name: web, containerPort: 9100}]}]\n',
  ])
  .join('---\n');

function networkPolicy(next: () => number, k: number): string {
  const peer = () =>
    pick(next, [
      () => ({ podSelector: pick(next, labelSelectors) }),
      () => ({ namespaceSelector: pick(next, namespaceSelectors), podSelector: pick(next, labelSelectors) }),
      () => ({ ipBlock: { cidr: pick(next, cidrs.filter((c) => c !== '::/0')) } }),
    ])();
  const rules = (field: string) => some(next, 2, () => ({ ...(next() < 0.8 ? { [field]: some(next, 2, peer) } : {}), ...(next() < 0.5 ? { ports: pick(next, [[{ port: 80 }], [{ port: 'web' }], [{ port: 53, protocol: 'UDP' }]]) } : {}) }));
  const spec: Record<string, unknown> = { podSelector: pick(next, labelSelectors) };
  if (next() < 0.7) spec.ingress = rules('from');
  if (next() < 0.5) spec.egress = rules('to');
  return JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${k}`, namespace: pick(next, ['x', 'y', 'z']) }, spec });
}

function clusterPolicy(next: () => number, k: number): string {
  const version = pick(next, ['v1alpha1', 'v1alpha2']);
  const tier = pick(next, ['Admin', 'Admin', 'Baseline']);
  const v2 = version === 'v1alpha2';
  const subject = pick(next, [() => ({ namespaces: pick(next, namespaceSelectors) }), () => ({ pods: { namespaceSelector: pick(next, namespaceSelectors), podSelector: pick(next, labelSelectors) } })])();
  const podPeer = () => pick(next, [() => ({ namespaces: pick(next, namespaceSelectors) }), () => ({ pods: { namespaceSelector: pick(next, namespaceSelectors), podSelector: pick(next, labelSelectors) } })])();
  const egressPeer = () => (next() < 0.3 ? { networks: some(next, 2, () => pick(next, cidrs)) } : next() < 0.1 ? { nodes: {} } : podPeer());
  const actions = v2 ? ['Accept', 'Deny', 'Pass'] : tier === 'Admin' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  const port = () =>
    v2
      ? pick(next, [{ tcp: { destinationPort: { number: 80 } } }, { udp: { destinationPort: { range: { start: 50, end: 60 } } } }, { destinationNamedPort: 'web' }])
      : pick(next, [{ portNumber: { port: 80 } }, { portRange: { protocol: 'UDP', start: 50, end: 60 } }, { namedPort: 'web' }]);
  const rules = (direction: 'ingress' | 'egress') =>
    some(next, 3, () => ({
      action: pick(next, actions),
      [direction === 'ingress' ? 'from' : 'to']: some(next, 2, direction === 'ingress' ? podPeer : egressPeer),
      ...(next() < 0.5 ? { [v2 ? 'protocols' : 'ports']: some(next, 2, port) } : {}),
    }));
  const spec: Record<string, unknown> = { subject };
  if (v2) Object.assign(spec, { tier, priority: Math.floor(next() * 5) });
  else if (tier === 'Admin') spec.priority = Math.floor(next() * 5);
  if (next() < 0.7) spec.ingress = rules('ingress');
  if (next() < 0.6) spec.egress = rules('egress');
  const kind = v2 ? 'ClusterNetworkPolicy' : tier === 'Admin' ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy';
  return JSON.stringify({ apiVersion: `policy.networking.k8s.io/${version}`, kind, metadata: { name: kind === 'BaselineAdminNetworkPolicy' ? 'default' : `cp${k}` }, spec });
}

function endpointOf(node: MatrixNode): Endpoint {
  return node.type === 'external' ? externalEndpoint(node.range!) : workloadEndpoint(node.workloads[0]!);
}

const PROBES: readonly { protocol: Protocol; port: number }[] = [
  { protocol: 'TCP', port: 80 },
  { protocol: 'TCP', port: 8011 },
  { protocol: 'UDP', port: 53 },
  { protocol: 'UDP', port: 55 },
  { protocol: 'SCTP', port: 80 },
];

describe('random trees with every policy kind', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`when the tree is generated from seed ${seed}, then every matrix cell agrees with the engine and with explain, and allows with evaluate`, () => {
      const next = random(seed * 7919);
      const docs = [
        world,
        ...Array.from({ length: Math.floor(next() * 3) }, (_, k) => networkPolicy(next, k)),
        ...Array.from({ length: 1 + Math.floor(next() * 4) }, (_, k) => clusterPolicy(next, k)),
      ];
      const model = modelOf(['# random tree', ...docs].join('\n---\n'));
      const engine = policyEngineOf(model);
      const matrix = buildMatrix(model);
      const problems: string[] = [];
      matrix.nodes.forEach((from, i) => {
        matrix.nodes.forEach((to, j) => {
          if (i === j || from.type === 'ingress-controller' || to.type === 'ingress-controller') return;
          const cell = matrix.conn(i, j).toString();
          const both = from.type === 'external' && to.type === 'external';
          const expected = both ? 'none' : engine.connections(endpointOf(from), endpointOf(to)).toString();
          if (cell !== expected) problems.push(`${from.id} -> ${to.id}: matrix ${cell}, engine ${expected}`);
          if (both) return;
          const [explained] = explainPairs(model, [matrixNodeEndpoint(model, from)], [matrixNodeEndpoint(model, to)], {});
          if (explained && explained.verdict.connections.toString() !== cell) problems.push(`${from.id} -> ${to.id}: matrix ${cell}, explain ${explained.verdict.connections}`);
          for (const probe of PROBES) {
            const verdict = engine.evaluate(endpointOf(from), endpointOf(to), probe);
            if (verdict.allowed !== matrix.conn(i, j).has(probe.protocol, probe.port)) problems.push(`${from.id} -> ${to.id} ${probe.protocol} ${probe.port}: evaluate ${verdict.allowed}`);
            if (engine.allows(endpointOf(from), endpointOf(to), probe) !== verdict.allowed) problems.push(`${from.id} -> ${to.id} ${probe.protocol} ${probe.port}: allows differs`);
            // The deciding rule of each side says what the side says.
            for (const side of [verdict.egress, verdict.ingress]) {
              const d = side.decision;
              const decided = d === undefined ? side.allowed : d.by === 'entry' ? d.match.entry.action === 'allow' : d.by === 'default';
              if (decided !== side.allowed) problems.push(`${from.id} -> ${to.id} ${probe.protocol} ${probe.port}: ${side.direction} decision ${d?.by} disagrees`);
            }
          }
        });
      });
      assert.deepEqual(problems.slice(0, 10), [], docs.slice(1).join('\n---\n'));
    });
  }
});
