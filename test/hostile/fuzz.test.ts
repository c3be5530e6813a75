import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtCli } from '../support/built-cli.ts';
import { fuzzCase } from '../support/fuzz-cli.ts';

/**
 * The CLI on random trees of mutated manifests, random file names and random symbolic link graphs
 * (test/support/fuzz-cli.ts), for a bounded time: seeds 1, 2, 3... as far as 20 s go (FUZZ_SECONDS
 * to change it); `npm run fuzz -- SECONDS [FIRST_SEED]` runs longer. Each case must exit 0, 1 or 2,
 * print no stack trace, write nothing, give JSON with every finding inside its file, and still analyse
 * every unmutated manifest.
 */
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 20);

describe('the CLI on random hostile trees', () => {
  it(`when random trees are linted for ${SECONDS} s, then every invariant holds in every case`, () => {
    const cli = builtCli();
    const until = Date.now() + SECONDS * 1000;
    const failures: string[] = [];
    let cases = 0;
    for (let seed = 1; cases === 0 || Date.now() < until; seed++) {
      const result = fuzzCase(cli, seed);
      cases++;
      if (result.problems.length > 0) failures.push(`seed ${seed}:\n  ${result.problems.join('\n  ')}`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases} cases failed`);
    assert.ok(cases >= 1);
  });
});
