import type { LabelSelector, LabelSelectorRequirement } from '../model/types.ts';

/**
 * Parses kubectl's label selector syntax (`-l`): comma-separated requirements `key=value`,
 * `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key` (exists), `!key` (does not
 * exist). `!=` becomes NotIn, which (as in Kubernetes) also matches objects without the key. The empty
 * string selects everything. Returns an error message for malformed input.
 */
export function parseSelector(text: string): LabelSelector | { readonly error: string } {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const part of splitRequirements(text)) {
    const term = part.trim();
    if (term === '') {
      if (text.trim() === '') continue;
      return { error: `empty requirement in selector "${text}"` };
    }
    const set = /^([^\s=!(),]+)\s+(in|notin)\s+\(([^()]*)\)$/.exec(term);
    if (set) {
      const values = set[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '');
      matchExpressions.push({ key: set[1]!, operator: set[2] === 'in' ? 'In' : 'NotIn', values });
      continue;
    }
    const comparison = /^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(term);
    if (comparison) {
      const [, key, operator, value] = comparison as unknown as [string, string, string, string];
      if (operator === '!=') matchExpressions.push({ key, operator: 'NotIn', values: [value] });
      else if (key in matchLabels && matchLabels[key] !== value) return { error: `"${key}" cannot equal both "${matchLabels[key]}" and "${value}"` };
      else matchLabels[key] = value;
      continue;
    }
    const exists = /^(!?)\s*([^\s=!(),]+)$/.exec(term);
    if (exists) {
      matchExpressions.push({ key: exists[2]!, operator: exists[1] ? 'DoesNotExist' : 'Exists', values: [] });
      continue;
    }
    return { error: `cannot read "${term}" in selector "${text}"; use key=value, key!=value, key in (a,b), key notin (a,b), key or !key` };
  }
  return { matchLabels, matchExpressions };
}

/** Splits at commas outside parentheses. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}
