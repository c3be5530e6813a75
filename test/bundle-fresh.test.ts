// The committed bundles are what users run (the Action runner and pre-commit never build): they must be
// exactly what the build script makes from the current sources.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../', import.meta.url).pathname;

test('when the bundles are rebuilt from the sources, then they equal the committed dist/ files', () => {
  // scripts/test.mjs built them once for the whole run; a file run on its own builds them here.
  const shared = process.env.KUBE_NETLINT_TEST_BUNDLE;
  const out = shared ? dirname(shared) : mkdtempSync(join(tmpdir(), 'kube-netlint-fresh-'));
  try {
    if (!shared) {
      const build = spawnSync(process.execPath, ['scripts/build.mjs', '--out', out], { cwd: root, encoding: 'utf8' });
      assert.equal(build.status, 0, `build failed: ${build.stderr}`);
    }
    const built = readdirSync(out).sort();
    const committed = readdirSync(join(root, 'dist')).sort();
    assert.deepEqual(committed, built, 'dist/ holds other files than the build makes');
    const stale = built.filter((name) => !readFileSync(join(out, name)).equals(readFileSync(join(root, 'dist', name))));
    assert.deepEqual(stale, [], `stale bundles (run \`npm run build\` and commit dist/): ${stale.join(', ')}`);
  } finally {
    if (!shared) rmSync(out, { recursive: true, force: true });
  }
});
