import { Composer, isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, Lexer, Parser, Scalar, type CST, type Document, type Node } from 'yaml';
import { MAX_NESTING, resolvePlain } from './fast-yaml.ts';
import { indentContinuations, kubectlTabProblems, lenientText } from './lenient-text.ts';
import { kubectlPlain, kubectlTagged, nonFiniteMessage, readingsDiffer } from './kubectl-scalar.ts';
import { SpanTreeBuilder, type SpanTree } from './spans.ts';
import { positionAt } from './text.ts';
import type { ParsedDocument, SourceFile, Span, SyntaxProblem } from './types.ts';


/**
 * `logLevel: 'error'`: the library must never print warnings (such as on map keys that are maps) to
 * stderr. `resolveKnownTags: false`: `!!binary`, `!!timestamp`, `!!set` are read as kubectl reads
 * them (kubectl-scalar.ts), not as the library's byte arrays, dates and sets. `uniqueKeys: false`:
 * the library compares each key with every earlier one of its map (a map of 30,000 keys took
 * minutes); duplicates are found here with a set instead (`duplicateKeys`).
 */
const OPTIONS = { prettyErrors: false, merge: true, logLevel: 'error', resolveKnownTags: false, uniqueKeys: false } as const;

const TOO_DEEP = `nesting deeper than ${MAX_NESTING} levels of maps and lists; the document is not read`;

/** A `---` document marker at the start of a line, where kubectl splits a stream into documents. */
const DOCUMENT_MARKER = /^---(?=[ \t\r\n]|$)/gm;

/**
 * Parses every document of a YAML or JSON file with the `yaml` library, the reference parser and the
 * one that produces syntax messages. Each document's syntax tree is turned into a compact span tree
 * (spans.ts) and dropped, and its scalars are read as kubectl reads them.
 *
 * A syntax error can swallow the documents after it (an unclosed quote runs to the end of the
 * file). kubectl splits the stream at `---` lines before parsing, so when a file has errors each
 * `---`-delimited part is parsed on its own: one broken document no longer hides the others.
 */
export function parseWithYaml(file: SourceFile, options: YamlOptions = {}): ParsedDocument[] {
  const text = lenientText(file.text);
  const kubectl = options.asKubectl ?? true;
  const docs = parseDocuments(file, text, kubectl);
  return kubectl ? withTabProblems(docs, text) : docs;
}

/**
 * The library holds a whole document's syntax trees at once, about fifty times its size in memory
 * (a 19 MB one-line flow list: 1 GB). A `---`-delimited part larger than this is not handed to it, so
 * that a file under the default 20 MB limit stays under a gigabyte.
 */
export const LIBRARY_DOCUMENT_LIMIT = 16 * 1024 * 1024;

function parseDocuments(file: SourceFile, text: string, kubectl: boolean): ParsedDocument[] {
  if (text.length <= LIBRARY_DOCUMENT_LIMIT) {
    const whole = parseRegion(file, text, 0, text.length, 0, kubectl);
    if (!whole.some((doc) => BROKEN.has(doc))) return whole;
  }
  const bounds = [...text.matchAll(DOCUMENT_MARKER)].map((match) => match.index).filter((start) => start > 0);
  bounds.unshift(0);
  bounds.push(text.length);
  const docs: ParsedDocument[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [start, end] = [bounds[i]!, bounds[i + 1]!];
    if (end - start > LIBRARY_DOCUMENT_LIMIT) docs.push(tooLarge(file, start, end, docs.length));
    else docs.push(...parseRegion(file, text, start, end, docs.length, kubectl));
  }
  return docs;
}

/** A part too large for the library: a finding at its start, and nothing read. */
function tooLarge(file: SourceFile, start: number, end: number, index: number): ParsedDocument {
  const size = `${((end - start) / (1024 * 1024)).toFixed(1)} MB`;
  const limit = `${LIBRARY_DOCUMENT_LIMIT / (1024 * 1024)} MB`;
  const doc: ParsedDocument = {
    file,
    index,
    span: { start, end },
    value: undefined,
    problems: [
      {
        message: `this document is ${size}, and needs the full YAML reader (it has anchors, tags, multi-line flow collections or an error), which is not given documents over ${limit}; split it into documents with ---, or write it in block style`,
        span: { start, end: Math.min(start + 1, end) },
      },
    ],
    locate: NOWHERE,
  };
  BROKEN.add(doc);
  return doc;
}

/**
 * Adds the tabs kubectl rejects and YAML 1.2 accepts (`kubectlTabProblems`) as errors of the documents
 * that hold them: kubectl would not apply the file.
 */
function withTabProblems(docs: ParsedDocument[], text: string): ParsedDocument[] {
  const tabs = kubectlTabProblems(text);
  if (tabs.length === 0 || docs.length === 0) return docs;
  const extra = new Map<number, SyntaxProblem[]>();
  for (const { at, message } of tabs) {
    // The last document that starts at or before the tab (a blank line may sit between documents).
    let index = 0;
    while (index + 1 < docs.length && docs[index + 1]!.span.start <= at) index++;
    // The library may have reported the same tab already (as indentation of a key).
    if (docs[index]!.problems.some((problem) => problem.span.start === at)) continue;
    const list = extra.get(index) ?? [];
    list.push({ message, span: { start: at, end: at + 1 } });
    extra.set(index, list);
  }
  return docs.map((doc, index) => {
    const added = extra.get(index);
    if (!added) return doc;
    const updated = { ...doc, problems: [...doc.problems, ...added] };
    if (BROKEN.has(doc)) BROKEN.add(updated);
    return updated;
  });
}

export interface YamlOptions {
  /**
   * Read scalars as kubectl does (YAML 1.1: `yes` is true, `010` is 8), for manifests; the default.
   * kube-netlint's own config file is read as YAML 1.2 (`off` is a severity, not false).
   */
  readonly asKubectl?: boolean;
}

/**
 * Documents with syntax errors (from the library's parser and composer), which may have swallowed
 * the documents after them; not those with only what kubectl cannot read (a NaN, a wrong tag).
 */
const BROKEN = new WeakSet<ParsedDocument>();

/** Parses `text` from `start` to `end` (a line start and the next one's), with offsets into the whole file. */
function parseRegion(file: SourceFile, text: string, start: number, end: number, firstIndex: number, kubectl: boolean): ParsedDocument[] {
  const part = start === 0 && end === text.length ? text : text.slice(start, end);
  const shift = (offset: number) => offset + start;
  const docs = composeAll(file, part, shift, firstIndex, kubectl);
  if (!docs.some((doc) => doc.problems.some((p) => UNDER_INDENTED.test(p.message)))) return docs;
  // kubectl's reader does not ask continuation lines of flow collections and quoted strings to be
  // indented; the library does. Indent them (keeping a map back to the file) and read again.
  const fixed = indentContinuations(part);
  if (!fixed) return docs;
  const retried = composeAll(file, fixed.text, (offset) => shift(fixed.toOriginal(offset)), firstIndex, kubectl);
  const errors = (list: readonly ParsedDocument[]) => list.reduce((sum, doc) => sum + doc.problems.filter((p) => p.severity !== 'warning').length, 0);
  if (errors(retried) >= errors(docs)) return docs;
  return retried.map((doc) => {
    const warnings = fixed.constructs
      .map((construct) => ({ start: shift(construct.line), end: shift(construct.line) + 1, opened: shift(construct.opened), kind: construct.kind }))
      .filter((w) => w.start >= doc.span.start && w.start < Math.max(doc.span.end, doc.span.start + 1))
      .map((w): SyntaxProblem => ({
        message: `this line continues the ${w.kind} opened on line ${positionAt(file, w.opened).line} but is indented less than where it opens; kubectl reads it, YAML 1.2 readers reject it: indent it`,
        span: { start: w.start, end: w.end },
        severity: 'warning',
      }));
    if (warnings.length === 0) return doc;
    const warned = { ...doc, problems: [...doc.problems, ...warnings] };
    if (BROKEN.has(doc)) BROKEN.add(warned);
    return warned;
  });
}

const UNDER_INDENTED = /must be sufficiently indented|Missing closing ['"]quote/;

/**
 * Reads every document of `text` with a streaming lexer, parser and composer, converting each
 * document as it completes. The nesting depth is checked on every lexeme, so a deeply nested input
 * (`[` five million times) is stopped at once instead of growing the syntax tree until memory runs out.
 */
function composeAll(file: SourceFile, text: string, toFile: (offset: number) => number, firstIndex: number, kubectl: boolean): ParsedDocument[] {
  const docs: ParsedDocument[] = [];
  const parser = new Parser();
  const composer = new Composer(OPTIONS);
  const emit = (doc: Document.Parsed) => docs.push(toParsedDocument(file, text, doc, firstIndex + docs.length, toFile, kubectl));
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) for (const doc of composer.next(token)) emit(doc);
    if (parser.stack.length > MAX_NESTING + 1) {
      const deep = tooDeepAt(parser.stack);
      if (deep !== undefined) {
        // The documents the composer completed are kept; the one being read is not.
        const at = toFile(deep);
        const startOfDoc = docs.length > 0 ? docs[docs.length - 1]!.span.end : toFile(0);
        const stub: ParsedDocument = {
          file,
          index: firstIndex + docs.length,
          span: { start: startOfDoc, end: toFile(text.length) },
          value: undefined,
          problems: [{ message: TOO_DEEP, span: { start: at, end: at + 1 } }],
          locate: NOWHERE,
        };
        BROKEN.add(stub);
        docs.push(stub);
        return docs;
      }
    }
  }
  for (const token of parser.end()) for (const doc of composer.next(token)) emit(doc);
  for (const doc of composer.end()) emit(doc);
  return docs;
}

/** The offset of the collection nested one deeper than MAX_NESTING among the parser's open tokens, if any. */
function tooDeepAt(stack: readonly CST.Token[]): number | undefined {
  let depth = 0;
  for (const token of stack) {
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (++depth > MAX_NESTING) return token.offset;
  }
  return undefined;
}

function toParsedDocument(file: SourceFile, text: string, doc: Document.Parsed, index: number, toFile: (offset: number) => number, kubectl: boolean): ParsedDocument {
  const span = (start: number, end: number): Span => ({ start: toFile(start), end: toFile(end) });
  let quotedEnds: Map<number, number> | undefined;
  const problems: SyntaxProblem[] = doc.errors.map((error) => {
    if (error.code === 'MISSING_CHAR') quotedEnds ??= quotedScalarEnds(doc.contents);
    const at = errorSpan(error.pos, quotedEnds);
    const message = syntaxMessage(error.code, error.message);
    const lenient = LENIENT.test(error.message);
    return { message, span: span(at.start, at.end), ...(lenient ? { severity: 'warning' as const } : {}) };
  });
  duplicateKeys(doc.contents, text, problems, span);
  const cyclic = text.includes('*') && selfContainingAliases(doc, problems, span);
  const ambiguous: number[] = [];
  if (kubectl) readAsKubectl(doc.contents, text, problems, ambiguous, span);
  let value: unknown;
  // go-yaml's limit on alias expansion (kubectl's reader), checked before anything is expanded.
  const bomb = cyclic || !text.includes('*') ? undefined : excessiveAliasing(doc);
  if (bomb) problems.push({ message: EXCESSIVE_ALIASING, span: span(bomb.start, bomb.end) });
  try {
    // A value that contains itself is never built: nothing downstream walks a cycle. The library's own
    // alias limit (1,000 per anchor) is off: excessiveAliasing has applied go-yaml's, which kubectl reads by.
    value = cyclic || bomb ? undefined : doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    // toJS throws for alias bombs and undefined aliases; the document is then unreadable.
    const at = toJsSpan(doc, error);
    problems.push({ message: toJsMessage(error), span: span(at.start, at.end) });
    value = undefined;
  }
  const tree = spanTreeOf(doc.contents, file.text, toFile);
  const parsed: ParsedDocument = {
    file,
    index,
    span: span(doc.range[0], doc.range[2]),
    value,
    problems,
    ...(ambiguous.length > 0 ? { ambiguous } : {}),
    locate: locatorOf(tree),
  };
  if (doc.errors.some((error) => !LENIENT.test(error.message))) BROKEN.add(parsed);
  return parsed;
}

/**
 * `locate` for a span tree, made here so that the closure holds the tree alone: one made inside
 * `toParsedDocument` would keep that function's whole scope, the library's syntax tree with it (nine
 * kilobytes a document, 780 MB for a 19 MB stream).
 */
function locatorOf(tree: SpanTree | undefined): ParsedDocument['locate'] {
  return tree ? (path) => tree.locate(path) : NOWHERE;
}

const NOWHERE = () => undefined;

/** Library errors about input kubectl reads the same way: reported as warnings, and the document is analysed. */
const LENIENT = /^Comments must be separated from other tokens by white space characters/;

function syntaxMessage(code: string, message: string): string {
  // The library catches a stack overflow while composing and reports it here.
  if (code === 'RESOURCE_EXHAUSTION') return TOO_DEEP;
  const first = message.split('\n')[0] ?? message;
  if (LENIENT.test(first)) return `${first} (YAML 1.2); kubectl reads it as a comment: add a space before the #`;
  return first;
}

/**
 * A key that its map has already, as the library's uniqueKeys check finds them (scalars of equal value:
 * `true` and `True` are one key, `1` and `"1"` are two), in one pass per map. Reported at the later key.
 */
function duplicateKeys(root: Node | null, text: string, problems: SyntaxProblem[], span: (start: number, end: number) => Span): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
    } else if (isCollection(node)) {
      const seen = isMap(node) ? new Set<string>() : undefined;
      for (const item of node.items) {
        stack.push(item);
        const key = isPair(item) ? item.key : undefined;
        if (!seen || !isScalar(key) || !key.range) continue;
        const identity = `${typeof key.value}:${String(key.value)}`;
        if (!seen.has(identity)) {
          seen.add(identity);
          continue;
        }
        problems.push({
          message: `duplicate key ${keyTextAt(text, key.range[0])}: the map already has it; kubectl's validation rejects the object (readers that accept it keep only the last value): remove one`,
          span: span(key.range[0], key.range[0] + 1),
        });
      }
    }
  }
}

/**
 * Aliases inside the node their anchor names (`metadata: &a {self: *a}`): the library builds a cycle
 * of objects, which nothing downstream expects, and kubectl rejects the file ("anchor 'a' value
 * contains itself"). Such a document gets an error (and is not analysed).
 */
function selfContainingAliases(doc: Document.Parsed, problems: SyntaxProblem[], span: (start: number, end: number) => Span): boolean {
  let found = false;
  const ancestors = new Set<unknown>();
  // Entering pushes the node's exit marker, then its children.
  const stack: { node: unknown; exit: boolean }[] = [{ node: doc.contents, exit: false }];
  while (stack.length > 0) {
    const { node, exit } = stack.pop()!;
    if (exit) {
      ancestors.delete(node);
      continue;
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target && ancestors.has(target) && node.range) {
        found = true;
        problems.push({
          message: `the alias *${node.source} is inside the node its anchor names, so it would contain itself: kubectl rejects the file ("anchor value contains itself"); move the alias out of &${node.source}, or copy the values`,
          span: span(node.range[0], node.range[1]),
        });
      }
    } else if (isPair(node)) {
      stack.push({ node: node.value, exit: false }, { node: node.key, exit: false });
    } else if (isCollection(node)) {
      ancestors.add(node);
      stack.push({ node, exit: true });
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], exit: false });
    }
  }
  return found;
}

/** The key written at `offset` (quoted as written when it is, in double quotes otherwise), for messages. */
function keyTextAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  const quoted = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')/.exec(rest);
  if (quoted) return quoted[1]!;
  const plain = /^[^\n]*?(?=:(?:[ \t\r\n]|$)|[ \t]*#|\r?\n|$)/.exec(rest);
  return JSON.stringify((plain?.[0] ?? '').trim());
}

/**
 * Sets every scalar value to kubectl's reading (kubectl-scalar.ts), recording plain scalars that YAML
 * 1.2 reads otherwise in `ambiguous` and what kubectl cannot read at all in `problems`: tagged values
 * of the wrong type, NaN and the infinities (which JSON cannot hold), collections as map keys, and
 * byte-order marks inside the text. Map keys keep their YAML 1.2 reading.
 */
function readAsKubectl(root: Node | null, text: string, problems: SyntaxProblem[], ambiguous: number[], span: (start: number, end: number) => Span): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      const key = node.key;
      if (isCollection(key) && key.range) {
        problems.push({
          message: `a map key that is a ${isMap(key) ? 'map' : 'list'}: kubectl cannot read it (JSON keys are strings) and rejects the file; write the key as a string`,
          span: span(key.range[0], key.range[1]),
        });
      } else if (isScalar(key) && typeof key.source === 'string' && key.source.startsWith('\ufeff') && key.range) {
        problems.push({
          message: `a byte-order mark (U+FEFF) before the key "${key.source.slice(1)}": kubectl reads it as part of the key, so the object has no "${key.source.slice(1)}"; remove it (a text editor or a concatenation of files left it)`,
          span: span(key.range[0], key.range[0] + 1),
        });
      }
      if (isCollection(key)) stack.push(key);
      stack.push(node.value);
    } else if (isCollection(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isScalar(node) && typeof node.source === 'string' && node.range) {
      readScalar(node, text, problems, ambiguous, span);
    }
  }
}

function readScalar(node: Scalar, text: string, problems: SyntaxProblem[], ambiguous: number[], span: (start: number, end: number) => Span): void {
  const source = node.source as string;
  const [start, end] = node.range!;
  let reading: unknown = node.value;
  if (node.tag) {
    const tagged = kubectlTagged(node.tag, source);
    if ('error' in tagged) {
      problems.push({ message: tagged.error, span: span(start, end) });
      return;
    }
    reading = tagged.value;
  } else if (node.type === Scalar.PLAIN) {
    reading = kubectlPlain(source);
  }
  // Only untagged plain scalars: a tag says what is meant, the library merely resolves fewer tags.
  // Compared with the YAML 1.2 core reading, not the library's: under a `%YAML 1.1` directive the
  // library reads by its own 1.1 schema (`0o17` a string, `1_0` the number 10), which is neither reader
  // the rule speaks of. `<<` (a merge key's text) the core resolver leaves to the library.
  if (!node.tag && node.type === Scalar.PLAIN && end > start && readingsDiffer(reading, source === '<<' ? node.value : resolvePlain(source))) {
    const at = span(start, end);
    ambiguous.push(at.start, at.end);
  }
  if (typeof reading === 'number' && !Number.isFinite(reading)) {
    problems.push({ message: nonFiniteMessage(text.slice(start, end).trim() || source, reading), span: span(start, end) });
    return;
  }
  node.value = reading;
}

/** The span tree of a document's contents, keys matched as the value's object has them. */
function spanTreeOf(root: Node | null, text: string, toFile: (offset: number) => number): SpanTree | undefined {
  if (!root?.range) return undefined;
  const builder = new SpanTreeBuilder(text);
  // Iterative, in document order: a collection is closed after its children (the `close` entries).
  type Step = { node: unknown } | { close: number; end: number; count: number } | { key: Node | null };
  const steps: Step[] = [{ node: root }];
  while (steps.length > 0) {
    const step = steps.pop()!;
    if ('close' in step) {
      builder.close(step.close, step.end, step.count);
    } else if ('key' in step) {
      const key = step.key;
      if (isScalar(key) && key.range) builder.key(toFile(key.range[0]), toFile(key.range[1]), isPlain(key), jsKey(key.value));
      else if (isNode(key) && key.range) builder.key(toFile(key.range[0]), toFile(key.range[1]), false, UNMATCHABLE);
      else builder.key(0, 0, false, UNMATCHABLE);
    } else {
      const node = step.node;
      if (isMap(node) || isSeq(node)) {
        const range = node.range!;
        const handle = builder.open(toFile(range[0]), isMap(node));
        steps.push({ close: handle, end: toFile(range[1]), count: node.items.length });
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i];
          if (isPair(item)) steps.push({ node: item.value ?? ABSENT_VALUE }, { key: item.key as Node | null });
          else steps.push({ node: item });
        }
      } else if (node === ABSENT_VALUE) {
        builder.absent();
      } else if (isNode(node) && node.range) {
        builder.leaf(toFile(node.range[0]), toFile(node.range[1]), isPlain(node));
      } else {
        builder.absent();
      }
    }
  }
  return builder.finish();
}

const ABSENT_VALUE = Symbol('absent');
/** A key no path segment can match: a non-scalar key (the reference locates scalar keys only). */
const UNMATCHABLE = '\u0000 non-scalar key \u0000';

/**
 * Where an error is: the library's position, except for an unclosed quote, which it reports where
 * the text ran out (often many lines and documents later); that is put at the opening quote, found
 * in `quotedEnds` (the start of the first quoted scalar ending at each offset).
 */
function errorSpan(pos: readonly [number, number], quotedEnds: ReadonlyMap<number, number> | undefined): Span {
  const quote = quotedEnds?.get(pos[0]);
  if (quote !== undefined) return { start: quote, end: quote + 1 };
  return { start: pos[0], end: Math.max(pos[1], pos[0] + 1) };
}

/** The start of the first quoted scalar (in document order) ending at each offset: one walk, however many errors. */
function quotedScalarEnds(root: Node | null): Map<number, number> {
  const ends = new Map<number, number>();
  find(root, (node) => {
    if (isScalar(node) && (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && node.range && !ends.has(node.range[1])) ends.set(node.range[1], node.range[0]);
    return false;
  });
  return ends;
}

const EXCESSIVE_ALIASING = 'the document contains excessive aliasing (an alias bomb: kubectl refuses it, as its YAML reader, go-yaml, allows aliases to make at most 99% of the decoded nodes, less above 400,000 nodes); write the values out or use fewer aliases';

/**
 * go-yaml's rule against alias bombs (decode.go, v2.2.8 and v3: `allowedAliasRatio`): every node
 * decoded counts, a node decoded inside an alias's expansion counts as aliased too, and decoding fails
 * as soon as more than 100 are aliased, more than 1,000 decoded, and the aliased share exceeds 99%
 * (scaled down to 10% between 400,000 and 4,000,000 decoded nodes). Walked here in go-yaml's order
 * (document order, keys before values, an alias's target at the alias) without building anything, so a
 * bomb stops after a few thousand steps. The span of the outermost alias being expanded when it fails.
 */
function excessiveAliasing(doc: Document.Parsed): { start: number; end: number } | undefined {
  // An alias refers to the last anchor of its name before it, in document order (Alias.resolve, which is linear per call).
  const targets = new Map<Node, Node>();
  const anchors = new Map<string, Node>();
  find(doc.contents, (node) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
    } else if (node.anchor) anchors.set(node.anchor, node);
    return false;
  });
  if (targets.size === 0) return undefined;
  // The document node itself counts once, as go-yaml decodes it.
  let decoded = 1;
  let aliased = 0;
  // Each entry: a node or pair, its alias depth, and the outermost alias it is expanded from.
  const stack: { item: unknown; depth: number; from?: Node }[] = [{ item: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { item, depth, from } = stack.pop()!;
    if (isPair(item)) {
      stack.push({ item: item.value, depth, ...(from ? { from } : {}) }, { item: item.key, depth, ...(from ? { from } : {}) });
      continue;
    }
    if (!isNode(item)) continue;
    decoded++;
    if (depth > 0) aliased++;
    if (aliased > 100 && decoded > 1000 && aliased / decoded > allowedAliasRatio(decoded)) {
      const range = (from ?? item).range;
      return range ? { start: range[0], end: range[1] } : { start: doc.range[0], end: doc.range[1] };
    }
    if (isAlias(item)) {
      const target = targets.get(item);
      if (target) stack.push({ item: target, depth: depth + 1, from: from ?? item });
    } else if (isCollection(item)) {
      for (let i = item.items.length - 1; i >= 0; i--) stack.push({ item: item.items[i], depth, ...(from ? { from } : {}) });
    }
  }
  return undefined;
}

/** go-yaml's `allowedAliasRatio`: 99% up to 400,000 decoded nodes, 10% from 4,000,000, linear between. */
function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000);
}

function toJsMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError) return TOO_DEEP;
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
    if (alias?.range) return { start: alias.range[0], end: alias.range[1] };
  }
  const contents = doc.contents?.range;
  return contents ? { start: contents[0], end: contents[1] } : { start: doc.range[0], end: doc.range[1] };
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

/** A scalar key as the value's object has it (the `yaml` library's toJS): null as '', anything else as its String. */
function jsKey(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Whether a node is a plain scalar with text and without a tag (see `NodeLocation.plain`); an anchor changes nothing about how it reads. */
function isPlain(node: unknown): boolean {
  return isScalar(node) && node.type === Scalar.PLAIN && !node.tag && !!node.range && node.range[1] > node.range[0];
}

