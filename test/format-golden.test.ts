import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import pkg from '../package.json' with { type: 'json' };
import { runBuiltCli } from './support/built-cli.ts';

/**
 * Golden output of every format for one fixed tree (test/golden/tree, with its own .kube-netlint.yaml),
 * produced by the built CLI. The tree's absolute path is written as /project and the version as
 * 0.0.0-golden, so the files do not depend on the checkout. Regenerate: UPDATE_GOLDEN=1.
 */
const golden = new URL('./golden/', import.meta.url).pathname;
const tree = `${golden}tree`;
const update = process.env.UPDATE_GOLDEN === '1';

const cases: readonly { readonly name: string; readonly args: readonly string[] }[] = [
  { name: 'stylish.txt', args: ['--format', 'stylish'] },
  { name: 'stylish-color.txt', args: ['--format', 'stylish', '--color'] },
  { name: 'compact.txt', args: ['--format', 'compact'] },
  { name: 'json.json', args: ['--format', 'json'] },
  { name: 'sarif.sarif', args: ['--format', 'sarif'] },
  { name: 'github.txt', args: ['--format', 'github'] },
  { name: 'junit.xml', args: ['--format', 'junit'] },
  { name: 'gitlab.json', args: ['--format', 'gitlab'] },
  { name: 'checkstyle.xml', args: ['--format', 'checkstyle'] },
];
const paths = ['apps', 'edge'];
/** The same files, one by one in reverse order. */
const reversed = ['edge/legacy.yaml', 'edge/broken.yaml', 'edge/api.json', 'apps/shop.yaml', 'apps/cache.yaml'];

function normalize(output: string): string {
  return output
    .split(tree)
    .join('/project')
    .split(`"version": "${pkg.version}"`)
    .join('"version": "0.0.0-golden"')
    .split(`"semanticVersion": "${pkg.version}"`)
    .join('"semanticVersion": "0.0.0-golden"');
}

describe('golden output of every format', () => {
  for (const { name, args } of cases) {
    it(`when the fixture tree is linted with ${args.join(' ')}, then the output is byte-for-byte test/golden/${name}`, () => {
      const result = runBuiltCli([...args, ...paths], { cwd: tree });
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stderr, '');
      const actual = normalize(result.stdout);
      if (update) writeFileSync(`${golden}${name}`, actual);
      assert.equal(actual, readFileSync(`${golden}${name}`, 'utf8'));
    });
  }

  it('when the files are given one by one in reverse order, then the JSON, SARIF, JUnit, GitLab and checkstyle reports are byte-identical', () => {
    for (const format of ['json', 'sarif', 'junit', 'gitlab', 'checkstyle']) {
      const forward = runBuiltCli(['--format', format, ...paths], { cwd: tree });
      const backward = runBuiltCli(['--format', format, ...reversed], { cwd: tree });
      assert.equal(backward.stdout, forward.stdout, format);
    }
  });
});
