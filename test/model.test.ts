import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../src/model/build.ts';
import { parseSources } from '../src/source/parse.ts';
import { toSourceFiles } from './support/rule-tester.ts';

/** The typed model of manifests, as every rule reads it. */
const modelOf = (text: string) => buildModel(parseSources(toSourceFiles(text)));

describe('model of Services', () => {
  it('when targetPort is 0 or "", then it defaults to port as the API server does (SetDefaults_Service)', () => {
    const [service] = modelOf('apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n    - {port: 80, targetPort: 0}\n    - {port: 81, targetPort: ""}\n    - {port: 82, targetPort: 8082}\n').services;
    assert.deepEqual(
      service!.ports.map((p) => [p.targetPort, p.targetPortDefaulted]),
      [
        [80, true],
        [81, true],
        [8082, false],
      ],
    );
  });

  it('when nodePort is 0, then the port has no node port (the API server allocates one)', () => {
    const [service] = modelOf('apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 0}, {port: 81, nodePort: 30081}]\n').services;
    assert.deepEqual(service!.ports.map((p) => p.nodePort), [undefined, 30081]);
  });

  it('when address lists hold entries that are not strings, then each string entry keeps its own index in its path', () => {
    const [service] = modelOf(
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  clusterIPs: [1, 10.96.0.10]\n  externalIPs: [true, 203.0.113.10]\n  loadBalancerSourceRanges: [8, 10.0.0.0/8]\n',
    ).services;
    assert.deepEqual(service!.clusterIPs, [{ value: '10.96.0.10', path: ['spec', 'clusterIPs', 1] }]);
    assert.deepEqual(service!.externalIPs, [{ value: '203.0.113.10', path: ['spec', 'externalIPs', 1] }]);
    assert.deepEqual(service!.loadBalancerSourceRanges, [{ value: '10.0.0.0/8', path: ['spec', 'loadBalancerSourceRanges', 1] }]);
  });
});

describe('model of Ingresses and NetworkPolicies', () => {
  it('when tls hosts hold an entry that is not a string, then the other hosts keep their own index in their path', () => {
    const [ingress] = modelOf('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  tls: [{hosts: [123, a.example.com]}]\n').ingresses;
    assert.deepEqual(ingress!.tls[0]!.hosts, [{ value: 'a.example.com', path: ['spec', 'tls', 0, 'hosts', 1] }]);
  });

  it('when an ipBlock except holds an entry that is not a string, then the other blocks keep their own index in their path', () => {
    const [policy] = modelOf(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [16, 10.1.0.0/16]}}]}]\n',
    ).policies;
    const peer = policy!.ingress[0]!.peers![0]!;
    assert.equal(peer.type, 'ipBlock');
    assert.deepEqual(peer.type === 'ipBlock' && peer.except, [{ value: '10.1.0.0/16', path: ['spec', 'ingress', 0, 'from', 0, 'ipBlock', 'except', 1] }]);
  });
});

describe('model of workloads', () => {
  it('when a workload has a pod template, then labelsPath points at the template labels, and at metadata.labels for a bare Pod', () => {
    const model = modelOf(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n',
    );
    assert.deepEqual(
      model.workloads.map((w) => [w.kind, w.template.labelsPath]),
      [
        ['Pod', ['metadata', 'labels']],
        ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels']],
        ['Deployment', ['spec', 'template', 'metadata', 'labels']],
      ],
    );
  });

  it('when a Namespace or IngressClass declares a namespace, then it stays cluster-scoped while other kinds default theirs', () => {
    const model = modelOf(
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: x}\n---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n',
    );
    assert.deepEqual(
      model.objects.map((o) => [o.kind, o.namespace]),
      [
        ['Namespace', ''],
        ['IngressClass', ''],
        ['Service', 'default'],
      ],
    );
  });
});
