import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelSelector } from '../model/types.ts';
import { toLabelSelector } from '../model/kinds/read-common.ts';
import { failingRequirementPath, fromMatchLabels, matchesRequirement } from './selector.ts';

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
