import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_NESTING } from '../../src/source/fast-yaml.ts';
import { brokenService, expectFinding, hostileTrees, lintJson } from '../support/hostile.ts';
import { lspSessions } from '../support/lsp-session.ts';

/**
 * Nesting far past any manifest, under the default 20 MB file limit: each must become one finding at
 * the collection that is too deep, with the other documents and files analysed. (The depth used to be
 * checked after the YAML library had built its whole syntax tree: the heap ran out after 37 s.)
 */
const tree = hostileTrees('depth');
const TOO_DEEP = `nesting deeper than ${MAX_NESTING} levels of maps and lists; the document is not read`;
/** A document over LIBRARY_DOCUMENT_LIMIT (16 MB) that only the library could read is refused whole, at its start. */
const TOO_LARGE = 'which is not given documents over 16 MB';

describe('deeply nested input', () => {
  it('when a value is five million [ (5 MB), then it is one finding at the 201st collection and the next file is still linted', () => {
    const root = tree({ 'deep.yaml': `a: ${'['.repeat(5_000_000)}`, 'ok.yaml': brokenService('after') });
    const report = lintJson(['.'], root);
    assert.equal(report.code, 1);
    // `a:` is the first collection; the 200th [ is the 201st.
    expectFinding(report, { file: 'deep.yaml', line: 1, column: 4 + MAX_NESTING - 1 }, 'yaml-syntax', TOO_DEEP);
    expectFinding(report, { file: 'ok.yaml', line: 8, column: 13 }, 'schema', 'must be <= 65535, not 99999');
    assert.equal(report.findings.filter((f) => f.file === 'deep.yaml').length, 1);
  });

  it('when a JSON file is 19.8 MB of nested objects, then it is one finding at the 201st object, and the objects before it are analysed', () => {
    const depth = 2_000_000;
    const json = `{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "first"}, "spec": {"ports": [{"port": 0}]}}\n${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}\n`;
    assert.ok(json.length > 11_000_000 && json.length < 20 * 1024 * 1024);
    const root = tree({ 'deep.json': json });
    const report = lintJson(['deep.json'], root);
    expectFinding(report, { file: 'deep.json', line: 2, column: 5 * MAX_NESTING + 1 }, 'yaml-syntax', TOO_DEEP);
    expectFinding(report, { file: 'deep.json', line: 1 }, 'schema', 'must be >= 1, not 0');
  });

  it('when a YAML file is 19.8 MB of [ and ], then it is one finding (the document is larger than the library may read)', () => {
    const half = 9_900_000;
    const root = tree({ 'deep.yaml': `${'['.repeat(half)}${']'.repeat(half)}` });
    const report = lintJson(['deep.yaml'], root);
    expectFinding(report, { file: 'deep.yaml', line: 1, column: 1 }, 'yaml-syntax', TOO_LARGE);
    assert.equal(report.findings.length, 1);
  });

  it('when a YAML file is 9 MB of [ and ], then it is one finding at the 201st [', () => {
    const half = 4_500_000;
    const root = tree({ 'deep.yaml': `${'['.repeat(half)}${']'.repeat(half)}` });
    const report = lintJson(['deep.yaml'], root);
    expectFinding(report, { file: 'deep.yaml', line: 1, column: MAX_NESTING + 1 }, 'yaml-syntax', TOO_DEEP);
  });

  it('when a deep document stands between two others in a stream, then only it is lost and both others are analysed', () => {
    const root = tree({ 'stream.yaml': `${brokenService('before')}---\nb: ${'{a: '.repeat(1_000_000)}\n---\n${brokenService('after')}` });
    const report = lintJson(['stream.yaml'], root);
    expectFinding(report, { file: 'stream.yaml', line: 10, column: 4 + 4 * (MAX_NESTING - 1) }, 'yaml-syntax', TOO_DEEP);
    expectFinding(report, { file: 'stream.yaml', line: 8, column: 13 }, 'schema', 'not 99999');
    expectFinding(report, { file: 'stream.yaml', line: 19, column: 13 }, 'schema', 'not 99999');
  });

  it('when sequences nest by five million "- " on one line, or explicit keys by "? ", then each is one finding', () => {
    const root = tree({ 'dashes.yaml': `${'- '.repeat(5_000_000)}x\n`, 'keys.yaml': `${'? '.repeat(5_000_000)}x\n` });
    const report = lintJson(['.'], root);
    expectFinding(report, { file: 'dashes.yaml', line: 1, column: 2 * MAX_NESTING + 1 }, 'yaml-syntax', TOO_DEEP);
    expectFinding(report, { file: 'keys.yaml', line: 1 }, 'yaml-syntax', TOO_DEEP);
  });

  it('when maps nest by indentation 5,000 levels deep (12.5 MB), then it is one finding at the 201st map', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k:\n`).join('');
    const root = tree({ 'indent.yaml': text });
    const report = lintJson(['indent.yaml'], root);
    expectFinding(report, { file: 'indent.yaml', line: MAX_NESTING + 1, column: MAX_NESTING + 1 }, 'yaml-syntax', TOO_DEEP);
  });
});

const sessions = lspSessions('hostile-depth');

describe('deeply nested input in the editor', () => {
  it('when a 5 MB document of nested [ is opened, then the language server reports it and keeps serving the next edit', async () => {
    const root = sessions.workspace({});
    const client = await sessions.start({ root });
    await client.open('deep.yaml', `a: ${'['.repeat(5_000_000)}`);
    const deep = await client.diagnostics('deep.yaml', (list) => list.length > 0);
    assert.deepEqual(
      deep.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]),
      [['yaml-syntax', 0, 3 + MAX_NESTING - 1, TOO_DEEP]],
    );
    await client.change('deep.yaml', brokenService('web'));
    const fixed = await client.diagnostics('deep.yaml', (list) => list.some((d) => d.code === 'schema'));
    assert.ok(fixed.some((d) => d.code === 'schema' && d.range.start.line === 7));
  });
});
