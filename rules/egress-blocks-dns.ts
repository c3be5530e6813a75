import type { NamespaceRule } from '../src/lint/types.ts';
import type { DnsServer, Protocol } from '../src/model/types.ts';
import { nodeHead } from '../src/semantics/nodes.ts';
import { describeMember, describePolicy, listSome } from '../src/semantics/describe.ts';
import { decidingRelated, describeAnyPolicy, isolatingRelated, verdictDoubt } from '../src/semantics/describe-verdict.ts';
import { dnsAllowedElsewhere, dnsServers, dnsTargets, type DnsTarget } from '../src/semantics/dns.ts';
import { formatLabels } from '../src/semantics/selector.ts';
import { workloadEndpoint, type Endpoint, type Verdict } from '../src/semantics/policy.ts';

/** Flags pods isolated for egress whose policies let them reach no DNS server. */
export const rule: NamespaceRule = {
  meta: {
    id: 'egress-blocks-dns',
    severity: 'error',
    unevaluatedPolicies: { '*': 'warning' },
    description: 'A pod isolated for egress must still be allowed to reach DNS (cluster.dns, by default kube-dns on UDP and TCP port 53).',
    messages: {
      blocked: '{{workload}} is isolated for egress by {{policies}}, and no rule lets it reach DNS ({{dns}}) over UDP or TCP: every name lookup fails; allow egress to {{advice}}',
      udpBlocked: '{{workload}} is isolated for egress by {{policies}}, and no rule lets it reach DNS ({{dns}}) over UDP, only over TCP: name lookups fail; allow UDP as well to {{advice}}',
      tcpBlocked:
        '{{workload}} is isolated for egress by {{policies}}, and no rule lets it reach DNS ({{dns}}) over TCP, only over UDP: most lookups work, but answers too large for UDP are retried over TCP and fail; allow TCP as well to {{advice}}',
      assumed:
        '{{workload}} is isolated for egress by {{policies}}, and no rule lets it reach DNS ({{dns}}) over {{protocol}}, though a rule allows DNS traffic to other destinations; set cluster.dns in .kube-netlint.yaml if the cluster resolves names there, or allow egress to {{advice}}',
    },
    remediation:
      'Add an egress rule to the policies of the pod (or to a namespace-wide policy) allowing UDP and TCP to the DNS servers: by default namespaceSelector kubernetes.io/metadata.name=kube-system with podSelector k8s-app=kube-dns on port 53. Declare where DNS runs in cluster.dns of .kube-netlint.yaml (presets kube-dns, openshift, node-local).',
  },
  checkNamespace(context) {
    const engine = context.policies;
    const { servers, configured } = dnsServers(context);
    const dns = dnsTargets(servers);
    // Unconfigured, the servers are the presets: say so, rather than list them as facts.
    const described = dns.map((t) => t.description).join(', ');
    const data = { dns: configured ? described : `${described}, as assumed without cluster.dns`, advice: advice(servers[0]!) };
    // Toward fixed destinations the egress side depends only on what applies to the source's egress
    // (its tiers, as the engine shares them between sources alike) and on whether policies govern it;
    // the DNS side depends on the source only when the tree isolates the DNS pods. So, usually, one
    // evaluation per distinct egress view, of every kind of policy (a CNI-heavy tree has few).
    // Policies of every kind count: a cluster-wide Deny at the DNS pods refuses lookups as an isolating NetworkPolicy does.
    const dnsIsolated = dns.some((t) => engine.policiesSelecting(t.endpoint, 'ingress').length > 0 || engine.otherKindsApply(t.endpoint, 'ingress'));
    const cache = new Map<object, Map<boolean, ReturnType<typeof check>>>();
    const check = (source: Endpoint) => {
      const reach = (protocol: Protocol) => {
        let first: Verdict | undefined;
        let doubt: string | undefined;
        for (const target of dns) {
          const verdict = engine.evaluate(source, target.endpoint, { port: target.server.port, protocol });
          if (verdict.allowed) return { allowed: true, verdict };
          first ??= verdict;
          // A peer not evaluated (Calico `services`, Cilium `toServices`) may be the DNS server: not a certain refusal.
          doubt ??= verdictDoubt(verdict);
        }
        return { allowed: false, verdict: first!, ...(doubt ? { doubt } : {}) };
      };
      return { udp: reach('UDP'), tcp: reach('TCP') };
    };
    // Once per reach node (a Deployment with its exported ReplicaSets and Pods), at its head: the first
    // member, head first, that policies tell apart from the others and that cannot resolve names.
    const nodes = context.namespace.nodes.map((node) => ({ object: nodeHead(node).object, node, members: engine.distinctWorkloads(node.workloads) }));
    context.each(nodes, ({ node, members }) => {
      if (dns.length === 0) return;
      const head = members[0]!;
      for (const workload of members) {
        // dnsPolicy Default or None: the pod does not resolve through the cluster DNS, and its servers are unknown here.
        const { dnsPolicy } = workload.template;
        if (dnsPolicy === 'Default' || dnsPolicy === 'None') continue;
        const source = workloadEndpoint(workload);
        const egressPolicies = engine.policiesSelecting(source, 'egress');
        // Policies of other kinds (an AdminNetworkPolicy Deny, say) may refuse lookups of pods no NetworkPolicy isolates.
        const otherKinds = engine.otherKindsApply(source, 'egress');
        if (egressPolicies.length === 0 && !otherKinds) continue;
        const view = dnsIsolated ? undefined : engine.sideTiers(source, 'egress');
        const governed = engine.governs(source);
        let result = view && cache.get(view)?.get(governed);
        if (!result) {
          result = check(source);
          if (view) (cache.get(view) ?? cache.set(view, new Map()).get(view)!).set(governed, result);
        }
        const { udp, tcp } = result;
        if (udp.allowed && tcp.allowed) continue;
        const missing: Protocol = udp.allowed ? 'TCP' : 'UDP';
        // Unconfigured, the servers are a guess: DNS traffic allowed elsewhere may be the cluster's DNS.
        const guess = !configured && missing === 'UDP' && dnsAllowedElsewhere(engine, egressPolicies, dns, missing);
        const messageId = guess ? 'assumed' : !udp.allowed && !tcp.allowed ? 'blocked' : !udp.allowed ? 'udpBlocked' : 'tcpBlocked';
        context.report({
          messageId,
          data: { ...data, workload: describeMember(workload, node), policies: refusedBy(udp.allowed ? tcp.verdict : udp.verdict, egressPolicies.map((p) => describePolicy(p))), protocol: missing },
          at: { object: head.object, path: ['metadata', 'name'] },
          related: decidingRelated(udp.allowed ? tcp.verdict : udp.verdict, { source: 'this pod', destination: dnsName(dns) }),
          ...(doubtOf(udp, tcp) ? { doubt: doubtOf(udp, tcp)! } : {}),
          // Lookups over UDP work: only large answers fail. A guess at the servers is no certainty either.
          ...(guess || messageId === 'tcpBlocked' ? { severity: 'warning' as const } : {}),
        });
        return;
      }
    });
  },
};

/** Why a refusal over either protocol is not certain, if it is not. */
function doubtOf(...sides: readonly { readonly allowed: boolean; readonly doubt?: string }[]): string | undefined {
  return sides.find((side) => !side.allowed && side.doubt)?.doubt;
}

/** The policies (of any kind) a refused egress names: those its refusal rests on, else the NetworkPolicies isolating the source. */
function refusedBy(verdict: Verdict, isolating: readonly string[]): string {
  const names = verdict.egress.allowed ? [] : [...new Set(isolatingRelated(verdict.egress, { source: 'this pod', destination: 'DNS' }).map((l) => describeAnyPolicy(l.policy)))];
  return listSome(names.length > 0 ? names : [...isolating]);
}

/** Where to allow DNS, for messages: `namespace kube-system, pods k8s-app=kube-dns, on UDP and TCP 53`. */
function advice(server: DnsServer): string {
  if ('cidr' in server) return `ipBlock ${server.cidr}, on UDP and TCP ${server.port}`;
  return `namespace ${server.namespace}, pods ${formatLabels(server.podLabels)}, on UDP and TCP ${server.port}`;
}

/** How related locations name the DNS side: its first server that is pods. */
function dnsName(dns: readonly DnsTarget[]): string {
  const pods = dns.find((t) => 'namespace' in t.server)?.server;
  return pods && 'service' in pods && pods.service ? pods.service : 'the DNS server';
}

export default rule;
