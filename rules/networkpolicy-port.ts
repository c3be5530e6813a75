import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { NetworkPolicy, PolicyPort, PolicyRule, Protocol, Workload } from '../src/model/types.ts';
import { describeWorkload, listSome } from '../src/semantics/describe.ts';
import { cidrContainsCidr, parseCidr } from '../src/model/ip.ts';
import { peerNamespaces, podsUnknown } from '../src/semantics/known-pods.ts';
import { policyEngineOf, workloadEndpoint, type PolicyEngine } from '../src/semantics/policy.ts';
import { describePodCreators, podCreatorLocations } from '../src/semantics/pod-creators.ts';
import { declaresAllPorts, portsNamed } from '../src/semantics/ports.ts';
import { viewsOf } from '../src/model/kinds/define.ts';
import { CALICO_GLOBAL_NETWORK_POLICY_KIND, CALICO_NETWORK_POLICY_KIND, type CalicoPolicy } from '../src/model/kinds/calico.ts';
import { CLUSTER_POLICY_KIND_MODULES, type ClusterPolicy } from '../src/model/kinds/cluster-network-policy.ts';
import { calicoNet, calicoNetsInEffect, calicoValidatesOnWrite } from '../src/semantics/calico.ts';

/** Flags policy ports and addresses that allow nothing, that the API server rejects, or that it stores though the CNI cannot use them. */
export const rule: Rule = {
  meta: {
    id: 'networkpolicy-port',
    severity: 'error',
    description:
      'Policy ports and addresses must be valid: NetworkPolicy named ports declared by the destination pods, endPort ranges, CIDRs and their except blocks; Calico nets and ports; network-policy-api port ranges.',
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
      calicoNetRejected:
        '{{field}} entry "{{net}}" is neither a CIDR nor an address, so Calico\'s API server (and calicoctl) rejects this policy; write an address and a prefix length, such as 10.0.0.0/8 or 2001:db8::/32',
      calicoNetSkipped:
        '{{field}} entry "{{net}}" is neither a CIDR nor an address: the crd.projectcalico.org CRD stores it (it types nets as plain strings) and Felix skips the entry{{consequence}}; write an address and a prefix length, such as 10.0.0.0/8',
      calicoPortRejected: 'port "{{port}}" {{problem}}, so Calico\'s API server (and calicoctl) rejects this policy; write a port 1-65535, a range "min:max" with min at most max, or a port name',
      calicoPortUnread:
        'port "{{port}}" {{problem}}: the crd.projectcalico.org CRD stores it (it checks only that a port is a number or a string), but Calico does not accept it, so what Calico enforces for this policy is not known here (the analysis takes the entry to match no port); write a port 1-65535, a range "min:max" with min at most max, or a port name',
      rangeRejected: 'port range {{start}}-{{end}} does not start below its end, so the API server rejects this {{kind}} (CEL rule self.start < self.end); write a start below the end, or a single port number',
      rangeReversed:
        'port range {{start}}-{{end}} starts above its end: the v1alpha1 CRD does not check it (its documentation asks start < end), so the API server stores a range that holds no port, and implementations may read it otherwise (the analysis takes it to match no port); write the lower port as start',
    },
    remediation:
      'Named ports resolve against the container ports of the destination pods (the selected pods for ingress, the peers for egress; an ipBlock declares none): use a name they declare, with the same protocol. endPort needs a numeric port no greater than it. ipBlock.cidr must be a CIDR and every except a smaller block inside it. Calico nets are CIDRs or addresses, Calico ports 1-65535 or ranges "min:max" with min at most max. A portRange (AdminNetworkPolicy) or range (ClusterNetworkPolicy) starts below its end.',
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    context.each(context.model.policies, (policy) => {
      policy.ingress.forEach((rule) => checkRule(context, engine, policy, rule, 'ingress'));
      policy.egress.forEach((rule) => checkRule(context, engine, policy, rule, 'egress'));
    });
    context.each([...viewsOf(context.model, CALICO_NETWORK_POLICY_KIND), ...viewsOf(context.model, CALICO_GLOBAL_NETWORK_POLICY_KIND)], (policy) => checkCalico(context, policy));
    context.each(
      CLUSTER_POLICY_KIND_MODULES.flatMap((module) => viewsOf(context.model, module) as readonly ClusterPolicy[]),
      (policy) => checkClusterRanges(context, policy),
    );
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
    if (peer.type !== 'ipBlock' || (peer.cidr === '' && !peer.cidrWritten)) continue;
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

/**
 * Calico nets and ports (libcalico-go validator.go: field tag `net`, validateRule, validatePort;
 * numorstring.Port's decoding). The projectcalico.org form is validated by Calico's API server and
 * calicoctl: a bad value is rejected (an error). The crd.projectcalico.org form is stored by the
 * Kubernetes API server, whose CRD checks neither (nets: strings; ports: int-or-string): Felix skips a
 * bad net, and a bad port is one Calico cannot read, with effects not known here (a warning each).
 */
function checkCalico(context: RuleContext, policy: CalicoPolicy): void {
  const rejected = calicoValidatesOnWrite(policy);
  for (const rule of [...policy.ingress, ...policy.egress]) {
    for (const entity of [rule.source, rule.destination]) {
      for (const [field, entries] of [['nets', entity.nets], ['notNets', entity.notNets]] as const) {
        const inEffect = calicoNetsInEffect(entries);
        for (const entry of entries) {
          if (calicoNet(entry.value) !== undefined) continue;
          const at = { object: policy.object, path: entry.path };
          if (rejected) {
            context.report({ messageId: 'calicoNetRejected', data: { field, net: entry.value }, at });
            continue;
          }
          const consequence = inEffect.length > 0 ? '' : field === 'nets' ? ', leaving no nets: this criterion then matches every address' : ', leaving no notNets: it then excludes no address';
          context.report({ messageId: 'calicoNetSkipped', data: { field, net: entry.value, consequence }, at, severity: 'warning' });
        }
      }
      for (const port of [...(entity.ports ?? []), ...(entity.notPorts ?? [])]) {
        // A port that is neither a number nor a string is the schema's finding.
        if (!port.invalid || port.text === undefined) continue;
        const data = { port: port.text, problem: port.problem ?? 'is not valid' };
        const at = { object: policy.object, path: port.path };
        if (rejected) context.report({ messageId: 'calicoPortRejected', data, at });
        else context.report({ messageId: 'calicoPortUnread', data, at, severity: 'warning' });
      }
    }
  }
}

/**
 * Port ranges of the network-policy-api kinds: v1alpha2 (ClusterNetworkPolicy) has the CEL rule
 * `self.start < self.end` on its range (an error); v1alpha1 (AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy, v0.1.x CRDs) has none, though its doc asks start < end: a reversed range
 * is stored (a warning; an equal start and end is one port there).
 */
function checkClusterRanges(context: RuleContext, policy: ClusterPolicy): void {
  for (const rule of [...policy.ingress, ...policy.egress]) {
    for (const port of rule.ports ?? []) {
      if (port.type !== 'invalid' || !port.range) continue;
      const data = { start: port.range.start, end: port.range.end, kind: policy.kind };
      const at = { object: policy.object, path: [...port.range.path, 'start'] };
      if (policy.kind === 'ClusterNetworkPolicy') context.report({ messageId: 'rangeRejected', data, at });
      else context.report({ messageId: 'rangeReversed', data, at, severity: 'warning' });
    }
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
