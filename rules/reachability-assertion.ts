import type { Rule } from '../src/lint/types.ts';
import { evaluateAssertions } from '../src/semantics/assertions.ts';
import { decidingRelated, verdictDoubt } from '../src/semantics/describe-verdict.ts';

/** Reports the reachability assertions of the config file that do not hold, at their line in the config. */
export const rule: Rule = {
  meta: {
    id: 'reachability-assertion',
    severity: 'error',
    unevaluatedPolicies: { allowFailed: 'warning', denyFailed: 'warning' },
    description: 'Reachability assertions declared in .kube-netlint.yaml (assertions:) must hold for the NetworkPolicies of the tree.',
    messages: {
      allowFailed: 'assertion "{{name}}" fails: {{detail}}, but it expects allow; change the policies (or the assertion, if the policies are right)',
      denyFailed: 'assertion "{{name}}" fails: {{detail}}, but it expects deny; change the policies (or the assertion, if the policies are right)',
      unresolved: 'assertion "{{name}}" cannot be checked: {{detail}}; fix the assertion so that it names workloads of the tree',
    },
    remediation:
      'Make the policies allow (or deny) what the assertion states: `kube-netlint explain FROM TO --port N` shows which policies and rules decide. If the intent changed, update the assertion.',
  },
  check(context) {
    const source = context.config.source;
    // Assertions come from the config file; without one there is nowhere to point.
    if (!source) return;
    for (const result of evaluateAssertions(context.model, context.config)) {
      if (result.status === 'pass') continue;
      const path = ['assertions', result.assertion.index, ...(result.field ? [result.field] : [])];
      const messageId = result.status === 'error' ? 'unresolved' : result.assertion.expect === 'allow' ? 'allowFailed' : 'denyFailed';
      // For a denied pair: the isolating policies of each refusing side; for an allowed pair: the rules that allow it.
      const c = result.counterexample;
      const related = c ? decidingRelated(c.verdict, { source: c.from, destination: c.to }) : [];
      // A counterexample that a peer not evaluated may turn around is no certain failure.
      const doubt = c ? (verdictDoubt(c.verdict) ?? (result.assumption ? `not certain: ${result.assumption}` : undefined)) : undefined;
      context.report({ messageId, data: { name: result.assertion.name, detail: result.detail }, at: { doc: source.doc, path, key: result.field !== undefined }, related, ...(doubt ? { doubt } : {}) });
    }
  },
};

export default rule;
