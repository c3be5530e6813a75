import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownString } from './own-string.ts';

describe('ownString', () => {
  it('when a value is cut from a longer text, then the copy is equal to it, whatever it holds', () => {
    const text = `image: "registry.example.com/shop/web:1.2.3" note: "a \\"quote\\", a tab\\t, é, 😀, a lone \ud800 surrogate" ${'x'.repeat(5000)}`;
    for (const [start, end] of [[0, 5], [8, 43], [51, 113], [120, 5100]] as const) {
      const cut = text.slice(start, end);
      assert.equal(ownString(cut), cut);
    }
  });

  it('when a value is built by concatenation, then the copy is equal to it', () => {
    let built = '';
    for (let i = 0; i < 200; i++) built += String.fromCharCode(97 + (i % 26));
    assert.equal(ownString(built), built);
  });
});
