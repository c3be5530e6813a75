import { judgeBackend } from '../src/lint/backend-reach.ts';
import type { Rule } from '../src/lint/types.ts';
import type { Workload } from '../src/model/types.ts';
import { formatLabels } from '../src/semantics/selector.ts';
import { controllerCandidates, hostNetworkControllers, routerCandidates, type ControllerCandidate } from '../src/semantics/ingress-controllers.ts';
import { INGRESS_CONTROLLER } from '../src/semantics/policy.ts';
import { checkedTargetPort, findServicePort } from '../src/semantics/ports.ts';
import { routeBackendService, routedPorts, openShiftRoutesOf } from '../src/semantics/routes.ts';

/**
 * Flags Ingress and OpenShift Route backends the ingress controller (for Routes, the OpenShift router)
 * may not reach on the target port: refused by the backend pods' ingress policies, or by the egress
 * policies of the controller's own namespace. Certain (an error) with `cluster.ingressController`, or
 * when the pods admit no source at all on that port; otherwise the controller is inferred, and the
 * finding is a warning naming the guess. The judgement is src/lint/backend-reach.ts's.
 */
export const rule: Rule = {
  meta: {
    id: 'ingress-backend-unreachable',
    severity: 'error',
    unevaluatedPolicies: { '*': 'warning' },
    description: "The ingress controller must be allowed to reach the pods of an Ingress or OpenShift Route backend on the target port, by their ingress policies and by its own egress policies.",
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
    const controller = context.model.settings.ingressController;
    const who = controller && [controller.namespace ? `namespace "${controller.namespace}"` : 'any namespace', controller.podLabels ? `pods ${formatLabels(controller.podLabels)}` : 'any pod'].join(', ');
    const known = who ? { endpoint: INGRESS_CONTROLLER, who, ...(controller?.namespace !== undefined ? { namespace: controller.namespace } : {}) } : undefined;
    const common = { sender: 'the ingress controller', ...(known ? { known } : {}), messages: MESSAGES };
    context.each(context.model.ingresses, (ingress) => {
      // Unconfigured, the guesses at who serves this Ingress (by its class), found once.
      let candidates: ControllerCandidate[] | undefined;
      for (const backend of ingress.backends) {
        const service = context.relations.backendService(ingress, backend);
        // Missing Services and ports are ingress-backend-service's and ingress-backend-port's findings.
        if (!service || backend.port === undefined) continue;
        const servicePort = findServicePort(service, backend.port);
        if (!servicePort) continue;
        const portsOn = (workload: Workload) => {
          const port = checkedTargetPort(workload, servicePort);
          return port === undefined ? [] : [port];
        };
        judgeBackend(context, { ...common, service, portsOn, at: { object: ingress.object, path: backend.namePath }, candidates: () => (candidates ??= controllerCandidates(context.model, ingress)), hostNetworkSenders: () => hostNetworkControllers(context.model, ingress) });
      }
    });
    // OpenShift Routes: the router is the ingress controller (openshift-ingress, unless configured).
    context.each(openShiftRoutesOf(context.model), (route) => {
      for (const backend of route.backends) {
        const service = routeBackendService(context.relations, route, backend);
        // A missing Service or port is openshift-route-backend's finding; a weight of 0 gets no traffic.
        if (!service || backend.weight === 0) continue;
        const portsOn = (workload: Workload) => routedPorts(route, service, workload).flatMap(({ servicePort, port }) => (checkedTargetPort(workload, servicePort) === port ? [port] : []));
        judgeBackend(context, { ...common, service, portsOn, at: { object: route.object, path: backend.namePath }, candidates: () => routerCandidates(context.model), hostNetworkSenders: () => hostNetworkControllers(context.model, undefined) });
      }
    });
  },
};

/** The message of each kind of finding (src/lint/backend-reach.ts). */
const MESSAGES = { egress: 'controllerEgress', refused: 'refused', closed: 'closed', assumed: 'refusedAssumed', unknown: 'refusedUnknown' } as const;

export default rule;
