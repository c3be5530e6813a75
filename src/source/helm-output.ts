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

/** A template's text with where its `{{ ... }}` actions are, found once per template. */
export interface TemplateText {
  readonly text: string;
  /** `[start, end)` of each action, in order, `{{` and `}}` included; an action left open runs to the end. */
  readonly actions: readonly (readonly [number, number])[];
}

/** The template actions of a template's text. */
export function templateText(text: string): TemplateText {
  const actions: [number, number][] = [];
  for (let at = text.indexOf('{{'); at !== -1; ) {
    const close = text.indexOf('}}', at + 2);
    const end = close === -1 ? text.length : close + 2;
    actions.push([at, end]);
    at = text.indexOf('{{', end);
  }
  return { text, actions };
}

/** The index of the action holding `offset`, or -1. */
function actionAt(template: TemplateText, offset: number): number {
  let lo = 0;
  let hi = template.actions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = template.actions[mid]!;
    if (offset < start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Characters that continue a name or number: a match must not be part of a longer one (`api` in `api-server`, `80` in `8080`). */
const WORD = /[A-Za-z0-9_.\-/]/;

/**
 * Where the text the rendered output has at `span` stands in the template: at its occurrence when it
 * occurs exactly once there at the same place, else on the template's first line (`exact: false`): a
 * value that comes from the values, or text the template repeats, cannot be placed, and a guess would
 * send the user to the wrong line. An occurrence counts only when it is template text, not inside a
 * `{{ ... }}` action (`eq .Values.type "LoadBalancer"` is no field); not part of a longer name or
 * number; with the same text before it on its line (the same indentation, list markers and key:
 * helm copies template text as it is, so `web` of `targetPort: web` is not the `web` of `app: web`,
 * and a `podSelector:` two levels deeper is another one); and under the same parent keys as far as
 * the template shows them (up to an action that writes text, whose output is not known). A text of
 * several lines (a map or list) is looked for by its first line.
 */
export function templateSpanOf(rendered: string, span: Span, template: TemplateText): TemplateSpan {
  const source = template.text;
  const firstLine = { start: 0, end: lineEndAt(source, 0) };
  const whole = rendered.slice(span.start, span.end);
  const text = whole.includes('\n') ? whole.slice(0, whole.indexOf('\n')).replace(/\r$/, '').trimEnd() : whole;
  if (text.trim() === '') return { span: firstLine, exact: false };
  const wordStart = WORD.test(text[0]!);
  const wordEnd = WORD.test(text[text.length - 1]!);
  const prefix = rendered.slice(lineStartAt(rendered, span.start), span.start);
  let parents: readonly string[] | undefined;
  let found: number | undefined;
  for (let at = source.indexOf(text); at !== -1; at = source.indexOf(text, at + 1)) {
    if (wordStart && at > 0 && WORD.test(source[at - 1]!)) continue;
    const after = at + text.length;
    if (wordEnd && after < source.length && WORD.test(source[after]!)) continue;
    if (actionAt(template, at) !== -1 || actionAt(template, after - 1) !== -1) continue;
    if (source.slice(lineStartAt(source, at), at) !== prefix) continue;
    parents ??= parentsOf(rendered, undefined, lineStartAt(rendered, span.start)).heads;
    if (!sameParents(parentsOf(source, template, lineStartAt(source, at)), parents)) continue;
    if (found !== undefined) return { span: firstLine, exact: false };
    found = at;
  }
  return found === undefined ? { span: firstLine, exact: false } : { span: { start: found, end: found + text.length }, exact: true };
}

/**
 * The action that writes the whole value of the key the template has at `keyAt` (`egress:` then
 * `{{- toYaml .Values.egress | nindent 4 }}`): its span when the key's value in the template is
 * exactly one action that writes text (besides `if`/`with`/`range`/`end` and comments), undefined
 * when the value holds template text or several such actions (then the field's line is not known).
 */
export function soleActionUnder(template: TemplateText, keyAt: number): Span | undefined {
  const source = template.text;
  const lineStart = lineStartAt(source, keyAt);
  const column = keyColumnOf(source.slice(lineStart, lineEndAt(source, lineStart)));
  const writers = new Set<number>();
  // The rest of the key's line, after its colon: nothing, or actions only.
  const colon = source.indexOf(':', keyAt);
  const keyLineEnd = lineEndAt(source, lineStart);
  if (colon === -1 || colon >= keyLineEnd) return undefined;
  for (let at = colon + 1; at < keyLineEnd; at++) {
    if (/\s/.test(source[at]!)) continue;
    const action = actionAt(template, at);
    if (action === -1) return undefined;
    if (writes(source, template.actions[action]!)) writers.add(action);
    at = template.actions[action]![1] - 1;
  }
  for (let start = nextLineStart(source, lineStart); start !== -1; start = nextLineStart(source, start)) {
    const line = source.slice(start, lineEndAt(source, start));
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    const actions = pureActions(template, start, start + line.length);
    if (actions === undefined) {
      // Template text: a sibling or parent key ends the value; text inside it is content not from one action.
      if (indent < column || (indent === column && !line.trimStart().startsWith('-'))) break;
      return undefined;
    }
    const writing = actions.filter((i) => writes(source, template.actions[i]!));
    if (writing.length === 0) continue;
    if (indent <= column) break;
    for (const i of writing) writers.add(i);
    // A multi-line action: go on after its end.
    const last = template.actions[actions[actions.length - 1]!]![1];
    while (nextLineStart(source, start) !== -1 && nextLineStart(source, start) < last) start = nextLineStart(source, start);
  }
  if (writers.size !== 1) return undefined;
  const [start, end] = template.actions[[...writers][0]!]!;
  return { start, end };
}

/** The parent keys of the line at `lineStart`, nearest first, as their lines show them (`- to:`, `egress:`). */
interface Parents {
  readonly heads: readonly string[];
  /** Whether the walk stopped at an action that writes text (the parents above it are not known), not at the top. */
  readonly open: boolean;
}

function parentsOf(text: string, template: TemplateText | undefined, lineStart: number): Parents {
  let column = keyColumnOf(text.slice(lineStart, lineEndAt(text, lineStart)));
  const heads: string[] = [];
  for (let start = previousLineStart(text, lineStart); column > 0 && start !== -1; start = previousLineStart(text, start)) {
    const line = text.slice(start, lineEndAt(text, start));
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (template) {
      const actions = pureActions(template, start, start + line.length);
      if (actions !== undefined) {
        if (indent < column && actions.some((i) => writes(text, template.actions[i]!))) return { heads, open: true };
        continue;
      }
    }
    const keyColumn = keyColumnOf(line);
    if (keyColumn >= column) continue;
    const head = headOf(line);
    if (head === undefined) return { heads, open: true };
    heads.push(head);
    column = keyColumn;
  }
  return { heads, open: false };
}

/** Whether the template's parents agree with the rendered ones, as far as the template shows them. */
function sameParents(template: Parents, rendered: readonly string[]): boolean {
  if (template.heads.some((head, i) => head !== rendered[i])) return false;
  return template.open ? template.heads.length <= rendered.length : template.heads.length === rendered.length;
}

/** A line's key as written, with its list markers (`- to:`); undefined when it is no plain key (a template action in it). */
function headOf(line: string): string | undefined {
  const content = line.trimStart();
  const colon = content.search(/:(\s|$)/);
  if (colon === -1) return undefined;
  const head = content.slice(0, colon + 1);
  return head.includes('{{') ? undefined : head;
}

/** The column of a line's first key or value, after its indentation and list markers. */
function keyColumnOf(line: string): number {
  const match = /^[ \t]*(?:-[ \t]+)*/.exec(line)!;
  return match[0].length;
}

/** The actions making up the line `[start, end)` when it holds nothing else; undefined when it holds template text. */
function pureActions(template: TemplateText, start: number, end: number): number[] | undefined {
  const found: number[] = [];
  for (let at = start; at < end; at++) {
    if (/\s/.test(template.text[at]!)) continue;
    const action = actionAt(template, at);
    if (action === -1) return undefined;
    if (found[found.length - 1] !== action) found.push(action);
    at = Math.min(end, template.actions[action]![1]) - 1;
  }
  return found.length > 0 ? found : undefined;
}

/** Whether an action writes text: not control flow (`if`, `else`, `end`, `with`, `range`, `define`), a comment or an assignment. */
function writes(text: string, [start, end]: readonly [number, number]): boolean {
  const inner = text.slice(start + 2, end).replace(/^-/, '').trimStart();
  return !/^(?:\/\*|(?:if|else|end|with|range|define|break|continue)\b|\$\w*\s*:?=)/.test(inner);
}

function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function previousLineStart(text: string, lineStart: number): number {
  return lineStart === 0 ? -1 : lineStartAt(text, lineStart - 1);
}

function nextLineStart(text: string, lineStart: number): number {
  const newline = text.indexOf('\n', lineStart);
  return newline === -1 || newline + 1 >= text.length ? -1 : newline + 1;
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
