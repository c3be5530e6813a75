import { resolve } from 'node:path';
import { analyze, type Analysis } from '../analyze.ts';
import { DEFAULT_CONFIG, findConfigFile, loadConfigFile, resolveConfig } from '../config/load.ts';
import type { Config } from '../config/types.ts';
import type { Diagnostic } from '../lint/types.ts';
import { loadSources } from '../source/load.ts';
import type { CliIo } from './io.ts';
import { UsageError } from './io.ts';

export interface RunOptions {
  readonly paths: readonly string[];
  /** Extra paths loaded into the model but not reported on (pre-commit: the whole repository). */
  readonly context?: readonly string[];
  readonly configPath?: string;
  readonly noConfig?: boolean;
  readonly namespace?: string;
}

export interface LoadedConfig {
  readonly config: Config;
  readonly problems: readonly Diagnostic[];
}

/** Finds and loads the config (explicit path, or upward from cwd), applying CLI overrides. */
export function loadConfig(io: CliIo, options: Pick<RunOptions, 'configPath' | 'noConfig' | 'namespace'>): LoadedConfig {
  const path = options.noConfig ? undefined : options.configPath ?? findConfigFile(io.cwd);
  const loaded = path ? loadConfigFile(path, io.cwd) : { config: DEFAULT_CONFIG, problems: [] };
  if (!options.namespace) return loaded;
  const cluster = { ...loaded.config.cluster, defaultNamespace: options.namespace };
  return { ...loaded, config: { ...loaded.config, cluster } };
}

/** Loads files from disk and analyses them: the lint pipeline as the CLI, Action and hook use it. */
export async function loadAndAnalyze(io: CliIo, options: RunOptions, config: Config): Promise<Analysis> {
  const reported = await loadSources(options.paths, {
    cwd: io.cwd,
    ignore: config.ignore,
    ...(config.maxFileSize ? { maxFileSize: config.maxFileSize } : {}),
    stdin: io.readStdin,
  });
  if (reported.missing.length > 0) throw new UsageError(`no such file, directory or matching glob: ${reported.missing.join(', ')}`);
  if (!options.context?.length) return analyze({ files: reported.files, skipped: reported.skipped, config });
  const context = await loadSources(options.context, { cwd: io.cwd, ignore: config.ignore, ...(config.maxFileSize ? { maxFileSize: config.maxFileSize } : {}) });
  if (context.missing.length > 0) throw new UsageError(`no such context path: ${context.missing.join(', ')}`);
  const reportedPaths = new Set(reported.files.map((f) => f.path));
  const files = [...reported.files, ...context.files.filter((f) => !reportedPaths.has(f.path))];
  const result = analyze({
    files,
    skipped: reported.skipped,
    config,
    reportOnly: new Set([...reportedPaths, ...reported.skipped.map((s) => s.path)]),
  });
  return { ...result, summary: { ...result.summary, files: reported.files.length } };
}

export { resolveConfig, resolve };
