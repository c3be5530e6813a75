import { existsSync } from 'node:fs';
import * as core from '@actions/core';
import { rules } from '../../rules/index.ts';
import type { Summary } from '../analyze.ts';
import { UsageError, writeReport, type CliIo } from '../app/io.ts';
import { loadConfig, loadRun } from '../app/load-run.ts';
import { ignoreBaseOf } from '../app/config.ts';
import { resolve } from 'node:path';
import { VERSION } from '../app/version.ts';
import { baselineNote, readBaselineFile } from '../app/baseline-file.ts';
import { helmRunOf } from '../app/helm-run.ts';
import { reachFormatterOf, reachReport } from '../app/reach-report.ts';
import { applyBaseline, recount } from '../lint/baseline.ts';
import { notAnnotatedNote, planAnnotations } from '../format/github.ts';
import { formatSarif } from '../format/sarif.ts';
import type { FormatInput } from '../format/types.ts';
import type { Diagnostic } from '../lint/types.ts';
import { connectivitySections } from './connectivity.ts';
import { countsLine, findingLines } from './log.ts';
import { buildConfigSummary, buildSummary } from './summary.ts';

type FailOn = 'error' | 'warning' | 'never';

/** The action's inputs, as declared in action.yml. */
export interface ActionInputs {
  readonly paths: readonly string[];
  readonly config?: string;
  readonly failOn: FailOn;
  readonly sarifFile?: string;
  readonly annotations: boolean;
  readonly summary: boolean;
  readonly base?: string;
  /** A baseline file: its findings are left out of everything the action reports. */
  readonly baseline?: string;
  /** The helm program that renders the config's charts (`helm-command`): a name on PATH or a path; default helm. */
  readonly helmCommand?: string;
  /** Kustomization directories to render (input `kustomize`); empty: the config's `kustomize.overlays`. */
  readonly kustomize?: readonly string[];
  /** `kustomize` or `kubectl` (input `kustomize-command`). */
  readonly kustomizeCommand?: 'kustomize' | 'kubectl';
  /** Where to write the reachability matrix of the linted model (input `reach-output`), in `reachFormat` (a `reach` format). */
  readonly reachOutput?: string;
  readonly reachFormat: string;
}

/** Reads the inputs; an unset input (the bundle run outside a workflow) takes action.yml's default. */
export function readInputs(): ActionInputs {
  const text = (name: string) => core.getInput(name).trim();
  const flag = (name: string) => {
    // The runner's booleans are YAML 1.2 core schema ones, as core.getBooleanInput reads them.
    const value = text(name);
    if (value === '' || /^(true|True|TRUE)$/.test(value)) return true;
    if (/^(false|False|FALSE)$/.test(value)) return false;
    throw new UsageError(`input ${name} is "${value}"; use true or false`);
  };
  const failOn = (text('fail-on') || 'error').toLowerCase();
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') {
    throw new UsageError(`input fail-on is "${failOn}"; use error, warning or never`);
  }
  const paths = text('paths').split(/\s+/).filter(Boolean);
  const kustomize = text('kustomize').split(/\s+/).filter(Boolean);
  const kustomizeCommand = text('kustomize-command');
  // A program by name only, on PATH: a path would let the workflow's inputs start any file of the checkout.
  if (kustomizeCommand !== '' && kustomizeCommand !== 'kustomize' && kustomizeCommand !== 'kubectl') {
    throw new UsageError(`input kustomize-command is "${kustomizeCommand}"; use kustomize or kubectl`);
  }
  const reachFormat = text('reach-format') || 'json';
  reachFormatterOf(reachFormat, 'input reach-format');
  return {
    paths: paths.length > 0 ? paths : ['.'],
    ...(text('reach-output') ? { reachOutput: text('reach-output') } : {}),
    reachFormat,
    ...(text('config') ? { config: text('config') } : {}),
    failOn,
    ...(text('sarif-file') ? { sarifFile: text('sarif-file') } : {}),
    annotations: flag('annotations'),
    summary: flag('summary'),
    ...(text('base') ? { base: text('base') } : {}),
    ...(text('baseline') ? { baseline: text('baseline') } : {}),
    ...(text('helm-command') ? { helmCommand: text('helm-command') } : {}),
    ...(kustomize.length > 0 ? { kustomize } : {}),
    ...(kustomizeCommand === 'kustomize' || kustomizeCommand === 'kubectl' ? { kustomizeCommand } : {}),
  };
}

/** Whether the findings fail the step under `fail-on`. */
export function failsOn(failOn: FailOn, summary: Pick<Summary, 'errors' | 'warnings'>): boolean {
  if (failOn === 'never') return false;
  return summary.errors > 0 || (failOn === 'warning' && summary.warnings > 0);
}

/**
 * Lints like the CLI, then reports the way GitHub shows it: annotations, outputs, the job summary and
 * SARIF. Returns the exit code (1 when the findings fail the step).
 */
export async function runAction(inputs: ActionInputs, io: CliIo): Promise<number> {
  const { config, problems } = loadConfig(io, { configPath: inputs.config, paths: inputs.paths });
  const metas = rules.map((r) => r.meta);
  const format = (diagnostics: readonly Diagnostic[], summary: Summary): FormatInput => ({
    diagnostics,
    summary,
    rules: metas,
    color: false,
    version: VERSION,
  });
  if (problems.length > 0) {
    // A broken config is a usage failure whatever fail-on says: nothing was linted.
    await reportInvalidConfig(inputs, io, format(problems, { files: 0, objects: 0, skipped: 0, errors: problems.length, warnings: 0, infos: 0 }));
    throw new UsageError(`the config file has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; nothing was linted`);
  }

  const baseline = inputs.baseline !== undefined ? readBaselineFile(io, inputs.baseline, 'input baseline') : undefined;
  // The config's charts are rendered beside the paths, as `kube-netlint` with no PATH does.
  const helm = helmRunOf(inputs.helmCommand !== undefined ? { 'helm-command': inputs.helmCommand } : {}, config, io.cwd);
  const kustomize = inputs.kustomize?.length ? inputs.kustomize : (config.kustomize?.overlays ?? []).map((dir) => resolve(ignoreBaseOf(config, io.cwd), dir));
  // As the CLI with no PATH: with kustomizations to render and paths left at `.`, only they are linted.
  const paths = kustomize.length > 0 && inputs.paths.length === 1 && inputs.paths[0] === '.' ? [] : inputs.paths;
  if (inputs.reachOutput !== undefined && (helm || kustomize.length > 0 || (config.projects?.length ?? 0) > 0)) {
    // As the CLI's --reach-output: a run of several models has no one matrix, and the first model's would hide the others.
    throw new UsageError('input reach-output writes the matrix of one model, and charts, kustomizations or the config\'s projects: split this run into models of their own');
  }
  const analysis = await loadRun(io, { config, paths, ...(kustomize.length > 0 ? { kustomize } : {}), ...(inputs.kustomizeCommand ? { kustomizeCommand: inputs.kustomizeCommand } : {}), ...(helm ? { helm } : {}) });
  const applied = baseline ? applyBaseline(analysis.diagnostics, baseline) : undefined;
  const diagnostics = applied ? applied.diagnostics : analysis.diagnostics;
  const summary = applied ? recount(analysis.summary, diagnostics) : analysis.summary;
  if (applied) core.info(baselineNote(applied, inputs.baseline!).replace(/--write-baseline/, 'kube-netlint --write-baseline'));
  io.stdout(`${[...findingLines(diagnostics), countsLine(diagnostics, summary)].join('\n')}\n`);

  setOutputs(inputs, io, format(diagnostics, summary));

  if (inputs.annotations) annotate(diagnostics);
  // The matrix of the model just linted (no second load), shared with the summary's graph.
  const reach = inputs.reachOutput !== undefined ? reachReport(analysis.model, inputs.reachFormat) : undefined;
  if (reach) {
    for (const note of reach.notes) core.info(note);
    writeReport(io, inputs.reachOutput!, reach.output, 'input reach-output');
    core.info(`reachability matrix (${inputs.reachFormat}) written to ${inputs.reachOutput}`);
  }
  if (inputs.summary) {
    const { sections, problems } = await connectivitySections({ analysis, config, io, paths: inputs.paths, ...(inputs.base ? { base: inputs.base } : {}), ...(reach ? { matrix: reach.matrix } : {}) });
    const link = fileLink(io.env);
    const baselineCounts = applied ? { baseline: { baselined: applied.baselined, unmatched: applied.unmatched } } : {};
    const markdown = buildSummary({ diagnostics, summary, rules: metas, sections, ...(link ? { link } : {}), ...baselineCounts });
    await core.summary.addRaw(markdown).write();
    if (problems.length > 0) throw new UsageError(problems.join('; '));
  }

  if (!failsOn(inputs.failOn, summary)) return 0;
  core.info(`kube-netlint: failing the step (fail-on: ${inputs.failOn}): ${summary.errors} errors, ${summary.warnings} warnings`);
  return 1;
}

/**
 * The log, outputs, SARIF, annotations and summary for config problems: the steps and readers that rely
 * on them learn why nothing was linted.
 */
async function reportInvalidConfig(inputs: ActionInputs, io: CliIo, report: FormatInput): Promise<void> {
  const problems = report.diagnostics;
  // A config file that does not exist (input config: nope.yaml) is no place to point at.
  const missing = problems.filter((p) => !existsSync(p.file.absPath));
  const located = problems.filter((p) => !missing.includes(p));
  const lookedFor = (p: Diagnostic) => `${p.message}: ${p.file.path} (looked for ${p.file.absPath})`;
  io.stdout(`${[...missing.map((p) => `error    ${lookedFor(p)}`), ...findingLines(located), 'kube-netlint: the config file is invalid; nothing was linted'].join('\n')}\n`);
  setOutputs(inputs, io, report);
  if (inputs.annotations) {
    for (const p of missing) core.error(lookedFor(p), { title: p.ruleId });
    annotate(located);
  }
  if (inputs.summary) {
    const rows = problems.map((p) => (missing.includes(p) ? { problem: p, text: lookedFor(p) } : { problem: p }));
    await core.summary.addRaw(buildConfigSummary(rows, fileLink(io.env))).write();
  }
}

/** The outputs `errors`, `warnings` and `sarif-file`, writing the SARIF file when asked for. */
function setOutputs(inputs: ActionInputs, io: CliIo, report: FormatInput): void {
  core.setOutput('errors', report.summary.errors);
  core.setOutput('warnings', report.summary.warnings);
  if (inputs.sarifFile) {
    writeReport(io, inputs.sarifFile, formatSarif(report), 'input sarif-file');
    core.info(`SARIF written to ${inputs.sarifFile}`);
  }
  core.setOutput('sarif-file', inputs.sarifFile ?? '');
}

function annotate(diagnostics: readonly Diagnostic[]): void {
  const plan = planAnnotations(diagnostics);
  for (const a of plan.annotations) {
    if (a.severity === 'error') core.error(a.message, a.properties);
    else if (a.severity === 'warning') core.warning(a.message, a.properties);
    else core.notice(a.message, a.properties);
  }
  if (plan.dropped.length > 0) core.info(`${notAnnotatedNote(plan.dropped.length)}; the job summary and SARIF list them all.`);
}

/** A link to a line of a file at the commit being checked, from the runner's environment. */
function fileLink(env: CliIo['env']): ((path: string, line: number) => string | undefined) | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  if (!server || !repository || !sha) return undefined;
  return (path, line) => {
    // Only files inside the workspace (the repository) have a page; not `<stdin>` or outside paths.
    if (path.startsWith('/') || path.startsWith('..') || path.startsWith('<')) return undefined;
    // encodeURIComponent leaves parentheses, which would end a Markdown link's destination.
    const encoded = path.split('/').map((part) => encodeURIComponent(part).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
    return `${server}/${repository}/blob/${sha}/${encoded.join('/')}#L${line}`;
  };
}
