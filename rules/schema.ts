import type { Rule } from '../src/lint/types.ts';
import { validateAgainst } from '../src/schema/validate.ts';
import { plainScalarAt } from '../src/source/plain-scalar.ts';
import { kindModuleOf, suggestedApiVersion } from '../src/model/kinds/index.ts';

/** Validates every modelled object against its kind's schema in schemas/kubernetes/ and reports each violation at its field. */
export const rule: Rule = {
  meta: {
    id: 'schema',
    severity: 'error',
    scope: 'document',
    description: 'Fields the tool reads must have the types and values the Kubernetes API server accepts.',
    messages: {
      invalid: '{{problem}}',
      apiVersion:
        'apiVersion "{{found}}" of {{kind}} is not served by {{servedBy}}; use "{{expected}}" (its fields were not validated, as they differ between versions)',
      noApiVersion:
        'this {{kind}} has no apiVersion, so kubectl rejects it ("apiVersion not set") and it was not analysed; add apiVersion: {{expected}}',
      noApiVersionUnknown:
        'this {{kind}} has no apiVersion, so kubectl rejects it ("apiVersion not set") and it was not analysed; add the apiVersion (group/version) of the API that serves {{kind}}',
      noKind:
        'this object of apiVersion "{{apiVersion}}" has no kind, so kubectl rejects it ("kind not set") and it was not analysed; add its kind (Service, Deployment, ...)',
      kindNotString:
        'kind {{value}} is not a kind name, so kubectl rejects the object (a kind is a string) and it was not analysed; write its kind (Service, Deployment, ...)',
      kindCase:
        'kind "{{kind}}" is not served by Kubernetes: kinds are case-sensitive, so kubectl finds no match for it and rejects the object, and it was not analysed; write kind: {{expected}}',
    },
    remediation:
      'Correct the field as the message says: the API server would reject the object. Port numbers are 1-65535, protocols TCP, UDP or SCTP, names lower-case DNS names, port names IANA service names (at most 15 characters).',
  },
  check(context) {
    // Not objects of the model: reported at the key that is written, where the other one belongs.
    for (const { doc, path, kind, apiVersion, kindAs, kindValue } of context.model.incompleteObjects) {
      if (kindValue !== undefined) {
        context.report({ messageId: 'kindNotString', data: { value: kindValue }, at: { doc, path: [...path, 'kind'] } });
      } else if (kind !== undefined && kindAs !== undefined) {
        context.report({ messageId: 'kindCase', data: { kind, expected: kindAs }, at: { doc, path: [...path, 'kind'] } });
      } else if (kind !== undefined) {
        const expected = kind === 'List' ? 'v1' : suggestedApiVersion(kind);
        const at = { doc, path: [...path, 'kind'], key: true };
        if (expected) context.report({ messageId: 'noApiVersion', data: { kind, expected }, at });
        else context.report({ messageId: 'noApiVersionUnknown', data: { kind }, at });
      } else if (apiVersion !== undefined) {
        context.report({ messageId: 'noKind', data: { apiVersion }, at: { doc, path: [...path, 'apiVersion'], key: true } });
      }
    }
    context.each(context.model.objects, (object) => {
      // A custom resource read as a workload (Knative's Service) is not the built-in kind of its name: no module.
      const module = kindModuleOf(object.kind, object.apiVersion);
      const schema = module?.schema;
      if (!module || !schema) return;
      // An item of a typed list (PodList) takes its apiVersion from the list: validated as if written, reported where the list writes it.
      // Reads the object as written, not its typed view: validating what was written is this rule's job.
      const raw = object.listPath ? { ...object.raw, apiVersion: object.apiVersion } : object.raw;
      // A field written as null is unset to the API server (`matchLabels:` with no value), never a type error.
      const problems = validateAgainst(schema, raw, { nullIsUnset: true, referenced: module.referencedSchemas ?? [], textOf: (path) => plainScalarAt(object.doc, [...object.path, ...path])?.text });
      if (problems.some((p) => p.path.length === 1 && p.path[0] === 'apiVersion')) {
        const data = { kind: object.kind, found: object.apiVersion, servedBy: module.servedBy ?? 'current Kubernetes', expected: schema.properties.apiVersion.enum.join('" or "') };
        const at = object.listPath ? { doc: object.doc, path: [...object.listPath, 'apiVersion'] } : { object, path: ['apiVersion'] };
        context.report({ messageId: 'apiVersion', data, at });
        return;
      }
      for (const problem of problems) {
        context.report({ messageId: 'invalid', data: { problem: problem.message }, at: { object, path: problem.path, key: problem.key } });
      }
    });
  },
};

export default rule;
