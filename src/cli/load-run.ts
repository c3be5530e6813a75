import { analyze, type Analysis } from '../analyze.ts';
import { DEFAULT_CONFIG, findConfigFile, ignoreBaseOf, loadConfigFile } from '../config/load.ts';
import type { Config } from '../config/types.ts';
import type { Diagnostic } from '../lint/types.ts';
import { loadSources, type LoadOptions } from '../source/load.ts';
import { compareStrings } from '../util/compare.ts';
import type { RunObserver } from '../util/observer.ts';
import type { CliIo } from './io.ts';
import { UsageError, writeNote } from './io.ts';

/** Which config applies, and the namespace of objects that declare none (`--config`, `--no-config`, `--namespace`). */
export interface ConfigOptions {
  readonly configPath?: string;
  readonly noConfig?: boolean;
  readonly namespace?: string;
}

export interface LoadedConfig {
  readonly config: Config;
  readonly problems: readonly Diagnostic[];
}

/** Finds and loads the config (explicit path, or upward from cwd), applying CLI overrides. */
export function loadConfig(io: CliIo, options: ConfigOptions): LoadedConfig {
  const path = options.noConfig ? undefined : options.configPath ?? findConfigFile(io.cwd);
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
}

/** Loads files from disk into one model and lints it: the pipeline every command, the Action and the hook use. */
export async function loadRun(io: CliIo, options: RunOptions): Promise<Analysis> {
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
  const reported = await loadSources(options.paths, { ...sources, stdin: io.readStdin, sayIgnored: true });
  if (reported.missing.length > 0) throw new UsageError(`no such file, directory or matching glob: ${reported.missing.join(', ')}${optionHint(reported.missing)}`);
  const context = options.context?.length ? await loadSources(options.context, sources) : undefined;
  endRead?.();
  observer?.counted('files', reported.files.length + (context?.files.length ?? 0));
  const rules = options.modelOnly ? { rules: [] } : {};
  const watched = observer ? { observer } : {};
  let analysis: Analysis;
  if (!context) {
    analysis = analyze({ files: reported.files, skipped: reported.skipped, config, ...rules, ...watched });
  } else {
    if (context.missing.length > 0) throw new UsageError(`no such context path: ${context.missing.join(', ')}`);
    const reportedPaths = new Set(reported.files.map((f) => f.path));
    // Sorted like a plain run's files, so the model (and which of two duplicates counts as "first") does
    // not depend on which files are reported.
    const files = [...reported.files, ...context.files.filter((f) => !reportedPaths.has(f.path))].sort((a, b) => compareStrings(a.path, b.path));
    const result = analyze({
      files,
      skipped: reported.skipped,
      config,
      // Findings in the config file (failed assertions, config problems) concern the whole model: a
      // staged change that breaks an assertion must be reported although the config is not staged.
      reportOnly: new Set([...reportedPaths, ...reported.skipped.map((s) => s.path), ...(config.source ? [config.source.file.path] : [])]),
      ...rules,
      ...watched,
    });
    analysis = { ...result, summary: { ...result.summary, files: reported.files.length } };
  }
  if (options.modelOnly) warnIncomplete(io, analysis);
  return analysis;
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
