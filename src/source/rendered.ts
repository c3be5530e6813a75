/**
 * Rendered sources: documents that a tool produced (`kustomize build`, `kubectl kustomize`, `helm
 * template`) from files the user edits. The model reads the rendered objects (what the cluster gets),
 * while findings point at the source file that defines each field.
 *
 * Pure: the caller (src/render/, the edge that runs the tool) hands over the rendered text and, per
 * rendered document, a `DocumentOrigin` saying where its fields come from; this module never reads a
 * file or starts a process. How to reuse it for another tool:
 *
 * 1. Run the tool at the edge and wrap its output with `renderedStream(label, text)`; `label` names
 *    what was rendered (`kustomize overlays/dev`, `helm charts/web`), and is the stream's path.
 * 2. Call `parseRendered(stream, producer, originOf)`: `originOf(doc)` gets each rendered document
 *    and returns its origin (or undefined when none is known). `locate(path)` of the origin returns a
 *    `NodeLocation` whose `file` is the source file; `value` replaces what the model sees (to strip
 *    the tool's own bookkeeping, such as `config.kubernetes.io/origin`).
 * 3. A path the origin cannot place is located in the rendered stream, with a note naming the producer,
 *    so the finding still says which kustomization or chart made it (never a silent line 1).
 *
 * `fieldInSource` is the usual `locate` for an object copied from a source document: a field whose
 * rendered value equals the source's value at the same path is located there; `valueAt` and
 * `sameValue` are exported for origin finders that need them (a patch that set the field).
 */
import { parseFile } from './parse.ts';
import { positionAt } from './text.ts';
import type { NodeLocation, ParsedDocument, Path, SourceFile, Span, SyntaxProblem } from './types.ts';

/** Where the fields of one rendered document come from. */
export interface DocumentOrigin {
  /** The location of `path` in a source file (`file` set), or undefined when only the rendered stream shows it. */
  locate(path: Path): NodeLocation | undefined;
  /** The value the model reads instead of the rendered one (the tool's own annotations removed); absent: the rendered value. */
  readonly value?: unknown;
}

/**
 * The rendered output as a file: not on disk, so its path and absolute path are the same label (as
 * `<stdin>`). `home` is the real file a finding placed in the stream is shown on (the kustomization
 * file, the chart's Chart.yaml or its .tgz): see `onRealFile`.
 */
export function renderedStream(label: string, text: string, home?: SourceFile): SourceFile {
  const name = `<${label}>`;
  const file = { path: name, absPath: name, text };
  renderedStreams.add(file);
  if (home) homes.set(file, home);
  return file;
}

/**
 * A place in a rendered stream moved to line 1 of the stream's home file, its note saying which line
 * of the output it was: an annotation, a SARIF result or an editor must point at a file that exists
 * (`<helm chart>` is none). Other places, and streams without a home, are returned as they are.
 */
export function onRealFile<T extends { readonly file: SourceFile; readonly span: Span; readonly note?: string }>(place: T): T {
  const home = homes.get(place.file);
  if (!home) return place;
  const { line } = positionAt(place.file, place.span.start);
  const said = place.note ?? `rendered by ${place.file.path.slice(1, -1)}`;
  const firstLine = home.text.indexOf('\n');
  return { ...place, file: home, span: { start: 0, end: firstLine < 0 ? home.text.length : firstLine }, note: `${said}; line ${line} of the rendered output` };
}

/** Whether a file is a rendered stream (no file on disk: an edit there changes nothing). */
export function isRenderedStream(file: SourceFile): boolean {
  return renderedStreams.has(file);
}

const renderedStreams = new WeakSet<SourceFile>();
const homes = new WeakMap<SourceFile, SourceFile>();

/**
 * The documents of a rendered stream, each located through its origin where known and in the stream
 * otherwise. `producer` names what rendered it in notes (`kustomization overlays/dev`, `chart charts/web`).
 */
export function parseRendered(stream: SourceFile, producer: string, originOf: (doc: ParsedDocument) => DocumentOrigin | undefined): ParsedDocument[] {
  return parseFile(stream).map((doc) => {
    // A document that does not parse is reported where it is, in the stream (the tool wrote it).
    if (doc.problems.some((p) => p.severity !== 'warning') || doc.value === undefined) return doc;
    let origin: DocumentOrigin | undefined;
    try {
      origin = originOf(doc);
    } catch {
      // An origin finder that fails on hostile input must not lose the document: the stream is its place.
      origin = undefined;
    }
    return new RenderedDocument(doc, producer, origin);
  });
}

class RenderedDocument implements ParsedDocument {
  readonly file: SourceFile;
  readonly index: number;
  readonly span: Span;
  readonly value: unknown;
  readonly problems: readonly SyntaxProblem[];
  readonly ambiguous?: readonly number[];

  constructor(
    private readonly rendered: ParsedDocument,
    private readonly producer: string,
    private readonly origin: DocumentOrigin | undefined,
  ) {
    this.file = rendered.file;
    this.index = rendered.index;
    this.span = rendered.span;
    this.value = origin && 'value' in origin ? origin.value : rendered.value;
    this.problems = rendered.problems;
    if (rendered.ambiguous) this.ambiguous = rendered.ambiguous;
  }

  /**
   * The ambiguous scalars of the rendered text, each in the source file where the origin places its
   * field with the very same text, else in the stream. Found by the paths whose rendered node is
   * that scalar: only documents that hold one pay for the walk.
   */
  ambiguousPlaces(): readonly { readonly file: SourceFile; readonly span: Span }[] {
    const ambiguous = this.ambiguous ?? [];
    const wanted = new Map<number, Span>();
    for (let i = 0; i < ambiguous.length; i += 2) wanted.set(ambiguous[i]!, { start: ambiguous[i]!, end: ambiguous[i + 1]! });
    const places = new Map<number, { file: SourceFile; span: Span }>();
    const visit = (value: unknown, path: Path, depth: number) => {
      if (depth > 64 || places.size === wanted.size) return;
      const here = this.rendered.locate(path);
      for (const span of [here?.value, here?.key]) {
        if (!span || !wanted.has(span.start) || places.has(span.start)) continue;
        places.set(span.start, this.placeOf(path, span, span === here?.key));
      }
      if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i], depth + 1));
      else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) visit(item, [...path, key], depth + 1);
    };
    visit(this.rendered.value, [], 0);
    return [...wanted.values()].map((span) => places.get(span.start) ?? { file: this.file, span });
  }

  /** The source place of the rendered scalar at `path` (its key when `key`), when the source has the same text there. */
  private placeOf(path: Path, span: Span, key: boolean): { file: SourceFile; span: Span } {
    let found: NodeLocation | undefined;
    try {
      found = this.origin?.locate(path);
    } catch {
      found = undefined;
    }
    const source = key ? found?.key : found?.value;
    const text = this.file.text.slice(span.start, span.end);
    if (found?.file && source && !found.note && found.file.text.slice(source.start, source.end) === text) return { file: found.file, span: source };
    return { file: this.file, span };
  }

  locate(path: Path): NodeLocation | undefined {
    let found: NodeLocation | undefined;
    try {
      found = this.origin?.locate(path);
    } catch {
      found = undefined;
    }
    if (found) return found;
    const inStream = this.rendered.locate(path);
    if (!inStream) return undefined;
    return { ...inStream, note: `rendered by ${this.producer}; no source file is known for this field` };
  }
}

/** The value at `path` in a plain value, or undefined where there is none. */
export function valueAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** Whether two plain values (JSON-like) are equal, deeply. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameValue(item, other[i]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return aKeys.length === Object.keys(bRecord).length && aKeys.every((key) => Object.hasOwn(bRecord, key) && sameValue((a as Record<string, unknown>)[key], bRecord[key]));
}

/**
 * `locate` for a field of a rendered object copied from `source` (a document of a source file): the
 * source's location of `path` when the rendered scalar there equals the source's, or when both hold a
 * map (or both a list): the collection is defined there, whatever a patch changed inside it. Undefined
 * otherwise: something else (a patch, a transformer) set the field.
 */
export function fieldInSource(renderedValue: unknown, source: ParsedDocument, path: Path): NodeLocation | undefined {
  const rendered = valueAt(renderedValue, path);
  if (rendered === undefined) return undefined;
  const original = valueAt(source.value, path);
  if (!sameValue(rendered, original) && shapeOf(rendered) === 'scalar') return undefined;
  if (shapeOf(rendered) !== shapeOf(original)) return undefined;
  const location = source.locate(path);
  return location ? { ...location, file: source.file } : undefined;
}

function shapeOf(value: unknown): 'list' | 'map' | 'scalar' {
  return Array.isArray(value) ? 'list' : value !== null && typeof value === 'object' ? 'map' : 'scalar';
}
