/**
 * Where the fields of a chart's rendered manifests come from: each manifest's `# Source:` marker names
 * its template (src/source/helm-output.ts), read here from the chart directory, and a field is placed
 * on its line when its rendered text (the value, else the key) stands exactly once in the template.
 * Templates are found as src/render/chart-files.ts finds them (subcharts by name or alias), read only
 * inside the chart directory, once each: the markers are written by the chart, which a stranger's pull
 * request may change.
 */
import { helmSegments, lineAround, segmentAt, soleActionUnder, templateSpanOf, templateText, type TemplateText } from '../source/helm-output.ts';
import { chartFiles } from './chart-files.ts';
import type { DocumentOrigin } from '../source/rendered.ts';
import type { NodeLocation, ParsedDocument, SourceFile } from '../source/types.ts';

export interface HelmOriginInput {
  readonly cwd: string;
  /** The chart directory, absolute; undefined for a packaged chart (its templates are not on disk: the output is the place). */
  readonly chartDir: string | undefined;
  /** The rendered output. */
  readonly stream: SourceFile;
  /** What rendered it, for notes: `helm template charts/web with --values prod.yaml`. */
  readonly producer: string;
  readonly maxFileSize: number;
}

/** The origin finder of `parseRendered` for `helm template` output. */
export function helmOrigins(input: HelmOriginInput): (doc: ParsedDocument) => DocumentOrigin | undefined {
  const segments = helmSegments(input.stream.text);
  const files = input.chartDir === undefined ? undefined : chartFiles(input.cwd, input.chartDir, input.maxFileSize);
  const parsed = new Map<SourceFile, TemplateText>();
  return (doc) => {
    if (files === undefined) return undefined;
    // The root node starts after the marker comment; the document's span may start before it, at `---`.
    const segment = segmentAt(segments, doc.locate([])?.value.start ?? doc.span.start);
    const file = segment && files.read(segment.source);
    if (!file) return undefined;
    if (!parsed.has(file)) parsed.set(file, templateText(file.text));
    const template = { file, parsed: parsed.get(file)! };
    return { locate: (path) => placeInTemplate(doc, path, template.file, template.parsed, input) };
  };
}

/**
 * The field at `path` placed in its template: at its value's text when that stands there once at the
 * field's place, else at its key's (the note quoting the rendered line: the value came from elsewhere),
 * else at the one action that writes the value of its nearest parent key found in the template (a
 * `toYaml` or `include`), else on the template's first line; with a note quoting the rendered line
 * whenever the value itself was not found.
 */
function placeInTemplate(doc: ParsedDocument, path: readonly (string | number)[], template: SourceFile, parsed: TemplateText, input: HelmOriginInput): NodeLocation | undefined {
  const rendered = doc.locate(path);
  if (!rendered) return undefined;
  const text = input.stream.text;
  const value = templateSpanOf(text, rendered.value, parsed);
  const key = rendered.key ? templateSpanOf(text, rendered.key, parsed) : undefined;
  const flags = { ...(rendered.plain ? { plain: true as const } : {}), ...(rendered.keyPlain ? { keyPlain: true as const } : {}) };
  const line = JSON.stringify(lineAround(text, rendered.key?.start ?? rendered.value.start));
  if (value.exact) return { value: value.span, ...(rendered.key ? { key: key?.exact ? key.span : value.span } : {}), file: template, ...flags };
  if (key?.exact) return { value: key.span, key: key.span, file: template, note: `${input.producer} rendered it as ${line}`, ...flags };
  const action = writingAction(doc, path, text, parsed);
  if (action) return { value: action, ...(rendered.key ? { key: action } : {}), file: template, note: `${input.producer} rendered it as ${line} from the template action on this line`, ...flags };
  return {
    value: value.span,
    ...(key ? { key: key.span } : {}),
    file: template,
    note: `${input.producer} rendered it as ${line}; the template's line for it is not known`,
    ...flags,
  };
}

/**
 * The action that wrote the field at `path`: the nearest parent key of the field found in the template
 * at its place, when its whole value there is one action that writes text; undefined otherwise (the
 * parent holds template text or several actions, or no parent is found).
 */
function writingAction(doc: ParsedDocument, path: readonly (string | number)[], rendered: string, parsed: TemplateText) {
  for (let length = path.length - 1; length > 0; length--) {
    if (typeof path[length - 1] !== 'string') continue;
    const parentKey = doc.locate(path.slice(0, length))?.key;
    if (!parentKey) continue;
    const found = templateSpanOf(rendered, parentKey, parsed);
    if (found.exact) return soleActionUnder(parsed, found.span.start);
  }
  return undefined;
}
