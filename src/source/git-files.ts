import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** More output than this (paths of a huge repository) is a failure: the caller walks the directory instead. */
const MAX_OUTPUT = 64 * 1024 * 1024;
/** git answers in well under a second; a hung git (a network file system) must not hang the run. */
const TIMEOUT_MS = 60_000;

/**
 * The files git would list under `dir`, absolute: tracked ones and untracked ones that no
 * `.gitignore`, `.git/info/exclude` or global exclude file ignores (`git ls-files --cached --others
 * --exclude-standard`), so `node_modules/`, vendored charts and build output a repository ignores
 * are left out. Undefined outside a git work tree, without git, or when git fails: the caller then
 * walks the directory. git runs without a shell, with `--` before the path, a bounded output and a
 * timeout, and with `core.fsmonitor` off (a repository's configured monitor is a command).
 * Listed files may be missing from the disk (deleted, not yet staged): the caller checks.
 */
export function gitListedFiles(dir: string): string[] | undefined {
  const result = spawnSync('git', ['-c', 'core.fsmonitor=false', 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], {
    cwd: dir,
    maxBuffer: MAX_OUTPUT,
    timeout: TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'ignore'],
    windowsHide: true,
  });
  if (result.error || result.status !== 0) return undefined;
  // Paths relative to `dir`, NUL-separated, unquoted; an unmerged file is listed once per stage.
  const paths = new Set(result.stdout.toString('utf8').split('\0').filter((path) => path !== ''));
  return [...paths].sort().map((path) => join(dir, path));
}
