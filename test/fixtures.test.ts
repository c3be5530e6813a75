import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { positionAt } from '../src/source/text.ts';
import type { SourceFile } from '../src/source/types.ts';
import { markerKeys, readMarkers } from './support/expect-markers.ts';

/**
 * Each directory under test/fixtures/lint is one run of every rule (like `kube-netlint DIR`); each file
 * in it declares its expected findings with `# expect: rule-id` markers on the lines at fault.
 */
const root = new URL('./fixtures/lint/', import.meta.url).pathname;

function readTree(dir: string, prefix = ''): SourceFile[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return readTree(path, `${prefix}${name}/`);
      return [{ path: `${prefix}${name}`, absPath: path, text: readFileSync(path, 'utf8') }];
    });
}

describe('fixtures with inline expectations', () => {
  for (const name of readdirSync(root).sort()) {
    it(`when the tree ${name} is linted, then the findings are exactly the marked lines`, () => {
      const files = readTree(join(root, name));
      const { diagnostics } = analyze({ files, config: DEFAULT_CONFIG });
      for (const file of files) {
        const found = diagnostics.filter((d) => d.file.path === file.path).map((d) => ({ line: positionAt(d.file, d.span.start).line, ruleId: d.ruleId }));
        assert.deepEqual(markerKeys(found), markerKeys(readMarkers(file.text)), `${name}/${file.path}`);
      }
    });
  }
});
