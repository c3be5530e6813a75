import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rule as podNotIsolated } from '../../rules/pod-not-isolated.ts';
import { exportedDeployment } from '../../test/support/exported-state.ts';
import { modelOf } from '../../test/support/netpol-world.ts';
import { runRule } from '../../test/support/rule-tester.ts';
import { resolveConfig } from '../app/config.ts';
import { policyEngineOf } from './policy.ts';
import { evaluateAssertions } from './assertions.ts';
import { describeMember } from './describe.ts';
import { endpointLabel, explainJson, explainPairs, memberEndpoints, namedPortGaps, resolveEndpoints } from '../reach/explain.ts';
import { filterView, membersJoinedBeyond, parseNodeQuery, partialNodes, type NodeQuery } from '../reach/filter.ts';
import { buildMatrix } from '../reach/matrix.ts';
import { describeNode, nodeHead, workloadNodeIndex } from './nodes.ts';

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

  it('when the export holds the Deployment and its Pods but not their ReplicaSet, then the Pods join the Deployment by the ReplicaSet name <deployment>-<pod-template-hash>', () => {
    const withoutReplicaSet = exportedDeployment().split('---\n').filter((_, i) => i !== 1).join('---\n');
    const { nodes } = workloadNodeIndex(modelOf(withoutReplicaSet));
    assert.deepEqual(nodes.map((n) => [n.id, names(n.workloads)]), [['shop/web[Deployment]', ['Deployment/web', 'Pod/web-5d8-a', 'Pod/web-5d8-b']]]);
  });

  it('when a Pod names an absent ReplicaSet whose name its pod-template-hash does not end, or no such Deployment is in the tree, then it stays apart', () => {
    const pods = exportedDeployment().split('---\n').slice(2).join('---\n');
    const otherHash = modelOf(`${exportedDeployment().split('---\n')[0]}---\n${pods.replaceAll('pod-template-hash: 5d8', 'pod-template-hash: 9f1')}`);
    assert.deepEqual(workloadNodeIndex(otherHash).nodes.map((n) => n.id), ['shop/web-5d8[ReplicaSet]', 'shop/web[Deployment]']);
    const otherDeployment = modelOf(`${exportedDeployment({ name: 'api' }).split('---\n')[0]}---\n${pods}`);
    assert.deepEqual(workloadNodeIndex(otherDeployment).nodes.map((n) => n.id), ['shop/api[Deployment]', 'shop/web-5d8[ReplicaSet]']);
  });

  it('when the export holds a CronJob and the Pod of one of its Jobs but not the Job, then the Pod joins the CronJob', () => {
    const cronJob = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: report, namespace: shop}\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: report}}\n        spec: {restartPolicy: Never, containers: [{name: c, image: i}]}\n';
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: report-29410200-x7k2p\n  namespace: shop\n  labels: {app: report, job-name: report-29410200}\n  ownerReferences: [{apiVersion: batch/v1, kind: Job, name: report-29410200, controller: true}]\nspec: {restartPolicy: Never, containers: [{name: c, image: i}]}\n';
    const { nodes } = workloadNodeIndex(modelOf(`${cronJob}---\n${pod}`));
    assert.deepEqual(nodes.map((n) => [n.id, names(n.workloads)]), [['shop/report[CronJob]', ['CronJob/report', 'Pod/report-29410200-x7k2p']]]);
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
      explanations.map((e) => [e.to, e.toMember, e.verdict.allowed, e.verdict.ingress.isolated]),
      [
        ['shop/web[Deployment]', 'Deployment "web"', true, false],
        ['shop/web[Deployment]', 'Pod "web-5d8-b" of Deployment "web"', false, true],
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
    assert.equal(explanation!.fromMember, undefined);
    assert.equal(explanation!.verdict.allowed, true);
  });

  it('when a query names members of a node, then explain narrows the node to them and what they own, by label, name or kind', () => {
    const resolved = (text: string) => resolveEndpoints(model, query(text)).map((e) => [e.name, ...memberEndpoints(e).map((m) => m.member ?? '(whole)')]);
    // A selector names only the members it matches: the canary Pod, named as such.
    assert.deepEqual(resolved('shop/canary=true'), [['shop/web[Deployment]', 'Pod "web-5d8-b" of Deployment "web"']]);
    // A label the Deployment lacks: the topmost matching member alike to it (the ReplicaSet, not its Pod) stands for them.
    assert.deepEqual(resolved('shop/pod-template-hash=5d8'), [['shop/web[Deployment]', 'ReplicaSet "web-5d8" of Deployment "web"', 'Pod "web-5d8-b" of Deployment "web"']]);
    // A name: that member and the members it owns (the ReplicaSet standing for itself and Pod a).
    assert.deepEqual(resolved('shop/web-5d8-a'), [['shop/web[Deployment]', 'Pod "web-5d8-a" of Deployment "web"']]);
    assert.deepEqual(resolved('shop/web-5d8'), [['shop/web[Deployment]', 'ReplicaSet "web-5d8" of Deployment "web"', 'Pod "web-5d8-b" of Deployment "web"']]);
    assert.deepEqual(resolved('shop/web'), [['shop/web[Deployment]', 'Deployment "web"', 'Pod "web-5d8-b" of Deployment "web"']]);
    // A kind names the node by its owner, or a member of that kind and name.
    assert.deepEqual(resolved('shop/web-5d8-b[Pod]'), [['shop/web[Deployment]', 'Pod "web-5d8-b" of Deployment "web"']]);
    assert.deepEqual(resolved('shop/web-5d8[replicaset]'), resolved('shop/web-5d8'));
    assert.deepEqual(resolved('shop/web[Deployment]'), resolved('shop/web'));
    assert.deepEqual(resolved('shop/web-5d8-b[Deployment]'), []);
    assert.deepEqual(resolved('shop/web[Pod]'), []);
  });

  it('when reach filters by part of a node, then it keeps the whole node and says which members its cells also join', () => {
    const matrix = buildMatrix(model);
    const web = matrix.nodes.find((n) => n.id === 'shop/web[Deployment]')!;
    const engine = policyEngineOf(model);
    const canary = query('shop/canary=true');
    const view = filterView({ nodes: matrix.nodes, edges: matrix.edges() }, { from: [query('shop/client')], to: [canary] });
    // The edge is the whole node's (its open members'), though the canary Pod alone is refused.
    assert.deepEqual([...view.edges].map((e) => [view.nodes[e.from]!.id, view.nodes[e.to]!.id, e.conn.isAll()]), [['shop/client[Deployment]', 'shop/web[Deployment]', true]]);
    assert.deepEqual(names(membersJoinedBeyond(engine, canary, web)), ['Deployment/web']);
    // What reach notes: the node, and the members its cells also join, named as findings name them.
    assert.deepEqual(partialNodes(model, canary, view.nodes).map((p) => [p.node.id, p.joined]), [['shop/web[Deployment]', ['Deployment "web"']]]);
    assert.deepEqual(partialNodes(model, query('shop/client'), view.nodes), []);
    // Members the query leaves out but policies treat alike to those it names change nothing.
    assert.deepEqual(names(membersJoinedBeyond(engine, query('shop/web-5d8-a'), web)), ['Pod/web-5d8-b']);
    assert.deepEqual(names(membersJoinedBeyond(engine, query('shop/canary!=true'), web)), ['Pod/web-5d8-b']);
    assert.deepEqual(names(membersJoinedBeyond(engine, query('shop/web'), web)), []);
    assert.deepEqual(names(membersJoinedBeyond(engine, query('shop/pod-template-hash=5d8'), web)), []);
  });

  it('when SRC and DST name members of one node, then explain pairs the members policies tell apart, never an endpoint with itself', () => {
    const explain = (src: string, dst: string) =>
      explainPairs(model, resolveEndpoints(model, query(src)), resolveEndpoints(model, query(dst)), { port: 80 }).map((e) => `${endpointLabel({ name: e.from, member: e.fromMember })} -> ${endpointLabel({ name: e.to, member: e.toMember })}: ${e.verdict.allowed}`);
    assert.deepEqual(explain('shop/web-5d8-a', 'shop/canary=true'), ['shop/web[Deployment] (Pod "web-5d8-a" of Deployment "web") -> shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web"): false']);
    assert.deepEqual(explain('shop/web', 'shop/web'), [
      'shop/web[Deployment] (Deployment "web") -> shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web"): false',
      'shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web") -> shop/web[Deployment] (Deployment "web"): true',
    ]);
    // Nothing else is left to explain: the same member, or an ordinary node with itself.
    assert.deepEqual(explain('shop/canary=true', 'shop/web-5d8-b'), []);
    assert.deepEqual(explain('shop/client', 'shop/client'), []);
  });

  it('when explain writes JSON, then from and to are the node ids reach uses, and the member meant is a field of its own', () => {
    const json = JSON.parse(explainJson(explainPairs(model, resolveEndpoints(model, query('shop/web-5d8-a')), resolveEndpoints(model, query('shop/client')), { port: 80 }))) as { results: Record<string, unknown>[] };
    assert.deepEqual(json.results.map(({ from, fromMember, to, toMember }) => ({ from, fromMember, to, toMember })), [{ from: 'shop/web[Deployment]', fromMember: 'Pod "web-5d8-a" of Deployment "web"', to: 'shop/client[Deployment]', toMember: undefined }]);
    assert.ok(!('toMember' in json.results[0]!));
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

  it('when assertions name a member by name or Kind/name, then they judge it and what it owns; members of one node are never paired, as in the matrix', () => {
    const run = (assertions: Record<string, unknown>[]) =>
      evaluateAssertions(model, resolveConfig({ assertions: assertions.map((a, i) => ({ name: `a${i}`, ...a })) })).map((r) => `${r.status}: ${r.detail.split(' on TCP')[0]}`);
    const from = { workload: 'client' };
    assert.deepEqual(
      run([
        { from, to: { workload: 'web-5d8' }, port: 80, expect: 'allow' },
        { from, to: { workload: 'ReplicaSet/web-5d8' }, port: 80, expect: 'allow' },
        { from, to: { workload: 'Pod/web-5d8-b' }, port: 80, expect: 'deny' },
        { from, to: { workload: 'Pod/web-5d8-a' }, port: 80, expect: 'allow' },
        { from, to: { workload: 'Deployment/web-5d8-b' }, port: 80, expect: 'deny' },
        { from: { workload: 'Pod/web-5d8-a' }, to: { labels: { canary: 'true' } }, port: 80, expect: 'deny' },
      ]),
      [
        'fail: shop/client[Deployment] may not reach shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web")',
        'fail: shop/client[Deployment] may not reach shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web")',
        'pass: denied for the one pair',
        'pass: allowed for the one pair',
        'error: "to" (workload Deployment/web-5d8-b in any namespace) matches no workload',
        'error: "from" and "to" match the same workload only',
      ],
    );
  });
});

describe('a node whose owner is not in the tree', () => {
  // The Pods of a ReplicaSet the export left out: the node is the ReplicaSet, headed by the first Pod.
  const manifests = `${exportedDeployment({ secondPodLabels: ', canary: "true"' }).split('---\n').slice(2).join('---\n')}---\n${client}---\n${canaryDeny}`;
  const model = modelOf(manifests);

  it('when explain and the rules name its members, then they name the owner by kind and name, not the head Pod', () => {
    const explanations = explainPairs(model, resolveEndpoints(model, parseNodeQuery('shop/client') as NodeQuery), resolveEndpoints(model, parseNodeQuery('shop/web-5d8') as NodeQuery), { port: 80 });
    assert.deepEqual(
      explanations.map((e) => [e.to, e.toMember, e.verdict.allowed]),
      [
        ['shop/web-5d8[ReplicaSet]', 'Pod "web-5d8-a" of ReplicaSet "web-5d8"', true],
        ['shop/web-5d8[ReplicaSet]', 'Pod "web-5d8-b" of ReplicaSet "web-5d8"', false],
      ],
    );
    const node = workloadNodeIndex(model).nodes.find((n) => n.id === 'shop/web-5d8[ReplicaSet]')!;
    assert.equal(describeNode(node), 'ReplicaSet "web-5d8"');
    assert.equal(describeMember(nodeHead(node), node), 'Pod "web-5d8-a" of ReplicaSet "web-5d8"');
    const findings = runRule(podNotIsolated, manifests).filter((d) => d.messageId === 'members');
    assert.deepEqual(
      findings.map((d) => d.message.slice(0, d.message.indexOf(', so'))),
      ['ReplicaSet "web-5d8" is only partly isolated for ingress: NetworkPolicies select Pod "web-5d8-b" but not Pod "web-5d8-a"'],
    );
  });

  it('when a query names only the Pod heading the node, then explain and assertions name that member, not the whole ReplicaSet', () => {
    const endpoints = (text: string) => resolveEndpoints(model, parseNodeQuery(text) as NodeQuery);
    const explanations = explainPairs(model, endpoints('shop/web-5d8-a'), endpoints('shop/client'), { port: 80 });
    assert.deepEqual(explanations.map((e) => [e.from, e.fromMember]), [['shop/web-5d8[ReplicaSet]', 'Pod "web-5d8-a" of ReplicaSet "web-5d8"']]);
    assert.match(explainJson(explanations), /"fromMember": "Pod \\"web-5d8-a\\" of ReplicaSet \\"web-5d8\\""/);
    // The node named whole (by its owner) is still its head alone.
    assert.deepEqual(explainPairs(model, endpoints('shop/web-5d8[ReplicaSet]'), endpoints('shop/client'), { port: 80 }).map((e) => e.fromMember), [undefined]);
    const [result] = evaluateAssertions(model, resolveConfig({ assertions: [{ name: 'a', from: { workload: 'Pod/web-5d8-a' }, to: { workload: 'client' }, port: 80, expect: 'deny' }] }));
    assert.match(result!.detail, /^shop\/web-5d8\[ReplicaSet\] \(Pod "web-5d8-a" of ReplicaSet "web-5d8"\) may reach shop\/client\[Deployment\]/);
  });

  it('when a node has one workload, then it is named as itself, with or without an owner in the tree', () => {
    const lone = modelOf(exportedDeployment().split('---\n')[2]!);
    const [node] = workloadNodeIndex(lone).nodes;
    assert.equal(node!.id, 'shop/web-5d8[ReplicaSet]');
    assert.equal(describeNode(node!), 'Pod "web-5d8-a"');
    assert.equal(describeMember(nodeHead(node!), node!), 'Pod "web-5d8-a"');
  });
});

describe('a node whose members declare different container ports', () => {
  // The canary Pod declares only `metrics`; the Deployment, its ReplicaSet and the other Pod only `http`.
  const manifests = exportedDeployment({ container: '{name: main, image: x, ports: [{name: http, containerPort: 8080}]}', secondPodLabels: ', canary: "true"' })
    .split('---\n')
    .map((doc) => (doc.includes('web-5d8-b') ? doc.replace('{name: http, containerPort: 8080}', '{name: metrics, containerPort: 9090}') : doc))
    .join('---\n');
  const model = modelOf(`${manifests}---\n${client}---\n${canaryDeny}`);
  const query = (text: string) => parseNodeQuery(text) as NodeQuery;
  const sources = resolveEndpoints(model, query('shop/client'));
  const destinations = resolveEndpoints(model, query('shop/web'));
  const explain = (name: string) => explainPairs(model, sources, destinations, { name, protocol: 'TCP' }).map((e) => `${endpointLabel({ name: e.to, member: e.toMember })} ${e.query.port}`);
  const gaps = (name: string) => namedPortGaps(model, destinations, { name, protocol: 'TCP' }).map((gap) => ({ lacking: gap.lacking.map(endpointLabel), all: gap.all }));

  it('when --port names a port only a member other than the head declares, then that member is explained and the others are the gap', () => {
    assert.deepEqual(explain('metrics'), ['shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web") 9090']);
    assert.deepEqual(gaps('metrics'), [{ lacking: ['shop/web[Deployment] (Deployment "web")'], all: false }]);
  });

  it('when --port names a port the head declares and a member lacks, then the head is explained and the member is the gap', () => {
    assert.deepEqual(explain('http'), ['shop/web[Deployment] (Deployment "web") 8080']);
    assert.deepEqual(gaps('http'), [{ lacking: ['shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web")'], all: false }]);
  });

  it('when --port names a port no member declares, then the whole destination is the gap and nothing is explained', () => {
    assert.deepEqual(explain('grpc'), []);
    assert.deepEqual(gaps('grpc'), [{ lacking: ['shop/web[Deployment] (Deployment "web")', 'shop/web[Deployment] (Pod "web-5d8-b" of Deployment "web")'], all: true }]);
  });
});
