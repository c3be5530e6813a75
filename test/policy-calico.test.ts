/**
 * Truth tables for Calico NetworkPolicy, GlobalNetworkPolicy and tiers, from Calico's documented
 * examples and semantics (manifests written here; facts and sources in docs/research/policies.md §3).
 * Each row: source, destination, port, allowed, and the rule that decides.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caveatsOf } from '../src/semantics/blind-spots.ts';
import { policyEngineOf } from '../src/semantics/policy.ts';
import { modelOf } from './support/netpol-world.ts';
import { endpointOf, pod, table } from './support/policy-table.ts';

const calico = (kind: 'NetworkPolicy' | 'GlobalNetworkPolicy', name: string, spec: Record<string, unknown>, namespace?: string, apiVersion = 'projectcalico.org/v3') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}\nspec: ${JSON.stringify(spec)}\n`;
const np = (namespace: string, name: string, spec: Record<string, unknown>, apiVersion?: string) => calico('NetworkPolicy', name, spec, namespace, apiVersion);
const gnp = (name: string, spec: Record<string, unknown>) => calico('GlobalNetworkPolicy', name, spec);
const netpol = (namespace: string, name: string, spec: Record<string, unknown>) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;
const tier = (name: string, spec: Record<string, unknown>) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: ${name}}\nspec: ${JSON.stringify(spec)}\n`;

const ports = '[{containerPort: 6379}, {name: http, containerPort: 80}, {containerPort: 53, protocol: UDP}]';
const pods = [
  pod('production', 'database', { role: 'database' }, ports),
  pod('production', 'frontend', { role: 'frontend' }, ports),
  pod('production', 'batch', { role: 'batch' }, ports),
  pod('staging', 'frontend', { role: 'frontend' }, ports),
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: production, labels: {env: prod}}\n`,
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: staging, labels: {env: staging}}\n`,
];

// networkpolicy.mdx example "allow-tcp-6379": ingress from role == 'frontend' on TCP 6379 to role == 'database', egress Allow.
const allowTcp6379 = np('production', 'allow-tcp-6379', {
  selector: "role == 'database'",
  types: ['Ingress', 'Egress'],
  ingress: [{ action: 'Allow', metadata: { annotations: { from: 'frontend', to: 'database' } }, protocol: 'TCP', source: { selector: "role == 'frontend'" }, destination: { ports: [6379] } }],
  egress: [{ action: 'Allow' }],
});
table('Calico truth table: the allow-tcp-6379 example of the NetworkPolicy reference', [...pods, allowTcp6379], [
  ['production/frontend', 'production/database', 6379, true, 'ingress: NetworkPolicy (projectcalico.org) "allow-tcp-6379" ingress[0] Allow'],
  ['production/frontend', 'production/database', 80, false, 'ingress: isolation'],
  ['production/batch', 'production/database', 6379, false, 'ingress: isolation'],
  // Without a namespaceSelector, a NetworkPolicy's selector is limited to its namespace (policy_common.go).
  ['staging/frontend', 'production/database', 6379, false, 'ingress: isolation'],
  ['production/database', '198.51.100.7', 443, true, 'egress: NetworkPolicy (projectcalico.org) "allow-tcp-6379" egress[0] Allow'],
]);

// order: "Policies with higher order are applied after those with lower order within the same tier"; first match decides.
table('Calico truth table: order decides between a Deny and an Allow of the default tier', [
  ...pods,
  gnp('deny-batch', { order: 100, selector: "role == 'database'", ingress: [{ action: 'Deny', source: { selector: "role == 'batch'" } }] }),
  np('production', 'allow-all-6379', { order: 200, selector: "role == 'database'", ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [6379] } }] }),
], [
  ['production/batch', 'production/database', 6379, false, 'ingress: GlobalNetworkPolicy (projectcalico.org) "deny-batch" ingress[0] Deny'],
  ['production/frontend', 'production/database', 6379, true, 'ingress: NetworkPolicy (projectcalico.org) "allow-all-6379" ingress[0] Allow'],
  ['198.51.100.7', 'production/database', 6379, true, 'ingress: NetworkPolicy (projectcalico.org) "allow-all-6379" ingress[0] Allow'],
]);
table('Calico truth table: with the orders swapped, the Allow comes first', [
  ...pods,
  gnp('deny-batch', { order: 300, selector: "role == 'database'", ingress: [{ action: 'Deny', source: { selector: "role == 'batch'" } }] }),
  np('production', 'allow-all-6379', { order: 200, selector: "role == 'database'", ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [6379] } }] }),
], [
  ['production/batch', 'production/database', 6379, true, 'ingress: NetworkPolicy (projectcalico.org) "allow-all-6379" ingress[0] Allow'],
  ['production/batch', 'production/database', 80, false, 'ingress: GlobalNetworkPolicy (projectcalico.org) "deny-batch" ingress[0] Deny'],
]);

// Kubernetes NetworkPolicies are Calico policies of tier default at order 1000 (conversion.go K8sNetworkPolicyToCalico):
// a Calico Deny at a lower order comes first; a Calico Allow at a higher order still applies where no NetworkPolicy rule matched.
table('Calico truth table: Kubernetes NetworkPolicy sits at order 1000 of the default tier', [
  ...pods,
  netpol('production', 'db-from-frontend', { podSelector: { matchLabels: { role: 'database' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'frontend' } } }] }] }),
  np('production', 'deny-80-first', { order: 500, selector: "role == 'database'", ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: [80] } }] }),
  np('production', 'batch-after', { order: 2000, selector: "role == 'database'", ingress: [{ action: 'Allow', source: { selector: "role == 'batch'" } }] }),
  np('production', 'unordered', { selector: "role == 'database'", ingress: [{ action: 'Deny', source: { selector: "role == 'frontend'" } }] }),
], [
  ['production/frontend', 'production/database', 80, false, 'ingress: NetworkPolicy (projectcalico.org) "deny-80-first" ingress[0] Deny'],
  ['production/frontend', 'production/database', 6379, true, 'ingress: NetworkPolicy "db-from-frontend" ingress[0]'],
  ['production/batch', 'production/database', 6379, true, 'ingress: NetworkPolicy (projectcalico.org) "batch-after" ingress[0] Allow'],
  ['staging/frontend', 'production/database', 6379, false, 'ingress: isolation'],
]);

// Tiers (tier.mdx): sorted by order; Pass skips to the next tier; a tier that applies and decides nothing drops, unless its defaultAction is Pass.
table('Calico truth table: a security tier before default, with Pass, Deny and a default action', [
  ...pods,
  tier('security', { order: 100 }),
  gnp('security.quarantine', { tier: 'security', order: 1, selector: "role == 'database'", ingress: [{ action: 'Deny', source: { selector: "role == 'batch'" } }, { action: 'Pass', source: { namespaceSelector: "env == 'prod'" } }] }),
  np('production', 'db-from-frontend', { selector: "role == 'database'", ingress: [{ action: 'Allow', source: { selector: "role == 'frontend'" } }] }),
], [
  ['production/batch', 'production/database', 6379, false, 'ingress: GlobalNetworkPolicy (projectcalico.org) "security.quarantine" ingress[0] Deny'],
  ['production/frontend', 'production/database', 6379, true, 'ingress: NetworkPolicy (projectcalico.org) "db-from-frontend" ingress[0] Allow'],
  // Not passed by the security tier, which applies to the database: its default action (Deny) drops it.
  ['staging/frontend', 'production/database', 6379, false, 'ingress: isolation'],
  // The security tier does not apply to the frontend: skipped.
  ['production/batch', 'production/frontend', 80, true, 'ingress: default'],
]);
table('Calico truth table: a tier whose defaultAction is Pass hands undecided traffic on', [
  ...pods,
  tier('security', { order: 100, defaultAction: 'Pass' }),
  gnp('quarantine', { tier: 'security', selector: "role == 'database'", ingress: [{ action: 'Deny', source: { selector: "role == 'batch'" } }] }),
], [
  ['production/batch', 'production/database', 6379, false, 'ingress: GlobalNetworkPolicy (projectcalico.org) "quarantine" ingress[0] Deny'],
  ['staging/frontend', 'production/database', 6379, true, 'ingress: default'],
]);

// _rule.mdx: "After a Log action, processing continues with the next rule".
table('Calico truth table: Log decides nothing', [
  ...pods,
  np('production', 'log-then-allow', { selector: "role == 'database'", ingress: [{ action: 'Log' }, { action: 'Allow', source: { selector: "role == 'frontend'" } }] }),
], [
  ['production/frontend', 'production/database', 6379, true, 'ingress: NetworkPolicy (projectcalico.org) "log-then-allow" ingress[1] Allow'],
  ['production/batch', 'production/database', 6379, false, 'ingress: isolation'],
]);

// GlobalNetworkPolicy namespaceSelector (both the policy's and a rule's); nets and notNets; notPorts; != matches an absent label.
table('Calico truth table: namespaceSelector, nets, notNets, notPorts and != on an absent label', [
  ...pods,
  gnp('prod-egress', {
    namespaceSelector: "env == 'prod'",
    selector: "role != 'database'",
    types: ['Egress'],
    egress: [
      { action: 'Allow', protocol: 'UDP', destination: { ports: [53] } },
      { action: 'Allow', destination: { nets: ['10.0.0.0/8'], notNets: ['10.96.0.0/12'] } },
      { action: 'Allow', protocol: 'TCP', destination: { namespaceSelector: "env == 'staging'", notPorts: ['6000:7000'] } },
    ],
  }),
], [
  ['production/frontend', '10.1.2.3', 443, true, 'egress: GlobalNetworkPolicy (projectcalico.org) "prod-egress" egress[1] Allow'],
  ['production/frontend', '10.96.0.10', 443, false, 'egress: isolation'],
  ['production/frontend', '8.8.8.8', 53, true, 'egress: GlobalNetworkPolicy (projectcalico.org) "prod-egress" egress[0] Allow', 'UDP'],
  ['production/frontend', 'staging/frontend', 80, true, 'egress: GlobalNetworkPolicy (projectcalico.org) "prod-egress" egress[2] Allow'],
  ['production/frontend', 'staging/frontend', 6379, false, 'egress: isolation'],
  // The selector role != 'database' leaves the database out; the staging namespace is outside env == 'prod'.
  ['production/database', '8.8.8.8', 443, true, 'ingress: default'],
  ['staging/frontend', '8.8.8.8', 443, true, 'ingress: default'],
]);

// types defaulting (policy_common.go): without types, a policy with only egress rules is Egress only.
table('Calico truth table: types default from the rules', [
  ...pods,
  np('production', 'egress-only', { selector: "role == 'frontend'", egress: [{ action: 'Allow', destination: { selector: "role == 'database'" } }] }),
], [
  ['production/batch', 'production/frontend', 80, true, 'ingress: default'],
  ['production/frontend', 'production/batch', 80, false, 'egress: isolation'],
  ['production/frontend', 'production/database', 80, true, 'egress: NetworkPolicy (projectcalico.org) "egress-only" egress[0] Allow'],
]);

describe('Calico policies in the CRD form', () => {
  it('when a crd.projectcalico.org/v1 policy is named "<tier>.<name>", then it is read as the same policy as its projectcalico.org/v3 form', () => {
    const model = modelOf([...pods, np('production', 'default.deny-batch', { selector: "role == 'database'", ingress: [{ action: 'Deny', source: { selector: "role == 'batch'" } }] }, 'crd.projectcalico.org/v1')].join('---\n'));
    const verdict = policyEngineOf(model).evaluate(endpointOf(model, 'production/batch'), endpointOf(model, 'production/database'), { port: 6379 });
    assert.equal(verdict.allowed, false);
    assert.ok(verdict.ingress.decision?.by === 'entry');
    assert.equal(verdict.ingress.decision.match.entry.origin.label, 'NetworkPolicy (projectcalico.org) "deny-batch" ingress[0] Deny');
  });
  it('when a policy selector does not parse, then the policy is not applied (Calico rejects it)', () => {
    const model = modelOf([...pods, np('production', 'broken', { selector: 'role = database', ingress: [{ action: 'Deny' }] })].join('---\n'));
    assert.equal(policyEngineOf(model).evaluate(endpointOf(model, 'production/batch'), endpointOf(model, 'production/database'), { port: 6379 }).allowed, true);
  });
  it('when a projectcalico.org policy has a net that is not a CIDR or a reversed port range, then the policy is not applied (Calico rejects it)', () => {
    for (const rule of [{ action: 'Deny', source: { nets: ['300.0.0.0/8'] } }, { action: 'Deny', protocol: 'TCP', destination: { ports: ['7000:6000'] } }]) {
      const model = modelOf([...pods, np('production', 'broken', { selector: "role == 'database'", ingress: [rule] })].join('---\n'));
      // Applied, it would isolate the pod (its one rule matching nothing here); rejected, it does not exist.
      assert.equal(policyEngineOf(model).evaluate(endpointOf(model, 'production/batch'), endpointOf(model, 'production/database'), { port: 6379 }).allowed, true);
    }
  });
  it('when a crd.projectcalico.org policy has only nets that are not CIDRs, then Felix skips them: the rule matches every source, and says so', () => {
    const model = modelOf([...pods, np('production', 'deny-nets', { selector: "role == 'database'", ingress: [{ action: 'Deny', source: { nets: ['300.0.0.0/8'] } }, { action: 'Allow' }] }, 'crd.projectcalico.org/v1')].join('---\n'));
    const verdict = policyEngineOf(model).evaluate(endpointOf(model, 'production/frontend'), endpointOf(model, 'production/database'), { port: 6379 });
    assert.equal(verdict.allowed, false);
    assert.ok(verdict.ingress.decision?.by === 'entry');
    assert.equal(verdict.ingress.decision.match.entry.origin.label, 'NetworkPolicy (projectcalico.org) "deny-nets" ingress[0] Deny');
    assert.match(verdict.ingress.decision.match.entry.note ?? '', /nets entries that are not CIDRs \("300\.0\.0\.0\/8"\) are skipped, as Felix skips them/);
  });
  it('when a crd.projectcalico.org policy has a reversed port range, then the entry matches no port and explain says Calico does not accept it', () => {
    const model = modelOf([...pods, np('production', 'deny-range', { selector: "role == 'database'", ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: ['7000:6000'] } }, { action: 'Allow' }] }, 'crd.projectcalico.org/v1')].join('---\n'));
    const verdict = policyEngineOf(model).evaluate(endpointOf(model, 'production/frontend'), endpointOf(model, 'production/database'), { port: 6379 });
    assert.equal(verdict.allowed, true);
    const entry = policyEngineOf(model).compiledPolicies().flatMap((p) => p.ingress?.entries ?? []).find((e) => e.origin.label.includes('"deny-range" ingress[0]'));
    assert.match(entry?.note ?? '', /not certain: Calico does not accept the port "7000:6000", taken here to match no port/);
  });
  it('when a crd.projectcalico.org policy has a valid net beside a bad one, then only the valid one counts', () => {
    const model = modelOf([...pods, np('production', 'deny-nets', { selector: "role == 'database'", ingress: [{ action: 'Deny', source: { nets: ['300.0.0.0/8', '198.51.100.0/24'] } }, { action: 'Allow' }] }, 'crd.projectcalico.org/v1')].join('---\n'));
    const engine = policyEngineOf(model);
    assert.equal(engine.evaluate(endpointOf(model, '198.51.100.7'), endpointOf(model, 'production/database'), { port: 6379 }).allowed, false);
    assert.equal(engine.evaluate(endpointOf(model, 'production/frontend'), endpointOf(model, 'production/database'), { port: 6379 }).allowed, true);
  });
});

// The app-policy-demo pattern (Calico docs, "Enforce network policy using Istio" yaobank): serviceAccounts.names
// matches the pod's service account (spec.serviceAccountName; `default` when unset).
const withAccount = (name: string, labels: Record<string, string>, account?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: yaobank}\nspec:\n  selector: {matchLabels: ${JSON.stringify(labels)}}\n  template:\n    metadata: {labels: ${JSON.stringify(labels)}}\n    spec:\n${account ? `      serviceAccountName: ${account}\n` : ''}      containers: [{name: main, image: x, ports: [{containerPort: 80}]}]\n`;
table('Calico truth table: serviceAccounts.names matches the service account of the source pod', [
  withAccount('customer', { app: 'customer' }, 'customer'),
  withAccount('summary', { app: 'summary' }, 'summary'),
  withAccount('attack', { app: 'attack' }),
  gnp('summary', { selector: "app == 'summary'", ingress: [{ action: 'Allow', source: { serviceAccounts: { names: ['customer'] } } }], egress: [{ action: 'Allow' }] }),
  gnp('by-label', { selector: "projectcalico.org/serviceaccount == 'customer'", types: ['Egress'], egress: [{ action: 'Allow', destination: { selector: "app == 'summary'" } }] }),
], [
  ['yaobank/customer', 'yaobank/summary', 80, true, 'ingress: GlobalNetworkPolicy (projectcalico.org) "summary" ingress[0] Allow'],
  ['yaobank/attack', 'yaobank/summary', 80, false, 'ingress: isolation'],
  ['yaobank/customer', 'yaobank/attack', 80, false, 'egress: isolation'],
]);

describe('what stays outside the analysis', () => {
  it('when the tree holds Calico and Cilium policies and a GlobalNetworkSet and a CiliumEgressGatewayPolicy, then the caveat names only the two kinds not modelled', () => {
    const model = modelOf(
      [
        ...pods,
        allowTcp6379,
        'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: partners}\nspec: {nets: [198.51.100.0/24]}\n',
        'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web, namespace: production}\nspec: {endpointSelector: {}, ingress: [{}]}\n',
        'apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata: {name: out}\nspec: {selectors: [{podSelector: {}}]}\n',
      ].join('---\n'),
    );
    assert.deepEqual(caveatsOf(model).map((c) => c.kinds), [['CiliumEgressGatewayPolicy (cilium.io)', 'GlobalNetworkSet (projectcalico.org)']]);
  });
});
