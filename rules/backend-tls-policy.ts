import type { Rule } from '../src/lint/types.ts';
import { BACKEND_TLS_POLICY_KIND, type BackendTlsPolicyView, type LocalRefView } from '../src/model/kinds/gateway-api.ts';
import { viewsOf } from '../src/model/kinds/define.ts';

/** Flags BackendTLSPolicies whose targets or CA certificates do not resolve, and two policies on one target. */
export const rule: Rule = {
  meta: {
    id: 'backend-tls-policy',
    severity: 'error',
    description: 'A BackendTLSPolicy must target a Service (and port) of its namespace, name its CA certificates as ConfigMaps of the tree (when it holds ConfigMaps), and be the only policy on its target.',
    messages: {
      targetMissing:
        'target Service "{{name}}" is not in namespace "{{namespace}}" in the linted files, so this policy applies to nothing (Accepted False, TargetNotFound); correct the name, or add the Service',
      targetKind:
        'target kind "{{kind}}" of group "{{group}}" is not a Service, the only target of core support, so this policy likely applies to nothing; point it at a Service (group "", kind Service), or check that your implementation supports this kind',
      sectionMissing:
        'sectionName "{{section}}" names no port of Service "{{name}}" (its port names: {{ports}}), so this policy applies to nothing; use the name of one of its ports, or leave sectionName out to cover every port',
      caKind:
        'caCertificateRef kind "{{kind}}" of group "{{group}}" is not a ConfigMap, the only kind of core support, so the policy\'s ResolvedRefs is False (InvalidKind) unless your implementation supports it; use a ConfigMap with the certificate in key ca.crt, or check that it does',
      caMissing:
        'caCertificateRef ConfigMap "{{name}}" is not in namespace "{{namespace}}" in the linted files, which hold other ConfigMaps, so the policy\'s ResolvedRefs is False (InvalidCACertificateRef) and connections to the backend fail; create the ConfigMap (key ca.crt), or correct the name',
      conflict:
        'policy "{{other}}" already targets {{target}}; of two policies on one target only the older applies (the other is Accepted False, Conflicted), which the manifests cannot tell: remove one, or target different ports with sectionName',
    },
    remediation:
      'Target a Service of the policy\'s namespace in spec.targetRefs (group "", kind Service, and the name of one of its ports in sectionName to narrow it), name the CA certificates in spec.validation.caCertificateRefs as ConfigMaps (key ca.crt) of that namespace, and keep one policy per Service port.',
  },
  check(context) {
    const policies = viewsOf(context.model, BACKEND_TLS_POLICY_KIND);
    const configMaps = new Set(context.model.configMaps.map((c) => `${c.object.namespace}/${c.object.name}`));
    const claimed = new Map<string, { policy: BackendTlsPolicyView; ref: LocalRefView; section: string }[]>();
    context.each(policies, (policy) => {
      const { object } = policy;
      const namespace = object.namespace;
      for (const ref of policy.targetRefs) {
        if (ref.name === undefined) continue;
        if (ref.group !== '' || ref.kind !== 'Service') {
          context.report({ messageId: 'targetKind', data: { kind: ref.kind, group: ref.group }, at: { object, path: [...ref.path, ref.group !== '' ? 'group' : 'kind'] }, severity: 'warning' });
          continue;
        }
        const service = context.relations.service(namespace, ref.name);
        if (!service) {
          // Operators create Services the manifests do not show (see route-backend-ref): then not certain.
          const creators = context.relations.serviceCreatorsIn(namespace).filter((c) => c.kind !== 'Gateway');
          context.report({ messageId: 'targetMissing', data: { name: ref.name, namespace }, at: { object, path: [...ref.path, 'name'] }, ...(creators.length > 0 ? { severity: 'warning' as const } : {}) });
          continue;
        }
        if (ref.sectionName !== undefined && !service.ports.some((p) => p.name === ref.sectionName)) {
          const ports = service.ports.flatMap((p) => (p.name ? [`"${p.name}"`] : [])).join(', ') || 'none';
          context.report({ messageId: 'sectionMissing', data: { section: ref.sectionName, name: ref.name, ports }, at: { object, path: [...ref.path, 'sectionName'] } });
          continue;
        }
        // A policy on the whole Service overlaps one on any of its ports.
        const key = `${namespace}/${ref.name}`;
        const section = ref.sectionName ?? '*';
        const others = claimed.get(key) ?? [];
        const earlier = others.find((c) => c.policy.object.name !== object.name && (c.section === '*' || section === '*' || c.section === section));
        if (earlier) {
          const target = `Service "${ref.name}"${ref.sectionName ? ` port "${ref.sectionName}"` : ''}`;
          const related = [{ at: { object: earlier.policy.object, path: earlier.ref.path }, message: `BackendTLSPolicy "${earlier.policy.object.name}" targets it too` }];
          context.report({ messageId: 'conflict', data: { other: earlier.policy.object.name, target }, at: { object, path: ref.path }, related, severity: 'warning' });
        }
        claimed.set(key, [...others, { policy, ref, section }]);
      }
      for (const ref of policy.caCertificateRefs) {
        if (ref.name === undefined) continue;
        if (ref.group !== '' || ref.kind !== 'ConfigMap') {
          context.report({ messageId: 'caKind', data: { kind: ref.kind, group: ref.group }, at: { object, path: [...ref.path, ref.group !== '' ? 'group' : 'kind'] }, severity: 'warning' });
          continue;
        }
        if (configMaps.size > 0 && !configMaps.has(`${namespace}/${ref.name}`)) {
          context.report({ messageId: 'caMissing', data: { name: ref.name, namespace }, at: { object, path: [...ref.path, 'name'] }, severity: 'warning' });
        }
      }
    });
  },
};

export default rule;
