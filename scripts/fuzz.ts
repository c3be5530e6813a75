// `npm run fuzz -- [SECONDS] [FIRST_SEED]`: the CLI fuzz target of test/hostile/fuzz.test.ts for as long
// as asked (default 300 s), from a seed given or random. Prints each failing seed with what broke and
// where its tree was kept; exits 1 when any failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzCase } from '../test/support/fuzz-cli.ts';

const seconds = Number(process.argv[2] ?? 300);
const first = Number(process.argv[3] ?? Math.floor(Math.random() * 1e9));
if (!Number.isFinite(seconds) || !Number.isInteger(first)) throw new Error('usage: npm run fuzz -- [SECONDS] [FIRST_SEED]');

const out = mkdtempSync(join(tmpdir(), 'kube-netlint-fuzz-build-'));
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--out', out], { encoding: 'utf8' });
if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
const cli = join(out, 'kube-netlint.mjs');

const until = Date.now() + seconds * 1000;
let cases = 0;
let failed = 0;
try {
  for (let seed = first; Date.now() < until; seed++) {
    const result = fuzzCase(cli, seed);
    cases++;
    if (result.problems.length > 0) {
      failed++;
      console.log(`seed ${seed}: ${result.problems.join('\n  ')}`);
    }
    if (cases % 25 === 0) console.log(`${cases} cases (seeds ${first}..${seed}), ${failed} failed`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
console.log(`${cases} cases (seeds ${first}..${first + cases - 1}), ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
