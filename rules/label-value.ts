import type { Fix, Rule, RuleContext } from '../src/lint/types.ts';
import type { KubeObject } from '../src/model/types.ts';
import { asArray, asRecord, getIn } from '../src/model/values.ts';
import { labelPlaces } from '../src/semantics/label-places.ts';
import { isDns1123Subdomain } from '../src/model/names.ts';
import { isQuotableToken, plainScalarAt } from '../src/source/plain-scalar.ts';
import type { Path } from '../src/source/types.ts';

/** A label name, and a label value when not empty (k8s.io/apimachinery validation.IsValidLabelValue). */
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_RULE = 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit';

/**
 * Flags label keys and values Kubernetes rejects, and label and selector values that are not strings
 * as kubectl reads them (the model holds kubectl's YAML 1.1 reading of values: `yes` is a boolean).
 */
export const rule: Rule = {
  meta: {
    id: 'label-value',
    severity: 'error',
    scope: 'document',
    description: 'Label keys and values (of objects, pod templates, nodeSelectors and selectors) must be valid strings.',
    messages: {
      invalidKey: 'label key "{{key}}" is not valid: {{reason}}; rename it, as the API server rejects the object',
      invalidValue: 'label value "{{value}}" of "{{key}}" is not valid: {{reason}}; change it, as the API server rejects the object',
      notString:
        'label "{{key}}" has the {{type}} value {{text}}, not a string; Kubernetes rejects it (cannot unmarshal {{type}} into string): quote it, "{{text}}"',
      notScalar: 'label "{{key}}" has a {{type}} as its value, but label values must be strings; write the value as a single string',
      yaml11Key:
        'label key {{text}} is unquoted, and YAML 1.1 readers such as kubectl read it as the {{type}} {{as}}, so the key becomes "{{sent}}": quote it, "{{text}}"',
      keyNotString:
        'label key {{text}} is unquoted, so YAML reads it as {{what}} rather than a string, and the key becomes "{{key}}": quote it, "{{text}}"',
      keyNotStringInvalid:
        'label key {{text}} is unquoted, so YAML reads it as {{what}} and the key becomes "{{key}}"; quoted, it is no valid key either: write the label key you mean',
      keyNotStringYaml11:
        'label key {{text}} is unquoted, so YAML 1.2 reads it as {{what}} rather than a string and the key becomes "{{key}}", while YAML 1.1 readers such as kubectl read the {{type}} {{as}} and send the key "{{sent}}": quote it, "{{text}}"',
      expressionKeyNotString:
        'selector key {{text}} is a {{type}}, not a string; Kubernetes rejects it (cannot unmarshal {{type}} into string): quote it, "{{text}}"',
    },
    remediation:
      'Label keys are an optional DNS subdomain prefix and "/" plus a name of at most 63 letters, digits, "-", "_", "."; values are empty or such a name. Quote label and selector values that look like booleans or numbers ("true", "yes", "on", "1.0", "0700"), and label and selector keys that look like booleans, numbers or null ("on", "True", "0x10", "Null").',
  },
  check(context) {
    // Reads the label maps and selectors as written (`object.raw`), not the typed views: the views keep
    // string values only, and this rule's job is the values the views leave out (numbers, booleans, null).
    const { maps, selectors } = labelPlaces(context.model);
    const valid: Valid = { keys: new Set(), values: new Set() };
    context.each(maps, ({ object, path }) => checkLabels(context, valid, object, path));
    context.each(selectors, ({ object, path }) => {
      checkLabels(context, valid, object, [...path, 'matchLabels']);
      // The API server checks expression keys and values as label keys and values (ValidateLabelSelectorRequirement).
      asArray(asRecord(getIn(object.raw, path))?.matchExpressions).forEach((entry, index) => checkRequirement(context, valid, object, [...path, 'matchExpressions', index], entry));
    });
  },
};

/**
 * The label keys and string values of this run found valid so far, by string alone: most repeat from
 * object to object (`app`, `tier`, an app's name in its labels, template and selectors), and a key or
 * string value that passed once needs neither its checks nor its source text again.
 */
interface Valid {
  readonly keys: Set<string>;
  readonly values: Set<string>;
}

function checkLabels(context: RuleContext, valid: Valid, object: KubeObject, mapPath: Path): void {
  const labels = asRecord(getIn(object.raw, mapPath)) ?? {};
  for (const key in labels) {
    const value = labels[key];
    const keyValid = valid.keys.has(key);
    if (keyValid && typeof value === 'string' && valid.values.has(value)) continue;
    const path = [...mapPath, key];
    if (!keyValid) checkKey(context, valid, object, path, key);
    checkValue(context, valid, object, path, key, value);
  }
}

/**
 * A label key, checked as written where a YAML reader may have read a non-string. Our YAML 1.2 reader
 * and kubectl's YAML 1.1 one (go-yaml v2, whose map keys sigs.k8s.io/yaml YAMLToJSON turns into
 * strings) read `True:` as the boolean true and `0x10:` as the number 16, so the keys become "true"
 * and "16"; `on:` is a string to YAML 1.2 but the boolean true to kubectl, and `010:` is 10 to YAML
 * 1.2 but octal 8 to kubectl. `true:` and `false:` are left alone: both readers give back "true" and
 * "false", the text as written.
 */
function checkKey(context: RuleContext, valid: Valid, object: KubeObject, path: Path, key: string): void {
  // Only a key a non-string could have become, to either reader, needs its source text.
  const mayBeNonString = readFromNonString(key) || yaml11Scalar(key) !== undefined;
  const written = mayBeNonString ? plainScalarAt(object.doc, [...object.path, ...path], true)?.text : undefined;
  if (written === undefined) {
    const problem = labelKeyProblem(key);
    if (problem) context.report({ messageId: 'invalidKey', data: { key, reason: problem }, at: { object, path, key: true } });
    // Valid whatever its source text: a key that may have been a non-string is checked as written each time.
    else if (!mayBeNonString) valid.keys.add(key);
    return;
  }
  const yaml11 = yaml11Scalar(written);
  const sent = kubectlKey(written);
  const at = { object, path, key: true };
  const fix = withFix(quoteFix(object, path, true));
  // A plain token read back as other text was read as a null, boolean or number.
  if (written !== key && isQuotableToken(written)) {
    const what = key === '' ? 'null' : key === 'true' || key === 'false' ? `the bool ${key}` : `the number ${key}`;
    // `~` or `.5` quoted is no valid key either: then only the user knows the key meant.
    if (labelKeyProblem(written)) context.report({ messageId: 'keyNotStringInvalid', data: { text: written, what, key }, at });
    else if (yaml11 && sent !== undefined && sent !== key) context.report({ messageId: 'keyNotStringYaml11', data: { text: written, what, key, ...yaml11, sent }, at, ...fix });
    else context.report({ messageId: 'keyNotString', data: { text: written, what, key }, at, ...fix });
    return;
  }
  const problem = labelKeyProblem(key);
  if (problem) context.report({ messageId: 'invalidKey', data: { key, reason: problem }, at });
  else if (yaml11 && sent !== undefined && sent !== key) context.report({ messageId: 'yaml11Key', data: { text: written, ...yaml11, sent }, at, ...fix });
}

/** Whether YAML 1.2 could have read `key` from a null, boolean or number (as JavaScript prints those). */
function readFromNonString(key: string): boolean {
  return key === '' || key === 'true' || key === 'false' || key === 'NaN' || /^-?([0-9]|Infinity)/.test(key);
}

/**
 * A matchExpressions entry: its key and values are a label key and label values, which the API
 * server requires to be strings (metav1.LabelSelectorRequirement) and validates as labels
 * (ValidateLabelSelectorRequirement). A missing or null key, or a list or map as key, is the schema
 * rule's finding.
 */
function checkRequirement(context: RuleContext, valid: Valid, object: KubeObject, path: Path, entry: unknown): void {
  const expression = asRecord(entry);
  const key = expression?.key;
  const keyPath = [...path, 'key'];
  let name: string;
  if (typeof key === 'string') {
    name = key;
    const keyProblem = key === '' ? undefined : labelKeyProblem(key);
    if (keyProblem) context.report({ messageId: 'invalidKey', data: { key, reason: keyProblem }, at: { object, path: keyPath } });
  } else if (typeof key === 'number' || typeof key === 'boolean') {
    name = writtenText(object, keyPath, key);
    const keyProblem = labelKeyProblem(name);
    if (keyProblem) context.report({ messageId: 'invalidKey', data: { key: name, reason: keyProblem }, at: { object, path: keyPath } });
    else reportQuotable(context, 'expressionKeyNotString', { text: name, type: typeName(key) }, object, keyPath);
  } else {
    return;
  }
  asArray(expression!.values).forEach((value, index) => checkValue(context, valid, object, [...path, 'values', index], name, value));
}

/** A label value, a selector's matchLabels value or a matchExpressions value of label `key`. */
function checkValue(context: RuleContext, valid: Valid, object: KubeObject, path: Path, key: string, value: unknown): void {
  // `key:` with no value, and a null list item, are the empty string to the API server (encoding/json leaves the string empty).
  if (value === null || value === undefined) return;
  const at = { object, path };
  if (typeof value === 'object') {
    context.report({ messageId: 'notScalar', data: { key, type: Array.isArray(value) ? 'list' : 'map' }, at });
    return;
  }
  if (typeof value === 'string') {
    if (valid.values.has(value)) return;
    const problem = labelValueProblem(value);
    if (problem) context.report({ messageId: 'invalidValue', data: { key, value, reason: problem }, at });
    else valid.values.add(value);
    return;
  }
  // A number or boolean is checked as written (`1.0`, not `1`), which is what quoting it would give.
  const text = writtenText(object, path, value);
  const problem = labelValueProblem(text);
  if (problem) context.report({ messageId: 'invalidValue', data: { key, value: text, reason: problem }, at });
  else reportQuotable(context, 'notString', { key, type: typeName(value), text }, object, path);
}

function typeName(value: unknown): string {
  return typeof value === 'boolean' ? 'bool' : 'number';
}

/** A scalar's text as written when it is plain, else as read (through an alias or merge key). */
function writtenText(object: KubeObject, path: Path, value: unknown): string {
  return plainScalarAt(object.doc, [...object.path, ...path])?.text ?? String(value);
}

/** Reports a scalar at `path` that quoting makes a string for every reader, with that quoting as its fix. */
function reportQuotable(context: RuleContext, messageId: string, data: Record<string, string>, object: KubeObject, path: Path): void {
  context.report({ messageId, data, at: { object, path }, ...withFix(quoteFix(object, path, false)) });
}

function withFix(fix: Fix | undefined): { fix?: Fix } {
  return fix ? { fix } : {};
}

/**
 * Quotes the plain scalar at `path` (or its key) exactly as written: `yes` becomes `"yes"`, `1.0`
 * becomes `"1.0"`. Only for a quotable token with no tag and not an alias (an anchor stays before
 * the quotes): nothing to escape, no line break.
 */
function quoteFix(object: KubeObject, path: Path, key: boolean): Fix | undefined {
  const scalar = plainScalarAt(object.doc, [...object.path, ...path], key);
  if (!scalar || !isQuotableToken(scalar.text) || (key && labelKeyProblem(scalar.text))) return undefined;
  return { description: `Quote ${scalar.text}: "${scalar.text}"`, edits: [{ file: scalar.file, span: scalar.span, newText: `"${scalar.text}"` }] };
}

/** Why a label key is invalid (k8s.io/apimachinery validation.IsQualifiedName), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  // The common case, a valid name without a prefix, in one test.
  if (key.length <= 63 && LABEL_NAME.test(key)) return undefined;
  const parts = key.split('/');
  if (parts.length > 2) return 'a key has at most one "/" (prefix/name)';
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0) return 'the prefix before "/" is empty';
    if (prefix.length > 253) return 'the prefix must be at most 253 characters';
    // A label key's prefix is a lowercase DNS subdomain (validation.IsQualifiedName).
    if (!isDns1123Subdomain(prefix)) return `the prefix "${prefix}" must be a lowercase DNS subdomain (a-z, 0-9, "-", ".")`;
  }
  if (name.length === 0) return 'the name part is empty';
  if (name.length > 63) return `the name part must be at most 63 characters (it has ${name.length})`;
  if (!LABEL_NAME.test(name)) return `the name part must consist of ${NAME_RULE}`;
  return undefined;
}

/** Why a label value is invalid (validation.IsValidLabelValue), or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `a value must be at most 63 characters (it has ${value.length})`;
  if (value !== '' && !LABEL_NAME.test(value)) return `a value must be empty or consist of ${NAME_RULE}`;
  return undefined;
}

/**
 * The key kubectl sends for a plain map key `text` that go-yaml v2 reads as a boolean or number:
 * sigs.k8s.io/yaml (YAMLToJSON) prints an integer in decimal and a float with
 * strconv.FormatFloat(f, 'g', -1, 32), spelling infinities and NaN ".inf", "-.inf" and ".nan".
 * Undefined when kubectl reads a string, or an integer too large to print exactly here.
 */
export function kubectlKey(text: string): string | undefined {
  const yaml11 = yaml11Scalar(text);
  if (!yaml11 || yaml11.type === 'bool') return yaml11?.as;
  // go-yaml v2 reads `-0.0` as the float -0 (printed "-0"), which String() printed as "0".
  const number = yaml11.as === '0' && text.startsWith('-') ? -0 : Number(yaml11.as);
  // go-yaml v2 tries strconv.ParseInt (then ParseUint) before ParseFloat, so integer forms within 64 bits stay integers.
  // Exactness past 2^53 needs BigInt: 18446744073709551615 is a uint64 (a map key sigs.k8s.io/yaml rejects), not the float 2^64.
  if (/^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9_]+)$/.test(text) && Math.abs(number) <= 2 ** 64) {
    const digits = text.replace(/_/g, '').replace(/^[-+]/, '');
    const magnitude = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
    if (magnitude < 2n ** 64n) return Number.isSafeInteger(number) ? String(number) : undefined;
  }
  if (Number.isNaN(number)) return '.nan';
  const single = Math.fround(number);
  if (!Number.isFinite(single)) return single > 0 ? '.inf' : '-.inf';
  if (single === 0) return Object.is(single, -0) ? '-0' : '0';
  // The fewest digits that read back as the same float32, then Go's %g: an exponent below -4 or from 6 on uses %e.
  let digits = 1;
  while (digits < 9 && Math.fround(Number(single.toPrecision(digits))) !== single) digits++;
  const [mantissa, exponentText] = single.toExponential(digits - 1).split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return single.toFixed(Math.max(digits - 1 - exponent, 0));
}

/** go-yaml v2's boolean words (resolve.go); a Map, so that "constructor" is no boolean. */
const YAML11_BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
]);

/**
 * What a plain scalar that YAML 1.2 reads as a string becomes in a YAML 1.1 reader (go-yaml v2, used
 * by kubectl through sigs.k8s.io/yaml): a boolean (`yes`, `on`, `y`...) or a number (`1_000`,
 * `0b101`, octal `0700`). Undefined when it stays a string.
 */
export function yaml11Scalar(text: string): { type: 'bool' | 'number'; as: string } | undefined {
  const bool = YAML11_BOOLEANS.get(text);
  if (bool !== undefined) return { type: 'bool', as: String(bool) };
  // Every number form below starts with a digit or ".", after an optional sign.
  if (!/^[-+]?[0-9.]/.test(text)) return undefined;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.replace(/^[-+]/, '').replace(/_/g, '');
  let number: number | undefined;
  if (/^0b[01]+$/.test(digits)) number = parseInt(digits.slice(2), 2);
  else if (/^0x[0-9a-fA-F]+$/.test(digits)) number = parseInt(digits.slice(2), 16);
  else if (/^0o?[0-7]+$/.test(digits)) number = parseInt(digits.replace(/^0o?/, '') || '0', 8);
  else if (/^(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(digits)) number = Number(digits);
  else if (/^\.(inf|Inf|INF)$/.test(digits)) return { type: 'number', as: String(sign * Infinity) };
  else if (/^\.(nan|NaN|NAN)$/.test(text)) return { type: 'number', as: 'NaN' };
  // Past 64 bits strconv.ParseInt and ParseUint fail, and so does ParseFloat on `0x`/`0b`/`0o` or past float64: go-yaml keeps the string.
  if (number === undefined || !Number.isFinite(number) || (number >= 2 ** 64 && /^0[bxo]/.test(digits)) || text.replace(/^[-+]/, '').startsWith('_')) return undefined;
  return { type: 'number', as: String(sign * number) };
}

export default rule;
