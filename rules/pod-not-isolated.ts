import type { RelatedTarget, Rule } from '../src/lint/types.ts';
import type { NetworkPolicy, PolicyRule } from '../src/model/types.ts';
import { describePolicy, describeWorkload, listSome } from '../src/semantics/describe.ts';
import { allowsEverything, policyEngineOf, workloadEndpoint, type Direction } from '../src/semantics/policy.ts';
import { isEmptySelector } from '../src/semantics/selector.ts';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];
const EFFECT: Record<string, string> = {
  ingress: 'accept connections from any pod and address',
  egress: 'open connections to any pod and address',
  'ingress and egress': 'accept connections from and open connections to anything',
};
const TYPES: Record<string, string> = { ingress: 'Ingress', egress: 'Egress', 'ingress and egress': 'Ingress, Egress' };

/**
 * Flags namespaces without a default-deny policy and, in namespaces that have policies but no
 * default deny, the workloads that no policy isolates.
 */
export const rule: Rule = {
  meta: {
    id: 'pod-not-isolated',
    severity: 'info',
    description: 'Workloads should be isolated by a NetworkPolicy for ingress and egress; namespaces should have a default-deny policy.',
    messages: {
      namespace:
        'no NetworkPolicy restricts the pods of namespace "{{namespace}}" for {{directions}}, so its workloads {{effect}}; add a default-deny policy (podSelector: {}, policyTypes: [{{types}}]) and allow what is needed',
      workload:
        '{{workload}} is not isolated for {{directions}}: no NetworkPolicy of namespace "{{namespace}}" selects it (the ones there, {{policies}}, select other pods), so it may {{effect}}; select it in a policy or add a default-deny policy',
    },
    remediation:
      'Add a default-deny NetworkPolicy to each namespace (spec.podSelector: {} with policyTypes Ingress and Egress), then policies that allow the traffic each workload needs.',
  },
  check(context) {
    // A run without any NetworkPolicy does not manage the cluster with policies, or keeps them
    // elsewhere (lint them together): reporting every namespace would be noise.
    if (context.model.policies.length === 0) return;
    const engine = policyEngineOf(context.model);
    const { relations } = context;
    for (const namespace of relations.namespacesWithWorkloads()) {
      // Workloads no policy can apply to (on the host network) need no isolation.
      const workloads = relations.workloadsIn(namespace).filter((w) => engine.governs(workloadEndpoint(w)));
      if (workloads.length === 0) continue;
      const policies = engine.policiesIn(namespace);
      const without = DIRECTIONS.filter((d) => !policies.some((p) => restricts(p, d)));
      const partial = DIRECTIONS.filter((d) => !without.includes(d) && !policies.some((p) => restricts(p, d) && isEmptySelector(p.podSelector)));
      if (without.length > 0) {
        const directions = without.join(' and ');
        const declared = context.model.namespaces.get(namespace)?.object;
        const first = workloads[0]!;
        // At the Namespace object when the tree declares it, else where the first workload names the namespace.
        context.report({
          messageId: 'namespace',
          data: { namespace, directions, effect: EFFECT[directions]!, types: TYPES[directions]! },
          at: declared ? { object: declared, path: ['metadata', 'name'] } : { object: first.object, path: ['metadata', first.object.namespaceDefaulted ? 'name' : 'namespace'] },
          related: allowAllRules(policies, without),
        });
      }
      if (partial.length === 0) continue;
      context.each(workloads, (workload) => {
        const open = partial.filter((d) => engine.policiesSelecting(workloadEndpoint(workload), d).length === 0);
        if (open.length === 0) return;
        const directions = open.join(' and ');
        const others = policies.filter((p) => open.some((d) => affects(p, d)));
        context.report({
          messageId: 'workload',
          data: { workload: describeWorkload(workload), namespace, directions, effect: EFFECT[directions]!, policies: listSome(others.map((p) => describePolicy(p))) },
          at: { object: workload.object, path: ['metadata', 'name'] },
          related: others.slice(0, 3).map((p) => ({ at: { object: p.object, path: p.podSelectorPath, key: true }, message: `${describePolicy(p)} selects other pods` })),
        });
      });
    }
  },
};

function affects(policy: NetworkPolicy, direction: Direction): boolean {
  return direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress;
}

function rulesOf(policy: NetworkPolicy, direction: Direction): readonly PolicyRule[] {
  return direction === 'ingress' ? policy.ingress : policy.egress;
}

/** A policy restricts a direction when it isolates it and none of its rules admits every peer on every port. */
function restricts(policy: NetworkPolicy, direction: Direction): boolean {
  return affects(policy, direction) && !rulesOf(policy, direction).some(allowsEverything);
}

/** The rules that make isolating policies restrict nothing, for the namespace finding. */
function allowAllRules(policies: readonly NetworkPolicy[], directions: readonly Direction[]): RelatedTarget[] {
  return policies.flatMap((p) =>
    directions.flatMap((d) =>
      affects(p, d)
        ? rulesOf(p, d).flatMap((rule, index) => (allowsEverything(rule) ? [{ at: { object: p.object, path: rule.path }, message: `${describePolicy(p)} ${d}[${index}] admits everything on every port, so it denies nothing` }] : []))
        : [],
    ),
  );
}

export default rule;
