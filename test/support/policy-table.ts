/** Truth tables of the policy engine: pairs with the expected verdict and deciding rule (the CNI policy tests use them). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Model } from '../../src/model/types.ts';
import { parseCidrOrAddress } from '../../src/semantics/address-range.ts';
import { externalEndpoint, policyEngineOf, workloadEndpoint, type Endpoint, type SideVerdict, type Verdict } from '../../src/semantics/policy.ts';
import { modelOf } from './netpol-world.ts';

export const pod = (namespace: string, name: string, labels: Record<string, string>, ports = '[{name: http, containerPort: 80}, {containerPort: 81}, {name: dns, containerPort: 53, protocol: UDP}]') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: ${JSON.stringify(labels)}}
spec:
  containers: [{name: main, image: x, ports: ${ports}}]
`;

export function endpointOf(model: Model, name: string): Endpoint {
  if (/^[0-9.:/]+$/.test(name)) return externalEndpoint(parseCidrOrAddress(name)!);
  const [namespace, pod] = name.split('/');
  const found = model.workloads.find((w) => w.object.namespace === namespace && w.object.name === pod);
  assert.ok(found, name);
  return workloadEndpoint(found);
}

/** What decided a side: the deciding entry's label, `isolation` (end of an isolating tier), or `default`. */
function sideDecider(side: SideVerdict): string {
  const decision = side.decision;
  if (!decision || decision.by === 'default') return 'default';
  if (decision.by === 'isolation') return 'isolation';
  return decision.match.entry.origin.label;
}

/** The decider of a refused connection (the side that refused it, egress first); of an allowed one, the side a rule allowed on (ingress first). */
export function decider(verdict: Verdict): string {
  if (!verdict.egress.allowed) return `egress: ${sideDecider(verdict.egress)}`;
  if (!verdict.ingress.allowed || sideDecider(verdict.ingress) !== 'default' || sideDecider(verdict.egress) === 'default') return `ingress: ${sideDecider(verdict.ingress)}`;
  return `egress: ${sideDecider(verdict.egress)}`;
}

export type Row = readonly [from: string, to: string, port: number, allowed: boolean, decidedBy: string, protocol?: 'TCP' | 'UDP'];

export function table(title: string, manifests: string[], rows: readonly Row[]): void {
  describe(title, () => {
    const model = modelOf(manifests.join('---\n'));
    const engine = policyEngineOf(model);
    for (const [from, to, port, allowed, decidedBy, protocol = 'TCP'] of rows) {
      it(`when ${from} connects to ${to} on ${protocol} ${port}, then it is ${allowed ? 'allowed' : 'denied'}, decided by ${decidedBy}`, () => {
        const verdict = engine.evaluate(endpointOf(model, from), endpointOf(model, to), { port, protocol });
        assert.equal(verdict.allowed, allowed);
        assert.equal(decider(verdict), decidedBy);
        // The cheap path agrees with the explained one.
        assert.equal(engine.allows(endpointOf(model, from), endpointOf(model, to), { port, protocol }), allowed);
      });
    }
  });
}

