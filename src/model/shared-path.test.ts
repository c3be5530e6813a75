import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childPath, sharedPath } from './shared-path.ts';

describe('shared paths', () => {
  it('when the same path is asked for twice, then both are one frozen array', () => {
    const a = sharedPath(['spec', 'template', 'spec', 'containers', 0]);
    const b = sharedPath(['spec', 'template', 'spec', 'containers', 0]);
    assert.equal(a, b);
    assert.ok(Object.isFrozen(a));
    assert.throws(() => (a as unknown as unknown[]).push('x'));
  });

  it('when a path is built under a shared one, then it is the array sharedPath gives for the whole', () => {
    const parent = sharedPath(['spec', 'template', 'spec', 'containers', 1]);
    const child = childPath(parent, 'ports', 2);
    assert.deepEqual(child, ['spec', 'template', 'spec', 'containers', 1, 'ports', 2]);
    assert.equal(child, sharedPath(['spec', 'template', 'spec', 'containers', 1, 'ports', 2]));
    assert.equal(childPath(parent, 'ports', 2), child);
  });

  it('when the parent is not a shared array, then the child is still the shared one', () => {
    const parent = ['spec', 'ingress', 3];
    const child = childPath(parent, 'from', 0);
    assert.deepEqual(child, ['spec', 'ingress', 3, 'from', 0]);
    assert.equal(child, sharedPath(['spec', 'ingress', 3, 'from', 0]));
    assert.deepEqual(parent, ['spec', 'ingress', 3]);
  });

  it('when a child is asked for with no segments, then it is the parent', () => {
    const parent = sharedPath(['metadata']);
    assert.equal(childPath(parent), parent);
  });
});
