/** A path into a parsed document: map keys and sequence indexes, as Spectral's property paths. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Half-open range of UTF-16 offsets into a file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where a node sits: the value, and for a map entry the key too. */
export interface NodeLocation {
  readonly value: Span;
  readonly key?: Span;
  /**
   * Set when the value is a plain scalar with text: not quoted, not a block scalar, not an alias, and
   * without a tag (`!!str`). Only such scalars may be read as a number, boolean or null. An anchor
   * (`&n 3`) is allowed: it does not change the reading, and quoting the scalar after it makes a string.
   */
  readonly plain?: true;
  /** The same for the key. */
  readonly keyPlain?: true;
  /**
   * The file the spans are in, when not the document's own: a rendered document (`kustomize build`,
   * `helm template`, src/source/rendered.ts) locates a field in the source file that defines it.
   */
  readonly file?: SourceFile;
  /** A note appended to a finding placed here: why the place is only approximate (which tool rendered it). */
  readonly note?: string;
}

/** One input file, read once; `path` is what users see (relative to the working directory, `/`-separated). */
export interface SourceFile {
  readonly path: string;
  readonly absPath: string;
  readonly text: string;
}

/** A syntax problem found while parsing, positioned in its file. */
export interface SyntaxProblem {
  readonly message: string;
  readonly span: Span;
  /**
   * `'warning'` for input that kubectl reads but YAML 1.2 readers may reject (a flow collection's line
   * indented too little): the document is still analysed. Any other problem is an error, and the
   * document is not analysed (its value is a guess, or kubectl rejects it).
   */
  readonly severity?: 'warning';
}

/** One YAML/JSON document of a file, with its plain value and a way back to source ranges. */
export interface ParsedDocument {
  readonly file: SourceFile;
  /** 0-based position of the document in its file. */
  readonly index: number;
  readonly span: Span;
  /** The plain JavaScript value; `undefined` for an empty document or one that could not be read. */
  readonly value: unknown;
  readonly problems: readonly SyntaxProblem[];
  /**
   * Scalars that kubectl (YAML 1.1) and YAML 1.2 read differently (`010`: 8 or 10; `yes`: true or
   * "yes"), as `start, end` offset pairs; `value` holds kubectl's reading. Absent when there are none.
   */
  readonly ambiguous?: readonly number[];
  /**
   * Where each of `ambiguous` is to be reported, when that is not the document's own file: a rendered
   * document (src/source/rendered.ts) places them in the source file that holds the same text.
   */
  ambiguousPlaces?(): readonly { readonly file: SourceFile; readonly span: Span }[];
  /** The exact location of `path`, or undefined when the document has no node there. */
  locate(path: Path): NodeLocation | undefined;
}
