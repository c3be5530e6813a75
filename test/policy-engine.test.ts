import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateTarget } from '../src/model/locate.ts';
import type { Model } from '../src/model/types.ts';
import { parseCidrOrAddress } from '../src/semantics/address-range.ts';
import { externalEndpoint, INGRESS_CONTROLLER, podEndpoint, policyEngineOf, workloadEndpoint, type Endpoint } from '../src/semantics/policy.ts';
import { positionAt } from '../src/source/text.ts';
import { modelOf } from './support/netpol-world.ts';

const deployment = (namespace: string, name: string, labels: Record<string, string>, ports = '[{name: http, containerPort: 8080}]') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: ${JSON.stringify(labels)}}
  template:
    metadata: {labels: ${JSON.stringify(labels)}}
    spec:
      containers: [{name: main, image: x, ports: ${ports}}]
`;
const policy = (namespace: string, name: string, spec: Record<string, unknown>) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec: ${JSON.stringify(spec)}\n`;

const workload = (model: Model, namespace: string, name: string): Endpoint => {
  const found = model.workloads.find((w) => w.object.namespace === namespace && w.object.name === name);
  assert.ok(found, `${namespace}/${name}`);
  return workloadEndpoint(found);
};
const external = (text: string): Endpoint => externalEndpoint(parseCidrOrAddress(text)!);
/** A DaemonSet whose pods run on the node's network (spec.hostNetwork). */
const hostNetworkDaemonSet = (namespace: string, name: string, labels: Record<string, string>) =>
  deployment(namespace, name, labels).replace('kind: Deployment', 'kind: DaemonSet').replace('    spec:\n', '    spec:\n      hostNetwork: true\n');

describe('policy engine: addresses outside the cluster', () => {
  const model = modelOf(
    [
      deployment('app', 'web', { app: 'web' }),
      policy('app', 'egress-out', {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { ipBlock: { cidr: '2001:db8::/32' } }], ports: [{ port: 443 }] }],
      }),
      policy('app', 'ingress-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16' } }] }] }),
    ].join('---\n'),
  );
  const engine = policyEngineOf(model);
  const web = workload(model, 'app', 'web');

  const cases: [string, string, boolean][] = [
    ['a range inside the cidr and outside the except', '10.2.0.0/16', true],
    ['one address inside the cidr', '10.200.3.4', true],
    ['a range inside the except', '10.1.2.0/24', false],
    ['a range that straddles the except', '10.0.0.0/8', false],
    ['an address outside the cidr', '8.8.8.8', false],
    ['an IPv6 range inside an IPv6 cidr', '2001:db8:1::/48', true],
    ['an IPv6 address outside it', '2001:db9::1', false],
  ];
  for (const [name, target, allowed] of cases) {
    it(`when egress goes to ${name} (${target}) on TCP 443, then it is ${allowed ? 'allowed' : 'denied'}`, () => {
      assert.equal(engine.evaluate(web, external(target), { port: 443 }).allowed, allowed);
    });
  }
  it('when egress goes to an allowed range on another port, then it is denied', () => {
    assert.equal(engine.evaluate(web, external('10.2.0.0/16'), { port: 80 }).allowed, false);
  });
  it('when an external source is inside the ingress ipBlock, then it may reach the pod on any port', () => {
    const verdict = engine.evaluate(external('192.168.1.1'), web, { port: 9999, protocol: 'UDP' });
    assert.equal(verdict.allowed, true);
    assert.equal(verdict.egress.governed, false);
    assert.equal(verdict.ingress.rules[0]?.peer?.type, 'ipBlock');
  });
  it('when an external source is outside the ingress ipBlock, then it is denied', () => {
    assert.equal(engine.evaluate(external('172.16.0.1'), web).allowed, false);
  });
});

describe('policy engine: verdict details', () => {
  const files = {
    'web.yaml': deployment('shop', 'web', { app: 'web' }),
    'db.yaml': deployment('shop', 'db', { app: 'db' }, '[{name: pg, containerPort: 5432}]'),
    'policies.yaml': [
      policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      policy('shop', 'db-from-web', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'pg' }] }] }),
      policy('shop', 'web-to-db', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 'pg' }] }] }),
    ].join('---\n'),
  };
  const model = modelOf(files);
  const engine = policyEngineOf(model);
  const web = workload(model, 'shop', 'web');
  const db = workload(model, 'shop', 'db');

  it('when both sides allow the named port, then the verdict names the allowing rule on each side with its line', () => {
    const verdict = engine.evaluate(web, db, { port: 5432 });
    assert.equal(verdict.allowed, true);
    assert.equal(verdict.connections.toString(), 'TCP 5432');
    assert.deepEqual(verdict.egress.policies.map((p) => p.object.name), ['default-deny', 'web-to-db']);
    const [egressRule] = verdict.egress.rules;
    assert.equal(egressRule?.policy.object.name, 'web-to-db');
    assert.deepEqual(egressRule?.rule.path, ['spec', 'egress', 0]);
    assert.equal(egressRule?.allowsQuery, true);
    const ingressRule = verdict.ingress.rules[0]!;
    const { file, span } = locateTarget({ object: ingressRule.policy.object, path: ingressRule.rule.path });
    assert.equal(file.path, 'policies.yaml');
    assert.equal(positionAt(file, span.start).line, 13);
  });
  it('when the port is not the named one, then it is denied though the rules match the peer', () => {
    const verdict = engine.evaluate(web, db, { port: 8080 });
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.ingress.rules.length, 1);
    assert.equal(verdict.ingress.rules[0]!.allowsQuery, false);
  });
  it('when the reverse direction is asked, then no rule matches and both sides are isolated', () => {
    const verdict = engine.evaluate(db, web);
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.egress.isolated && verdict.ingress.isolated, true);
    assert.deepEqual([verdict.egress.rules.length, verdict.ingress.rules.length], [0, 0]);
  });
  it('when asked for isolation, then it lists the policies per direction', () => {
    const isolation = engine.isolation(db);
    assert.deepEqual(isolation.ingress.map((p) => p.object.name), ['default-deny', 'db-from-web']);
    assert.deepEqual(isolation.egress.map((p) => p.object.name), ['default-deny']);
  });
  it('when an egress named port is resolved, then it uses the destination pod, which may not declare it', () => {
    const hypothetical = podEndpoint('shop', { app: 'db' });
    assert.equal(engine.evaluate(web, hypothetical, { port: 5432 }).egress.allowed, false);
    const declaring = podEndpoint('shop', { app: 'db' }, [{ name: 'pg', containerPort: 6432, protocol: 'TCP', path: [] }]);
    assert.equal(engine.evaluate(web, declaring).connections.toString(), 'TCP 6432');
  });
});

describe('policy engine: named ports of sidecars', () => {
  /** app=db with a main container and an init container, `restartPolicy` given, declaring port "metrics". */
  const withInit = (restartPolicy: string) =>
    deployment('shop', 'db', { app: 'db' }, '[{name: pg, containerPort: 5432}]').replace(
      '    spec:\n',
      `    spec:\n      initContainers: [{name: agent, image: x, ${restartPolicy}ports: [{name: metrics, containerPort: 9102}]}]\n`,
    );
  const allowMetrics = policy('shop', 'metrics', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'metrics' }] }] });

  it('when a policy allows a port named by a sidecar (an init container with restartPolicy: Always), then that port is allowed', () => {
    const model = modelOf([withInit('restartPolicy: Always, '), allowMetrics].join('---\n'));
    const db = workload(model, 'shop', 'db');
    assert.equal(policyEngineOf(model).evaluate(external('10.0.0.1'), db).connections.toString(), 'TCP 9102');
  });
  it('when the init container is not a sidecar, then it has exited and its named port allows nothing', () => {
    const model = modelOf([withInit(''), allowMetrics].join('---\n'));
    const db = workload(model, 'shop', 'db');
    assert.equal(policyEngineOf(model).evaluate(external('10.0.0.1'), db).allowed, false);
  });
});

describe('policy engine: host-network pods', () => {
  const model = modelOf(
    [
      hostNetworkDaemonSet('node', 'agent', { app: 'agent' }),
      deployment('shop', 'web', { app: 'web' }),
      deployment('shop', 'db', { app: 'db' }),
      policy('node', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] }),
      policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 5432 }] }] }),
    ].join('---\n'),
  );
  const engine = policyEngineOf(model);
  const agent = workload(model, 'node', 'agent');
  const web = workload(model, 'shop', 'web');
  const db = workload(model, 'shop', 'db');

  it('when a default deny selects a host-network pod, then no policy governs it and both its sides allow everything', () => {
    assert.equal(engine.governs(agent), false);
    assert.deepEqual(engine.isolation(agent), { ingress: [], egress: [] });
    const inbound = engine.evaluate(web, agent, { port: 9100 });
    assert.equal(inbound.allowed, true);
    assert.deepEqual([inbound.ingress.governed, inbound.ingress.ungoverned], [false, 'host-network']);
    assert.equal(engine.evaluate(agent, db, { port: 5432 }).egress.governed, false);
  });
  it('when a peer selects every pod of every namespace, then it still does not admit a host-network pod', () => {
    assert.equal(engine.evaluate(agent, web).allowed, false);
    assert.equal(engine.evaluate(db, web).allowed, true);
  });
  it('when a rule has no from, then it admits a host-network pod like any source', () => {
    assert.equal(engine.evaluate(agent, db, { port: 5432 }).allowed, true);
  });
  it('when looked up in bulk, then host-network pods are neither selected nor admitted', () => {
    const [deny, webPolicy] = model.policies;
    assert.deepEqual(engine.workloadsSelectedBy(deny!), []);
    assert.deepEqual(engine.workloadsMatchingPeer(webPolicy!, webPolicy!.ingress[0]!.peers![0]!).map((w) => w.object.name).sort(), ['db', 'web']);
  });
});

describe('policy engine: host-network pods as pods (cluster.hostNetworkPods: as-pods)', () => {
  const manifests = [
    hostNetworkDaemonSet('node', 'agent', { app: 'agent' }),
    deployment('shop', 'web', { app: 'web' }),
    policy('node', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] }),
  ].join('---\n');
  const model = modelOf(manifests, { hostNetworkPods: 'as-pods' });
  const engine = policyEngineOf(model);
  const agent = workload(model, 'node', 'agent');
  const web = workload(model, 'shop', 'web');

  it('when host-network pods are treated as pods, then the default deny of their namespace isolates them and selectors admit them', () => {
    assert.equal(engine.governs(agent), true);
    assert.deepEqual(engine.isolation(agent).ingress.map((p) => p.object.name), ['default-deny']);
    assert.equal(engine.evaluate(web, agent, { port: 9100 }).allowed, false);
    assert.equal(engine.evaluate(agent, web, { port: 8080 }).egress.allowed, false);
    assert.equal(engine.evaluate(agent, web, { port: 8080 }).ingress.allowed, true);
    assert.deepEqual(engine.workloadsSelectedBy(model.policies[0]!).map((w) => w.object.name), ['agent']);
  });
  it('when the setting is the default, then the same tree exempts them', () => {
    const exempt = modelOf(manifests, { hostNetworkPods: 'exempt' });
    assert.equal(policyEngineOf(exempt).governs(workload(exempt, 'node', 'agent')), false);
  });
});

describe('policy engine: recorded addresses of exported Pods', () => {
  const pod = (name: string, status: string, spec = '') =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}\nspec: {${spec}containers: [{name: c, image: x}]}\n${status}`;
  const model = modelOf(
    [
      deployment('shop', 'db', { app: 'db' }, '[{name: pg, containerPort: 5432}]'),
      pod('batch', 'status: {podIP: 10.4.0.9, podIPs: [{ip: 10.4.0.9}, {ip: "fd00::9"}]}\n'),
      pod('canary', 'status: {podIPs: [{ip: 10.5.0.1}]}\n'),
      pod('template', ''),
      pod('node-agent', 'status: {podIP: 192.168.1.10, hostIP: 192.168.1.10}\n', 'hostNetwork: true, '),
      policy('shop', 'db', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.5.0.0/16'] } }, { ipBlock: { cidr: '192.168.1.0/24' } }], ports: [{ port: 5432 }] }],
      }),
    ].join('---\n'),
  );
  const engine = policyEngineOf(model);
  const db = workload(model, 'shop', 'db');

  it('when an exported Pod records an address inside an ingress ipBlock, then the ipBlock admits it and the rule names the address', () => {
    const verdict = engine.evaluate(workload(model, 'shop', 'batch'), db, { port: 5432 });
    assert.equal(verdict.allowed, true);
    assert.deepEqual(verdict.ingress.rules.map((m) => [m.peer?.type, m.address]), [['ipBlock', '10.4.0.9']]);
  });
  it('when the address is inside an except, or the Pod records none, then the ipBlock does not admit it', () => {
    assert.equal(engine.evaluate(workload(model, 'shop', 'canary'), db, { port: 5432 }).allowed, false);
    assert.equal(engine.evaluate(workload(model, 'shop', 'template'), db, { port: 5432 }).allowed, false);
  });
  it('when a host-network Pod records its node address, then an ipBlock holding it admits it, though selectors do not', () => {
    const agent = workload(model, 'shop', 'node-agent');
    assert.equal(engine.governs(agent), false);
    assert.deepEqual(engine.evaluate(agent, db, { port: 5432 }).ingress.rules.map((m) => m.address), ['192.168.1.10']);
  });
  it('when an ipBlock is looked up in bulk, then it lists the Pods whose addresses it admits', () => {
    const policy = model.policies[0]!;
    assert.deepEqual(engine.workloadsAddressedBy(policy, policy.ingress[0]!.peers![0]!).map((w) => w.object.name), ['batch']);
    assert.deepEqual(engine.workloadsAddressedBy(policy, policy.ingress[0]!.peers![1]!).map((w) => w.object.name), ['node-agent']);
  });
  it('when Pods of the same labels differ by addresses, then they are told apart exactly when an ipBlock cidr or except tells the addresses apart', () => {
    const replica = (name: string, ip: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: ${ip}}\n`;
    const replicas = modelOf([replica('a', '10.4.0.1'), replica('b', '10.4.0.2'), replica('c', '10.5.0.1'), policy('shop', 'db', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.5.0.0/16'] } }] }] })].join('---\n'));
    const names = (list: readonly { readonly object: { readonly name: string } }[]) => list.map((w) => w.object.name);
    assert.deepEqual(names(policyEngineOf(replicas).distinctWorkloads(replicas.workloads)), ['a', 'c']);
  });
});

describe('policy engine: the ingress controller', () => {
  const manifests = [
    deployment('app', 'open', { app: 'open' }),
    deployment('app', 'same-ns', { app: 'same-ns' }),
    deployment('app', 'by-ns', { app: 'by-ns' }),
    policy('app', 'open', { podSelector: { matchLabels: { app: 'open' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] }),
    policy('app', 'same-ns', { podSelector: { matchLabels: { app: 'same-ns' } }, ingress: [{ from: [{ podSelector: {} }] }] }),
    policy('app', 'by-ns', {
      podSelector: { matchLabels: { app: 'by-ns' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }] }],
    }),
  ].join('---\n');

  it('when the controller is not configured, then only a rule admitting every in-cluster pod admits it', () => {
    const model = modelOf(manifests);
    const engine = policyEngineOf(model);
    const verdicts = ['open', 'same-ns', 'by-ns'].map((name) => engine.evaluate(INGRESS_CONTROLLER, workload(model, 'app', name), { port: 8080 }).allowed);
    assert.deepEqual(verdicts, [true, false, false]);
  });
  it('when the controller namespace and labels are configured, then selectors on them admit it', () => {
    const model = modelOf(manifests, { ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } });
    const engine = policyEngineOf(model);
    const verdicts = ['open', 'same-ns', 'by-ns'].map((name) => engine.evaluate(INGRESS_CONTROLLER, workload(model, 'app', name), { port: 8080 }).allowed);
    assert.deepEqual(verdicts, [true, false, true]);
  });
  it('when only the namespace is configured, then a peer that also needs pod labels does not admit it', () => {
    const model = modelOf(manifests, { ingressController: { namespace: 'ingress-nginx' } });
    const engine = policyEngineOf(model);
    assert.equal(engine.evaluate(INGRESS_CONTROLLER, workload(model, 'app', 'by-ns')).allowed, false);
  });
  it('when a policy in the controller namespace isolates its egress, then that side denies too', () => {
    const model = modelOf(`${manifests}---\n${policy('ingress-nginx', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] })}`, { ingressController: { namespace: 'ingress-nginx' } });
    const verdict = policyEngineOf(model).evaluate(INGRESS_CONTROLLER, workload(model, 'app', 'open'));
    assert.equal(verdict.allowed, false);
    assert.deepEqual(verdict.egress.policies.map((p) => p.object.name), ['deny-out']);
  });
});

describe('policy engine: bulk lookups agree with pair evaluation', () => {
  const model = modelOf(
    [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: prod, labels: {env: prod}}\n',
      deployment('prod', 'api', { app: 'api', tier: 'back' }),
      deployment('prod', 'web', { app: 'web', tier: 'front' }),
      deployment('dev', 'api', { app: 'api', tier: 'back' }),
      hostNetworkDaemonSet('prod', 'agent', { app: 'api', tier: 'back' }),
      policy('prod', 'p', {
        podSelector: { matchLabels: { tier: 'back' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] } }, { podSelector: { matchLabels: { app: 'api' } } }] }],
      }),
    ].join('---\n'),
  );
  const engine = policyEngineOf(model);
  const [policyObject] = model.policies;
  const name = (w: { object: { namespace: string; name: string } }) => `${w.object.namespace}/${w.object.name}`;

  it('when a policy selects by tier, then workloadsSelectedBy equals the workloads it selects', () => {
    assert.deepEqual(engine.workloadsSelectedBy(policyObject!).map(name), model.workloads.filter((w) => engine.selects(policyObject!, workloadEndpoint(w))).map(name));
    assert.deepEqual(engine.workloadsSelectedBy(policyObject!).map(name), ['prod/api']);
  });
  it('when peers are looked up in bulk, then they equal peerMatches on every workload', () => {
    const peers = policyObject!.ingress[0]!.peers!;
    for (const peer of peers) {
      const bulk = engine.workloadsMatchingPeer(policyObject!, peer).map(name).sort();
      const pairwise = model.workloads.filter((w) => engine.peerMatches(policyObject!, peer, workloadEndpoint(w))).map(name).sort();
      assert.deepEqual(bulk, pairwise);
    }
    assert.deepEqual(engine.workloadsMatchingPeer(policyObject!, peers[0]!).map(name), ['prod/web']);
    assert.deepEqual(engine.namespacesMatchingPeer(policyObject!, peers[0]!).map((n) => n.name), ['prod']);
  });
});

describe('policy engine: isolated against pods, and closed to every source', () => {
  const anp = (name: string, priority: number, rules: string) =>
    `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  priority: ${priority}\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: data}}}\n  ingress:\n${rules}`;
  const banp = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress:\n    - {name: all, action: Allow, from: [{namespaces: {}}]}\n`;
  const db = deployment('data', 'db', { app: 'db' }, '[{containerPort: 5432}]');
  const denyAll = policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
  const names = (list: readonly { readonly origin: { readonly label: string } }[]) => list.map((p) => p.origin.label);

  it('when an AdminNetworkPolicy denies ingress from every namespace, then the pods are isolated against pods, yet not closed: its peers name no address outside the cluster', () => {
    const model = modelOf([db, anp('no-pods', 10, '    - {name: none, action: Deny, from: [{namespaces: {}}]}\n')].join('---\n'));
    const engine = policyEngineOf(model);
    const target = workload(model, 'data', 'db');
    assert.deepEqual(names(engine.isolatingPolicies(target, 'ingress')), ['AdminNetworkPolicy "no-pods"']);
    assert.deepEqual(engine.closingPolicies(target, 'TCP', 5432), []);
    assert.equal(engine.allows(external('192.0.2.1'), target, { port: 5432 }), true);
    assert.equal(engine.allows(podEndpoint('web', { app: 'web' }), target, { port: 5432 }), false);
  });

  it('when a default deny NetworkPolicy admits nothing, then only a later tier allowing the port does not open it, and a Pass of an earlier tier hands it on to the refusal', () => {
    const closedByNetworkPolicy = (extra: string[]) => {
      const model = modelOf([db, denyAll, ...extra].join('---\n'));
      return names(policyEngineOf(model).closingPolicies(workload(model, 'data', 'db'), 'TCP', 5432));
    };
    assert.deepEqual(closedByNetworkPolicy([]), ['NetworkPolicy "deny"']);
    assert.deepEqual(closedByNetworkPolicy([banp]), ['NetworkPolicy "deny"']);
    assert.deepEqual(closedByNetworkPolicy([anp('team', 10, '    - {name: team, action: Pass, from: [{namespaces: {}}]}\n')]), ['NetworkPolicy "deny"']);
    assert.deepEqual(closedByNetworkPolicy([anp('open', 10, '    - {name: open, action: Allow, from: [{namespaces: {}}], ports: [{portNumber: {port: 5432}}]}\n')]), []);
    // Allowed from an address range only: some source outside the cluster may reach it.
    assert.deepEqual(closedByNetworkPolicy([policy('data', 'lb', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] })]), []);
  });

  it('when nothing isolates the pods, then nothing closes them', () => {
    const model = modelOf(db);
    assert.deepEqual(policyEngineOf(model).closingPolicies(workload(model, 'data', 'db'), 'TCP', 5432), []);
  });
});
