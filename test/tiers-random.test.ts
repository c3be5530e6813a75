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
import { clusterPolicy, networkPolicy, random, world } from './support/random-policies.ts';
import type { MatrixNode } from '../src/semantics/nodes.ts';

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
