/**
 * Runs `kustomize build` or `kubectl kustomize` on a kustomization (the effects of rendering; what
 * the output means is src/source/kustomize.ts and src/source/rendered.ts).
 *
 * The build gets origin annotations without touching the user's tree: a wrapper kustomization in a
 * temporary directory lists the target (by a relative path: kustomize refuses absolute ones) and
 * `buildMetadata: [originAnnotations]`, and is built instead; origins are then relative to the wrapper.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ProjectInput } from '../projects.ts';
import { childDirectories, kustomizationFileIn, kustomizeOrigins, readKustomizationTree, type Boundary, type Kustomization, type ReadFile, type RefusedReference } from '../source/kustomize.ts';
import { outsideOf, realOrSelf, repositoryRoot } from '../source/containment.ts';
import { parseRendered, renderedStream } from '../source/rendered.ts';
import { decodeText, displayPath, type RenderFailure, type SkippedFile } from '../source/load.ts';
import type { SourceFile } from '../source/types.ts';

/** How to run a build: the program and the arguments before the directory. */
export interface KustomizeCommand {
  readonly program: string;
  readonly args: readonly string[];
  /** `kustomize build` or `kubectl kustomize`, for messages. */
  readonly label: string;
}

/** Raised when no kustomize can run: the CLI turns it into exit 2 with the message. */
export class RenderToolMissing extends Error {}

/**
 * Build flags a user may pass (`--kustomize-flag`), as Argo CD's `kustomize.buildOptions` does: none
 * runs a program of the kustomization's choosing (`--enable-exec`, `--enable-alpha-plugins` and
 * `--helm-command` are left out, as a kustomization may come from a stranger's pull request).
 * `--load-restrictor=LoadRestrictionsNone` lets kustomize read any file, so it is never passed by
 * default, and the config file (which a pull request may change) may give `--enable-helm` only.
 */
export const KUSTOMIZE_FLAGS: readonly RegExp[] = [/^--enable-helm$/, /^--load-restrictor=LoadRestrictions(None|RootOnly)$/, /^--helm-kube-version=[\w.+-]+$/, /^--helm-api-versions=[\w./+-]+$/];
/** The flags the config file may give (`kustomize.flags`). */
export const CONFIG_KUSTOMIZE_FLAGS: readonly string[] = ['--enable-helm'];

/** Why a build flag is refused, or undefined when it may be passed. */
export function kustomizeFlagProblem(flag: string): string | undefined {
  if (KUSTOMIZE_FLAGS.some((allowed) => allowed.test(flag))) return undefined;
  return `--kustomize-flag "${flag}" is not one kube-netlint passes; use --enable-helm, --load-restrictor=LoadRestrictionsNone, --helm-kube-version=V or --helm-api-versions=V (a flag and its value joined by =)`;
}

/**
 * The command to build with: `preferred` (`kustomize`, `kubectl`, or a path to either) when given,
 * else `kustomize` when on PATH, else `kubectl` (which embeds kustomize).
 */
export function kustomizeCommand(preferred: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string, flags: readonly string[] = []): KustomizeCommand {
  for (const flag of flags) {
    const problem = kustomizeFlagProblem(flag);
    if (problem) throw new RenderToolMissing(problem);
  }
  const asCommand = (program: string): KustomizeCommand =>
    /kubectl/.test(basename(program)) ? { program, args: ['kustomize', ...flags], label: 'kubectl kustomize' } : { program, args: ['build', ...flags], label: 'kustomize build' };
  if (preferred !== undefined && preferred !== '') {
    const found = preferred.includes('/') || preferred.includes(sep) ? executable(resolve(cwd, preferred)) : onPath(preferred, env);
    if (!found) throw new RenderToolMissing(`the kustomize command "${preferred}" was not found${preferred.includes('/') ? '' : ' on PATH'}; install kustomize or kubectl, or give its path with --kustomize-command`);
    return asCommand(found);
  }
  const found = onPath('kustomize', env) ?? onPath('kubectl', env);
  if (!found) throw new RenderToolMissing('rendering a kustomization needs kustomize or kubectl, and neither is on PATH; install one (kubectl kustomize is enough), or give its path with --kustomize-command, or pipe kustomize build DIR into kube-netlint -');
  return asCommand(found);
}

function onPath(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const found = executable(join(dir, name));
    if (found) return found;
  }
  return undefined;
}

function executable(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

/**
 * What a build produced: the rendered text, or why it failed (`error`: the tool's own message, or
 * kube-netlint's when it stopped the tool at a `limit`); `originDir` is what origin paths are relative to.
 */
export type BuildResult = { readonly text: string; readonly originDir: string } | { readonly error: string; readonly limit?: { readonly kind: 'timeout' | 'tooLarge'; readonly value: string } };

/** How long a build may take: a kustomization that fetches remote bases on a stranger's pull request must not hang the run. */
const BUILD_TIMEOUT_MS = 120_000;
/** The most a build may print: a stream is parsed whole, and a hostile kustomization must not take the machine's memory. */
const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Builds the kustomization in `dir` with origin annotations (through a wrapper in a temporary directory,
 * removed after). `shown` is how an error names `dir` (the user's path).
 */
export function buildKustomization(dir: string, command: KustomizeCommand, shown = dir): BuildResult {
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'kube-netlint-kustomize-')));
  try {
    const target = relative(work, realpathSync(dir));
    if (isAbsolute(target)) return { error: `cannot reach ${dir} by a relative path from ${work}, which kustomize requires` };
    // JSON is YAML: the path needs no quoting rules of its own.
    writeFileSync(join(work, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(target.split(sep).join('/'))}\nbuildMetadata:\n- originAnnotations\n`);
    // Files only below each kustomization's own directory (kustomize's default, said so that no build of it can differ): with
    // the entries checked above, nothing outside the repository is read.
    const result = spawnSync(command.program, [...command.args, '--load-restrictor', 'LoadRestrictionsRootOnly', work], { encoding: 'utf8', timeout: BUILD_TIMEOUT_MS, maxBuffer: MAX_OUTPUT, stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.error) {
      const code = (result.error as NodeJS.ErrnoException).code;
      if (code === 'ETIMEDOUT') return { error: `it took longer than ${BUILD_TIMEOUT_MS / 1000} s`, limit: { kind: 'timeout', value: `${BUILD_TIMEOUT_MS / 1000} s` } };
      if (code === 'ENOBUFS') return { error: `its output is over ${MAX_OUTPUT / 1024 / 1024} MB`, limit: { kind: 'tooLarge', value: `${MAX_OUTPUT / 1024 / 1024} MB` } };
      return { error: result.error.message };
    }
    if (result.status !== 0) {
      const message = toolError(result.stderr, { work, target: target.split(sep).join('/'), real: realpathSync(dir), shown });
      return { error: `${message || `it failed with exit code ${result.status}`}${flagHint(message, command)}` };
    }
    return { text: result.stdout, originDir: work };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** When kustomize asks for a build flag the run did not pass, which option passes it. */
function flagHint(message: string, command: KustomizeCommand): string {
  if (/--enable-helm/.test(message) && !command.args.includes('--enable-helm')) {
    return ' (the kustomization needs the build flag --enable-helm: pass --kustomize-flag=--enable-helm, or set kustomize.flags: [--enable-helm] in .kube-netlint.yaml)';
  }
  if (/load ?restrict|LoadRestrictionsRootOnly|is not in or below/i.test(message) && !command.args.some((a) => a.startsWith('--load-restrictor'))) {
    return ' (the kustomization reads files outside its directory: pass --kustomize-flag=--load-restrictor=LoadRestrictionsNone on the command line if you trust it, as it lets kustomize read any file)';
  }
  return '';
}

/** What an error text names: the wrapper's directory and its entry for the target, and the target's real path, shown as the user wrote it. */
interface ErrorPaths {
  readonly work: string;
  readonly target: string;
  readonly real: string;
  readonly shown: string;
}

/**
 * kustomize's whole error, without what only the wrapper adds. kubectl writes it after a log header
 * (`E1207 20:27:39.99 1444 run.go:72] "command failed" err=`), either quoted on one line (Go `%q`) or,
 * when it spans lines, as `err=<` then the lines indented by a tab, then ` >`; `kustomize build`
 * writes `Error: ` and the text, kubectl without a log header `error: `. The wrapper's resource entry adds a first failed attempt to read the
 * target as a file, and names it by the wrapper's relative path: both are dropped, and the target's
 * real path is shown as the user's.
 */
export function toolError(stderr: string, paths: ErrorPaths): string {
  let text = stderr.trim();
  const header = /^E\d{4} [\d:.]+\s+\d+ \S+\] "command failed" err=/.exec(text);
  if (header) {
    text = text.slice(header[0].length);
    if (text.startsWith('<')) {
      text = text
        .slice(1)
        .split('\n')
        .filter((line, i, lines) => !(i === lines.length - 1 && line.trim() === '>'))
        .map((line) => line.replace(/^\t/, ''))
        .join('\n')
        .trim();
    } else if (text.startsWith('"')) {
      try {
        text = JSON.parse(text.split('\n')[0]!) as string;
      } catch {
        // Not quoted as JSON reads it (a Go escape JSON lacks): the text as written, less its quotes.
        text = text.replace(/^"|"$/g, '');
      }
    }
  }
  // `kustomize build` says `Error: `, kubectl without a log header `error: `.
  text = text.replace(/^error: /i, '');
  const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const wrapperAttempt = new RegExp(
    `^accumulating resources: accumulation err='accumulating resources from '${quote(paths.target)}': '[^']*' must resolve to a file': recursed accumulation of path '[^']*': `,
  );
  text = text.replace(wrapperAttempt, '');
  const shown = text.split(paths.real).join(paths.shown).split(paths.work).join('<wrapper>').split(`'${paths.target}'`).join(`'${paths.shown}'`);
  // One line: a finding's message is one line in every format (the tool breaks lines inside quoted config).
  return shown.replace(/\s*\n\s*/g, ' ');
}

/** A reader of the tree's files for src/source/kustomize.ts, memoised; each file it read is kept for the counts. */
export function treeReader(cwd: string, maxSize: number): { read: ReadFile; files: () => SourceFile[] } {
  const cache = new Map<string, SourceFile | undefined>();
  const read: ReadFile = (absPath) => {
    if (cache.has(absPath)) return cache.get(absPath);
    let file: SourceFile | undefined;
    try {
      const stats = statSync(absPath);
      if (stats.isFile() && stats.size <= maxSize) {
        const text = decodeText(readFileSync(absPath));
        if (typeof text === 'string') file = { path: displayPath(cwd, absPath), absPath, text };
      }
    } catch {
      file = undefined;
    }
    cache.set(absPath, file);
    return file;
  };
  return { read, files: () => [...cache.values()].filter((f): f is SourceFile => f !== undefined) };
}

export function isDirectory(absPath: string): boolean {
  try {
    return statSync(absPath).isDirectory();
  } catch {
    return false;
  }
}

/** Directories a walk for kustomizations does not enter. */
const NOT_WALKED = new Set(['node_modules', '.git', 'vendor']);

/**
 * The kustomizations to build for `dir`: `dir` itself when it holds a kustomization; else each
 * kustomization below it that no other one there builds on (an overlay, not its base), sorted.
 */
export function kustomizationRoots(dir: string, read: ReadFile): string[] {
  const root = resolve(dir);
  if (kustomizationFileIn(root, read)) return [root];
  const found: string[] = [];
  const walk = (at: string, depth: number) => {
    if (depth > 20) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch {
      return;
    }
    if (kustomizationFileIn(at, read)) found.push(at);
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && !NOT_WALKED.has(entry.name)) walk(join(at, entry.name), depth + 1);
    }
  };
  walk(root, 0);
  const referenced = new Set(found.flatMap((k) => childDirectories(k, kustomizationFileIn(k, read)!, isDirectory)));
  return found.filter((k) => !referenced.has(k)).sort();
}

/** The rendered kustomizations of a run, each a project of its own, and the source files they read. */
export interface RenderedKustomizations {
  readonly projects: readonly ProjectInput[];
  /** Absolute paths of every file a kustomization read: a plain walk of the same tree leaves them out. */
  readonly sourceFiles: ReadonlySet<string>;
}

/**
 * Renders the kustomizations of `dirs` (each a kustomization, or a tree whose root kustomizations are
 * built: its overlays): one project per kustomization, named by its directory. A build that fails is
 * a skipped file at its kustomization file (the `skipped-file` finding quotes kustomize's error), and
 * the other kustomizations are still linted.
 */
export function renderKustomizations(dirs: readonly string[], command: KustomizeCommand, cwd: string, maxSize: number): RenderedKustomizations {
  const { read, files } = treeReader(cwd, maxSize);
  const roots = [...new Set(dirs.flatMap((dir) => kustomizationRoots(resolve(cwd, dir), read)))];
  const projects: ProjectInput[] = roots.map((root) => {
    const name = displayPath(cwd, root);
    const kustomizationFile = kustomizationFileIn(root, read)!;
    const tree = readKustomizationTree(root, read, isDirectory, boundaryOf(repositoryRoot(root, cwd)));
    // kustomize would read what an entry outside the repository names: the overlay is not built at all.
    const refused = tree.flatMap((k) => k.refused);
    if (refused.length > 0) return { path: name, files: [], skipped: refused.map(refusal), documents: [], variant: name };
    const built = buildKustomization(root, command, name);
    const failed = (renderFailed: RenderFailure): ProjectInput => ({
      path: name,
      files: [],
      skipped: [{ path: kustomizationFile.path, absPath: kustomizationFile.absPath, reason: `the kustomization could not be rendered: ${'reason' in renderFailed.data ? renderFailed.data.reason : renderFailed.messageId}`, renderFailed }],
      documents: [],
      variant: name,
    });
    const subject = { subject: `kustomization ${name}`, tool: command.label, variant: '' };
    if ('error' in built) {
      return failed(built.limit ? { messageId: built.limit.kind, data: { ...subject, limit: built.limit.value } } : { messageId: 'failed', data: { ...subject, reason: built.error } });
    }
    const producer = `${command.label} ${name}`;
    const stream = renderedStream(producer, built.text, kustomizationFile);
    const documents = parseRendered(stream, `kustomization ${name}`, kustomizeOrigins(tree, built.originDir, `kustomization ${name}`, read, fromRealPaths(tree)));
    // A kustomization that renders nothing would pass with nothing checked: said, as a chart's is.
    if (!documents.some((doc) => isObject(doc.value)) && !documents.some((doc) => doc.problems.length > 0)) {
      return failed({ messageId: 'emptyKustomization', data: subject });
    }
    const own = new Set(files().map((f) => f.absPath));
    return { path: name, files: [...own].map((p) => read(p)!).filter(inTree(root, tree)), skipped: [], documents, variant: name };
  });
  return { projects, sourceFiles: new Set(files().map((f) => f.absPath)) };
}

/** Whether a rendered document is an object (a manifest), not empty or a bare value. */
function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Where a kustomization under `repository` (a real path) may read: inside it, links followed; a directory is its real path. */
function boundaryOf(repository: string): Boundary {
  return { outside: (absPath) => outsideOf(repository, absPath), identity: realOrSelf };
}

/** The finding for an entry that names a path outside the repository, at the entry. */
function refusal(refused: RefusedReference): SkippedFile {
  const { file, span, reference, how } = refused;
  return {
    path: file.path,
    absPath: file.absPath,
    reason: `${reference} ${how} the repository; not read, and the kustomization was not rendered`,
    // One message for every overlay built on it: the overlays are named when the finding is joined.
    renderFailed: { messageId: 'outside', data: { reference, how, subject: 'built on this kustomization' }, at: { text: file.text, span } },
  };
}

/**
 * Maps a path under the real directory of a kustomization of the tree (symbolic links resolved, as
 * kustomize reports origins) to the same path under the directory as the tree names it.
 */
function fromRealPaths(tree: readonly Kustomization[]): (absPath: string) => string {
  const pairs: [string, string][] = [];
  for (const { dir } of tree) {
    try {
      const real = realpathSync(dir);
      if (real !== dir) pairs.push([real, dir]);
    } catch {
      // A directory that went away: its origins stay unmapped (the rendered stream is their place).
    }
  }
  pairs.sort((a, b) => b[0].length - a[0].length);
  return (absPath) => {
    for (const [real, named] of pairs) if (absPath.startsWith(real + sep)) return named + absPath.slice(real.length);
    return absPath;
  };
}

/** The files of one kustomization's tree (its kustomization files and what they read), for its project's file count. */
function inTree(root: string, tree: readonly Kustomization[]): (file: SourceFile) => boolean {
  const dirs = [root, ...tree.map((k) => k.dir)];
  return (file) => dirs.some((dir) => file.absPath.startsWith(dir + sep));
}
