import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { MANIFEST_EXTENSION } from '../source/load.ts';
import { UsageError } from './io.ts';

/** A revision's files written to a temporary directory that mirrors the repository. */
export interface RevisionTree {
  /** The repository's top level, as of the revision. */
  readonly root: string;
  /** Where the caller's working directory is inside `root` (it may not exist at that revision). */
  readonly cwd: string;
  /** Maps a path given relative to the caller's working directory (or absolute inside the repository) into the revision's tree. */
  mapPath(path: string): string;
  dispose(): void;
}

function git(cwd: string, args: readonly string[], input?: string): Buffer {
  const result = spawnSync('git', [...args], { cwd, input, maxBuffer: 1 << 30 });
  if (result.error) throw new UsageError(`--base needs git: ${result.error.message}`);
  if (result.status !== 0) throw new GitError(result.stderr.toString().trim());
  return result.stdout;
}

class GitError extends Error {}

/**
 * Writes the manifests of git revision `rev` of the repository containing `cwd` into a temporary
 * directory (`git ls-tree` + `git cat-file --batch`; no checkout, the working tree is untouched).
 */
export function checkoutRevision(cwd: string, rev: string): RevisionTree {
  let top: string;
  let prefix: string;
  let commit: string;
  try {
    top = git(cwd, ['rev-parse', '--show-toplevel']).toString().trim();
    prefix = git(cwd, ['rev-parse', '--show-prefix']).toString().trim();
  } catch (error) {
    throw new UsageError(`--base needs a git repository: ${(error as Error).message}`);
  }
  try {
    commit = git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).toString().trim();
  } catch {
    throw new UsageError(`--base: unknown git revision "${rev}"`);
  }
  // `<mode> <type> <object>\t<path>`, NUL-separated; regular files only (no symlinks or submodules).
  // Only manifests (what loadSources reads) are extracted, not the whole repository.
  const entries = git(top, ['ls-tree', '-r', '-z', '--full-tree', commit])
    .toString()
    .split('\0')
    .flatMap((line) => {
      const match = /^(100644|100755) blob ([0-9a-f]+)\t(.+)$/s.exec(line);
      return match && MANIFEST_EXTENSION.test(match[3]!) ? [{ object: match[2]!, path: match[3]! }] : [];
    });
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-base-'));
  try {
    if (entries.length > 0) writeBlobs(top, root, entries);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const inside = join(root, prefix);
  return {
    root,
    cwd: inside,
    mapPath(path) {
      const absolute = resolve(cwd, path);
      const rel = relative(top, absolute);
      // A path outside the repository is not part of the revision: leave it as given.
      return rel.startsWith('..') || isAbsolute(rel) ? path : relative(inside, join(root, rel)) || '.';
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Reads every blob with one `git cat-file --batch` and writes it under `root`. */
function writeBlobs(top: string, root: string, entries: readonly { object: string; path: string }[]): void {
  const output = git(top, ['cat-file', '--batch'], entries.map((e) => `${e.object}\n`).join(''));
  let offset = 0;
  for (const entry of entries) {
    // `<object> blob <size>\n<content>\n`
    const headerEnd = output.indexOf(0x0a, offset);
    const size = Number(output.subarray(offset, headerEnd).toString().split(' ')[2]);
    const content = output.subarray(headerEnd + 1, headerEnd + 1 + size);
    offset = headerEnd + 1 + size + 1;
    const target = join(root, entry.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
