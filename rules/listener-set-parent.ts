import type { Rule, RuleContext } from '../src/lint/types.ts';
import { GATEWAY_API_GROUP, type GatewayView, type ListenerSetView, type ListenerView } from '../src/model/kinds/gateway-api.ts';
import { formatSelector } from '../src/semantics/selector.ts';
import { describeGateway, describeListener, describeListenerSet, gatewayApiOf, listenerSetAdmission, parentListenerConflict, targetNamespace } from '../src/semantics/gateway-api.ts';
import { compareStrings } from '../src/util/compare.ts';

/**
 * Flags ListenerSets whose listeners never reach their Gateway: the parent Gateway is missing, does not
 * accept ListenerSets from their namespace (`allowedListeners`, default None), or a listener conflicts
 * with one of the Gateway's own (which take precedence) or with one of another ListenerSet.
 */
export const rule: Rule = {
  meta: {
    id: 'listener-set-parent',
    severity: 'error',
    description: "A ListenerSet's parentRef must name a Gateway of the tree that accepts ListenerSets from its namespace, and its listeners must not conflict with the Gateway's.",
    messages: {
      notGateway:
        'parentRef names a {{kind}} of group "{{group}}", but a ListenerSet attaches only to a Gateway (gateway.networking.k8s.io), so its listeners are attached to nothing; name the Gateway',
      gatewayMissing:
        'parent Gateway "{{name}}" is not in namespace "{{namespace}}" in the linted files, which define other Gateways there, so these listeners are attached to nothing and routes attached to them serve no traffic; correct the name or namespace, or add the Gateway',
      gatewayNotHere:
        'parent Gateway "{{name}}" is not in namespace "{{namespace}}" in the linted files, which define no Gateway there; unless it is installed apart from them, these listeners are attached to nothing: lint the Gateway together with this ListenerSet, or correct the reference',
      gatewayElsewhere:
        'parent Gateway "{{name}}" of namespace "{{namespace}}" is not in the linted files; assuming it is defined elsewhere and accepts this ListenerSet, its allowedListeners and listeners were not checked: lint it together with this ListenerSet',
      notAllowed:
        '{{gateway}} {{accepts}}, so it does not accept this ListenerSet of namespace "{{namespace}}" (Accepted False, NotAllowed) and routes attached to its listeners serve no traffic; set spec.allowedListeners.namespaces on the Gateway to admit it',
      assumedNamespace:
        '{{gateway}} accepts ListenerSets of namespaces selected by {{selector}}, and namespace "{{namespace}}" is not declared in the linted files, so whether it carries those labels is unknown; these listeners are attached only if it does: declare the Namespace with its labels, or check them in the cluster',
      parentConflict:
        '{{listener}} conflicts with {{other}} of {{gateway}} ({{reason}}), and the Gateway\'s own listeners take precedence, so this one is not accepted and routes attached to it serve no traffic; change its port or hostname',
      siblingConflict:
        '{{listener}} conflicts with {{other}} of {{set}} ({{reason}}) on the same Gateway; the older ListenerSet wins (then the first by namespace/name), so if {{set}} is older or the same age this listener is not accepted; change its port or hostname',
    },
    remediation:
      "Point spec.parentRef at the Gateway (namespace and name; group gateway.networking.k8s.io, kind Gateway); on that Gateway, set spec.allowedListeners.namespaces.from to Same, All, or Selector matching the ListenerSet's Namespace labels (the default, None, accepts no ListenerSet); give each listener a port, protocol and hostname that no listener of the Gateway or of another ListenerSet of it uses.",
  },
  check(context) {
    const index = gatewayApiOf(context.model);
    const accepted = new Map<GatewayView, ListenerSetView[]>();
    context.each(index.listenerSets, (set) => {
      const ref = set.parentRef;
      if (ref.name === undefined) return; // the schema rule reports the missing name
      const at = { object: set.object, path: [...ref.path, 'name'] };
      if (ref.group !== GATEWAY_API_GROUP || ref.kind !== 'Gateway') {
        context.report({ messageId: 'notGateway', data: { kind: ref.kind, group: ref.group }, at: { object: set.object, path: [...ref.path, 'kind'] } });
        return;
      }
      const namespace = targetNamespace(ref, set.object.namespace);
      const gateway = index.parentOf(set);
      if (!gateway) {
        const data = { name: ref.name, namespace };
        if (index.holdsGatewaysIn(namespace)) context.report({ messageId: 'gatewayMissing', data, at });
        else if (context.relations.holdsNamespace(namespace)) context.report({ messageId: 'gatewayNotHere', data, at, severity: 'warning' });
        else context.report({ messageId: 'gatewayElsewhere', data, at, severity: 'info' });
        return;
      }
      const admission = listenerSetAdmission(context.model, gateway, set);
      const related = [{ at: { object: gateway.object, path: gateway.allowedListeners.fromPath }, message: `allowedListeners of ${describeGateway(gateway)}` }];
      if (admission === 'no') {
        context.report({ messageId: 'notAllowed', data: { gateway: describeGateway(gateway), accepts: describeAccepted(gateway), namespace: set.object.namespace }, at, related });
        return;
      }
      if (admission === 'assumed') {
        const data = { gateway: describeGateway(gateway), selector: formatSelector(gateway.allowedListeners.selector!), namespace: set.object.namespace };
        context.report({ messageId: 'assumedNamespace', data, at, related, severity: 'warning' });
      }
      const list = accepted.get(gateway);
      if (list) list.push(set);
      else accepted.set(gateway, [set]);
      for (const listener of set.listeners) {
        const conflict = parentListenerConflict(gateway, listener);
        if (!conflict) continue;
        const data = { listener: describeListener(listener), other: describeListener(conflict.other), gateway: describeGateway(gateway), reason: conflict.reason };
        context.report({ messageId: 'parentConflict', data, at: { object: set.object, path: conflictPath(listener, conflict.reason) }, related: [{ at: { object: gateway.object, path: conflict.other.path }, message: `${describeListener(conflict.other)} of ${describeGateway(gateway)}` }] });
      }
    });
    for (const [gateway, sets] of accepted) checkSiblings(context, gateway, sets);
  },
};

/**
 * Between ListenerSets of one Gateway, the older wins, then the first by namespace/name: creation times
 * are not in the manifests, so a conflict is reported on the later one by name, as a warning.
 */
function checkSiblings(context: RuleContext, gateway: GatewayView, sets: readonly ListenerSetView[]): void {
  const ordered = [...sets].sort((a, b) => compareStrings(`${a.object.namespace}/${a.object.name}`, `${b.object.namespace}/${b.object.name}`));
  ordered.forEach((set, i) => {
    const earlier = ordered.slice(0, i);
    for (const listener of set.listeners) {
      if (parentListenerConflict(gateway, listener)) continue; // already reported against the Gateway
      for (const other of earlier) {
        const conflict = parentListenerConflict({ listeners: other.listeners.filter((l) => !parentListenerConflict(gateway, l)) }, listener);
        if (!conflict) continue;
        const data = { listener: describeListener(listener), other: describeListener(conflict.other), set: describeListenerSet(other), reason: conflict.reason };
        context.report({ messageId: 'siblingConflict', data, at: { object: set.object, path: conflictPath(listener, conflict.reason) }, related: [{ at: { object: other.object, path: conflict.other.path }, message: `${describeListener(conflict.other)} of ${describeListenerSet(other)}` }], severity: 'warning' });
        break;
      }
    }
  });
}

function conflictPath(listener: ListenerView, reason: string) {
  return [...listener.path, reason === 'HostnameConflict' && listener.hostname !== undefined ? 'hostname' : 'port'];
}

function describeAccepted(gateway: GatewayView): string {
  const { from, selector } = gateway.allowedListeners;
  if (from === 'None') return gateway.allowedListeners.fromWritten ? 'accepts no ListenerSet (allowedListeners.namespaces.from: None)' : 'accepts no ListenerSet (allowedListeners is not set, and its default is from: None)';
  if (from === 'Same') return 'accepts ListenerSets of its own namespace only (from: Same)';
  if (from === 'Selector') return selector ? `accepts ListenerSets of namespaces selected by ${formatSelector(selector)} only` : 'accepts no ListenerSet (from: Selector without a selector)';
  return `accepts no ListenerSet (from: ${from})`;
}

export default rule;
