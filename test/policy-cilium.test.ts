/**
 * Truth tables for CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy, from Cilium's documented
 * examples (manifests written here; the facts and their sources are in docs/research/policies.md §2,
 * cited per table). Each row: source, destination, port, allowed, and the rule that decides.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policyEngineOf } from '../src/semantics/policy.ts';
import { modelOf } from './support/netpol-world.ts';
import { endpointOf, pod, table } from './support/policy-table.ts';

const cnp = (namespace: string, name: string, spec: Record<string, unknown>) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;
const ccnp = (name: string, spec: Record<string, unknown>) => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: ${name}}\nspec: ${JSON.stringify(spec)}\n`;
const netpol = (namespace: string, name: string, spec: Record<string, unknown>) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;

// Star Wars demo (Cilium "Getting Started" / examples/minikube/sw_l3_l4_policy.yaml): only org=empire
// may reach the deathstar, on TCP 80. The L7 variant (sw_l3_l4_l7_policy.yaml) adds `rules: http`.
const starWars = [
  pod('default', 'deathstar', { org: 'empire', class: 'deathstar' }),
  pod('default', 'tiefighter', { org: 'empire', class: 'tiefighter' }),
  pod('default', 'xwing', { org: 'alliance', class: 'xwing' }),
];
table(
  'Cilium truth table: Star Wars demo, L3/L4 rule (sw_l3_l4_policy.yaml)',
  [...starWars, cnp('default', 'rule1', { endpointSelector: { matchLabels: { org: 'empire', class: 'deathstar' } }, ingress: [{ fromEndpoints: [{ matchLabels: { org: 'empire' } }], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] })],
  [
    ['default/tiefighter', 'default/deathstar', 80, true, 'ingress: CiliumNetworkPolicy "rule1" ingress[0]'],
    ['default/xwing', 'default/deathstar', 80, false, 'ingress: isolation'],
    ['default/tiefighter', 'default/deathstar', 81, false, 'ingress: isolation'],
    ['default/xwing', 'default/tiefighter', 80, true, 'ingress: default'],
  ],
);

describe('Cilium truth table: Star Wars demo with L7 rules (sw_l3_l4_l7_policy.yaml; layer7.rst "Layer 7 policy rules are embedded into Layer 4 rules")', () => {
  const model = modelOf(
    [
      ...starWars,
      cnp('default', 'rule1', {
        endpointSelector: { matchLabels: { org: 'empire', class: 'deathstar' } },
        ingress: [{ fromEndpoints: [{ matchLabels: { org: 'empire' } }], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: { http: [{ method: 'POST', path: '/v1/request-landing' }] } }] }],
      }),
    ].join('---\n'),
  );
  it('when the tiefighter connects on TCP 80, then the L4 port is allowed and the deciding entry says the L7 rules are outside the analysis', () => {
    const verdict = policyEngineOf(model).evaluate(endpointOf(model, 'default/tiefighter'), endpointOf(model, 'default/deathstar'), { port: 80 });
    assert.equal(verdict.allowed, true);
    const decision = verdict.ingress.decision;
    assert.ok(decision?.by === 'entry');
    assert.match(decision.match.entry.note ?? '', /L7 rules \(http\) are outside L3\/L4 analysis: the port counts as allowed/);
  });
});

// deny.rst @ 94b67c85, the table of ingress policies on the server: columns 2, 3 and 5 (1 and 4 are
// the same shapes). Allow L7 HTTP on 80, allow 80/TCP, allow 81/TCP, allow L3 from the client, deny 80/TCP, deny L3.
const server = pod('demo', 'server', { app: 'server' });
const client = pod('demo', 'client', { app: 'client' });
const fromClient = { fromEndpoints: [{ matchLabels: { app: 'client' } }] };
const allows = [
  cnp('demo', 'allow-l7', { endpointSelector: { matchLabels: { app: 'server' } }, ingress: [{ ...fromClient, toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: { http: [{ method: 'GET' }] } }] }] }),
  cnp('demo', 'allow-80', { endpointSelector: { matchLabels: { app: 'server' } }, ingress: [{ ...fromClient, toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] }),
  cnp('demo', 'allow-81', { endpointSelector: { matchLabels: { app: 'server' } }, ingress: [{ ...fromClient, toPorts: [{ ports: [{ port: '81', protocol: 'TCP' }] }] }] }),
  cnp('demo', 'allow-l3', { endpointSelector: { matchLabels: { app: 'server' } }, ingress: [fromClient] }),
];
const deny80 = cnp('demo', 'deny-80', { endpointSelector: { matchLabels: { app: 'server' } }, ingressDeny: [{ ...fromClient, toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] });
const denyL3 = cnp('demo', 'deny-l3', { endpointSelector: { matchLabels: { app: 'server' } }, ingressDeny: [fromClient] });
table('Cilium truth table: deny.rst column 2 (every allow, deny 80/TCP): curl :81 allowed, curl :80 denied', [server, client, ...allows, deny80], [
  ['demo/client', 'demo/server', 81, true, 'ingress: CiliumNetworkPolicy "allow-81" ingress[0]'],
  ['demo/client', 'demo/server', 80, false, 'ingress: CiliumNetworkPolicy "deny-80" ingressDeny[0]'],
]);
table('Cilium truth table: deny.rst column 3 (every allow, deny L3 from the client): everything denied', [server, client, ...allows, denyL3], [
  ['demo/client', 'demo/server', 81, false, 'ingress: CiliumNetworkPolicy "deny-l3" ingressDeny[0]'],
  ['demo/client', 'demo/server', 80, false, 'ingress: CiliumNetworkPolicy "deny-l3" ingressDeny[0]'],
]);
table('Cilium truth table: deny.rst column 5 (a deny-only policy still puts the pod in default deny)', [server, client, deny80], [
  ['demo/client', 'demo/server', 81, false, 'ingress: isolation'],
  ['demo/client', 'demo/server', 80, false, 'ingress: CiliumNetworkPolicy "deny-80" ingressDeny[0]'],
]);

// layer3.rst: `egress: [{}]` is "default deny mode without whitelisting other peers"
// (examples/policies/l3/egress-default-deny), unlike NetworkPolicy, where an empty rule allows all.
table('Cilium truth table: egress default deny with an empty rule (egress-default-deny.yaml)', [pod('shop', 'web', { app: 'web' }), pod('shop', 'db', { app: 'db' }), cnp('shop', 'egress-default-deny', { endpointSelector: { matchLabels: { app: 'web' } }, egress: [{}] })], [
  ['shop/web', 'shop/db', 80, false, 'egress: isolation'],
  ['shop/web', '8.8.8.8', 53, false, 'egress: isolation', 'UDP'],
  ['shop/db', 'shop/web', 80, true, 'ingress: default'],
]);

// utils.go getEndpointSelector / layer3.rst "Ingress Allow All": `fromEndpoints: [{}]` in a CNP is every
// pod of the policy's namespace; the k8s:io.kubernetes.pod.namespace label reaches another one; a CCNP's `{}` is every pod.
const namespaces = [pod('shop', 'api', { app: 'api' }), pod('shop', 'web', { app: 'web' }), pod('other', 'web', { app: 'web' }), pod('ops', 'probe', { app: 'probe' })];
table('Cilium truth table: fromEndpoints {} is the policy namespace; the namespace label convention crosses namespaces', [
  ...namespaces,
  cnp('shop', 'allow-all-endpoints', { endpointSelector: { matchLabels: { app: 'api' } }, ingress: [{ fromEndpoints: [{}] }, { fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'ops', 'k8s:app': 'probe' } }], toPorts: [{ ports: [{ port: '81' }] }] }] }),
], [
  ['shop/web', 'shop/api', 80, true, 'ingress: CiliumNetworkPolicy "allow-all-endpoints" ingress[0]'],
  ['other/web', 'shop/api', 80, false, 'ingress: isolation'],
  ['ops/probe', 'shop/api', 81, true, 'ingress: CiliumNetworkPolicy "allow-all-endpoints" ingress[1]'],
  ['ops/probe', 'shop/api', 80, false, 'ingress: isolation'],
  ['203.0.113.9', 'shop/api', 80, false, 'ingress: isolation'],
]);
table('Cilium truth table: a clusterwide fromEndpoints {} is every pod of every namespace, not the outside', [
  ...namespaces,
  ccnp('api-from-pods', { endpointSelector: { matchLabels: { app: 'api' } }, ingress: [{ fromEndpoints: [{}] }] }),
], [
  ['other/web', 'shop/api', 80, true, 'ingress: CiliumClusterwideNetworkPolicy "api-from-pods" ingress[0]'],
  ['203.0.113.9', 'shop/api', 80, false, 'ingress: isolation'],
]);

// utils.go: the endpointSelector of a CNP always gets the policy's namespace; writing another is overridden.
table('Cilium truth table: a CiliumNetworkPolicy never selects pods of another namespace', [
  ...namespaces,
  cnp('shop', 'web-lockdown', { endpointSelector: { matchLabels: { app: 'web', 'k8s:io.kubernetes.pod.namespace': 'other' } }, ingress: [{}] }),
], [
  ['shop/api', 'shop/web', 80, false, 'ingress: isolation'],
  ['shop/api', 'other/web', 80, true, 'ingress: default'],
]);

// entity.go / layer3.rst: world is outside the cluster, cluster is every identity inside it, all is both.
table('Cilium truth table: entities world, cluster and all', [
  ...namespaces,
  cnp('shop', 'api-world', { endpointSelector: { matchLabels: { app: 'api' } }, ingress: [{ fromEntities: ['world'], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }, { fromEntities: ['cluster'], toPorts: [{ ports: [{ port: '81', protocol: 'TCP' }] }] }] }),
  cnp('shop', 'web-all', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [{ fromEntities: ['all'] }] }),
], [
  ['203.0.113.9', 'shop/api', 80, true, 'ingress: CiliumNetworkPolicy "api-world" ingress[0]'],
  ['other/web', 'shop/api', 80, false, 'ingress: isolation'],
  ['other/web', 'shop/api', 81, true, 'ingress: CiliumNetworkPolicy "api-world" ingress[1]'],
  ['203.0.113.9', 'shop/api', 81, false, 'ingress: isolation'],
  ['203.0.113.9', 'shop/web', 80, true, 'ingress: CiliumNetworkPolicy "web-all" ingress[0]'],
  ['ops/probe', 'shop/web', 81, true, 'ingress: CiliumNetworkPolicy "web-all" ingress[0]'],
]);

// layer3.rst CIDR: toCIDRSet with except (cidr-rule.yaml), toCIDR of a bare address; CIDR rules do not match pods.
table('Cilium truth table: toCIDR and toCIDRSet with except', [
  ...namespaces,
  cnp('shop', 'cidr-rule', { endpointSelector: { matchLabels: { app: 'web' } }, egress: [{ toCIDR: ['20.1.1.1/32'] }, { toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] }] }] }),
], [
  ['shop/web', '20.1.1.1', 443, true, 'egress: CiliumNetworkPolicy "cidr-rule" egress[0]'],
  ['shop/web', '10.1.2.3', 443, true, 'egress: CiliumNetworkPolicy "cidr-rule" egress[1]'],
  ['shop/web', '10.96.0.10', 443, false, 'egress: isolation'],
  ['shop/web', 'shop/api', 80, false, 'egress: isolation'],
]);

// rule.go EnableDefaultDeny: a policy with it off adds allows without isolating; with another policy isolating, its allows join the union.
table('Cilium truth table: enableDefaultDeny false adds allows without isolating', [
  ...namespaces,
  cnp('shop', 'audit-only', { endpointSelector: { matchLabels: { app: 'api' } }, enableDefaultDeny: { ingress: false }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }], toPorts: [{ ports: [{ port: '81' }] }] }] }),
], [
  ['shop/web', 'shop/api', 81, true, 'ingress: CiliumNetworkPolicy "audit-only" ingress[0]'],
  ['other/web', 'shop/api', 80, true, 'ingress: default'],
]);

// deny.rst: denies win over allows of every kind, NetworkPolicy included; allows of NetworkPolicy and CNP are one union.
table('Cilium truth table: NetworkPolicy and CiliumNetworkPolicy are one pool (union of allows, deny wins)', [
  ...namespaces,
  netpol('shop', 'api-from-web', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
  cnp('shop', 'api-from-ops', { endpointSelector: { matchLabels: { app: 'api' } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'ops' } }] }] }),
  cnp('shop', 'api-deny-81', { endpointSelector: { matchLabels: { app: 'api' } }, ingressDeny: [{ toPorts: [{ ports: [{ port: '81', protocol: 'TCP' }] }] }] }),
], [
  ['shop/web', 'shop/api', 80, true, 'ingress: NetworkPolicy "api-from-web" ingress[0]'],
  ['ops/probe', 'shop/api', 80, true, 'ingress: CiliumNetworkPolicy "api-from-ops" ingress[0]'],
  ['shop/web', 'shop/api', 81, false, 'ingress: CiliumNetworkPolicy "api-deny-81" ingressDeny[0]'],
  ['other/web', 'shop/api', 80, false, 'ingress: isolation'],
]);

// l4.go: a named port resolves on the destination; a range with endPort; protocol ANY when omitted.
table('Cilium truth table: toPorts with a named port, a range and protocol ANY', [
  ...namespaces,
  cnp('shop', 'ports', { endpointSelector: { matchLabels: { app: 'web' } }, egress: [{ toEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: 'http' }, { port: '8000', endPort: 8100, protocol: 'TCP' }, { port: '53' }] }] }] }),
], [
  ['shop/web', 'shop/api', 80, true, 'egress: CiliumNetworkPolicy "ports" egress[0]'],
  ['shop/web', 'shop/api', 8050, true, 'egress: CiliumNetworkPolicy "ports" egress[0]'],
  ['shop/web', 'shop/api', 53, true, 'egress: CiliumNetworkPolicy "ports" egress[0]', 'UDP'],
  ['shop/web', 'shop/api', 81, false, 'egress: isolation'],
]);

// specs: every rule of the list is added (policy.rst "If a list of rules are specified, all rules will be added").
table('Cilium truth table: a specs list is several rules of one policy', [
  ...namespaces,
  cnp('shop', 'two', { endpointSelector: undefined }).replace('spec: {}', `specs: ${JSON.stringify([{ endpointSelector: { matchLabels: { app: 'api' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }] }, { endpointSelector: { matchLabels: { app: 'web' } }, egress: [{ toEndpoints: [{ matchLabels: { app: 'api' } }] }] }])}`),
], [
  ['shop/web', 'shop/api', 80, true, 'ingress: CiliumNetworkPolicy "two" specs[0] ingress[0]'],
  ['shop/web', 'other/web', 80, false, 'egress: isolation'],
]);
