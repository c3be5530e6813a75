import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelSelector } from '../model/types.ts';
import { toLabelSelector } from '../model/kinds/read-common.ts';
import { failingRequirementPath, fromMatchLabels, LabelIndex, matchesRequirement, matchesSelector } from './selector.ts';

const selector = (written: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }): LabelSelector => ({
  matchLabels: written.matchLabels ?? {},
  matchExpressions: (written.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [] })),
});

describe('matchesRequirement', () => {
  const cases: [string, string, string[], Record<string, string>, boolean][] = [
    ['tier', 'In', ['back'], { tier: 'back' }, true],
    ['tier', 'In', ['back'], { tier: 'front' }, false],
    ['tier', 'In', ['back'], {}, false],
    ['tier', 'NotIn', ['back'], {}, true],
    ['tier', 'NotIn', ['back'], { tier: 'back' }, false],
    ['tier', 'Exists', [], { tier: '' }, true],
    ['tier', 'DoesNotExist', [], { tier: '' }, false],
    ['tier', 'in', ['back'], { tier: 'back' }, false],
  ];
  for (const [key, operator, values, labels, expected] of cases) {
    it(`when ${key} ${operator} (${values.join(',')}) meets ${JSON.stringify(labels)}, then it ${expected ? 'matches' : 'does not match'}`, () => {
      assert.equal(matchesRequirement({ key, operator, values }, labels), expected);
    });
  }
});

describe('failingRequirementPath', () => {
  // Selectors as the model reads them from the written value, with each requirement's written index.
  const read = (written: unknown) => toLabelSelector(written);
  it('when the labels match, then there is no failing requirement', () => {
    const written = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] };
    assert.equal(failingRequirementPath(read(written), { app: 'web', tier: 'front' }), undefined);
  });
  it('when a matchLabels pair fails, then the path is its key under matchLabels', () => {
    const written = { matchLabels: { app: 'web', tier: 'back' } };
    assert.deepEqual(failingRequirementPath(read(written), { app: 'web', tier: 'front' }), { path: ['matchLabels', 'tier'], key: true });
  });
  it('when a plain label map (a Service selector) fails, then the path is the key itself', () => {
    const written = { app: 'web' };
    assert.deepEqual(failingRequirementPath(fromMatchLabels(written), {}, true), { path: ['app'], key: true });
  });
  it('when an expression fails, then the path is the key field of its entry as written, counting malformed entries', () => {
    const written = { matchExpressions: [{ key: 'app', operator: 'Exists' }, 'not an expression', { key: 'tier', operator: 'In', values: ['back'] }] };
    assert.deepEqual(failingRequirementPath(read(written), { app: 'web', tier: 'front' }), { path: ['matchExpressions', 2, 'key'], key: false });
  });
  it('when two entries share a key and operator, then the path is the first of them as written', () => {
    const written = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }, { key: 'tier', operator: 'In', values: ['back'] }] };
    assert.deepEqual(failingRequirementPath(read(written), { tier: 'front' }), { path: ['matchExpressions', 0, 'key'], key: false });
  });
  it('when matchLabels and an expression both fail, then the matchLabels key comes first', () => {
    const written = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] };
    assert.deepEqual(failingRequirementPath(read(written), {})?.path, ['matchLabels', 'app']);
  });
  it('when a requirement has no written place (a selector not read from a manifest), then the path falls back to matchExpressions', () => {
    const built = selector({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] });
    assert.deepEqual(failingRequirementPath(built, {}), { path: ['matchExpressions'], key: true });
  });
});

describe('LabelIndex', () => {
  // Labels chosen so that joining a key and its value could confuse pairs ("a" + "b\0c" and "a\0b" + "c").
  const items: [string, Record<string, string>][] = [
    ['web', { app: 'web', tier: 'front' }],
    ['api', { app: 'api', tier: 'back' }],
    ['db', { app: 'db', tier: 'back', role: '' }],
    ['joined-1', { a: 'b\u0000c' }],
    ['joined-2', { 'a\u0000b': 'c' }],
    // Own keys named like Object.prototype's members, as a parsed manifest may hold them.
    ['proto', JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string>],
    ['none', {}],
  ];
  const index = new LabelIndex<string>();
  for (const [name, labels] of items) index.add(name, labels);
  const cases: [string, LabelSelector][] = [
    ['an empty selector', selector({})],
    ['one pair', selector({ matchLabels: { tier: 'back' } })],
    ['two pairs', selector({ matchLabels: { tier: 'back', app: 'db' } })],
    ['a pair no item holds', selector({ matchLabels: { tier: 'middle' } })],
    ['a key no item holds', selector({ matchLabels: { zone: 'a' } })],
    ['an empty value', selector({ matchLabels: { role: '' } })],
    ['a value with a NUL', selector({ matchLabels: { a: 'b\u0000c' } })],
    ['a key with a NUL', selector({ matchLabels: { 'a\u0000b': 'c' } })],
    ['keys of Object.prototype', selector({ matchLabels: JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string> })],
    ['a key of Object.prototype no item holds', selector({ matchLabels: { toString: 'z' } })],
    ['a pair and an expression', selector({ matchLabels: { tier: 'back' }, matchExpressions: [{ key: 'role', operator: 'DoesNotExist' }] })],
    ['expressions only', selector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] })],
    ['NotIn, which matches items without the key', selector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] })],
  ];
  for (const [what, query] of cases) {
    it(`when selecting by ${what}, then it gives the items a scan matches, in the order they were added`, () => {
      const scanned = items.filter(([, labels]) => matchesSelector(query, labels)).map(([name]) => name);
      assert.deepEqual(index.select(query), scanned);
    });
  }
  it('when items are added, then items() lists them all in that order', () => {
    assert.deepEqual(index.items(), items.map(([name]) => name));
    assert.equal(index.size, items.length);
  });
});
