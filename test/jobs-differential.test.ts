import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureTree } from '../bench/generate.ts';
import { runBuiltCli } from './support/built-cli.ts';
import { randomTree } from './support/fuzz-cli.ts';

/**
 * The same tree linted in several ways must give the same bytes: the JSON report, the `--reach-output`
 * matrix (JSON), standard output and error, and the exit code. Each way is a real CLI process. The
 * first way is the reference (one thread); the cache ways run cold (writing) then warm (reading).
 * The trees: a generated cluster (bench/generate.ts, random size and seed: workloads, Services,
 * Ingresses, policies) beside a random hostile tree (test/support/fuzz-cli.ts: mutated manifests,
 * odd file names, link graphs).
 */
interface Way {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
}

const SEEDS = Number(process.env.JOBS_DIFFERENTIAL_SEEDS ?? 6);
const base = mkdtempSync(join(tmpdir(), 'kube-netlint-jobs-'));
// The cache's per-user secret and files go to a directory of this test, not the user's.
const cacheHome = { XDG_CACHE_HOME: join(base, 'xdg') };
const cacheAt = (seed: number) => ['--cache-location', join(base, `cache-${seed}`)];

/** The ways, in order: the cache ways run after one another on one cache (cold: written; warm: read). */
const WAYS = (seed: number): readonly Way[] => [
  { name: 'one thread (--jobs 1)', args: ['--jobs', '1'] },
  // Every file through the workers, however small the tree (a tree this small is otherwise read in one thread).
  { name: 'worker threads (--jobs 3)', args: ['--jobs', '3'], env: { KUBE_NETLINT_TEST_WORKERS: 'only' } },
  { name: 'cold cache (--cache-location, written)', args: ['--jobs', '1', ...cacheAt(seed)], env: cacheHome },
  { name: 'warm cache (--cache-location, read)', args: ['--jobs', '1', ...cacheAt(seed)], env: cacheHome },
  { name: 'warm cache with worker threads', args: ['--jobs', '3', ...cacheAt(seed)], env: { ...cacheHome, KUBE_NETLINT_TEST_WORKERS: 'only' } },
];
after(() => rmSync(base, { recursive: true, force: true }));

/**
 * Sets the modification time of every regular file under `dir` an hour back, so that the cache keeps
 * their stamps (not racy, src/app/cache.ts) and the warm ways do not read them (docs/cache.md).
 */
function backdate(dir: string): void {
  const then = new Date(Date.now() - 3_600_000);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) backdate(path);
    else if (entry.isFile() && lstatSync(path).isFile()) utimesSync(path, then, then);
  }
}

describe('the same results however the files are read', () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`when random tree ${seed} is linted in every way, then reports, matrices, output and exit codes are identical`, () => {
      const root = join(base, `case-${seed}`);
      const out = join(base, `out-${seed}`);
      mkdirSync(join(root, 'hostile'), { recursive: true });
      mkdirSync(out);
      ensureTree(join(root, 'cluster'), { namespaces: 2 + (seed % 4), appsPerNamespace: 3 + ((seed * 7) % 9), seed: 1000 + seed });
      randomTree(seed, join(root, 'hostile'));
      backdate(root);
      const results = WAYS(seed).map((way, i) => {
        const report = join(out, `report-${i}.json`);
        const reach = join(out, `reach-${i}.json`);
        const run = runBuiltCli(['--no-config', '--format', 'json', '-o', report, '--reach-output', reach, ...way.args, '.'], { cwd: root, ...(way.env ? { env: way.env } : {}) });
        const read = (path: string) => {
          try {
            return readFileSync(path, 'utf8');
          } catch {
            return '<none>';
          }
        };
        return { way: way.name, code: run.code, stdout: run.stdout, stderr: run.stderr, report: read(report), reach: read(reach) };
      });
      const [reference, ...others] = results;
      // The reference run did lint something and wrote a matrix.
      assert.ok(JSON.parse(reference!.report).summary.files > 10, reference!.stderr);
      assert.match(reference!.reach, /"nodes"/);
      for (const other of others) {
        assert.equal(other.code, reference!.code, `${other.way}: exit code`);
        assert.equal(other.stderr, reference!.stderr, `${other.way}: standard error`);
        assert.equal(other.stdout, reference!.stdout, `${other.way}: standard output`);
        assert.equal(other.report, reference!.report, `${other.way}: JSON report`);
        assert.equal(other.reach, reference!.reach, `${other.way}: --reach-output json`);
      }
    });
  }
});
