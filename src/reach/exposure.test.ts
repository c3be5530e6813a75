/**
 * Truth tables of exposure analysis, per kind: one workload `shop/web` (ports http 8080, metrics 9090,
 * dns 53/UDP) under policies written here, and the exact lines `reach --exposure` lists for it, as
 * `direction peer: connections` (the semantics behind each row are the engine's, docs/reachability.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelOf } from '../../test/support/netpol-world.ts';
import { exposureOf } from './exposure.ts';
import { exposureTable } from '../format/reach/exposure.ts';

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}, {name: dns, containerPort: 53, protocol: UDP}]}]}
`;
const doc = (apiVersion: string, kind: string, metadata: Record<string, unknown>, spec: Record<string, unknown>) => JSON.stringify({ apiVersion, kind, metadata, spec });
const netpol = (name: string, spec: Record<string, unknown>) => doc('networking.k8s.io/v1', 'NetworkPolicy', { name, namespace: 'shop' }, { podSelector: {}, ...spec });
const anp = (name: string, priority: number, spec: Record<string, unknown>) => doc('policy.networking.k8s.io/v1alpha1', 'AdminNetworkPolicy', { name }, { priority, subject: { namespaces: {} }, ...spec });
const banp = (spec: Record<string, unknown>) => doc('policy.networking.k8s.io/v1alpha1', 'BaselineAdminNetworkPolicy', { name: 'default' }, { subject: { namespaces: {} }, ...spec });
const cnp = (name: string, spec: Record<string, unknown>) => doc('cilium.io/v2', 'CiliumNetworkPolicy', { name, namespace: 'shop' }, { endpointSelector: {}, ...spec });
const calico = (name: string, spec: Record<string, unknown>) => doc('projectcalico.org/v3', 'NetworkPolicy', { name, namespace: 'shop' }, { selector: 'all()', ...spec });

/** The lines of `shop/web`'s exposure: `ingress PEER: CONN`, `egress everything`. */
function exposureLines(...policies: string[]): string[] {
  const model = modelOf([web, ...policies].join('\n---\n'));
  const node = exposureOf(model).find((e) => e.node.id === 'shop/web[Deployment]');
  assert.ok(node);
  return [node.ingress!, node.egress!].flatMap((side) =>
    side.everything ? [`${side.direction} everything`] : side.peers.length === 0 ? [`${side.direction} nothing`] : side.peers.map((p) => `${side.direction} ${p.id}: ${p.conn}${p.namedPorts ? ` + named ${p.namedPorts.join(',')}` : ''}`),
  );
}

type Case = readonly [title: string, policies: readonly string[], lines: readonly string[]];

function table(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const [name, policies, lines] of cases) {
      it(`when ${name}, then the exposure is ${lines.join(' | ')}`, () => assert.deepEqual(exposureLines(...policies), lines));
    }
  });
}

table('exposure truth table: NetworkPolicy', [
  ['no policy selects the workload', [], ['ingress everything', 'egress everything']],
  ['a policy isolates ingress and admits nothing', [netpol('deny', { policyTypes: ['Ingress'] })], ['ingress nothing', 'egress everything']],
  [
    'a rule admits a namespaceSelector alone on a port',
    [netpol('ops', { ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }], ports: [{ port: 8080 }] }] })],
    ['ingress [namespace with team=ops]/[all pods]: TCP 8080', 'egress everything'],
  ],
  [
    'a peer ANDs a namespaceSelector and a podSelector, and another peer is a podSelector of the policy namespace',
    [netpol('and', { ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { app: 'client' } } }, { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['gw', 'lb'] }] } }] }] })],
    ['ingress [namespace with env=prod]/[pod with app=client]: all', 'ingress shop/[pod with app in (gw,lb)]: all', 'egress everything'],
  ],
  [
    'an ipBlock has an except',
    [netpol('cidr', { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 443 }] }] })],
    ['ingress 10.0.0.0-10.0.255.255: TCP 443', 'ingress 10.2.0.0-10.255.255.255: TCP 443', 'egress everything'],
  ],
  [
    'ports are named (ingress resolves on the workload; egress on the destination, which the tree does not hold) and a range has endPort',
    [netpol('named', { ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 'http' }, { port: 9000, endPort: 9100 }] }], egress: [{ to: [{ namespaceSelector: {} }], ports: [{ port: 'dns', protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] })],
    ['ingress {entire cluster}: TCP 8080,9000-9100', 'egress {entire cluster}: TCP 53 + named dns/UDP'],
  ],
]);

table('exposure truth table: AdminNetworkPolicy and BaselineAdminNetworkPolicy', [
  [
    'an ANP Deny of namespaces env=dev sits above a NetworkPolicy that admits every namespace',
    [anp('no-dev', 10, { ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'dev' } } }] }] }), netpol('all', { ingress: [{ from: [{ namespaceSelector: {} }] }] })],
    ['ingress {entire cluster}: all', 'egress everything'],
  ],
  [
    'an ANP Pass of team=ops reaches the NetworkPolicy tier, whose policy admits team=ops on 9090, and the BANP denies every namespace',
    [
      anp('pass-ops', 5, { ingress: [{ action: 'Pass', from: [{ namespaces: { matchLabels: { team: 'ops' } } }] }] }),
      netpol('ops', { ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }], ports: [{ port: 9090 }] }] }),
      banp({ ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }),
    ],
    ['ingress [namespace with team=ops]/[all pods]: TCP 9090', 'egress everything'],
  ],
  [
    'only the baseline denies every namespace, and an ANP allows TCP 80 from any namespace: addresses stay open (no rule names them)',
    [anp('web', 20, { ingress: [{ action: 'Allow', from: [{ namespaces: {} }], ports: [{ portNumber: { port: 80 } }] }] }), banp({ ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] })],
    ['ingress {entire cluster}: TCP 80', 'ingress {any address}: all', 'egress everything'],
  ],
  [
    'an ANP Deny of pods tier notin (web) comes before an Allow of every namespace on TCP 80: the pods with tier=web escape the Deny',
    [
      anp('deny-others', 1, { ingress: [{ action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] } } }] }] }),
      anp('allow-80', 2, { ingress: [{ action: 'Allow', from: [{ namespaces: {} }], ports: [{ portNumber: { port: 80 } }] }] }),
      banp({ ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }),
    ],
    ['ingress {entire cluster}: TCP 80', 'ingress {any address}: all', 'egress everything'],
  ],
  [
    'an ANP egress rule names networks, a v1alpha2 Admin ClusterNetworkPolicy domain names, and a Deny of all of IPv4 and IPv6 follows (it holds every pod too)',
    [
      anp('out', 3, { egress: [{ action: 'Allow', to: [{ networks: ['192.0.2.0/24'] }], ports: [{ portNumber: { port: 443 } }] }, { action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }] }),
      doc('policy.networking.k8s.io/v1alpha2', 'ClusterNetworkPolicy', { name: 'names' }, { tier: 'Admin', priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Accept', to: [{ domainNames: ['*.example.com'] }], protocols: [{ tcp: { destinationPort: { number: 443 } } }] }] }),
    ],
    ['ingress everything', 'egress 192.0.2.0-192.0.2.255: TCP 443', 'egress *.example.com: TCP 443'],
  ],
]);

table('exposure truth table: Cilium', [
  ['fromEntities world on TCP 443', [cnp('world', { ingress: [{ fromEntities: ['world'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] })], ['ingress {any address}: TCP 443', 'egress everything']],
  [
    'fromEndpoints name the namespace by its label and by the namespace labels convention',
    [
      cnp('prom', {
        ingress: [
          { fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'monitoring', app: 'prometheus' } }], toPorts: [{ ports: [{ port: '9090', protocol: 'TCP' }] }] },
          { fromEndpoints: [{ matchLabels: { 'io.cilium.k8s.namespace.labels.team': 'ops' } }], toPorts: [{ ports: [{ port: 'http' }] }] },
        ],
      }),
    ],
    ['ingress [namespace with team=ops]/[all pods]: TCP 8080', 'ingress monitoring/[pod with app=prometheus]: TCP 9090', 'egress everything'],
  ],
  [
    'toFQDNs names a host beside toEndpoints of kube-dns',
    [cnp('fqdn', { egress: [{ toFQDNs: [{ matchName: 'api.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }, { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }] }] }] })],
    ['ingress everything', 'egress kube-system/[pod with k8s-app=kube-dns]: SCTP 53; TCP 53; UDP 53', 'egress api.example.com: TCP 443'],
  ],
  ['fromEntities cluster', [cnp('cluster', { ingress: [{ fromEntities: ['cluster'] }] })], ['ingress {entire cluster}: all', 'egress everything']],
  [
    'an ingressDeny of world on TCP 80 with fromEntities all',
    [cnp('deny', { ingress: [{ fromEntities: ['all'] }], ingressDeny: [{ fromEntities: ['world'], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] })],
    ['ingress {entire cluster}: all', 'ingress {any address}: SCTP *; TCP 1-79,81-65535; UDP *', 'egress everything'],
  ],
]);

table('exposure truth table: Calico', [
  [
    'a rule has nets and notNets',
    [calico('nets', { types: ['Ingress'], ingress: [{ action: 'Allow', protocol: 'TCP', source: { nets: ['10.0.0.0/8'], notNets: ['10.1.0.0/16'] }, destination: { ports: [80] } }] })],
    ['ingress 10.0.0.0-10.0.255.255: TCP 80', 'ingress 10.2.0.0-10.255.255.255: TCP 80', 'egress everything'],
  ],
  [
    'rules select by namespaceSelector and by selector in the policy namespace, and a Deny comes first',
    [
      calico('ns', {
        types: ['Ingress'],
        ingress: [
          { action: 'Deny', source: { selector: "role == 'batch'" } },
          { action: 'Allow', protocol: 'TCP', source: { namespaceSelector: "team == 'ops'" }, destination: { ports: [9090] } },
          { action: 'Allow', source: { selector: "role in {'batch', 'client'}" } },
        ],
      }),
    ],
    ['ingress [namespace with team == "ops"]/[all pods]: TCP 9090', 'ingress shop/[pod with role in {"batch", "client"}]: all', 'egress everything'],
  ],
]);

describe('exposure bounds', () => {
  const policies = [
    anp('deny-others', 1, { ingress: [{ action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] } } }] }] }),
    anp('allow-80', 2, { ingress: [{ action: 'Allow', from: [{ namespaces: {} }], ports: [{ portNumber: { port: 80 } }] }] }),
    banp({ ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }),
  ];
  it('when more pods escaping other rules would be asked about than the bound allows, then peers are judged by their examples and the output says so', () => {
    const model = modelOf([web, ...policies].join('\n---\n'));
    const bounded = exposureOf(model, { maxEscapesPerSide: 0 }).find((e) => e.node.id === 'shop/web[Deployment]')!;
    assert.equal(bounded.ingress!.incomplete, true);
    // The tier=web pods that escape the Deny are not asked about: {entire cluster} is judged by its example alone.
    assert.equal(bounded.ingress!.peers.some((p) => p.id === '{entire cluster}'), false);
    assert.match(exposureTable({ exposure: [bounded] }), /^note: so many rules apply to shop\/web\[Deployment\] ingress that some peers were judged by the pods their selectors name/m);
    const full = exposureOf(model).find((e) => e.node.id === 'shop/web[Deployment]')!;
    assert.equal(full.ingress!.incomplete, undefined);
  });
});
