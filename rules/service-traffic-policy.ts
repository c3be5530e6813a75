import type { Rule } from '../src/lint/types.ts';
import type { Service, Workload } from '../src/model/types.ts';
import { describeWorkload, listSome } from '../src/semantics/describe.ts';

/**
 * Whether a Service is reachable from outside the cluster, as the API server decides where
 * externalTrafficPolicy may be set (ExternallyAccessible in pkg/api/service/util.go).
 */
function externallyAccessible(service: Service): boolean {
  return service.type === 'NodePort' || service.type === 'LoadBalancer' || (service.type === 'ClusterIP' && service.externalIPs.length > 0);
}

/** `a ClusterIP`, `an ExternalName`. */
function withArticle(type: string): string {
  return `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** Whether every node runs a pod of the workload: a DaemonSet, or a Pod it owns. */
function onEveryNode(workload: Workload): boolean {
  return workload.kind === 'DaemonSet' || workload.owner?.kind === 'DaemonSet';
}

/** Flags traffic policies of Services that the API server rejects, or that leave clients without endpoints. */
export const rule: Rule = {
  meta: {
    id: 'service-traffic-policy',
    severity: 'error',
    description: 'externalTrafficPolicy and healthCheckNodePort must be set only where the API server accepts them; internalTrafficPolicy Local needs a pod on every node.',
    messages: {
      externalPolicy:
        'externalTrafficPolicy "{{policy}}" is set on {{type}} Service{{detail}}, and the API server rejects it ("may only be set for externally-accessible services"); remove it, or make the Service a NodePort or LoadBalancer',
      healthCheckNodePort:
        'healthCheckNodePort {{port}} is set on {{type}} Service with externalTrafficPolicy {{policy}}, and the API server rejects it ("may only be set when type is LoadBalancer and externalTrafficPolicy is Local"); remove it, or make the Service a LoadBalancer with externalTrafficPolicy Local',
      internalLocal:
        'internalTrafficPolicy Local sends clients in the cluster only to pods on their own node, and {{workloads}} {{verb}} not on every node, so clients on the other nodes get no endpoint and their connections fail; remove internalTrafficPolicy (Cluster is the default), or run the pods as a DaemonSet',
    },
    remediation:
      'Set externalTrafficPolicy only on NodePort and LoadBalancer Services (or ClusterIP ones with externalIPs), healthCheckNodePort only with type LoadBalancer and externalTrafficPolicy Local, and internalTrafficPolicy Local only for pods that run on every node (a DaemonSet).',
  },
  check(context) {
    context.each(context.model.services, (service) => {
      const accessible = externallyAccessible(service);
      // SetDefaults_Service: an externally accessible Service without one has externalTrafficPolicy Cluster.
      const policy = service.externalTrafficPolicy ?? (accessible ? 'Cluster' : 'unset');
      if (service.externalTrafficPolicy !== undefined && !accessible) {
        const detail = service.type === 'ClusterIP' ? ' without externalIPs' : '';
        context.report({ messageId: 'externalPolicy', data: { policy: service.externalTrafficPolicy, type: withArticle(service.type), detail }, at: { object: service.object, path: ['spec', 'externalTrafficPolicy'] } });
      }
      // NeedsHealthCheck: type LoadBalancer with externalTrafficPolicy Local (ValidateService).
      if (service.healthCheckNodePort !== undefined && !(service.type === 'LoadBalancer' && policy === 'Local')) {
        const data = { port: service.healthCheckNodePort, type: withArticle(service.type), policy };
        context.report({ messageId: 'healthCheckNodePort', data, at: { object: service.object, path: ['spec', 'healthCheckNodePort'] } });
      }
      if (service.internalTrafficPolicy !== 'Local') return;
      const selected = context.relations.selectedWorkloads(service);
      if (selected.length === 0 || selected.some(onEveryNode)) return;
      // Whether a Deployment's replicas land on every node is up to the scheduler: not certain.
      const data = { workloads: `the pods of ${listSome(selected.map((w) => describeWorkload(w)))}`, verb: 'are' };
      const related = selected.slice(0, 3).map((w) => ({ at: { object: w.object, path: ['kind'] }, message: `${describeWorkload(w)} is not a DaemonSet` }));
      context.report({ messageId: 'internalLocal', data, at: { object: service.object, path: ['spec', 'internalTrafficPolicy'] }, related, severity: 'warning' });
    });
  },
};

export default rule;
