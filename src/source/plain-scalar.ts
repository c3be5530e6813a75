import type { ParsedDocument, Path, Span } from './types.ts';

/**
 * The scalar at `path` (or its map key, with `key`) as written, when it is written plain: not quoted,
 * not a block scalar, not an alias and without a tag such as `!!str`. Plain scalars are the ones a
 * YAML reader may take for a number, boolean or null, so this is the text a user meant and the text to
 * quote to make it a string (`1.0`, not the number 1 it is read as).
 */
export function plainScalarAt(doc: ParsedDocument, path: Path, key = false): { text: string; span: Span } | undefined {
  const location = doc.locate(path);
  const span = key ? location?.key : location?.value;
  if (!span) return undefined;
  const text = doc.file.text.slice(span.start, span.end);
  if (text === '' || `"'|>*`.includes(text[0]!)) return undefined;
  // The scalar's span excludes its tag, so look just before it.
  if (/(^|[\s,[{])!\S*\s+$/.test(doc.file.text.slice(Math.max(0, span.start - 100), span.start))) return undefined;
  return { text, span };
}
