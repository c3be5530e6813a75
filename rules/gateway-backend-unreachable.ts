import { judgeBackend } from '../src/lint/backend-reach.ts';
import type { Rule } from '../src/lint/types.ts';
import type { Workload } from '../src/model/types.ts';
import { gatewayApiOf } from '../src/semantics/gateway-api.ts';
import { dataPlaneOf } from '../src/semantics/gateway-data-plane.ts';
import { gatewayTraffic } from '../src/semantics/gateway-traffic.ts';
import { checkedTargetPort } from '../src/semantics/ports.ts';

/**
 * Flags route backends (backendRefs of routes attached to a Gateway) that the Gateway's data plane may
 * not reach on the target port: refused by the backend pods' ingress policies, or by the egress
 * policies of the data plane's namespace. Certain (an error) when the tree or `cluster.gateways`
 * places the data plane, or when the pods admit no source at all on the port; a warning naming the
 * assumption when only the implementation's default says where it runs, or when nothing does. The
 * judgement is src/lint/backend-reach.ts's, shared with ingress-backend-unreachable.
 */
export const rule: Rule = {
  meta: {
    id: 'gateway-backend-unreachable',
    severity: 'error',
    unevaluatedPolicies: { '*': 'warning' },
    description: "A Gateway's data plane must be allowed to reach the pods behind the backendRefs of the routes attached to it on the target port, by their ingress policies and by its own egress policies.",
    messages: {
      dataPlaneEgress:
        'the data plane of Gateway "{{gateway}}" ({{controller}}) may not open connections to {{targets}} behind Service "{{service}}": its own egress is isolated by {{policies}} in namespace "{{namespace}}", and no egress rule there allows it, so requests on this route fail; allow egress from the data plane to those pods on the target port in a policy of namespace "{{namespace}}"',
      refused:
        'the data plane of Gateway "{{gateway}}" ({{controller}}) may not reach {{targets}} behind Service "{{service}}": {{reason}}, so requests on this route fail; admit the data plane in a policy of those pods',
      closed:
        'no ingress rule of {{policies}} allows the target port of {{targets}} behind Service "{{service}}" from any source, so the data plane of Gateway "{{gateway}}" cannot reach them, wherever it runs; admit it on that port in a policy of those pods',
      refusedAssumed:
        'the data plane of Gateway "{{gateway}}", assumed to be {{controller}} (cluster.gateways does not place it), may not reach {{targets}} behind Service "{{service}}": {{reason}}; set cluster.gateways in .kube-netlint.yaml if it runs elsewhere, or admit it in a policy of those pods',
      refusedUnknown:
        'no policy of {{targets}} behind Service "{{service}}" admits every in-cluster source, and where the data plane of Gateway "{{gateway}}" runs is not known ({{why}}), so nothing here surely admits it: {{reason}}; set cluster.gateways in .kube-netlint.yaml, or admit the data plane in a policy of those pods',
    },
    remediation:
      "Add an ingress rule to the backend pods' policies admitting the Gateway's data plane (namespaceSelector for its namespace and podSelector for its labels, e.g. gateway.networking.k8s.io/gateway-name) on the target port, and place the data plane (a workload of the tree, or cluster.gateways) so the check knows who it is. When the data plane's own namespace isolates it for egress, add an egress rule there allowing the backend pods on the target port.",
  },
  check(context) {
    const index = gatewayApiOf(context.model);
    context.each(index.gateways, (gateway) => {
      const plane = dataPlaneOf(context.model, gateway);
      const known = plane.certainty === 'tree' || plane.certainty === 'config' ? { endpoint: plane.endpoint, who: plane.description, ...(plane.namespace !== undefined ? { namespace: plane.namespace } : {}) } : undefined;
      const candidates = plane.certainty === 'assumed' ? plane.candidates : [];
      const why = plane.certainty === 'unknown' ? plane.why : '';
      const name = `${gateway.object.namespace}/${gateway.object.name}`;
      for (const hop of gatewayTraffic(context.model, gateway).hops) {
        const portsOn = (workload: Workload) => {
          const port = checkedTargetPort(workload, hop.servicePort);
          return port === undefined ? [] : [port];
        };
        judgeBackend(context, {
          service: hop.service,
          portsOn,
          protocol: hop.protocol,
          at: { object: hop.route.object, path: [...hop.ref.path, 'name'] },
          sender: `the data plane of Gateway "${name}"`,
          ...(known ? { known } : {}),
          candidates: () => candidates,
          data: { gateway: name, why },
          messages: MESSAGES,
        });
      }
    });
  },
};

/** The message of each kind of finding (src/lint/backend-reach.ts). */
const MESSAGES = { egress: 'dataPlaneEgress', refused: 'refused', closed: 'closed', assumed: 'refusedAssumed', unknown: 'refusedUnknown' } as const;

export default rule;
