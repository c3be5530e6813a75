import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rule as podNotIsolated } from '../../rules/pod-not-isolated.ts';
import { exportedDeployment } from '../../test/support/exported-state.ts';
import { modelOf } from '../../test/support/netpol-world.ts';
import { runRule } from '../../test/support/rule-tester.ts';
import { policyEngineOf } from '../semantics/policy.ts';
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
    // explain evaluates the node's head (the Deployment), whichever member the files list first.
    const [explanation] = explainPairs(model, resolveEndpoints(model, query('shop/client')), resolveEndpoints(model, query('shop/web')), { port: 80 });
    assert.equal(explanation!.verdict.allowed, true);
    assert.equal(explanation!.verdict.ingress.isolated, false);
    // The rule reports the node once, at the Deployment, as partly isolated.
    const findings = runRule(podNotIsolated, manifests).filter((d) => d.messageId !== 'noDefaultDeny' && d.messageId !== 'namespace');
    assert.deepEqual(
      findings.map((d) => d.message.slice(0, d.message.indexOf(', so'))),
      ['Deployment "web" is only partly isolated for ingress: NetworkPolicies select Pod "web-5d8-b" but not Deployment "web"', 'Deployment "client" is not isolated for ingress: no NetworkPolicy of namespace "shop" selects it (the ones there, NetworkPolicy "canary", select other pods)'],
    );
  });
});
