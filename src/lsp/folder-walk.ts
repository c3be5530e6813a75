import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CONFIG_FILE_NAMES } from '../source/config-files.ts';
import { outsideOf, repositoryRoot } from '../source/containment.ts';
import { displayPath, IGNORED_DIRS, MANIFEST_EXTENSION, NOT_A_FILE, type SkippedFile } from '../source/load.ts';

/**
 * How much of a workspace folder the language server reads. A client may open a folder far larger
 * than any tree of manifests (Neovim started in `/`, a home directory): past a limit the server stops
 * walking, says so, and serves what it read rather than walk the disk for hours. The synthetic tree of
 * `npm run bench` (10,650 files, 20 MB) is well inside: 20,000 files or 64 MB of manifests take the
 * server seconds to analyse.
 */
export interface FolderLimits {
  /** Directory entries looked at. */
  readonly entries: number;
  /** Manifest files read. */
  readonly files: number;
  /** Bytes of manifest files read. */
  readonly bytes: number;
}

export const FOLDER_LIMITS: FolderLimits = { entries: 200_000, files: 20_000, bytes: 64 * 1024 * 1024 };

export interface FolderWalk {
  /** The manifests to read, absolute, each real file once. */
  readonly files: string[];
  readonly skipped: SkippedFile[];
  /** Why the walk stopped before the end of the folder, when it did. */
  readonly truncated?: string;
}

export interface WalkOptions {
  readonly isIgnored: (absPath: string) => boolean;
  readonly limits?: FolderLimits;
  /** Called now and then with the number of manifests found so far. */
  readonly onProgress?: (files: number) => void;
}

/**
 * The manifests under `dir`, found as loadSources's directory walk finds them (YAML and JSON files,
 * not config files, nothing under node_modules or .git or an ignored path), but asynchronously, so
 * that the server answers its client meanwhile, within `limits`, and visiting each real directory and
 * file once whatever the symbolic links (a link back up, or many links to one place).
 */
export async function walkFolder(dir: string, options: WalkOptions): Promise<FolderWalk> {
  const limits = options.limits ?? FOLDER_LIMITS;
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  let entries = 0;
  let bytes = 0;
  const stopped = (what: string) => `stopped reading ${dir} after ${what}: open the folder that holds your manifests (or ignore the rest in .kube-netlint.yaml)`;
  // Depth first, in name order, as loadSources walks.
  const stack: string[] = [dir];
  const repository = repositoryRoot(dir, dir);
  while (stack.length > 0) {
    const current = stack.pop()!;
    let real: string;
    let names: string[];
    let links: Set<string>;
    try {
      real = await realpath(current);
      if (seenDirs.has(real)) continue;
      seenDirs.add(real);
      const dirents = await readdir(current, { withFileTypes: true });
      names = dirents.map((d) => d.name).sort();
      links = new Set(dirents.filter((d) => d.isSymbolicLink()).map((d) => d.name));
    } catch (error) {
      skipped.push({ path: displayPath(dir, current), absPath: current, reason: `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      continue;
    }
    const subdirs: string[] = [];
    for (const name of names) {
      if (++entries > limits.entries) return { files, skipped, truncated: stopped(`${limits.entries} directory entries`) };
      // Yield now and then: a folder of many small directories must not hold the event loop.
      if (entries % 512 === 0) await nextTurn();
      if (IGNORED_DIRS.has(name)) continue;
      const child = join(current, name);
      if (options.isIgnored(child)) continue;
      // As loadSources: a link out of the repository is not read.
      if (links.has(name) && outsideOf(repository, child)) {
        if (MANIFEST_EXTENSION.test(name) || (await stat(child).catch(() => undefined))?.isDirectory()) {
          skipped.push({ path: displayPath(dir, child), absPath: child, reason: 'it is a symbolic link leading outside the repository, and was not read' });
        }
        continue;
      }
      let stats;
      try {
        stats = await stat(child);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (MANIFEST_EXTENSION.test(name) || code === 'ELOOP') skipped.push({ path: displayPath(dir, child), absPath: child, reason: code === 'ELOOP' ? 'symbolic link loop' : `cannot read file: ${code ?? String(error)}` });
        continue;
      }
      if (stats.isDirectory()) {
        subdirs.push(child);
        continue;
      }
      if (!MANIFEST_EXTENSION.test(name) || CONFIG_FILE_NAMES.includes(name)) continue;
      // A FIFO would wait forever for a writer; sockets and devices are no manifests.
      if (!stats.isFile()) {
        skipped.push({ path: displayPath(dir, child), absPath: child, reason: NOT_A_FILE });
        continue;
      }
      const key = `${stats.dev}:${stats.ino}`;
      if (seenFiles.has(key)) continue;
      seenFiles.add(key);
      if (files.length >= limits.files) return { files, skipped, truncated: stopped(`${limits.files} manifest files`) };
      if (bytes + stats.size > limits.bytes) return { files, skipped, truncated: stopped(`${Math.round(limits.bytes / (1024 * 1024))} MB of manifests`) };
      bytes += stats.size;
      files.push(child);
      if (files.length % 500 === 0) options.onProgress?.(files.length);
    }
    // Pushed in reverse so that the first name is walked first.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
  return { files, skipped };
}
