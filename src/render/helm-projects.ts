/**
 * A chart to lint (`--helm`, or `helm.charts` of the config) turned into the projects of a run: one
 * rendering with the values given, or one per values file of a directory (`--values-matrix`), each a
 * model of its own whose findings are joined across the renderings (src/lint/variants.ts). A chart
 * helm refuses (a template error, a missing dependency) is a finding at the file helm names; no helm
 * at all is the caller's usage error (`HelmMissingError`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HelmChartConfig } from '../config/types.ts';
import type { ProjectInput } from '../projects.ts';
import { displayPath, type RenderFailure, type SkippedFile } from '../source/load.ts';
import { parseRendered, renderedStream } from '../source/rendered.ts';
import type { SourceFile } from '../source/types.ts';
import { compareStrings } from '../util/compare.ts';
import { chartKind, DEFAULT_RELEASE, helmErrorLocation, renderHelm } from './helm.ts';
import { helmOrigins } from './helm-origin.ts';
import { chartFiles, chartLinks, type ChartFiles } from './chart-files.ts';
import { repositoryRoot } from '../source/containment.ts';

/** One chart and how to render it (the config's `helm.charts` entry or `--helm`); paths relative to `base`. */
export interface HelmTarget extends HelmChartConfig {
  /** The directory the paths are relative to: the working directory (CLI) or the config file's. */
  readonly base: string;
}

export interface HelmSettings {
  readonly cwd: string;
  /** The helm executable (`--helm-command`, `helm.command`, else `helm` on PATH). */
  readonly command: string;
  readonly maxFileSize: number;
}

/** There is no helm to run: a usage error (exit 2) for the caller, with what to do. */
export class HelmMissingError extends Error {}

/** A chart, values file or values directory that is not there: a usage error for the caller. */
export class HelmInputError extends Error {}

/** The projects of one chart: one per rendering, named by their values file in a matrix. */
export function helmProjects(target: HelmTarget, settings: HelmSettings): ProjectInput[] {
  const { cwd } = settings;
  const chart = resolve(target.base, target.chart);
  const kind = chartKind(chart);
  const chartShown = displayPath(cwd, chart);
  if (!kind) throw new HelmInputError(`--helm ${chartShown}: no chart there (a directory holding Chart.yaml, or a packaged chart .tgz)`);
  const values = target.values.map((file) => localFile(target.base, file, 'values file'));
  const variants: { name: string | undefined; values: string[] }[] = [];
  if (target.valuesMatrix !== undefined) {
    for (const file of matrixOf(target.base, target.valuesMatrix, cwd)) variants.push({ name: displayPath(cwd, file), values: [...values, file] });
  }
  for (const set of target.valueSets ?? []) {
    const files = set.map((file) => localFile(target.base, file, 'values file'));
    variants.push({ name: files.map((file) => displayPath(cwd, file)).join(' + '), values: [...values, ...files] });
  }
  if (variants.length === 0) variants.push({ name: undefined, values });
  // helm follows every link of a chart directory: one that leads out of the repository (or round a loop) stops the chart here.
  const refused = kind === 'directory' ? refusedLinks(chart, chartShown, cwd) : [];
  return variants.map((variant): ProjectInput => {
    const path = variant.name === undefined ? chartShown : `${chartShown} (${variant.name})`;
    const project = { path, ...(variant.name !== undefined ? { variant: variant.name } : {}) };
    if (refused.length > 0) return { ...project, files: [], skipped: refused, documents: [] };
    const result = renderHelm({
      command: settings.command,
      chart,
      values: variant.values,
      set: target.set,
      release: target.release ?? DEFAULT_RELEASE,
      ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
      ...(target.kubeVersion !== undefined ? { kubeVersion: target.kubeVersion } : {}),
      maxBytes: settings.maxFileSize,
    });
    const files = kind === 'directory' ? chartFiles(cwd, chart, settings.maxFileSize) : undefined;
    if (!result.ok) {
      if (result.reason === 'missing') {
        throw new HelmMissingError(`${result.message}: kube-netlint renders charts with Helm 3 or later; install it (https://helm.sh/docs/intro/install/) or name it with --helm-command PATH`);
      }
      // A version helm cannot read is a mistake on the command line (or in the config), not in the chart.
      const badVersion = /^invalid kube version\b/i.exec(result.message);
      if (badVersion && target.kubeVersion !== undefined) {
        throw new HelmInputError(`--kube-version ${target.kubeVersion}: helm does not accept it (${result.message}); give a Kubernetes version such as 1.31.0`);
      }
      return { ...project, files: [], skipped: [refusal(chart, chartShown, files, result, variant.name, cwd)], documents: [] };
    }
    // In a matrix the values file is named by the joined findings; a single rendering names its own.
    const shownValues = variant.name === undefined ? describeValues(target, cwd) : '';
    const producer = `helm template ${chartShown}${shownValues}`;
    const stream = renderedStream(`helm ${chartShown}${variant.name === undefined ? '' : ` ${variant.name}`}`, result.text, chartHome(chart, kind === 'directory', cwd));
    const originOf = helmOrigins({ cwd, chartDir: kind === 'directory' ? chart : undefined, stream, producer, maxFileSize: settings.maxFileSize });
    const documents = parseRendered(stream, producer, originOf);
    // A chart that renders nothing with these values would pass with nothing checked: said, as an error.
    if (!documents.some((doc) => isObject(doc.value)) && !documents.some((doc) => doc.problems.length > 0)) {
      return { ...project, files: [], skipped: [emptyRendering(chart, chartShown, kind === 'directory', variant.name, cwd)], documents: [] };
    }
    return { ...project, files: [stream], skipped: [], documents };
  });
}

/**
 * The findings for the links of a chart directory helm must not follow (src/render/chart-files.ts), at
 * each link; none when the chart may be rendered.
 */
function refusedLinks(chart: string, chartShown: string, cwd: string): SkippedFile[] {
  const { problems, tooMany } = chartLinks(chart, repositoryRoot(chart, cwd));
  const subject = `of chart ${chartShown}`;
  const out = problems.map((problem): SkippedFile => {
    const reference = `${JSON.stringify(displayPath(cwd, problem.absPath))} (a symbolic link to ${JSON.stringify(problem.target)})`;
    const renderFailed: RenderFailure =
      problem.problem === 'loop'
        ? { messageId: 'linkLoop', data: { reference, subject } }
        : { messageId: 'outside', data: { reference, how: problem.problem, subject } };
    return { path: displayPath(cwd, problem.absPath), absPath: problem.absPath, reason: `${reference} ${problem.problem === 'loop' ? 'leads back to a directory above it' : `${problem.problem} the repository`}; the chart was not rendered`, renderFailed };
  });
  if (tooMany) {
    const absPath = join(chart, 'Chart.yaml');
    out.push({ path: displayPath(cwd, absPath), absPath, reason: 'the chart directory holds too many files to check its links; the chart was not rendered', renderFailed: { messageId: 'tooManyFiles', data: { subject } } });
  }
  return out;
}

/** The real file a finding in the rendered output is shown on: the chart's Chart.yaml, or the packaged chart itself. */
function chartHome(chart: string, isDirectory: boolean, cwd: string): SourceFile {
  if (!isDirectory) return { path: displayPath(cwd, chart), absPath: chart, text: '' };
  const chartYaml = join(chart, 'Chart.yaml');
  let text = '';
  try {
    text = readFileSync(chartYaml, 'utf8');
  } catch {
    // Gone since helm read it: line 1 of an empty text is still its first line.
  }
  return { path: displayPath(cwd, chartYaml), absPath: chartYaml, text };
}

/** The values and assignments of a single rendering, for notes: ` with --values prod.yaml --set a=b`; empty with none. */
function describeValues(target: HelmTarget, cwd: string): string {
  const parts = [...target.values.map((file) => `--values ${displayPath(cwd, resolve(target.base, file))}`), ...target.set.map((assignment) => `--set ${assignment}`)];
  return parts.length === 0 ? '' : ` with ${parts.join(' ')}`;
}

/**
 * A values file: a local file, absolute. Never a URL (helm would download it): a name that is no file
 * here is an input error.
 */
function localFile(base: string, file: string, what: string): string {
  const path = resolve(base, file);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new HelmInputError(`${what} ${file}: no such file${/^[a-z][a-z0-9+.-]*:\/\//i.test(file) ? ' (only local values files are read, never URLs)' : ''}`);
  return path;
}

/** The values files of a matrix directory, sorted; an input error when there is none. */
function matrixOf(base: string, dir: string, cwd: string): string[] {
  const path = resolve(base, dir);
  let names: string[];
  try {
    names = readdirSync(path);
  } catch {
    throw new HelmInputError(`--values-matrix ${dir}: no such directory`);
  }
  const files = names
    .filter((name) => /\.ya?ml$/i.test(name))
    .map((name) => join(path, name))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile())
    .sort(compareStrings);
  if (files.length === 0) throw new HelmInputError(`--values-matrix ${displayPath(cwd, path)}: no values files (*.yaml) in it`);
  return files;
}

/** Whether a rendered document is an object (a manifest), not empty or a bare value. */
function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** ` with prod.yaml`, for a rendering of a matrix; empty for the only one. */
function withVariant(variant: string | undefined): string {
  return variant === undefined ? '' : ` with ${variant}`;
}

/**
 * The finding for a chart helm refused or kube-netlint stopped: at the template and line helm's error
 * names (subcharts by name or alias, src/render/chart-files.ts), else at Chart.yaml (or the packaged
 * chart), with helm's message and what to do.
 */
function refusal(chart: string, chartShown: string, files: ChartFiles | undefined, result: { reason: string; message: string }, variant: string | undefined, cwd: string): SkippedFile {
  const named = result.reason === 'failed' ? helmErrorLocation(result.message) : undefined;
  const template = named && files?.read(named.source);
  const absPath = template ? template.absPath : files ? join(chart, 'Chart.yaml') : chart;
  const data = { subject: `chart ${chartShown}`, tool: 'helm template', variant: withVariant(variant) };
  const renderFailed: RenderFailure =
    result.reason === 'limit'
      ? { messageId: /did not finish/.test(result.message) ? 'timeout' : 'tooLarge', data: { ...data, limit: /more than (.+?),/.exec(result.message)?.[1] ?? /within (.+?),/.exec(result.message)?.[1] ?? '' } }
      : {
          messageId: /missing in charts\/ directory/.test(result.message) ? 'dependencies' : 'failed',
          data: { ...data, reason: result.message },
          ...(template ? { at: { text: template.text, span: spanAtLine(template.text, named?.line, named?.column) } } : {}),
        };
  return { path: displayPath(cwd, absPath), absPath, reason: `the chart could not be rendered${withVariant(variant)}: ${result.message}`, renderFailed };
}

/** The finding for a chart that rendered no object: at its Chart.yaml (or the packaged chart). */
function emptyRendering(chart: string, chartShown: string, isDirectory: boolean, variant: string | undefined, cwd: string): SkippedFile {
  const absPath = isDirectory ? join(chart, 'Chart.yaml') : chart;
  return {
    path: displayPath(cwd, absPath),
    absPath,
    reason: `the chart rendered no Kubernetes object${withVariant(variant)}`,
    renderFailed: {
      messageId: 'empty',
      data: { subject: `chart ${chartShown}`, variant: withVariant(variant) },
    },
  };
}

/** The span from `column` (0-based, as helm writes it; the line's start without one) to the end of line `line` (1-based); the file's start without a line. */
function spanAtLine(text: string, line: number | undefined, column: number | undefined): { start: number; end: number } {
  if (line === undefined) return { start: 0, end: 0 };
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return { start: 0, end: 0 };
    start = next + 1;
  }
  const newline = text.indexOf('\n', start);
  const end = (newline === -1 ? text.length : newline) - (text[newline - 1] === '\r' ? 1 : 0);
  const at = Math.min(start + (column ?? 0), end);
  return { start: at, end };
}
