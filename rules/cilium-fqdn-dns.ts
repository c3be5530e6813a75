import type { Rule } from '../src/lint/types.ts';
import { CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND, CILIUM_NETWORK_POLICY_KIND, type CiliumPolicy, type CiliumSpec } from '../src/model/kinds/cilium.ts';
import { viewsOf } from '../src/model/kinds/define.ts';
import { describeWorkload, listSome } from '../src/semantics/describe.ts';
import { policyEngineOf, workloadEndpoint } from '../src/semantics/policy.ts';

/** Whether a spec has an egress allow rule with L7 DNS rules (what feeds Cilium's DNS proxy). */
const hasDnsProxyRule = (spec: CiliumSpec) => spec.rules.some((r) => r.direction === 'egress' && !r.deny && r.toPorts?.some((p) => p.l7.includes('dns')));

/**
 * Flags Cilium `toFQDNs` rules whose pods have no L7 DNS rule for Cilium's DNS proxy. (A Cilium policy
 * that turns on default deny for egress without allowing DNS at all is egress-blocks-dns's finding:
 * it judges lookups under every kind of policy.)
 */
export const rule: Rule = {
  meta: {
    id: 'cilium-fqdn-dns',
    severity: 'warning',
    unevaluatedPolicies: { '*': 'info' },
    description: 'A Cilium toFQDNs rule needs an egress rule with L7 DNS rules for the pods it applies to, or it allows nothing.',
    messages: {
      fqdnWithoutDnsRule:
        'toFQDNs ({{names}}) allows addresses only as Cilium\'s DNS proxy sees them resolved, and no egress rule of a Cilium policy selecting {{workloads}} has L7 DNS rules (rules: {dns: [...]}) on the DNS port, so the names are never learned and nothing is allowed (assuming the linted files hold every Cilium policy of these pods); add to the DNS egress rule toPorts [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]',
    },
    remediation:
      'Give the pods an egress rule to the DNS servers (toEndpoints k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns) whose toPorts (port 53, protocol ANY) carries rules: {dns: [{matchPattern: "*"}]}, so that Cilium\'s DNS proxy learns the names toFQDNs allows.',
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    const views: CiliumPolicy[] = [...viewsOf(context.model, CILIUM_NETWORK_POLICY_KIND), ...viewsOf(context.model, CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND)];
    const specOf = new Map<object, CiliumSpec>(views.flatMap((v) => v.specs.flatMap((s) => (s.endpointSelector ? [[s.endpointSelector.path, s] as const] : []))));
    const compiledCilium = engine.world.compiled.filter((p) => specOf.has(p.origin.path));
    context.each(
      compiledCilium.map((policy) => ({ object: policy.origin.object, policy })),
      ({ policy }) => {
        const spec = specOf.get(policy.origin.path)!;
        const rules = spec.rules.filter((r) => r.fqdns && !r.deny);
        if (rules.length === 0) return;
        const selected = engine.distinctWorkloads(engine.workloadsSelectedByCompiled(policy));
        // The DNS proxy works per endpoint: any Cilium policy selecting the pod may hold the DNS rule.
        const without = selected.filter((w) => !compiledCilium.some((p) => engine.selectsCompiled(p, workloadEndpoint(w)) && hasDnsProxyRule(specOf.get(p.origin.path)!)));
        if (without.length === 0) return;
        for (const rule of rules) {
          context.report({
            messageId: 'fqdnWithoutDnsRule',
            data: { names: rule.fqdns!.map((f) => f.matchName ?? f.matchPattern ?? '').join(', '), workloads: listSome(without.map((w) => describeWorkload(w))) },
            at: { object: policy.origin.object, path: [...rule.path, 'toFQDNs'], key: true },
          });
        }
      },
    );
  },
};

export default rule;
