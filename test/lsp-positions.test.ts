import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseEncoding, rangesTouch, toLspPosition } from '../src/lsp/positions.ts';

const file = { path: 'a.yaml', absPath: '/a.yaml', text: 'a: 1\r\nname: "hé😀" # x\n' };
const offset = file.text.indexOf('#');

describe('LSP position encodings', () => {
  it('when the client offers encodings, then its most preferred supported one is used, else UTF-16', () => {
    assert.equal(chooseEncoding(['utf-8', 'utf-16']), 'utf-8');
    assert.equal(chooseEncoding(['latin-1', 'utf-32', 'utf-8']), 'utf-32');
    assert.equal(chooseEncoding(['latin-1']), 'utf-16');
    assert.equal(chooseEncoding(undefined), 'utf-16');
  });

  it('when a line holds non-ASCII text before the offset, then the character counts units of the encoding', () => {
    // `name: "hé😀" ` is 12 code points, 13 UTF-16 units (the emoji is a surrogate pair) and 16 bytes.
    assert.deepEqual(toLspPosition(file, offset, 'utf-16'), { line: 1, character: 13 });
    assert.deepEqual(toLspPosition(file, offset, 'utf-8'), { line: 1, character: 16 });
    assert.deepEqual(toLspPosition(file, offset, 'utf-32'), { line: 1, character: 12 });
  });

  it('when an offset is past the end of the text, then it is clamped to the end', () => {
    assert.deepEqual(toLspPosition(file, 10_000, 'utf-16'), { line: 2, character: 0 });
  });

  it('when a cursor sits on the boundary of a range, then they touch', () => {
    const range = { start: { line: 1, character: 4 }, end: { line: 1, character: 8 } };
    assert.ok(rangesTouch(range, { start: { line: 1, character: 8 }, end: { line: 1, character: 8 } }));
    assert.ok(!rangesTouch(range, { start: { line: 1, character: 9 }, end: { line: 2, character: 0 } }));
  });
});
