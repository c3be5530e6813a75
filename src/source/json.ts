import { MAX_NESTING } from './fast-yaml.ts';
import { SpanTreeBuilder, type SpanTree } from './spans.ts';
import type { SyntaxProblem } from './types.ts';
import { exactCopy } from '../util/exact.ts';
import { ownString } from './own-string.ts';

/**
 * kubectl reads a file whose first character (after white space) is `{` as a stream of JSON values,
 * not as YAML (k8s.io/apimachinery's YAMLOrJSONDecoder): `{"a": 1}{"b": 2}` is two objects, while a
 * comment, a trailing comma or an unquoted key make it stop with an error. Such files are read here,
 * strictly, as kubectl does, and quickly: a 6 MB one-line JSON file no longer goes through the YAML
 * library's syntax tree (close to a gigabyte).
 */

/** One JSON value of the stream: its value, where it starts and where the next one does, and what is wrong with it. */
export interface JsonDocument {
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
  readonly problems: readonly SyntaxProblem[];
}

/** Whether kubectl reads `text` as JSON: its first character other than JSON white space is `{`. */
export function isJsonText(text: string): boolean {
  let i = 0;
  while (isSpace(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === LBRACE;
}

/** The values of a JSON stream; reading stops at the first error, as kubectl's decoder does. */
export function readJsonStream(text: string): JsonDocument[] {
  return new JsonReader(text, undefined).stream().docs;
}

/** The span tree of each value `readJsonStream` read without problems (the same order; undefined for the others). */
export function readJsonSpans(text: string): (SpanTree | undefined)[] {
  const builder = new SpanTreeBuilder(text);
  return new JsonReader(text, builder).stream().trees;
}

const SPACE = 32;
const TAB = 9;
const NL = 10;
const CR = 13;
const DQUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const SLASH = 47;
const COLON = 58;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

function isSpace(c: number): boolean {
  return c === SPACE || c === NL || c === CR || c === TAB;
}

const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Why reading stopped: the problem and its offset. */
class JsonError {
  constructor(
    readonly message: string,
    readonly at: number,
  ) {}
}

const KUBECTL = 'kubectl reads a file that starts with { as JSON and stops here';

class JsonReader {
  private i = 0;
  private depth = 0;
  /** Where the collections being read open, innermost last (an unclosed one is reported there). */
  private opens: number[] = [];
  /** Problems of the value being read that do not stop reading (duplicate keys). */
  private problems: SyntaxProblem[] = [];

  constructor(
    private readonly t: string,
    private readonly b: SpanTreeBuilder | undefined,
  ) {}

  stream(): { docs: JsonDocument[]; trees: (SpanTree | undefined)[] } {
    const docs: JsonDocument[] = [];
    const trees: (SpanTree | undefined)[] = [];
    const t = this.t;
    this.skipSpace();
    while (this.i < t.length) {
      const start = this.i;
      this.problems = [];
      let value: unknown;
      try {
        value = this.value();
      } catch (error) {
        if (!(error instanceof JsonError)) throw error;
        this.b?.finish();
        docs.push({ value: undefined, start, end: t.length, problems: [...this.problems, { message: error.message, span: { start: error.at, end: Math.min(error.at + 1, Math.max(t.length, error.at)) } }] });
        trees.push(undefined);
        return { docs, trees };
      }
      this.skipSpace();
      const problems = this.problems;
      docs.push({ value: problems.length > 0 ? undefined : value, start, end: this.i, problems });
      const tree = this.b?.finish();
      trees.push(problems.length > 0 ? undefined : tree);
    }
    return { docs, trees };
  }

  private skipSpace(): void {
    const t = this.t;
    while (isSpace(t.charCodeAt(this.i))) this.i++;
  }

  private fail(message: string, at = this.i): never {
    throw new JsonError(message, at);
  }

  /** What stands at the current position instead of what was expected, for messages. */
  private unexpected(expected: string): never {
    const t = this.t;
    const at = this.i;
    if (at >= t.length) {
      const open = this.opens[this.opens.length - 1] ?? Math.max(0, t.length - 1);
      this.fail(`this ${t[open] ?? 'value'} is never closed: the JSON ends before its ${t[open] === '[' ? ']' : '}'}; ${KUBECTL}`, open);
    }
    const c = t.charCodeAt(at);
    if (c === SLASH && (t.charCodeAt(at + 1) === SLASH || t.charCodeAt(at + 1) === 42)) {
      this.fail(`a comment (${t.slice(at, at + 2)}): JSON has no comments, and ${KUBECTL}; remove it`);
    }
    if (c === 35) this.fail(`a comment (#): JSON has no comments, and ${KUBECTL}; remove it`);
    if ((c === RBRACE || c === RBRACKET) && expected !== 'a value') this.fail(`a comma before ${t[at]}: JSON allows no trailing comma, and ${KUBECTL}; remove it`);
    const shown = JSON.stringify(t.slice(at, at + 12).split(/\r?\n/)[0]);
    this.fail(`invalid JSON: ${shown} where ${expected} belongs; ${KUBECTL}`);
  }

  private value(): unknown {
    const t = this.t;
    const c = t.charCodeAt(this.i);
    if (c === LBRACE) return this.object();
    if (c === LBRACKET) return this.array();
    if (c === DQUOTE) {
      const start = this.i;
      const value = this.string();
      this.b?.leaf(start, this.i, false);
      return value;
    }
    const start = this.i;
    let value: unknown;
    if (t.startsWith('true', start)) value = true;
    else if (t.startsWith('false', start)) value = false;
    else if (t.startsWith('null', start)) value = null;
    else if (c === MINUS || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = start;
      const match = NUMBER.exec(t);
      if (!match) this.unexpected('a value');
      value = Number(match[0]);
      if (!Number.isFinite(value)) this.fail(`the number ${match[0]} is out of range; ${KUBECTL}`, start);
      this.i = start + match[0].length;
      this.b?.leaf(start, this.i, true);
      return value;
    } else this.unexpected('a value');
    this.i = start + String(value).length;
    this.b?.leaf(start, this.i, true);
    return value;
  }

  private object(): Record<string, unknown> {
    if (++this.depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels of maps and lists; the document is not read`);
    const t = this.t;
    const b = this.b;
    const object: Record<string, unknown> = {};
    const handle = b ? b.open(this.i, true) : -1;
    this.opens.push(this.i);
    const seen = new Set<string>();
    let count = 0;
    this.i++;
    this.skipSpace();
    if (t.charCodeAt(this.i) !== RBRACE) {
      for (;;) {
        if (t.charCodeAt(this.i) !== DQUOTE) this.unexpected('a key in double quotes');
        const keyStart = this.i;
        const key = this.string();
        b?.key(keyStart, this.i, false, key);
        if (seen.has(key)) {
          this.problems.push({
            message: `duplicate key ${JSON.stringify(key)}: the object already has it; kubectl's validation rejects the object (readers that accept it keep only the last value): remove one`,
            span: { start: keyStart, end: this.i },
          });
        }
        seen.add(key);
        this.skipSpace();
        if (t.charCodeAt(this.i) !== COLON) this.unexpected('a colon');
        this.i++;
        this.skipSpace();
        const value = this.value();
        count++;
        if (PROTOTYPE_KEYS.has(key)) Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
        else object[key] = value;
        this.skipSpace();
        const c = t.charCodeAt(this.i);
        if (c === COMMA) {
          this.i++;
          this.skipSpace();
          continue;
        }
        if (c === RBRACE) break;
        this.unexpected('a comma or }');
      }
    }
    this.i++;
    if (b) b.close(handle, this.i, count);
    this.opens.pop();
    this.depth--;
    return object;
  }

  private array(): unknown[] {
    if (++this.depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels of maps and lists; the document is not read`);
    const t = this.t;
    const b = this.b;
    const list: unknown[] = [];
    const handle = b ? b.open(this.i, false) : -1;
    this.opens.push(this.i);
    this.i++;
    this.skipSpace();
    if (t.charCodeAt(this.i) !== RBRACKET) {
      for (;;) {
        list.push(this.value());
        this.skipSpace();
        const c = t.charCodeAt(this.i);
        if (c === COMMA) {
          this.i++;
          this.skipSpace();
          if (t.charCodeAt(this.i) === RBRACKET) this.unexpected('a value');
          continue;
        }
        if (c === RBRACKET) break;
        this.unexpected('a comma or ]');
      }
    }
    this.i++;
    if (b) b.close(handle, this.i, list.length);
    this.opens.pop();
    this.depth--;
    return b ? list : exactCopy(list);
  }

  /** A string at the current position (its opening quote); moves past the closing quote. */
  private string(): string {
    const t = this.t;
    const start = this.i + 1;
    let i = start;
    let out = '';
    let from = start;
    for (;;) {
      if (i >= t.length) this.fail(`a string that is not closed (a " is missing); ${KUBECTL}`, start - 1);
      const c = t.charCodeAt(i);
      if (c === DQUOTE) break;
      if (c < 0x20) this.fail(`a control character (U+${c.toString(16).padStart(4, '0').toUpperCase()}) inside a string: JSON asks for it escaped (\\n, \\t), and ${KUBECTL}`, i);
      if (c === BACKSLASH) {
        out += t.slice(from, i);
        const next = t[i + 1] ?? '';
        const simple = ESCAPES[next];
        if (simple !== undefined) {
          out += simple;
          i += 2;
        } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          this.fail(`an invalid escape ${JSON.stringify(t.slice(i, i + 2))} in a string; ${KUBECTL}`, i);
        }
        from = i;
        continue;
      }
      i++;
    }
    this.i = i + 1;
    return ownString(from === start ? t.slice(start, i) : out + t.slice(from, i));
  }
}
