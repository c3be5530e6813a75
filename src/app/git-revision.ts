import { spawnSync } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { hasMagic } from 'glob';
import { minimatch } from 'minimatch';
import { CONFIG_FILE_NAMES } from '../source/config-files.ts';
import { IGNORED_DIRS, MANIFEST_EXTENSION, sourceFromBytes, type LoadResult, type SkippedFile } from '../source/load.ts';
import type { SourceFile } from '../source/types.ts';
import { compareStrings } from '../util/compare.ts';
import { UsageError } from './io.ts';

/** How the manifests of a revision are chosen: the loader's options, for files that live in git objects. */
export interface RevisionLoadOptions {
  /** The caller's working directory (inside the repository). */
  readonly cwd: string;
  /** Whether an absolute path (a file of the working tree's layout) is left out by the config's `ignore`. */
  readonly isIgnored: (absPath: string) => boolean;
  readonly maxFileSize: number;
}

/** The manifests of PATHs at a revision, as `loadSources` reads them from disk, and the tree entries refused. */
export interface RevisionFiles extends LoadResult {
  /** Tree entries never read: a name that is not a plain relative path, a symbolic link, a submodule. */
  readonly refused: readonly { readonly path: string; readonly reason: string }[];
}

interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly object: string;
  readonly size: number;
  /** The path in the tree, `/`-separated, relative to the repository's top. */
  readonly path: string;
}

class GitError extends Error {}

function git(cwd: string, args: readonly string[], input?: string): Buffer {
  const result = spawnSync('git', [...args], { cwd, input, maxBuffer: 1 << 30 });
  if (result.error) throw new UsageError(`--base needs git: ${result.error.message}`);
  if (result.status !== 0) throw new GitError(result.stderr.toString().trim());
  return result.stdout;
}

/**
 * Reads the manifests of `paths` (relative to `options.cwd`, as the working tree names them) at git
 * revision `rev`, from git's objects into memory: nothing is checked out or written, so a crafted tree
 * (entries named `..`, absolute-looking names) can neither write nor read outside the repository; its
 * odd entries are refused and listed. A path outside the repository is a usage error.
 */
export function readRevision(rev: string, paths: readonly string[], options: RevisionLoadOptions): RevisionFiles {
  const { cwd } = options;
  let top: string;
  let prefix: string;
  let commit: string;
  // The repository is the one the working directory is in, else the one the first PATH is in (the
  // help says --base compares "the working tree of PATHs"): then PATHs are read as absolute paths and
  // shown relative to the working directory, as the working tree's side names them.
  let repoDir = cwd;
  let outside = false;
  try {
    top = git(cwd, ['rev-parse', '--show-toplevel']).toString().trim();
    prefix = git(cwd, ['rev-parse', '--show-prefix']).toString().trim();
  } catch (error) {
    const first = paths[0] === undefined ? undefined : realPath(resolve(cwd, paths[0]));
    const dir = first === undefined ? undefined : isDirectoryPath(first) ? first : dirname(first);
    try {
      if (dir === undefined) throw error;
      top = git(dir, ['rev-parse', '--show-toplevel']).toString().trim();
      prefix = '';
      repoDir = dir;
      outside = true;
    } catch {
      throw new UsageError(`--base needs a git repository, and neither the working directory nor the first PATH is in one: ${(error as Error).message}`);
    }
  }
  try {
    commit = git(repoDir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).toString().trim();
  } catch {
    throw new UsageError(`--base: unknown git revision "${rev}"`);
  }
  const here = posix.normalize(`/${prefix}`);
  const display = outside ? (path: string) => relative(cwd, join(top, ...path.split('/'))).split(sep).join('/') || '.' : (path: string) => posix.relative(here, `/${path}`) || '.';
  const specs = paths.map((path) => pathSpec(outside ? resolve(cwd, path) : path, cwd, top, prefix));

  const refused: { path: string; reason: string }[] = [];
  const entries: TreeEntry[] = [];
  for (const entry of listTree(top, commit)) {
    const problem = pathProblem(entry.path);
    if (problem) refused.push({ path: entry.path, reason: problem });
    else entries.push(entry);
  }

  // Which entries each path selects, as loadSources would on disk: a file by name, a directory's
  // manifests (not config files, nothing under node_modules or .git), or a glob's matches.
  const chosen = new Map<string, TreeEntry>();
  const missing: string[] = [];
  const add = (entry: TreeEntry) => {
    if (!options.isIgnored(join(top, ...entry.path.split('/')))) chosen.set(entry.path, entry);
  };
  for (const spec of specs) {
    let found = false;
    for (const entry of entries) {
      const selected = spec.glob !== undefined ? globSelects(spec.glob, entry.path) : spec.path === entry.path || walkSelects(spec.path, entry.path);
      if (!selected) continue;
      found = true;
      if (entry.type === 'blob' && (entry.mode === '100644' || entry.mode === '100755')) add(entry);
      else if (spec.path === entry.path || MANIFEST_EXTENSION.test(entry.path)) refused.push({ path: display(entry.path), reason: entry.mode === '120000' ? 'a symbolic link, not followed in a revision' : 'not a regular file (a submodule?)' });
    }
    if (!found) missing.push(spec.given);
  }

  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  const toRead: TreeEntry[] = [];
  for (const entry of chosen.values()) {
    const absPath = join(top, ...entry.path.split('/'));
    if (entry.size > options.maxFileSize) skipped.push({ path: display(entry.path), absPath, reason: `file is ${(entry.size / (1024 * 1024)).toFixed(1)} MB at ${rev}, larger than the ${(options.maxFileSize / (1024 * 1024)).toFixed(1)} MB limit` });
    else toRead.push(entry);
  }
  readBlobs(top, toRead, (entry, bytes) => {
    const result = sourceFromBytes(display(entry.path), join(top, ...entry.path.split('/')), bytes, options.maxFileSize);
    if ('reason' in result) skipped.push(result);
    else files.push(result);
  });
  files.sort((a, b) => compareStrings(a.path, b.path));
  skipped.sort((a, b) => compareStrings(a.path, b.path));
  const unique = new Map(refused.map((r) => [r.path, r.reason]));
  return { files, skipped, missing, refused: [...unique].map(([path, reason]) => ({ path, reason })) };
}

/** A path given on the command line as a repository path (`/`-separated, no leading `/`): a plain path or a glob. */
interface PathSpec {
  readonly given: string;
  /** The repository-relative path ('' for the top). */
  readonly path: string;
  readonly glob?: string;
}

function pathSpec(given: string, cwd: string, top: string, prefix: string): PathSpec {
  // A relative path is read lexically from where the caller stands in the repository (`prefix`, ''
  // at the top), as git does; normalising keeps a leading `..` that leaves the top. An absolute path
  // may reach the repository through a symbolic link, so its real path is compared with the top.
  const fromPrefix = (rel: string) => posix.normalize(posix.join(prefix || '.', rel.split(sep).join('/')));
  let path: string;
  if (isAbsolute(given)) {
    const inTop = relative(realpathSync(top), realPath(given));
    path = inTop === '' ? '.' : !inTop.startsWith('..') && !isAbsolute(inTop) ? posix.normalize(inTop.split(sep).join('/')) : fromPrefix(relative(cwd, given));
  } else {
    path = fromPrefix(given);
  }
  if (path === '..' || path.startsWith('../') || isAbsolute(path)) {
    throw new UsageError(`--base compares paths of the git repository at ${top}; "${given}" is outside it (run kube-netlint from inside the repository the paths belong to)`);
  }
  const rel = path === '.' || path === './' ? '' : path.replace(/\/$/, '');
  return hasMagic(given, { magicalBraces: true }) ? { given, path: rel, glob: rel } : { given, path: rel };
}

/** The real path of `path`: of its longest existing ancestor, with the rest (absent, or a glob) appended. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPath(parent), basename(path));
  }
}

/** Whether walking directory `dir` (repository-relative, '' for the top) reads the manifest at `path`, as `walkDirectory` does. */
function walkSelects(dir: string, path: string): boolean {
  if (dir !== '' && !path.startsWith(`${dir}/`)) return false;
  const below = (dir === '' ? path : path.slice(dir.length + 1)).split('/');
  const name = below[below.length - 1]!;
  return MANIFEST_EXTENSION.test(name) && !CONFIG_FILE_NAMES.includes(name) && !below.some((segment) => IGNORED_DIRS.has(segment));
}

/** Whether a glob (repository-relative) matches `path`, as `glob` does on disk: no dot files, nothing under node_modules or .git. */
function globSelects(pattern: string, path: string): boolean {
  return !path.split('/').some((segment) => IGNORED_DIRS.has(segment)) && minimatch(path, pattern, { dot: false });
}

/**
 * Why a tree entry's path is not a plain relative path (git itself refuses to check such trees out,
 * but `git mktree` builds them): an empty, `.` or `..` segment, or a `.git` directory.
 */
function pathProblem(path: string): string | undefined {
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'not a plain relative path (a crafted tree entry); not read';
  if (segments.slice(0, -1).some((s) => s.toLowerCase() === '.git')) return 'inside a .git directory; not read';
  return undefined;
}

/** `git ls-tree -r -l`: every entry of the commit's tree with its size, parsed from NUL-separated records. */
function listTree(top: string, commit: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  // `<mode> SP <type> SP <object> SP+ <size>\t<path>`; the path is raw (-z: no quoting).
  for (const record of git(top, ['ls-tree', '-r', '-l', '-z', '--full-tree', commit]).toString('utf8').split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(-|\d+)\t([^]+)$/.exec(record);
    if (!match) continue;
    out.push({ mode: match[1]!, type: match[2]!, object: match[3]!, size: match[4] === '-' ? 0 : Number(match[4]), path: match[5]! });
  }
  return out;
}

/** Reads blobs with one `git cat-file --batch`, handing each entry its bytes. */
function readBlobs(top: string, entries: readonly TreeEntry[], use: (entry: TreeEntry, bytes: Uint8Array) => void): void {
  if (entries.length === 0) return;
  const output = git(top, ['cat-file', '--batch'], entries.map((e) => `${e.object}\n`).join(''));
  let offset = 0;
  for (const entry of entries) {
    // `<object> blob <size>\n<content>\n`
    const headerEnd = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, headerEnd).toString().split(' ');
    if (header[1] !== 'blob') throw new UsageError(`--base: git cat-file did not return blob ${entry.object} (${header.join(' ')})`);
    const size = Number(header[2]);
    use(entry, output.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
}

function isDirectoryPath(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
