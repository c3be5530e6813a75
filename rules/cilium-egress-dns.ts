import type { Rule } from '../src/lint/types.ts';
import { CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND, CILIUM_NETWORK_POLICY_KIND, type CiliumPolicy, type CiliumSpec } from '../src/model/kinds/cilium.ts';
import { viewsOf } from '../src/model/kinds/define.ts';
import { defaultDenies } from '../src/semantics/cilium.ts';
import { describeWorkload, listSome } from '../src/semantics/describe.ts';
import { dnsServers, dnsTargets } from '../src/semantics/dns.ts';
import { policyEngineOf, workloadEndpoint } from '../src/semantics/policy.ts';

/** Whether a spec has an egress allow rule with L7 DNS rules (what feeds Cilium's DNS proxy). */
const hasDnsProxyRule = (spec: CiliumSpec) => spec.rules.some((r) => r.direction === 'egress' && !r.deny && r.toPorts?.some((p) => p.l7.includes('dns')));

/**
 * Flags Cilium policies that turn on default deny for egress while the pods they select can reach no
 * DNS server, and `toFQDNs` rules whose pods have no L7 DNS rule for Cilium's DNS proxy.
 */
export const rule: Rule = {
  meta: {
    id: 'cilium-egress-dns',
    severity: 'error',
    unevaluatedPolicies: { '*': 'warning' },
    description: 'A Cilium policy that turns on default deny for egress must let its pods reach DNS, and toFQDNs needs an L7 DNS rule.',
    messages: {
      noDns:
        '{{policy}} turns on default deny for egress of {{workloads}}, and no rule of any policy lets {{them}} reach DNS ({{dns}}) over UDP: every name lookup fails; add an egress rule with toEndpoints k8s:io.kubernetes.pod.namespace=kube-system, k8s:k8s-app=kube-dns and toPorts 53 (UDP and TCP)',
      fqdnWithoutDnsRule:
        'toFQDNs ({{names}}) allows addresses only as Cilium\'s DNS proxy sees them resolved, and no egress rule of a Cilium policy selecting {{workloads}} has L7 DNS rules (rules: {dns: [...]}) on the DNS port, so the names are never learned and nothing is allowed (assuming the linted files hold every Cilium policy of these pods); add to the DNS egress rule toPorts [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]',
    },
    remediation:
      'Allow DNS in every Cilium policy that isolates egress: toEndpoints of the DNS pods (k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns) with toPorts port 53, protocol ANY; with toFQDNs, put rules: {dns: [{matchPattern: "*"}]} on that port so Cilium\'s DNS proxy learns the names. Set cluster.dns in .kube-netlint.yaml when DNS runs elsewhere.',
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    const { servers, configured } = dnsServers(context.model);
    const dns = dnsTargets(servers);
    const described = dns.map((t) => t.description).join(', ');
    const views: CiliumPolicy[] = [...viewsOf(context.model, CILIUM_NETWORK_POLICY_KIND), ...viewsOf(context.model, CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND)];
    const specOf = new Map<object, CiliumSpec>(views.flatMap((v) => v.specs.flatMap((s) => (s.endpointSelector ? [[s.endpointSelector.path, s] as const] : []))));
    const compiledCilium = engine.world.compiled.filter((p) => p.kind.startsWith('Cilium'));
    context.each(
      compiledCilium.map((policy) => ({ object: policy.origin.object, policy })),
      ({ policy }) => {
        const spec = specOf.get(policy.origin.path);
        if (!spec) return;
        const selected = engine.distinctWorkloads(engine.workloadsSelectedByCompiled(policy));
        if (selected.length === 0) return;
        if (defaultDenies(spec, 'egress')) {
          const blocked = selected.filter((w) => !dns.some((t) => engine.allows(workloadEndpoint(w), t.endpoint, { port: t.server.port, protocol: 'UDP' })));
          if (blocked.length > 0) {
            const key = spec.rules.find((r) => r.direction === 'egress')?.path.slice(0, -1) ?? [...spec.path, 'enableDefaultDeny'];
            context.report({
              messageId: 'noDns',
              data: {
                policy: policy.origin.label,
                workloads: listSome(blocked.map((w) => describeWorkload(w))),
                them: blocked.length > 1 ? 'them' : 'it',
                dns: configured ? described : `${described}, as assumed without cluster.dns`,
              },
              at: { object: policy.origin.object, path: key, key: true },
            });
          }
        }
        for (const rule of spec.rules) {
          if (!rule.fqdns || rule.deny) continue;
          // Any Cilium policy selecting the pod may hold the DNS rule (the proxy is per endpoint).
          const without = selected.filter((w) => !compiledCilium.some((p) => engine.selectsCompiled(p, workloadEndpoint(w)) && hasDnsProxyRule(specOf.get(p.origin.path)!)));
          if (without.length === 0) continue;
          context.report({
            messageId: 'fqdnWithoutDnsRule',
            data: { names: rule.fqdns.map((f) => f.matchName ?? f.matchPattern ?? '').join(', '), workloads: listSome(without.map((w) => describeWorkload(w))) },
            at: { object: policy.origin.object, path: [...rule.path, 'toFQDNs'], key: true },
            severity: 'warning',
          });
        }
      },
    );
  },
};

export default rule;
