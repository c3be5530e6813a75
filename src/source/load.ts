import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync, type BigIntStats, type Dirent, type Stats } from 'node:fs';
import { outsideOf, repositoryRoot } from './containment.ts';
import { diskFile, unreadDiskFile } from './disk-file.ts';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { glob, hasMagic } from 'glob';
import { compileGlob } from './globs.ts';
import { CONFIG_FILE_NAMES } from './config-files.ts';
import { compareStrings } from '../util/compare.ts';
import { gitListedFiles } from './git-files.ts';
import { readUpTo } from './read.ts';
import { templateActionOffset } from './template.ts';
import { positionAt } from './text.ts';
import type { SourceFile, Span } from './types.ts';

/** Why a file was not linted; each becomes a `skipped-file` diagnostic. */
export interface SkippedFile {
  readonly path: string;
  readonly absPath: string;
  readonly reason: string;
  /** Set for a skip the user asked for: a file named on the command line that matches an `ignore` pattern. */
  readonly ignored?: true;
  /**
   * Set for an input given to render (a chart, a kustomization) that gave nothing to lint (the tool
   * refused it, it rendered no object, or it names what must not be read): nothing of it was linted,
   * an error of the `render-failed` rule (not a `skipped-file` finding).
   */
  readonly renderFailed?: RenderFailure;
}

/** Why a chart or kustomization gave nothing to lint: which message of the `render-failed` rule, its data, and where in the file (a template line helm names, a kustomization entry). */
export interface RenderFailure {
  readonly messageId: 'failed' | 'dependencies' | 'tooLarge' | 'timeout' | 'empty' | 'emptyKustomization' | 'outside' | 'linkLoop' | 'tooManyFiles';
  readonly data: Readonly<Record<string, string>>;
  /** The file's text and the span helm's error points at; absent: the file's first line. */
  readonly at?: { readonly text: string; readonly span: Span };
}

export interface LoadOptions {
  readonly cwd: string;
  /** Glob patterns of files to leave out, relative to `ignoreBase`. */
  readonly ignore?: readonly string[];
  /** The directory `ignore` patterns are relative to: the config file's (as ESLint's flat config); cwd when not given. */
  readonly ignoreBase?: string;
  /**
   * Say, as a skipped file (an info), when a file named in `paths` matches an `ignore` pattern, rather
   * than leaving it out silently (the CLI: `kube-netlint deploy.yaml` under a config that ignores it).
   */
  readonly sayIgnored?: boolean;
  /** Where the `ignore` patterns come from (the config file, as shown), for that message. */
  readonly ignoreSource?: string;
  /** Files larger than this many bytes are skipped with a diagnostic. */
  readonly maxFileSize?: number;
  /**
   * Reads standard input when a path is `-`: its bytes, but no more than `maxBytes + 1` of them (more
   * than `maxBytes` means too large). A string is taken as already decoded text.
   */
  readonly stdin?: (maxBytes: number) => Uint8Array | string;
  /** Display name for standard input (its path, when the text comes from a file on disk). */
  readonly stdinName?: string;
  /**
   * Directories inside a git work tree load the files git would list (`gitListedFiles`: what
   * `.gitignore` leaves out is not loaded); outside one, or when git fails, they are walked. For
   * `--context`: the model of a repository is what it tracks, not its build output.
   */
  readonly gitIgnore?: boolean;
}

export interface LoadResult {
  readonly files: SourceFile[];
  readonly skipped: SkippedFile[];
  /** Paths given that do not exist (a usage error for the caller to report). */
  readonly missing: string[];
}

export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;
/** Files read from a directory or a revision: YAML and JSON manifests. */
export const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;
/** Directories never walked into, whatever the ignore globs say. */
export const IGNORED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
export const NOT_A_FILE = 'not a regular file (a named pipe, socket or device)';
/** The display name (and absolute path) of standard input. */
export const STDIN = '<stdin>';

/** Turns an absolute path into the `/`-separated path users see, relative to cwd when inside it. */
export function displayPath(cwd: string, absPath: string): string {
  const rel = relative(cwd, absPath);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? absPath : rel;
  return shown.split(sep).join('/');
}

/**
 * Matches absolute paths against the config's `ignore` globs, which are relative to `base` (paths
 * outside it never match): a pattern also covers everything under a directory it matches, and a
 * trailing `/` means "this directory's contents".
 */
export function ignoreMatcher(globs: readonly string[], base: string): (absPath: string) => boolean {
  const matching = ignoringPattern(globs, base);
  return (absPath) => matching(absPath) !== undefined;
}

/** Matchers by glob list and base: the config's list is one array for its lifetime (the editor asks per file). */
// Weak, by the config's ignore list, then by base directory (one or two per config): lives as long as the config.
const matchers = new WeakMap<readonly string[], Map<string, (absPath: string) => string | undefined>>();

/**
 * As `ignoreMatcher`, returning the first pattern (as written) that matches, or undefined. Each pattern
 * is compiled once; the config rejects patterns whose braces expand too far (globs.ts), and any left
 * (from a caller that skipped the config's checks) are capped there too.
 */
export function ignoringPattern(globs: readonly string[], base: string): (absPath: string) => string | undefined {
  let byBase = matchers.get(globs);
  if (!byBase) matchers.set(globs, (byBase = new Map()));
  const known = byBase.get(base);
  if (known) return known;
  const compiled = globs.map((pattern) => {
    const own = pattern.replace(/\/$/, '/**');
    return { pattern, self: compileGlob(own, { dot: true }), below: compileGlob(`${own}/**`, { dot: true }) };
  });
  const matcher = (absPath: string) => {
    if (compiled.length === 0) return undefined;
    const rel = relative(base, absPath);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    const path = rel.split(sep).join('/');
    return compiled.find(({ self, below }) => self(path) || below(path))?.pattern;
  };
  byBase.set(base, matcher);
  return matcher;
}

/**
 * A file found to load, not yet read: what the walk, the globs and the names given produce, and what a
 * parse worker reads (`readCandidate`). `read` is set for input read already (standard input).
 */
export interface SourceCandidate {
  readonly absPath: string;
  readonly display: string;
  /**
   * Given by name (or found through a link or by a glob): it may be a pipe (`kube-netlint <(helm
   * template ...)`), read to its end; a file the walk listed as regular is opened without blocking.
   */
  readonly named: boolean;
  readonly read?: SourceFile | SkippedFile;
}

/** What reading a candidate gave: the file or why it was skipped, and the file's identity when it was opened. */
export interface CandidateRead {
  readonly result: SourceFile | SkippedFile;
  /** Device and inode (`identityOf`): a file reached by two paths (hard or symbolic links) is loaded once. */
  readonly identity?: string;
  /** Read from a regular file, which can be read again: its text may be let go once parsed (disk-file.ts). A pipe cannot. */
  readonly regular?: true;
  /** What fstat said of the file (`FileStamp`), when the reader was given `FileStamps`. */
  readonly stamp?: string;
}

/**
 * A file's stamp, as git's index keeps one: device, inode, size, and the modification and change times
 * in nanoseconds, from the fstat of the open file (`dev:ino:size:mtime:ctime`). While a file's stamp is
 * the one taken when its content was hashed, its content is taken to be the one hashed, with git's
 * "racy clean" rule (`FileStamps` keeps no stamp taken too close to the run that took it).
 */
export type FileStamp = string;

/**
 * The content digests a reader may trust without reading (the `--cache`'s, src/app/cache.ts): the
 * digest of the file at `path` (as displayed) when `stamp` is the stamp kept with it, else undefined.
 */
export interface FileStamps {
  digestIf(path: string, stamp: FileStamp): string | undefined;
  /**
   * Told when a file not read for its stamp turned out not to have that digest (read later, for a
   * finding's position): the stamp cannot be trusted, and the run fails with `FileChangedError`.
   */
  stale(path: string): void;
}

function stampOf(stats: BigIntStats): FileStamp {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

/** A stamp's modification time, in nanoseconds since the epoch. */
export function stampMtimeNs(stamp: FileStamp): bigint {
  return BigInt(stamp.split(':')[3]!);
}

/** The files a load found (in the order found), with what it skipped and the paths that do not exist. */
export interface FoundSources {
  readonly candidates: readonly SourceCandidate[];
  readonly skipped: readonly SkippedFile[];
  readonly missing: readonly string[];
}

/**
 * Expands files, directories (recursively, manifests only) and globs into source files, reading each
 * once. Files that cannot be linted are reported in `skipped`, never thrown.
 */
export async function loadSources(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const found = await findSources(paths, options);
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const reader = new CandidateReader();
  return collectSources(found, found.candidates.map((candidate) => reader.read(candidate, maxSize)));
}

/**
 * The first half of `loadSources`: finds the files (walking directories, expanding globs, applying the
 * ignore rules) without reading them, so that the reading can be spread over threads. Standard input
 * is read here.
 */
export async function findSources(paths: readonly string[], options: LoadOptions): Promise<FoundSources> {
  const { cwd } = options;
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const ignoredBy = ignoringPattern(options.ignore ?? [], options.ignoreBase ?? cwd);
  const isIgnored = (absPath: string) => ignoredBy(absPath) !== undefined;
  const candidates: SourceCandidate[] = [];
  const skipped: SkippedFile[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  // Directories by device and inode: each is walked once, whatever links lead to it (files: collectSources).
  const visited = new Set<string>();

  /** `named`: given on the command line, not found in a directory or by a glob. */
  const addFile = (absPath: string, named: boolean, pipeAllowed = named, shown?: string) => {
    if (seen.has(absPath)) return;
    const display = shown ?? displayPath(cwd, absPath);
    const pattern = ignoredBy(absPath);
    if (pattern !== undefined) {
      // A file named on the command line is not silently dropped: the skip is said.
      if (named && options.sayIgnored) {
        seen.add(absPath);
        const source = options.ignoreSource ? ` of ${options.ignoreSource}` : '';
        skipped.push({ path: display, absPath, reason: `it matches the ignore pattern ${JSON.stringify(pattern)}${source}, although it was named on the command line`, ignored: true });
      }
      return;
    }
    seen.add(absPath);
    candidates.push({ absPath, display, named: pipeAllowed });
  };

  for (const input of paths) {
    if (input === '-') {
      const name = options.stdinName ?? STDIN;
      if (!seen.has(name)) {
        seen.add(name);
        // `<stdin>` is no file: its absolute path stays `<stdin>`, so that editors and problem matchers do not open one.
        const read = readStdin(name, options.stdinName === undefined ? STDIN : resolve(cwd, name), maxSize, options.stdin);
        candidates.push({ absPath: read.absPath, display: read.path, named: true, read });
      }
      continue;
    }
    const absPath = resolve(cwd, input);
    let stats: Stats | undefined;
    try {
      stats = statSync(absPath);
    } catch {
      stats = undefined;
    }
    const listed = stats?.isDirectory() && options.gitIgnore ? gitListedFiles(absPath) : undefined;
    if (listed) {
      const repository = repositoryRoot(absPath, cwd);
      for (const file of listed) {
        if (!listedManifest(file, absPath, isIgnored)) continue;
        // git lists a link as a file: one out of the repository is not read (see walkDirectory).
        if (isLink(file) && outsideOf(repository, file)) {
          skipped.push({ path: displayPath(cwd, file), absPath: file, reason: `it is a symbolic link to ${JSON.stringify(readlinkOrEmpty(file))}, outside the repository, and was not read` });
          continue;
        }
        addFile(file, false, true);
      }
    } else if (stats?.isDirectory()) {
      walkDirectory({ dir: absPath, stats, cwd, repository: repositoryRoot(absPath, cwd), ancestors: new Set(), visited, addFile, skipped, isIgnored });
    } else if (stats) {
      addFile(absPath, true);
    } else if (hasMagic(input, { magicalBraces: true })) {
      const matches = await glob(input, { cwd, absolute: true, nodir: true, dot: false, ignore: [...IGNORED_DIRS].map((dir) => `**/${dir}/**`) });
      if (matches.length === 0) missing.push(input);
      for (const match of matches.sort()) addFile(match, false, true);
    } else {
      missing.push(input);
    }
  }
  return { candidates, skipped, missing };
}

/**
 * The last half of `loadSources`: the files read (`reads[i]` of `found.candidates[i]`), each file once
 * by identity (the first path found wins, as a walk would find it), sorted by path.
 */
export function collectSources(found: FoundSources, reads: readonly CandidateRead[]): LoadResult {
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [...found.skipped];
  const identities = new Set<string>();
  reads.forEach(({ result, identity, regular, stamp }) => {
    if (identity !== undefined) {
      if (identities.has(identity)) return;
      identities.add(identity);
    }
    if ('reason' in result) skipped.push(result);
    // A file read from disk is made a `diskFile` here (one the reader did not read is one already).
    else files.push(regular && !stamp ? diskFile(result, readTextAgain) : result);
  });
  files.sort((a, b) => compareStrings(a.path, b.path));
  skipped.sort((a, b) => compareStrings(a.path, b.path));
  return { files, skipped, missing: [...found.missing] };
}

/**
 * Whether a file git listed under `dir` is loaded as the walk would load it: a manifest by its
 * extension, not a config file, not under node_modules or .git, not ignored by the config, and a
 * regular file on disk (a tracked file deleted from the work tree, a submodule or a link to a
 * directory is not).
 */
function listedManifest(file: string, dir: string, isIgnored: (absPath: string) => boolean): boolean {
  const name = basename(file);
  if (!MANIFEST_EXTENSION.test(name) || CONFIG_FILE_NAMES.includes(name) || isIgnored(file)) return false;
  if (relative(dir, file).split(sep).some((part) => IGNORED_DIRS.has(part))) return false;
  return statOrUndefined(file)?.isFile() ?? false;
}

/** Whether `path` itself is a symbolic link (git lists a link as a file; it never lists through one). */
function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function readlinkOrEmpty(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/** A file's or directory's identity whatever path leads to it: its device and inode. */
function identityOf(stats: Stats | BigIntStats): string | undefined {
  // Some file systems (and Windows in places) report no inode: then paths are all there is. (Numbers
  // also of bigint stats, so that the identity does not depend on which fstat gave it.)
  return Number(stats.ino) === 0 ? undefined : `${Number(stats.dev)}:${Number(stats.ino)}`;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

interface Walk {
  readonly dir: string;
  readonly stats: Stats;
  readonly cwd: string;
  /** The repository of the directory given (a real path): a link found in the walk that leads out of it is not followed. */
  readonly repository: string;
  /** The identities of the directories being walked, outermost first: a link back to one is a loop. */
  readonly ancestors: Set<string>;
  /** Identities of the directories walked so far. */
  readonly visited: Set<string>;
  /** `pipeAllowed`: found through a link, so only opening it says what it is; `shown`: its display path. */
  readonly addFile: (absPath: string, named: boolean, pipeAllowed: boolean, shown: string) => void;
  readonly skipped: SkippedFile[];
  readonly isIgnored: (absPath: string) => boolean;
}

const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Walks a directory tree, entering each real directory once: links that lead to a directory walked
 * already (N directories each linking twice to the next would otherwise be walked 2^N times) are
 * passed over, and a link back to a directory being walked is reported as a loop. The entries' types
 * come with the listing: only directories and links are looked at with `stat` (a regular file is
 * opened once, by the reader, which checks what it is again).
 */
function walkDirectory(walk: Walk): void {
  const { dir, cwd, ancestors, visited, addFile, skipped, isIgnored } = walk;
  const identity = identityOf(walk.stats) ?? dir;
  if (ancestors.has(identity)) {
    skipped.push({ path: displayPath(cwd, dir), absPath: dir, reason: 'symbolic link loop: the directory links back to one of its parents' });
    return;
  }
  if (visited.has(identity)) return;
  visited.add(identity);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch (error) {
    skipped.push({ path: displayPath(cwd, dir), absPath: dir, reason: `cannot read directory: ${describeFsError(error)}` });
    return;
  }
  ancestors.add(identity);
  // An entry's display path is its directory's and its name (displayPath for each of ten thousand files
  // was a tenth of the reading), except in cwd itself, where a name such as `..x.yaml` is shown whole.
  const shownDir = displayPath(cwd, dir);
  const shownIn = shownDir === '.' || shownDir.endsWith('/') ? undefined : `${shownDir}/`;
  for (const entry of entries) {
    const name = entry.name;
    if (IGNORED_DIRS.has(name)) continue;
    const child = join(dir, name);
    if (isIgnored(child)) continue;
    const manifest = MANIFEST_EXTENSION.test(name) && !CONFIG_FILE_NAMES.includes(name);
    if (entry.isFile()) {
      if (manifest) addFile(child, false, false, shownIn === undefined ? displayPath(cwd, child) : shownIn + name);
      continue;
    }
    // A link out of the repository (to $HOME, /etc) is not read: its text could reach a finding's code frame in public CI logs.
    if (entry.isSymbolicLink() && outsideOf(walk.repository, child)) {
      if (MANIFEST_EXTENSION.test(name) || statOrUndefined(child)?.isDirectory()) {
        skipped.push({ path: displayPath(cwd, child), absPath: child, reason: `it is a symbolic link to ${JSON.stringify(readlinkOrEmpty(child))}, outside the repository, and was not read` });
      }
      continue;
    }
    if (!entry.isDirectory() && !entry.isSymbolicLink()) {
      // Reading a FIFO found in a tree would wait forever for a writer; sockets and devices are no manifests.
      if (manifest) skipped.push({ path: displayPath(cwd, child), absPath: child, reason: NOT_A_FILE });
      continue;
    }
    let stats: Stats;
    try {
      stats = statSync(child);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Dangling links and loops among file links (ELOOP) are reported only when they look like manifests.
      if (MANIFEST_EXTENSION.test(name) || code === 'ELOOP') {
        skipped.push({ path: displayPath(cwd, child), absPath: child, reason: code === 'ELOOP' ? 'symbolic link loop' : `cannot read file: ${describeFsError(error)}` });
      }
      continue;
    }
    if (stats.isDirectory()) walkDirectory({ ...walk, dir: child, stats });
    else if (!manifest) continue;
    else if (stats.isFile()) addFile(child, false, false, displayPath(cwd, child));
    else skipped.push({ path: displayPath(cwd, child), absPath: child, reason: NOT_A_FILE });
  }
  ancestors.delete(identity);
}

// Opening without blocking: a file that became a FIFO after the walk listed it must not wait for a writer.
const OPEN_LISTED = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

/**
 * Reads candidates into source files, with every check of the load (not a regular file, too large,
 * not UTF-8 text, an unrendered template). One buffer is reused for the bytes of every file, so that
 * reading ten thousand files allocates ten thousand strings and nothing else.
 */
export class CandidateReader {
  private buffer = Buffer.allocUnsafe(0);

  /**
   * `stamps`: a listed file whose fstat gives the stamp they keep with a digest is not read (its text
   * is read if asked for, and must have that digest); every file read is stamped for them.
   */
  constructor(private readonly stamps?: FileStamps) {}

  read(candidate: SourceCandidate, maxSize: number): CandidateRead {
    if (candidate.read) return { result: candidate.read };
    const { absPath, display } = candidate;
    if (candidate.named) return readSource(absPath, display, maxSize);
    let fd: number;
    try {
      fd = openSync(absPath, OPEN_LISTED);
    } catch (error) {
      return { result: { path: display, absPath, reason: `cannot read file: ${describeFsError(error)}` } };
    }
    let identity: string | undefined;
    let stamp: FileStamp | undefined;
    let length = 0;
    try {
      const bigStats = this.stamps ? fstatSync(fd, { bigint: true }) : undefined;
      const stats = bigStats ?? fstatSync(fd);
      identity = identityOf(stats);
      if (!stats.isFile()) return { result: { path: display, absPath, reason: NOT_A_FILE }, ...(identity !== undefined ? { identity } : {}) };
      const size = Number(stats.size);
      if (size > maxSize) return { result: { path: display, absPath, reason: `file is ${formatSize(size)}, ${overLimit(maxSize)}` }, ...(identity !== undefined ? { identity } : {}) };
      if (bigStats) {
        stamp = stampOf(bigStats);
        // Unchanged since its content was hashed: the checks below gave a file for that content then, and do again.
        const digest = this.stamps!.digestIf(display, stamp);
        if (digest !== undefined) return { result: unreadDiskFile(display, absPath, readTextAgain, stamp, digest, () => this.stamps!.stale(display)), ...(identity !== undefined ? { identity } : {}), regular: true, stamp };
      }
      // As readFileSync: the size fstat gave (a file of size 0, as in /proc, to its end), never beyond maxSize + 1.
      const until = size > 0 ? size : maxSize + 1;
      if (this.buffer.length < Math.min(until, 64 * 1024) || (size > 0 && this.buffer.length < until)) this.buffer = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
      while (length < until) {
        if (length === this.buffer.length) this.grow(Math.min(until, length * 2));
        const count = readSync(fd, this.buffer, length, Math.min(this.buffer.length, until) - length, null);
        if (count === 0) break;
        length += count;
      }
    } catch (error) {
      return { result: { path: display, absPath, reason: `cannot read file: ${describeFsError(error)}` }, ...(identity !== undefined ? { identity } : {}) };
    } finally {
      closeSync(fd);
    }
    const result = sourceFromBytes(display, absPath, this.buffer.subarray(0, length), maxSize);
    if (!('text' in result)) return { result, ...(identity !== undefined ? { identity } : {}) };
    return { result: stamp ? diskFile(result, readTextAgain, stamp) : result, ...(identity !== undefined ? { identity } : {}), regular: true, ...(stamp ? { stamp } : {}) };
  }

  private grow(size: number): void {
    if (size <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(size);
    this.buffer.copy(bigger);
    this.buffer = bigger;
  }
}

function readSource(absPath: string, display: string, maxSize: number): CandidateRead {
  let bytes: Buffer;
  let identity: string | undefined;
  let regular = false;
  try {
    const stats = statSync(absPath);
    identity = identityOf(stats);
    const known = identity !== undefined ? { identity } : {};
    // A pipe given by name is read to its end (`kube-netlint <(helm template ...)`); devices and sockets are not.
    if (!stats.isFile() && !stats.isFIFO()) return { result: { path: display, absPath, reason: NOT_A_FILE }, ...known };
    const size = stats.size;
    if (size > maxSize) return { result: { path: display, absPath, reason: `file is ${formatSize(size)}, ${overLimit(maxSize)}` }, ...known };
    if (stats.isFile()) {
      bytes = readFileSync(absPath);
      regular = true;
    } else {
      const fd = openSync(absPath, 'r');
      try {
        bytes = readUpTo(fd, maxSize);
      } finally {
        closeSync(fd);
      }
    }
  } catch (error) {
    return { result: { path: display, absPath, reason: `cannot read file: ${describeFsError(error)}` }, ...(identity !== undefined ? { identity } : {}) };
  }
  const result = sourceFromBytes(display, absPath, bytes, maxSize);
  return { result, ...(identity !== undefined ? { identity } : {}), ...(regular && 'text' in result ? { regular: true as const } : {}) };
}

/** A file's text read again, as `readSource` decodes it. */
function readTextAgain(absPath: string): string | { reason: string } {
  try {
    return decodeText(readFileSync(absPath));
  } catch (error) {
    return { reason: `cannot read file: ${describeFsError(error)}` };
  }
}

function readStdin(display: string, absPath: string, maxSize: number, read: LoadOptions['stdin']): SourceFile | SkippedFile {
  let input: Uint8Array | string;
  try {
    input = read?.(maxSize) ?? '';
  } catch (error) {
    return { path: display, absPath, reason: `cannot read standard input: ${describeFsError(error)}` };
  }
  return sourceFromBytes(display, absPath, typeof input === 'string' ? Buffer.from(input, 'utf8') : input, maxSize);
}

/** The checks every input goes through, wherever its bytes come from: size, encoding, unrendered templates. */
export function sourceFromBytes(display: string, absPath: string, bytes: Uint8Array, maxSize: number): SourceFile | SkippedFile {
  if (bytes.length > maxSize) return { path: display, absPath, reason: `input is ${overLimit(maxSize)}` };
  const text = decodeText(bytes);
  if (typeof text !== 'string') return { path: display, absPath, reason: text.reason };
  return checkedText(display, absPath, text);
}

/**
 * The same checks for text that is already decoded (a document open in an editor): size, in UTF-8
 * bytes as on disk, and unrendered templates.
 */
export function sourceFromText(display: string, absPath: string, text: string, maxSize = DEFAULT_MAX_FILE_SIZE): SourceFile | SkippedFile {
  if (Buffer.byteLength(text, 'utf8') > maxSize) return { path: display, absPath, reason: `input is ${overLimit(maxSize)}` };
  return checkedText(display, absPath, text);
}

function checkedText(display: string, absPath: string, text: string): SourceFile | SkippedFile {
  const template = templateActionOffset(text);
  if (template !== undefined) {
    const { line } = positionAt({ path: display, absPath, text }, template);
    return { path: display, absPath, reason: `looks like an unrendered Helm or Go template ({{ ... }} on line ${line}); ${templateAdvice(display, absPath)}` };
  }
  return { path: display, absPath, text };
}

/** How far up a template's directory a chart's Chart.yaml is looked for: templates/ nests a few levels at most. */
const CHART_SEARCH_DEPTH = 8;

/**
 * What to do with a template file: lint its chart with `--helm DIR` when a directory above it holds
 * Chart.yaml (shown as the file's path is), else lint the output of `helm template`.
 */
function templateAdvice(display: string, absPath: string): string {
  let dir = dirname(absPath);
  for (let depth = 0; depth < CHART_SEARCH_DEPTH && !absPath.startsWith('<'); depth++) {
    if (isChartDirectory(dir)) {
      const inside = relative(dir, absPath).split(sep).join('/');
      const chart = display.endsWith(`/${inside}`) ? display.slice(0, -inside.length - 1) : display === inside ? '.' : dir;
      return `lint its chart with \`kube-netlint --helm ${chart}\` (or list the chart under helm: in .kube-netlint.yaml), which renders it with \`helm template\` and points findings at the templates`;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return 'lint the output of `helm template` instead, or the chart with `kube-netlint --helm CHART_DIR`';
}

function isChartDirectory(dir: string): boolean {
  try {
    return statSync(join(dir, 'Chart.yaml')).isFile();
  } catch {
    return false;
  }
}

/** Decodes UTF-8 manifest bytes, rejecting binary content and other encodings (UTF-16 and UTF-32 with advice). */
export function decodeText(bytes: Uint8Array): string | { reason: string } {
  // The whole file: a NUL after the first few kilobytes is as binary as one at the start (indexOf is a memchr).
  const nul = bytes.indexOf(0);
  const unicode = otherUnicode(bytes, nul);
  if (unicode) return { reason: `${unicode} text; Kubernetes manifests must be UTF-8: convert it (iconv -f ${unicode} -t UTF-8)` };
  if (nul !== -1) return { reason: 'binary file (contains NUL bytes), not a manifest' };
  try {
    return stripBom(UTF8.decode(bytes));
  } catch {
    return { reason: 'not valid UTF-8 text; Kubernetes manifests must be UTF-8' };
  }
}

// A fatal decoder keeps no state between calls that are not streamed: one serves every file.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-16 or UTF-32 text (Windows PowerShell's `>` writes UTF-16): by its byte-order mark, or, without
 * one, by NUL bytes in every other byte, as ASCII text in UTF-16 has and binary files do not. `nul` is
 * the offset of the first NUL byte (-1: none, so no UTF-16 without a mark).
 */
function otherUnicode(bytes: Uint8Array, nul: number): 'UTF-16' | 'UTF-32' | undefined {
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) return 'UTF-32';
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return 'UTF-16';
  const pairs = Math.min(bytes.length, 8000) >> 1;
  // Without a NUL among the bytes looked at, neither side is mostly NUL.
  if (pairs < 2 || nul === -1 || nul >= 2 * pairs) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenNul++;
    if (bytes[2 * i + 1] === 0) oddNul++;
  }
  // Mostly NUL on one side (only characters beyond Latin-1 have none there), none on the other.
  const alternating = (nul: number, other: number) => nul >= pairs * 0.9 && other === 0;
  return alternating(evenNul, oddNul) || alternating(oddNul, evenNul) ? 'UTF-16' : undefined;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeFsError(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file (a dangling symbolic link?)';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err.code ?? (err.message || String(error));
  }
}

function overLimit(maxSize: number): string {
  return `larger than the ${formatSize(maxSize)} limit (set maxFileSize in the config to raise it)`;
}

function formatSize(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
