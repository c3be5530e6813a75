import { Composer, CST, isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, Parser, Scalar, type Document, type Node } from 'yaml';
import { MAX_NESTING } from './fast-yaml.ts';
import type { NodeLocation, ParsedDocument, Path, SourceFile, Span, SyntaxProblem } from './types.ts';

/** Aliases beyond this many per document are treated as an alias bomb rather than expanded. */
const MAX_ALIAS_COUNT = 1000;

/** `logLevel: 'error'`: the library must never print warnings (such as on map keys that are maps) to stderr. */
const OPTIONS = { prettyErrors: false, merge: true, logLevel: 'error' } as const;

const TOO_DEEP = `nesting deeper than ${MAX_NESTING} levels of maps and lists; the document is not read`;

/** A `---` document marker at the start of a line, where kubectl splits a stream into documents. */
const DOCUMENT_MARKER = /^---(?=[ \t\r\n]|$)/gm;

/**
 * Parses every document of a YAML or JSON file with the `yaml` library, keeping its AST so that a
 * property path can be turned back into a source range. This is the reference parser: exact, and
 * the one that produces syntax messages.
 *
 * A syntax error can swallow the documents after it (an unclosed quote runs to the end of the
 * file). kubectl splits the stream at `---` lines before parsing, so when a file has errors each
 * `---`-delimited part is parsed on its own: one broken document no longer hides the others.
 */
export function parseWithYaml(file: SourceFile): ParsedDocument[] {
  const whole = parsePart(file, 0, file.text.length, 0);
  if (!whole.some((doc) => doc.problems.length > 0)) return whole;
  const bounds = [...file.text.matchAll(DOCUMENT_MARKER)].map((match) => match.index).filter((start) => start > 0);
  if (bounds.length === 0) return whole;
  bounds.unshift(0);
  bounds.push(file.text.length);
  const docs: ParsedDocument[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) docs.push(...parsePart(file, bounds[i]!, bounds[i + 1]!, docs.length));
  return docs;
}

/** Parses `file.text` from `start` to `end` (a line start and the next one's), with offsets into the whole file. */
function parsePart(file: SourceFile, start: number, end: number, firstIndex: number): ParsedDocument[] {
  const text = start === 0 && end === file.text.length ? file.text : file.text.slice(start, end);
  const tokens = [...new Parser().parse(text)];
  // Checked on the syntax tree (no recursion) before anything recurses over the document.
  const tooDeep = tokens.map(tooDeepAt).filter((offset) => offset !== undefined);
  const docs = [...new Composer(OPTIONS).compose(tokens)];
  return docs.map((doc, index) => {
    const deep = tooDeep.find((offset) => offset >= doc.range[0] && offset <= doc.range[2]);
    return toParsedDocument(file, doc, firstIndex + index, start, deep);
  });
}

function toParsedDocument(file: SourceFile, doc: Document.Parsed, index: number, base: number, tooDeep: number | undefined): ParsedDocument {
  const problems: SyntaxProblem[] = doc.errors
    .filter((error) => tooDeep === undefined || error.code !== 'RESOURCE_EXHAUSTION')
    .map((error) => ({ message: syntaxMessage(error.code, error.message), span: shift(errorSpan(doc, error.code, error.pos), base) }));
  let value: unknown;
  if (tooDeep !== undefined) {
    problems.push({ message: TOO_DEEP, span: { start: base + tooDeep, end: base + tooDeep + 1 } });
  } else {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // toJS throws for alias bombs and undefined aliases; the document is then unreadable.
      problems.push({ message: toJsMessage(error), span: shift(toJsSpan(doc, error), base) });
      value = undefined;
    }
  }
  return {
    file,
    index,
    span: { start: base + doc.range[0], end: base + doc.range[2] },
    value,
    problems,
    locate: (path) => locateInAst(doc.contents, path, base),
  };
}

/** The offset of the first collection nested deeper than MAX_NESTING in a document's syntax tree. */
function tooDeepAt(token: CST.Token): number | undefined {
  if (token.type !== 'document' || !token.value) return undefined;
  // Depth-first in document order: items are pushed last to first, a key after its value.
  const stack: { token: CST.Token; depth: number }[] = [{ token: token.value, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { token: node, depth } = next;
    if (node.type !== 'block-map' && node.type !== 'block-seq' && node.type !== 'flow-collection') continue;
    if (depth + 1 > MAX_NESTING) return node.offset;
    for (let i = node.items.length - 1; i >= 0; i--) {
      const item: CST.CollectionItem = node.items[i]!;
      if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      if (item.key) stack.push({ token: item.key, depth: depth + 1 });
    }
  }
  return undefined;
}

function syntaxMessage(code: string, message: string): string {
  // The library catches a stack overflow while composing and reports it here.
  if (code === 'RESOURCE_EXHAUSTION') return TOO_DEEP;
  return message.split('\n')[0] ?? message;
}

/**
 * Where an error is: the library's position, except for an unclosed quote, which it reports where
 * the text ran out (often many lines and documents later); that is put at the opening quote.
 */
function errorSpan(doc: Document.Parsed, code: string, pos: readonly [number, number]): Span {
  if (code === 'MISSING_CHAR') {
    const quoted = find(doc.contents, (node) => isScalar(node) && (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && node.range?.[1] === pos[0]);
    if (quoted?.range) return { start: quoted.range[0], end: quoted.range[0] + 1 };
  }
  return { start: pos[0], end: Math.max(pos[1], pos[0] + 1) };
}

function toJsMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError) return TOO_DEEP;
  if (/excessive alias count/i.test(text)) return `too many alias expansions (possible alias bomb): ${text}`;
  return text;
}

/** An undefined alias is reported at the alias; anything else at the document's content. */
function toJsSpan(doc: Document.Parsed, error: unknown): Span {
  if (error instanceof Error && /^Unresolved alias/.test(error.message)) {
    const anchors = new Set<string>();
    // An alias refers to the last anchor of that name before it, in document order (Alias.resolve).
    const alias = find(doc.contents, (node) => {
      if (isAlias(node)) return !anchors.has(node.source);
      if (node.anchor) anchors.add(node.anchor);
      return false;
    });
    const span = spanOf(alias, 0);
    if (span) return span;
  }
  return spanOf(doc.contents, 0) ?? { start: doc.range[0], end: doc.range[1] };
}

/** The first node in document order (a key before its value) that satisfies `test`; iterative, as documents may be deep. */
function find(root: Node | null, test: (node: Node) => boolean): Node | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const next = stack.pop();
    if (isPair(next)) {
      stack.push(next.value, next.key);
    } else if (isNode(next)) {
      if (test(next)) return next;
      if (isCollection(next)) for (let i = next.items.length - 1; i >= 0; i--) stack.push(next.items[i]);
    }
  }
  return undefined;
}

function shift(span: Span, base: number): Span {
  return base === 0 ? span : { start: span.start + base, end: span.end + base };
}

function spanOf(node: Node | null | undefined, base: number): Span | undefined {
  if (!node?.range) return undefined;
  return { start: base + node.range[0], end: base + node.range[1] };
}

/** A scalar key as the value's object has it (the `yaml` library's toJS): null as '', anything else as its String. */
function jsKey(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Whether a node is a plain scalar with text and without a tag (see `NodeLocation.plain`); an anchor changes nothing about how it reads. */
function isPlain(node: unknown): boolean {
  return isScalar(node) && node.type === Scalar.PLAIN && !node.tag && !!node.range && node.range[1] > node.range[0];
}

function locateInAst(root: Node | null, path: Path, base: number): NodeLocation | undefined {
  let node: Node | null | undefined = root;
  let key: Span | undefined;
  let keyPlain = false;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && jsKey(item.key.value) === String(segment));
      if (!pair) return undefined;
      key = spanOf(pair.key as Node | null, base);
      keyPlain = isPlain(pair.key);
      node = pair.value as Node | null;
      // `key:` with no value has no value node; point at the key.
      if (!node) return key ? { value: key, key, ...(keyPlain ? { keyPlain: true as const } : {}) } : undefined;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | null | undefined;
      key = undefined;
      keyPlain = false;
      if (!node) return undefined;
    } else {
      return undefined;
    }
  }
  const value = spanOf(node, base);
  if (!value) return undefined;
  return { value, ...(key ? { key } : {}), ...(isPlain(node) ? { plain: true as const } : {}), ...(keyPlain ? { keyPlain: true as const } : {}) };
}
