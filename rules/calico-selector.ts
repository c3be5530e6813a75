import { locateInScalar } from '../src/model/locate.ts';
import type { Rule } from '../src/lint/types.ts';
import type { CalicoPolicy, CalicoSelectorText } from '../src/model/kinds/calico.ts';
import { CALICO_GLOBAL_NETWORK_POLICY_KIND, CALICO_NETWORK_POLICY_KIND } from '../src/model/kinds/calico.ts';
import { viewsOf } from '../src/model/kinds/define.ts';
import { isCalicoSelectorError } from '../src/semantics/calico-selector.ts';
import { calicoSelector } from '../src/semantics/calico.ts';

/** Every selector a Calico policy writes: the policy's own and those of its rules' source and destination. */
function selectorsOf(policy: CalicoPolicy): CalicoSelectorText[] {
  const out = [policy.selector, policy.namespaceSelector, policy.serviceAccountSelector];
  for (const rule of [...policy.ingress, ...policy.egress]) {
    for (const entity of [rule.source, rule.destination]) out.push(entity.selector, entity.notSelector, entity.namespaceSelector, entity.serviceAccountSelector);
  }
  return out.filter((s): s is CalicoSelectorText => s !== undefined);
}

/** Flags Calico selectors that Calico's parser rejects, at the character where reading stops. */
export const rule: Rule = {
  meta: {
    id: 'calico-selector',
    severity: 'error',
    description: "Selectors of Calico policies must be valid in Calico's selector syntax.",
    messages: {
      syntax: 'selector "{{selector}}" is not valid Calico selector syntax: {{problem}}; Calico rejects the policy: write it as, e.g., app == "web" && has(tier)',
    },
    remediation:
      'Use Calico\'s selector syntax: label == "value", label != "value", label in {"a", "b"}, label not in {...}, has(label), !has(label), all(), label contains/starts with/ends with "text", joined with && and || and grouped with parentheses. Quote every value; whitespace is spaces and tabs only (a block scalar adds a newline Calico rejects).',
    scope: 'document',
  },
  check(context) {
    const policies = [...viewsOf(context.model, CALICO_NETWORK_POLICY_KIND), ...viewsOf(context.model, CALICO_GLOBAL_NETWORK_POLICY_KIND)];
    context.each(policies, (policy) => {
      for (const selector of selectorsOf(policy)) {
        const parsed = calicoSelector(selector.text);
        if (!isCalicoSelectorError(parsed)) continue;
        // libcalico-go's tokenizer reads spaces and tabs only; a newline ends reading (selector.go).
        const shown = selector.text.length > 80 ? `${selector.text.slice(0, 77)}...` : selector.text;
        context.report({
          messageId: 'syntax',
          data: { selector: shown.replace(/\n/g, '\\n'), problem: `${parsed.error} at character ${parsed.offset + 1}` },
          at: locateInScalar({ object: policy.object, path: selector.path }, selector.text, parsed.offset, parsed.offset + 1),
        });
      }
    });
  },
};

export default rule;
