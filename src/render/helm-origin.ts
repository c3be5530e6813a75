/**
 * Where the fields of a chart's rendered manifests come from: each manifest's `# Source:` marker names
 * its template (src/source/helm-output.ts), read here from the chart directory, and a field is placed
 * on its line when its rendered text (the value, else the key) stands exactly once in the template.
 * Templates are read only inside the chart directory (real paths, links resolved), bounded in size,
 * once each: the markers are written by the chart, which a stranger's pull request may change.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { helmSegments, lineAround, segmentAt, templatePathOf, templateSpanOf } from '../source/helm-output.ts';
import { decodeText, displayPath } from '../source/load.ts';
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
  const chartReal = input.chartDir === undefined ? undefined : realOrUndefined(input.chartDir);
  const templates = new Map<string, SourceFile | undefined>();
  const templateAt = (inside: string): SourceFile | undefined => {
    if (!templates.has(inside)) templates.set(inside, readInside(input.cwd, input.chartDir!, chartReal!, inside, input.maxFileSize));
    return templates.get(inside);
  };
  return (doc) => {
    if (chartReal === undefined) return undefined;
    // The root node starts after the marker comment; the document's span may start before it, at `---`.
    const segment = segmentAt(segments, doc.locate([])?.value.start ?? doc.span.start);
    const inside = segment && templatePathOf(segment.source);
    const template = inside === undefined ? undefined : templateAt(inside);
    if (!template) return undefined;
    return { locate: (path) => placeInTemplate(doc, path, template, input) };
  };
}

/**
 * The field at `path` placed in its template: at its value's text when that stands there once, else
 * at its key's, else on the template's first line with a note quoting the rendered line.
 */
function placeInTemplate(doc: ParsedDocument, path: readonly (string | number)[], template: SourceFile, input: HelmOriginInput): NodeLocation | undefined {
  const rendered = doc.locate(path);
  if (!rendered) return undefined;
  const text = input.stream.text;
  const keyText = rendered.key ? text.slice(rendered.key.start, rendered.key.end) : undefined;
  const value = templateSpanOf(text, rendered.value, template.text, keyText);
  const key = rendered.key ? templateSpanOf(text, rendered.key, template.text) : undefined;
  const flags = { ...(rendered.plain ? { plain: true as const } : {}), ...(rendered.keyPlain ? { keyPlain: true as const } : {}) };
  if (value.exact || key?.exact) {
    // The field's line is known from one of its texts; the other points there too when it is not found.
    const valueSpan = value.exact ? value.span : key!.span;
    const keySpan = key?.exact ? key.span : valueSpan;
    return { value: valueSpan, ...(rendered.key ? { key: keySpan } : {}), file: template, ...flags };
  }
  const line = lineAround(text, rendered.key?.start ?? rendered.value.start);
  return {
    value: value.span,
    ...(key ? { key: key.span } : {}),
    file: template,
    note: `${input.producer} rendered it as ${JSON.stringify(line)}; the template's line for it is not known`,
    ...flags,
  };
}

/** A template of the chart, read when its real path is inside the chart's real directory; undefined otherwise. */
function readInside(cwd: string, chart: string, chartReal: string, inside: string, maxFileSize: number): SourceFile | undefined {
  const absPath = join(chart, ...inside.split('/'));
  const real = realOrUndefined(absPath);
  if (!real) return undefined;
  const rel = relative(chartReal, real);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  try {
    const stats = statSync(real);
    if (!stats.isFile() || stats.size > maxFileSize) return undefined;
    const text = decodeText(readFileSync(real));
    return typeof text === 'string' ? { path: displayPath(cwd, absPath), absPath, text } : undefined;
  } catch {
    return undefined;
  }
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
