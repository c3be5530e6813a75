import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { NetworkPolicy, PolicyPort, PolicyRule, Protocol, Workload } from '../src/model/types.ts';
import { describeWorkload, listSome } from '../src/semantics/describe.ts';
import { getIn } from '../src/model/values.ts';
import { cidrContainsCidr, parseCidr } from '../src/model/ip.ts';
import { peerNamespaces, podsUnknown } from '../src/semantics/known-pods.ts';
import { policyEngineOf, workloadEndpoint, type PolicyEngine } from '../src/semantics/policy.ts';
import { describePodCreators, podCreatorLocations } from '../src/semantics/pod-creators.ts';
import { declaresAllPorts, portsNamed } from '../src/semantics/ports.ts';

/** Flags NetworkPolicy ports and ipBlocks that allow nothing or that the API server rejects. */
export const rule: Rule = {
  meta: {
    id: 'networkpolicy-port',
    severity: 'error',
    description: 'NetworkPolicy ports and ipBlocks must be valid: named ports declared by the destination pods, endPort ranges, CIDRs and their except blocks.',
    messages: {
      namedPortIngress:
        'named port "{{port}}" ({{protocol}}) is declared by none of the pods this policy selects ({{workloads}}), so this entry allows nothing{{hint}}; name a declared container port or use its number',
      namedPortEgress:
        'named port "{{port}}" ({{protocol}}) is declared by none of the pods this rule sends to ({{workloads}}), so this entry allows nothing{{hint}}; name a declared container port or use its number',
      namedPortIpBlock:
        'named port "{{port}}" ({{protocol}}) can never resolve: this egress rule sends only to ipBlock addresses, which have no container ports to name it, so this entry allows nothing; use the port number',
      endPortBelow: 'endPort {{endPort}} is below port {{port}}; the API server rejects this policy: make endPort at least port',
      endPortNamed: 'endPort cannot be combined with the named port "{{port}}"; the API server rejects this policy: use a port number',
      invalidCidr: '"{{cidr}}" is not a valid CIDR, so the API server rejects this policy; write an address and a prefix length, such as 10.0.0.0/8 or 2001:db8::/32',
      exceptOutside:
        'except "{{except}}" is not a strict subset of cidr "{{cidr}}", so the API server rejects this policy; list in except only smaller blocks inside cidr',
    },
    remediation:
      'Named ports resolve against the container ports of the destination pods (the selected pods for ingress, the peers for egress; an ipBlock declares none): use a name they declare, with the same protocol. endPort needs a numeric port no greater than it. ipBlock.cidr must be a CIDR and every except a smaller block inside it.',
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    context.each(context.model.policies, (policy) => {
      policy.ingress.forEach((rule) => checkRule(context, engine, policy, rule, 'ingress'));
      policy.egress.forEach((rule) => checkRule(context, engine, policy, rule, 'egress'));
    });
  },
};

function checkRule(context: RuleContext, engine: PolicyEngine, policy: NetworkPolicy, rule: PolicyRule, direction: 'ingress' | 'egress'): void {
  let destinations: Workload[] | undefined;
  // Named ports resolve against the destination pod; an ipBlock is addresses outside the cluster (pod IPs
  // are unknown statically), which declare no container ports: toward them a name matches nothing.
  const onlyAddresses = direction === 'egress' && rule.peers !== undefined && rule.peers.every((peer) => peer.type === 'ipBlock');
  for (const port of rule.ports ?? []) {
    if (port.endPort !== undefined) {
      if (typeof port.port === 'string') report(context, policy, port, 'endPortNamed', { port: port.port });
      else if (port.port !== undefined && port.endPort < port.port) report(context, policy, port, 'endPortBelow', { port: port.port, endPort: port.endPort });
      continue;
    }
    if (typeof port.port !== 'string') continue;
    if (onlyAddresses) {
      report(context, policy, port, 'namedPortIpBlock', { port: port.port, protocol: port.protocol });
      continue;
    }
    destinations ??= direction === 'ingress' ? engine.workloadsSelectedBy(policy) : egressDestinations(context, engine, policy, rule);
    // No known destination: the selector and peer rules report that, not this one.
    // A destination whose ports are known only in part (a custom workload) may declare the name.
    if (destinations.length === 0 || !destinations.every(declaresAllPorts)) continue;
    const name = port.port;
    const declares = (w: Workload, protocol?: Protocol) => portsNamed(engine.subjectPorts(workloadEndpoint(w)), name, protocol)[0];
    if (destinations.some((w) => declares(w, port.protocol))) continue;
    const declarer = destinations.find((w) => declares(w));
    const other = declarer && { w: declarer, p: declares(declarer)! };
    let hint = other ? ` (${describeWorkload(other.w)} declares it with protocol ${other.p.protocol})` : '';
    // Pods that an operator creates in those namespaces may declare the name: then it is not certain.
    const creators = [...new Set(destinations.map((w) => w.object.namespace))].flatMap((ns) => context.relations.podCreatorsIn(ns));
    if (creators.length > 0) hint += `, unless pods created by ${describePodCreators(creators)} (of kinds kube-netlint does not model) declare it`;
    const workloads = listSome(destinations.map((w) => describeWorkload(w)));
    const data = { port: port.port, protocol: port.protocol, workloads, hint };
    const at = { object: policy.object, path: [...port.path, 'port'] };
    context.report({ messageId: direction === 'ingress' ? 'namedPortIngress' : 'namedPortEgress', data, at, related: podCreatorLocations(creators), ...(creators.length > 0 ? { severity: 'warning' as const } : {}) });
  }
  for (const peer of rule.peers ?? []) {
    // This rule owns the syntax of ipBlock CIDRs (the schema checks only that they are strings); an
    // absent or non-string cidr, which the model reads as "", is the schema's finding.
    if (peer.type !== 'ipBlock' || (peer.cidr === '' && getIn(policy.object.raw, [...peer.path, 'ipBlock', 'cidr']) !== '')) continue;
    const cidr = parseCidr(peer.cidr);
    if (!cidr) {
      context.report({ messageId: 'invalidCidr', data: { cidr: peer.cidr }, at: { object: policy.object, path: [...peer.path, 'ipBlock', 'cidr'] } });
      continue;
    }
    peer.except.forEach(({ value: text, path }) => {
      const at = { object: policy.object, path };
      const except = parseCidr(text);
      if (!except) context.report({ messageId: 'invalidCidr', data: { cidr: text }, at });
      // networking/v1 validation: each except must be inside cidr with a longer prefix.
      else if (!cidrContainsCidr(cidr, except) || except.prefix <= cidr.prefix) {
        context.report({ messageId: 'exceptOutside', data: { except: text, cidr: peer.cidr }, at });
      }
    });
  }
}

/** The known pods an egress rule sends to; empty when it sends anywhere or to pods the tree cannot know. */
function egressDestinations(context: RuleContext, engine: PolicyEngine, policy: NetworkPolicy, rule: PolicyRule): Workload[] {
  const peers = (rule.peers ?? []).filter((peer) => peer.type === 'pods');
  if (peers.length === 0) return [];
  if (peers.some((peer) => peerNamespaces(engine, policy, peer).some((ns) => podsUnknown(context.model, ns.name)))) return [];
  return [...new Set(peers.flatMap((peer) => engine.workloadsMatchingPeer(policy, peer)))];
}

function report(context: RuleContext, policy: NetworkPolicy, port: PolicyPort, messageId: string, data: Record<string, string | number>): void {
  const field = messageId.startsWith('endPort') ? 'endPort' : 'port';
  context.report({ messageId, data, at: { object: policy.object, path: [...port.path, field] } });
}

export default rule;
