import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterView, matchesNode, parseNodeQuery, type NodeQuery } from '../src/reach/filter.ts';
import { buildMatrix } from '../src/reach/matrix.ts';
import { formatSelector } from '../src/semantics/selector.ts';
import { parseSelector } from '../src/semantics/selector-syntax.ts';
import { modelOf, worldManifests } from './support/netpol-world.ts';
import { policy } from './support/netpol-cases.ts';

describe('label selector syntax', () => {
  const cases: [string, string][] = [
    ['app=web', 'app=web'],
    ['app==web, tier=front', 'app=web, tier=front'],
    ['env!=dev', 'env notin (dev)'],
    ['tier in (a, b),env notin (dev)', 'tier in (a,b), env notin (dev)'],
    ['legacy,!canary', 'legacy, !canary'],
    ['app.kubernetes.io/name=web', 'app.kubernetes.io/name=web'],
    ['', '<all>'],
  ];
  for (const [text, printed] of cases) {
    it(`when "${text}" is parsed, then it reads as ${printed}`, () => {
      const selector = parseSelector(text);
      assert.ok(!('error' in selector), JSON.stringify(selector));
      assert.equal(formatSelector(selector), printed);
    });
  }
  for (const bad of ['app=web,', 'tier in (a', 'a=b=c', 'app=web,app=api', 'x y']) {
    it(`when "${bad}" is parsed, then it is an error`, () => {
      assert.ok('error' in parseSelector(bad));
    });
  }
});

describe('node queries', () => {
  const model = modelOf([worldManifests(), policy('x', 'egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] })].join('---\n'));
  const matrix = buildMatrix(model);
  const ids = (text: string) => {
    const query = parseNodeQuery(text) as NodeQuery;
    assert.ok(!('error' in query), text);
    return matrix.nodes.filter((n) => matchesNode(query, n)).map((n) => n.id);
  };
  const cases: [string, string[]][] = [
    ['x/a[Pod]', ['x/a[Pod]']],
    ['x/a[pod]', ['x/a[Pod]']],
    ['x/a[Deployment]', []],
    ['b', ['x/b[Pod]', 'y/b[Pod]', 'z/b[Pod]']],
    ['y/', ['y/a[Pod]', 'y/b[Pod]', 'y/c[Pod]']],
    ['y/pod in (a,c)', ['y/a[Pod]', 'y/c[Pod]']],
    ['*/pod=c', ['x/c[Pod]', 'y/c[Pod]', 'z/c[Pod]']],
    ['pod!=a,pod!=b', ['x/c[Pod]', 'y/c[Pod]', 'z/c[Pod]']],
    ['10.1.2.3', ['10.0.0.0-10.255.255.255']],
    ['10.0.0.0/7', ['10.0.0.0-10.255.255.255', '11.0.0.0-255.255.255.255']],
    ['10.255.0.0/15', ['10.0.0.0-10.255.255.255']],
    ['external', ['0.0.0.0-9.255.255.255', '10.0.0.0-10.255.255.255', '11.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']],
  ];
  for (const [text, expected] of cases) {
    it(`when nodes are named "${text}", then they are ${expected.join(', ') || 'none'}`, () => {
      assert.deepEqual(ids(text), expected);
    });
  }
  it('when a label key has a dotted prefix, then it is a selector and not a namespace', () => {
    assert.deepEqual(parseNodeQuery('app.kubernetes.io/name=web'), { type: 'workload', selector: { matchLabels: { 'app.kubernetes.io/name': 'web' }, matchExpressions: [] } });
  });
  it('when a kind carries its group (a custom workload named like a built-in kind), then it is a name and kind query', () => {
    assert.deepEqual(parseNodeQuery('shop/db[StatefulSet.apps.kruise.io]'), { type: 'workload', namespace: 'shop', name: 'db', kind: 'StatefulSet.apps.kruise.io' });
  });
  it('when an address is malformed, then it is an error', () => {
    assert.ok('error' in parseNodeQuery('10.0.0.300'));
  });
  it('when the view is filtered by from, to and port, then only those edges remain, narrowed to the port', () => {
    const view = filterView({ nodes: matrix.nodes, edges: matrix.edges() }, { from: [parseNodeQuery('x/a') as NodeQuery], to: [parseNodeQuery('10.0.0.0/8') as NodeQuery, parseNodeQuery('y/a') as NodeQuery], port: 443 });
    assert.deepEqual(
      [...view.edges].map((e) => `${view.nodes[e.from]!.id} -> ${view.nodes[e.to]!.id}: ${e.conn}`),
      ['x/a[Pod] -> 10.0.0.0-10.255.255.255: TCP 443'],
    );
    assert.deepEqual(view.nodes.map((n) => n.id), ['x/a[Pod]', 'y/a[Pod]', '10.0.0.0-10.255.255.255']);
  });
});
