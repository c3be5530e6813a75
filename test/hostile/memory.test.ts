import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readYamlSpans } from '../../src/source/fast-yaml.ts';
import { readJsonSpans } from '../../src/source/json.ts';
import { parseWithYaml } from '../../src/source/parse-yaml.ts';
import { brokenService, expectFinding, hostileTrees, lintJson } from '../support/hostile.ts';

/**
 * Memory must stay proportional to the input and bounded, with a finding where a limit is hit. Peak
 * memory itself is measured by `npm run bench:hostile` (a script, not a test); these tests assert the
 * limits and the structure that keeps it proportional. 13 MB of Services took 1.1-1.3 GB: the source
 * map of every node was an object with arrays of keys (about 30 times the text); it is now a flat
 * array of integers.
 */
const tree = hostileTrees('memory');

/** A stream of Services, `count` documents. */
function services(count: number): string {
  return Array.from({ length: count }, (_, i) => brokenService(`svc-${i}`)).join('---\n');
}

describe('memory bounds', () => {
  it('when maxFileSize is set above 32 MB, then it is a config finding at its line', () => {
    const root = tree({ 'svc.yaml': brokenService('web'), '.kube-netlint.yaml': 'ignore: []\nmaxFileSize: 1000000000\n' });
    const report = lintJson(['.'], root);
    assert.equal(report.code, 2);
    expectFinding(report, { file: '.kube-netlint.yaml', line: 2, column: 14 }, 'config', 'maxFileSize must be at most 33554432 (32 MB');
  });

  it('when a file is larger than maxFileSize, then it is skipped with its size and the limit, and the rest is linted', () => {
    const root = tree({ 'big.yaml': services(400), 'small.yaml': brokenService('web'), '.kube-netlint.yaml': 'maxFileSize: 10000\n' });
    const report = lintJson(['.'], root);
    expectFinding(report, { file: 'big.yaml', line: 1 }, 'skipped-file', 'larger than the 0.0 MB limit');
    expectFinding(report, { file: 'small.yaml', line: 8, column: 13 }, 'schema', 'not 99999');
  });

  it('when a stream of Services is located in, then its source map takes at most three bytes per byte of text', () => {
    const text = services(2000);
    const trees = readYamlSpans(text)!;
    const bytes = trees.reduce((sum, spans) => sum + spans.bytes, 0);
    assert.ok(bytes < 3 * text.length, `${bytes} bytes of spans for ${text.length} bytes of text`);
    const json = `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: 2000 }, (_, i) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}` }, spec: { ports: [{ port: 80 }] } })) })}\n`;
    const jsonBytes = readJsonSpans(json).reduce((sum, spans) => sum + (spans?.bytes ?? 0), 0);
    assert.ok(jsonBytes < 3 * json.length, `${jsonBytes} bytes of spans for ${json.length} bytes of JSON`);
  });

  it('when one document that needs the YAML library is larger than 16 MB, then it is a finding at its start and the documents around it are read', async () => {
    const { LIBRARY_DOCUMENT_LIMIT } = await import('../../src/source/parse-yaml.ts');
    const item = '{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}';
    const huge = `items: [${Array.from({ length: Math.ceil(LIBRARY_DOCUMENT_LIMIT / item.length) + 1 }, () => item).join(', ')}]\n`;
    const text = `${brokenService('before')}---\n${huge}---\n${brokenService('after')}`;
    const docs = parseWithYaml({ path: 'big.yaml', absPath: '/virtual/big.yaml', text });
    assert.deepEqual(
      docs.map((doc) => doc.problems.map((p) => p.message.split(',')[0])),
      [[], [`this document is ${(huge.length / 1024 / 1024 + 4 / 1024 / 1024).toFixed(1)} MB`], []],
    );
    assert.equal((docs[2]!.value as { metadata: { name: string } }).metadata.name, 'after');
  });

  it('when a map of 30,000 keys takes the YAML library path and repeats one key, then the repeat is found (in one pass) at its line', () => {
    const keys = Array.from({ length: 30_000 }, (_, i) => `  key-${i}: v${i}\n`);
    keys.splice(20_000, 0, '  key-7: again\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: &n wide}\ndata:\n${keys.join('')}`;
    const docs = parseWithYaml({ path: 'wide.yaml', absPath: '/virtual/wide.yaml', text });
    assert.deepEqual(
      docs[0]!.problems.map((p) => [p.message.split(':')[0], text.slice(0, p.span.start).split('\n').length]),
      [['duplicate key "key-7"', 20_005]],
    );
  });
});
