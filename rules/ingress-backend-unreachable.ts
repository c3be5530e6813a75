import type { RelatedTarget, Rule } from '../src/lint/types.ts';
import type { NetworkPolicy } from '../src/model/types.ts';
import { formatLabels } from '../src/semantics/selector.ts';
import { describePolicy, describeWorkload, listSome } from '../src/semantics/describe.ts';
import { decidingRelated, type PolicyLocation } from '../src/semantics/describe-verdict.ts';
import { INGRESS_CONTROLLER, policyEngineOf, workloadEndpoint } from '../src/semantics/policy.ts';
import { findServicePort, declaredTargetPort } from '../src/semantics/ports.ts';

/** Flags Ingress backends whose pods' NetworkPolicies refuse the ingress controller on the target port. */
export const rule: Rule = {
  meta: {
    id: 'ingress-backend-unreachable',
    severity: 'error',
    description: "The NetworkPolicies of an Ingress backend's pods must admit the ingress controller on the target port.",
    messages: {
      refused:
        'the ingress controller ({{controller}}) may not reach {{targets}} behind Service "{{service}}": {{reason}}, so requests on this route fail; admit the controller in a policy of those pods',
      refusedUnknown:
        'no policy of {{targets}} behind Service "{{service}}" admits every in-cluster source, and the ingress controller is not configured (cluster.ingressController in .kube-netlint.yaml), so nothing here admits it: {{reason}}; configure the controller, or admit it in a policy of those pods',
    },
    remediation:
      "Add an ingress rule to the backend pods' policies admitting the ingress controller (namespaceSelector for its namespace and podSelector for its labels) on the target port, and declare the controller in cluster.ingressController so the check knows who it is.",
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    const controller = context.model.settings.ingressController;
    context.each(context.model.ingresses, (ingress) => {
      for (const backend of ingress.backends) {
        const service = context.relations.backendService(ingress, backend);
        // Missing Services and ports are ingress-backend-service's and ingress-backend-port's findings.
        if (!service || backend.port === undefined) continue;
        const servicePort = findServicePort(service, backend.port);
        if (!servicePort) continue;
        const targets: string[] = [];
        // The refusing policies, each once (at the first target it refuses).
        const policies = new Map<NetworkPolicy, PolicyLocation>();
        for (const workload of context.relations.selectedWorkloads(service)) {
          const port = declaredTargetPort(workload, servicePort);
          if (port === undefined) continue;
          const verdict = engine.evaluate(INGRESS_CONTROLLER, workloadEndpoint(workload), { port, protocol: 'TCP' });
          if (verdict.allowed) continue;
          targets.push(`${describeWorkload(workload)} on TCP ${port}`);
          for (const location of decidingRelated(verdict, { source: 'the ingress controller', destination: describeWorkload(workload) })) {
            if (!policies.has(location.policy)) policies.set(location.policy, location);
          }
        }
        if (targets.length === 0) continue;
        const related: RelatedTarget[] = [...policies.values()];
        const reason = `refused by ${listSome([...policies.keys()].map((p) => describePolicy(p)))}`;
        const data = { targets: listSome(targets), service: service.object.name, reason };
        const at = { object: ingress.object, path: [...backend.path, 'service', 'name'] };
        if (controller) {
          const who = [controller.namespace ? `namespace "${controller.namespace}"` : 'any namespace', controller.podLabels ? `pods ${formatLabels(controller.podLabels)}` : 'any pod'].join(', ');
          context.report({ messageId: 'refused', data: { ...data, controller: who }, at, related });
        } else {
          context.report({ messageId: 'refusedUnknown', data, at, related });
        }
      }
    });
  },
};

export default rule;
