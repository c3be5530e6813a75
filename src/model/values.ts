/** Defensive readers for parsed JSON: bad input must degrade to "absent", never throw. */

import { ianaServiceNameProblem } from './names.ts';

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string, or a number/boolean written without quotes, as its text (labels like `version: 2`). */
export function asScalarString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function asInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** A port number the API server accepts (1-65535); anything else is absent (the schema rule reports it). */
export function asPortNumber(value: unknown): number | undefined {
  const number = asInteger(value);
  return number !== undefined && number >= 1 && number <= 65535 ? number : undefined;
}

/**
 * A port given by number or by name (IntOrString) as the API server accepts it: a number 1-65535 or
 * an IANA service name (validation.IsValidPortName). A quoted number ("8080") is a name to the API
 * server, never a valid one; it and anything else are absent (the schema rule reports them).
 */
export function asPortNumberOrName(value: unknown): number | string | undefined {
  if (typeof value === 'string') return ianaServiceNameProblem(value) === undefined ? value : undefined;
  return asPortNumber(value);
}

/** An int-or-string field (targetPort, port of a NetworkPolicy, Ingress port). */
export function asIntOrString(value: unknown): number | string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

/** A map of strings (labels, annotations, selectors); non-string values are kept as their text. */
export function asStringMap(value: unknown): Record<string, string> {
  const record = asRecord(value);
  if (!record) return NO_STRINGS;
  let out: Record<string, string> | undefined;
  // A for-in over own keys (the order of Object.entries) rather than Object.entries: no array of pairs
  // for each of the several maps of every object (labels, annotations, selectors).
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const entry = record[key];
    const text = asScalarString(entry);
    if (text !== undefined) (out ??= {})[key] = text;
    else if (entry === null) (out ??= {})[key] = '';
  }
  return out ?? NO_STRINGS;
}

/**
 * The empty map of `asStringMap`, shared (frozen, so a write fails loudly): most objects and pod
 * templates have no annotations, and a tree of 100,000 files has hundreds of thousands of them.
 */
const NO_STRINGS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * The value as the API server decodes it: a field written as null (`matchLabels:` with no value,
 * `ports: null`) is unset, since encoding/json leaves a field untouched when it reads null. Such
 * fields are dropped from every map; a null entry of a map[string]string (a label value) decodes as
 * "", which no validated field distinguishes from absent. List items are kept: a null item decodes
 * as an empty object or string, which validation then judges. Returns `value` itself when nothing
 * is null, so that most objects are not copied.
 */
export function withoutNullFields(value: unknown): unknown {
  // Plain loops: the schema rule calls this on every object of the run (issue 14: it was a third of the rule).
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const cleaned = withoutNullFields(item);
      if (cleaned !== item) (copy ??= [...value])[index] = cleaned;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const entry = record[key];
    if (entry === null) {
      copy ??= { ...record };
      delete copy[key];
      continue;
    }
    if (typeof entry !== 'object') continue;
    const cleaned = withoutNullFields(entry);
    if (cleaned !== entry) (copy ??= { ...record })[key] = cleaned;
  }
  return copy ?? record;
}

export function getIn(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    // Own keys only: a path from the config (`workloads`) must not reach Object.prototype through `__proto__`.
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The characters Go's unicode.IsSpace accepts: what strings.TrimSpace strips (a regular-expression class). */
export const GO_SPACE_CLASS = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_SPACE_AROUND = new RegExp(`^${GO_SPACE_CLASS}+|${GO_SPACE_CLASS}+$`, 'g');

/** `text` without leading and trailing white space, as Go's strings.TrimSpace (JS `trim` differs on U+0085 and U+FEFF). */
export function trimSpace(text: string): string {
  return text.replace(GO_SPACE_AROUND, '');
}
