// Runs the conformance truth tables (test/support/netpol-cases.ts) against the policy engine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policyEngineOf, workloadEndpoint } from '../src/semantics/policy.ts';
import { conformanceCases as cases } from './support/netpol-cases.ts';
import { allPods, modelOf, podName, Reachability, worldManifests } from './support/netpol-world.ts';

describe('NetworkPolicy conformance (netpol e2e model)', () => {
  const world = worldManifests();
  for (const c of cases) {
    for (const probe of c.probes) {
      it(`when ${c.name}, then ${probe.protocol} ${probe.port} follows the truth table`, () => {
        const model = modelOf([world, ...c.policies].join('---\n'));
        const engine = policyEngineOf(model);
        const byName = new Map(model.workloads.map((w) => [podName(w), w]));
        const actual = (from: string, to: string) => engine.evaluate(workloadEndpoint(byName.get(from)!), workloadEndpoint(byName.get(to)!), probe).allowed;
        const mismatches = allPods().flatMap((from) => allPods().filter((to) => from !== to && actual(from, to) !== probe.expected.get(from, to)).map((to) => `${from} -> ${to}`));
        assert.deepEqual(mismatches, [], `expected:\n${Reachability.table((f, t) => probe.expected.get(f, t))}\nactual:\n${Reachability.table(actual)}`);
        const allows = (from: string, to: string) => engine.allows(workloadEndpoint(byName.get(from)!), workloadEndpoint(byName.get(to)!), probe);
        const disagreements = allPods().flatMap((from) => allPods().filter((to) => from !== to && allows(from, to) !== probe.expected.get(from, to)).map((to) => `${from} -> ${to}`));
        assert.deepEqual(disagreements, [], 'engine.allows, the answer without explanation, follows the same table');
      });
    }
  }
});
