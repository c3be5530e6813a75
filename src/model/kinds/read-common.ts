/** Readers shared by the kind modules: label selectors, string lists, protocols. */
import { childPath } from '../shared-path.ts';
import type { Path } from '../../source/types.ts';
import type { LabelSelector, Protocol, StringEntry } from '../types.ts';
import { asArray, asRecord, asString, asStringMap } from '../values.ts';

const OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Whether a label map (matchLabels, a Service or ReplicationController selector) is one the API server
 * rejects: not a map, or a value that is not a string. The field is a map[string]string, so a number,
 * boolean, list or map fails to decode (kubectl: "cannot unmarshal number into Go value of type
 * string"; label-value and schema report it as written). A null value decodes as "" (encoding/json
 * leaves the string empty), so it stays readable.
 */
export function unreadableLabelMap(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  const record = asRecord(value);
  return !record || Object.values(record).some((entry) => entry !== null && typeof entry !== 'string');
}

/**
 * Reads a metav1.LabelSelector defensively. A selector the API server rejects (ValidateLabelSelector:
 * an unknown operator, In/NotIn without values, Exists/DoesNotExist with values, a malformed entry;
 * or in decoding, a matchLabels value or an expression value that is not a string) is marked
 * `invalid`; malformed entries are left out and an unknown operator matches nothing.
 */
export function toLabelSelector(value: unknown): LabelSelector {
  const record = asRecord(value) ?? {};
  let invalid = unreadableLabelMap(record.matchLabels) || (record.matchExpressions != null && !Array.isArray(record.matchExpressions));
  const matchExpressions = asArray(record.matchExpressions).flatMap((entry, index) => {
    const expr = asRecord(entry);
    const key = asString(expr?.key);
    const operator = asString(expr?.operator);
    if (!expr || !key || operator === undefined) {
      invalid = true;
      return [];
    }
    const values = asArray(expr.values);
    const wantsValues = operator === 'In' || operator === 'NotIn';
    if (!OPERATORS.has(operator) || (expr.values != null && !Array.isArray(expr.values)) || wantsValues !== values.length > 0) invalid = true;
    // values is []string: kubectl rejects a number or boolean item (label-value reports it as written); null reads as "".
    if (values.some((item) => item !== null && typeof item !== 'string')) invalid = true;
    return [{ key, operator, values: values.map((item) => (item === null ? '' : String(item))), index }];
  });
  return { matchLabels: asStringMap(record.matchLabels), matchExpressions, ...(invalid ? { invalid: true as const } : {}) };
}

/** The string entries of a list at `path`, each with its own path (other entries are the schema rule's findings). */
export function stringEntries(value: unknown, path: Path): StringEntry[] {
  return asArray(value).flatMap((entry, index) => (typeof entry === 'string' ? [{ value: entry, path: childPath(path, index) }] : []));
}

export function toProtocol(value: unknown): Protocol {
  return value === 'UDP' || value === 'SCTP' ? value : 'TCP';
}
