import type { Rule } from '../src/lint/types.ts';
import type { Service, Workload } from '../src/model/types.ts';
import { CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND, CILIUM_NETWORK_POLICY_KIND, type CiliumSpec } from '../src/model/kinds/cilium.ts';
import { viewsOf } from '../src/model/kinds/define.ts';
import { describeWorkload, listSome } from '../src/semantics/describe.ts';
import { policyEngineOf } from '../src/semantics/policy.ts';

const WORLD = new Set(['world', 'world-ipv4', 'world-ipv6']);

/** Whether a Service takes traffic from outside the cluster: a LoadBalancer or NodePort, or externalIPs. */
const exposesOutside = (service: Service) => service.type === 'LoadBalancer' || service.type === 'NodePort' || service.externalIPs.length > 0;

/**
 * Flags Cilium ingress rules that allow the `world` entity on `toPorts` to pods that no Service
 * exposes outside the cluster.
 */
export const rule: Rule = {
  meta: {
    id: 'cilium-world-unexposed',
    severity: 'warning',
    description: 'A Cilium rule allowing fromEntities world on ports should select pods that a LoadBalancer or NodePort Service exposes.',
    messages: {
      unexposed:
        'fromEntities world allows {{ports}} from outside the cluster to {{workloads}}, but no LoadBalancer or NodePort Service (nor externalIPs) exposes {{them}}, so outside clients have no way in (assuming pod addresses are not routable from outside the cluster): add such a Service for {{them}}, or remove the rule',
    },
    remediation:
      'Outside traffic reaches pods through a LoadBalancer or NodePort Service (or externalIPs); allow world only on pods such a Service selects. Traffic through an Ingress comes from the ingress controller\'s pods: allow those (fromEndpoints) instead of world.',
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    const specOf = new Map<object, CiliumSpec>(
      [...viewsOf(context.model, CILIUM_NETWORK_POLICY_KIND), ...viewsOf(context.model, CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND)].flatMap((v) => v.specs.flatMap((s) => (s.endpointSelector ? [[s.endpointSelector.path, s] as const] : []))),
    );
    const exposed = new Set<Workload>();
    for (const service of context.model.services) if (exposesOutside(service)) for (const w of context.relations.selectedWorkloads(service)) exposed.add(w);
    const compiled = engine.world.compiled.filter((p) => specOf.has(p.origin.path));
    context.each(
      compiled.map((policy) => ({ object: policy.origin.object, policy })),
      ({ policy }) => {
        const spec = specOf.get(policy.origin.path)!;
        const rules = spec.rules.filter((r) => r.direction === 'ingress' && !r.deny && r.toPorts && r.entities?.some((e) => WORLD.has(e.value)));
        if (rules.length === 0) return;
        // Host-network pods are reached on the node's address without a Service (and are not selected by endpointSelector anyway).
        const open = engine.workloadsSelectedByCompiled(policy).filter((w) => !exposed.has(w) && !w.template.hostNetwork);
        if (open.length === 0) return;
        const distinct = engine.distinctWorkloads(open);
        for (const rule of rules) {
          const entity = rule.entities!.find((e) => WORLD.has(e.value))!;
          const ports = rule.toPorts!.flatMap((t) => t.ports.map((p) => `${p.protocol === 'ANY' ? '' : `${p.protocol} `}${p.port ?? 'every port'}${p.endPort !== undefined ? `-${p.endPort}` : ''}`));
          context.report({
            messageId: 'unexposed',
            data: { ports: ports.length ? `port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}` : 'no port', workloads: listSome(distinct.map((w) => describeWorkload(w))), them: distinct.length > 1 ? 'them' : 'it' },
            at: { object: policy.origin.object, path: entity.path },
          });
        }
      },
    );
  },
};

export default rule;
