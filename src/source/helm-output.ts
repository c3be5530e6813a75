/**
 * The output of `helm template`, read back to the chart's templates. Helm writes each rendered
 * manifest as `---`, then `# Source: CHART/templates/FILE` (the template it came from, subcharts as
 * `CHART/charts/SUB/templates/FILE`), then the manifest (helm pkg/action/action.go, renderResources).
 * Pure: the caller reads the template files.
 */
import type { Span } from './types.ts';

/** One rendered manifest: the template path its marker names (as written, `/`-separated) and where it sits in the output. */
export interface HelmSegment {
  readonly source: string;
  /** Offset of the `# Source:` line; the segment runs to the next marker's `---` (or the end). */
  readonly start: number;
  readonly end: number;
}

const MARKER = /^# Source: ([^\r\n]+?)[ \t]*\r?$/;

/**
 * The segments of `helm template` output, in order. A marker counts only on the line right after a
 * `---` line (or on the first line): text a template writes into a manifest (a `# Source:` line in a
 * ConfigMap's block scalar) is indented or follows other lines, so it cannot move a finding to
 * another template.
 */
export function helmSegments(text: string): HelmSegment[] {
  const found: { source: string; start: number; boundary: number }[] = [];
  let lineStart = 0;
  let previous: { start: number; text: string } | undefined;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const atStart = previous === undefined || /^---[ \t]*\r?$/.test(previous.text);
    const match = atStart ? MARKER.exec(line) : null;
    if (match) found.push({ source: match[1]!, start: lineStart, boundary: previous ? previous.start : lineStart });
    previous = { start: lineStart, text: line };
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return found.map((segment, i) => ({ source: segment.source, start: segment.start, end: found[i + 1]?.boundary ?? text.length }));
}

/** The segment holding `offset`, by binary search; undefined before the first marker. */
export function segmentAt(segments: readonly HelmSegment[], offset: number): HelmSegment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  let found: HelmSegment | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.start <= offset) {
      found = segments[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found && offset < found.end ? found : undefined;
}

/**
 * The path, relative to the chart directory, of the template a marker names: the marker's first
 * component is the chart's name, the rest a path inside the chart. Undefined for a marker that could
 * lead outside the chart (`..`, an absolute path, a backslash): markers are written by the chart's
 * templates, which a stranger's pull request may change.
 */
export function templatePathOf(source: string): string | undefined {
  const parts = source.split('/');
  if (parts.length < 2 || parts[0] === '' || source.includes('\\') || source.includes('\0')) return undefined;
  const inside = parts.slice(1);
  if (inside.some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return inside.join('/');
}

/** Where a rendered field is in its template: `exact` when its text is there once, else the template's first line. */
export interface TemplateSpan {
  readonly span: Span;
  readonly exact: boolean;
}

/** Characters that continue a name or number: a match must not be part of a longer one (`api` in `api-server`, `80` in `8080`). */
const WORD = /[A-Za-z0-9_.\-/]/;

/**
 * Where the text the rendered output has at `span` stands in the template: at its occurrence when it
 * occurs exactly once there (not as part of a longer name or number), else on the template's first
 * line (`exact: false`): a value that comes from the values, or text the template repeats, cannot be
 * placed, and a guess would send the user to the wrong line. With `onLineWith` (the field's key), only
 * occurrences on a line that also holds that text count: `web` of `targetPort: web` is not the `web`
 * of `app: web`. A text of several lines (a map or list) is looked for by its first line.
 */
export function templateSpanOf(rendered: string, span: Span, template: string, onLineWith?: string): TemplateSpan {
  const firstLine = { start: 0, end: lineEndAt(template, 0) };
  const whole = rendered.slice(span.start, span.end);
  const text = whole.includes('\n') ? whole.slice(0, whole.indexOf('\n')).replace(/\r$/, '').trimEnd() : whole;
  if (text.trim() === '') return { span: firstLine, exact: false };
  const wordStart = WORD.test(text[0]!);
  const wordEnd = WORD.test(text[text.length - 1]!);
  let found: number | undefined;
  for (let at = template.indexOf(text); at !== -1; at = template.indexOf(text, at + 1)) {
    if (wordStart && at > 0 && WORD.test(template[at - 1]!)) continue;
    const after = at + text.length;
    if (wordEnd && after < template.length && WORD.test(template[after]!)) continue;
    if (onLineWith !== undefined && !lineAround(template, at).includes(onLineWith)) continue;
    if (found !== undefined) return { span: firstLine, exact: false };
    found = at;
  }
  return found === undefined ? { span: firstLine, exact: false } : { span: { start: found, end: found + text.length }, exact: true };
}

/** The text of the line holding `offset` in `text`, without its break and surrounding blanks. */
export function lineAround(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(start, lineEndAt(text, start)).trim();
}

function lineEndAt(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline;
  return end > start && text[end - 1] === '\r' ? end - 1 : end;
}
