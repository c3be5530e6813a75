/**
 * One policy for what a file of the analysed tree may make kube-netlint (or the kustomize and helm it
 * runs) read: only what lies inside the repository, symbolic links followed. The tree comes from
 * strangers' pull requests, and the text of a file read through a kustomization entry, a chart's link
 * or a link in a walked directory could land in a finding's code frame, that is in public CI logs.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** How a path lies outside a root: named outside it, or inside it but through a symbolic link that leads out. */
export type Outside = 'is outside' | 'leads (through a symbolic link) outside';

/** How `absPath` (symbolic links followed) lies outside `root` (a real path); undefined when inside. */
export function outsideOf(root: string, absPath: string): Outside | undefined {
  if (!isAbsolute(absPath) || !within(root, resolve(absPath))) return 'is outside';
  // A path that does not exist yet is judged by its nearest existing parent (a link there leads on).
  let existing = absPath;
  let rest = '';
  for (;;) {
    try {
      const real = realpathSync(existing);
      return within(root, resolve(real, rest)) ? undefined : 'leads (through a symbolic link) outside';
    } catch (error) {
      // A link loop has no real path: nothing can be read through it, and no tool should try.
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') return 'leads (through a symbolic link) outside';
      const parent = dirname(existing);
      if (parent === existing) return undefined;
      rest = rest ? join(existing.slice(parent.length + 1), rest) : existing.slice(parent.length + 1);
      existing = parent;
    }
  }
}

/** Whether `absPath` is `root` or below it (paths compared as written). */
export function within(root: string, absPath: string): boolean {
  const rel = relative(root, absPath);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The real path of `path`, or `path` itself when it has none (gone, a loop). */
export function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The repository `dir` belongs to, as a real path: the nearest directory upward holding `.git` (a
 * directory, or the file of a worktree or submodule); outside a git work tree, `cwd` when `dir` lies
 * in it, else `dir` itself. An overlay's `../../base` is then inside, `/etc` or a link to `$HOME` not.
 */
export function repositoryRoot(dir: string, cwd: string): string {
  const real = realOrSelf(resolve(cwd, dir));
  for (let at = real; ; ) {
    if (existsSync(join(at, '.git'))) return at;
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  const home = realOrSelf(cwd);
  return within(home, real) ? home : real;
}
