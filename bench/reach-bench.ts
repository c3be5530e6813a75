// Issue 3: times `reach` (the full connectivity matrix) on the synthetic tree of bench/generate.ts
// (about 10,000 workloads and 1,000 NetworkPolicies). `benchReach` is the section bench/run.ts calls;
// each run is a fresh process (this file, run directly), so peak RSS is the run's own.
// Usage of the child: node --import tsx bench/reach-bench.ts <tree-dir>
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { buildModel } from '../src/model/build.ts';
import { buildMatrix } from '../src/reach/matrix.ts';
import { exposureOf } from '../src/reach/exposure.ts';
import { reachJson } from '../src/format/reach/json.ts';
import { reachTable } from '../src/format/reach/table.ts';
import { loadSources } from '../src/source/load.ts';
import { renderView } from '../src/reach/view.ts';
import { parseSources } from '../src/source/parse.ts';
import type { SourceFile } from '../src/source/types.ts';
import { tieredDocuments } from './cluster-policies.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What one run reports; times exclude process start-up and module loading. */
export interface ReachRun {
  /** Read, parse and model the tree (what `reach` does before evaluating policies). */
  readonly modelMs: number;
  /** Build the matrix and list every edge: the policy evaluation itself. */
  readonly matrixMs: number;
  /** The same, in CPU time of the process (user + system): less sensitive to a busy machine. */
  readonly matrixCpuMs: number;
  /** Render `--format json`. */
  readonly jsonMs: number;
  /** Render `--format table` (the default). */
  readonly tableMs: number;
  /** `reach --exposure`: every workload's exposure (src/reach/exposure.ts), and the peers it lists. */
  readonly exposureMs: number;
  readonly exposurePeers: number;
  readonly maxRssMB: number;
  readonly workloads: number;
  readonly policies: number;
  readonly nodes: number;
  readonly classes: number;
  readonly edges: number;
  readonly jsonBytes: number;
  readonly tableBytes: number;
  /**
   * The same tree with every policy's Egress type dropped and the ingress controller configured
   * (namespace ingress-nginx): the tree itself denies all egress, so this variant times a matrix
   * with many edges (pods to pods, to addresses outside, controller to backends).
   */
  readonly open: { readonly matrixMs: number; readonly jsonMs: number; readonly edges: number; readonly jsonBytes: number };
  /**
   * The same tree with the policies of bench/cluster-policies.ts added (issue 10: 200
   * AdminNetworkPolicies and a BaselineAdminNetworkPolicy, and what other kinds register there), in
   * a fresh process of its own right after this one's, so the two compare within one bench run.
   */
  tiered?: { readonly matrixMs: number; readonly matrixCpuMs: number; readonly policies: number; readonly classes: number; readonly edges: number };
}

async function measure(dir: string): Promise<ReachRun> {
  const started = performance.now();
  const { files } = await loadSources(['.'], { cwd: dir });
  const model = buildModel(parseSources(files), DEFAULT_CONFIG.cluster);
  const modelled = performance.now();
  const cpu = process.cpuUsage();
  const matrix = buildMatrix(model);
  const edges = matrix.edges();
  const built = performance.now();
  const matrixCpu = process.cpuUsage(cpu);
  const json = renderView(reachJson, { nodes: matrix.nodes, edges });
  const rendered = performance.now();
  const table = renderView(reachTable, { nodes: matrix.nodes, edges });
  const tabled = performance.now();
  const exposure = exposureOf(model);
  const exposed = performance.now();
  const openModel = {
    ...model,
    settings: { ...model.settings, ingressController: { namespace: 'ingress-nginx' } },
    policies: model.policies.map((p) => ({ ...p, affectsEgress: false })),
  };
  const openStarted = performance.now();
  const openMatrix = buildMatrix(openModel);
  const openEdges = openMatrix.edges();
  const openBuilt = performance.now();
  const openJson = renderView(reachJson, { nodes: openMatrix.nodes, edges: openEdges });
  const openRendered = performance.now();
  return {
    modelMs: modelled - started,
    matrixMs: built - modelled,
    matrixCpuMs: (matrixCpu.user + matrixCpu.system) / 1000,
    jsonMs: rendered - built,
    tableMs: tabled - rendered,
    exposureMs: exposed - tabled,
    exposurePeers: exposure.reduce((n, e) => n + (e.ingress?.peers.length ?? 0) + (e.egress?.peers.length ?? 0), 0),
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    workloads: model.workloads.length,
    policies: model.policies.length,
    nodes: matrix.nodes.length,
    classes: matrix.classCount,
    edges: edges.length,
    jsonBytes: json.length,
    tableBytes: table.length,
    open: { matrixMs: openBuilt - openStarted, jsonMs: openRendered - openBuilt, edges: openEdges.length, jsonBytes: openJson.length },
  };
}

/** The tiered variant (see `ReachRun.tiered`), alone in its process as the plain one is. */
async function measureTiered(dir: string): Promise<NonNullable<ReachRun['tiered']>> {
  const { files } = await loadSources(['.'], { cwd: dir });
  const plain = buildModel(parseSources(files), DEFAULT_CONFIG.cluster);
  const extra = tieredDocuments([...plain.namespaces.values()].map((ns) => ({ name: ns.name, labels: ns.labels })));
  const extraFile: SourceFile = { path: 'tiered-policies.yaml', absPath: join(dir, 'tiered-policies.yaml'), text: extra.join('---\n') };
  const model = buildModel(parseSources([...files, extraFile]), DEFAULT_CONFIG.cluster);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const matrix = buildMatrix(model);
  const edges = matrix.edges();
  const built = performance.now();
  const matrixCpu = process.cpuUsage(cpu);
  return { matrixMs: built - started, matrixCpuMs: (matrixCpu.user + matrixCpu.system) / 1000, policies: extra.length, classes: matrix.classCount, edges: edges.length };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `reach` on the tree `runs` times, each in a fresh process, and prints the figures. */
export function benchReach(treeDir: string, runs = 5): ReachRun[] {
  const results: ReachRun[] = [];
  for (let i = 0; i < runs; i++) {
    const child = (...args: string[]) => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'reach-bench.ts'), treeDir, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
      if (result.status !== 0) throw new Error(`reach bench child failed:\n${result.stderr}`);
      return JSON.parse(result.stdout.trim().split('\n').pop()!) as unknown;
    };
    const run = child() as ReachRun;
    run.tiered = child('tiered') as NonNullable<ReachRun['tiered']>;
    results.push(run);
  }
  const last = results[results.length - 1]!;
  const list = (pick: (r: ReachRun) => number) => results.map((r) => pick(r).toFixed(0)).join(', ');
  console.log('reach (full connectivity matrix), in a fresh process each run:');
  console.log(`  workloads        ${last.workloads} -> ${last.nodes} nodes, ${last.classes} classes; ${last.policies} policies; ${last.edges} edges`);
  console.log(`  matrix + edges   ${median(results.map((r) => r.matrixMs)).toFixed(0)} ms median of ${runs} (${list((r) => r.matrixMs)}); target < 2000 ms; CPU ${median(results.map((r) => r.matrixCpuMs)).toFixed(0)} ms`);
  console.log(`  read + model     ${median(results.map((r) => r.modelMs)).toFixed(0)} ms median (${list((r) => r.modelMs)})`);
  console.log(`  json output      ${median(results.map((r) => r.jsonMs)).toFixed(0)} ms median, ${(last.jsonBytes / 1024 / 1024).toFixed(1)} MB`);
  console.log(`  table output     ${median(results.map((r) => r.tableMs)).toFixed(0)} ms median, ${(last.tableBytes / 1024 / 1024).toFixed(1)} MB`);
  console.log(`  --exposure       ${median(results.map((r) => r.exposureMs)).toFixed(0)} ms median (${list((r) => r.exposureMs)}), ${last.exposurePeers} peers listed; ${median(results.map((r) => r.exposureMs / r.matrixMs)).toFixed(2)}x the matrix of the same runs`);
  console.log(`  egress opened    ${median(results.map((r) => r.open.matrixMs)).toFixed(0)} ms matrix + edges (${list((r) => r.open.matrixMs)}), ${last.open.edges} edges, json ${median(results.map((r) => r.open.jsonMs)).toFixed(0)} ms, ${(last.open.jsonBytes / 1024 / 1024).toFixed(1)} MB`);
  const tieredMs = median(results.map((r) => r.tiered!.matrixMs));
  const ratio = median(results.map((r) => r.tiered!.matrixMs / r.matrixMs));
  const cpuRatio = median(results.map((r) => r.tiered!.matrixCpuMs / r.matrixCpuMs));
  console.log(`  + other kinds    ${tieredMs.toFixed(0)} ms matrix + edges (${list((r) => r.tiered!.matrixMs)}) with ${last.tiered!.policies} more policies (bench/cluster-policies.ts), ${last.tiered!.classes} classes, ${last.tiered!.edges} edges; ${ratio.toFixed(2)}x the plain matrix of the same runs (CPU ${median(results.map((r) => r.tiered!.matrixCpuMs)).toFixed(0)} ms, ${cpuRatio.toFixed(2)}x); target < 2000 ms`);
  console.log(`  peak RSS         ${median(results.map((r) => r.maxRssMB)).toFixed(0)} MB (max ${Math.max(...results.map((r) => r.maxRssMB)).toFixed(0)} MB; target < 1024 MB)`);
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: reach-bench.ts <tree-dir>');
  process.stdout.write(`${JSON.stringify(process.argv[3] === 'tiered' ? await measureTiered(dir) : await measure(dir))}\n`);
}
