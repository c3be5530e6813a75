// Comparing who may reach whom between two models: a git revision and the working tree (the CLI's
// `diff --base` and the Action's job summary), or two trees.
import { analyze } from '../analyze.ts';
import type { Config } from '../config/types.ts';
import type { Model } from '../model/types.ts';
import { diffViews, type ConnectivityDiff } from '../reach/diff.ts';
import { buildMatrix } from '../reach/matrix.ts';
import type { ReachView } from '../reach/view.ts';
import { DEFAULT_MAX_FILE_SIZE, ignoreMatcher } from '../source/load.ts';
import { markdownCode } from '../util/escape.ts';
import { ignoreBaseOf } from './config.ts';
import { readRevision } from './git-revision.ts';
import { UsageError, writeNote, type CliIo } from './io.ts';
import { loadRun, warnIncomplete } from './load-run.ts';

/** The Markdown heading of a diff against git revision `base`. */
export function baseDiffTitle(base: string): string {
  return `Connectivity changes against ${markdownCode(base)}`;
}

/** The model of the manifests at `paths` (relative to `io.cwd`), without linting. */
export async function modelOf(io: CliIo, paths: readonly string[], config: Config): Promise<Model> {
  return (await loadRun(io, { config, paths, modelOnly: true })).model;
}

/** The connectivity diff between git revision `base` and the working tree of `paths` (for the Action's job summary too). */
export async function diffAgainstBase(io: CliIo, paths: readonly string[], config: Config, base: string, current?: Model): Promise<ConnectivityDiff> {
  const before = await modelAtRevision(io, paths, config, base);
  const after = current ?? (await modelOf(io, paths, config));
  return diffViews(matrixView(before), matrixView(after));
}

/**
 * The model of `paths` as they are at git revision `rev`, read from git's objects into memory (nothing
 * is written); paths missing there (new directories) are empty, paths outside the repository refused.
 */
export async function modelAtRevision(io: CliIo, paths: readonly string[], config: Config, rev: string): Promise<Model> {
  if (paths.includes('-')) throw new UsageError('--base compares files of a git revision; standard input (-) has none');
  const revision = readRevision(rev, paths, {
    cwd: io.cwd,
    isIgnored: ignoreMatcher(config.ignore, ignoreBaseOf(config, io.cwd)),
    maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
  });
  if (revision.refused.length > 0) {
    const shown = revision.refused.slice(0, 3).map((r) => `${r.path} (${r.reason})`).join(', ');
    writeNote(io, `kube-netlint: warning: ${revision.refused.length} entr${revision.refused.length === 1 ? 'y' : 'ies'} of ${rev} not read: ${shown}${revision.refused.length > 3 ? ', ...' : ''}`);
  }
  const analysis = analyze({ files: revision.files, skipped: revision.skipped, config, rules: [] });
  warnIncomplete(io, analysis, rev);
  return analysis.model;
}

export function matrixView(model: Model): ReachView {
  const matrix = buildMatrix(model);
  return { nodes: matrix.nodes, edges: matrix.edges() };
}
