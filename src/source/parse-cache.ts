/**
 * Parses that outlive a process (`--cache`): a file's parse is plain data (`FileParseData`) that
 * depends on its text alone, so a store keyed by the text's hash may hand it back instead of parsing
 * again. The store is an interface: the CLI's is a file (src/app/cache.ts), a parse worker may be
 * another; this module only decides what may be kept and how a kept parse becomes documents.
 */
import { diskFileDigest, digestOf } from './disk-file.ts';
import { documentsFromData, parseFileData, parseSources, SpanCache, type FileParseData } from './parse.ts';
import type { ParsedDocument, SourceFile } from './types.ts';

/**
 * Kept parses by file path and content hash; `lookup` answers only for the very text `store` was given.
 * `file` is the file whose parse it is (a store may keep more of it: its stamp, its directives).
 */
export interface ParseStore {
  lookup(path: string, contentHash: string, file: SourceFile): FileParseData | undefined;
  store(path: string, contentHash: string, data: FileParseData, file: SourceFile): void;
}

/** The hash a file's parse is kept under: SHA-256 of its text. */
export function contentHash(text: string): string {
  return digestOf(text);
}

const fileHashes = new WeakMap<SourceFile, string>();

/** `contentHash` of a file's text, computed once per file object. */
export function fileHash(file: SourceFile): string {
  let hash = fileHashes.get(file);
  // A file read from disk keeps its digest (the same hash), so that its text is hashed once and need not be read for it.
  if (hash === undefined) fileHashes.set(file, (hash = diskFileDigest(file) ?? contentHash(file.text)));
  return hash;
}

/**
 * Whether a value survives JSON unchanged: plain objects (own enumerable string keys), arrays without
 * holes, strings, booleans, null and finite numbers other than -0. A parse holding anything else
 * (NaN or an infinity that YAML reads, which kubectl rejects) is not kept: it is parsed again each run.
 */
export function survivesJson(value: unknown, depth = 0): boolean {
  if (depth > 256) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !survivesJson(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (!survivesJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  return Object.getOwnPropertySymbols(value).length === 0;
}

/** Whether a file's parse data may be kept: the library's documents are not data, and every value must survive JSON. */
export function keepable(data: FileParseData): boolean {
  return data.reader === 'fast' && data.documents.every((doc) => survivesJson(doc.value));
}

/**
 * `parseSources` with a store: a file whose text was parsed before (same path, same hash) is made
 * from the kept data; others are parsed and their data handed to the store. Same documents either way.
 */
export function parseSourcesWith(files: readonly SourceFile[], parses: ParseStore, spans: SpanCache = new SpanCache()): ParsedDocument[] {
  const documents: ParsedDocument[] = [];
  for (const file of files) {
    const hash = fileHash(file);
    let data = parses.lookup(file.path, hash, file);
    if (!data) {
      try {
        data = parseFileData(file.text);
      } catch {
        // As parseSources reports a parser that throws (never expected): nothing is kept.
        documents.push(...parseSources([file], spans));
        continue;
      }
      if (keepable(data)) parses.store(file.path, hash, data, file);
    }
    try {
      documents.push(...documentsFromData(file, data, spans));
    } catch {
      documents.push(...parseSources([file], spans));
    }
  }
  return documents;
}
