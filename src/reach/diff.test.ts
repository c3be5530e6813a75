import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelOf } from '../../test/support/netpol-world.ts';
import { diffJson, diffMarkdown, diffText, diffViews, isEmptyDiff } from './diff.ts';
import { filterView, parseNodeQuery, type NodeQuery, type ViewFilter } from './filter.ts';
import { buildMatrix } from './matrix.ts';
import type { ReachView } from './view.ts';

const deployment = (name: string, namespace = 'shop') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: main, image: x}]}\n`;
const policy = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec: ${spec}\n`;
const view = (...docs: string[]): ReachView => {
  const matrix = buildMatrix(modelOf(docs.join('---\n')));
  return { nodes: matrix.nodes, edges: matrix.edges() };
};
const lines = (before: ReachView, after: ReachView) => diffText(diffViews(before, after)).trimEnd().split('\n');

const dbOnly = (from: string) => policy('db', `{podSelector: {matchLabels: {app: db}}, ingress: [{from: [${from}], ports: [{port: 5432}]}]}`);

describe('connectivity diff', () => {
  it('when nothing changes, then the diff is empty', () => {
    const a = view(deployment('web'), deployment('db'), dbOnly('{podSelector: {matchLabels: {app: web}}}'));
    const diff = diffViews(a, a);
    assert.ok(isEmptyDiff(diff));
    assert.equal(diffText(diff), 'No connectivity changes.\n');
    assert.equal(diffMarkdown(diff), '### Connectivity changes\n\nNo connectivity changes.\n');
  });

  it('when a policy isolates a workload, then the edges it cuts are removed and narrowed ones changed', () => {
    const before = view(deployment('web'), deployment('db'), deployment('batch'));
    const after = view(deployment('web'), deployment('db'), deployment('batch'), dbOnly('{podSelector: {matchLabels: {app: web}}}'));
    assert.deepEqual(lines(before, after), [
      'Connectivity changes: 0 added, 3 removed, 1 changed',
      '',
      'Removed:',
      '  - shop/batch[Deployment] -> shop/db[Deployment]: all',
      '  - 0.0.0.0-255.255.255.255 -> shop/db[Deployment]: all',
      '  - ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff -> shop/db[Deployment]: all',
      '',
      'Changed:',
      '  ~ shop/web[Deployment] -> shop/db[Deployment]: all => TCP 5432',
    ]);
  });

  it('when an ipBlock cuts the address space differently, then only the pieces that changed are listed, merged into ranges', () => {
    const before = view(deployment('web'), deployment('db'), dbOnly('{ipBlock: {cidr: 10.0.0.0/8}}'));
    const after = view(deployment('web'), deployment('db'), dbOnly('{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}, {ipBlock: {cidr: 192.168.0.0/16}}'));
    assert.deepEqual(lines(before, after), [
      'Connectivity changes: 1 added, 1 removed, 0 changed',
      '',
      'Added:',
      '  + 192.168.0.0-192.168.255.255 -> shop/db[Deployment]: TCP 5432',
      '',
      'Removed:',
      '  - 10.1.0.0-10.1.255.255 -> shop/db[Deployment]: TCP 5432',
    ]);
  });

  it('when workloads come and go, then their edges and the nodes are listed', () => {
    const before = view(deployment('web'), deployment('old'));
    const after = view(deployment('web'), deployment('new'));
    const diff = diffViews(before, after);
    assert.deepEqual(diff.nodesAdded, ['shop/new[Deployment]']);
    assert.deepEqual(diff.nodesRemoved, ['shop/old[Deployment]']);
    assert.deepEqual(
      diff.added.map((e) => `${e.from.id} -> ${e.to.id}`),
      ['shop/new[Deployment] -> shop/web[Deployment]', 'shop/new[Deployment] -> 0.0.0.0-255.255.255.255', 'shop/new[Deployment] -> ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'shop/web[Deployment] -> shop/new[Deployment]', '0.0.0.0-255.255.255.255 -> shop/new[Deployment]', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff -> shop/new[Deployment]'],
    );
    assert.equal(diff.removed.length, 6);
  });

  it('when the views are filtered, then the workloads added and removed are narrowed by the same filter', () => {
    const before = view(deployment('web'), deployment('gone'), deployment('legacy', 'prod'));
    const isolated = policy('iso', '{podSelector: {matchLabels: {app: fresh}}, policyTypes: [Ingress, Egress]}');
    const after = view(deployment('web'), deployment('fresh'), deployment('next', 'prod'), isolated);
    const query = (text: string) => parseNodeQuery(text) as NodeQuery;
    const nodes = (filter: ViewFilter) => {
      const diff = diffViews(filterView(before, filter), filterView(after, filter), filter);
      return { added: diff.nodesAdded, removed: diff.nodesRemoved };
    };
    assert.deepEqual(nodes({}), { added: ['prod/next[Deployment]', 'shop/fresh[Deployment]'], removed: ['prod/legacy[Deployment]', 'shop/gone[Deployment]'] });
    assert.deepEqual(nodes({ from: [query('shop/')] }), { added: ['shop/fresh[Deployment]'], removed: ['shop/gone[Deployment]'] });
    assert.deepEqual(nodes({ to: [query('prod/')] }), { added: ['prod/next[Deployment]'], removed: ['prod/legacy[Deployment]'] });
    // shop/fresh is isolated both ways: it sends and receives nothing on port 80.
    assert.deepEqual(nodes({ port: 80 }), { added: ['prod/next[Deployment]'], removed: ['prod/legacy[Deployment]', 'shop/gone[Deployment]'] });
    assert.deepEqual(nodes({ from: [query('shop/')], port: 80 }), { added: [], removed: ['shop/gone[Deployment]'] });
  });

  it('when the diff is written as JSON and Markdown, then both follow their contracts', () => {
    const before = view(deployment('web'), deployment('db'), dbOnly('{podSelector: {matchLabels: {app: web}}}'));
    const after = view(deployment('web'), deployment('db'), dbOnly('{podSelector: {matchLabels: {app: web}}}').replace('5432', '5433'));
    const diff = diffViews(before, after);
    assert.deepEqual(JSON.parse(diffJson(diff)), {
      version: 1,
      added: [],
      removed: [],
      changed: [{ from: 'shop/web[Deployment]', to: 'shop/db[Deployment]', before: [{ protocol: 'TCP', ports: [[5432, 5432]] }], after: [{ protocol: 'TCP', ports: [[5433, 5433]] }] }],
      nodes: { added: [], removed: [] },
    });
    assert.equal(
      diffMarkdown(diff, 'Connectivity changes against `main`'),
      [
        '### Connectivity changes against `main`',
        '',
        '**0 added, 0 removed, 1 changed**',
        '',
        '| | from | to | before | after |',
        '| --- | --- | --- | --- | --- |',
        '| ✏️ changed | `shop/web[Deployment]` | `shop/db[Deployment]` | `TCP 5432` | `TCP 5433` |',
        '',
      ].join('\n'),
    );
  });

  it('when an AdminNetworkPolicy is added that denies ingress from every namespace, then the edges between pods are removed, those from outside stay', () => {
    const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: lockdown}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n';
    const before = view(deployment('web'), deployment('db'));
    const after = view(deployment('web'), deployment('db'), anp);
    assert.deepEqual(lines(before, after), [
      'Connectivity changes: 0 added, 2 removed, 0 changed',
      '',
      'Removed:',
      '  - shop/db[Deployment] -> shop/web[Deployment]: all',
      '  - shop/web[Deployment] -> shop/db[Deployment]: all',
    ]);
  });
});
