import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { NetworkPolicy, PolicyPeer, Service } from '../src/model/types.ts';
import { listSome } from '../src/semantics/describe.ts';
import { cidrContains, cidrContainsCidr, parseCidr, parseIp } from '../src/model/ip.ts';
import { NAMESPACE_NAME_LABEL } from '../src/model/build.ts';
import { formatLabels } from '../src/semantics/selector.ts';

type IpBlockPeer = Extract<PolicyPeer, { type: 'ipBlock' }>;

/**
 * Flags NetworkPolicy ipBlocks aimed at Service addresses (a clusterIP, or a block inside the service
 * CIDR): network plugins apply policies to the pod addresses kube-proxy translated the Service address
 * to, so such an ipBlock matches no traffic (kube-router#905, and Calico's maintainers in
 * projectcalico/calico#4679: "packet arrives at destination pod - network policy is applied").
 */
export const rule: Rule = {
  meta: {
    id: 'networkpolicy-ipblock-service',
    severity: 'warning',
    description: 'A NetworkPolicy ipBlock should not aim at Service addresses (a clusterIP, the service CIDR): policies see the pods behind them, so it matches nothing.',
    messages: {
      clusterIP:
        'ipBlock "{{cidr}}" is the clusterIP of {{services}}, but network plugins apply policies after a Service address is translated to a pod\'s, so this {{direction}} peer matches none of its traffic; select its pods instead: {{peer}}',
      serviceCidr:
        'ipBlock "{{cidr}}" lies inside the service CIDR {{serviceCIDR}}, which holds only Service addresses, and network plugins apply policies after those are translated to pod addresses, so this {{direction}} peer matches no traffic{{services}}; select the pods behind those Services with namespaceSelector and podSelector instead',
    },
    remediation: 'Replace an ipBlock of Service addresses with a peer selecting the pods behind the Service: a namespaceSelector for its namespace and a podSelector equal to its selector.',
  },
  check(context) {
    const addresses = context.model.services.flatMap((service) =>
      [service.clusterIP, ...service.clusterIPs.map((e) => e.value)].flatMap((text) => (text && parseIp(text) ? [{ service, text }] : [])),
    );
    const serviceCidrs = (context.model.settings.serviceCIDR ?? '').split(',').map((part) => part.trim()).filter((part) => parseCidr(part));
    context.each(context.model.policies, (policy) => {
      for (const direction of ['ingress', 'egress'] as const) {
        for (const rule of direction === 'ingress' ? policy.ingress : policy.egress) {
          for (const peer of rule.peers ?? []) if (peer.type === 'ipBlock') checkPeer(context, policy, peer, direction, addresses, serviceCidrs);
        }
      }
    });
  },
};

function checkPeer(
  context: RuleContext,
  policy: NetworkPolicy,
  peer: IpBlockPeer,
  direction: 'ingress' | 'egress',
  addresses: readonly { readonly service: Service; readonly text: string }[],
  serviceCidrs: readonly string[],
): void {
  const cidr = parseCidr(peer.cidr);
  // An invalid CIDR is networkpolicy-port's finding.
  if (!cidr) return;
  const inside = [...new Set(addresses.filter((a) => cidrContains(cidr, a.text)).map((a) => a.service))];
  const at = { object: policy.object, path: [...peer.path, 'ipBlock', 'cidr'] };
  const related = inside.slice(0, 5).map((s) => ({ at: { object: s.object, path: ['spec', 'clusterIP'] }, message: `clusterIP of Service "${s.object.name}" in namespace "${s.object.namespace}"` }));
  const describe = (list: readonly Service[]) => listSome(list.map((s) => `Service "${s.object.name}" in namespace "${s.object.namespace}"`));
  // A host address that is a clusterIP was aimed at that Service; a wider block only when it lies in the service CIDR.
  if (cidr.start === cidr.end && inside.length > 0) {
    const service = inside[0]!;
    context.report({ messageId: 'clusterIP', data: { cidr: peer.cidr, services: describe(inside), direction, peer: podsPeer(service) }, at, related });
    return;
  }
  const serviceCidr = serviceCidrs.find((block) => cidrContainsCidr(block, cidr));
  if (!serviceCidr) return;
  const services = inside.length > 0 ? ` (it holds the clusterIP of ${describe(inside)})` : '';
  context.report({ messageId: 'serviceCidr', data: { cidr: peer.cidr, serviceCIDR: serviceCidr, direction, services }, at, related });
}

/** The peer that selects a Service's pods: `namespaceSelector kubernetes.io/metadata.name=data with podSelector app=db`. */
function podsPeer(service: Service): string {
  const namespace = `namespaceSelector ${NAMESPACE_NAME_LABEL}=${service.object.namespace}`;
  return service.selector ? `${namespace} with podSelector ${formatLabels(service.selector)}` : `the addresses of the Endpoints of Service "${service.object.name}" (it has no selector)`;
}

export default rule;
