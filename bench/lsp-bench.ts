// The language server's latency: in a workspace of about 1,000 manifests, the time from a one-file
// change (didChange of a Deployment's labels) to the arrival of the re-published diagnostics of the
// Service in another file. The server is the real bundle in a child process, driven over stdio by
// VS Code's JSON-RPC stack, with the server's default settings: the figure is what a user gets.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codes, LspClient } from '../test/support/lsp-client.ts';
import { Workspace } from '../src/lsp/workspace.ts';
import { ensureTree, type TreeStats } from './generate.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface LspBenchResult {
  readonly files: number;
  readonly objects: number;
  /** From `initialized` to the first diagnostics of the probe Service (load, parse, analyse, publish). */
  readonly initialMs: number;
  /** One-file change to new diagnostics of the other file, each change. */
  readonly changeMs: readonly number[];
  readonly medianMs: number;
  /** The same changes analysed in the bench process (`Workspace.analyze` from the sources, no protocol, no bundle). */
  readonly analysisMedianMs: number;
}

function probeDeployment(app: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: probe
  namespace: lsp-probe
spec:
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
        - name: probe
          image: nginx
          ports:
            - name: http
              containerPort: 8080
`;
}

const PROBE_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: probe
  namespace: lsp-probe
spec:
  selector:
    app: probe
  ports:
    - name: http
      port: 80
      targetPort: http
`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Builds the workspace (once), runs the server and measures `changes` one-file changes after a warm-up. */
export async function measureLspLatency(options: { changes?: number; warmup?: number } = {}): Promise<LspBenchResult> {
  const changes = options.changes ?? 21;
  const warmup = options.warmup ?? 10;
  const dir = join(ROOT, '.bench', 'lsp-tree');
  // 20 namespaces x (47 app files + namespace + 2 policy files) + 5 ConfigMaps + the 2 probe files = 1,007 files.
  const tree: TreeStats = ensureTree(dir, { namespaces: 20, appsPerNamespace: 47, seed: 20240601 });
  mkdirSync(join(dir, 'lsp-probe'), { recursive: true });
  writeFileSync(join(dir, 'lsp-probe', 'deployment.yaml'), probeDeployment('probe'));
  writeFileSync(join(dir, 'lsp-probe', 'service.yaml'), PROBE_SERVICE);

  const client = await LspClient.start({ root: dir });
  try {
    const started = performance.now();
    // The probe Service is clean at first, so wait for another file's findings to know the load is done.
    await client.until(() => (client.publishCount > 0 ? true : undefined), 'the first publish');
    const initialMs = performance.now() - started;
    await client.open('lsp-probe/deployment.yaml', probeDeployment('probe'));
    const samples: number[] = [];
    for (let i = 0; i < warmup + changes; i++) {
      const broken = i % 2 === 0;
      const t0 = performance.now();
      await client.change('lsp-probe/deployment.yaml', probeDeployment(broken ? 'probe-v2' : 'probe'));
      await client.diagnostics('lsp-probe/service.yaml', (list) => codes(list).includes('service-selector-orphan') === broken);
      if (i >= warmup) samples.push(performance.now() - t0);
    }
    const analysisMedianMs = await measureAnalysis(dir, warmup, changes);
    return { files: tree.files + 2, objects: tree.objects + 2, initialMs, changeMs: samples, medianMs: median(samples), analysisMedianMs };
  } finally {
    await client.stop().catch(() => undefined);
  }
}

/** Median time of `Workspace.analyze()` after the same one-file changes, without the protocol. */
async function measureAnalysis(dir: string, warmup: number, changes: number): Promise<number> {
  const workspace = new Workspace(dir);
  await workspace.reload();
  const probe = join(dir, 'lsp-probe', 'deployment.yaml');
  const samples: number[] = [];
  for (let i = 0; i < warmup + changes; i++) {
    await workspace.setOpen(probe, probeDeployment(i % 2 === 0 ? 'probe-v2' : 'probe'));
    const t0 = performance.now();
    workspace.analyze();
    if (i >= warmup) samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Prints the section for `npm run bench`. */
export async function benchLsp(): Promise<void> {
  const result = await measureLspLatency();
  console.log('language server (bundle over stdio, default settings):');
  console.log(`  workspace        ${result.files} files, ${result.objects} objects`);
  console.log(`  initial publish  ${result.initialMs.toFixed(0)} ms (load, parse, analyse, publish)`);
  console.log(`  one-file change  ${result.medianMs.toFixed(1)} ms median of ${result.changeMs.length} (${result.changeMs.map((ms) => ms.toFixed(0)).join(', ')}); target <= 50 ms`);
  console.log(`  analysis alone   ${result.analysisMedianMs.toFixed(1)} ms median (parse the changed file, model, every rule; measured in this process from the TypeScript sources, so not a share of the figure above)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchLsp();
