import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { ListenerView, ParentRefView, RouteView } from '../src/model/kinds/gateway-api.ts';
import { formatSelector } from '../src/semantics/selector.ts';
import { describeGateway, describeListener, describeListenerSet, gatewayApiOf, isGatewayRef, isListenerSetRef, listenerAcceptsKind, targetNamespace, type Attachment } from '../src/semantics/gateway-api.ts';

/**
 * Flags route parentRefs that attach to no listener: the Gateway is missing, sectionName/port select
 * no listener (NoMatchingParent), no selected listener allows the route's namespace or kind
 * (NotAllowedByListeners), or no hostname intersects (NoMatchingListenerHostname).
 */
export const rule: Rule = {
  meta: {
    id: 'route-parent-ref',
    severity: 'error',
    description: "A route's parentRefs must name a Gateway of the tree, select one of its listeners, and be admitted by it (namespace, kind, hostname).",
    messages: {
      gatewayMissing:
        'parent Gateway "{{name}}" is not in namespace "{{namespace}}" in the linted files, which define other Gateways there, so this route is attached to nothing and serves no traffic; correct the name or namespace, or add the Gateway',
      gatewayNotHere:
        'parent Gateway "{{name}}" is not in namespace "{{namespace}}" in the linted files, which define no Gateway there; unless it is installed apart from them, this route is attached to nothing: lint the Gateway together with this route, or correct the name or namespace',
      gatewayElsewhere:
        'parent Gateway "{{name}}" of namespace "{{namespace}}" is not in the linted files, which hold nothing of that namespace; assuming it is defined elsewhere, its listeners were not checked: lint it together with this route, or correct the reference',
      noParent:
        'this {{kind}} has no parentRefs, so no Gateway serves it; add a parentRef naming the Gateway (and its listener) that should route it',
      noMatchingListener:
        '{{gateway}} has no listener {{selection}} (its listeners: {{listeners}}), so this route is not accepted (NoMatchingParent); name one of its listeners',
      notAllowedKind:
        'no listener of {{gateway}} {{selection}} accepts a {{kind}} ({{listeners}}), so this route is not accepted (NotAllowedByListeners); point it at a listener whose protocol and allowedRoutes.kinds take {{kind}}',
      notAllowedNamespace:
        'no listener of {{gateway}} {{selection}} admits routes of namespace "{{namespace}}" ({{listeners}}), so this route is not accepted (NotAllowedByListeners); set allowedRoutes.namespaces on the listener to admit it, or move the route',
      assumedNamespace:
        '{{listeners}} of {{gateway}} admits routes of namespaces selected by {{selector}}, and namespace "{{namespace}}" is not declared in the linted files, so whether it carries those labels is unknown; this route attaches only if it does: declare the Namespace with its labels, or check them in the cluster',
      assumedTcpOnTls:
        'this TCPRoute attaches to {{listeners}} of {{gateway}}, a TLS listener that terminates TLS: since Gateway API v1.5, TLS listeners serve TLSRoutes only, so it is accepted only by implementations that still serve TCPRoutes there (Envoy Gateway does); check that yours does, or use a TLSRoute or a TCP listener',
      noMatchingHostname:
        'no hostname of this route intersects the hostnames of the listeners of {{gateway}} {{selection}} ({{listeners}}), so this route is not accepted (NoMatchingListenerHostname); add a hostname the listener serves, or attach it to another listener',
      listenerSetMissing:
        'parent ListenerSet "{{name}}" is not in namespace "{{namespace}}" in the linted files, which define other ListenerSets there, so this route is attached to nothing and serves no traffic; correct the name or namespace, or add the ListenerSet',
      listenerSetNotHere:
        'parent ListenerSet "{{name}}" is not in namespace "{{namespace}}" in the linted files; unless it is installed apart from them, this route is attached to nothing: lint the ListenerSet together with this route, or correct the name or namespace',
      listenerSetElsewhere:
        'parent ListenerSet "{{name}}" of namespace "{{namespace}}" is not in the linted files, which hold nothing of that namespace; assuming it is defined elsewhere, its listeners were not checked: lint it together with this route, or correct the reference',
      serviceMissing:
        'parent Service "{{name}}" is not in namespace "{{namespace}}" in the linted files, so this mesh route applies to nothing; correct the name, or add the Service',
    },
    remediation:
      "Point each parentRef at a Gateway of the tree (namespace and name) and, with sectionName or port, at one of its listeners; make the listener admit the route: allowedRoutes.namespaces (Same, All, or a Selector matching the route's Namespace labels), allowedRoutes.kinds and the protocol (HTTP/HTTPS for HTTPRoute and GRPCRoute, TLS for TLSRoute, TCP and UDP for their routes), and a hostname that intersects the route's hostnames.",
  },
  check(context) {
    const index = gatewayApiOf(context.model);
    context.each(index.routes, (route) => {
      const namespace = route.object.namespace;
      if (route.parentRefs.length === 0) {
        // `useDefaultGateways` (experimental) attaches it to the Gateways that declare themselves defaults.
        if (route.useDefaultGateways !== undefined && route.useDefaultGateways !== 'None') return;
        context.report({ messageId: 'noParent', data: { kind: route.kind }, at: { object: route.object, path: ['spec'], key: true }, severity: 'warning' });
        return;
      }
      const attachments = index.attachments(route);
      for (const ref of route.parentRefs) {
        if (ref.name === undefined) continue;
        const target = targetNamespace(ref, namespace);
        if (ref.group === '' && ref.kind === 'Service') {
          if (!context.relations.service(target, ref.name) && context.relations.holdsNamespace(target)) {
            context.report({ messageId: 'serviceMissing', data: { name: ref.name, namespace: target }, at: { object: route.object, path: [...ref.path, 'name'] } });
          }
          continue;
        }
        if (isListenerSetRef(ref)) {
          checkListenerSetRef(context, route, ref, attachments.find((a) => a.ref === ref));
          continue;
        }
        // Parents of other kinds (an implementation's own) are not modelled: nothing is claimed about them.
        if (!isGatewayRef(ref)) continue;
        const attachment = attachments.find((a) => a.ref === ref);
        if (!attachment) {
          const data = { name: ref.name, namespace: target };
          const at = { object: route.object, path: [...ref.path, 'name'] };
          // Certain when the tree defines the Gateways of that namespace (a typo); shared Gateways are often
          // installed apart from the routes, so otherwise the assumption is named.
          if (index.holdsGatewaysIn(target)) context.report({ messageId: 'gatewayMissing', data, at });
          else if (context.relations.holdsNamespace(target)) context.report({ messageId: 'gatewayNotHere', data, at, severity: 'warning' });
          else context.report({ messageId: 'gatewayElsewhere', data, at, severity: 'info' });
          continue;
        }
        reportAttachment(context, route, ref, attachment);
      }
    });
  },
};

/**
 * A parentRef to a ListenerSet: missing (as for a Gateway), or judged by the ListenerSet's listeners. When
 * the ListenerSet's Gateway is not in the tree or refuses it, `listener-set-parent` reports that on the
 * ListenerSet, once for all its routes.
 */
function checkListenerSetRef(context: RuleContext, route: RouteView, ref: ParentRefView, attachment: Attachment | undefined): void {
  const index = gatewayApiOf(context.model);
  const target = targetNamespace(ref, route.object.namespace);
  const set = index.listenerSet(target, ref.name!);
  if (!set) {
    const data = { name: ref.name!, namespace: target };
    const at = { object: route.object, path: [...ref.path, 'name'] };
    if (index.holdsListenerSetsIn(target)) context.report({ messageId: 'listenerSetMissing', data, at });
    else if (context.relations.holdsNamespace(target)) context.report({ messageId: 'listenerSetNotHere', data, at, severity: 'warning' });
    else context.report({ messageId: 'listenerSetElsewhere', data, at, severity: 'info' });
    return;
  }
  if (!attachment || attachment.listenerSet?.admission === 'no') return;
  reportAttachment(context, route, ref, attachment);
}

function reportAttachment(context: RuleContext, route: RouteView, ref: ParentRefView, attachment: Attachment): void {
  const { listeners } = attachment;
  // Through a ListenerSet, the listeners and their positions are the ListenerSet's.
  const owner = attachment.listenerSet ? { object: attachment.listenerSet.view.object, listeners: attachment.listenerSet.view.listeners, name: describeListenerSet(attachment.listenerSet.view) } : { object: attachment.gateway.object, listeners: attachment.gateway.listeners, name: describeGateway(attachment.gateway) };
  const selection = describeSelection(ref);
  const related = [{ at: { object: owner.object, path: ['spec', 'listeners'] }, message: `listeners of ${owner.name}` }];
  const base = { gateway: owner.name, selection, kind: route.kind, namespace: route.object.namespace };
  const refPath = ref.sectionName !== undefined ? [...ref.path, 'sectionName'] : ref.port !== undefined ? [...ref.path, 'port'] : [...ref.path, 'name'];
  if (listeners.length === 0) {
    const all = owner.listeners.map(describeListener).join(', ') || 'none';
    context.report({ messageId: 'noMatchingListener', data: { ...base, listeners: all }, at: { object: route.object, path: refPath }, related });
    return;
  }
  const verdicts = listeners.map((l) => l.verdict);
  if (verdicts.includes('accepted')) return;
  const listed = (pick: (l: ListenerView) => boolean) =>
    listeners
      .map((l) => l.listener)
      .filter(pick)
      .map(describeListener)
      .join(', ');
  const listenerRelated = listeners.slice(0, 5).map(({ listener }) => ({ at: { object: owner.object, path: listener.path }, message: `${describeListener(listener)} of ${owner.name}` }));
  if (verdicts.includes('assumedKind')) {
    const listener = listeners.find((l) => l.verdict === 'assumedKind')!.listener;
    context.report({ messageId: 'assumedTcpOnTls', data: { ...base, listeners: describeListener(listener) }, at: { object: route.object, path: refPath }, related: listenerRelated, severity: 'warning' });
    return;
  }
  if (verdicts.includes('assumed')) {
    const assumed = listeners.find((l) => l.verdict === 'assumed')!.listener;
    const data = { ...base, listeners: describeListener(assumed), selector: formatSelector(assumed.allowedRoutes.selector!) };
    context.report({ messageId: 'assumedNamespace', data, at: { object: route.object, path: refPath }, related: listenerRelated, severity: 'warning' });
    return;
  }
  if (verdicts.includes('hostname')) {
    const hostPath = route.hostnames[0]?.path ?? route.hostnamesPath;
    context.report({ messageId: 'noMatchingHostname', data: { ...base, listeners: listed(() => true) }, at: { object: route.object, path: hostPath }, related: listenerRelated });
    return;
  }
  if (verdicts.includes('namespace')) {
    const data = { ...base, listeners: listeners.map(({ listener }) => `${describeListener(listener)} admits ${admitted(listener)}`).join('; ') };
    context.report({ messageId: 'notAllowedNamespace', data, at: { object: route.object, path: refPath }, related: listenerRelated });
    return;
  }
  const data = { ...base, listeners: listeners.map(({ listener }) => `${describeListener(listener)} takes ${acceptedKinds(listener)}`).join('; ') };
  context.report({ messageId: 'notAllowedKind', data, at: { object: route.object, path: refPath }, related: listenerRelated });
}

function describeSelection(ref: ParentRefView): string {
  const parts = [ref.sectionName !== undefined ? `named "${ref.sectionName}"` : undefined, ref.port !== undefined ? `on port ${ref.port}` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(' and ') : '(any listener)';
}

function admitted(listener: ListenerView): string {
  const { from, selector } = listener.allowedRoutes;
  if (from === 'Same') return 'routes of its own namespace only (from: Same, the default)';
  if (from === 'Selector') return selector ? `namespaces selected by ${formatSelector(selector)}` : 'no namespace (from: Selector without a selector)';
  return `from: ${from}`;
}

function acceptedKinds(listener: ListenerView): string {
  const kinds = (['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'] as const).filter((kind) => listenerAcceptsKind(listener, kind));
  return kinds.length > 0 ? kinds.join(', ') : 'no route kind';
}

export default rule;
