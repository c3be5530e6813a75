import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { NodeLocation, ParsedDocument, Path, SourceFile, Span, SyntaxProblem } from './types.ts';

/** Aliases beyond this many per document are treated as an alias bomb rather than expanded. */
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses every document of a YAML or JSON file with the `yaml` library, keeping its AST so that a
 * property path can be turned back into a source range. This is the reference parser: exact, and
 * the one that produces syntax messages.
 */
export function parseWithYaml(file: SourceFile): ParsedDocument[] {
  const docs = parseAllDocuments(file.text, { prettyErrors: false, merge: true, lineCounter: new LineCounter() });
  // An empty stream comes back as an EmptyStream (an array with `empty: true`), not a document.
  if (!Array.isArray(docs) && 'empty' in docs) return [];
  const list = docs as Document.Parsed[];
  return list.map((doc, index) => toParsedDocument(file, doc, index));
}

function toParsedDocument(file: SourceFile, doc: Document.Parsed, index: number): ParsedDocument {
  const problems: SyntaxProblem[] = doc.errors.map((error) => ({
    message: error.message.split('\n')[0] ?? error.message,
    span: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) },
  }));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // toJS throws for alias bombs and unresolvable aliases; the document is then unreadable.
    problems.push({ message: errorMessage(error), span: spanOf(doc.contents) ?? { start: doc.range[0], end: doc.range[1] } });
    value = undefined;
  }
  return {
    file,
    index,
    span: { start: doc.range[0], end: doc.range[2] },
    value,
    problems,
    locate: (path) => locateInAst(doc.contents, path),
  };
}

function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError) return `the document is nested too deeply to read (${text})`;
  return /alias/i.test(text) ? `too many alias expansions (possible alias bomb): ${text}` : text;
}

function spanOf(node: Node | null | undefined): Span | undefined {
  if (!node?.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

function locateInAst(root: Node | null, path: Path): NodeLocation | undefined {
  let node: Node | null | undefined = root;
  let key: Span | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) == segment);
      if (!pair) return undefined;
      key = spanOf(pair.key as Node | null);
      node = pair.value as Node | null;
      // `key:` with no value has no value node; point at the key.
      if (!node) return key ? { value: key, key } : undefined;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | null | undefined;
      key = undefined;
      if (!node) return undefined;
    } else {
      return undefined;
    }
  }
  const value = spanOf(node);
  if (!value) return undefined;
  return key ? { value, key } : { value };
}
