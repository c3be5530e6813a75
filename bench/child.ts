// One measurement in a fresh process, so each run starts cold (as the CLI does) and its peak RSS is
// its own. Prints one JSON line. Usage: node --import tsx bench/child.ts <parse|lint|lint-cache> <tree-dir>
// (lint-cache: with --cache, the cache file and the user cache directory in KUBE_NETLINT_BENCH_CACHE).
import { parseAllDocuments } from 'yaml';
import { loadConfig, loadRun } from '../src/app/load-run.ts';
import type { CliIo } from '../src/app/io.ts';
import { loadSources } from '../src/source/load.ts';
import { RunCache } from '../src/app/cache.ts';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';

/** What one child reports; `ms` is the timed section only (no process start-up or module loading). */
export interface ChildResult {
  readonly mode: string;
  readonly ms: number;
  /** CPU time (user + system, all threads) of the timed section: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly maxRssMB: number;
  readonly files: number;
  readonly objects: number;
  readonly diagnostics?: number;
  /** Time in garbage collection during the timed section (wall, from the `gc` performance entries): what grows when the live heap does. */
  readonly gcMs?: number;
}

const [mode, dir] = process.argv.slice(2);
if (!dir || (mode !== 'parse' && mode !== 'lint' && mode !== 'lint-cache')) throw new Error('usage: child.ts <parse|lint|lint-cache> <tree-dir>');
const cacheDir = process.env.KUBE_NETLINT_BENCH_CACHE;

const io: CliIo = {
  cwd: dir,
  env: cacheDir ? { XDG_CACHE_HOME: cacheDir } : {},
  stdout: () => {},
  stderr: () => {},
  readStdin: () => '',
  isTTY: false,
  writeFile: () => {},
};

async function measureParse(): Promise<ChildResult> {
  // The baseline: a bare parseAllDocuments over the same file texts, already in memory.
  const { files } = await loadSources(['.'], { cwd: dir! });
  const cpu = process.cpuUsage();
  const start = performance.now();
  let objects = 0;
  for (const file of files) objects += (parseAllDocuments(file.text) as unknown[]).length;
  const ms = performance.now() - start;
  return { mode: 'parse', ms, cpuMs: cpuMsSince(cpu), maxRssMB: maxRssMB(), files: files.length, objects };
}

async function measureLint(): Promise<ChildResult> {
  // The real pipeline as the CLI runs it (config, read files, parse, model, every rule), minus formatting.
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { config } = loadConfig(io, {});
  const analysis = await loadRun(io, { config, paths: ['.'] });
  const ms = performance.now() - start;
  const cpuMs = cpuMsSince(cpu);
  // The `gc` entries reach the observer some ticks later (not after one setImmediate): wait, outside the timed section.
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc.disconnect();
  return { mode: 'lint', ms, cpuMs, maxRssMB: maxRssMB(), files: analysis.summary.files, objects: analysis.summary.objects, diagnostics: analysis.diagnostics.length, gcMs };
}

async function measureCachedLint(): Promise<ChildResult> {
  // As `kube-netlint --cache-location F`: open the cache (read and check it), lint through it, write it back.
  if (!cacheDir) throw new Error('lint-cache needs KUBE_NETLINT_BENCH_CACHE');
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { config } = loadConfig(io, {});
  const cache = RunCache.open(io, { location: join(cacheDir, 'run.cache') });
  if (!cache) throw new Error('the cache could not be opened');
  const analysis = await loadRun(io, { config, paths: ['.'], parses: cache.parses, stamps: cache.stamps, results: cache.results });
  cache.save();
  const ms = performance.now() - start;
  return { mode: 'lint-cache', ms, cpuMs: cpuMsSince(cpu), maxRssMB: maxRssMB(), files: analysis.summary.files, objects: analysis.summary.objects, diagnostics: analysis.diagnostics.length };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function maxRssMB(): number {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
}

const result = mode === 'parse' ? await measureParse() : mode === 'lint' ? await measureLint() : await measureCachedLint();
process.stdout.write(`${JSON.stringify(result)}\n`);
