// Issue 14, "Warm": `--cache` after a one-file change against a cold run, in fresh processes (bench/child.ts),
// alternated in the same run so that the machine's load falls on both sides alike. The tree is a copy of
// the benchmark tree (the edit toggles one pod label of one Deployment), the cache in a temporary directory.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The file the warm runs change, and the label they toggle in it. */
const EDITED = join('checkout-001', 'apps', 'reports-39.yaml');

function child(mode: 'lint' | 'lint-cache', dir: string, cacheDir: string): ChildResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'child.ts'), mode, dir], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, KUBE_NETLINT_BENCH_CACHE: cacheDir },
  });
  if (result.status !== 0) throw new Error(`bench child "${mode}" failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as ChildResult;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Prints the cold run, the cold run that writes the cache, the warm run after a one-file change and without one, and the ratios. */
export function benchWarm(tree: string, runs: number): void {
  const work = mkdtempSync(join(tmpdir(), 'kube-netlint-bench-warm-'));
  try {
    const copy = join(work, 'tree');
    const cacheDir = join(work, 'cache');
    cpSync(tree, copy, { recursive: true });
    const edited = join(copy, EDITED);
    const original = readFileSync(edited, 'utf8');
    if (!original.includes('version: v2')) throw new Error(`${EDITED} no longer has the label the warm runs toggle`);
    const cold: ChildResult[] = [];
    const coldCached: ChildResult[] = [];
    const warm: ChildResult[] = [];
    const unchanged: ChildResult[] = [];
    for (let i = 0; i < runs; i++) {
      cold.push(child('lint', copy, cacheDir));
      rmSync(join(cacheDir, 'run.cache'), { force: true });
      coldCached.push(child('lint-cache', copy, cacheDir));
      writeFileSync(edited, i % 2 === 0 ? original.replace('version: v2', 'version: v3') : original);
      warm.push(child('lint-cache', copy, cacheDir));
      unchanged.push(child('lint-cache', copy, cacheDir));
    }
    const same = new Set([...cold, ...coldCached, ...warm, ...unchanged].map((r) => `${r.files} ${r.objects}`));
    if (same.size !== 1) throw new Error(`the runs saw different trees: ${[...same].join(', ')}`);
    const line = (name: string, results: readonly ChildResult[]) =>
      console.log(`  ${name.padEnd(30)} ${median(results.map((r) => r.ms)).toFixed(0).padStart(6)} ms wall, ${median(results.map((r) => r.cpuMs)).toFixed(0).padStart(6)} ms CPU, peak RSS ${median(results.map((r) => r.maxRssMB)).toFixed(0)} MB`);
    console.log(`warm (--cache), median of ${runs} runs each, alternated, ${availableParallelism()} cores:`);
    line('cold, no cache', cold);
    line('cold, writing the cache', coldCached);
    line('warm, one file changed', warm);
    line('warm, nothing changed', unchanged);
    const ratio = (results: readonly ChildResult[], key: 'ms' | 'cpuMs') => (median(results.map((r) => r[key])) / median(cold.map((r) => r[key]))).toFixed(2);
    console.log(`  ratio warm (one file) / cold   ${ratio(warm, 'ms')} wall, ${ratio(warm, 'cpuMs')} CPU (target < 0.10)`);
    console.log(`  ratio warm (unchanged) / cold  ${ratio(unchanged, 'ms')} wall, ${ratio(unchanged, 'cpuMs')} CPU`);
    console.log(`  ratio cold writing / cold      ${ratio(coldCached, 'ms')} wall, ${ratio(coldCached, 'cpuMs')} CPU (what --cache costs on a first run)`);
    console.log(`  diagnostics                    ${warm[warm.length - 1]!.diagnostics} (warm), ${cold[cold.length - 1]!.diagnostics} (cold)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
