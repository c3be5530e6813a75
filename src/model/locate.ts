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

/**
 * The file offset of each character of a scalar's value (and one past its end), when the written text
 * can be mapped back: a plain or block scalar that holds the value verbatim on one line, or a quoted
 * one on one line (single quotes fold `''`, double quotes read `\` escapes). Undefined otherwise (a
 * folded multi-line scalar): the caller points at the whole scalar.
 */
function scalarOffsets(text: string, span: Span, value: string): number[] | undefined {
  const written = text.slice(span.start, span.end);
  const quote = written[0];
  if ((quote === "'" || quote === '"') && !written.includes('\n')) {
    const offsets: number[] = [];
    // The value read back, with null for a character an escape produced (compared by count only).
    const out: (string | null)[] = [];
    let i = 1;
    while (i < written.length - 1) {
      const c = written[i]!;
      offsets.push(span.start + i);
      if (quote === "'" && c === "'" && written[i + 1] === "'") {
        out.push("'");
        i += 2;
      } else if (quote === '"' && c === '\\') {
        const hex = { x: 2, u: 4, U: 8 }[written[i + 1] as 'x' | 'u' | 'U'];
        // A code point outside the BMP is two UTF-16 units of the value, both at this escape.
        if (hex === 8 && parseInt(written.slice(i + 2, i + 10), 16) > 0xffff) {
          offsets.push(span.start + i);
          out.push(null);
        }
        out.push(null);
        i += 2 + (hex ?? 0);
      } else {
        out.push(c);
        i += 1;
      }
    }
    offsets.push(span.start + i);
    return out.length === value.length && out.every((ch, n) => ch === null || ch === value[n]) ? offsets : undefined;
  }
  const line = value.endsWith('\n') ? value.slice(0, -1) : value;
  if (line.includes('\n')) return undefined;
  const at = line === '' ? -1 : written.indexOf(line);
  if (at < 0 || written.indexOf(line, at + 1) >= 0) return undefined;
  return Array.from({ length: value.length + 1 }, (_, n) => span.start + at + Math.min(n, line.length));
}

/**
 * Where characters `start..end` of the string value at `path` are written in the file: a span inside
 * the scalar (a character of a Calico selector), or the whole scalar when the value cannot be mapped back.
 */
export function locateInScalar(target: { readonly object: { readonly doc: ParsedDocument; readonly path: Path }; readonly path: Path }, value: string, start: number, end: number): { file: SourceFile; span: Span } {
  const doc = target.object.doc;
  const path = [...target.object.path, ...target.path];
  const location = doc.locate(path);
  const whole = locateTarget({ doc, path });
  if (!location) return whole;
  const offsets = scalarOffsets(doc.file.text, location.value, value);
  if (!offsets) return whole;
  const from = offsets[Math.min(start, value.length)]!;
  const to = Math.max(from + 1, offsets[Math.min(end, value.length)]!);
  return { file: doc.file, span: { start: from, end: Math.min(to, location.value.end) } };
}
