import { analyze, analyzeDocuments, type Analysis, type AnalyzeInput, type ResultStore } from '../analyze.ts';
import { commonDirectory, DEFAULT_CONFIG, findConfigFor, ignoreBaseOf, loadConfigFile } from './config.ts';
import type { Config } from '../config/types.ts';
import type { Diagnostic } from '../lint/types.ts';
import { buildModel } from '../model/build.ts';
import { analyzeProjects, splitIntoProjects, type SplitRule } from '../projects.ts';
import type { AssertionResult } from '../semantics/assertions.ts';
import { CandidateReader, collectSources, DEFAULT_MAX_FILE_SIZE, displayPath, findSources, loadSources, type FileStamps, type LoadOptions, type LoadResult } from '../source/load.ts';
import type { ParsedDocument, SourceFile } from '../source/types.ts';
import { defaultJobs, readAndParseAll, workersFor } from './parse-pool.ts';
import { KUSTOMIZATION_FILE_NAMES } from '../source/kustomize.ts';
import { isDirectory, kustomizeCommand, renderKustomizations, RenderToolMissing } from '../render/kustomize.ts';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareStrings } from '../util/compare.ts';
import type { RunObserver } from '../util/observer.ts';
import type { CliIo } from './io.ts';
import type { ParseStore } from '../source/parse-cache.ts';
import { UsageError, writeNote } from './io.ts';
import { analyzeCharts, withoutCharts, type HelmRun } from './helm-run.ts';

/** Which config applies, and the namespace of objects that declare none (`--config`, `--no-config`, `--namespace`). */
export interface ConfigOptions {
  readonly configPath?: string;
  readonly noConfig?: boolean;
  readonly namespace?: string;
  /** The paths the run reads (PATHs and --context), relative to cwd: the config is looked up from their common directory. */
  readonly paths?: readonly string[];
}

export interface LoadedConfig {
  readonly config: Config;
  readonly problems: readonly Diagnostic[];
}

/**
 * Finds and loads the config, applying CLI overrides: `--no-config` none; `--config F` that file;
 * else the first `.kube-netlint.yaml` upward from the common directory of the paths, then upward
 * from the working directory (`findConfigFor`).
 */
export function loadConfig(io: CliIo, options: ConfigOptions): LoadedConfig {
  const path = options.noConfig ? undefined : options.configPath ?? findConfigFor(io.cwd, options.paths ?? []);
  const loaded = path ? loadConfigFile(path, io.cwd) : { config: DEFAULT_CONFIG, problems: [] };
  if (!options.namespace) return loaded;
  const cluster = { ...loaded.config.cluster, defaultNamespace: options.namespace };
  return { ...loaded, config: { ...loaded.config, cluster } };
}

/** `loadConfig` for commands that report no findings (reach, explain, diff): a broken config is a usage error. */
export function requireConfig(io: CliIo, options: ConfigOptions): Config {
  const { config, problems } = loadConfig(io, options);
  if (problems.length > 0) throw new UsageError(`invalid config ${problems[0]!.file.path}: ${problems[0]!.message}`);
  return config;
}

export interface RunOptions {
  readonly config: Config;
  /** Files, directories, globs or `-`, relative to `io.cwd`. */
  readonly paths: readonly string[];
  /** Extra paths loaded into the model but not reported on (pre-commit: the whole repository). */
  readonly context?: readonly string[];
  /**
   * Build the model without running the rules (reach, explain, diff). Files that cannot be read in
   * full, which linting reports as findings, are then a warning on stderr.
   */
  readonly modelOnly?: boolean;
  /** Told of each phase (read, parse, model, each rule): progress and `--timing`. */
  readonly observer?: RunObserver;
  /**
   * Lint each directory this many levels below the common directory of the paths as a model of its
   * own (`--split-dirs`); without it, the config's `projects:` split the run, if it lists any.
   */
  readonly splitDepth?: number;
  /** Charts to render and lint, each as models of its own (`--helm`, `helm.charts`); their directories are left out of `paths`. */
  readonly helm?: HelmRun;
  /**
   * Kustomizations to render (`--kustomize`, the config's `kustomize.overlays`), relative to `io.cwd`:
   * each a kustomization directory or a tree of them. A directory among `paths` that holds a
   * kustomization is rendered too.
   */
  readonly kustomize?: readonly string[];
  /** Parses kept from earlier runs (`--cache`, src/app/cache.ts): plain files and `--context` files are parsed through it. */
  readonly parses?: ParseStore;
  /** Content digests of files unchanged since (`--cache`): such files are not read unless their text is needed. Plain files read in this thread only. */
  readonly stamps?: FileStamps;
  /** Rule results kept from earlier runs (`--cache`); used by a run of one model (not split into projects). */
  readonly results?: ResultStore;
  /** The program that renders them (`--kustomize-command`: a name on PATH or a path); else the config's, else found on PATH. */
  readonly kustomizeCommand?: string;
  /** Threads that read and parse (`--jobs`): this one and jobs - 1 workers; else the config's `jobs`, else `defaultJobs()`. */
  readonly jobs?: number;
  /**
   * For the tests (`KUBE_NETLINT_TEST_WORKERS=only`): workers for any number of files, and this thread
   * reads only what they fail to, so that a small tree goes through them.
   */
  readonly workersOnly?: boolean;
  /** Build flags (`--kustomize-flag`), added to the config's `kustomize.flags`. */
  readonly kustomizeFlags?: readonly string[];
}

/** A run's analysis; a split run's model is its first project's, and its assertions are judged across the projects. */
export interface RunAnalysis extends Analysis {
  readonly assertionResults?: readonly AssertionResult[];
}

/** Loads files from disk into one model and lints it: the pipeline every command, the Action and the hook use. */
export async function loadRun(io: CliIo, options: RunOptions): Promise<RunAnalysis> {
  const { config } = options;
  const sources: LoadOptions = {
    cwd: io.cwd,
    ignore: config.ignore,
    ignoreBase: ignoreBaseOf(config, io.cwd),
    ...(config.source ? { ignoreSource: config.source.file.path } : {}),
    ...(config.maxFileSize ? { maxFileSize: config.maxFileSize } : {}),
  };
  const { observer } = options;
  const endRead = observer?.begin('read');
  const charts = options.helm && options.helm.targets.length > 0 && !options.modelOnly ? options.helm : undefined;
  const kustomizations = [...(options.kustomize ?? []), ...options.paths.filter((path) => path !== '-' && isKustomization(resolve(io.cwd, path)))];
  if (kustomizations.length > 0) {
    const rendered = await renderRun(io, options, kustomizations, sources);
    endRead?.();
    return charts ? analyzeCharts(io, config, charts, rendered, observer) : rendered;
  }
  let reading = true;
  const finishRead = () => {
    if (reading) endRead?.();
    reading = false;
  };
  const { loaded, context, documentsOf } = await readRun(io, options, sources, finishRead);
  const reported = charts ? withoutCharts(loaded, charts.targets) : loaded;
  if (reported.missing.length > 0) throw new UsageError(`no such file, directory or matching glob: ${reported.missing.join(', ')}${optionHint(reported.missing)}`);
  finishRead();
  observer?.counted('files', reported.files.length + (context?.files.length ?? 0));
  const rules = options.modelOnly ? { rules: [] } : {};
  const kept = options.results && !options.modelOnly ? { results: options.results } : {};
  const watched = { ...(observer ? { observer } : {}), ...(options.parses ? { parses: options.parses } : {}) };
  // Parsed already when workers read the files: the documents go in as they are.
  const analyzeFiles = (input: AnalyzeInput) => (documentsOf ? analyzeDocuments({ ...input, documents: input.files.flatMap(documentsOf) }) : analyze(input));
  const split = options.modelOnly ? undefined : splitRuleOf(io, options);
  if (options.modelOnly && config.helm?.charts.length) {
    writeNote(io, 'kube-netlint: note: the config lists charts (helm.charts), which only lint renders; this command reads the plain manifests (pipe helm template RELEASE CHART into it with -)');
  }
  if (options.modelOnly && config.kustomize?.overlays.length) {
    writeNote(io, 'kube-netlint: note: the config lists overlays (kustomize.overlays), which only lint renders by themselves; this command renders a kustomization given as a PATH (give it the overlay)');
  }
  if (options.modelOnly && config.projects?.length) {
    writeNote(io, 'kube-netlint: note: the config lists projects, which only lint analyses apart; this command reads every path given as one model (give it one project)');
  }
  let analysis: RunAnalysis;
  if (split) {
    if (context && context.missing.length > 0) throw new UsageError(`no such context path: ${context.missing.join(', ')}`);
    const reportedPaths = new Set(reported.files.map((f) => f.path));
    const files = [...reported.files, ...(context?.files ?? []).filter((f) => !reportedPaths.has(f.path))].sort((a, b) => compareStrings(a.path, b.path));
    const projects = splitIntoProjects(files, reported.skipped, split, (dir) => displayPath(io.cwd, dir));
    const result = analyzeProjects({
      projects: documentsOf ? projects.map((project) => ({ ...project, documents: project.files.flatMap(documentsOf) })) : projects,
      config,
      ...(context ? { reportOnly: new Set([...reportedPaths, ...reported.skipped.map((s) => s.path), ...(config.source ? [config.source.file.path] : [])]) } : {}),
      reportFiles: (project) => project.files.filter((f) => reportedPaths.has(f.path)).length,
      ...(options.parses ? { parses: options.parses } : {}),
    });
    analysis = { model: result.models[0] ?? buildModel([], config.cluster), diagnostics: result.diagnostics, summary: result.summary, assertionResults: result.assertionResults };
  } else if (!context) {
    analysis = analyzeFiles({ files: reported.files, skipped: reported.skipped, config, ...rules, ...watched, ...kept });
  } else {
    if (context.missing.length > 0) throw new UsageError(`no such context path: ${context.missing.join(', ')}`);
    const reportedPaths = new Set(reported.files.map((f) => f.path));
    // Sorted like a plain run's files, so the model (and which of two duplicates counts as "first") does
    // not depend on which files are reported.
    const files = [...reported.files, ...context.files.filter((f) => !reportedPaths.has(f.path))].sort((a, b) => compareStrings(a.path, b.path));
    const result = analyzeFiles({
      files,
      skipped: reported.skipped,
      config,
      // Findings in the config file (failed assertions, config problems) concern the whole model: a
      // staged change that breaks an assertion must be reported although the config is not staged.
      reportOnly: new Set([...reportedPaths, ...reported.skipped.map((s) => s.path), ...(config.source ? [config.source.file.path] : [])]),
      ...rules,
      ...watched,
      ...kept,
    });
    analysis = { ...result, summary: { ...result.summary, files: reported.files.length } };
  }
  if (options.modelOnly) warnIncomplete(io, analysis);
  if (charts) return analyzeCharts(io, config, charts, options.paths.length > 0 ? analysis : undefined, observer);
  return analysis;
}

/**
 * Reads the run's paths and `--context` paths: in this thread (parsed later, by `analyze`), or, with
 * `jobs` above 1 and enough files, read and parsed on worker threads too (src/app/parse-pool.ts), with
 * the same results.
 */
async function readRun(io: CliIo, options: RunOptions, sources: LoadOptions, finishRead: () => void): Promise<{ loaded: LoadResult; context?: LoadResult; documentsOf?: (file: SourceFile) => readonly ParsedDocument[] }> {
  const found = await findSources(options.paths, { ...sources, stdin: io.readStdin, sayIgnored: true });
  // The context is the repository around the reported files: what git tracks, not what it ignores.
  const contextFound = options.context?.length ? await findSources(options.context, { ...sources, gitIgnore: true }) : undefined;
  const loads = contextFound ? [found, contextFound] : [found];
  const jobs = options.jobs ?? options.config.jobs ?? defaultJobs();
  const maxSize = sources.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const forTests = options.workersOnly ? { minFiles: 1, workersOnly: true } : {};
  if (workersFor(loads.reduce((n, load) => n + load.candidates.length, 0), { jobs, ...forTests }) === 0) {
    const reader = new CandidateReader(options.stamps);
    const [loaded, context] = loads.map((load) => collectSources(load, load.candidates.map((candidate) => reader.read(candidate, maxSize))));
    return { loaded: loaded!, ...(context ? { context } : {}) };
  }
  // The `read` phase was finding the files; reading them is now one phase with parsing.
  finishRead();
  const endParse = options.observer?.begin('read+parse');
  const parsed = await readAndParseAll(loads, { jobs, maxSize, note: (text) => writeNote(io, text), ...forTests });
  endParse?.();
  const [loaded, context] = parsed.loaded;
  return { loaded: loaded!, ...(context ? { context } : {}), documentsOf: parsed.documentsOf };
}

/** Whether `dir` is a directory holding a kustomization file. */
function isKustomization(dir: string): boolean {
  return isDirectory(dir) && KUSTOMIZATION_FILE_NAMES.some((name) => existsSync(join(dir, name)));
}

/**
 * A run over kustomizations: each rendered one (an overlay) is a model of its own, and the other paths
 * (less the files the kustomizations read) one more; findings at one place in several overlays are
 * reported once, naming them.
 */
async function renderRun(io: CliIo, options: RunOptions, kustomizations: readonly string[], sources: LoadOptions): Promise<RunAnalysis> {
  const { config } = options;
  const kustomizePaths = new Set(kustomizations.map((dir) => resolve(io.cwd, dir)));
  for (const dir of kustomizePaths) if (!isDirectory(dir)) throw new UsageError(`--kustomize ${displayPath(io.cwd, dir)}: no such directory`);
  let command;
  try {
    command = kustomizeCommand(options.kustomizeCommand ?? config.kustomize?.command, io.env, io.cwd, [...new Set([...(config.kustomize?.flags ?? []), ...(options.kustomizeFlags ?? [])])]);
  } catch (error) {
    if (error instanceof RenderToolMissing) throw new UsageError(error.message);
    throw error;
  }
  const rendered = renderKustomizations([...kustomizePaths], command, io.cwd, config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if (rendered.projects.length === 0) throw new UsageError(`no kustomization (kustomization.yaml, kustomization.yml or Kustomization) in ${[...kustomizePaths].map((dir) => displayPath(io.cwd, dir)).join(', ')}`);
  const plainPaths = options.paths.filter((path) => !kustomizePaths.has(resolve(io.cwd, path)));
  const plain = plainPaths.length > 0 ? await loadSources(plainPaths, { ...sources, stdin: io.readStdin, sayIgnored: true }) : undefined;
  if (plain && plain.missing.length > 0) throw new UsageError(`no such file, directory or matching glob: ${plain.missing.join(', ')}${optionHint(plain.missing)}`);
  const plainFiles = (plain?.files ?? []).filter((file) => !rendered.sourceFiles.has(file.absPath));
  const projects = [...rendered.projects, ...(plainFiles.length > 0 || (plain?.skipped.length ?? 0) > 0 ? [{ path: '.', files: plainFiles, skipped: plain?.skipped ?? [] }] : [])];
  options.observer?.counted('files', projects.reduce((n, p) => n + p.files.length, 0));
  const result = analyzeProjects({ projects, config, variantNoun: 'overlays', ...(options.modelOnly ? { rules: [] } : {}) });
  // Overlays read the same base files: the summary counts each file once.
  const files = new Set(projects.flatMap((p) => p.files.map((f) => f.absPath))).size;
  const analysis: RunAnalysis = { model: result.models[0] ?? buildModel([], config.cluster), diagnostics: result.diagnostics, summary: { ...result.summary, files }, assertionResults: result.assertionResults };
  if (options.modelOnly) {
    if (rendered.projects.length > 1) writeNote(io, `kube-netlint: note: ${rendered.projects.length} overlays were rendered; this command reads the first, ${rendered.projects[0]!.path} (give it one overlay)`);
    warnIncomplete(io, analysis);
  }
  return analysis;
}

/** How the run is split into projects: `--split-dirs` below the paths' common directory, else the config's `projects:` below its directory. */
function splitRuleOf(io: CliIo, options: RunOptions): SplitRule | undefined {
  if (options.splitDepth !== undefined) {
    const base = commonDirectory(io.cwd, [...options.paths, ...(options.context ?? [])]) ?? io.cwd;
    return { kind: 'depth', base, depth: options.splitDepth };
  }
  const patterns = options.config.projects ?? [];
  return patterns.length > 0 ? { kind: 'patterns', base: ignoreBaseOf(options.config, io.cwd), patterns } : undefined;
}

/** For a missing path that looks like an option: where options go (pre-commit passes `args:` after the entry's `--`). */
function optionHint(missing: readonly string[]): string {
  return missing.some((path) => path.startsWith('-')) ? ' (options go before --; with pre-commit, put them in the hook\'s entry)' : '';
}

/** The warning on stderr that files of a model built without rules could not be read in full (`at`: the git revision they come from). */
export function warnIncomplete(io: CliIo, { model }: Analysis, at?: string): void {
  const broken = new Set([...model.skippedFiles.map((s) => s.path), ...model.documents.filter((d) => d.problems.some((p) => p.severity !== 'warning')).map((d) => d.file.path)]);
  if (broken.size === 0) return;
  const shown = [...broken].slice(0, 3).join(', ') + (broken.size > 3 ? ', ...' : '');
  const where = at === undefined ? '' : ` at ${at}`;
  writeNote(io, `kube-netlint: warning: ${broken.size} file${broken.size === 1 ? '' : 's'}${where} could not be read in full (${shown}); run kube-netlint on them for details`);
}
