import type { Rule } from '../src/lint/types.ts';
import type { ContainerPort, Protocol } from '../src/model/types.ts';
import { getIn } from '../src/model/values.ts';
import { parseCidrOrAddress } from '../src/semantics/address-range.ts';
import { nodeHead, workloadNodeIndex } from '../src/reach/nodes.ts';
import { describeMember, describePolicy, listSome } from '../src/semantics/describe.ts';
import { decidingRelated } from '../src/semantics/describe-verdict.ts';
import { externalEndpoint, podEndpoint, policyEngineOf, workloadEndpoint, type Endpoint } from '../src/semantics/policy.ts';

/** kube-dns (CoreDNS) as every cluster runs it: its pods need not be in the tree. */
const KUBE_DNS_PORTS: readonly ContainerPort[] = [
  { name: 'dns', containerPort: 53, protocol: 'UDP', path: [] },
  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP', path: [] },
  { name: 'metrics', containerPort: 9153, protocol: 'TCP', path: [] },
];
const KUBE_DNS = podEndpoint('kube-system', { 'k8s-app': 'kube-dns' }, KUBE_DNS_PORTS);
/** NodeLocal DNSCache's link-local address: clusters running it resolve there instead. */
const NODE_LOCAL_DNS = externalEndpoint(parseCidrOrAddress('169.254.20.10')!);

/** Flags pods isolated for egress whose policies let them reach no DNS server. */
export const rule: Rule = {
  meta: {
    id: 'egress-blocks-dns',
    severity: 'error',
    unevaluatedPolicies: { '*': 'warning' },
    scope: 'namespace',
    description: 'A pod isolated for egress must still be allowed to reach DNS (kube-dns on UDP and TCP port 53).',
    messages: {
      blocked:
        '{{workload}} is isolated for egress by {{policies}}, and no rule lets it reach DNS (kube-dns in kube-system, UDP and TCP port 53): every name lookup fails; allow egress to namespace kube-system, pods k8s-app=kube-dns, on UDP and TCP 53',
      udpBlocked:
        '{{workload}} is isolated for egress by {{policies}}, and no rule lets it reach DNS over UDP port 53 (only TCP 53 is allowed): name lookups fail; allow UDP 53 to kube-dns',
      tcpBlocked:
        '{{workload}} is isolated for egress by {{policies}}, and no rule lets it reach DNS over TCP port 53 (only UDP 53 is allowed): answers too large for UDP are retried over TCP and fail; allow TCP 53 to kube-dns as well',
    },
    remediation:
      'Add an egress rule to the policies of the pod (or to a namespace-wide policy) allowing UDP and TCP port 53 to namespaceSelector kubernetes.io/metadata.name=kube-system with podSelector k8s-app=kube-dns.',
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    // Toward a fixed destination the egress side depends only on the policies isolating the source; the
    // kube-dns side depends on the source only when the tree isolates kube-dns. So, usually, one
    // evaluation per distinct set of egress policies.
    const kubeDnsIsolated = engine.policiesSelecting(KUBE_DNS, 'ingress').length > 0;
    const policyIds = new Map(context.model.policies.map((p, i) => [p, i]));
    const cache = new Map<string, ReturnType<typeof check>>();
    const check = (source: Endpoint) => {
      const reach = (protocol: Protocol) => {
        const verdict = engine.evaluate(source, KUBE_DNS, { port: 53, protocol });
        return { verdict, allowed: verdict.allowed || engine.evaluate(source, NODE_LOCAL_DNS, { port: 53, protocol }).allowed };
      };
      return { udp: reach('UDP'), tcp: reach('TCP') };
    };
    // Once per reach node (a Deployment with its exported ReplicaSets and Pods), at its head: the first
    // member, head first, that policies tell apart from the others and that cannot resolve names.
    const nodes = workloadNodeIndex(context.model).nodes.map((node) => ({ object: nodeHead(node).object, node, members: engine.distinctWorkloads(node.workloads) }));
    context.each(nodes, ({ node, members }) => {
      const head = members[0]!;
      for (const workload of members) {
        // dnsPolicy Default or None: the pod does not resolve through kube-dns, and its servers are unknown here.
        const dnsPolicy = getIn(workload.object.raw, [...workload.template.path, 'spec', 'dnsPolicy']);
        if (dnsPolicy === 'Default' || dnsPolicy === 'None') continue;
        const source = workloadEndpoint(workload);
        const egressPolicies = engine.policiesSelecting(source, 'egress');
        if (egressPolicies.length === 0) continue;
        const key = kubeDnsIsolated ? undefined : egressPolicies.map((p) => policyIds.get(p)).join(',');
        let result = key === undefined ? undefined : cache.get(key);
        if (!result) {
          result = check(source);
          if (key !== undefined) cache.set(key, result);
        }
        const { udp, tcp } = result;
        if (udp.allowed && tcp.allowed) continue;
        const messageId = !udp.allowed && !tcp.allowed ? 'blocked' : !udp.allowed ? 'udpBlocked' : 'tcpBlocked';
        context.report({
          messageId,
          data: { workload: describeMember(workload, node), policies: listSome(egressPolicies.map((p) => describePolicy(p))) },
          at: { object: head.object, path: ['metadata', 'name'] },
          related: decidingRelated(udp.allowed ? tcp.verdict : udp.verdict, { source: 'this pod', destination: 'kube-dns' }),
        });
        return;
      }
    });
  },
};

export default rule;
