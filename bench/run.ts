// `npm run bench`: generates the synthetic tree (once; reused while its spec is unchanged) and times
// each capability on it. Every section is one function printing its own lines (SECTIONS below);
// `npm run bench -- lint` runs only the named sections.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child.ts';
import { ensureTree, type TreeStats } from './generate.ts';
import { benchCold } from './cold-bench.ts';
import { benchHelm } from './helm-bench.ts';
import { benchLsp } from './lsp-bench.ts';
import { benchReach } from './reach-bench.ts';
import { benchScale, benchWorstCase } from './scale-bench.ts';
import { benchWarm } from './warm-bench.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TREE = join(ROOT, '.bench', 'tree');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs one measurement in a fresh Node process (see child.ts) and returns what it printed. */
export function runChild(mode: string, dir: string): ChildResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'child.ts'), mode, dir], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`bench child "${mode}" failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as ChildResult;
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}

/** Issue 2: a full lint against a bare yaml.parseAllDocuments pass over the same files. */
function benchLint(tree: TreeStats): void {
  const parse: ChildResult[] = [];
  const lint: ChildResult[] = [];
  // Alternate the two sides so that machine noise falls on both alike.
  for (let i = 0; i < RUNS; i++) {
    parse.push(runChild('parse', TREE));
    lint.push(runChild('lint', TREE));
  }
  const parseMs = median(parse.map((r) => r.ms));
  const lintMs = median(lint.map((r) => r.ms));
  const last = lint[lint.length - 1]!;
  console.log('lint (read + parse + model + all rules), in a fresh process each run:');
  console.log(`  files            ${last.files} (${(tree.bytes / 1024 / 1024).toFixed(1)} MB)`);
  console.log(`  objects          ${last.objects}`);
  console.log(`  diagnostics      ${last.diagnostics}`);
  console.log(`  wall time        ${ms(lintMs)} median of ${RUNS} (${lint.map((r) => r.ms.toFixed(0)).join(', ')})`);
  console.log(`  peak RSS         ${median(lint.map((r) => r.maxRssMB)).toFixed(0)} MB (max ${Math.max(...lint.map((r) => r.maxRssMB)).toFixed(0)} MB; target < 1024 MB)`);
  console.log(`  parseAllDocuments ${ms(parseMs)} median of ${RUNS} (${parse.map((r) => r.ms.toFixed(0)).join(', ')}), peak RSS ${median(parse.map((r) => r.maxRssMB)).toFixed(0)} MB`);
  console.log(`  ratio            ${(lintMs / parseMs).toFixed(2)} (lint / parseAllDocuments, wall time; target <= 1.00)`);
  const cpuRatio = median(lint.map((r) => r.cpuMs)) / median(parse.map((r) => r.cpuMs));
  console.log(`  ratio, CPU time  ${cpuRatio.toFixed(2)} (user + system of all threads, less sensitive to a busy machine)`);
}

/** The sections, in order; each prints its own lines. A failing section is reported and the others still run. */
const SECTIONS: readonly (readonly [string, (tree: TreeStats) => unknown])[] = [
  ['lint', benchLint],
  ['cold', () => benchCold(TREE, RUNS, runChild)],
  ['warm', () => benchWarm(TREE, RUNS)],
  ['reach', () => benchReach(TREE, RUNS)],
  ['language server', () => benchLsp()],
  ['worst case', () => benchWorstCase()],
  ['scale', () => benchScale()],
  ['helm', () => benchHelm(RUNS)],
];

async function main(): Promise<void> {
  const started = performance.now();
  const tree = ensureTree(TREE);
  console.log(`synthetic tree: ${TREE} (${tree.files} files, ${tree.objects} objects, ${tree.workloads} workloads, ${tree.policies} NetworkPolicies)`);
  const only = process.argv.slice(2);
  let failed = false;
  for (const [name, section] of SECTIONS) {
    if (only.length > 0 && !only.includes(name)) continue;
    try {
      await section(tree);
    } catch (error) {
      failed = true;
      console.log(`${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (failed) process.exitCode = 1;
}

await main();
