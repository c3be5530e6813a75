import type { Rule } from '../src/lint/types.ts';
import { DEFAULT_INGRESS_CLASS_ANNOTATION } from '../src/model/build.ts';
import { asArray, asString } from '../src/model/values.ts';

/** The deprecated annotation that named the class before networking.k8s.io/v1 `spec.ingressClassName`. */
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export interface IngressClassOptions {
  /** IngressClasses that exist in the cluster outside the linted files. */
  readonly classes?: readonly string[];
  /** The cluster's default IngressClass, when it is installed outside the linted files. */
  readonly defaultClass?: string;
}

/** Flags Ingresses that no controller will pick up: no class and no default, or an undeclared class. */
export const rule: Rule<IngressClassOptions> = {
  meta: {
    id: 'ingress-class',
    severity: 'warning',
    description: 'An Ingress must name a declared IngressClass, or rely on exactly one default IngressClass.',
    messages: {
      noClass:
        'this Ingress has no ingressClassName and no IngressClass in the linted files is the default, so no controller may serve it; set spec.ingressClassName',
      ambiguousDefault:
        'this Ingress has no ingressClassName and {{count}} IngressClasses are marked default ({{defaults}}), so the API server refuses to create it; set spec.ingressClassName',
      unknownClass:
        'ingress class "{{name}}" is not declared by any IngressClass (declared: {{declared}}), so no controller serves this Ingress; use a declared class, or list a class installed elsewhere in the rule option classes',
      annotationMismatch:
        'annotation {{annotation}}: "{{value}}" differs from spec.ingressClassName "{{name}}", which the API server rejects; remove the deprecated annotation',
      multipleDefaults:
        'is-default-class is set on IngressClass "{{name}}" and also on "{{first}}"; with two defaults, Ingresses without ingressClassName are refused: remove it from one of them',
    },
    remediation:
      'Set spec.ingressClassName to the name of an IngressClass, or mark exactly one IngressClass with ingressclass.kubernetes.io/is-default-class: "true". Classes installed outside the linted files can be declared with the rule options `classes` and `defaultClass`.',
    optionsSchema: {
      type: 'object',
      properties: { classes: { type: 'array', items: { type: 'string' } }, defaultClass: { type: 'string' } },
      additionalProperties: false,
    },
  },
  check(context) {
    const { ingressClasses, ingresses } = context.model;
    const external = asArray(context.options.classes).filter((c): c is string => typeof c === 'string');
    const externalDefault = asString(context.options.defaultClass);
    const defaults = ingressClasses.filter((c) => c.isDefault);
    const defaultPath = ['metadata', 'annotations', DEFAULT_INGRESS_CLASS_ANNOTATION];
    context.each(defaults.slice(1), (ingressClass) => {
      const first = defaults[0]!.object;
      context.report({
        messageId: 'multipleDefaults',
        data: { name: ingressClass.object.name, first: first.name },
        at: { object: ingressClass.object, path: defaultPath },
        related: [{ at: { object: first, path: defaultPath }, message: `IngressClass "${first.name}" is also marked default` }],
      });
    });
    const declared = new Set([...ingressClasses.map((c) => c.object.name), ...external, ...(externalDefault ? [externalDefault] : [])]);
    context.each(ingresses, (ingress) => {
      const { object, className } = ingress;
      if (className === undefined) {
        if (defaults.length > 1) {
          const names = defaults.map((c) => `"${c.object.name}"`).join(', ');
          context.report({ messageId: 'ambiguousDefault', data: { count: defaults.length, defaults: names }, at: { object, path: ['spec', 'ingressClassName'] } });
        } else if (defaults.length === 0 && !externalDefault) {
          context.report({ messageId: 'noClass', at: { object, path: ['spec', 'ingressClassName'] } });
        }
        return;
      }
      const fieldName = ingress.classNameField;
      const annotation = object.annotations[LEGACY_CLASS_ANNOTATION];
      const annotationPath = ['metadata', 'annotations', LEGACY_CLASS_ANNOTATION];
      if (fieldName !== undefined && annotation !== undefined && annotation !== fieldName) {
        // networking/v1 ValidateIngressCreate: the annotation must match ingressClassName when both are set.
        const data = { annotation: LEGACY_CLASS_ANNOTATION, value: annotation, name: fieldName };
        context.report({ messageId: 'annotationMismatch', data, at: { object, path: annotationPath } });
      }
      // Without any IngressClass to compare with, an unknown name cannot be told from one installed elsewhere.
      if (declared.size === 0 || declared.has(className)) return;
      context.report({
        messageId: 'unknownClass',
        data: { name: className, declared: [...declared].sort().map((n) => `"${n}"`).join(', ') },
        at: { object, path: fieldName !== undefined ? ['spec', 'ingressClassName'] : annotationPath },
        related: ingressClasses.slice(0, 5).map((c) => ({ at: { object: c.object, path: ['metadata', 'name'] }, message: `IngressClass "${c.object.name}"` })),
      });
    });
  },
};

export default rule;
