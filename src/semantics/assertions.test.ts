import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../app/config.ts';
import { modelOf } from '../../test/support/netpol-world.ts';
import { assertionsMarkdown, assertionsText, evaluateAssertions } from './assertions.ts';

const deployment = (name: string, namespace: string, labels: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {${labels}}}\n  template:\n    metadata: {labels: {${labels}}}\n    spec: {containers: [{name: main, image: x}]}\n`;
const policy = (name: string, namespace: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${spec}\n`;

// dev/a and dev/b; prod/api admits dev/a only, and 10.0.0.0/8 from outside; prod/db admits nothing.
const model = modelOf(
  [
    deployment('a', 'dev', 'app: a, env: dev'),
    deployment('b', 'dev', 'app: b, env: dev'),
    deployment('api', 'prod', 'app: api'),
    deployment('db', 'prod', 'app: db'),
    policy('api', 'prod', '{podSelector: {matchLabels: {app: api}}, ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: a}}}, {ipBlock: {cidr: 10.0.0.0/8}}]}]}'),
    policy('db', 'prod', '{podSelector: {matchLabels: {app: db}}, policyTypes: [Ingress]}'),
  ].join('---\n'),
);
const run = (assertions: Record<string, unknown>[]) =>
  evaluateAssertions(model, resolveConfig({ assertions: assertions.map((a, i) => ({ name: `a${i}`, ...a })) })).map((r) => `${r.status}: ${r.detail}`);

describe('reachability assertions', () => {
  it('when some but not every source reaches the destination, then both allow and deny fail', () => {
    const from = { namespace: 'dev' };
    const to = { workload: 'api' };
    assert.deepEqual(run([{ from, to, expect: 'allow' }, { from, to, expect: 'deny' }]), [
      'fail: dev/b[Deployment] may not reach prod/api[Deployment] on any connection: the ingress of prod/api[Deployment] is isolated by NetworkPolicy "api", and no rule allows the connection',
      'fail: dev/a[Deployment] may reach prod/api[Deployment] on any connection: no NetworkPolicy isolates dev/a[Deployment] for egress; the ingress of prod/api[Deployment] is allowed by NetworkPolicy "api" ingress[0]',
    ]);
  });

  it('when every pair agrees, then the assertion passes and counts the pairs', () => {
    assert.deepEqual(run([{ from: { labels: { env: 'dev' } }, to: { namespace: 'prod', labels: { app: 'db' } }, port: 5432, expect: 'deny' }, { from: { workload: 'Deployment/a' }, to: { workload: 'api' }, port: 8080, protocol: 'UDP', expect: 'allow' }]), [
      'pass: denied for all 2 pairs',
      'pass: allowed for the one pair',
    ]);
  });

  it('when a CIDR source spans ranges the policies treat differently, then each piece is a source', () => {
    assert.deepEqual(run([{ from: { cidr: '10.1.0.0/16' }, to: { workload: 'api' }, expect: 'allow' }, { from: { cidr: '0.0.0.0/0' }, to: { workload: 'api' }, expect: 'deny' }, { from: { cidr: '0.0.0.0/0' }, to: { workload: 'api' }, expect: 'allow' }]), [
      'pass: allowed for the one pair',
      'fail: 10.0.0.0-10.255.255.255 may reach prod/api[Deployment] on any connection: no NetworkPolicy applies to the egress of 10.0.0.0-10.255.255.255 (outside the cluster); the ingress of prod/api[Deployment] is allowed by NetworkPolicy "api" ingress[0]',
      'fail: 0.0.0.0-9.255.255.255 may not reach prod/api[Deployment] on any connection: the ingress of prod/api[Deployment] is isolated by NetworkPolicy "api", and no rule allows the connection',
    ]);
  });

  it('when the ingress controller is not configured, then only rules admitting every pod admit it', () => {
    assert.deepEqual(run([{ from: { ingressController: true }, to: { workload: 'api' }, port: 80, expect: 'deny' }, { from: { ingressController: true }, to: { workload: 'a' }, port: 80, expect: 'allow' }]), [
      'pass: denied for the one pair',
      'pass: allowed for the one pair',
    ]);
  });

  it('when endpoints are ambiguous, match nothing, or are the same workload, then the assertion is an error', () => {
    assert.deepEqual(run([{ from: { cidr: '10.0.0.0/8', namespace: 'dev' }, to: { workload: 'api' }, expect: 'deny' }, { from: { workload: 'api' }, to: { namespace: 'qa' }, expect: 'deny' }, { from: { workload: 'api' }, to: { workload: 'api' }, expect: 'allow' }]), [
      'error: "from" must give one of: ingressController, gateway, cidr, or namespace/labels/workload',
      'error: "to" (in namespace qa) matches no workload',
      'error: "from" and "to" match the same workload only',
    ]);
  });

  it('when results are formatted, then every assertion is listed with its result', () => {
    const config = resolveConfig({ assertions: [{ name: 'dev | prod', from: { namespace: 'dev' }, to: { workload: 'db' }, expect: 'deny' }, { name: 'typo', from: { namespace: 'qa' }, to: { workload: 'db' }, expect: 'deny' }] });
    const results = evaluateAssertions(model, config);
    assert.equal(evaluateAssertions(model, config), results, 'memoised per model and assertion list');
    assert.equal(assertionsText(results), 'Assertions: 1 of 2 hold\n  ✔ dev | prod: holds (denied for all 2 pairs)\n  ✖ typo: cannot be checked ("from" (in namespace qa) matches no workload)\n');
    assert.equal(
      assertionsMarkdown(results),
      [
        '### Reachability assertions',
        '',
        '| | assertion | expect | from | to | result |',
        '| --- | --- | --- | --- | --- | --- |',
        '| ✅ | dev \\| prod | deny | in namespace dev | workload db in any namespace | denied for all 2 pairs |',
        '| ⚠️ | typo | deny | in namespace qa | workload db in any namespace | "from" (in namespace qa) matches no workload |',
        '',
      ].join('\n'),
    );
    assert.equal(assertionsText([]), '');
  });

  it('when an AdminNetworkPolicy denies what the NetworkPolicy allows, then the assertion fails and names the deciding rule with its priority', () => {
    const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: no-dev}\nspec:\n  priority: 7\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: prod}}}\n  ingress: [{name: dev, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: dev}}}]}]\n';
    const withAnp = modelOf([deployment('a', 'dev', 'app: a, env: dev'), deployment('api', 'prod', 'app: api'), policy('api', 'prod', '{podSelector: {matchLabels: {app: api}}, ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: a}}}]}]}'), anp].join('---\n'));
    const results = evaluateAssertions(withAnp, resolveConfig({ assertions: [{ name: 'a-to-api', from: { workload: 'a' }, to: { workload: 'api' }, port: 80, expect: 'allow' }] }));
    assert.deepEqual(results.map((r) => `${r.status}: ${r.detail}`), [
      'fail: dev/a[Deployment] may not reach prod/api[Deployment] on TCP 80: the ingress of prod/api[Deployment] is denied by AdminNetworkPolicy "no-dev" ingress[0] "dev" (Deny, priority 7)',
    ]);
  });
});
