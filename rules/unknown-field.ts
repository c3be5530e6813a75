import type { Rule } from '../src/lint/types.ts';
import { unknownFieldsOf, type Consequence } from '../src/semantics/unknown-fields.ts';

/**
 * Flags fields the API server does not know (src/semantics/unknown-fields.ts): kubectl rejects the
 * manifest, and clients that only warn drop the field, which may widen a policy. Reads the object as
 * written (`object.raw`): a field no view reads is this rule's job.
 */
export const rule: Rule = {
  meta: {
    id: 'unknown-field',
    severity: 'warning',
    scope: 'document',
    description: 'A field the API server does not know: kubectl rejects the manifest, other clients drop the field, which can widen a policy.',
    messages: {
      unknown:
        '{{kind}} has no field "{{field}}" in {{where}}{{suggestion}} (per {{source}}): kubectl rejects this manifest (strict field validation), and clients that only warn (Helm, server-side apply, controllers) drop the field{{consequence}}; correct or remove it, or list it in this rule\'s option knownFields if a newer version has it',
    },
    remediation:
      'Spell the field as the API defines it (the suggestion names the closest known field), or move it where it belongs. A field of a Kubernetes version newer than the one named in the message can be declared known in the config: rules: {unknown-field: {options: {knownFields: ["Service.spec.someNewField"]}}}.',
    optionsSchema: {
      type: 'object',
      properties: { knownFields: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z]+\\.' }, description: 'Fields to treat as known: the kind, then the field path without list indices (Service.spec.trafficDistribution).' } },
      additionalProperties: false,
    },
  },
  check(context) {
    const extra = new Set((Array.isArray(context.options.knownFields) ? context.options.knownFields : []).filter((f): f is string => typeof f === 'string'));
    context.each(context.model.objects, (object) => {
      // The model's known fields come from this option in the config (ClusterSettings.knownFields); both count.
      for (const found of unknownFieldsOf(object, object.knownFields ? new Set([...object.knownFields, ...extra]) : extra)) {
        context.report({
          messageId: 'unknown',
          data: {
            kind: object.kind,
            field: found.field,
            where: found.where,
            suggestion: found.suggestion ? ` (did you mean "${found.suggestion}"?)` : '',
            source: found.source,
            consequence: found.consequence ? `, ${consequenceText(found.consequence)}` : '',
          },
          at: { object, path: found.path, key: true },
          // Dropping a field that changes nothing the tool can name is still rejected by kubectl; what
          // widens a policy or moves a port is the warning, the rest is info.
          ...(found.consequence ? {} : { severity: 'info' as const }),
        });
      }
    });
  },
};

/** What a rule without ports does, by its action (NetworkPolicy rules allow). */
const RULE_EFFECT: Readonly<Record<string, string>> = {
  Allow: 'allows every port and protocol',
  Accept: 'allows every port and protocol',
  Deny: 'denies every port and protocol',
  Pass: 'passes every port and protocol on to the next tier',
};

/** What the object means without the field, as a clause. */
export function consequenceText(consequence: Consequence): string {
  switch (consequence.kind) {
    case 'selectorEmpty':
      return `and then this selector, left empty, selects every ${consequence.selects}`;
    case 'peerAllPodsOfNamespaces':
      return 'and then this peer, left with its namespaceSelector alone, admits every pod of the namespaces it selects';
    case 'rulePeersAll':
      return `and then this rule admits every ${consequence.direction === 'ingress' ? 'source' : 'destination'}, in and outside the cluster`;
    case 'rulePortsAll':
      return `and then this rule ${RULE_EFFECT[consequence.action ?? 'Allow'] ?? `(action ${consequence.action}) applies to every port and protocol`}`;
    case 'policySelectsAll':
      return 'and then this policy\'s selector is empty: it selects every pod (every endpoint, for a cluster-wide policy) in its scope';
    case 'entityAll':
      return 'and then this source or destination matches every endpoint and address';
    case 'routeMatchesAll':
      return 'and then this rule matches every request (a path prefix of /)';
    case 'routeEveryHostname':
      return 'and then this route takes every hostname of the listeners it attaches to';
    case 'portAllOfProtocol':
      return 'and then this entry allows every port of its protocol';
    case 'matchCriterionIgnored':
      return `and then this match ignores ${consequence.criterion === 'path' ? 'the path (the default is a path prefix of /)' : `the ${consequence.criterion} it tests`}: it matches every request its other criteria match`;
    case 'listenerEveryHostname':
      return 'and then this listener takes every hostname: the routes attached to it serve requests for any host';
    case 'parentEveryListener':
      return 'and then this route attaches to every listener of its parent that admits it, not to one section';
    case 'grantEveryResource':
      return `and then this entry grants references to every ${consequence.resource} of the namespace, not to one`;
    case 'targetPortDefaults':
      return `and then the targetPort defaults to the port (${consequence.port})`;
  }
}

export default rule;
