import { readYamlFast, readYamlSpans } from './fast-yaml.ts';
import { isJsonText, readJsonSpans, readJsonStream } from './json.ts';
import { parseWithYaml } from './parse-yaml.ts';
import type { SpanTree } from './spans.ts';
import type { NodeLocation, ParsedDocument, Path, SourceFile, Span, SyntaxProblem } from './types.ts';

const NO_PROBLEMS: readonly SyntaxProblem[] = Object.freeze([]);

const SPAN_CACHE_FILES = 256;
const SPAN_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Span trees of the files most recently located in. Most files are never located; when a rule locates
 * something in every file, a bounded cache keeps memory flat (re-reading a file's spans takes tens of
 * microseconds per kilobyte). Bounded by file count and by the trees' size. One per run (`parseSources`
 * makes one), or one per language-server workspace (its `Program`), so that what it holds is dropped
 * with the run or the workspace and its size can be shown.
 */
export class SpanCache {
  private readonly byFile = new Map<SourceFile, { readonly trees: readonly (SpanTree | undefined)[] | readonly ParsedDocument[]; readonly bytes: number }>();
  private cachedBytes = 0;

  constructor(
    private readonly maxFiles = SPAN_CACHE_FILES,
    private readonly maxBytes = SPAN_CACHE_BYTES,
  ) {}

  /** The files and the bytes of span trees held. */
  get size(): { readonly files: number; readonly bytes: number } {
    return { files: this.byFile.size, bytes: this.cachedBytes };
  }

  spansOf(file: SourceFile): readonly (SpanTree | undefined)[] | readonly ParsedDocument[] {
    let entry = this.byFile.get(file);
    if (entry) {
      // Keep recently used files last, so the oldest go first.
      this.byFile.delete(file);
    } else {
      // The spans pass accepts whatever the values pass accepted; the reference is only a safety net.
      const trees = isJsonText(file.text) ? readJsonSpans(file.text) : readYamlSpans(file.text) ?? parseWithYaml(file);
      const bytes = trees.reduce((sum, tree) => sum + (tree && 'bytes' in tree ? tree.bytes : 0), 0);
      entry = { trees, bytes };
      this.cachedBytes += bytes;
      while (this.byFile.size > 0 && (this.byFile.size >= this.maxFiles || this.cachedBytes > this.maxBytes)) {
        const [oldest, old] = this.byFile.entries().next().value!;
        this.byFile.delete(oldest);
        this.cachedBytes -= old.bytes;
      }
    }
    this.byFile.set(file, entry);
    return entry.trees;
  }

  /** Drops the maps of files not in `files` (gone from the analysis: closed, deleted, edited). */
  retain(files: ReadonlySet<SourceFile>): void {
    for (const [file, entry] of this.byFile) {
      if (files.has(file)) continue;
      this.byFile.delete(file);
      this.cachedBytes -= entry.bytes;
    }
  }

  clear(): void {
    this.byFile.clear();
    this.cachedBytes = 0;
  }
}

/**
 * A document read by the fast reader or the JSON reader; its source map is built lazily, on the
 * first `locate`.
 */
class LazyDocument implements ParsedDocument {
  constructor(
    readonly file: SourceFile,
    readonly index: number,
    readonly span: Span,
    readonly value: unknown,
    readonly problems: readonly SyntaxProblem[],
    readonly ambiguous: readonly number[] | undefined,
    private readonly spans: SpanCache,
  ) {}

  locate(path: Path): NodeLocation | undefined {
    const root = this.spans.spansOf(this.file)[this.index];
    if (!root) return undefined;
    return root.locate(path);
  }
}

/** One document of a file as plain data (values, offsets, problems): what a parse worker or a cache can hand over. */
export interface DocumentData {
  readonly start: number;
  readonly end: number;
  readonly value: unknown;
  readonly problems: readonly SyntaxProblem[];
  /** As `ParsedDocument.ambiguous`; absent when there are none. */
  readonly ambiguous?: readonly number[];
}

/**
 * A file's parse as plain data, structured-clonable and serializable: the documents the JSON or the fast
 * reader produced, or `library` when the file needs the `yaml` library, whose documents carry its
 * syntax tree and are made where they are used (`documentsFromData`).
 */
export type FileParseData = { readonly reader: 'fast'; readonly documents: readonly DocumentData[] } | { readonly reader: 'library' };

/** Reads a file's text into plain data: a JSON stream as kubectl reads JSON, the fast reader for the common block-style subset of YAML. */
export function parseFileData(text: string): FileParseData {
  if (isJsonText(text)) {
    return { reader: 'fast', documents: readJsonStream(text).map((doc) => ({ start: doc.start, end: doc.end, value: doc.value, problems: doc.problems.length > 0 ? doc.problems : NO_PROBLEMS })) };
  }
  const fast = readYamlFast(text);
  if (!fast) return { reader: 'library' };
  return {
    reader: 'fast',
    documents: fast.map((doc) => (doc.ambiguous.length > 0 ? { start: doc.start, end: doc.end, value: doc.value, problems: doc.problems, ambiguous: doc.ambiguous } : { start: doc.start, end: doc.end, value: doc.value, problems: doc.problems })),
  };
}

/** The documents of `file` from its parse data (`parseFileData` of its text); their source maps are built on the first `locate`. */
export function documentsFromData(file: SourceFile, data: FileParseData, spans: SpanCache = new SpanCache()): ParsedDocument[] {
  if (data.reader === 'library') return parseWithYaml(file);
  return data.documents.map((doc, index) => new LazyDocument(file, index, { start: doc.start, end: doc.end }, doc.value, doc.problems.length > 0 ? doc.problems : NO_PROBLEMS, doc.ambiguous, spans));
}

/**
 * Parses one file: a JSON stream as kubectl reads JSON, the fast reader for the common block-style
 * subset of YAML, the `yaml` library otherwise.
 */
export function parseFile(file: SourceFile, spans: SpanCache = new SpanCache()): ParsedDocument[] {
  return documentsFromData(file, parseFileData(file.text), spans);
}

/**
 * Parses every document of every file; a file that fails wholesale yields a document with a problem.
 * The documents' source maps are built when first located, into `spans` (by default one cache for
 * these files, dropped with their documents).
 */
export function parseSources(files: readonly SourceFile[], spans: SpanCache = new SpanCache()): ParsedDocument[] {
  const documents: ParsedDocument[] = [];
  for (const file of files) {
    try {
      for (const doc of parseFile(file, spans)) documents.push(doc);
    } catch (error) {
      // The parser should never throw; if it does, keep the rest of the run going and say where.
      documents.push(failedDocument(file, error instanceof Error ? error.message : String(error)));
    }
  }
  return documents;
}

/** The one document of a file whose parse threw (`message`): it says so at the file's start, and the rest of the run goes on. */
export function failedDocument(file: SourceFile, message: string): ParsedDocument {
  return {
    file,
    index: 0,
    span: { start: 0, end: file.text.length },
    value: undefined,
    problems: [{ message: `could not parse the file: ${message}`, span: { start: 0, end: Math.min(1, file.text.length) } }],
    locate: () => undefined,
  };
}
