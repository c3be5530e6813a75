// Random trees with every policy kind (the generators of the matrix-vs-explain cross-check): every
// exposure `reach --exposure` lists is what `explain` says on the workload's side for concrete pods of
// that representative (and its name, read back by explain, is allowed no more), and a pod or address
// outside the tree that the workload's side admits is covered: a listed peer it belongs to allows at
// least as much.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainPairs, matrixNodeEndpoint, resolveEndpoints } from '../src/reach/explain.ts';
import { exposureOf } from '../src/reach/exposure.ts';
import { parseNodeQuery } from '../src/reach/filter.ts';
import { parseCidrOrAddress } from '../src/semantics/address-range.ts';
import { ConnSet } from '../src/semantics/conn.ts';
import { memberEndpoints, type NamedEndpoint } from '../src/semantics/endpoints.ts';
import { outsidePodEndpoint } from '../src/semantics/outside-pods.ts';
import { externalEndpoint, podEndpoint, policyEngineOf, type Endpoint } from '../src/semantics/policy.ts';
import { modelOf } from './support/netpol-world.ts';
import { calicoPolicy, ciliumPolicy, clusterPolicy, networkPolicy, pick, random, world } from './support/random-policies.ts';

/** Concrete pods outside the tree: in the tree's namespaces and in one it lacks (w), with labels policies read. */
function outsidePods(next: () => number): Endpoint[] {
  return Array.from({ length: 12 }, () => {
    const labels: Record<string, string> = {};
    if (next() < 0.8) labels.pod = pick(next, ['a', 'b', 'c', 'd']);
    if (next() < 0.4) labels.tier = 'x';
    const namespace = pick(next, ['x', 'y', 'z', 'w']);
    const namespaceLabels = namespace === 'w' ? { 'kubernetes.io/metadata.name': 'w', ...(next() < 0.5 ? { ns: 'y' } : {}) } : undefined;
    return podEndpoint(namespace, labels, undefined, namespaceLabels);
  });
}

const ADDRESSES = ['10.1.2.3', '10.200.0.1', '192.168.1.1', '8.8.8.8', '2001:db8::1'];

describe('exposure over random trees with every policy kind', () => {
  let totalListed = 0;
  for (let seed = 1; seed <= 30; seed++) {
    it(`when the tree is generated from seed ${seed}, then every listed exposure is what explain says for it, and every outside peer the engine admits is covered`, () => {
      const next = random(seed * 104729);
      const docs = [
        world,
        ...Array.from({ length: Math.floor(next() * 3) }, (_, k) => networkPolicy(next, k)),
        ...Array.from({ length: Math.floor(next() * 3) }, (_, k) => clusterPolicy(next, k)),
        ...Array.from({ length: Math.floor(next() * 3) }, (_, k) => ciliumPolicy(next, k)),
        ...Array.from({ length: Math.floor(next() * 3) }, (_, k) => calicoPolicy(next, k)),
      ].filter((d) => d !== '');
      const model = modelOf(['# random tree', ...docs].join('\n---\n'));
      const engine = policyEngineOf(model);
      const problems: string[] = [];
      const probes = outsidePods(next);
      let listed = 0;
      for (const { node, ingress, egress } of exposureOf(model)) {
        const named = matrixNodeEndpoint(model, node);
        const members = memberEndpoints(named).map((m) => m.endpoint);
        // The workload's side: what exposure is about (the other end is not in the tree).
        const side = (peer: Endpoint, direction: 'ingress' | 'egress') => members.reduce((conn, m) => conn.union(engine.sideConnections(direction, m, peer)), ConnSet.NONE);
        const explainSide = (peer: NamedEndpoint, direction: 'ingress' | 'egress') =>
          (direction === 'ingress' ? explainPairs(model, [peer], [named], {}) : explainPairs(model, [named], [peer], {})).reduce((set, e) => set.union(e.verdict[direction].connections), ConnSet.NONE);
        for (const exposure of [ingress!, egress!]) {
          const dir = exposure.direction;
          for (const peer of exposure.peers) {
            listed++;
            if (peer.type === 'domain') continue;
            // Sound: explain says the workload's side allows exactly that toward the concrete pods of the peer.
            if (peer.type === 'pods') {
              const conn = peer.examples!.reduce((set, example) => set.union(explainSide({ name: peer.id, endpoint: outsidePodEndpoint(model, example) }, dir)), ConnSet.NONE);
              if (conn.key !== peer.conn.key) problems.push(`${node.id} ${dir} ${peer.id}: listed ${peer.conn}, explain of its pods ${conn}`);
            }
            // explain reads the listed name back: the pod (or ranges) it names is allowed no more than listed.
            const query = parseNodeQuery(peer.id);
            if ('error' in query) {
              problems.push(`${peer.id}: explain cannot read it (${query.error})`);
              continue;
            }
            const back = resolveEndpoints(model, query, { cutRanges: true }).reduce((set, end) => set.union(explainSide(end, dir)), ConnSet.NONE);
            if (!back.subtract(peer.conn).isEmpty() || (peer.type === 'addresses' && back.key !== peer.conn.key)) problems.push(`${node.id} ${dir} ${peer.id}: listed ${peer.conn}, explain of the name ${back}`);
          }
          // Complete: a pod outside the tree the side admits belongs to listed peers that allow at least as much.
          for (const probe of probes) {
            const conn = side(probe, dir);
            if (conn.isEmpty()) continue;
            if (exposure.everything) {
              if (!conn.isAll()) problems.push(`${node.id} ${dir}: everything, but ${JSON.stringify(probe)} gets ${conn}`);
              continue;
            }
            const subject = engine.policySubject(probe);
            const covered = exposure.peers.filter((p) => p.type === 'pods' && p.admits!(subject)).reduce((set, p) => set.union(p.conn), ConnSet.NONE);
            if (!conn.subtract(covered).isEmpty()) problems.push(`${node.id} ${dir} pod ${JSON.stringify(probe)}: engine ${conn}, listed peers it belongs to ${covered}`);
          }
          for (const text of ADDRESSES) {
            const range = parseCidrOrAddress(text)!;
            const conn = side(externalEndpoint(range), dir);
            if (conn.isEmpty() || exposure.everything) continue;
            const holder = exposure.peers.find((p) => p.ranges?.some((r) => r.family === range.family && r.start <= range.start && range.end <= r.end));
            if (!holder || holder.conn.key !== conn.key) problems.push(`${node.id} ${dir} ${text}: engine ${conn}, listed ${holder?.id ?? 'nothing'} ${holder?.conn ?? ''}`);
          }
        }
      }
      assert.deepEqual(problems.slice(0, 10), [], docs.slice(1).join('\n---\n'));
      totalListed += listed;
    });
  }
  it('when every tree has been checked, then the checks compared many listed peers (they are not vacuous)', () => {
    assert.ok(totalListed > 300, `${totalListed} peers listed`);
  });
});
