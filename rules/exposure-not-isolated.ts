import type { RelatedTarget, Rule } from '../src/lint/types.ts';
import type { Workload } from '../src/model/types.ts';
import { describeWorkload, listSome } from '../src/semantics/describe.ts';
import { policyEngineOf, workloadEndpoint } from '../src/semantics/policy.ts';

interface Exposure {
  readonly name: string;
  readonly related: RelatedTarget;
}

/** Flags workloads exposed outside the cluster (NodePort, LoadBalancer, Ingress) that no policy isolates for ingress. */
export const rule: Rule = {
  meta: {
    id: 'exposure-not-isolated',
    severity: 'warning',
    description: 'A workload exposed by a NodePort or LoadBalancer Service or an Ingress should be isolated for ingress by a NetworkPolicy.',
    messages: {
      exposed:
        '{{workload}} is exposed outside the cluster by {{exposures}}, but no NetworkPolicy isolates it for ingress: every pod and address that reaches it may connect on any port; add a policy selecting it that allows only the exposed ports',
    },
    remediation: 'Add a NetworkPolicy that selects the workload (or a default-deny policy for its namespace) and allows only the ports and sources the exposure needs.',
  },
  check(context) {
    // Without any NetworkPolicy in the run, the policies live elsewhere or are not used: nothing to hold exposures against.
    if (context.model.policies.length === 0) return;
    const engine = policyEngineOf(context.model);
    const exposures = new Map<Workload, Exposure[]>();
    const add = (workloads: readonly Workload[], exposure: Exposure) => {
      for (const w of workloads) exposures.set(w, [...(exposures.get(w) ?? []), exposure]);
    };
    for (const service of context.model.services) {
      if (service.type !== 'NodePort' && service.type !== 'LoadBalancer') continue;
      const name = `${service.type} Service "${service.object.name}"`;
      add(context.relations.selectedWorkloads(service), { name, related: { at: { object: service.object, path: ['spec', 'type'] }, message: `${name} exposes it` } });
    }
    for (const ingress of context.model.ingresses) {
      for (const backend of ingress.backends) {
        const service = context.relations.backendService(ingress, backend);
        if (!service) continue;
        const name = `Ingress "${ingress.object.name}"`;
        add(context.relations.selectedWorkloads(service), { name, related: { at: { object: ingress.object, path: [...backend.path, 'service', 'name'] }, message: `${name} routes to it through Service "${service.object.name}"` } });
      }
    }
    context.each([...exposures.keys()], (workload) => {
      // A workload no policy can apply to (on the host network) cannot be isolated: nothing to ask for.
      const endpoint = workloadEndpoint(workload);
      if (!engine.governs(endpoint) || engine.policiesSelecting(endpoint, 'ingress').length > 0) return;
      const list = exposures.get(workload)!;
      const names = [...new Set(list.map((e) => e.name))];
      context.report({
        messageId: 'exposed',
        data: { workload: describeWorkload(workload), exposures: listSome(names) },
        at: { object: workload.object, path: ['metadata', 'name'] },
        related: list.slice(0, 5).map((e) => e.related),
      });
    });
  },
};

export default rule;
