/**
 * Runs `helm template` on a local chart, for linting its output. Charts come with pull requests from
 * strangers, so helm runs on a local chart only (a directory or a packaged `.tgz`, given by absolute
 * path, never a repository or OCI reference), with local values files only (helm would download a
 * values URL), never with `--dependency-update` (a missing dependency is reported, not fetched), with
 * its cache, config and data homes in a temporary directory removed afterwards (so nothing it writes
 * lands outside it), with no kubeconfig (no cluster is asked: `lookup` is empty, as in any
 * `helm template`), without a shell, with a timeout and a bounded output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** What to render: paths absolute, as resolved by the caller. */
export interface HelmRequest {
  /** The helm executable: a name looked up on PATH, or a path. */
  readonly command: string;
  /** The chart: a directory holding Chart.yaml, or a packaged chart (`.tgz`). */
  readonly chart: string;
  /** Values files, in order (`-f`); the chart's own values.yaml applies first, as helm does. */
  readonly values: readonly string[];
  /** `--set` assignments, in order. */
  readonly set: readonly string[];
  readonly release: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
  /** Rendered output larger than this many bytes is refused. */
  readonly maxBytes: number;
  /** How long helm may run; a chart that loops must not hang the run. */
  readonly timeoutMs?: number;
}

export type HelmResult =
  | { readonly ok: true; readonly text: string }
  /**
   * `missing`: no helm to run (exit 2 for the caller); `failed`: helm refused the chart (`message` is
   * helm's), or kube-netlint stopped it (`limit`: too long a run, too large an output; `message` is
   * kube-netlint's): a finding either way.
   */
  | { readonly ok: false; readonly reason: 'missing' | 'failed' | 'limit'; readonly message: string };

export const DEFAULT_RELEASE = 'release-name';
const DEFAULT_TIMEOUT_MS = 120_000;

/** Renders a chart with `helm template`; never throws for what helm or the chart does. */
export function renderHelm(request: HelmRequest): HelmResult {
  for (const path of [request.chart, ...request.values]) {
    if (!isAbsolute(path)) throw new Error(`renderHelm: path must be absolute: ${path}`);
  }
  const args = ['template', request.release, request.chart];
  for (const file of request.values) args.push('--values', file);
  for (const assignment of request.set) args.push('--set', assignment);
  if (request.namespace !== undefined) args.push('--namespace', request.namespace);
  if (request.kubeVersion !== undefined) args.push('--kube-version', request.kubeVersion);
  const home = mkdtempSync(join(tmpdir(), 'kube-netlint-helm-'));
  try {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
      HELM_PLUGINS: join(home, 'plugins'),
      KUBECONFIG: join(home, 'no-kubeconfig'),
      TMPDIR: home,
    };
    const result = spawnSync(request.command, args, {
      cwd: home,
      env,
      maxBuffer: request.maxBytes,
      timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const error = result.error as NodeJS.ErrnoException | undefined;
    if (error?.code === 'ENOENT' || error?.code === 'EACCES') {
      return { ok: false, reason: 'missing', message: `cannot run helm as "${request.command}" (${error.code === 'ENOENT' ? 'not found' : 'permission denied'})` };
    }
    if (error?.code === 'ENOBUFS') {
      return { ok: false, reason: 'limit', message: `helm template wrote more than ${describeBytes(request.maxBytes)}, kube-netlint's limit for one input (maxFileSize in .kube-netlint.yaml raises it, up to 32 MB)` };
    }
    if (error?.code === 'ETIMEDOUT' || result.signal) {
      return { ok: false, reason: 'limit', message: `helm template did not finish within ${Math.round((request.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s, kube-netlint's limit for one chart` };
    }
    if (error) return { ok: false, reason: 'failed', message: `helm template failed: ${error.message}` };
    if (result.status !== 0) return { ok: false, reason: 'failed', message: helmError(result.stderr.toString('utf8')) };
    return { ok: true, text: result.stdout.toString('utf8') };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Helm's own error, on one line and bounded: `Error: ` and the "--debug" advice (not for our users) left out. */
function helmError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Use --debug') && !/^walk\.go:|^WARNING:|^level=WARN/i.test(line));
  const text = lines.join(' ').replace(/^Error: /, '') || 'helm template failed without saying why';
  return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}

/** `20971520` bytes as `20 MB`; other sizes in bytes. */
function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

/** A template helm's error names, as in a `# Source:` marker (`CHART/templates/x.yaml`), with its line and column when given. */
export interface HelmErrorLocation {
  readonly source: string;
  /** 1-based. */
  readonly line?: number;
  /** 0-based byte offset in the line, as Go's text/template writes it (`x.yaml:2:5`). */
  readonly column?: number;
}

/**
 * Where helm's error names a template: `execution error at (CHART/templates/NOTES.txt:2:5)`,
 * `template: CHART/templates/cm.yaml:4:20: executing ...`, `YAML parse error on CHART/templates/bad.yaml:`
 * (no line: helm's `yaml: line N` counts lines of the rendered output, not of the template). The first
 * name with a line wins, else the first name.
 */
export function helmErrorLocation(message: string): HelmErrorLocation | undefined {
  const names = [...message.matchAll(/([A-Za-z0-9_.-]+\/(?:[^\s:()"]+\/)*[^\s:()"]+\.(?:ya?ml|tpl|txt|json))(?::(\d+)(?::(\d+))?)?/g)];
  const match = names.find((m) => m[2] !== undefined) ?? names[0];
  if (!match) return undefined;
  return { source: match[1]!, ...(match[2] !== undefined ? { line: Number(match[2]) } : {}), ...(match[3] !== undefined ? { column: Number(match[3]) } : {}) };
}

/** Whether `path` is a chart helm can render locally: a directory with Chart.yaml, or a file (a packaged chart). */
export function chartKind(path: string): 'directory' | 'package' | undefined {
  const stats = statOrUndefined(path);
  if (stats?.isDirectory()) return statOrUndefined(join(path, 'Chart.yaml'))?.isFile() ? 'directory' : undefined;
  return stats?.isFile() ? 'package' : undefined;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
