/**
 * Runs with charts (`--helm`, `helm.charts` of the config): each chart is rendered and analysed apart
 * (one model per rendering: a release is deployed alone, and two renderings of one chart would
 * duplicate every object), the plain files given form one more model, and the findings form one
 * report. The files of a rendered chart's directory are left out of the plain files: its templates
 * are linted through the chart, not skipped one by one.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { skippedKinds, type Analysis, type SkippedCount, type Summary } from '../analyze.ts';
import { ignoreBaseOf } from './config.ts';
import type { Config } from '../config/types.ts';
import { sortDiagnostics } from '../lint/run.ts';
import type { Diagnostic } from '../lint/types.ts';
import type { Model } from '../model/types.ts';
import { analyzeProjects, type ProjectSummary } from '../projects.ts';
import { HelmInputError, HelmMissingError, helmProjects, type HelmTarget } from '../render/helm-projects.ts';
import { caveatsOf } from '../semantics/blind-spots.ts';
import { DEFAULT_MAX_FILE_SIZE, type LoadResult } from '../source/load.ts';
import type { RunObserver } from '../util/observer.ts';
import type { CliIo } from './io.ts';
import { UsageError } from './io.ts';

/** The charts of a run and the helm that renders them. */
export interface HelmRun {
  readonly targets: readonly HelmTarget[];
  /** `--helm-command`, else the config's `helm.command`, else `helm` on PATH. */
  readonly command: string;
}

/** Whether an absolute path lies in one of the charts' directories. */
export function inChartOf(targets: readonly HelmTarget[]): (absPath: string) => boolean {
  const dirs = targets.map((t) => resolve(t.base, t.chart));
  return (absPath) =>
    dirs.some((dir) => {
      const rel = relative(dir, absPath);
      return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
    });
}

/** The plain files without those of the rendered charts' directories. */
export function withoutCharts(loaded: LoadResult, targets: readonly HelmTarget[]): LoadResult {
  const inChart = inChartOf(targets);
  return { ...loaded, files: loaded.files.filter((f) => !inChart(f.absPath)), skipped: loaded.skipped.filter((s) => !inChart(s.absPath)) };
}

/**
 * Renders and analyses each chart, and joins their findings with `plain`'s (the analysis of the plain
 * files, absent when none were given). A missing helm or chart is a usage error (exit 2).
 */
export function analyzeCharts(io: CliIo, config: Config, helm: HelmRun, plain: Analysis | undefined, observer?: RunObserver): Analysis {
  const analyses: { readonly diagnostics: readonly Diagnostic[]; readonly summary: Summary; readonly models: readonly Model[] }[] = [];
  if (plain) analyses.push({ diagnostics: plain.diagnostics, summary: { ...plain.summary, projects: plain.summary.projects ?? [{ path: '.', ...counts(plain.summary) }] }, models: [plain.model] });
  for (const target of helm.targets) {
    let projects;
    // `--timing` shows what rendering costs apart from the lint of its output.
    const endRender = observer?.begin(`render helm ${target.chart}`);
    try {
      projects = helmProjects(target, { cwd: io.cwd, command: helm.command, maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE });
    } catch (error) {
      if (error instanceof HelmMissingError || error instanceof HelmInputError) throw new UsageError(error.message);
      throw error;
    } finally {
      endRender?.();
    }
    const result = analyzeProjects({ projects, config, variantNoun: 'values files' });
    analyses.push({ diagnostics: result.diagnostics, summary: result.summary, models: result.models });
  }
  const models = analyses.flatMap((a) => a.models);
  const diagnostics = sortDiagnostics(analyses.flatMap((a) => [...a.diagnostics]));
  const projects: ProjectSummary[] = analyses.flatMap((a) => a.summary.projects ?? []);
  const summary: Summary = {
    files: sum(analyses, (a) => a.summary.files),
    objects: sum(analyses, (a) => a.summary.objects),
    skipped: sum(analyses, (a) => a.summary.skipped),
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    infos: diagnostics.filter((d) => d.severity === 'info').length,
    config: config.source?.file.path ?? null,
    skippedKinds: mergeSkipped(models.map(skippedKinds)),
    caveats: caveatsOf(...models),
    projects,
  };
  return { model: models[0]!, diagnostics, summary };
}

function counts(summary: Summary): Omit<ProjectSummary, 'path'> {
  return { files: summary.files, objects: summary.objects, skipped: summary.skipped, errors: summary.errors, warnings: summary.warnings, infos: summary.infos };
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

function mergeSkipped(lists: readonly (readonly SkippedCount[])[]): SkippedCount[] {
  const byWhat = new Map<string, SkippedCount>();
  for (const list of lists) for (const item of list) byWhat.set(item.what, { ...item, count: (byWhat.get(item.what)?.count ?? 0) + item.count });
  return [...byWhat.values()].sort((a, b) => b.count - a.count || (a.what < b.what ? -1 : a.what > b.what ? 1 : 0));
}

/** The `parseArgs` declarations of the chart options of lint. */
export const HELM_OPTIONS = {
  helm: { type: 'string', multiple: true },
  values: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  release: { type: 'string' },
  'kube-version': { type: 'string' },
  'values-matrix': { type: 'string' },
  'helm-command': { type: 'string' },
} as const;

interface HelmOptionValues {
  readonly helm?: readonly string[];
  readonly values?: readonly string[];
  readonly set?: readonly string[];
  readonly release?: string;
  readonly namespace?: string;
  readonly 'kube-version'?: string;
  readonly 'values-matrix'?: string;
  readonly 'helm-command'?: string;
}

/**
 * The charts of a lint run: `--helm CHART` with its options (relative to the working directory), else
 * the config's `helm.charts` (relative to the config file) when `configCharts` (the CLI: no PATH
 * given; the Action: always); undefined for none. The helm executable is
 * `--helm-command`, else the config's `helm.command` (a name on PATH only: a config comes with the
 * repository, and a path would let a pull request choose what runs), else `helm`.
 */
export function helmRunOf(values: HelmOptionValues, config: Config, cwd: string, configCharts = true): HelmRun | undefined {
  const named = values['helm-command'] ?? config.helm?.command ?? 'helm';
  // helm runs in a temporary directory: a relative path is the user's, from the working directory.
  const command = /[\\/]/.test(named) ? resolve(cwd, named) : named;
  const given = values.helm ?? [];
  if (given.length === 0) {
    const stray = (['values', 'set', 'release', 'kube-version', 'values-matrix'] as const).find((name) => values[name] !== undefined);
    if (stray) throw new UsageError(`--${stray} applies to a chart: give it with --helm CHART`);
    const base = ignoreBaseOf(config, cwd);
    const charts = (configCharts ? config.helm?.charts ?? [] : []).map((chart): HelmTarget => ({ ...chart, base }));
    return charts.length > 0 ? { command, targets: charts } : undefined;
  }
  if (given.length > 1) throw new UsageError('give one --helm CHART; list several charts under helm.charts in .kube-netlint.yaml');
  for (const assignment of values.set ?? []) {
    if (!assignment.includes('=')) throw new UsageError(`--set takes KEY=VALUE, not "${assignment}"`);
  }
  const target: HelmTarget = {
    base: cwd,
    chart: given[0]!,
    values: values.values ?? [],
    set: values.set ?? [],
    ...(values.release !== undefined ? { release: values.release } : {}),
    ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
    ...(values['kube-version'] !== undefined ? { kubeVersion: values['kube-version'] } : {}),
    ...(values['values-matrix'] !== undefined ? { valuesMatrix: values['values-matrix'] } : {}),
  };
  return { command, targets: [target] };
}
