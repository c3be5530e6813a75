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

/** The values a key may take under a conjunction of literals on it (best first), `[null]` when it is left out, `[]` when they contradict. */
function valuesFor(literals: readonly Literal[]): (string | null)[] {
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
  if (absent) return present ? [] : [null];
  // Not required: leaving the key out satisfies notIn and negated affixes ("!=" matches an absent label).
  if (!present) return [null];
  const fits = (v: string) =>
    !forbidden.has(v) &&
    affixes.every((a) => (a.op === 'contains' ? v.includes(a.value) : a.op === 'starts' ? v.startsWith(a.value) : v.endsWith(a.value))) &&
    negatedAffixes.every((a) => !(a.op === 'contains' ? v.includes(a.value) : a.op === 'starts' ? v.startsWith(a.value) : v.endsWith(a.value)));
  const starts = affixes.filter((a) => a.op === 'starts').map((a) => a.value);
  const ends = affixes.filter((a) => a.op === 'ends').map((a) => a.value);
  const contains = affixes.filter((a) => a.op === 'contains').map((a) => a.value);
  const built = `${starts.sort((a, b) => b.length - a.length)[0] ?? ''}${contains.join('')}${ends.sort((a, b) => b.length - a.length)[0] ?? ''}`;
  // Listed values are the alternatives; otherwise one value that fits is enough.
  if (allowed) return allowed.filter(fits);
  const found = [built || FREE_VALUE, `${built}${FREE_VALUE}`, `${FREE_VALUE}${built}`, `${FREE_VALUE}-1`, `${FREE_VALUE}-2`].find(fits);
  return found === undefined ? [] : [found];
}

/** At most this many label sets are made of one conjunction (the choices of `in` values multiply). */
const MAX_ALTERNATIVES = 8;

/** Label sets satisfying every literal of a conjunction, the simplest first, at most MAX_ALTERNATIVES. */
function solveAll(conjunction: readonly Literal[]): Labels[] {
  const byKey = new Map<string, Literal[]>();
  for (const literal of conjunction) {
    const list = byKey.get(literal.key);
    if (list) list.push(literal);
    else byKey.set(literal.key, [literal]);
  }
  let out: Record<string, string>[] = [{}];
  for (const [key, literals] of byKey) {
    const values = valuesFor(literals);
    if (values.length === 0) return [];
    const next: Record<string, string>[] = [];
    for (const labels of out) for (const value of values) if (next.length < MAX_ALTERNATIVES) next.push(value === null ? labels : { ...labels, [key]: value });
    out = next;
  }
  return out;
}

/** A label set satisfying every literal of a conjunction, if one is found. */
function solve(conjunction: readonly Literal[]): Labels | undefined {
  return solveAll(conjunction)[0];
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
  return selectorWitnesses(selector)[0];
}

/** Several label sets a selector selects, one per choice of its `In` values (a few), the simplest first. */
export function selectorWitnesses(selector: LabelSelector): Labels[] {
  if (selector.invalid) return [];
  return solveAll(selectorLiterals(selector)).filter((labels) => matchesSelector(selector, labels));
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
  return calicoWitnesses(expr, fixed)[0];
}

/** Several label sets a Calico expression selects (per conjunction of its disjunctive form, per `in` choice), at most MAX_ALTERNATIVES. */
export function calicoWitnesses(expr: CalicoExpr, fixed: Labels = {}): Labels[] {
  const out: Labels[] = [];
  for (const conjunction of dnf(expr, false)) {
    for (const labels of solveAll(conjunction)) if (out.length < MAX_ALTERNATIVES && matchesCalico(expr, { ...labels, ...fixed })) out.push(labels);
    if (out.length >= MAX_ALTERNATIVES) break;
  }
  return out;
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
