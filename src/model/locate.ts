import type { ParsedDocument, Path, SourceFile, Span } from '../source/types.ts';
import type { KubeObject } from './types.ts';

/** Where a finding points: a path inside an object (the usual case), or a raw span of a document or file. */
export type Target =
  | { readonly object: KubeObject; readonly path?: Path; readonly key?: boolean }
  | { readonly doc: ParsedDocument; readonly path?: Path; readonly key?: boolean }
  /** A place already found (`note`: what the place needs said, as `locateTarget` gives it). */
  | { readonly file: SourceFile; readonly span: Span; readonly note?: string };

/**
 * Turns a target into a file and span. A path that does not exist in the document (a missing
 * field) resolves to its nearest existing ancestor, so a finding is never placed at 1:1 by default.
 */
export function locateTarget(target: Target): { file: SourceFile; span: Span; note?: string } {
  if ('file' in target) return { file: target.file, span: target.span, ...(target.note ? { note: target.note } : {}) };
  const doc = 'object' in target ? target.object.doc : target.doc;
  const base = 'object' in target ? target.object.path : [];
  const found = locateIn(doc, [...base, ...(target.path ?? [])], target.key ?? false);
  return { file: found.file, span: trimTrailingSpace(found.file.text, found.span), ...(found.note ? { note: found.note } : {}) };
}

/**
 * A block collection's node range runs to the start of the next line (its trailing newline and
 * blank lines included); readers of an end position (GitHub annotations, SARIF regions) take the end
 * line as inclusive, so the span ends at the last non-blank character instead.
 */
function trimTrailingSpace(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start + 1 && /\s/.test(text[end - 1]!)) end--;
  return end === span.end ? span : { start: span.start, end };
}

/** The span of `path` in `doc`, or of its nearest existing ancestor. */
export function locatePath(doc: ParsedDocument, path: Path, key: boolean): Span {
  return locateIn(doc, path, key).span;
}

/**
 * The file and span of `path` in `doc`, or of its nearest existing ancestor: the document's own file,
 * or for a rendered document the source file the location names (with its note, if any).
 */
export function locateIn(doc: ParsedDocument, path: Path, key: boolean): { file: SourceFile; span: Span; note?: string } {
  for (let length = path.length; length >= 0; length--) {
    const location = doc.locate(length === path.length ? path : path.slice(0, length));
    if (location) {
      const file = location.file ?? doc.file;
      const note = location.note ? { note: location.note } : {};
      // For an ancestor, point at its key: the map entry under which the missing field belongs.
      if ((key || length < path.length) && location.key) return { file, span: location.key, ...note };
      return { file, span: location.value, ...note };
    }
  }
  return { file: doc.file, span: doc.span };
}
