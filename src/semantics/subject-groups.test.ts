import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PolicySubject } from './tiers.ts';
import { profileName, readKey, readProfile, SubjectGroups } from './subject-groups.ts';

const pod = (namespace: string, labels: Record<string, string> | undefined, extra: Partial<PolicySubject> = {}): PolicySubject => ({
  selectable: true,
  namespace,
  ...(labels ? { labels } : {}),
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
  serviceAccount: 'default',
  ports: [],
  ...extra,
});

describe('subject groups', () => {
  const tierOnly = readProfile([{ labels: ['tier'], serviceAccount: false }]);

  it('when two pods differ only in a label no matcher reads, then they share a group', () => {
    assert.equal(readKey(pod('shop', { tier: 'web', app: 'a' }), tierOnly), readKey(pod('shop', { tier: 'web', app: 'b' }), tierOnly));
  });

  it('when pods differ in a read label, their namespace, their network, their service account (read) or in whether labels are known, then they do not', () => {
    const base = readKey(pod('shop', { tier: 'web' }), tierOnly);
    assert.notEqual(readKey(pod('shop', { tier: 'db' }), tierOnly), base);
    assert.notEqual(readKey(pod('bank', { tier: 'web' }), tierOnly), base);
    assert.notEqual(readKey(pod('shop', { tier: 'web' }, { hostNetwork: true }), tierOnly), base);
    assert.notEqual(readKey(pod('shop', undefined), tierOnly), readKey(pod('shop', {}), tierOnly));
    const account = readProfile([{ labels: ['tier'], serviceAccount: true }]);
    assert.notEqual(readKey(pod('shop', { tier: 'web' }, { serviceAccount: 'x' }), account), readKey(pod('shop', { tier: 'web' }), account));
  });

  it('when a matcher declares no reads, then every label counts, and profiles reading the same have one name', () => {
    const all = readProfile([{ labels: ['tier'], serviceAccount: false }, undefined]);
    assert.equal(all.labels, undefined);
    assert.notEqual(readKey(pod('shop', { tier: 'web', app: 'a' }), all), readKey(pod('shop', { tier: 'web', app: 'b' }), all));
    assert.equal(profileName(readProfile([{ labels: ['b', 'a'], serviceAccount: false }])), profileName(readProfile([{ labels: ['a'], serviceAccount: false }, { labels: ['b', 'a'], serviceAccount: false }])));
  });

  it('when a matcher is asked through the groups, then it is asked once per group and the selection keeps subject order, within a namespace when given', () => {
    const subjects = [pod('shop', { tier: 'web', app: '1' }), pod('shop', { tier: 'db' }), pod('bank', { tier: 'web' }), pod('shop', { tier: 'web', app: '2' })];
    const groups = new SubjectGroups(subjects, tierOnly);
    assert.equal(groups.representatives.length, 3);
    let asked = 0;
    const web = (s: PolicySubject) => (asked++, s.labels?.['tier'] === 'web');
    assert.deepEqual(groups.select(web), [0, 2, 3]);
    assert.equal(asked, 3);
    assert.deepEqual(groups.select(web, 'shop'), [0, 3]);
    assert.deepEqual(groups.select(web, 'nowhere'), []);
  });
});
