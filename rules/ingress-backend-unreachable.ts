import type { RelatedTarget, Rule } from '../src/lint/types.ts';
import type { Workload } from '../src/model/types.ts';
import { formatLabels } from '../src/semantics/selector.ts';
import { workloadNodeIndex } from '../src/semantics/nodes.ts';
import { describeMember, describeWorkload, listSome } from '../src/semantics/describe.ts';
import { describeAnyPolicy, isolatingRelated, type PolicyLocation } from '../src/semantics/describe-verdict.ts';
import { controllerCandidates, describeCandidates, type ControllerCandidate } from '../src/semantics/ingress-controllers.ts';
import { INGRESS_CONTROLLER, policyEngineOf, workloadEndpoint, type PolicyEngine, type SideVerdict } from '../src/semantics/policy.ts';
import { checkedTargetPort, findServicePort } from '../src/semantics/ports.ts';

/**
 * Flags Ingress backends the ingress controller may not reach on the target port: refused by the
 * backend pods' ingress policies, or by the egress policies of the controller's own namespace. Certain
 * (an error) with `cluster.ingressController`, or when the pods admit no source at all on that port;
 * otherwise the controller is inferred, and the finding is a warning naming the guess.
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
      closed:
        'no ingress rule of {{policies}} allows the target port of {{targets}} behind Service "{{service}}" from any source, so no ingress controller can reach them, wherever it runs; admit the controller on that port in a policy of those pods',
      refusedAssumed:
        'the ingress controller, assumed to be {{controller}} (cluster.ingressController is not set), may not reach {{targets}} behind Service "{{service}}": {{reason}}; set cluster.ingressController in .kube-netlint.yaml if it runs elsewhere, or admit it in a policy of those pods',
      refusedUnknown:
        'no policy of {{targets}} behind Service "{{service}}" admits every in-cluster source, and the ingress controller is neither configured (cluster.ingressController in .kube-netlint.yaml) nor recognised from the Ingress class, so nothing here surely admits it: {{reason}}; configure the controller, or admit it in a policy of those pods',
    },
    remediation:
      "Add an ingress rule to the backend pods' policies admitting the ingress controller (namespaceSelector for its namespace and podSelector for its labels) on the target port, and declare the controller in cluster.ingressController so the check knows who it is. When the controller's own namespace isolates it for egress, add an egress rule there allowing the backend pods on the target port.",
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    const controller = context.model.settings.ingressController;
    const { nodeOf } = workloadNodeIndex(context.model);
    const who = controller && [controller.namespace ? `namespace "${controller.namespace}"` : 'any namespace', controller.podLabels ? `pods ${formatLabels(controller.podLabels)}` : 'any pod'].join(', ');
    context.each(context.model.ingresses, (ingress) => {
      // Unconfigured, the guesses at who serves this Ingress (by its class), found once.
      let candidates: ControllerCandidate[] | undefined;
      for (const backend of ingress.backends) {
        const service = context.relations.backendService(ingress, backend);
        // Missing Services and ports are ingress-backend-service's and ingress-backend-port's findings.
        if (!service || backend.port === undefined) continue;
        const servicePort = findServicePort(service, backend.port);
        if (!servicePort) continue;
        // Per kind of refusal: the targets, and the policies isolating that side, each once.
        const refusals = { egress: new Refusal(), ingress: new Refusal(), closed: new Refusal(), assumed: new Refusal(), unknown: new Refusal() };
        const selected = new Set(context.relations.selectedWorkloads(service));
        // Once per reach node (a Deployment with its exported ReplicaSets and Pods), each member that policies tell apart.
        for (const node of new Set([...selected].map((w) => nodeOf.get(w)!))) {
          for (const workload of engine.distinctWorkloads(node.workloads.filter((w) => selected.has(w)))) {
            const port = checkedTargetPort(workload, servicePort);
            if (port === undefined) continue;
            const target = `${describeMember(workload, node)} on TCP ${port}`;
            const destination = workloadEndpoint(workload);
            const ends = { source: 'the ingress controller', destination: describeWorkload(workload) };
            const verdict = engine.evaluate(INGRESS_CONTROLLER, destination, { port, protocol: 'TCP' });
            if (who) {
              for (const side of [verdict.egress, verdict.ingress]) if (!side.allowed) refusals[side.direction].add(target, isolatingRelated(side, ends));
              continue;
            }
            if (verdict.ingress.allowed) continue;
            if (closedTo(engine, workload, port, verdict.ingress)) {
              refusals.closed.add(target, isolatingRelated(verdict.ingress, ends));
              continue;
            }
            candidates ??= controllerCandidates(context.model, ingress);
            if (candidates.length === 0) {
              refusals.unknown.add(target, isolatingRelated(verdict.ingress, ends));
              continue;
            }
            if (candidates.some((c) => engine.allows(c.endpoint, destination, { port, protocol: 'TCP' }))) continue;
            const first = engine.evaluate(candidates[0]!.endpoint, destination, { port, protocol: 'TCP' });
            for (const side of [first.egress, first.ingress]) if (!side.allowed) refusals.assumed.add(target, isolatingRelated(side, ends));
          }
        }
        const at = { object: ingress.object, path: backend.namePath };
        const base = { service: service.object.name };
        const { egress, ingress: inbound, closed, assumed, unknown } = refusals;
        if (egress.targets.length > 0 && who) {
          // Only a configured controller namespace has policies that can isolate the controller.
          const data = { ...base, controller: who, targets: listSome(egress.targets), policies: egress.names(), namespace: controller?.namespace ?? '' };
          context.report({ messageId: 'controllerEgress', data, at, related: egress.related() });
        }
        if (inbound.targets.length > 0 && who) {
          context.report({ messageId: 'refused', data: { ...base, controller: who, targets: listSome(inbound.targets), reason: `refused by ${inbound.names()}` }, at, related: inbound.related() });
        }
        if (closed.targets.length > 0) context.report({ messageId: 'closed', data: { ...base, targets: listSome(closed.targets), policies: closed.names() }, at, related: closed.related() });
        if (assumed.targets.length > 0) {
          const data = { ...base, controller: describeCandidates(candidates ?? []), targets: listSome(assumed.targets), reason: `refused by ${assumed.names()}` };
          context.report({ messageId: 'refusedAssumed', data, at, related: assumed.related(), severity: 'warning' });
        }
        if (unknown.targets.length > 0) {
          const data = { ...base, targets: listSome(unknown.targets), reason: `refused by ${unknown.names()}` };
          context.report({ messageId: 'refusedUnknown', data, at, related: unknown.related(), severity: 'warning' });
        }
      }
    });
  },
};

/**
 * Whether the pods' ingress policies allow the port from no source at all, in or outside the cluster:
 * then no controller reaches them wherever it runs (an ipBlock rule may admit a cloud load balancer,
 * a pods rule a controller of some namespace).
 */
function closedTo(engine: PolicyEngine, workload: Workload, port: number, side: SideVerdict): boolean {
  const destination = workloadEndpoint(workload);
  return side.policies.every((policy) => policy.ingress.every((rule) => !engine.ruleConnections(rule, destination).has('TCP', port)));
}

/** What one kind of refusal covers: the targets, and the isolating policies as related locations. */
class Refusal {
  readonly targets: string[] = [];
  private readonly policies = new Map<PolicyLocation['policy'], PolicyLocation>();

  add(target: string, locations: readonly PolicyLocation[]): void {
    this.targets.push(target);
    for (const location of locations) if (!this.policies.has(location.policy)) this.policies.set(location.policy, location);
  }

  names(): string {
    return listSome([...this.policies.keys()].map((p) => describeAnyPolicy(p)));
  }

  related(): RelatedTarget[] {
    return [...this.policies.values()];
  }
}

export default rule;
