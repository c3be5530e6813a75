import type { ParsedDocument, Path, SourceFile, Span } from '../source/types.ts';
import type { KubeObject } from './types.ts';

/** Where a finding points: a path inside an object (the usual case), or a raw span of a document or file. */
export type Target =
  | { readonly object: KubeObject; readonly path?: Path; readonly key?: boolean }
  | { readonly doc: ParsedDocument; readonly path?: Path; readonly key?: boolean }
  | { readonly file: SourceFile; readonly span: Span };

/**
 * Turns a target into a file and span. A path that does not exist in the document (a missing
 * field) resolves to its nearest existing ancestor, so a finding is never placed at 1:1 by default.
 */
export function locateTarget(target: Target): { file: SourceFile; span: Span } {
  if ('file' in target) return { file: target.file, span: target.span };
  const doc = 'object' in target ? target.object.doc : target.doc;
  const base = 'object' in target ? target.object.path : [];
  return { file: doc.file, span: trimTrailingSpace(doc.file.text, locatePath(doc, [...base, ...(target.path ?? [])], target.key ?? false)) };
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
  for (let length = path.length; length >= 0; length--) {
    const location = doc.locate(length === path.length ? path : path.slice(0, length));
    if (location) {
      // For an ancestor, point at its key: the map entry under which the missing field belongs.
      if ((key || length < path.length) && location.key) return location.key;
      return location.value;
    }
  }
  return doc.span;
}
