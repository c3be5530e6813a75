import type { NamespaceContext, NamespaceRule, RelatedTarget } from '../src/lint/types.ts';
import type { Service, ServicePort } from '../src/model/types.ts';
import { describeMember, listSome } from '../src/semantics/describe.ts';
import { describeAnyPolicy } from '../src/semantics/describe-verdict.ts';
import { workloadEndpoint } from '../src/semantics/policy.ts';
import type { CompiledPolicy } from '../src/semantics/tiers.ts';
import { checkedTargetPort } from '../src/semantics/ports.ts';

/**
 * Flags Service ports whose pods' ingress policies admit no source at all on the target port: policies
 * of every kind and tier the engine evaluates (NetworkPolicy, AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy, Cilium, Calico), asked once through the engine, as the backend rules ask it.
 */
export const rule: NamespaceRule = {
  meta: {
    id: 'service-unreachable',
    severity: 'warning',
    unevaluatedPolicies: { '*': 'info' },
    description: 'Some source, in or outside the cluster, should be allowed to reach the pods of a Service on its target port.',
    messages: {
      unreachable:
        'no source in or outside the cluster may reach this Service on {{protocol}} {{targets}}: {{workloads}} {{verb}} isolated for ingress by {{policies}}, and no ingress rule of any policy applying to them allows that port; add a rule allowing it, or remove the port',
    },
    remediation: 'Add an ingress rule to a policy selecting the pods that allows the target port from the clients of the Service (or from anywhere), or remove the unused port from the Service.',
  },
  checkNamespace(context) {
    const engine = context.policies;
    context.each(context.namespace.services, (service) => {
      const workloads = context.relations.selectedWorkloads(service);
      for (const servicePort of service.ports) {
        const targets = new Set<number>();
        const policies = new Set<CompiledPolicy>();
        let blocked = 0;
        let reachable = false;
        for (const workload of workloads) {
          const port = checkedTargetPort(workload, servicePort);
          if (port === undefined) continue;
          const endpoint = workloadEndpoint(workload);
          // Closed to every source, of any kind and tier, outside sources included (a NetworkPolicy
          // ipBlock, a Cilium `fromEntities: world` or an AdminNetworkPolicy Allow may admit someone; an
          // AdminNetworkPolicy that denies every pod names no address, so outside connections get past it).
          const closing = engine.closingPolicies(endpoint, servicePort.protocol, port);
          if (closing.length === 0) {
            reachable = true;
            break;
          }
          // Named as isolating the pods (against pods, of any kind), else as what closes the port.
          const isolating = engine.isolatingPolicies(endpoint, 'ingress');
          blocked++;
          targets.add(port);
          for (const p of isolating.length > 0 ? isolating : closing) policies.add(p);
        }
        if (reachable || blocked === 0) continue;
        // Each reach node once (a Deployment with its exported ReplicaSets and Pods), by its members that policies tell apart.
        const targeted = new Set(workloads.filter((w) => checkedTargetPort(w, servicePort) !== undefined));
        const names = [...new Set([...targeted].map((w) => context.relations.nodeOf(w)))].flatMap((node) =>
          engine.distinctWorkloads(node.workloads.filter((w) => targeted.has(w))).map((w) => describeMember(w, node)),
        );
        context.report({
          messageId: 'unreachable',
          data: {
            protocol: servicePort.protocol,
            targets: [...targets].join(', '),
            workloads: listSome(names),
            verb: names.length === 1 ? 'is' : 'are',
            policies: listSome([...policies].map((p) => describeAnyPolicy(p))),
          },
          at: { object: service.object, path: [...servicePort.path, servicePort.targetPortDefaulted ? 'port' : 'targetPort'] },
          related: [
            ...[...policies].slice(0, 5).map((p) => ({ at: isolatingAt(p), message: `${describeAnyPolicy(p)} isolates the Service's pods for ingress` })),
            // The Gateway routes that send requests here, which then fail: the port is meant to be reached.
            ...routesTo(context, service, servicePort).slice(0, 3),
          ],
        });
      }
    });
  },
};

/** Where a policy isolating the pods says so: a NetworkPolicy's podSelector, another kind's subject. */
function isolatingAt(policy: CompiledPolicy): RelatedTarget['at'] {
  return policy.networkPolicy ? { object: policy.networkPolicy.object, path: policy.networkPolicy.podSelectorPath, key: true } : { object: policy.origin.object, path: policy.origin.path, key: true };
}

/** The backendRefs of routes attached to a Gateway that send to this Service port, as related locations. */
function routesTo(context: NamespaceContext, service: Service, servicePort: ServicePort): RelatedTarget[] {
  return context.relations.gatewayHopsTo(service, servicePort).map(({ gateway, route, refPath }) => ({
    at: { object: route.object, path: [...refPath, 'name'] },
    message: `${route.kind} "${route.object.namespace}/${route.object.name}" of Gateway "${gateway.object.namespace}/${gateway.object.name}" sends requests to this port`,
  }));
}

export default rule;
