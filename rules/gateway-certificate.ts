import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { ListenerView } from '../src/model/kinds/gateway-api.ts';
import type { KubeObject } from '../src/model/types.ts';
import { describeListener, gatewayApiOf, targetNamespace } from '../src/semantics/gateway-api.ts';
import { quotedNamespaces } from '../src/semantics/describe.ts';

/** cert-manager's gateway-shim creates the certificate Secrets of a Gateway carrying one of these annotations (its listenerset shim those of a ListenerSet carrying one, or whose parent Gateway does: certificate-shim/listenerset inheritAnnotations). */
const CERT_MANAGER_ANNOTATIONS = ['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer'];

/** Flags HTTPS listeners (of Gateways and ListenerSets) without certificates, certificateRefs of kinds other than Secret, and certificate Secrets missing from the tree. */
export const rule: Rule = {
  meta: {
    id: 'gateway-certificate',
    severity: 'error',
    description: 'A Gateway or ListenerSet listener that terminates TLS must reference its certificate as a Secret of the tree (when the tree holds Secrets).',
    messages: {
      noTls:
        '{{listener}} terminates TLS but has no tls, so it has no certificate and the implementation refuses it; add tls.certificateRefs naming a Secret of type kubernetes.io/tls',
      kind: 'certificateRef of kind "{{kind}}" (group "{{group}}") is not a Secret, the only certificate kind of core support, so the listener\'s ResolvedRefs is False (InvalidCertificateRef) unless your implementation supports this kind; use a Secret (group "", kind Secret), or check that it does',
      missing:
        'certificate Secret "{{name}}" is not in namespace "{{namespace}}" in the linted files, which hold other Secrets, so this listener\'s ResolvedRefs is False (InvalidCertificateRef) and it serves no TLS; create the Secret (type kubernetes.io/tls), or correct the name',
      otherNamespace:
        'certificate Secret "{{name}}" is not in namespace "{{namespace}}" but only in {{others}}; set namespace on this certificateRef (with a ReferenceGrant there), or create the Secret in namespace "{{namespace}}"',
    },
    remediation:
      'Give every HTTPS listener (and TLS listener in Terminate mode) tls.certificateRefs naming a Secret of type kubernetes.io/tls, in the namespace of the Gateway (or ListenerSet) or, with a ReferenceGrant, in another; create the Secret, or let cert-manager create it (annotation cert-manager.io/issuer or cert-manager.io/cluster-issuer on the Gateway, or on the ListenerSet).',
  },
  check(context) {
    const index = gatewayApiOf(context.model);
    const secrets = context.model.secrets;
    // Without any Secret in the tree, certificates are evidently managed elsewhere (sealed, external, cert-manager).
    const names = secrets.length > 0 ? new Set(secrets.map((s) => `${s.namespace}/${s.name}`)) : undefined;
    context.each(index.gateways, (gateway) => checkListeners(context, gateway.object, gateway.listeners, names, certManaged(gateway.object)));
    // A ListenerSet's listeners take the certificates of their own tls, as a Gateway's do (ListenerEntry.tls);
    // cert-manager's listenerset shim reads the ListenerSet's issuer annotations, inheriting its parent Gateway's.
    context.each(index.listenerSets, (set) => {
      const parent = index.parentOf(set);
      checkListeners(context, set.object, set.listeners, names, certManaged(set.object) || (parent !== undefined && certManaged(parent.object)));
    });
  },
};

const certManaged = (object: KubeObject) => CERT_MANAGER_ANNOTATIONS.some((a) => object.annotations[a] !== undefined);

/** The certificates of the listeners of a Gateway or a ListenerSet (`object`), which certificateRefs without a namespace name in its namespace. */
function checkListeners(context: RuleContext, object: KubeObject, listeners: readonly ListenerView[], names: ReadonlySet<string> | undefined, managed: boolean): void {
  for (const listener of listeners) {
    // TLS without tls, and Terminate without certificateRefs, are the schema rule's findings (the CRD rejects them).
    if (listener.protocol === 'HTTPS' && !listener.tls) {
      context.report({ messageId: 'noTls', data: { listener: describeListener(listener) }, at: { object, path: [...listener.path, 'protocol'] } });
      continue;
    }
    if (!listener.tls || listener.tls.mode === 'Passthrough') continue;
    for (const ref of listener.tls.certificateRefs) {
      if (ref.name === undefined) continue;
      if (ref.group !== '' || ref.kind !== 'Secret') {
        context.report({ messageId: 'kind', data: { kind: ref.kind, group: ref.group }, at: { object, path: [...ref.path, ref.group !== '' ? 'group' : 'kind'] }, severity: 'warning' });
        continue;
      }
      const namespace = targetNamespace(ref, object.namespace);
      if (!names || managed || names.has(`${namespace}/${ref.name}`)) continue;
      const data = { name: ref.name, namespace };
      const at = { object, path: [...ref.path, 'name'] };
      const elsewhere = context.relations.secretsNamedElsewhere(namespace, ref.name);
      if (elsewhere.length === 0) context.report({ messageId: 'missing', data, at, severity: 'warning' });
      else {
        const related = elsewhere.slice(0, 5).map((s) => ({ at: { object: s, path: ['metadata', 'name'] }, message: `Secret "${s.name}" in namespace "${s.namespace}"` }));
        context.report({ messageId: 'otherNamespace', data: { ...data, others: quotedNamespaces(elsewhere.map((s) => s.namespace)) }, at, related, severity: 'warning' });
      }
    }
  }
}

export default rule;
