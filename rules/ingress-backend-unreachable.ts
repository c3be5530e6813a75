import type { RelatedTarget, Rule } from '../src/lint/types.ts';
import type { NetworkPolicy } from '../src/model/types.ts';
import { formatLabels } from '../src/semantics/selector.ts';
import { workloadNodeIndex } from '../src/reach/nodes.ts';
import { describeMember, describePolicy, describeWorkload, listSome } from '../src/semantics/describe.ts';
import { isolatingRelated, type PolicyLocation } from '../src/semantics/describe-verdict.ts';
import { INGRESS_CONTROLLER, policyEngineOf, workloadEndpoint } from '../src/semantics/policy.ts';
import { findServicePort, declaredTargetPort } from '../src/semantics/ports.ts';

/**
 * Flags Ingress backends the ingress controller may not reach on the target port: refused by the
 * backend pods' ingress policies, or by the egress policies of the controller's own namespace.
 */
export const rule: Rule = {
  meta: {
    id: 'ingress-backend-unreachable',
    severity: 'error',
    unevaluatedPolicies: { '*': 'warning' },
    scope: 'namespace',
    description: "The ingress controller must be allowed to reach an Ingress backend's pods on the target port, by their ingress policies and by its own egress policies.",
    messages: {
      controllerEgress:
        'the ingress controller ({{controller}}) may not open connections to {{targets}} behind Service "{{service}}": its own egress is isolated by {{policies}} in namespace "{{namespace}}", and no egress rule there allows it, so requests on this route fail; allow egress from the controller to those pods on the target port in a policy of namespace "{{namespace}}"',
      refused:
        'the ingress controller ({{controller}}) may not reach {{targets}} behind Service "{{service}}": {{reason}}, so requests on this route fail; admit the controller in a policy of those pods',
      refusedUnknown:
        'no policy of {{targets}} behind Service "{{service}}" admits every in-cluster source, and the ingress controller is not configured (cluster.ingressController in .kube-netlint.yaml), so nothing here admits it: {{reason}}; configure the controller, or admit it in a policy of those pods',
    },
    remediation:
      "Add an ingress rule to the backend pods' policies admitting the ingress controller (namespaceSelector for its namespace and podSelector for its labels) on the target port, and declare the controller in cluster.ingressController so the check knows who it is. When the controller's own namespace isolates it for egress, add an egress rule there allowing the backend pods on the target port.",
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    const controller = context.model.settings.ingressController;
    const { nodeOf } = workloadNodeIndex(context.model);
    context.each(context.model.ingresses, (ingress) => {
      for (const backend of ingress.backends) {
        const service = context.relations.backendService(ingress, backend);
        // Missing Services and ports are ingress-backend-service's and ingress-backend-port's findings.
        if (!service || backend.port === undefined) continue;
        const servicePort = findServicePort(service, backend.port);
        if (!servicePort) continue;
        // Per side that refuses (the controller's egress, the backend pods' ingress): the targets, and the
        // policies isolating that side, each once (at the first target it refuses).
        const refusals = { egress: new Refusal(), ingress: new Refusal() };
        const selected = new Set(context.relations.selectedWorkloads(service));
        // Once per reach node (a Deployment with its exported ReplicaSets and Pods), each member that policies tell apart.
        for (const node of new Set([...selected].map((w) => nodeOf.get(w)!))) {
          const members = engine.distinctWorkloads(node.workloads.filter((w) => selected.has(w)));
          for (const workload of members) {
            const port = declaredTargetPort(workload, servicePort);
            if (port === undefined) continue;
            const verdict = engine.evaluate(INGRESS_CONTROLLER, workloadEndpoint(workload), { port, protocol: 'TCP' });
            const ends = { source: 'the ingress controller', destination: describeWorkload(workload) };
            for (const side of [verdict.egress, verdict.ingress]) {
              if (!side.allowed) refusals[side.direction].add(`${describeMember(workload, node)} on TCP ${port}`, isolatingRelated(side, ends));
            }
          }
        }
        const at = { object: ingress.object, path: backend.namePath };
        const who = controller && [controller.namespace ? `namespace "${controller.namespace}"` : 'any namespace', controller.podLabels ? `pods ${formatLabels(controller.podLabels)}` : 'any pod'].join(', ');
        const { egress, ingress: inbound } = refusals;
        if (egress.targets.length > 0 && who) {
          // Only a configured controller namespace has policies that can isolate the controller.
          const data = { controller: who, targets: listSome(egress.targets), service: service.object.name, policies: egress.names(), namespace: controller?.namespace ?? '' };
          context.report({ messageId: 'controllerEgress', data, at, related: egress.related() });
        }
        if (inbound.targets.length === 0) continue;
        const data = { targets: listSome(inbound.targets), service: service.object.name, reason: `refused by ${inbound.names()}` };
        if (who) context.report({ messageId: 'refused', data: { ...data, controller: who }, at, related: inbound.related() });
        else context.report({ messageId: 'refusedUnknown', data, at, related: inbound.related() });
      }
    });
  },
};

/** What one side refuses: the targets, and the isolating policies as related locations. */
class Refusal {
  readonly targets: string[] = [];
  private readonly policies = new Map<NetworkPolicy, PolicyLocation>();

  add(target: string, locations: readonly PolicyLocation[]): void {
    this.targets.push(target);
    for (const location of locations) if (!this.policies.has(location.policy)) this.policies.set(location.policy, location);
  }

  names(): string {
    return listSome([...this.policies.keys()].map((p) => describePolicy(p)));
  }

  related(): RelatedTarget[] {
    return [...this.policies.values()];
  }
}

export default rule;
