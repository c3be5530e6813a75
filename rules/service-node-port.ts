import type { Rule } from '../src/lint/types.ts';
import type { Service, ServicePort } from '../src/model/types.ts';

/** Flags node ports the API server rejects: out of range, already allocated, or on a ClusterIP Service. */
export const rule: Rule = {
  meta: {
    id: 'service-node-port',
    severity: 'error',
    description: 'A nodePort must be inside the node port range, unique in the cluster, and only set on NodePort and LoadBalancer Services.',
    messages: {
      outOfRange:
        'nodePort {{nodePort}} is outside the node port range {{range}}, so the API server rejects this Service; pick a port in the range, or leave nodePort out to have one allocated',
      duplicate:
        'nodePort {{nodePort}} is already used by {{other}}; node ports are allocated cluster-wide whatever the namespace or protocol, so the API server rejects the second Service: pick another nodePort, or leave it out to have one allocated',
      duplicateInService:
        'nodePort {{nodePort}}/{{protocol}} is already used by port {{other}} of this Service; one nodePort can serve one port per protocol only (the API server rejects the duplicate): pick another nodePort, or leave it out to have one allocated',
      clusterIP:
        'nodePort {{nodePort}} is set on a Service of type ClusterIP, which the API server rejects ("may not be used when type is ClusterIP"); set type NodePort or LoadBalancer, or remove nodePort',
    },
    remediation:
      'Leave nodePort out to let Kubernetes allocate one, or pick a free port inside the node port range (cluster.nodePortRange in .kube-netlint.yaml, 30000-32767 by default). Only NodePort and LoadBalancer Services have node ports.',
  },
  check(context) {
    const [low, high] = context.model.settings.nodePortRange;
    const claims = new Map<number, { service: Service; port: ServicePort }>();
    context.each(context.model.services, (service) => {
      for (const port of service.ports) {
        const nodePort = port.nodePort;
        // 0 (or no value) asks for an allocated port.
        if (!nodePort) continue;
        const at = { object: service.object, path: [...port.path, 'nodePort'] };
        if (service.type === 'ClusterIP') {
          // An unknown type is the schema's finding, not "ClusterIP".
          if (!service.typeUnknown) context.report({ messageId: 'clusterIP', data: { nodePort }, at });
          continue;
        }
        if (service.type === 'ExternalName') continue;
        if (nodePort < low || nodePort > high) {
          context.report({ messageId: 'outOfRange', data: { nodePort, range: `${low}-${high}` }, at });
          continue;
        }
        const first = claims.get(nodePort);
        if (!first) {
          claims.set(nodePort, { service, port });
          continue;
        }
        if (first.service === service) {
          // ValidateService keys node ports by (protocol, nodePort): one Service may use a nodePort for TCP and UDP.
          const same = service.ports.find((p) => p.index < port.index && p.nodePort === nodePort && p.protocol === port.protocol);
          if (same) {
            const related = [{ at: { object: service.object, path: [...same.path, 'nodePort'] }, message: `nodePort ${nodePort}/${port.protocol} is first used here` }];
            context.report({ messageId: 'duplicateInService', data: { nodePort, protocol: port.protocol, other: describePort(same) }, at, related });
          }
          continue;
        }
        const related = [{ at: { object: first.service.object, path: [...first.port.path, 'nodePort'] }, message: `nodePort ${nodePort} is first used here` }];
        // The same Service twice (overlays, copies) is duplicate-object's finding, not a port clash.
        if (first.service.object.namespace === service.object.namespace && first.service.object.name === service.object.name) continue;
        const other = `Service "${first.service.object.name}" in namespace "${first.service.object.namespace}"`;
        context.report({ messageId: 'duplicate', data: { nodePort, other }, at, related });
      }
    });
  },
};

function describePort(port: ServicePort): string {
  return port.name ? `"${port.name}"` : String(port.port ?? `#${port.index + 1}`);
}

export default rule;
