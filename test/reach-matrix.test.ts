import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Model } from '../src/model/types.ts';
import { buildMatrix, type Matrix } from '../src/reach/matrix.ts';
import type { MatrixNode } from '../src/semantics/nodes.ts';
import { externalEndpoint, INGRESS_CONTROLLER, policyEngineOf, workloadEndpoint, type Endpoint } from '../src/semantics/policy.ts';
import { conformanceCases, policy } from './support/netpol-cases.ts';
import { modelOf, worldManifests } from './support/netpol-world.ts';

function endpointOf(node: MatrixNode): Endpoint {
  if (node.type === 'external') return externalEndpoint(node.range!);
  if (node.type === 'ingress-controller') return INGRESS_CONTROLLER;
  return workloadEndpoint(node.workloads[0]!);
}

/** Every pair of nodes the matrix relates by pair evaluation, where the two must agree. */
function disagreements(model: Model, matrix: Matrix): string[] {
  const engine = policyEngineOf(model);
  const out: string[] = [];
  matrix.nodes.forEach((from, i) => {
    matrix.nodes.forEach((to, j) => {
      if (i === j || from.type === 'ingress-controller' || to.type === 'ingress-controller') return;
      const expected = from.type === 'external' && to.type === 'external' ? 'none' : engine.connections(endpointOf(from), endpointOf(to)).toString();
      const actual = matrix.conn(i, j).toString();
      if (actual !== expected) out.push(`${from.id} -> ${to.id}: matrix ${actual}, engine ${expected}`);
    });
  });
  return out;
}

describe('reach matrix agrees with pair evaluation', () => {
  const world = worldManifests();
  for (const c of conformanceCases) {
    it(`when ${c.name}, then every matrix cell equals the engine's connections`, () => {
      const model = modelOf([world, ...c.policies].join('---\n'));
      const matrix = buildMatrix(model);
      assert.deepEqual(disagreements(model, matrix), []);
      const edges = matrix.edges();
      for (const edge of edges) assert.deepEqual(edge.conn.toString(), matrix.conn(edge.from, edge.to).toString());
    });
  }

  // A seeded generator of policies over a world whose pods name their ports differently, so that
  // classes, named ports and ipBlocks interact in ways no hand-written case lists.
  const random = (seed: number) => () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const selectors = [{}, { matchLabels: { pod: 'a' } }, { matchLabels: { pod: 'b' } }, { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['c'] }] }, { matchLabels: { tier: 'x' } }];
  const namespaceSelectors = [{}, { matchLabels: { ns: 'y' } }, { matchLabels: { 'kubernetes.io/metadata.name': 'z' } }];
  const portLists = [undefined, [{ port: 80 }], [{ port: 'web', protocol: 'TCP' }], [{ port: 80, endPort: 90, protocol: 'UDP' }], [{ protocol: 'SCTP' }], [{ port: 'dns', protocol: 'UDP' }, { port: 81 }]];
  const peerChoices = (next: () => number) => {
    const kind = Math.floor(next() * 5);
    if (kind === 0) return { podSelector: pick(next, selectors) };
    if (kind === 1) return { namespaceSelector: pick(next, namespaceSelectors) };
    if (kind === 2) return { namespaceSelector: pick(next, namespaceSelectors), podSelector: pick(next, selectors) };
    if (kind === 3) return { ipBlock: { cidr: pick(next, ['10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32']), except: pick(next, [[], ['10.1.0.0/16'], ['10.0.0.0/8']]) } };
    return { ipBlock: { cidr: pick(next, ['10.1.2.0/24', '192.168.0.0/16']) } };
  };
  const rules = (next: () => number, field: 'from' | 'to') =>
    Array.from({ length: Math.floor(next() * 3) }, () => {
      const rule: Record<string, unknown> = {};
      const peers = Math.floor(next() * 3);
      if (peers > 0) rule[field] = Array.from({ length: peers }, () => peerChoices(next));
      const ports = pick(next, portLists);
      if (ports) rule.ports = ports;
      return rule;
    });
  const RECORDED: Readonly<Record<string, string>> = {
    'x/a': 'status: {podIP: 10.1.2.5, podIPs: [{ip: 10.1.2.5}]}\n',
    'y/b': 'status: {podIPs: [{ip: 10.2.0.7}, {ip: "2001:db8::7"}]}\n',
    'z/c': 'status: {podIP: 192.168.3.3, hostIP: 10.9.9.9}\n',
  };
  const variedWorld = ['x', 'y', 'z']
    .flatMap((ns, i) =>
      ['a', 'b', 'c'].map((pod, j) => {
        const tier = (i + j) % 2 === 0 ? ', tier: x' : '';
        const ports = `[{name: web, containerPort: ${8000 + i * 10 + j}}, {name: dns, containerPort: 53, protocol: UDP}]`;
        // Some pods are exported with the addresses their status records: ipBlocks admit them by those.
        const status = RECORDED[`${ns}/${pod}`] ?? '';
        return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}, namespace: ${ns}, labels: {pod: ${pod}${tier}}}\nspec:\n  containers: [{name: c, image: i, ports: ${ports}}]\n${status}`;
      }),
    )
    .concat([
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: "y", labels: {ns: "y"}}\n',
      // A host-network pod with the labels of selected pods: no policy applies to it, no selector admits it
      // (unless hostNetworkPods is as-pods); ipBlocks admit it by its node's address.
      'apiVersion: v1\nkind: Pod\nmetadata: {name: h, namespace: x, labels: {pod: a, tier: x}}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: i, ports: [{name: web, containerPort: 9100}]}]\nstatus: {hostIP: 10.1.2.200, podIP: 10.1.2.200}\n',
    ])
    .join('---\n');
  for (let seed = 1; seed <= 50; seed++) {
    // The last seeds treat host-network pods as pods (cluster.hostNetworkPods: as-pods).
    const cluster = seed > 40 ? { hostNetworkPods: 'as-pods' } : undefined;
    it(`when random policies are generated from seed ${seed}${cluster ? ' with host-network pods as pods' : ''}, then the matrix equals pair evaluation`, () => {
      const next = random(seed);
      const policies = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, k) => {
        const spec: Record<string, unknown> = { podSelector: pick(next, selectors) };
        if (next() < 0.7) spec.ingress = rules(next, 'from');
        if (next() < 0.6) spec.egress = rules(next, 'to');
        if (next() < 0.5) spec.policyTypes = pick(next, [['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
        return policy(pick(next, ['x', 'y', 'z']), `p${k}`, spec);
      });
      const model = modelOf([variedWorld, ...policies].join('---\n'), cluster);
      assert.deepEqual(disagreements(model, buildMatrix(model)), [], policies.join('---\n'));
    });
  }
});

describe('reach matrix nodes and edges', () => {
  const manifests = [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}\n',
    'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-5d4f\n  namespace: shop\n  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true, uid: u1}]\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-5d4f-abcde\n  namespace: shop\n  labels: {app: web}\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4f, controller: true, uid: u2}]\nspec: {containers: [{name: c, image: i}]}\n',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: job-pod\n  namespace: shop\n  labels: {app: batch}\n  ownerReferences: [{apiVersion: batch/v1, kind: Job, name: nightly, controller: true, uid: u3}]\nspec: {containers: [{name: c, image: i}]}\n',
    'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: http}]\n',
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]}}]\n',
    policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: {} }] }], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }] }),
  ].join('---\n');
  const model = modelOf(manifests);
  const matrix = buildMatrix(model);
  const ids = matrix.nodes.map((n) => n.id);
  const edgeText = (m: Matrix) => m.edges().map((e) => `${m.nodes[e.from]!.id} -> ${m.nodes[e.to]!.id}: ${e.conn}`);

  it('when Pods and a ReplicaSet are owned (through the chain) by a Deployment, then they are one node; a Job pod is its Job', () => {
    assert.deepEqual(ids.slice(0, 3), ['{ingress-controller}', 'shop/nightly[Job]', 'shop/web[Deployment]']);
    assert.equal(matrix.nodes[2]!.workloads.length, 3);
  });
  it('when an ipBlock and its except are used, then the external nodes are the address space cut by them', () => {
    assert.deepEqual(ids.slice(3), [
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.0.255.255',
      '10.1.0.0-10.1.255.255',
      '10.2.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
      '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });
  it('when edges are listed, then they are sorted, never to self, never between two ranges, and the controller reaches the backend target port', () => {
    const edges = edgeText(matrix);
    assert.deepEqual(edges, [
      '{ingress-controller} -> shop/web[Deployment]: TCP 8080',
      'shop/nightly[Job] -> shop/web[Deployment]: all',
      'shop/nightly[Job] -> 0.0.0.0-9.255.255.255: all',
      'shop/nightly[Job] -> 10.0.0.0-10.0.255.255: all',
      'shop/nightly[Job] -> 10.1.0.0-10.1.255.255: all',
      'shop/nightly[Job] -> 10.2.0.0-10.255.255.255: all',
      'shop/nightly[Job] -> 11.0.0.0-255.255.255.255: all',
      'shop/nightly[Job] -> ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff: all',
      'shop/web[Deployment] -> 10.0.0.0-10.0.255.255: all',
      'shop/web[Deployment] -> 10.2.0.0-10.255.255.255: all',
      '0.0.0.0-9.255.255.255 -> shop/nightly[Job]: all',
      '10.0.0.0-10.0.255.255 -> shop/nightly[Job]: all',
      '10.1.0.0-10.1.255.255 -> shop/nightly[Job]: all',
      '10.2.0.0-10.255.255.255 -> shop/nightly[Job]: all',
      '11.0.0.0-255.255.255.255 -> shop/nightly[Job]: all',
      '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff -> shop/nightly[Job]: all',
    ]);
  });
  // The web pods admit only their own namespace.
  const ownNamespaceOnly = manifests.replace('"ingress":[{"from":[{"namespaceSelector":{}}]}]', '"ingress":[{"from":[{"podSelector":{}}]}]');
  it('when the backend pods admit only their own namespace, then the unconfigured controller has no edge', () => {
    assert.notEqual(ownNamespaceOnly, manifests);
    const closed = modelOf(ownNamespaceOnly);
    assert.ok(!edgeText(buildMatrix(closed)).some((e) => e.startsWith('{ingress-controller}')));
  });
  it('when the controller is configured and admitted, then its edge is on the target port only', () => {
    const closed = modelOf(ownNamespaceOnly, { ingressController: { namespace: 'shop' } });
    assert.deepEqual(edgeText(buildMatrix(closed)).filter((e) => e.startsWith('{ingress-controller}')), ['{ingress-controller} -> shop/web[Deployment]: TCP 8080']);
  });
});
