import type { Rule } from '../src/lint/types.ts';
import { asArray } from '../src/model/values.ts';
import { gatewayApiOf } from '../src/semantics/gateway-api.ts';

export interface GatewayClassOptions {
  /** GatewayClasses that exist in the cluster outside the linted files. */
  readonly classes?: readonly string[];
}

/** Flags Gateways whose gatewayClassName names no GatewayClass, when the tree declares GatewayClasses. */
export const rule: Rule<GatewayClassOptions> = {
  meta: {
    id: 'gateway-class',
    severity: 'warning',
    description: 'A Gateway must name a GatewayClass of the tree, when the tree declares GatewayClasses.',
    messages: {
      unknownClass:
        'gatewayClassName "{{name}}" is not declared by any GatewayClass of the linted files (declared: {{declared}}), so no controller may serve this Gateway; use a declared class, or list a class installed elsewhere in the rule option classes',
    },
    remediation:
      'Set spec.gatewayClassName to the name of a GatewayClass (cluster-scoped). Classes installed outside the linted files (by the implementation\'s Helm chart, or created by Istio and Cilium themselves) can be declared with the rule option `classes`.',
    optionsSchema: { type: 'object', properties: { classes: { type: 'array', items: { type: 'string' } } }, additionalProperties: false },
  },
  check(context) {
    const index = gatewayApiOf(context.model);
    // Without GatewayClasses in the tree, they are installed with the implementation: nothing to compare with.
    if (index.gatewayClasses.length === 0) return;
    const external = asArray(context.options.classes).filter((c): c is string => typeof c === 'string');
    const declared = new Set([...index.gatewayClasses.map((c) => c.object.name), ...external]);
    context.each(index.gateways, (gateway) => {
      if (gateway.className === undefined || declared.has(gateway.className)) return;
      const related = index.gatewayClasses.slice(0, 5).map((c) => ({ at: { object: c.object, path: ['metadata', 'name'] }, message: `GatewayClass "${c.object.name}"` }));
      const data = { name: gateway.className, declared: [...declared].map((name) => `"${name}"`).join(', ') };
      context.report({ messageId: 'unknownClass', data, at: { object: gateway.object, path: gateway.classNamePath }, related });
    });
  },
};

export default rule;
