import type { ParsedDocument, Path, SourceFile, Span } from './types.ts';

/**
 * The scalar at `path` (or its map key, with `key`) as written, when it is written plain (as the
 * parsers record in `NodeLocation.plain`): not quoted, not a block scalar, not an alias and without a
 * tag such as `!!str`. Plain scalars are the ones a YAML reader may take for a number, boolean or
 * null, so this is the text a user meant and the text to quote to make it a string (`1.0`, not the
 * number 1 it is read as).
 */
export function plainScalarAt(doc: ParsedDocument, path: Path, key = false): { text: string; span: Span; file: SourceFile } | undefined {
  const location = doc.locate(path);
  const span = key ? location?.key : location?.value;
  if (!span || !(key ? location?.keyPlain : location?.plain)) return undefined;
  // A rendered document places the field in its source file (a template, a base); a place with a note
  // is only near the field (the rendered value differs from that text), so no scalar is read there.
  if (location?.note) return undefined;
  const file = location?.file ?? doc.file;
  return { text: file.text.slice(span.start, span.end), span, file };
}

/**
 * Whether quoting a plain scalar's text gives a string of that same text for every YAML reader: `~`
 * or one token of letters, digits, `_`, `-`, `+` and `.` (what booleans, numbers and null are
 * written with), so there is nothing to escape and no line break.
 */
export function isQuotableToken(text: string): boolean {
  return /^([-+.\w]+|~)$/.test(text);
}
