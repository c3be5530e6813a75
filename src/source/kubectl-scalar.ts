/**
 * How kubectl reads a scalar. kubectl (and Helm, Argo CD, Flux) decode YAML with sigs.k8s.io/yaml,
 * which reads it with its copy of go-yaml v2, a YAML 1.1 reader (goyaml.v2/resolve.go), and turns the
 * result into JSON: `010` is octal 8, `1_000` is 1000, `0b101` is 5, `yes`/`on`/`y` are `true`, where
 * a YAML 1.2 reader sees 10 and the strings "1_000", "0b101", "yes". The model holds kubectl's
 * reading, so an analysis (and an error) is about what the API server receives; the places where the
 * two readings differ are kept for the `yaml-ambiguous-scalar` rule.
 *
 * Timestamps (`2024-01-01`) stay strings as written (sigs.k8s.io/yaml writes them back as their
 * text); map keys are not read here (label-value checks label keys against kubectl's reading).
 */

/** go-yaml v2's resolveMap: the words it reads as booleans, nulls and special floats. */
const WORDS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((word) => [word, false] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((word) => [word, null] as const),
  ...['.nan', '.NaN', '.NAN'].map((word) => [word, Number.NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((word) => [word, Number.POSITIVE_INFINITY] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((word) => [word, Number.NEGATIVE_INFINITY] as const),
]);

/** strconv.ParseInt(s, 0, 64) and ParseUint's forms: a sign, then a `0x`, `0o`, `0b` or `0` (octal) prefix, or decimal. */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]+)|([1-9][0-9]*|0))$/;
/** go-yaml's yamlStyleFloat, the forms handed to strconv.ParseFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What strconv.ParseFloat accepts of a scalar that starts with `.` (it allows `_` between digits). */
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** kubectl's reading of a plain (unquoted, untagged) scalar, as go-yaml v2's resolve() with no tag. */
export function kubectlPlain(text: string): unknown {
  return resolve(text).value;
}

type Resolved = { readonly tag: 'str' | 'null' | 'bool' | 'int' | 'float'; readonly value: unknown };

function resolve(text: string): Resolved {
  const c = text.charCodeAt(0);
  // go-yaml's resolveTable: only a sign, a digit, `.` or one of "yYnNtTfFoO~" may start a non-string.
  if (!isHint(c) && text !== '') return { tag: 'str', value: text };
  const word = WORDS.get(text);
  if (word !== undefined || text === '') return { tag: word === null || word === undefined ? 'null' : typeof word === 'boolean' ? 'bool' : 'float', value: word ?? null };
  if (c === 46) return float(text.replace(/_/g, ''), DOT_FLOAT.test(text), text); // '.'
  if (c !== 43 && c !== 45 && !(c >= 48 && c <= 57)) return { tag: 'str', value: text }; // a letter of the table, not a word above
  const plain = text.includes('_') ? text.replace(/_/g, '') : text;
  const int = goInt(plain);
  if (int !== undefined) return { tag: 'int', value: int };
  return YAML_STYLE_FLOAT.test(plain) ? float(plain, true, text) : { tag: 'str', value: text };
}

/** strconv.ParseFloat: a value past the float64 range is an error, and go-yaml then keeps the string. */
function float(digits: string, matches: boolean, text = digits): Resolved {
  const value = matches ? Number(digits) : Number.NaN;
  return matches && Number.isFinite(value) ? { tag: 'float', value } : { tag: 'str', value: text };
}

function isHint(c: number): boolean {
  // + - . 0-9 y Y n N t T f F o O ~
  return c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57) || c === 121 || c === 89 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 111 || c === 79 || c === 126;
}

/**
 * strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64): the integer, or undefined when neither reads
 * `s` (kubectl keeps a prefixed number past 64 bits as a string; a decimal one is read as a float).
 */
function goInt(s: string): number | undefined {
  const match = GO_INT.exec(s);
  if (!match) return undefined;
  const [, sign, hex, octal, binary, legacyOctal, decimal] = match;
  // Past 64 bits there is nothing to read (and BigInt of a million digits would take long).
  const significant = (hex ?? octal ?? binary ?? legacyOctal ?? decimal!).replace(/^0+/, '');
  if (significant.length > (hex !== undefined ? 16 : binary !== undefined ? 64 : decimal !== undefined ? 20 : 22)) return undefined;
  // A small decimal needs no BigInt.
  if (decimal !== undefined && decimal.length <= 15) return sign === '-' ? -Number(decimal) || 0 : Number(decimal);
  const digits = hex !== undefined ? `0x${hex}` : octal !== undefined ? `0o${octal}` : binary !== undefined ? `0b${binary}` : legacyOctal !== undefined ? `0o${legacyOctal}` : decimal!;
  const magnitude = BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  if (value >= -INT64_MAX - 1n && value <= INT64_MAX) return Number(value);
  // ParseUint takes no sign.
  return sign === '' && value <= UINT64_MAX ? Number(value) : undefined;
}

const TAG_PREFIX = 'tag:yaml.org,2002:';
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?(?:Z|[-+][0-9]{2}:[0-9]{2})|[ ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * kubectl's reading of a scalar with an explicit tag (`!!int "010"`, `!!float 1`, `!!binary ...`), as
 * go-yaml v2's resolve(tag, text) and its decoder: a value, or the error kubectl stops with.
 * Tags go-yaml does not resolve (`!custom`, `!`, `!!set` on a scalar) leave the text a string.
 */
export function kubectlTagged(tag: string, text: string): { value: unknown } | { error: string } {
  const short = tag.startsWith(TAG_PREFIX) ? `!!${tag.slice(TAG_PREFIX.length)}` : tag;
  switch (short) {
    case '!!str':
      return { value: text };
    case '!!binary': {
      // encoding/base64 StdEncoding, which skips line breaks; the bytes become a string (invalid UTF-8 as U+FFFD).
      const compact = text.replace(/[\r\n]/g, '');
      if (!BASE64.test(compact)) return { error: `!!binary value ${quoteText(text)} is not valid base64, so kubectl rejects the file` };
      return { value: Buffer.from(compact, 'base64').toString('utf8') };
    }
    case '!!timestamp':
      return TIMESTAMP.test(text) ? { value: text } : { error: `${quoteText(text)} is not a timestamp, so kubectl cannot read it as a !!timestamp and rejects the file` };
    case '!!int':
    case '!!float':
    case '!!bool':
    case '!!null': {
      const { tag: type, value } = resolve(text);
      // go-yaml converts an integer to a float for !!float, and accepts nothing else that differs.
      if (`!!${type}` === short || (short === '!!float' && type === 'int')) return { value };
      return { error: `${quoteText(text)} is not ${article(short.slice(2))} (it reads as ${article(type)}), so kubectl cannot decode it as ${short} and rejects the file` };
    }
    default:
      return { value: text };
  }
}

function quoteText(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/** Whether two readings of a scalar differ (NaN is NaN; 0 and -0, which JSON writes alike, are one). */
export function readingsDiffer(a: unknown, b: unknown): boolean {
  if (a === b) return false;
  return !(typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** What kubectl does with a scalar read as NaN or an infinity: JSON cannot hold it, so it rejects the file. */
export function nonFiniteMessage(written: string, value: number): string {
  return `${written} is read as ${String(value)}, which JSON cannot hold: kubectl rejects the file ("unsupported value"); write a number, or quote it for a string`;
}
