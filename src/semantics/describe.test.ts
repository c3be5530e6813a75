import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Workload } from '../model/types.ts';
import { describeWorkload, nearestWorkload, quotedNamespaces } from './describe.ts';
import { fromMatchLabels } from './selector.ts';

/** Only the fields these functions read. */
const workload = (name: string, labels: Record<string, string>): Workload =>
  ({ kind: 'Deployment', object: { name, namespace: 'shop' }, template: { labels } }) as unknown as Workload;

describe('nearestWorkload', () => {
  it('when no workload is given, then there is none', () => {
    assert.equal(nearestWorkload([], fromMatchLabels({ app: 'web' })), undefined);
  });
  it('when workloads fail different numbers of requirements, then the one failing fewest is nearest', () => {
    const one = workload('one', { app: 'web', tier: 'back' });
    const two = workload('two', { app: 'api', tier: 'back' });
    assert.equal(nearestWorkload([two, one], fromMatchLabels({ app: 'web', tier: 'front' })), one);
  });
  it('when workloads fail as many requirements, then the one whose value shares the longest prefix is nearest', () => {
    const postgres = workload('postgres', { app: 'postgres' });
    const redis = workload('redis', { app: 'redis-cache' });
    assert.equal(nearestWorkload([postgres, redis], fromMatchLabels({ app: 'redis' })), redis);
  });
  it('when a value differs, then it is nearer than a missing label', () => {
    const missing = workload('missing', {});
    const differs = workload('differs', { app: 'x' });
    assert.equal(nearestWorkload([missing, differs], fromMatchLabels({ app: 'web' })), differs);
  });
  it('when the selector has expressions, then failing ones count as requirements', () => {
    const front = workload('front', { tier: 'front' });
    const back = workload('back', { tier: 'back' });
    const selector = { matchLabels: {}, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }, { key: 'app', operator: 'Exists', values: [] }] };
    assert.equal(nearestWorkload([front, back], selector), back);
  });
});

describe('quotedNamespaces', () => {
  it('when there is one namespace, then it is named in the singular', () => {
    assert.equal(quotedNamespaces(['payments', 'payments']), 'namespace "payments"');
  });
  it('when there are several, then they are sorted, each once, and long lists are shortened', () => {
    assert.equal(quotedNamespaces(['b', 'a', 'b']), 'namespaces "a", "b"');
    assert.equal(quotedNamespaces(['e', 'd', 'c', 'b', 'a']), 'namespaces "a", "b", "c" and 2 more');
  });
});

describe('describeWorkload', () => {
  it('when asked for the namespace, then it is appended', () => {
    assert.equal(describeWorkload(workload('web', {}), true), 'Deployment "web" in namespace "shop"');
  });
});
