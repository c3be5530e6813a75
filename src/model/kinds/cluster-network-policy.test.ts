import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../analyze.ts';
import { DEFAULT_CONFIG } from '../../app/config.ts';
import { toSourceFiles } from '../../../test/support/rule-tester.ts';
import { buildModel } from '../build.ts';
import { parseSources } from '../../source/parse.ts';
import { positionAt } from '../../source/text.ts';
import { ADMIN_NETWORK_POLICY_KIND, BASELINE_ADMIN_NETWORK_POLICY_KIND, CLUSTER_NETWORK_POLICY_KIND } from './cluster-network-policy.ts';
import { viewsOf } from './define.ts';

const modelOf = (text: string) => buildModel(parseSources(toSourceFiles(text)));
const schemaFindings = (text: string) =>
  analyze({ files: toSourceFiles({ 'p.yaml': text }), config: DEFAULT_CONFIG })
    .diagnostics.filter((d) => d.ruleId === 'schema')
    .map((d) => `${positionAt(d.file, d.span.start).line}: ${d.message}`);

const anp = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 10
  subject: {pods: {namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: web}}}}
  ingress:
    - {name: ok, action: Allow, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}}, {portRange: {protocol: UDP, start: 53, end: 54}}, {namedPort: http}]}
    - {action: Pass, from: [{}]}
  egress:
    - {action: Deny, to: [{networks: [10.0.0.0/8]}, {nodes: {}}, {domainNames: [example.com]}]}
`;

describe('cluster policy kinds (policy.networking.k8s.io)', () => {
  it('when an AdminNetworkPolicy is read, then its view has the priority, subject, actions, peers and the three port forms, an empty peer as invalid', () => {
    const [view] = viewsOf(modelOf(anp), ADMIN_NETWORK_POLICY_KIND);
    assert.ok(view);
    assert.equal(view.tier, 'Admin');
    assert.equal(view.priority, 10);
    assert.equal(view.subject?.type, 'pods');
    assert.deepEqual(view.ingress.map((r) => [r.action, r.name, r.peers.map((p) => p.type)]), [['allow', 'ok', ['namespaces']], ['pass', undefined, ['invalid']]]);
    assert.deepEqual(view.ingress[0]!.ports!.map((p) => p.type), ['number', 'range', 'named']);
    assert.deepEqual(view.ingress[0]!.ports![1], { type: 'range', protocol: 'UDP', start: 53, end: 54, path: ['spec', 'ingress', 0, 'ports', 1] });
    assert.deepEqual(view.egress[0]!.peers.map((p) => p.type), ['networks', 'nodes', 'domainNames']);
  });

  it('when a ClusterNetworkPolicy is read, then Accept is allow, the tier is read, and protocols give numbers, ranges and named ports (a one-port range is invalid)', () => {
    const text = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: c}
spec:
  tier: Baseline
  priority: 3
  subject: {namespaces: {}}
  egress:
    - action: Accept
      to: [{pods: {podSelector: {}}}]
      protocols: [{tcp: {destinationPort: {number: 443}}}, {udp: {destinationPort: {range: {start: 1, end: 9}}}}, {destinationNamedPort: dns}, {sctp: {destinationPort: {range: {start: 5, end: 5}}}}]
`;
    const [view] = viewsOf(modelOf(text), CLUSTER_NETWORK_POLICY_KIND);
    assert.ok(view);
    assert.equal(view.tier, 'Baseline');
    assert.equal(view.egress[0]!.action, 'allow');
    assert.deepEqual(view.egress[0]!.ports!.map((p) => p.type), ['number', 'range', 'named', 'invalid']);
  });

  it('when a BaselineAdminNetworkPolicy is read, then it is the Baseline tier without priority, and Pass is no action of it', () => {
    const text = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Pass, from: [{namespaces: {}}]}]
`;
    const [view] = viewsOf(modelOf(text), BASELINE_ADMIN_NETWORK_POLICY_KIND);
    assert.equal(view?.tier, 'Baseline');
    assert.equal(view?.priority, undefined);
    assert.equal(view?.ingress[0]!.action, undefined);
    assert.equal(view?.ingress[0]!.actionText, 'Pass');
  });

  it('when the fields break the API reference, then the schema rule reports each at its line', () => {
    const findings = schemaFindings(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: other}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Pass, from: [{namespaces: {}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 1001
  subject: {namespaces: {}, pods: {namespaceSelector: {}, podSelector: {}}}
  egress: [{action: Allow, to: [{namespaces: {}, networks: [0.0.0.0/0]}]}]
`);
    assert.equal(findings.length, 5, findings.join('\n'));
    assert.ok(findings.some((f) => f.startsWith('3: ') && f.includes('default')), findings.join('\n'));
    assert.ok(findings.some((f) => f.startsWith('6: ') && f.includes('Allow')), findings.join('\n'));
    assert.ok(findings.some((f) => f.startsWith('12: ')), findings.join('\n'));
    assert.ok(findings.some((f) => f.startsWith('13: ') && f.includes('exactly one of namespaces or pods')), findings.join('\n'));
    assert.ok(findings.some((f) => f.startsWith('14: ') && f.includes('exactly one of')), findings.join('\n'));
  });
});
