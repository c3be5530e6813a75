// Issue 14: the worst case for the matrix (every workload with its own labels, policies with ipBlocks
// and excepts) at growing sizes, and lint at 50,000 and 100,000 files (does 2x the tree cost about 2x
// the time, and how much memory). `benchWorstCase` and `benchScale` are sections of bench/run.ts;
// each measurement is a fresh process (this file run directly, or bench/child.ts).
// Usage of the child: node --import tsx bench/scale-bench.ts <worst-tree-dir>
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { buildModel } from '../src/model/build.ts';
import { buildMatrix } from '../src/reach/matrix.ts';
import { loadSources } from '../src/source/load.ts';
import { parseSources } from '../src/source/parse.ts';
import { ensureTree, random } from './generate.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, '.bench');

/**
 * The tree of issue 14's worst case: `workloads` Deployments over 100 namespaces, labels `id` unique,
 * `grp` of 37 values, `tier` of 11; `workloads / 10` policies selecting a `grp`, ingress from a `tier`
 * in any namespace or an ipBlock with an except, egress to one `id` in any namespace or an ipBlock
 * with an except. Written once per size (a stamp file beside it).
 */
export function ensureWorstTree(workloads: number): string {
  const dir = join(BENCH, `worst-${workloads}`);
  const stamp = `${dir}.stamp`;
  const version = `1 ${workloads}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rnd = random(14);
  const namespaces = 100;
  for (let n = 0; n < namespaces; n++) {
    const docs: string[] = [];
    for (let i = n; i < workloads; i += namespaces) {
      docs.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w${i}, namespace: ns${n}}\nspec:\n  selector: {matchLabels: {id: w${i}}}\n  template:\n` +
          `    metadata: {labels: {id: w${i}, grp: g${i % 37}, tier: t${i % 11}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n`,
      );
    }
    writeFileSync(join(dir, `ns${n}.yaml`), docs.join('---\n'));
  }
  const policies: string[] = [];
  for (let p = 0; p < workloads / 10; p++) {
    const a = Math.floor(rnd() * 250);
    const b = Math.floor(rnd() * 250);
    const target = Math.floor(rnd() * workloads);
    policies.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${p}, namespace: ns${p % namespaces}}\nspec:\n` +
        `  podSelector: {matchLabels: {grp: g${p % 37}}}\n  policyTypes: [Ingress, Egress]\n` +
        `  ingress:\n  - from:\n    - {namespaceSelector: {}, podSelector: {matchLabels: {tier: t${p % 11}}}}\n    - ipBlock: {cidr: 10.${a}.0.0/16, except: [10.${a}.${b}.0/24]}\n` +
        `  egress:\n  - to:\n    - {namespaceSelector: {}, podSelector: {matchLabels: {id: w${target}}}}\n    - ipBlock: {cidr: 172.${16 + (p % 16)}.0.0/16, except: [172.${16 + (p % 16)}.${b}.0/24]}\n`,
    );
  }
  writeFileSync(join(dir, 'policies.yaml'), policies.join('---\n'));
  writeFileSync(stamp, version);
  return dir;
}

interface WorstRun {
  readonly workloads: number;
  readonly policies: number;
  readonly nodes: number;
  readonly classes: number;
  /** Building the matrix (classes, rule rows, node layout): what every `reach` pays before printing. */
  readonly matrixMs: number;
  readonly matrixCpuMs: number;
  readonly maxRssMB: number;
}

async function measureWorst(dir: string): Promise<WorstRun> {
  const { files } = await loadSources(['.'], { cwd: dir });
  const model = buildModel(parseSources(files), DEFAULT_CONFIG.cluster);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const matrix = buildMatrix(model);
  // One cell per node pair of the first row: forces the lazy parts the output would read first.
  for (let to = 0; to < matrix.nodes.length; to++) matrix.conn(0, to);
  const used = process.cpuUsage(cpu);
  return {
    workloads: model.workloads.length,
    policies: model.policies.length,
    nodes: matrix.nodes.length,
    classes: matrix.classCount,
    matrixMs: performance.now() - started,
    matrixCpuMs: (used.user + used.system) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

function child(script: string, args: readonly string[]): unknown {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', script), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${script} child failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

/** The worst-case matrix at 2,500, 5,000 and 10,000 workloads: time, memory and growth. */
export function benchWorstCase(): void {
  console.log(`worst-case matrix (issue 14: pairwise-distinct labels, ipBlocks with excepts), fresh process each, ${cpus().length} cores:`);
  let previous: WorstRun | undefined;
  for (const size of [2500, 5000, 10000]) {
    const run = child('scale-bench.ts', [ensureWorstTree(size)]) as WorstRun;
    const growth = previous ? `; x${(run.matrixCpuMs / previous.matrixCpuMs).toFixed(2)} CPU for x${(run.workloads / previous.workloads).toFixed(0)} workloads` : '';
    console.log(
      `  ${String(run.workloads).padStart(6)} workloads, ${run.policies} policies -> ${run.classes} classes, ${run.nodes} nodes: matrix ${run.matrixMs.toFixed(0)} ms wall, ${run.matrixCpuMs.toFixed(0)} ms CPU, peak RSS ${run.maxRssMB.toFixed(0)} MB${growth}`,
    );
    previous = run;
  }
  console.log('  targets: 10,000 workloads under 3,000 ms and 1,024 MB');
}

interface LintChild {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssMB: number;
  readonly files: number;
  readonly gcMs: number;
}

/** Rounds of the scale section: each round lints both trees, so it costs about a minute and a half on the 2-core bench machine. */
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 3);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Lint at about 50,000 and 100,000 files (the synthetic tree of bench/generate.ts, 5x and 10x): time,
 * memory, and what 2x the tree costs. On a shared machine one pair of runs says little (the load moves
 * between them), so the section runs `SCALE_RUNS` rounds, each linting both trees one after the other
 * in alternating order, takes the ratio within each round (runs close in time see a similar load), and
 * prints the median ratio with its spread, in wall and CPU time. The share of garbage collection shows
 * what grows with the live heap.
 */
export function benchScale(): void {
  console.log(`scale (lint of a generated tree, fresh process each, ${SCALE_RUNS} rounds alternating the sizes, ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}):`);
  const dirs = [1000, 2000].map((namespaces) => {
    const dir = join(BENCH, `scale-${namespaces}`);
    ensureTree(dir, { namespaces, appsPerNamespace: 50, seed: 20240601 });
    return dir;
  });
  const half: LintChild[] = [];
  const full: LintChild[] = [];
  for (let round = 0; round < SCALE_RUNS; round++) {
    const order = round % 2 ? ([1, 0] as const) : ([0, 1] as const);
    for (const size of order) (size ? full : half).push(child('child.ts', ['lint', dirs[size]!]) as LintChild);
  }
  for (const runs of [half, full]) {
    const list = (pick: (r: LintChild) => number) => runs.map((r) => pick(r).toFixed(0)).join(', ');
    console.log(
      `  ${String(runs[0]!.files).padStart(6)} files: ${median(runs.map((r) => r.ms)).toFixed(0)} ms wall (${list((r) => r.ms)}), ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms CPU (${list((r) => r.cpuMs)}), ` +
        `GC ${median(runs.map((r) => (100 * r.gcMs) / r.ms)).toFixed(0)}% of wall, peak RSS ${median(runs.map((r) => r.maxRssMB)).toFixed(0)} MB (max ${Math.max(...runs.map((r) => r.maxRssMB)).toFixed(0)} MB; target < 2,048 MB)`,
    );
  }
  const ratios = (pick: (r: LintChild) => number) => half.map((h, i) => pick(full[i]!) / pick(h));
  const describe = (values: readonly number[]) => `x${median(values).toFixed(2)} (rounds ${values.map((v) => v.toFixed(2)).join(', ')}; spread ${(Math.max(...values) - Math.min(...values)).toFixed(2)})`;
  console.log(`  2x the tree costs ${describe(ratios((r) => r.ms))} wall, ${describe(ratios((r) => r.cpuMs))} CPU (median of the rounds' ratios; target <= 2.1)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: scale-bench.ts <worst-tree-dir>');
  process.stdout.write(`${JSON.stringify(await measureWorst(dir))}\n`);
}
