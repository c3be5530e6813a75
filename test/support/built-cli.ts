import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = new URL('../../', import.meta.url).pathname;
let bundle: string | undefined;

/**
 * The CLI bundle built from the current sources with the real build script, into a temp dir (the
 * committed dist/ is left alone): the one scripts/test.mjs built for the whole run
 * (`KUBE_NETLINT_TEST_BUNDLE`), else built once per test process; returns the bundle's path.
 */
export function builtCli(): string {
  if (bundle) return bundle;
  const shared = process.env.KUBE_NETLINT_TEST_BUNDLE;
  if (shared) return (bundle = shared);
  const out = mkdtempSync(join(tmpdir(), 'kube-netlint-build-'));
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--out', out], { cwd: repo, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
  bundle = join(out, 'kube-netlint.mjs');
  return bundle;
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd: string;
  readonly input?: string;
  /** Added to a clean environment (no NO_COLOR, no CI variables from the outer shell). */
  readonly env?: Record<string, string>;
}

/** A clean environment for the CLI: PATH and HOME only, plus what the test sets. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...extra };
}

/** Runs `node <bundle> ...args` as a real process, as a user's shell would. */
export function runBuiltCli(args: readonly string[], options: CliOptions): CliResult {
  const spawnOptions: SpawnSyncOptions = { cwd: options.cwd, env: cliEnv(options.env), encoding: 'utf8', input: options.input ?? '' };
  const result = spawnSync(process.execPath, [builtCli(), ...args], spawnOptions);
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Runs a shell command line with `$KUBE_NETLINT` set to `node <bundle>` (pipes, TTY wrappers). */
export function runShell(command: string, options: CliOptions): CliResult {
  const env = cliEnv({ ...options.env, KUBE_NETLINT: `${process.execPath} ${builtCli()}` });
  const result = spawnSync('sh', ['-c', command], { cwd: options.cwd, env, encoding: 'utf8', input: options.input ?? '' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
