/**
 * A label set that a selector selects: the concrete pod (or namespace) that stands for a selector in
 * exposure analysis (`reach --exposure`, `explain '[namespace with env=prod]/[pod with app=web]'`).
 * Pure. The answer is always checked against the selector's own matcher (selector.ts,
 * calico-selector.ts), so a wrong guess can only mean "no witness found", never a wrong witness.
 */
import type { LabelSelector } from '../model/types.ts';
import { matchesCalico, type CalicoExpr } from './calico-selector.ts';
import { matchesSelector, type Labels } from './selector.ts';

/** One condition on one label key, the literals both selector languages reduce to. */
type Literal =
  | { readonly key: string; readonly op: 'has' | 'absent' }
  | { readonly key: string; readonly op: 'in' | 'notIn'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'contains' | 'starts' | 'ends'; readonly value: string; readonly negated: boolean };

/** A value no selector of a real tree is likely to name, for `Exists`/`has()` keys without a fixed value. */
const FREE_VALUE = 'any';

/** The value a key takes under a conjunction of literals on it, or null when it must be absent, or undefined when they contradict. */
function valueFor(literals: readonly Literal[]): string | null | undefined {
  let allowed: string[] | undefined;
  const forbidden = new Set<string>();
  let present = false;
  let absent = false;
  const affixes: { op: 'contains' | 'starts' | 'ends'; value: string }[] = [];
  const negatedAffixes: { op: 'contains' | 'starts' | 'ends'; value: string }[] = [];
  for (const literal of literals) {
    switch (literal.op) {
      case 'has':
        present = true;
        break;
      case 'absent':
        absent = true;
        break;
      case 'in':
        present = true;
        allowed = allowed ? allowed.filter((v) => literal.values.includes(v)) : [...literal.values];
        break;
      case 'notIn':
        for (const v of literal.values) forbidden.add(v);
        break;
      default:
        if (literal.negated) negatedAffixes.push(literal);
        else {
          present = true;
          affixes.push(literal);
        }
    }
  }
  if (absent) return present ? undefined : null;
  // Not required: leaving the key out satisfies notIn and negated affixes ("!=" matches an absent label).
  if (!present) return null;
  const fits = (v: string) =>
    !forbidden.has(v) &&
    affixes.every((a) => (a.op === 'contains' ? v.includes(a.value) : a.op === 'starts' ? v.startsWith(a.value) : v.endsWith(a.value))) &&
    negatedAffixes.every((a) => !(a.op === 'contains' ? v.includes(a.value) : a.op === 'starts' ? v.startsWith(a.value) : v.endsWith(a.value)));
  const starts = affixes.filter((a) => a.op === 'starts').map((a) => a.value);
  const ends = affixes.filter((a) => a.op === 'ends').map((a) => a.value);
  const contains = affixes.filter((a) => a.op === 'contains').map((a) => a.value);
  const built = `${starts.sort((a, b) => b.length - a.length)[0] ?? ''}${contains.join('')}${ends.sort((a, b) => b.length - a.length)[0] ?? ''}`;
  const candidates = allowed ?? [built || FREE_VALUE, `${built}${FREE_VALUE}`, `${FREE_VALUE}${built}`, `${FREE_VALUE}-1`, `${FREE_VALUE}-2`];
  return candidates.find(fits);
}

/** A label set satisfying every literal of a conjunction, if one is found. */
function solve(conjunction: readonly Literal[]): Labels | undefined {
  const byKey = new Map<string, Literal[]>();
  for (const literal of conjunction) {
    const list = byKey.get(literal.key);
    if (list) list.push(literal);
    else byKey.set(literal.key, [literal]);
  }
  const out: Record<string, string> = {};
  for (const [key, literals] of byKey) {
    const value = valueFor(literals);
    if (value === undefined) return undefined;
    if (value !== null) out[key] = value;
  }
  return out;
}

function selectorLiterals(selector: LabelSelector): Literal[] {
  const out: Literal[] = Object.entries(selector.matchLabels).map(([key, value]) => ({ key, op: 'in', values: [value] }));
  for (const r of selector.matchExpressions) {
    if (r.operator === 'In') out.push({ key: r.key, op: 'in', values: r.values });
    else if (r.operator === 'NotIn') out.push({ key: r.key, op: 'notIn', values: r.values });
    else if (r.operator === 'Exists') out.push({ key: r.key, op: 'has' });
    else if (r.operator === 'DoesNotExist') out.push({ key: r.key, op: 'absent' });
    // An unknown operator matches nothing: the check below refuses every witness.
  }
  return out;
}

/** Labels a metav1.LabelSelector selects (the fewest it needs), or undefined when none can satisfy it. */
export function selectorWitness(selector: LabelSelector): Labels | undefined {
  if (selector.invalid) return undefined;
  const labels = solve(selectorLiterals(selector));
  return labels && matchesSelector(selector, labels) ? labels : undefined;
}

/** At most this many conjunctions of a Calico expression's disjunctive form are tried. */
const MAX_CONJUNCTIONS = 256;

/** The disjunctive normal form of an expression (negation pushed to literals), cut at MAX_CONJUNCTIONS; `global()` is true. */
function dnf(expr: CalicoExpr, negated: boolean): Literal[][] {
  const literal = (l: Literal): Literal[][] => [[l]];
  switch (expr.op) {
    case 'all':
    case 'global':
      return negated ? [] : [[]];
    case 'has':
      return literal({ key: expr.label, op: negated ? 'absent' : 'has' });
    case '==':
      return literal({ key: expr.label, op: negated ? 'notIn' : 'in', values: [expr.value] });
    case '!=':
      return literal({ key: expr.label, op: negated ? 'in' : 'notIn', values: [expr.value] });
    case 'in':
      return literal({ key: expr.label, op: negated ? 'notIn' : 'in', values: expr.values });
    case 'not in':
      return literal({ key: expr.label, op: negated ? 'in' : 'notIn', values: expr.values });
    case 'contains':
    case 'starts with':
    case 'ends with': {
      const op = expr.op === 'contains' ? 'contains' : expr.op === 'starts with' ? 'starts' : 'ends';
      // A negated affix also holds when the label is absent ("!(a contains 'x')").
      return negated ? [[{ key: expr.label, op: 'absent' }], [{ key: expr.label, op, value: expr.value, negated: true }]] : literal({ key: expr.label, op, value: expr.value, negated: false });
    }
    case 'not':
      return dnf(expr.expr, !negated);
    case 'and':
    case 'or': {
      const union = (expr.op === 'or') !== negated;
      const parts = expr.exprs.map((e) => dnf(e, negated));
      if (union) return parts.flat().slice(0, MAX_CONJUNCTIONS);
      let product: Literal[][] = [[]];
      for (const part of parts) {
        const next: Literal[][] = [];
        for (const a of product) for (const b of part) if (next.length < MAX_CONJUNCTIONS) next.push([...a, ...b]);
        product = next;
      }
      return product;
    }
  }
}

/** Labels a Calico selector expression selects, or undefined when none is found (checked with `matchesCalico`). */
export function calicoWitness(expr: CalicoExpr, fixed: Labels = {}): Labels | undefined {
  for (const conjunction of dnf(expr, false)) {
    const labels = solve(conjunction);
    if (!labels) continue;
    const withFixed = { ...labels, ...fixed };
    if (matchesCalico(expr, withFixed)) return labels;
  }
  return undefined;
}

/** A change to a label set: labels to set, keys to remove. */
export interface LabelPatch {
  readonly set: Labels;
  readonly unset: readonly string[];
}

/** `labels` with a patch applied. */
export function applyPatch(labels: Labels, patch: LabelPatch): Labels {
  const out: Record<string, string> = { ...labels, ...patch.set };
  for (const key of patch.unset) delete out[key];
  return out;
}

/** A patch from a solved conjunction: its labels set, the keys it requires absent removed. */
function patchOf(conjunction: readonly Literal[]): LabelPatch | undefined {
  const set = solve(conjunction);
  if (!set) return undefined;
  const unset = [...new Set(conjunction.filter((l) => l.op === 'absent').map((l) => l.key))];
  return { set, unset };
}

/**
 * Ways out of a selector: patches after which a label set fails it (one per requirement, violated
 * the simplest way). Exposure analysis applies them to a pod another peer admits, to find the pods of
 * that peer an earlier or denying rule does not catch.
 */
export function selectorEscapes(selector: LabelSelector): LabelPatch[] {
  if (selector.invalid) return [];
  return selectorLiterals(selector).flatMap((literal): LabelPatch[] => {
    switch (literal.op) {
      case 'in':
        return [{ set: {}, unset: [literal.key] }];
      case 'has':
        return [{ set: {}, unset: [literal.key] }];
      case 'absent':
        return [{ set: { [literal.key]: FREE_VALUE }, unset: [] }];
      case 'notIn':
        return literal.values.length > 0 ? [{ set: { [literal.key]: literal.values[0]! }, unset: [] }] : [];
      default:
        return [];
    }
  });
}

/** Ways out of a Calico expression: the conjunctions of its negation, solved (see `selectorEscapes`). */
export function calicoEscapes(expr: CalicoExpr): LabelPatch[] {
  return dnf(expr, true).flatMap((conjunction) => patchOf(conjunction) ?? []);
}
