/**
 * The message style every rule follows (docs/DEVELOPING.md "A rule"), checked on the templates:
 * a message starts lower-case (or with a quoted value or a placeholder), never contains the rule id
 * (formatters print it), and says what to do.
 *
 * "Says what to do" is checked by a heuristic: after a `;` or `:`, a clause starts with an imperative
 * verb of ACTION_VERBS (optionally after "or"), as in `...; set spec.ingressClassName` or `...: quote
 * it`. A template that is a single placeholder relays another component's text (the YAML parser's,
 * the schema validator's) and is exempt from that check.
 */
export const ACTION_VERBS = [
  'add', 'admit', 'allow', 'change', 'check', 'configure', 'copy', 'correct', 'create', 'declare', 'delete', 'fix', 'give',
  'label', 'leave', 'lint', 'list', 'make', 'mark', 'move', 'name', 'pick', 'point', 'prefer', 'quote', 'remove', 'rename',
  'replace', 'select', 'set', 'use', 'write',
] as const;

const ACTION_CLAUSE = new RegExp(`[;:]\\s+(?:or\\s+)?(?:${ACTION_VERBS.join('|')})\\b`);
const PASS_THROUGH = /^\{\{\s*\w+\s*\}\}$/;

/** What is wrong with a message template, by the style above; empty when nothing is. */
export function messageStyleProblems(ruleId: string, template: string): string[] {
  const problems: string[] = [];
  if (!/^([a-z"]|\{\{)/.test(template)) problems.push('it must start lower-case, with a quoted value or with a placeholder');
  if (template.includes(ruleId)) problems.push(`it must not contain the rule id "${ruleId}"`);
  if (!PASS_THROUGH.test(template) && !ACTION_CLAUSE.test(template)) {
    problems.push(`it must say what to do: a clause after ";" or ":" starting with one of ${ACTION_VERBS.join(', ')}`);
  }
  return problems;
}
