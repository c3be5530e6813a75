// Reading and parsing one file as one step that yields plain data: what a parse worker thread does
// with each file it is given (src/app/parse-pool.ts), and what this thread does with its own share,
// so that both produce the same results (test/jobs-differential.test.ts compares them).
import { CandidateReader, type SkippedFile, type SourceCandidate } from './load.ts';
import { documentsFromData, failedDocument, parseFileData, SpanCache, type FileParseData } from './parse.ts';
import type { ParsedDocument, SourceFile } from './types.ts';

/** What reading and parsing one candidate gave, structured-clonable: skipped, or its text and parse. */
export type CandidateParse =
  | { readonly identity?: string; readonly skipped: SkippedFile }
  | { readonly identity?: string; readonly text: string; readonly data: FileParseData }
  /** The parser threw (it should not): its message, for the document that says so. */
  | { readonly identity?: string; readonly text: string; readonly failure: string };

/** Reads a candidate (with every check of `loadSources`) and parses its text into plain data. */
export function readAndParse(reader: CandidateReader, candidate: SourceCandidate, maxSize: number): CandidateParse {
  const { result, identity } = reader.read(candidate, maxSize);
  const known = identity !== undefined ? { identity } : {};
  if ('reason' in result) return { ...known, skipped: result };
  try {
    return { ...known, text: result.text, data: parseFileData(result.text) };
  } catch (error) {
    return { ...known, text: result.text, failure: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The documents of a file from its parse (as `parseSources` makes them from its text): their source
 * maps are built on the first `locate`, into `spans`; a file the fast readers left to the `yaml`
 * library is parsed here.
 */
export function documentsOfParse(file: SourceFile, parse: CandidateParse, spans: SpanCache): ParsedDocument[] {
  if ('failure' in parse) return [failedDocument(file, parse.failure)];
  if (!('data' in parse)) return [];
  try {
    return documentsFromData(file, parse.data, spans);
  } catch (error) {
    return [failedDocument(file, error instanceof Error ? error.message : String(error))];
  }
}
