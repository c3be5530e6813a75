import type { RelatedTarget, Rule } from '../src/lint/types.ts';
import type { NetworkPolicy, PolicyRule, Workload } from '../src/model/types.ts';
import { describeNode, nodeHead, workloadNodeIndex } from '../src/semantics/nodes.ts';
import { describePolicy, describeWorkload, listSome } from '../src/semantics/describe.ts';
import { describeAnyPolicy } from '../src/semantics/describe-verdict.ts';
import { allowsEverything, podEndpoint, policyEngineOf, workloadEndpoint, type Direction } from '../src/semantics/policy.ts';
import type { CompiledPolicy } from '../src/semantics/tiers.ts';
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
 * default deny, the workloads that no policy isolates (once per reach node: a Deployment with its
 * exported ReplicaSets and Pods is one).
 */
export const rule: Rule = {
  meta: {
    id: 'pod-not-isolated',
    severity: 'info',
    // Policies of kinds the engine does not evaluate may isolate these pods: the run's caveat says so instead.
    unevaluatedPolicies: { '*': 'drop' },
    description: 'Workloads should be isolated by a NetworkPolicy for ingress and egress; namespaces should have a default-deny policy.',
    messages: {
      namespace:
        'no NetworkPolicy restricts the pods of namespace "{{namespace}}" for {{directions}}, so its workloads {{effect}}; add a default-deny policy (podSelector: {}, policyTypes: [{{types}}]) and allow what is needed',
      noDefaultDeny:
        'namespace "{{namespace}}" has no default-deny NetworkPolicy for {{directions}}: its policies isolate only the pods they select, so any pod none selects (now, or added later) may {{effect}}; add a default-deny policy (podSelector: {}, policyTypes: [{{types}}]) and allow what is needed',
      workload:
        '{{workload}} is not isolated for {{directions}}: no NetworkPolicy of namespace "{{namespace}}" selects it (the ones there, {{policies}}, select other pods), so it may {{effect}}; select it in a policy or add a default-deny policy',
      members:
        '{{workload}} is only partly isolated for {{directions}}: NetworkPolicies select {{isolated}} but not {{open}}, so those pods may {{effect}}; select every pod of the workload (label them alike) or add a default-deny policy',
    },
    remediation:
      'Add a default-deny NetworkPolicy to each namespace (spec.podSelector: {} with policyTypes Ingress and Egress), then policies that allow the traffic each workload needs.',
  },
  check(context) {
    // A run without any policy object does not manage the cluster with policies, or keeps them
    // elsewhere (lint them together): reporting every namespace would be noise. A written policy the
    // cluster rejects still counts: it shows policies are meant to govern, though it isolates nothing.
    const engine = policyEngineOf(context.model);
    if (!engine.writesPolicies()) return;
    const { relations } = context;
    const { nodeOf } = workloadNodeIndex(context.model);
    // Isolated by a policy of any kind (engine.isolatingPolicies: a NetworkPolicy, a network plugin's
    // isolating policy, an Admin or Baseline policy that denies every peer).
    const isolated = (workload: Workload, direction: Direction) => engine.isolatingPolicies(workloadEndpoint(workload), direction).length > 0;
    const otherIsolating = (workload: Workload, direction: Direction) => engine.isolatingPolicies(workloadEndpoint(workload), direction).filter((p) => !p.networkPolicy);
    for (const namespace of relations.namespacesWithWorkloads()) {
      // Workloads no policy can apply to (on the host network) need no isolation.
      const workloads = relations.workloadsIn(namespace).filter((w) => engine.governs(workloadEndpoint(w)));
      if (workloads.length === 0) continue;
      const policies = engine.policiesIn(namespace);
      // A policy of another kind isolating any pod of the namespace (one with no labels) is its default deny.
      const clusterDefault = (d: Direction) => engine.isolatingPolicies(podEndpoint(namespace, {}), d).some((p) => !p.networkPolicy);
      const lacking = DIRECTIONS.filter((d) => !policies.some((p) => restricts(p, d) && isEmptySelector(p.podSelector)) && !clusterDefault(d));
      const without = lacking.filter((d) => !policies.some((p) => restricts(p, d)) && !workloads.some((w) => otherIsolating(w, d).length > 0));
      if (lacking.length > 0) {
        const directions = lacking.join(' and ');
        const declared = context.model.namespaces.get(namespace)?.object;
        const first = workloads[0]!;
        // At the Namespace object when the tree declares it, else where the first workload names the namespace.
        context.report({
          messageId: without.length === lacking.length ? 'namespace' : 'noDefaultDeny',
          data: { namespace, directions, effect: EFFECT[directions]!, types: TYPES[directions]! },
          at: declared ? { object: declared, path: ['metadata', 'name'] } : { object: first.object, path: ['metadata', first.object.namespaceDefaulted ? 'name' : 'namespace'] },
          related: allowAllRules(policies, without),
        });
      }
      // Where no policy restricts a direction, the namespace finding says it all.
      const partial = lacking.filter((d) => !without.includes(d));
      if (partial.length === 0) continue;
      // One finding per reach node, at its head; its members are evaluated separately, and the node is
      // isolated in a direction only when every member is (as `reach` joins what its members allow).
      const governed = new Set(workloads);
      const nodes = [...new Set(workloads.map((w) => nodeOf.get(w)!))].map((node) => ({ object: nodeHead(node).object, node }));
      context.each(nodes, ({ node }) => {
        const head = nodeHead(node);
        const members = engine.distinctWorkloads(node.workloads.filter((w) => governed.has(w)));
        const open = members.filter((w) => partial.some((d) => !isolated(w, d)));
        if (open.length === 0) return;
        const directions = partial.filter((d) => open.some((w) => !isolated(w, d))).join(' and ');
        const closed = members.filter((w) => !open.includes(w));
        const at = { object: head.object, path: ['metadata', 'name'] };
        if (closed.length > 0) {
          context.report({
            messageId: 'members',
            data: { workload: describeNode(node), directions, effect: EFFECT[directions]!, isolated: listSome(closed.map((w) => describeWorkload(w))), open: listSome(open.map((w) => describeWorkload(w))) },
            at,
            related: open.slice(0, 3).map((w) => ({ at: { object: w.object, path: w.template.labelsPath }, message: `no NetworkPolicy selects the labels of ${describeWorkload(w)}` })),
          });
          return;
        }
        const others = policies.filter((p) => partial.some((d) => affects(p, d)));
        const otherKinds = [...new Set(workloads.flatMap((w) => partial.flatMap((d) => otherIsolating(w, d))))] as CompiledPolicy[];
        const names = [...others.map((p) => describePolicy(p)), ...otherKinds.map((p) => describeAnyPolicy(p))];
        context.report({
          messageId: 'workload',
          data: { workload: describeNode(node), namespace, directions, effect: EFFECT[directions]!, policies: listSome(names) },
          at,
          related: [
            ...others.map((p) => ({ at: { object: p.object, path: p.podSelectorPath, key: true }, message: `${describePolicy(p)} selects other pods` })),
            ...otherKinds.map((p) => ({ at: { object: p.origin.object, path: p.origin.path, key: true }, message: `${describeAnyPolicy(p)} isolates other pods` })),
          ].slice(0, 3),
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
