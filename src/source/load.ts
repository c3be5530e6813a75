import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { glob, hasMagic } from 'glob';
import { minimatch } from 'minimatch';
import { CONFIG_FILE_NAMES } from '../config/files.ts';
import { compareStrings } from '../util/compare.ts';
import type { SourceFile } from './types.ts';

/** Why a file was not linted; each becomes a `skipped-file` diagnostic. */
export interface SkippedFile {
  readonly path: string;
  readonly absPath: string;
  readonly reason: string;
}

export interface LoadOptions {
  readonly cwd: string;
  /** Glob patterns (relative to cwd) of files to leave out. */
  readonly ignore?: readonly string[];
  /** Files larger than this many bytes are skipped with a diagnostic. */
  readonly maxFileSize?: number;
  /** Text read from standard input when a path is `-`. */
  readonly stdin?: () => string;
  /** Display name for standard input. */
  readonly stdinName?: string;
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
const NOT_A_FILE = 'not a regular file (a named pipe, socket or device)';

/** Turns an absolute path into the `/`-separated path users see, relative to cwd when inside it. */
export function displayPath(cwd: string, absPath: string): string {
  const rel = relative(cwd, absPath);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? absPath : rel;
  return shown.split(sep).join('/');
}

/**
 * Matches display paths against the config's `ignore` globs: a pattern also covers everything under
 * a directory it matches, and a trailing `/` means "this directory's contents".
 */
export function ignoreMatcher(globs: readonly string[]): (display: string) => boolean {
  const patterns = globs.map((pattern) => pattern.replace(/\/$/, '/**'));
  return (display) => patterns.some((pattern) => minimatch(display, pattern, { dot: true }) || minimatch(display, `${pattern}/**`, { dot: true }));
}

/**
 * Expands files, directories (recursively, manifests only) and globs into source files, reading each
 * once. Files that cannot be linted are reported in `skipped`, never thrown.
 */
export async function loadSources(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const { cwd } = options;
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const isIgnored = ignoreMatcher(options.ignore ?? []);
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();

  const addFile = (absPath: string) => {
    const display = displayPath(cwd, absPath);
    if (seen.has(absPath) || isIgnored(display)) return;
    seen.add(absPath);
    const result = readSource(absPath, display, maxSize);
    if ('reason' in result) skipped.push(result);
    else files.push(result);
  };

  for (const input of paths) {
    if (input === '-') {
      const name = options.stdinName ?? '<stdin>';
      if (!seen.has(name)) {
        seen.add(name);
        files.push({ path: name, absPath: resolve(cwd, name), text: stripBom(options.stdin?.() ?? '') });
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
    if (stats?.isDirectory()) {
      walkDirectory(absPath, cwd, new Set(), addFile, skipped, isIgnored);
    } else if (stats) {
      addFile(absPath);
    } else if (hasMagic(input, { magicalBraces: true })) {
      const matches = await glob(input, { cwd, absolute: true, nodir: true, dot: false, ignore: [...IGNORED_DIRS].map((dir) => `**/${dir}/**`) });
      if (matches.length === 0) missing.push(input);
      for (const match of matches.sort()) addFile(match);
    } else {
      missing.push(input);
    }
  }
  files.sort((a, b) => compareStrings(a.path, b.path));
  skipped.sort((a, b) => compareStrings(a.path, b.path));
  return { files, skipped, missing };
}

function walkDirectory(
  dir: string,
  cwd: string,
  ancestors: Set<string>,
  addFile: (absPath: string) => void,
  skipped: SkippedFile[],
  isIgnored: (display: string) => boolean,
): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (error) {
    skipped.push({ path: displayPath(cwd, dir), absPath: dir, reason: `cannot read directory: ${describeFsError(error)}` });
    return;
  }
  // A symlink back to a directory we are already inside would recurse forever.
  if (ancestors.has(real)) {
    skipped.push({ path: displayPath(cwd, dir), absPath: dir, reason: 'symbolic link loop: the directory links back to one of its parents' });
    return;
  }
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (error) {
    skipped.push({ path: displayPath(cwd, dir), absPath: dir, reason: `cannot read directory: ${describeFsError(error)}` });
    return;
  }
  const inside = new Set(ancestors).add(real);
  for (const name of entries) {
    if (IGNORED_DIRS.has(name)) continue;
    const child = join(dir, name);
    if (isIgnored(displayPath(cwd, child))) continue;
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
    if (stats.isDirectory()) walkDirectory(child, cwd, inside, addFile, skipped, isIgnored);
    else if (!MANIFEST_EXTENSION.test(name) || CONFIG_FILE_NAMES.includes(name)) continue;
    else if (stats.isFile()) addFile(child);
    // Reading a FIFO found in a tree would wait forever for a writer; sockets and devices are no manifests.
    else skipped.push({ path: displayPath(cwd, child), absPath: child, reason: NOT_A_FILE });
  }
}

function readSource(absPath: string, display: string, maxSize: number): SourceFile | SkippedFile {
  let bytes: Buffer;
  try {
    const stats = statSync(absPath);
    // A pipe given by name is read to its end (`kube-netlint <(helm template ...)`); devices and sockets are not.
    if (!stats.isFile() && !stats.isFIFO()) return { path: display, absPath, reason: NOT_A_FILE };
    const size = stats.size;
    if (size > maxSize) {
      return { path: display, absPath, reason: `file is ${formatSize(size)}, larger than the ${formatSize(maxSize)} limit (set maxFileSize in the config to raise it)` };
    }
    bytes = readFileSync(absPath);
  } catch (error) {
    return { path: display, absPath, reason: `cannot read file: ${describeFsError(error)}` };
  }
  const text = decodeText(bytes);
  if (typeof text !== 'string') return { path: display, absPath, reason: text.reason };
  return { path: display, absPath, text };
}

/** Decodes UTF-8 manifest bytes, rejecting binary content and invalid encodings. */
export function decodeText(bytes: Uint8Array): string | { reason: string } {
  const probe = bytes.subarray(0, 8000);
  if (probe.includes(0)) return { reason: 'binary file (contains NUL bytes), not a manifest' };
  try {
    return stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { reason: 'not valid UTF-8 text; Kubernetes manifests must be UTF-8' };
  }
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

function formatSize(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
