import { locateSpan, readYamlFast, readYamlSpans, SpanNode } from './fast-yaml.ts';
import { parseWithYaml } from './parse-yaml.ts';
import type { NodeLocation, ParsedDocument, Path, SourceFile, Span, SyntaxProblem } from './types.ts';

const NO_PROBLEMS: readonly SyntaxProblem[] = Object.freeze([]);

/**
 * Span trees of the files most recently located. Most files are never located; when a rule locates
 * something in every file, a bounded cache keeps memory flat (re-reading a file's spans takes tens
 * of microseconds).
 */
const spansByFile = new Map<SourceFile, readonly SpanNode[] | readonly ParsedDocument[]>();
const SPAN_CACHE_FILES = 256;

function spansOf(file: SourceFile): readonly SpanNode[] | readonly ParsedDocument[] {
  let spans = spansByFile.get(file);
  if (spans) {
    // Keep recently used files last, so the oldest go first.
    spansByFile.delete(file);
  } else {
    // The spans pass accepts whatever the values pass accepted; the reference is only a safety net.
    spans = readYamlSpans(file.text) ?? parseWithYaml(file);
    if (spansByFile.size >= SPAN_CACHE_FILES) spansByFile.delete(spansByFile.keys().next().value!);
  }
  spansByFile.set(file, spans);
  return spans;
}

/** A document read by the fast reader; its source map is built lazily, on the first `locate`. */
class FastDocument implements ParsedDocument {
  readonly problems = NO_PROBLEMS;

  constructor(
    readonly file: SourceFile,
    readonly index: number,
    readonly span: Span,
    readonly value: unknown,
  ) {}

  locate(path: Path): NodeLocation | undefined {
    const root = spansOf(this.file)[this.index];
    if (!root) return undefined;
    return root instanceof SpanNode ? locateSpan(root, path) : root.locate(path);
  }
}

/** Parses one file: the fast reader for the common block-style subset, the `yaml` library otherwise. */
export function parseFile(file: SourceFile): ParsedDocument[] {
  const fast = readYamlFast(file.text);
  if (!fast) return parseWithYaml(file);
  return fast.map((doc, index) => new FastDocument(file, index, { start: doc.start, end: doc.end }, doc.value));
}

/** Parses every document of every file; a file that fails wholesale yields a document with a problem. */
export function parseSources(files: readonly SourceFile[]): ParsedDocument[] {
  const documents: ParsedDocument[] = [];
  for (const file of files) {
    try {
      for (const doc of parseFile(file)) documents.push(doc);
    } catch (error) {
      // The parser should never throw; if it does, keep the rest of the run going and say where.
      const message = error instanceof Error ? error.message : String(error);
      documents.push({
        file,
        index: 0,
        span: { start: 0, end: file.text.length },
        value: undefined,
        problems: [{ message: `could not parse the file: ${message}`, span: { start: 0, end: Math.min(1, file.text.length) } }],
        locate: () => undefined,
      });
    }
  }
  return documents;
}
