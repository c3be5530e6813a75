import type { Rule } from '../src/lint/types.ts';
import { GATEWAY_API_GROUP, ROUTE_KINDS, type ReferenceGrantView } from '../src/model/kinds/gateway-api.ts';
import { crossReferences, gatewayApiOf, grantPermits, permittingGrant, type CrossReference } from '../src/semantics/gateway-api.ts';

/** The referrer and referent kinds whose references the model reads (route backendRefs to Services, Gateway and ListenerSet certificateRefs to Secrets). */
function readReference(fromGroup: string, fromKind: string, toGroup: string, toKind: string): boolean {
  if (fromGroup !== GATEWAY_API_GROUP || toGroup !== '') return false;
  if (fromKind === 'Gateway' || fromKind === 'ListenerSet') return toKind === 'Secret';
  return (ROUTE_KINDS as readonly string[]).includes(fromKind) && toKind === 'Service';
}

const describeGroup = (group: string) => (group === '' ? '""' : group);

/** Flags cross-namespace references no ReferenceGrant permits, and ReferenceGrants that permit no reference of the tree. */
export const rule: Rule = {
  meta: {
    id: 'reference-grant',
    severity: 'error',
    description: 'A cross-namespace backendRef or certificateRef needs a ReferenceGrant in the target namespace that permits exactly it; a grant should permit some reference.',
    messages: {
      notPermitted:
        'no ReferenceGrant in namespace "{{namespace}}" permits {{fromKind}} of namespace "{{fromNamespace}}" to reference {{toKind}} "{{name}}" there, so this reference is refused (ResolvedRefs False, RefNotPermitted){{near}}; add a ReferenceGrant in namespace "{{namespace}}" with from {group: {{fromGroup}}, kind: {{fromKind}}, namespace: {{fromNamespace}}} and to {group: {{toGroup}}, kind: {{toKind}}, name: {{name}}}',
      notPermittedElsewhere:
        'no ReferenceGrant in namespace "{{namespace}}" permitting {{fromKind}} of namespace "{{fromNamespace}}" to reference {{toKind}} "{{name}}" is in the linted files, which hold nothing of that namespace; unless one is defined elsewhere, this reference is refused (RefNotPermitted): lint the grant together with this object, or add one',
      unused:
        'this ReferenceGrant permits no reference of the linted files ({{what}}), so it grants nothing here; correct its from and to to the references that need it, or remove it',
      unusedElsewhere:
        'this ReferenceGrant permits no reference of the linted files ({{what}}); the objects it is meant for may be defined elsewhere, or be of kinds kube-netlint does not read: check that something uses it, or remove it',
    },
    remediation:
      'Create the ReferenceGrant in the namespace of the referenced Service or Secret, with a `from` entry naming the referring kind (HTTPRoute, Gateway, ...), its group gateway.networking.k8s.io and its namespace, and a `to` entry naming the referenced group ("" for core), kind and (optionally) name.',
  },
  check(context) {
    const index = gatewayApiOf(context.model);
    const references = crossReferences(index);
    context.each(references, ({ reference, object, path }) => {
      if (!readReference(reference.from.group, reference.from.kind, reference.to.group, reference.to.kind)) return;
      if (permittingGrant(index, reference)) return;
      const { from, to } = reference;
      const data = { namespace: to.namespace, fromKind: from.kind, fromNamespace: from.namespace, fromGroup: from.group, toKind: to.kind, toGroup: describeGroup(to.group), name: to.name };
      const at = { object, path: [...path, 'namespace'] };
      const grants = index.grantsIn(to.namespace);
      if (grants.length === 0 && !context.relations.holdsNamespace(to.namespace)) {
        context.report({ messageId: 'notPermittedElsewhere', data, at, severity: 'warning' });
        return;
      }
      const near = grants.map((grant) => ({ grant, miss: nearMiss(grant, reference) }));
      const nearText = near.length > 0 ? ` (${near.slice(0, 2).map(({ grant, miss }) => `ReferenceGrant "${grant.object.name}" ${miss}`).join('; ')})` : '';
      const related = near.slice(0, 5).map(({ grant, miss }) => ({ at: { object: grant.object, path: ['spec'] }, message: `ReferenceGrant "${grant.object.name}" ${miss}` }));
      context.report({ messageId: 'notPermitted', data: { ...data, near: nearText }, at, related });
    });
    context.each(index.grants, (grant) => {
      if (references.some(({ reference }) => grantPermits(grant, reference))) return;
      const what = `from ${grant.from.map((f) => `${f.kind} of "${f.namespace ?? ''}"`).join(', ') || 'nothing'} to ${grant.to.map((t) => (t.name ? `${t.kind} "${t.name}"` : `every ${t.kind}`)).join(', ') || 'nothing'}`;
      const at = { object: grant.object, path: ['metadata', 'name'] };
      // Certain only when every pair it grants is one the model reads and the referrers' namespaces are in the tree.
      const read = grant.from.every((f) => grant.to.every((t) => readReference(f.group, f.kind, t.group, t.kind)));
      const held = grant.from.every((f) => f.namespace !== undefined && context.relations.holdsNamespace(f.namespace));
      if (read && held) context.report({ messageId: 'unused', data: { what }, at, severity: 'warning' });
      else context.report({ messageId: 'unusedElsewhere', data: { what }, at, severity: 'info' });
    });
  },
};

/** What keeps a grant of the target namespace from permitting a reference, for the message. */
function nearMiss(grant: ReferenceGrantView, { from, to }: CrossReference): string {
  const fromMatch = grant.from.find((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace);
  if (!fromMatch) {
    const listed = grant.from.map((f) => `${f.kind} (group ${describeGroup(f.group)}) of "${f.namespace ?? ''}"`).join(', ');
    return `permits references from ${listed || 'nothing'} only`;
  }
  const listed = grant.to.map((t) => `${t.kind} (group ${describeGroup(t.group)})${t.name ? ` "${t.name}"` : ''}`).join(', ');
  return `permits references to ${listed || 'nothing'} only`;
}

export default rule;
