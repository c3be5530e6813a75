/**
 * A fast reader for the block-style YAML that Kubernetes manifests are written in. It produces the
 * same plain values as the `yaml` library (core schema, `toJS`) and, on request, the same node
 * ranges, for every input it accepts; anything outside its subset (anchors, aliases, tags,
 * directives, explicit or non-string keys, merge keys, multi-line flow collections or scalars, tabs
 * outside comments and block scalar text, lone carriage returns, duplicate keys, deep nesting, any syntax error) makes it return `undefined`,
 * and the caller parses the file with the `yaml` library instead. test/fast-yaml.test.ts checks both
 * against each other on a corpus and on seeded random manifests.
 *
 * It reads line by line with character codes and builds values directly. Source ranges are not kept:
 * `readYamlSpans` reads the text again, only for files in which something is located.
 *
 * Ranges follow the library's composer: a collection ends where its last item's trailing trivia
 * ends, and which comment lines count as trailing trivia mirrors `yaml`'s CST parser (see
 * `endFlowLeaf`, `endNullLeaf` and `closeCollection`).
 */

import { kubectlPlain, nonFiniteMessage, readingsDiffer } from './kubectl-scalar.ts';
import { SpanTreeBuilder, type SpanTree } from './spans.ts';
import type { SyntaxProblem } from './types.ts';
import { ownString } from './own-string.ts';

/** A document as the fast reader sees it: its value and its span (`[range[0], range[2]]` in `yaml`). */
export interface FastDocument {
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
  /**
   * Plain scalars that kubectl (YAML 1.1) and YAML 1.2 read differently, as `start, end` pairs of
   * offsets; the value holds kubectl's reading (see kubectl-scalar.ts).
   */
  readonly ambiguous: readonly number[];
  /** What kubectl cannot read although YAML can (NaN and the infinities, which JSON cannot hold). */
  readonly problems: readonly SyntaxProblem[];
}

/** The plain values of every document of `text`, or undefined when the text needs the full parser. */
export function readYamlFast(text: string): FastDocument[] | undefined {
  if (hasUnsupportedChars(text)) return undefined;
  try {
    return new Reader(text, false).readStream().docs;
  } catch (error) {
    if (error === FALLBACK) return undefined;
    throw error;
  }
}

/** The span tree of every document (same order as `readYamlFast`), or undefined as there. */
export function readYamlSpans(text: string): SpanTree[] | undefined {
  if (hasUnsupportedChars(text)) return undefined;
  try {
    return new Reader(text, true).readStream().roots;
  } catch (error) {
    if (error === FALLBACK) return undefined;
    throw error;
  }
}

/**
 * The offset of every comment (its `#`) of a text the fast reader accepts, in order, or undefined as
 * there: what the YAML reader takes for a comment, never a `#` inside a string or block scalar.
 */
export function readYamlComments(text: string): number[] | undefined {
  if (hasUnsupportedChars(text)) return undefined;
  try {
    const reader = new Reader(text, false);
    reader.comments = [];
    reader.readStream();
    return reader.comments;
  } catch (error) {
    if (error === FALLBACK) return undefined;
    throw error;
  }
}

/**
 * Control characters other than tab, byte-order marks and carriage returns outside CRLF line breaks:
 * left to the full parser. A CR below is therefore always followed by LF and starts a line break.
 * Tabs are accepted only in comments and block scalar text, which are never scanned character by
 * character; every scanner below fails on a tab.
 */
function hasUnsupportedChars(text: string): boolean {
  return UNSUPPORTED_CHAR.test(text) || (text.includes('\r') && LONE_CR.test(text));
}

/**
 * Any character but tab, LF, CR and the printable ones (the complement of \x00-\x08, \x0b, \x0c,
 * \x0e-\x1f, \x7f and \ufeff): as a class of the characters allowed, the expression runs over a text
 * more than twice as fast as the class of those refused with the lone CR as an alternative, and every
 * text goes through it.
 */
const UNSUPPORTED_CHAR = /[^\t\n\r\x20-\x7e\x80-\ufefe\uff00-\uffff]/;
/** A carriage return outside a CRLF line break (looked for only in texts that hold a CR). */
const LONE_CR = /\r(?!\n)/;

const FALLBACK = new Error('outside the fast YAML subset');
/** Collections nested deeper than this are not read (by either reader); manifests never come close. */
export const MAX_NESTING = 200;

function fail(): never {
  throw FALLBACK;
}

const NONE: readonly number[] = Object.freeze([]);
/** The letters a null, boolean or special float starts with, to YAML 1.1 or 1.2: y n t f o and their capitals. */
const NON_STRING_INITIALS: ReadonlySet<number> = new Set([...'yYnNtTfFoO'].map((ch) => ch.charCodeAt(0)));
const NO_PROBLEMS: readonly SyntaxProblem[] = Object.freeze([]);

const TAB = 9;
const NL = 10;
const CR = 13;
const SPACE = 32;
const HASH = 35;
const DQUOTE = 34;
const SQUOTE = 39;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const GT = 62;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;

/** What follows the trivia after a node. */
const enum Next {
  Content,
  DocStart,
  DocEnd,
  Eof,
}

/** Characters a plain scalar may not start with (indicators); `-` is handled separately. */
function isIndicatorStart(c: number): boolean {
  switch (c) {
    case 33: // !
    case 37: // %
    case 38: // &
    case 42: // *
    case 63: // ?
    case 64: // @
    case 96: // `
    case COLON:
    case COMMA:
    case HASH:
    case PIPE:
    case GT:
    case SQUOTE:
    case DQUOTE:
    case LBRACKET:
    case RBRACKET:
    case LBRACE:
    case RBRACE:
      return true;
    default:
      return false;
  }
}

/** A line break starts here: LF, or the CR of a CRLF. */
function isBreak(c: number): boolean {
  return c === NL || c === CR;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Adds a key as `yaml`'s `addPairToJSMap` does (own property even for `__proto__`); duplicates fall back. */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (Object.hasOwn(target, key)) fail();
  if (PROTOTYPE_KEYS.has(key)) Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const INT_HEX_RE = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Resolves a plain scalar by the YAML 1.2 core schema, in the library's tag order and with its conversions. */
export function resolvePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  // Most values start with a letter that no null, boolean or number can start with.
  if (((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70) return text;
  if (text === '<<') fail(); // a merge key in the reference; rare enough to leave to it
  if (NULL_RE.test(text)) return null;
  if (BOOL_RE.test(text)) return c === 116 || c === 84;
  if (INT_OCT_RE.test(text)) return parseInt(text.substring(2), 8);
  if (INT_RE.test(text)) return parseInt(text, 10);
  if (INT_HEX_RE.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_NAN_RE.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : c === DASH ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP_RE.test(text)) return parseFloat(text);
  if (FLOAT_RE.test(text)) return parseFloat(text);
  return text;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

const HEX_RE = /^[0-9a-fA-F]+$/;

class Reader {
  private readonly t: string;
  private readonly n: number;
  private readonly spans: boolean;
  /** The tree being written (spans mode). */
  private readonly b: SpanTreeBuilder | undefined;
  /** When set, the offset of every comment is recorded here. */
  comments: number[] | undefined;
  /** The ambiguous plain scalars of the current document (see `FastDocument.ambiguous`). */
  private ambiguous: number[] = [];
  /** The problems of the current document (see `FastDocument.problems`). */
  private problems: SyntaxProblem[] = [];

  // What follows the trivia after the last node read (set by skipToContent).
  private nx = 0;
  private nxIndent = 0;
  private nxLine = 0;
  private nxKind = Next.Eof;

  // Blank and comment lines skipped by the last skipToContent, as [isComment, indent, lineEnd] triples.
  // Kept across calls with a count of the integers in use (`triviaLength`): emptying an array by
  // setting its length is a call into the runtime, and skipToContent does it after every line.
  private trivia: number[] = [];
  private triviaLength = 0;
  // The trailing trivia group of the last leaf (see closeCollection): where it ends, its deepest comment.
  private groupEnd = 0;
  private groupMaxIndent = -1;
  private groupPending = false;
  private lastLeafNull = false;
  // range[2] of the last empty value (its document may end there).
  private nullEnd = 0;
  // range[2] of the value just read (spans mode): where its parent collection ends if it is the last item.
  private e2 = 0;
  // End of the last quoted scalar or flow collection read.
  private end = 0;
  // The items of the sequences being read, innermost last (`itemCount` in use): each list is made at its
  // size once complete (`takeItems`), rather than grown item by item and copied to its size (as
  // `exactCopy` does for lists a run keeps, issue 14), which made two lists for every one kept.
  private readonly items: unknown[] = [];
  private itemCount = 0;
  // Nesting depth of collections; deep nesting is left to the reference (and never occurs in manifests).
  private depth = 0;

  constructor(text: string, spans: boolean) {
    this.t = text;
    this.n = text.length;
    this.spans = spans;
    this.b = spans ? new SpanTreeBuilder(text) : undefined;
  }

  readStream(): { docs: FastDocument[]; roots: SpanTree[] } {
    const docs: FastDocument[] = [];
    const roots: SpanTree[] = [];
    const t = this.t;
    let p = 0;
    for (;;) {
      let kind = this.skipToContent(p);
      if (kind === Next.Eof) break;
      if (kind === Next.DocEnd) fail(); // `...` with no document before it is an error
      let start: number;
      let value: unknown;
      if (kind === Next.DocStart) {
        start = this.nxLine;
        // `---` may be followed by a comment only; content on the marker line is left to the reference.
        let q = start + 3;
        while (t.charCodeAt(q) === SPACE) q++;
        const afterMarker = q;
        const sameLineComment = q < this.n && t.charCodeAt(q) === HASH;
        if (q < this.n && !isBreak(t.charCodeAt(q)) && !sameLineComment) fail();
        if (sameLineComment) this.comments?.push(q);
        kind = this.skipToContent(this.lineAfter(q));
        if (kind !== Next.Content) {
          // An empty document: a null placed after the marker, reaching over its comments if any.
          const end = sameLineComment || this.triviaHasComment() ? this.triviaEnd() : afterMarker;
          const after = kind === Next.DocEnd ? this.afterDocEnd() : end;
          docs.push({ value: null, start, end: after, ambiguous: NONE, problems: NO_PROBLEMS });
          if (this.b) {
            this.b.leaf(afterMarker, afterMarker, false);
            roots.push(this.b.finish());
          }
          p = kind === Next.DocEnd ? after : kind === Next.DocStart ? this.nxLine : this.n;
          continue;
        }
      } else {
        start = this.nx;
      }
      if (this.nxIndent !== 0) fail();
      this.lastLeafNull = false;
      this.ambiguous = [];
      this.problems = [];
      value = this.readNode(this.nx, 0, 0, true);
      kind = this.nxKind;
      if (kind === Next.Content) fail();
      const end = kind === Next.DocEnd ? this.afterDocEnd() : this.lastLeafNull ? this.nullEnd : this.triviaEnd();
      docs.push({ value, start, end, ambiguous: this.ambiguous.length > 0 ? this.ambiguous : NONE, problems: this.problems.length > 0 ? this.problems : NO_PROBLEMS });
      if (this.b) roots.push(this.b.finish());
      p = kind === Next.DocEnd ? end : kind === Next.DocStart ? this.nxLine : this.n;
    }
    return { docs, roots };
  }

  /** Offset after the `...` line at nxLine (the marker may be followed by a comment). */
  private afterDocEnd(): number {
    const t = this.t;
    let q = this.nxLine + 3;
    while (t.charCodeAt(q) === SPACE) q++;
    if (q < this.n && !isBreak(t.charCodeAt(q)) && !(t.charCodeAt(q) === HASH && q > this.nxLine + 3)) fail();
    if (q < this.n && t.charCodeAt(q) === HASH) this.comments?.push(q);
    return this.lineAfter(q);
  }

  /** Start of the line after the one containing `q`, or the text length. */
  private lineAfter(q: number): number {
    const nl = this.t.indexOf('\n', q);
    return nl === -1 ? this.n : nl + 1;
  }

  /**
   * Skips blank and comment lines from the line start `ls` and records what comes next: content
   * (position and indent), a document marker, or the end of the text.
   */
  private skipToContent(ls: number): Next {
    const t = this.t;
    const n = this.n;
    this.triviaLength = 0;
    for (;;) {
      if (ls >= n) {
        this.nxKind = Next.Eof;
        this.nx = this.nxLine = n;
        return Next.Eof;
      }
      let p = ls;
      while (t.charCodeAt(p) === SPACE) p++;
      if (p >= n) {
        this.nxKind = Next.Eof;
        this.nx = this.nxLine = n;
        return Next.Eof;
      }
      const c = t.charCodeAt(p);
      if (c === TAB) fail(); // tabs in indentation have rules of their own
      if (isBreak(c)) {
        const next = c === CR ? p + 2 : p + 1;
        this.addTrivia(0, p - ls, next);
        ls = next;
        continue;
      }
      if (c === HASH) {
        const next = this.lineAfter(p);
        this.comments?.push(p);
        this.addTrivia(1, p - ls, next);
        ls = next;
        continue;
      }
      if (p === ls && (c === DASH || c === DOT) && p + 2 < n && t.charCodeAt(p + 1) === c && t.charCodeAt(p + 2) === c) {
        const after = p + 3 < n ? t.charCodeAt(p + 3) : NL;
        if (isBreak(after) || after === SPACE) {
          this.nxKind = c === DASH ? Next.DocStart : Next.DocEnd;
          this.nx = this.nxLine = ls;
          this.nxIndent = 0;
          return this.nxKind;
        }
      }
      this.nxKind = Next.Content;
      this.nx = p;
      this.nxLine = ls;
      this.nxIndent = p - ls;
      return Next.Content;
    }
  }

  private addTrivia(comment: number, indent: number, lineEnd: number): void {
    const trivia = this.trivia;
    const at = this.triviaLength;
    trivia[at] = comment;
    trivia[at + 1] = indent;
    trivia[at + 2] = lineEnd;
    this.triviaLength = at + 3;
  }

  private triviaHasComment(): boolean {
    const trivia = this.trivia;
    for (let i = 0; i < this.triviaLength; i += 3) if (trivia[i] === 1) return true;
    return false;
  }

  /** Where the trivia before the next token ends: that token, a marker line, or the end of the text. */
  private triviaEnd(): number {
    return this.nxKind === Next.Content ? this.nx : this.nxLine;
  }

  /** Where the line break ending just before `lineStart` begins (its CR, in a CRLF). */
  private breakBefore(lineStart: number): number {
    return this.t.charCodeAt(lineStart - 2) === CR ? lineStart - 2 : lineStart - 1;
  }

  private isDashItem(p: number): boolean {
    const t = this.t;
    if (t.charCodeAt(p) !== DASH) return false;
    const c = t.charCodeAt(p + 1);
    return p + 1 >= this.n || c === SPACE || isBreak(c);
  }

  /** A block node starting at content position `p` in column `col`; `parentIndent` is the container's indent. */
  private readNode(p: number, col: number, parentIndent: number, root: boolean): unknown {
    if (this.isDashItem(p)) return this.readSeq(col, p);
    if (this.keyColon(p) !== -1) return this.readMap(col, p);
    if (root) fail(); // a document that is a bare scalar: not a manifest, leave it to the reference
    const c = this.t.charCodeAt(p);
    if (c === PIPE || c === GT) fail(); // block scalar header on its own line
    return this.readInlineValue(p, parentIndent);
  }

  /** When a map key starts at `p`, the offset of its `:`; otherwise -1. Sets `end` to the key's end. */
  private keyColon(p: number): number {
    const t = this.t;
    const c = t.charCodeAt(p);
    let q: number;
    if (c === DQUOTE || c === SQUOTE) {
      if (!this.skipQuoted(p)) return -1;
      q = this.end;
      while (t.charCodeAt(q) === SPACE) q++;
      if (t.charCodeAt(q) !== COLON) return -1;
    } else {
      if (isIndicatorStart(c) || (c === DASH && this.isDashItem(p))) return -1;
      const end = this.scanPlain(p);
      if (this.stop !== COLON) return -1;
      q = this.stopAt;
      this.end = end;
    }
    const after = t.charCodeAt(q + 1);
    return q + 1 >= this.n || after === SPACE || isBreak(after) ? q : -1;
  }

  // Where scanPlain stopped: COLON (a key indicator at stopAt), HASH (a comment at stopAt), NL (line end
  // at stopAt) or, in a flow collection, COMMA (a flow indicator `,[]{}` at stopAt).
  private stop = NL;
  private stopAt = 0;

  /**
   * Scans a single-line plain scalar; returns its end (trailing spaces excluded). In a flow collection
   * (`flow`) the flow indicators end it too, and a `:` before one is a key indicator; a scalar that goes
   * on to the next line is left to the reference parser by the caller.
   */
  private scanPlain(p: number, flow = false): number {
    const t = this.t;
    const n = this.n;
    let end = p;
    for (let i = p; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c === COLON) {
        const next = t.charCodeAt(i + 1);
        if (i + 1 >= n || next === SPACE || isBreak(next) || (flow && isFlowIndicator(next))) {
          this.stop = COLON;
          this.stopAt = i;
          return end;
        }
        end = i + 1;
      } else if (flow && isFlowIndicator(c)) {
        this.stop = COMMA;
        this.stopAt = i;
        return end;
      } else if (c === SPACE) {
        if (t.charCodeAt(i + 1) === HASH) {
          this.stop = HASH;
          this.stopAt = i + 1;
          return end;
        }
      } else if (isBreak(c)) {
        this.stop = NL;
        this.stopAt = i;
        return end;
      } else if (c === TAB) {
        fail();
      } else {
        end = i + 1;
      }
    }
    this.stop = NL;
    this.stopAt = n;
    return end;
  }

  /** Finds the end of a single-line quoted scalar at `p` (sets `end`); false when it does not close on its line. */
  private skipQuoted(p: number): boolean {
    const t = this.t;
    const quote = t.charCodeAt(p);
    for (let i = p + 1; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (isBreak(c)) return false;
      if (c === TAB) fail();
      if (c === quote) {
        if (quote === SQUOTE && t.charCodeAt(i + 1) === SQUOTE) {
          i++;
          continue;
        }
        this.end = i + 1;
        return true;
      }
      if (c === BACKSLASH && quote === DQUOTE) {
        if (isBreak(t.charCodeAt(i + 1))) return false; // an escaped line break: a multi-line scalar
        i++;
      }
    }
    return false;
  }

  /** The value of a single-line quoted scalar at `p`; sets `end`. */
  private readQuoted(p: number): string {
    if (!this.skipQuoted(p)) fail();
    const t = this.t;
    const end = this.end;
    const body = t.slice(p + 1, end - 1);
    if (t.charCodeAt(p) === SQUOTE) return body.includes("'") ? ownString(body.replace(/''/g, "'")) : body.length <= SHARED_WORD_LENGTH ? sharedWord(t, p + 1, end - 1) : ownString(body);
    if (!body.includes('\\')) return body.length <= SHARED_WORD_LENGTH ? sharedWord(t, p + 1, end - 1) : ownString(body);
    let out = '';
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]!;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const next = body[++i];
      if (next === undefined) fail();
      const simple = ESCAPES[next];
      if (simple !== undefined) {
        out += simple;
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = body.substring(i + 1, i + 1 + length);
        if (hex.length !== length || !HEX_RE.test(hex)) fail();
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) fail();
        out += String.fromCodePoint(code);
        i += length;
      } else {
        fail();
      }
    }
    return ownString(out);
  }

  private readMap(indent: number, first: number): Record<string, unknown> {
    if (++this.depth > MAX_NESTING) fail();
    const t = this.t;
    const spans = this.spans;
    const b = this.b;
    const map: Record<string, unknown> = {};
    const node = b ? b.open(first, true) : -1;
    let count = 0;
    let p = first;
    for (;;) {
      const colon = this.keyColon(p);
      if (colon === -1) fail();
      const keyEnd = this.end;
      const c = t.charCodeAt(p);
      let key: string;
      if (c === DQUOTE || c === SQUOTE) {
        key = this.readQuoted(p);
      } else if (spans) {
        key = ''; // the spans pass compares plain keys with the text itself
      } else {
        // Null, boolean and number keys are left to the reference.
        key = (keyEnd - p <= SHARED_KEY_LENGTH ? sharedWords.plainKey(sharedWords.slot(t, p, keyEnd)) : plainKey(t.slice(p, keyEnd))) ?? fail();
      }
      if (colon - p > 1024) fail(); // the reference's KEY_OVER_1024_CHARS
      const quoted = c === DQUOTE || c === SQUOTE;
      b?.key(p, keyEnd, !quoted, quoted ? key : undefined);
      count++;
      let v = colon + 1;
      while (t.charCodeAt(v) === SPACE) v++;
      const cv = v < this.n ? t.charCodeAt(v) : NL;
      let value: unknown;
      if (cv === HASH) this.comments?.push(v);
      if (isBreak(cv) || cv === HASH) {
        this.skipToContent(this.lineAfter(v));
        if (this.nxKind === Next.Content && (this.nxIndent > indent || (this.nxIndent === indent && this.isDashItem(this.nx)))) {
          value = this.readNode(this.nx, this.nxIndent, indent, false);
        } else {
          value = null;
          this.endNullLeaf(v, indent === 0, cv === HASH);
        }
      } else {
        value = this.readInlineValue(v, indent);
      }
      if (!spans) setKey(map, key, value);
      if (this.nxKind === Next.Content && this.nxIndent === indent) {
        p = this.nx;
        continue;
      }
      if (this.nxKind === Next.Content && this.nxIndent > indent) fail();
      break;
    }
    this.closeCollection(node, count, indent);
    this.depth--;
    return map;
  }

  private readSeq(indent: number, first: number): unknown[] {
    if (++this.depth > MAX_NESTING) fail();
    const t = this.t;
    const base = this.itemCount;
    const node = this.b ? this.b.open(first, false) : -1;
    let p = first;
    // Comments that reach the sequence between items become the next item's leading tokens, which
    // count for an empty item (parser.js blockSequence puts the trailing group in the item's start).
    let leadingComment = false;
    for (;;) {
      let v = p + 1;
      while (t.charCodeAt(v) === SPACE) v++;
      const cv = v < this.n ? t.charCodeAt(v) : NL;
      let value: unknown;
      if (cv === HASH) this.comments?.push(v);
      if (isBreak(cv) || cv === HASH) {
        this.skipToContent(this.lineAfter(v));
        if (this.nxKind === Next.Content && this.nxIndent > indent) {
          value = this.readNode(this.nx, this.nxIndent, indent, false);
        } else {
          value = null;
          this.endNullLeaf(v, false, cv === HASH || leadingComment);
        }
      } else {
        const col = indent + (v - p);
        if (this.isDashItem(v)) value = this.readSeq(col, v);
        else if (this.keyColon(v) !== -1) value = this.readMap(col, v);
        else value = this.readInlineValue(v, indent);
      }
      this.pushItem(value);
      if (this.nxKind === Next.Content && this.nxIndent === indent && this.isDashItem(this.nx)) {
        p = this.nx;
        leadingComment = this.groupPending && this.groupMaxIndent >= 0;
        continue;
      }
      if (this.nxKind === Next.Content && this.nxIndent > indent) fail();
      break;
    }
    this.closeCollection(node, this.itemCount - base, indent);
    this.depth--;
    return this.takeItems(base);
  }

  private pushItem(value: unknown): void {
    this.items[this.itemCount++] = value;
  }

  /** The items pushed since `base`, as a list of their number, taken off the stack. */
  private takeItems(base: number): unknown[] {
    const list = this.items.slice(base, this.itemCount);
    this.itemCount = base;
    return list;
  }

  /**
   * A scalar or flow collection after `key: ` or `- ` (or alone on its line), ending its line.
   * `parentIndent` is the indent of the collection holding it.
   */
  private readInlineValue(p: number, parentIndent: number): unknown {
    const t = this.t;
    const c = t.charCodeAt(p);
    let value: unknown;
    let end: number;
    let flow = false;
    let plain = false;
    // The spans pass reads text the values pass accepted; it skips building values.
    if (c === DQUOTE || c === SQUOTE) {
      if (this.spans) this.skipQuoted(p);
      else value = this.readQuoted(p);
      end = this.end;
    } else if (c === LBRACKET || c === LBRACE) {
      value = this.readFlow(p);
      end = this.end;
      flow = true;
    } else if (c === PIPE || c === GT) {
      return this.readBlockScalar(p, parentIndent);
    } else if (isIndicatorStart(c) || this.isDashItem(p)) {
      return fail();
    } else {
      end = this.scanPlain(p);
      if (this.stop === COLON) fail(); // `key: a: b`, a compact nested map: an error in the reference
      if (!this.spans) value = this.plainValue(p, end);
      plain = true;
    }
    // The rest of the line may hold spaces and a comment (which needs a space before it).
    let q = end;
    while (t.charCodeAt(q) === SPACE) q++;
    if (q < this.n) {
      const rest = t.charCodeAt(q);
      if (rest === HASH) {
        if (q === end) fail();
        this.comments?.push(q);
      } else if (!isBreak(rest)) {
        fail();
      }
    }
    const ls = this.lineAfter(q);
    this.skipToContent(ls);
    this.lastLeafNull = false;
    if (this.b && !flow) this.b.leaf(p, end, plain);
    this.endFlowLeaf(ls, parentIndent);
    return value;
  }

  /**
   * Spans of a scalar or flow collection. Its `range[2]` runs to its line end, plus the comment lines
   * more indented than its collection that follow (the CST parser appends those to the token's
   * `end`); the trivia after that is the trailing group that closeCollection places.
   */
  private endFlowLeaf(lineEnd: number, parentIndent: number): void {
    let e2 = lineEnd;
    let maxIndent = -1;
    let absorbing = true;
    const trivia = this.trivia;
    for (let i = 0; i < this.triviaLength; i += 3) {
      if (trivia[i] !== 1) continue;
      const indent = trivia[i + 1]!;
      if (absorbing && indent > parentIndent) {
        e2 = trivia[i + 2]!;
      } else {
        absorbing = false;
        if (indent > maxIndent) maxIndent = indent;
      }
    }
    this.e2 = e2;
    this.setGroup(maxIndent);
  }

  private setGroup(maxIndent: number): void {
    this.groupEnd = this.triviaEnd();
    this.groupMaxIndent = maxIndent;
    this.groupPending = true;
  }

  /**
   * Spans of an empty value (`key:` or `-` with nothing after it). It sits after the indicator and
   * its spaces; when a comment follows before the next token, `range[2]` runs to that token.
   */
  private endNullLeaf(at: number, inRootMap: boolean, sameLineComment: boolean): void {
    this.lastLeafNull = true;
    this.groupPending = false;
    const trivia = this.trivia;
    let end = this.triviaEnd();
    let hasComment = sameLineComment || this.triviaHasComment();
    if (inRootMap && this.nxKind === Next.DocStart) {
      // The parser meets `---` as the root map's next item and cuts the empty value's tokens at the
      // second newline after the last `:` or more-indented comment (parser.js blockMap, atNextItem).
      let newlines = [this.breakBefore(this.lineAfter(at))];
      let cut = -1;
      for (let i = 0; i < this.triviaLength; i += 3) {
        if (trivia[i] === 1 && trivia[i + 1]! > 0) newlines = [];
        newlines.push(this.breakBefore(trivia[i + 2]!));
      }
      if (newlines.length >= 2) cut = newlines[1]!;
      if (cut !== -1) {
        end = cut;
        hasComment = sameLineComment;
        for (let i = 0; i < this.triviaLength; i += 3) if (trivia[i] === 1 && this.breakBefore(trivia[i + 2]!) <= cut) hasComment = true;
      }
    }
    this.nullEnd = hasComment ? end : at;
    if (this.b) {
      this.b.leaf(at, at, false);
      this.e2 = this.nullEnd;
    }
  }

  /**
   * Ends a block collection: it ends where its last item's `range[2]` does. Its own `range[2]`
   * takes the trailing comment group when the parser leaves that group inside it: when the
   * collection is indented and some comment of the group is at least as indented (parser.js pop()).
   */
  private closeCollection(node: number, count: number, indent: number): void {
    const sticks = this.groupPending && indent !== 0 && this.groupMaxIndent >= indent;
    if (sticks) this.groupPending = false;
    if (!this.b) return;
    // e2 is still the last item's.
    const end = this.e2;
    this.b.close(node, end, count);
    this.e2 = sticks ? this.groupEnd : end;
  }

  /** A `|` or `>` block scalar whose header is at `p`; mirrors the lexer's extent and the composer's folding. */
  private readBlockScalar(p: number, parentIndent: number): string {
    const t = this.t;
    const n = this.n;
    const folded = t.charCodeAt(p) === GT;
    let h = p + 1;
    let chomp = 0; // 0 clip, DASH strip, 43 keep
    const hc = t.charCodeAt(h);
    if (hc === DASH || hc === 43) {
      chomp = hc;
      h++;
    }
    // Indentation indicators and anything else in the header are left to the reference.
    let q = h;
    if (q < n && t.charCodeAt(q) !== SPACE && !isBreak(t.charCodeAt(q))) fail();
    while (t.charCodeAt(q) === SPACE) q++;
    if (q < n && !isBreak(t.charCodeAt(q)) && t.charCodeAt(q) !== HASH) fail();
    if (q < n && t.charCodeAt(q) === HASH) this.comments?.push(q);
    const lineEnd = t.indexOf('\n', q);
    if (lineEnd === -1) fail();
    const bodyStart = lineEnd + 1;
    // Lexer (parseBlockScalar): skip blank lines, take the first content line's indent, continue while
    // lines are blank or at least that indented.
    const indentNext = parentIndent + 1;
    let nl = bodyStart - 1;
    let indent = 0;
    for (let i = bodyStart; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c === SPACE) indent++;
      else if (c === NL) {
        nl = i;
        indent = 0;
      } else if (c !== CR) break;
    }
    if (indent >= indentNext) {
      const contentIndent = indent;
      do {
        const cs = this.continueBlock(nl + 1, contentIndent);
        if (cs === -1) break;
        nl = t.indexOf('\n', cs);
      } while (nl !== -1);
      if (nl === -1) nl = n;
    }
    // The lexer takes a following line indented with spaces then a tab into the scalar (to report it).
    let after = nl + 1;
    while (t.charCodeAt(after) === SPACE) after++;
    if (t.charCodeAt(after) === TAB) fail();
    if (chomp !== 43) {
      // Drop trailing lines that hold no more than `indent` spaces (they belong to what follows).
      for (;;) {
        let i = nl - 1;
        if (t.charCodeAt(i) === CR) i--;
        const lastChar = i;
        while (t.charCodeAt(i) === SPACE) i--;
        if (i >= 0 && t.charCodeAt(i) === NL && i >= bodyStart && i + 1 + indent > lastChar) nl = i;
        else break;
      }
    }
    const tokenEnd = Math.min(nl + 1, n);
    const value = this.spans ? '' : ownString(blockScalarValue(t.slice(bodyStart, tokenEnd), parentIndent, folded, chomp));
    this.skipToContent(tokenEnd);
    this.lastLeafNull = false;
    if (this.b) {
      this.b.leaf(p, tokenEnd, false);
      this.e2 = tokenEnd;
    }
    let maxIndent = -1;
    const trivia = this.trivia;
    for (let i = 0; i < this.triviaLength; i += 3) if (trivia[i] === 1 && trivia[i + 1]! > maxIndent) maxIndent = trivia[i + 1]!;
    this.setGroup(maxIndent);
    return value;
  }

  /** The lexer's continueScalar for block scalars: the offset to continue from, or -1. */
  private continueBlock(offset: number, indentNext: number): number {
    const t = this.t;
    let indent = 0;
    while (t.charCodeAt(offset + indent) === SPACE) indent++;
    const at = offset + indent;
    const c = t.charCodeAt(at);
    if (c === CR) return at + 1;
    return c === NL || indent >= indentNext ? at : -1;
  }

  /** A single-line flow collection at `p`; sets `end` after its closing bracket. */
  private readFlow(p: number): unknown {
    if (++this.depth > MAX_NESTING) fail();
    const t = this.t;
    const spans = this.spans;
    const b = this.b;
    const open = t.charCodeAt(p);
    const close = open === LBRACKET ? RBRACKET : RBRACE;
    const base = this.itemCount;
    const map: Record<string, unknown> | undefined = open === LBRACE ? {} : undefined;
    const node = b ? b.open(p, !!map) : -1;
    let count = 0;
    let i = p + 1;
    while (t.charCodeAt(i) === SPACE) i++;
    if (t.charCodeAt(i) !== close) {
      for (;;) {
        if (map) {
          const keyStart = i;
          const c = t.charCodeAt(i);
          let key: string;
          let keyEnd: number;
          if (c === DQUOTE || c === SQUOTE) {
            key = this.readQuoted(i);
            keyEnd = this.end;
            i = keyEnd;
            while (t.charCodeAt(i) === SPACE) i++;
            if (t.charCodeAt(i) !== COLON) fail();
            i++;
          } else {
            if (!this.flowPlainStart(i)) fail();
            keyEnd = this.scanPlain(i, true);
            if (this.stop !== COLON) fail();
            key = t.slice(keyStart, keyEnd);
            if (!spans && typeof resolvePlain(key) !== 'string') fail();
            i = this.stopAt + 1;
            if (t.charCodeAt(i) !== SPACE) fail(); // `{a:,}` or `{a:}`: an empty value, left to the reference
          }
          while (t.charCodeAt(i) === SPACE) i++;
          const quoted = c === DQUOTE || c === SQUOTE;
          b?.key(keyStart, keyEnd, !quoted, quoted ? key : undefined);
          const value = this.readFlowItem(i);
          if (!spans) setKey(map, key, value);
        } else {
          this.pushItem(this.readFlowItem(i));
        }
        count++;
        i = this.end;
        while (t.charCodeAt(i) === SPACE) i++;
        const c = t.charCodeAt(i);
        if (c === COMMA) {
          i++;
          while (t.charCodeAt(i) === SPACE) i++;
          if (t.charCodeAt(i) === close) fail(); // a trailing comma
          continue;
        }
        if (c === close) break;
        fail();
      }
    }
    this.end = i + 1;
    if (b) {
      b.close(node, this.end, count);
      this.e2 = this.end;
    }
    this.depth--;
    return map ?? this.takeItems(base);
  }

  /** One item of a flow collection (a value, never a key or a pair); sets `end`. */
  private readFlowItem(i: number): unknown {
    const t = this.t;
    const c = t.charCodeAt(i);
    let value: unknown;
    let plain = false;
    if (c === LBRACKET || c === LBRACE) return this.readFlow(i);
    if (c === DQUOTE || c === SQUOTE) {
      if (this.spans) this.skipQuoted(i);
      else value = this.readQuoted(i);
      let q = this.end;
      while (t.charCodeAt(q) === SPACE) q++;
      if (t.charCodeAt(q) === COLON) fail(); // an implicit pair inside a flow sequence
    } else {
      if (!this.flowPlainStart(i)) fail();
      const end = this.scanPlain(i, true);
      if (this.stop !== COMMA) fail();
      if (!this.spans) value = this.plainValue(i, end);
      this.end = end;
      plain = true;
    }
    this.b?.leaf(i, this.end, plain);
    return value;
  }

  /**
   * A plain scalar value as kubectl reads it, recording it when YAML 1.2 reads it otherwise, and as a
   * problem when it is NaN or an infinity, which kubectl cannot write as JSON.
   */
  private plainValue(start: number, end: number): unknown {
    const t = this.t;
    const c = t.charCodeAt(start);
    const length = end - start;
    // Most values are words that no reader takes for anything but a string.
    if (((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && !NON_STRING_INITIALS.has(c)) return length <= SHARED_WORD_LENGTH ? sharedWord(t, start, end) : ownString(t.slice(start, end));
    // And many are small decimal numbers, which every reader reads alike.
    if (c >= 49 && c <= 57 && length <= 15) {
      const number = decimalAt(t, start, end);
      if (number !== -1) return number;
    }
    const reading = length <= SHARED_WORD_LENGTH ? sharedWords.reading(sharedWords.slot(t, start, end)) : readPlain(t.slice(start, end));
    const value = reading.value;
    if (reading.nonFinite) this.problems.push({ message: nonFiniteMessage(t.slice(start, end), value as number), span: { start, end } });
    if (reading.ambiguous) this.ambiguous.push(start, end);
    return value;
  }

  /** Whether a plain scalar may start at `i` inside a flow collection (`-1` may, `- ` and `-,` may not). */
  private flowPlainStart(i: number): boolean {
    const c = this.t.charCodeAt(i);
    if (c !== DASH) return i < this.n && !isBreak(c) && c !== SPACE && !isIndicatorStart(c);
    const next = this.t.charCodeAt(i + 1);
    return i + 1 < this.n && next !== SPACE && !isBreak(next) && !isFlowIndicator(next);
  }

}

/**
 * Map keys and short values, one string each for the whole run. The same few words (`name`, `ports`,
 * `TCP`, `http`, `Always`, label values) recur in every manifest of a tree: one string each, shared by
 * every document, keeps the parsed values of 100,000 files hundreds of megabytes smaller (issue 14).
 * They are looked up by their place in the text, without cutting them out of it first: a run reads
 * millions of keys, and cutting each (a string to allocate, hash and, as a property name, look up in
 * V8's own string table) was the largest part of the fast reader's time and garbage. A slot also
 * remembers what the reader checked of a word once (a plain key that is no null, boolean or number).
 * The table starts afresh when full, so input of ever new words cannot grow it without bound.
 */
const SHARED_WORD_LENGTH = 24;
/** Keys up to this length are shared (longer ones are rare, and a full table holds no more than 64 MB of them). */
const SHARED_KEY_LENGTH = 64;
const SHARED_WORDS_MAX = 1 << 16;
/** Slots of the open-addressing table: twice the words it holds, so that probes stay short. */
const WORD_SLOTS = SHARED_WORDS_MAX * 2;
/** Flag of a slot: the word, as a plain key, reads as a string (`resolvePlain`), so it may be a key here. */
const STRING_KEY = 1;
/** Flag of a slot: the word was checked as a plain key. */
const KEY_CHECKED = 2;
/** Flag of a slot: the word names a property of Object.prototype (`setKey`). */
const PROTOTYPE_KEY = 4;

class WordTable {
  private words: (string | undefined)[] = new Array<string | undefined>(WORD_SLOTS);
  private flags = new Uint8Array(WORD_SLOTS);
  private readings: (PlainReading | undefined)[] = new Array<PlainReading | undefined>(WORD_SLOTS);
  private count = 0;

  /** The slot of the word `text[start, end)`, added if new; valid until the next call. */
  slot(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const length = end - start;
    const words = this.words;
    let slot = hash & (WORD_SLOTS - 1);
    for (;;) {
      const word = words[slot];
      if (word === undefined) break;
      if (word.length === length && sameText(word, text, start)) return slot;
      slot = (slot + 1) & (WORD_SLOTS - 1);
    }
    if (this.count >= SHARED_WORDS_MAX) {
      this.words = new Array<string | undefined>(WORD_SLOTS);
      this.flags = new Uint8Array(WORD_SLOTS);
      this.readings = new Array<PlainReading | undefined>(WORD_SLOTS);
      this.count = 0;
      return this.slot(text, start, end);
    }
    const word = ownString(text.slice(start, end));
    words[slot] = word;
    this.flags[slot] = PROTOTYPE_KEYS.has(word) ? PROTOTYPE_KEY : 0;
    this.count++;
    return slot;
  }

  word(slot: number): string {
    return this.words[slot]!;
  }

  /** The word at `slot` as a plain map key: undefined when it reads as a null, boolean or number (see readMap). */
  plainKey(slot: number): string | undefined {
    let flags = this.flags[slot]!;
    const word = this.words[slot]!;
    if ((flags & KEY_CHECKED) === 0) {
      flags |= KEY_CHECKED | (plainKey(word) !== undefined ? STRING_KEY : 0);
      this.flags[slot] = flags;
    }
    return (flags & STRING_KEY) !== 0 ? word : undefined;
  }

  /** How the readers read the word at `slot` as a plain scalar. */
  reading(slot: number): PlainReading {
    let reading = this.readings[slot];
    if (reading === undefined) this.readings[slot] = reading = readPlain(this.words[slot]!);
    return reading;
  }

  /** Whether the word at `slot` names a property of Object.prototype. */
  isPrototypeKey(slot: number): boolean {
    return (this.flags[slot]! & PROTOTYPE_KEY) !== 0;
  }
}

/** `text` as a plain map key: undefined when it reads as a null, boolean or number. */
function plainKey(text: string): string | undefined {
  return typeof resolvePlain(text) === 'string' ? text : undefined;
}

/**
 * A plain scalar as kubectl reads it (the value), whether YAML 1.2 reads it otherwise (`ambiguous`,
 * see `FastDocument.ambiguous`) and whether it is NaN or an infinity, which kubectl cannot write as JSON.
 */
interface PlainReading {
  readonly value: unknown;
  readonly ambiguous: boolean;
  readonly nonFinite: boolean;
}

function readPlain(text: string): PlainReading {
  const read = kubectlPlain(text);
  const value = typeof read === 'string' ? ownString(read) : read;
  return { value, ambiguous: readingsDiffer(value, resolvePlain(text)), nonFinite: typeof value === 'number' && !Number.isFinite(value) };
}

/** The number `text[start, end)` writes when it is all decimal digits (15 at most: exact in a double), else -1. */
function decimalAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function sameText(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

const sharedWords = new WordTable();

/** The shared string of `text[start, end)`. */
function sharedWord(text: string, start: number, end: number): string {
  return sharedWords.word(sharedWords.slot(text, start, end));
}

/**
 * The value of a block scalar from its content lines, as `yaml`'s resolveBlockScalar computes it
 * (auto-detected indentation; `parentIndent` is the indent of the collection holding it).
 */
function blockScalarValue(source: string, parentIndent: number, folded: boolean, chomp: number): string {
  const lines = source ? splitLines(source) : [];
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = lines[i]![1];
    if (content === '' || content === '\r') chompStart = i;
    else break;
  }
  if (chompStart === 0) return chomp === 43 && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : '';
  let trimIndent = parentIndent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i]!;
    if (content === '' || content === '\r') {
      if (indent.length > trimIndent) trimIndent = indent.length;
    } else {
      // More-indented leading empty lines need an explicit indentation indicator: an error there.
      if (indent.length < trimIndent) fail();
      trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0) fail();
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i]![0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += lines[i]![0].slice(trimIndent) + '\n';
  for (let i = contentStart; i < chompStart; ++i) {
    const [indent, raw] = lines[i]!;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content && indent.length < trimIndent) fail();
    if (!folded) {
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
    } else if (indent.length > trimIndent || content[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (chomp === 43) {
    for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i]![0].slice(trimIndent);
    if (value[value.length - 1] !== '\n') value += '\n';
  } else if (chomp !== DASH) {
    value += '\n';
  }
  return value;
}

/** Lines as `[indent, content]`, as the library splits a block scalar. */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0]!;
  const m = /^( *)/.exec(first);
  const lines: [string, string][] = [m?.[1] ? [m[1], first.slice(m[1].length)] : ['', first]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i]!, split[i + 1]!]);
  return lines;
}
