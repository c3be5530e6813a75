import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rule as podNotIsolated } from '../../rules/pod-not-isolated.ts';
import { exportedDeployment } from '../../test/support/exported-state.ts';
import { modelOf } from '../../test/support/netpol-world.ts';
import { runRule } from '../../test/support/rule-tester.ts';
import { resolveConfig } from '../config/load.ts';
import { policyEngineOf } from '../semantics/policy.ts';
import { evaluateAssertions } from './assertions.ts';
import { explainPairs, resolveEndpoints } from './explain.ts';
import { parseNodeQuery, type NodeQuery } from './filter.ts';
import { buildMatrix } from './matrix.ts';
import { nodeHead, workloadNodeIndex } from './nodes.ts';

/** Exported state as `kubectl get all -o yaml` lists it: Pods first, then the ReplicaSet, then the Deployment. */
const podsFirst = (secondPodLabels = '') => exportedDeployment({ secondPodLabels }).split('---\n').reverse().join('---\n');
const client = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: shop}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec: {containers: [{name: c, image: i}]}\n';
const canaryDeny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: canary, namespace: shop}\nspec:\n  podSelector: {matchLabels: {canary: "true"}}\n  ingress: []\n';
const names = (list: readonly { readonly kind: string; readonly object: { readonly name: string } }[]) => list.map((w) => `${w.kind}/${w.object.name}`);

describe('workload nodes', () => {
  it('when exported Pods come before their ReplicaSet and Deployment, then the node is headed by the Deployment, the others in file order', () => {
    const [node] = workloadNodeIndex(modelOf(podsFirst())).nodes;
    assert.equal(node!.id, 'shop/web[Deployment]');
    assert.deepEqual(names(node!.workloads), ['Deployment/web', 'Pod/web-5d8-b', 'Pod/web-5d8-a', 'ReplicaSet/web-5d8']);
  });

  it('when the owning Deployment is not in the tree, then the ReplicaSet (the member no other member owns) heads the node', () => {
    const withoutDeployment = exportedDeployment().split('---\n').slice(1).reverse().join('---\n');
    const [node] = workloadNodeIndex(modelOf(withoutDeployment)).nodes;
    assert.equal(node!.id, 'shop/web[Deployment]');
    assert.equal(nodeHead(node!).kind, 'ReplicaSet');
  });

  it('when members differ only in labels no policy reads (pod-template-hash), then the engine tells none apart; a label a policy selects sets its Pod apart', () => {
    const plain = modelOf(`${podsFirst()}---\n${canaryDeny}`);
    assert.deepEqual(names(policyEngineOf(plain).distinctWorkloads(workloadNodeIndex(plain).nodes[0]!.workloads)), ['Deployment/web']);
    const canary = modelOf(`${podsFirst(', canary: "true"')}---\n${canaryDeny}`);
    assert.deepEqual(names(policyEngineOf(canary).distinctWorkloads(workloadNodeIndex(canary).nodes[0]!.workloads)), ['Deployment/web', 'Pod/web-5d8-b']);
  });
});

describe('a node whose members policies tell apart', () => {
  const manifests = `${podsFirst(', canary: "true"')}---\n${client}---\n${canaryDeny}`;
  const model = modelOf(manifests);
  const query = (text: string) => parseNodeQuery(text) as NodeQuery;

  it('when a policy isolates one exported Pod only, then reach, explain and pod-not-isolated agree: the node accepts what its open members accept', () => {
    const matrix = buildMatrix(model);
    const index = (id: string) => matrix.nodes.findIndex((n) => n.id === id);
    // The matrix joins the node's members: the Deployment's template pods are not isolated.
    assert.ok(matrix.conn(index('shop/client[Deployment]'), index('shop/web[Deployment]')).isAll());
    // explain evaluates each member policies tell apart, whichever member the files list first.
    const explanations = explainPairs(model, resolveEndpoints(model, query('shop/client')), resolveEndpoints(model, query('shop/web')), { port: 80 });
    assert.deepEqual(
      explanations.map((e) => [e.to, e.verdict.allowed, e.verdict.ingress.isolated]),
      [
        ['shop/web[Deployment] (Deployment "web")', true, false],
        ['shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web")', false, true],
      ],
    );
    // The rule reports the node once, at the Deployment, as partly isolated.
    const findings = runRule(podNotIsolated, manifests).filter((d) => d.messageId !== 'noDefaultDeny' && d.messageId !== 'namespace');
    assert.deepEqual(
      findings.map((d) => d.message.slice(0, d.message.indexOf(', so'))),
      ['Deployment "web" is only partly isolated for ingress: NetworkPolicies select Pod "web-5d8-b" but not Deployment "web"', 'Deployment "client" is not isolated for ingress: no NetworkPolicy of namespace "shop" selects it (the ones there, NetworkPolicy "canary", select other pods)'],
    );
  });

  it('when the members differ toward the other endpoint only on one side, then explain names the node once on the side where they agree', () => {
    const [explanation, ...rest] = explainPairs(model, resolveEndpoints(model, query('shop/web')), resolveEndpoints(model, query('shop/client')), { port: 80 });
    assert.deepEqual(rest, []);
    assert.equal(explanation!.from, 'shop/web[Deployment]');
    assert.equal(explanation!.verdict.allowed, true);
    // A selector names only the members it matches: the canary Pod, named as such.
    assert.deepEqual(resolveEndpoints(model, query('shop/canary=true')).map((e) => [e.name, e.members]), [['shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web")', undefined]]);
    // A label the Deployment lacks: the first matching member alike to it (in file order) stands for them.
    assert.deepEqual(resolveEndpoints(model, query('shop/pod-template-hash=5d8'))[0]!.members!.map((e) => e.name), ['shop/web[Deployment] (Pod "web-5d8-a" of Deployment "web")', 'shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web")']);
    assert.deepEqual(resolveEndpoints(model, query('shop/web-5d8-a')).map((e) => [e.name, e.members]), [['shop/web[Deployment]', undefined]]);
  });

  it('when assertions name the node, then every member counts: allow fails on the isolated Pod, deny fails on the open Deployment, as the matrix edge says', () => {
    const run = (assertions: Record<string, unknown>[]) =>
      evaluateAssertions(model, resolveConfig({ assertions: assertions.map((a, i) => ({ name: `a${i}`, ...a })) })).map((r) => `${r.status}: ${r.detail}`);
    const from = { workload: 'client' };
    assert.deepEqual(run([{ from, to: { workload: 'web' }, port: 80, expect: 'allow' }, { from, to: { workload: 'web' }, port: 80, expect: 'deny' }, { from, to: { labels: { canary: 'true' } }, port: 80, expect: 'deny' }, { from: { workload: 'web' }, to: from, port: 80, expect: 'allow' }]), [
      'fail: shop/client[Deployment] may not reach shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web") on TCP 80: the ingress of shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web") is isolated by NetworkPolicy "canary", and no rule allows the connection',
      'fail: shop/client[Deployment] may reach shop/web[Deployment] (Deployment "web") on TCP 80: no NetworkPolicy isolates shop/client[Deployment] for egress; no NetworkPolicy isolates shop/web[Deployment] (Deployment "web") for ingress',
      'pass: denied for the one pair',
      'pass: allowed for all 2 pairs',
    ]);
  });
});
