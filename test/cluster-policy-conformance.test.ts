// Runs the cluster-wide policy truth tables (test/support/cluster-policy-cases.ts) against the engine and the matrix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMatrix } from '../src/reach/matrix.ts';
import { policyEngineOf, workloadEndpoint } from '../src/semantics/policy.ts';
import { clusterCases, houseWorld, NS } from './support/cluster-policy-cases.ts';
import { modelOf } from './support/netpol-world.ts';

describe('cluster-wide policies (network-policy-api conformance truth tables)', () => {
  const world = houseWorld();
  for (const c of clusterCases()) {
    it(`when ${c.name}, then every poke follows the table`, () => {
      const model = modelOf(['# the houses world', world, ...c.manifests.map((m) => JSON.stringify(m))].join('\n---\n'));
      const engine = policyEngineOf(model);
      const workload = (name: string) => {
        const namespace = name === 'centaur' ? NS('forbidden-forrest') : NS(name);
        const found = model.workloads.find((w) => w.object.namespace === namespace);
        assert.ok(found, name);
        return found;
      };
      const matrix = buildMatrix(model);
      const nodeIndex = (name: string) => matrix.nodes.findIndex((n) => n.type === 'workload' && n.workloads.includes(workload(name)));
      for (const poke of c.pokes) {
        const query = { protocol: poke.protocol, port: poke.port };
        const src = workloadEndpoint(workload(poke.from));
        const dst = workloadEndpoint(workload(poke.to));
        const what = `${poke.from} -> ${poke.to} ${poke.protocol} ${poke.port}`;
        assert.equal(engine.evaluate(src, dst, query).allowed, poke.allowed, `evaluate: ${what}`);
        assert.equal(engine.allows(src, dst, query), poke.allowed, `allows: ${what}`);
        assert.equal(matrix.conn(nodeIndex(poke.from), nodeIndex(poke.to)).has(poke.protocol, poke.port), poke.allowed, `matrix: ${what}`);
      }
    });
  }
});
