import type { RelatedTarget, Rule } from '../src/lint/types.ts';
import type { Workload } from '../src/model/types.ts';
import { nodeHead, workloadNodeIndex } from '../src/semantics/nodes.ts';
import { describeMember, listSome } from '../src/semantics/describe.ts';
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
    unevaluatedPolicies: { '*': 'info' },
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
        add(context.relations.selectedWorkloads(service), { name, related: { at: { object: ingress.object, path: backend.namePath }, message: `${name} routes to it through Service "${service.object.name}"` } });
      }
    }
    // Once per reach node (a Deployment with its exported ReplicaSets and Pods), at its head: its
    // exposed members are evaluated separately, and the first one not isolated is named.
    const { nodeOf } = workloadNodeIndex(context.model);
    const nodes = [...new Set([...exposures.keys()].map((w) => nodeOf.get(w)!))].map((node) => ({ object: nodeHead(node).object, node }));
    context.each(nodes, ({ node }) => {
      const head = nodeHead(node);
      const exposed = engine.distinctWorkloads(node.workloads.filter((w) => exposures.has(w)));
      // A workload no policy can apply to (on the host network) cannot be isolated: nothing to ask for.
      // A policy of any kind whose selection isolates it counts (a NetworkPolicy, a network plugin's
      // policy). An Admin or Baseline Deny from every namespace does not: those peers cannot name
      // sources outside the cluster, which is what an exposure lets in.
      const open = exposed.find((w) => engine.governs(workloadEndpoint(w)) && !engine.isolatingPolicies(workloadEndpoint(w), 'ingress').some((p) => p.tier.endOfTier === 'deny'));
      if (!open) return;
      // Each exposure is the same object on every member it selects: keep it once.
      const list = [...new Set(node.workloads.flatMap((w) => exposures.get(w) ?? []))];
      const names = [...new Set(list.map((e) => e.name))];
      context.report({
        messageId: 'exposed',
        data: { workload: describeMember(open, node), exposures: listSome(names) },
        at: { object: head.object, path: ['metadata', 'name'] },
        related: list.slice(0, 5).map((e) => e.related),
      });
    });
  },
};

export default rule;
