import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { Service } from '../src/model/types.ts';
import { trimSpace } from '../src/model/values.ts';
import { parseCidr } from '../src/model/ip.ts';

/**
 * Annotations that make a cloud provider's load balancer internal (reachable from the private
 * network only), with the values that mean "internal" for that provider.
 */
const INTERNAL_LOAD_BALANCER: readonly { readonly key: string; readonly internal: (value: string) => boolean }[] = [
  // The in-tree AWS provider treats any value but "false" as internal.
  { key: 'service.beta.kubernetes.io/aws-load-balancer-internal', internal: (v) => v !== '' && v !== 'false' },
  { key: 'service.beta.kubernetes.io/aws-load-balancer-scheme', internal: (v) => v === 'internal' },
  { key: 'networking.gke.io/load-balancer-type', internal: (v) => v === 'Internal' || v === 'internal' },
  { key: 'cloud.google.com/load-balancer-type', internal: (v) => v === 'Internal' || v === 'internal' },
  { key: 'service.beta.kubernetes.io/azure-load-balancer-internal', internal: (v) => v === 'true' },
  { key: 'service.beta.kubernetes.io/oci-load-balancer-internal', internal: (v) => v === 'true' },
  { key: 'oci-network-load-balancer.oraclecloud.com/internal', internal: (v) => v === 'true' },
  { key: 'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', internal: (v) => v === 'private' },
  { key: 'service.beta.kubernetes.io/openstack-internal-load-balancer', internal: (v) => v === 'true' },
  { key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', internal: (v) => v === 'intranet' },
  { key: 'service.kubernetes.io/qcloud-loadbalancer-internal-subnetid', internal: (v) => v !== '' },
];

/** The legacy annotation form of spec.loadBalancerSourceRanges (comma-separated), still honoured by the API. */
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** Flags Services reachable from outside the cluster: NodePort, LoadBalancer and externalIPs. */
export const rule: Rule = {
  meta: {
    id: 'service-exposure',
    severity: 'warning',
    scope: 'document',
    description: 'NodePort and LoadBalancer Services and externalIPs expose a Service outside the cluster; an unrestricted LoadBalancer is open to the internet.',
    messages: {
      nodePort: 'type NodePort opens {{ports}} on every node of the cluster, reachable by anyone who can reach a node; prefer a ClusterIP Service behind an Ingress, or make sure firewalls restrict access to the nodes',
      loadBalancerOpen:
        'type LoadBalancer without loadBalancerSourceRanges or an internal-load-balancer annotation is open to the internet: anyone can connect to {{ports}}; list the allowed client ranges in spec.loadBalancerSourceRanges, or make the load balancer internal with your cloud\'s annotation',
      loadBalancerOpenRange:
        'source range "{{range}}" allows every address, so this LoadBalancer is open to the internet on {{ports}}; list only the client ranges that need access',
      loadBalancerRestricted: 'type LoadBalancer exposes {{ports}} outside the cluster, to {{restriction}}; check that this is intended',
      externalIP:
        'externalIPs "{{ip}}" makes every node accept traffic for {{ip}} on {{ports}} and send it to this Service; it exposes the Service outside the cluster, and can capture traffic meant for that address (CVE-2020-8554); prefer a LoadBalancer',
    },
    remediation:
      'Expose HTTP through an Ingress and keep Services ClusterIP. When a LoadBalancer is needed, set spec.loadBalancerSourceRanges or make it internal with the cloud provider\'s annotation. Avoid externalIPs.',
  },
  check(context) {
    context.each(context.model.services, (service) => {
      const ports = describePorts(service);
      if (service.type === 'NodePort') {
        context.report({ messageId: 'nodePort', data: { ports: ports.withNodePorts }, at: { object: service.object, path: ['spec', 'type'] } });
      } else if (service.type === 'LoadBalancer') {
        checkLoadBalancer(context, service, ports.plain);
      }
      for (const { value: ip, path } of service.externalIPs) {
        context.report({ messageId: 'externalIP', data: { ip, ports: ports.plain }, at: { object: service.object, path } });
      }
    });
  },
};

function checkLoadBalancer(context: RuleContext, service: Service, ports: string): void {
  const { object } = service;
  const at = { object, path: ['spec', 'type'] };
  const internal = INTERNAL_LOAD_BALANCER.find((a) => object.annotations[a.key] !== undefined && a.internal(object.annotations[a.key]!));
  if (internal) {
    const restriction = `the private network only (internal load balancer: ${internal.key}: "${object.annotations[internal.key]}")`;
    context.report({ messageId: 'loadBalancerRestricted', data: { ports, restriction }, at });
    return;
  }
  // spec.loadBalancerSourceRanges (trimmed by the model) wins over the annotation when both are set
  // (ValidateService); the annotation and each of its comma-separated ranges may be space-padded too.
  const fromSpec = service.loadBalancerSourceRanges.map(({ value, path }) => ({ range: value, path }));
  const annotation = trimSpace(object.annotations[SOURCE_RANGES_ANNOTATION] ?? '');
  const fromAnnotation = annotation ? annotation.split(',').map((r) => ({ range: trimSpace(r), path: ['metadata', 'annotations', SOURCE_RANGES_ANNOTATION] })) : [];
  const ranges = fromSpec.length > 0 ? fromSpec : fromAnnotation;
  if (ranges.length === 0) {
    context.report({ messageId: 'loadBalancerOpen', data: { ports }, at });
    return;
  }
  const open = ranges.find(({ range }) => parseCidr(range)?.prefix === 0);
  if (open) {
    context.report({ messageId: 'loadBalancerOpenRange', data: { range: open.range, ports }, at: { object, path: open.path } });
    return;
  }
  context.report({ messageId: 'loadBalancerRestricted', data: { ports, restriction: `the source ranges ${ranges.map((r) => r.range).join(', ')} only` }, at });
}

/** The Service's ports as `port 80/TCP`, and with their node ports as `node port 30080 (for port 80/TCP)`. */
function describePorts(service: Service): { plain: string; withNodePorts: string } {
  const known = service.ports.filter((p) => p.port !== undefined);
  if (known.length === 0) return { plain: 'its ports', withNodePorts: 'a node port for each Service port' };
  const plain = known.map((p) => `${p.port}/${p.protocol}`);
  const withNodePorts = known.map((p) => `${p.nodePort ? `node port ${p.nodePort}` : 'an allocated node port'} (for port ${p.port}/${p.protocol})`);
  const prefix = known.length === 1 ? 'port ' : 'ports ';
  return { plain: prefix + plain.join(', '), withNodePorts: withNodePorts.join(', ') };
}

export default rule;
