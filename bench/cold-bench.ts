// Issue 14, target "Cold": lint and the full reachability matrix of the bench tree in one process
// (`--reach-output`), with and without parse workers (`--jobs`), against the bare yaml parse of the
// same files (child.ts parse), in fresh processes, the sides alternated, as ratios of the same run.
// The cold side is the built bundle as users run it (bench/cold-child.mjs), timed from its loading to
// its exit; the parse side times the parse loop alone, over texts already in memory: the ratio is, if
// anything, against the cold side.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface ColdRun {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssMB: number;
  readonly code: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One cold CLI run: lint (JSON report) and the matrix (JSON) into `out`. */
function runCold(bundle: string, tree: string, out: string, jobs: number | undefined, tag: string): ColdRun {
  const args = [join(ROOT, 'bench', 'cold-child.mjs'), bundle, tree, '--no-config', '--format', 'json', '-o', join(out, `${tag}.json`), '--reach-output', join(out, `${tag}-reach.json`), ...(jobs !== undefined ? ['--jobs', String(jobs)] : [])];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  const run = line.startsWith('{') ? (JSON.parse(line) as ColdRun) : undefined;
  // Exit code 1 is findings; 2 is a failure.
  if (!run || run.code > 1) throw new Error(`cold run (${tag}) failed:\n${result.stderr}`);
  return run;
}

/** The bundle of the current sources, built into a temporary directory (dist/ may be stale). */
function buildBundle(dir: string): string {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--out', dir], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed:\n${built.stderr}`);
  return join(dir, 'kube-netlint.mjs');
}

export function benchCold(tree: string, runs: number, runChild: (mode: string, dir: string) => ChildResult): void {
  const out = mkdtempSync(join(tmpdir(), 'kube-netlint-cold-'));
  try {
    const bundle = buildBundle(join(out, 'dist'));
    const parse: ChildResult[] = [];
    const single: ColdRun[] = [];
    const workers: ColdRun[] = [];
    // Workers are opt-in (the default is --jobs 1): ask for one per core, as a user who opts in would.
    const jobs = Math.min(availableParallelism(), 8);
    for (let i = 0; i < runs; i++) {
      parse.push(runChild('parse', tree));
      single.push(runCold(bundle, tree, out, 1, 'single'));
      workers.push(runCold(bundle, tree, out, jobs, 'workers'));
    }
    // The same findings and matrix with and without workers (test/jobs-differential.test.ts checks it on random trees).
    const same = ['', '-reach'].every((suffix) => readFileSync(join(out, `single${suffix}.json`)).equals(readFileSync(join(out, `workers${suffix}.json`))));
    const parseMs = median(parse.map((r) => r.ms));
    const parseCpu = median(parse.map((r) => r.cpuMs));
    const row = (name: string, list: readonly ColdRun[]) => {
      const ms = median(list.map((r) => r.ms));
      const cpu = median(list.map((r) => r.cpuMs));
      console.log(`  ${name.padEnd(22)} wall ${ms.toFixed(0).padStart(6)} ms (${(ms / parseMs).toFixed(2)}x)  CPU ${cpu.toFixed(0).padStart(6)} ms (${(cpu / parseCpu).toFixed(2)}x)  peak RSS ${median(list.map((r) => r.maxRssMB)).toFixed(0)} MB`);
    };
    const cores = availableParallelism();
    console.log(`cold: lint + full matrix in one process (bundle, --reach-output), fresh process each, median of ${runs}; ${cores} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}:`);
    console.log(`  ${'parseAllDocuments'.padEnd(22)} wall ${parseMs.toFixed(0).padStart(6)} ms          CPU ${parseCpu.toFixed(0).padStart(6)} ms`);
    row('--jobs 1 (default)', single);
    row(`--jobs ${jobs} (workers)`, workers);
    console.log(`  ratios are to parseAllDocuments of the same run (target: wall <= 0.35x); outputs identical: ${same ? 'yes' : 'NO'}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
