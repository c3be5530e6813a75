import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSources } from '../src/source/parse.ts';
import { parseWithYaml } from '../src/source/parse-yaml.ts';
import { isQuotableToken, plainScalarAt } from '../src/source/plain-scalar.ts';
import type { Path, SourceFile } from '../src/source/types.ts';

function sourceFile(text: string): SourceFile {
  return { path: 'test.yaml', absPath: '/virtual/test.yaml', text };
}

/** [case, text, path, key?, the plain text expected (undefined: not plain)] */
const CASES: readonly (readonly [string, string, Path, boolean, string | undefined])[] = [
  ['a plain number', 'a: 1.0\n', ['a'], false, '1.0'],
  ['a plain key', 'on: x\n', ['on'], true, 'on'],
  ['a double-quoted value', 'a: "1.0"\n', ['a'], false, undefined],
  ['a single-quoted key', "'on': x\n", ['on'], true, undefined],
  ['a block scalar', 'a: |\n  1\n', ['a'], false, undefined],
  ['an empty value', 'a:\nb: 1\n', ['a'], false, undefined],
  ['a standard tag', 'a: !!int 5\n', ['a'], false, undefined],
  ['a tag before an anchor', 'a: !!int &x 5\n', ['a'], false, undefined],
  ['an anchor before a tag', 'a: &x !!int 5\n', ['a'], false, undefined],
  ['a local tag', 'a: !foo 5\n', ['a'], false, undefined],
  ['a verbatim tag', 'a: !<tag:yaml.org,2002:str> 5\n', ['a'], false, undefined],
  ['the non-specific tag', 'a: ! 5\n', ['a'], false, undefined],
  ['a tag on a key', '!!str on: x\n', ['on'], true, undefined],
  ['an anchor alone, which does not change the reading', 'a: &x 5\n', ['a'], false, '5'],
  ['an alias', 'a: &x 5\nb: *x\n', ['b'], false, undefined],
  ['a comment ending in "!" before a key', '# do not edit !!!\non: x\n', ['on'], true, 'on'],
  ['a comment ending in "!" before a value', 'a: 1 # see !\nb: 2\n', ['b'], false, '2'],
  ['a value ending in "!" on the line before', 'a: wow !\nb: 5\n', ['b'], false, '5'],
  ['a tag with no value on the line before', 'a: !!str\nb: 5\n', ['b'], true, 'b'],
  ['a flow sequence item', 'a: [1.0, !!str 2, "3", 4]\n', ['a', 0], false, '1.0'],
  ['a tagged flow sequence item', 'a: [1.0, !!str 2, "3", 4]\n', ['a', 1], false, undefined],
  ['a quoted flow sequence item', 'a: [1.0, !!str 2, "3", 4]\n', ['a', 2], false, undefined],
  ['a flow map key', 'a: {on: 1, "off": 2}\n', ['a', 'on'], true, 'on'],
  ['a quoted flow map key', 'a: {on: 1, "off": 2}\n', ['a', 'off'], true, undefined],
  ['a JSON number', '{"a": 1.0, "b": true}', ['a'], false, '1.0'],
  ['a JSON key', '{"a": 1.0, "b": true}', ['b'], true, undefined],
  ['CRLF line breaks', 'a: 1.0\r\nb: 2\r\n', ['a'], false, '1.0'],
  ['a multi-line plain scalar with CRLF', 'a: 1.0\r\n  more\r\nb: 2\r\n', ['a'], false, '1.0\r\n  more'],
  ['multi-byte text before the scalar', 'ä: 1.0\nb: ünï 🚀\n', ['b'], false, 'ünï 🚀'],
  ['a document after a tagged document marker', '--- !!map\na: 5\n', ['a'], false, '5'],
];

describe('plain scalars as written', () => {
  for (const [name, text, path, key, expected] of CASES) {
    it(`when the ${key ? 'key' : 'value'} is ${name}, then it is ${expected === undefined ? 'not plain' : `plain ${JSON.stringify(expected)}`} for both readers`, () => {
      const file = sourceFile(text);
      for (const doc of [parseSources([file])[0]!, parseWithYaml(file)[0]!]) {
        assert.deepEqual(doc.problems, []);
        const scalar = plainScalarAt(doc, path, key);
        assert.equal(scalar?.text, expected);
        // The span is where a fix quotes the scalar: exactly the text.
        if (scalar) assert.equal(text.slice(scalar.span.start, scalar.span.end), expected);
      }
    });
  }

  it('when a path leads nowhere, then there is no scalar', () => {
    const [doc] = parseSources([sourceFile('a: 1\n')]);
    assert.equal(plainScalarAt(doc!, ['b']), undefined);
    assert.equal(plainScalarAt(doc!, ['a', 'b'], true), undefined);
  });
});

describe('tokens safe to quote', () => {
  const tokens: [string, boolean][] = [
    ['1.0', true],
    ['-.inf', true],
    ['+1', true],
    ['0x1F', true],
    ['1_000', true],
    ['True', true],
    ['~', true],
    ['a b', false],
    ['1.0\n  2', false],
    ['a"b', false],
    ['ünï', false],
    ['', false],
  ];
  for (const [text, quotable] of tokens) {
    it(`when the text is ${JSON.stringify(text)}, then it is ${quotable ? '' : 'not '}quotable as it is`, () => {
      assert.equal(isQuotableToken(text), quotable);
    });
  }
});
