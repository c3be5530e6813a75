// `reach` on a tree whose workloads all reach each other: n workloads make n² edges, more than memory
// holds for a large tree (24,868 workloads ran a 4.4 GB process out of memory). The matrix's edges
// are made as they are written, so the run completes in a heap far smaller than its output. The heap
// is capped (--max-old-space-size) to make that a pass/fail property; no timing is asserted.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { builtCli, cliEnv } from '../support/built-cli.ts';

/** Workloads in one namespace with no NetworkPolicy: every pair is connected. */
const WORKLOADS = 1200;
/** Every ordered pair of workloads, and each workload to and from the two external ranges (IPv4, IPv6). */
const EDGES = WORKLOADS * (WORKLOADS - 1) + 4 * WORKLOADS;
/** A heap the edges alone would overflow as objects (about 1.4 million), let alone the output (130 MB of table). */
const HEAP_MB = 64;

const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-reach-memory-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'apps.yaml'),
  Array.from(
    { length: WORKLOADS },
    (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}, namespace: open}
spec:
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec: {containers: [{name: main, image: x}]}
`,
  ).join('---\n'),
);

describe('reach on a matrix larger than the heap', () => {
  it(`when ${WORKLOADS} workloads all reach each other and the heap is ${HEAP_MB} MB, then the table is written to --output-file in full`, () => {
    const out = join(dir, 'reach.txt');
    const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, builtCli(), 'reach', '-o', out, '.'], { cwd: dir, env: cliEnv(), encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.signal ?? ''} ${result.stderr}`);
    assert.ok(statSync(out).size > 100 * 1024 * 1024, 'the output is larger than the heap');
    const text = readFileSync(out, 'utf8');
    assert.ok(text.endsWith(`\n${WORKLOADS + 2} nodes, ${EDGES} allowed connections\n`), text.slice(-200));
    assert.equal(text.split('\n').length - 1, 1 + EDGES + 1, 'a header, a line per edge and the count');
  });

  it(`when the json goes through a pipe to a slower reader with a ${HEAP_MB} MB heap, then every edge arrives and the document is whole`, async () => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, builtCli(), 'reach', '--format', 'json', '.'], { cwd: dir, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let tail = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      tail = (tail + chunk.toString('latin1')).slice(-64);
      // A slow reader: the writer must wait for it, not buffer the rest.
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 0);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    assert.ok(tail.endsWith('"conn":"all"}\n  ]\n}\n'), tail);
    // `{`, version, `"nodes": [`, a node a line, `],`, `"edges": [`, an edge a line, `]`, `}`.
    assert.equal(lines, WORKLOADS + 2 + EDGES + 7);
  });
});
