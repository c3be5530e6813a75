// Truth tables for NetworkPolicy semantics in the style of Kubernetes' netpol e2e model (namespaces
// x, y, z; pods a, b, c; ports 80 and 81 over TCP, UDP and SCTP). Each expectation is written from the
// networking/v1 API reference, as the e2e tests do: start from a default, then override per peer.
import type { Protocol } from '../../src/model/types.ts';
import { Reachability } from './netpol-world.ts';

export const policy = (namespace: string, name: string, spec: Record<string, unknown>) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${JSON.stringify(namespace)}\nspec: ${JSON.stringify(spec)}\n`;

export interface Probe {
  readonly port: number;
  readonly protocol: Protocol;
  readonly expected: Reachability;
}

export interface ConformanceCase {
  readonly name: string;
  readonly policies: readonly string[];
  readonly probes: readonly Probe[];
}

const all = () => new Reachability(true);
const none = () => new Reachability(false);
const tcp80 = (expected: Reachability): Probe => ({ port: 80, protocol: 'TCP', expected });

export const conformanceCases: ConformanceCase[] = [
  { name: 'no policy exists', policies: [], probes: [tcp80(all()), { port: 81, protocol: 'SCTP', expected: all() }] },
  {
    name: 'x denies all ingress (empty podSelector, no rules)',
    policies: [policy('x', 'deny-ingress', { podSelector: {} })],
    probes: [tcp80(all().expectAllIngress('x', false)), { port: 81, protocol: 'UDP', expected: all().expectAllIngress('x', false) }],
  },
  {
    name: 'x denies all egress (policyTypes Egress, no egress rules)',
    policies: [policy('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] })],
    probes: [tcp80(all().expectAllEgress('x', false))],
  },
  {
    name: 'policyTypes is Egress only, with ingress rules that therefore do not isolate',
    policies: [policy('x', 'egress-only', { podSelector: {}, policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] })],
    probes: [tcp80(all().expectAllEgress('x', false))],
  },
  {
    name: 'policyTypes is absent and egress rules exist, so egress is isolated too',
    policies: [policy('x', 'both', { podSelector: { matchLabels: { pod: 'a' } }, egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] })],
    // Ingress is isolated with no ingress rules; egress only to y.
    probes: [tcp80(all().expectAllIngress('x/a', false).expectAllEgress('x/a', false).expect('x/a', 'y', true))],
  },
  {
    name: 'policyTypes is an empty list, which defaults like an absent one (Ingress; Egress only with egress rules)',
    policies: [policy('x', 'empty-types', { podSelector: {}, policyTypes: [] })],
    probes: [tcp80(all().expectAllIngress('x', false))],
  },
  {
    name: 'policyTypes lists both, with an empty ingress rule and no egress rules',
    policies: [policy('x', 'in-open-out-closed', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Ingress', 'Egress'], ingress: [{}] })],
    probes: [tcp80(all().expectAllEgress('x/a', false))],
  },
  {
    name: 'x allows ingress from its own namespace only',
    policies: [policy('x', 'same-ns', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })],
    probes: [tcp80(all().expectAllIngress('x', false).expect('x', 'x', true))],
  },
  {
    name: 'x/a allows ingress from namespaces labelled ns=y',
    policies: [policy('x', 'from-y', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] })],
    probes: [tcp80(all().expectAllIngress('x/a', false).expect('y', 'x/a', true))],
  },
  {
    name: 'x/a allows ingress from an undeclared namespace by its kubernetes.io/metadata.name label',
    policies: [
      policy('x', 'from-z', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'z' } } }] }] }),
    ],
    probes: [tcp80(all().expectAllIngress('x/a', false).expect('z', 'x/a', true))],
  },
  {
    name: 'a namespaceSelector on a label the undeclared namespace lacks',
    policies: [policy('x', 'from-ns-z', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }] }] })],
    probes: [tcp80(all().expectAllIngress('x/a', false))],
  },
  {
    name: 'one peer has both a namespaceSelector and a podSelector (AND)',
    policies: [
      policy('x', 'and', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'b' } } }] }],
      }),
    ],
    probes: [tcp80(all().expectAllIngress('x/a', false).expect('y/b', 'x/a', true))],
  },
  {
    name: 'two peers, a namespaceSelector and a podSelector (OR)',
    policies: [
      policy('x', 'or', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }, { podSelector: { matchLabels: { pod: 'b' } } }] }],
      }),
    ],
    probes: [tcp80(all().expectAllIngress('x/a', false).expect('y', 'x/a', true).expect('x/b', 'x/a', true))],
  },
  {
    name: 'an empty namespaceSelector with a podSelector (that pod in every namespace)',
    policies: [policy('x', 'b-anywhere', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { pod: 'b' } } }] }] })],
    probes: [tcp80(all().expectAllIngress('x/a', false).expect('*/b', 'x/a', true))],
  },
  {
    name: 'matchExpressions: namespaces In (y, z) and pods NotIn (c)',
    policies: [
      policy('x', 'exprs', {
        podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['a', 'b'] }] },
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['y', 'z'] }] },
                podSelector: { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['c'] }] },
              },
            ],
          },
        ],
      }),
    ],
    probes: [tcp80(all().expectAllIngress('x/a', false).expectAllIngress('x/b', false).expect('y/a', 'x/a', true).expect('y/b', 'x/a', true).expect('z/a', 'x/a', true).expect('z/b', 'x/a', true).expect('y/a', 'x/b', true).expect('y/b', 'x/b', true).expect('z/a', 'x/b', true).expect('z/b', 'x/b', true))],
  },
  {
    name: 'an empty ingress rule ({}) on a selected pod',
    policies: [policy('x', 'allow-all', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{}] })],
    probes: [tcp80(all()), { port: 81, protocol: 'SCTP', expected: all() }],
  },
  {
    name: 'ingress to x/a is allowed on TCP port 80 only',
    policies: [policy('x', 'tcp-80', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 80 }] }] })],
    probes: [
      tcp80(all()),
      { port: 81, protocol: 'TCP', expected: all().expectAllIngress('x/a', false) },
      { port: 80, protocol: 'UDP', expected: all().expectAllIngress('x/a', false) },
    ],
  },
  {
    name: 'ingress to x/a is allowed on UDP port 80 (protocol mismatch for TCP)',
    policies: [policy('x', 'udp-80', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ protocol: 'UDP', port: 80 }] }] })],
    probes: [
      tcp80(all().expectAllIngress('x/a', false)),
      { port: 80, protocol: 'UDP', expected: all() },
      { port: 80, protocol: 'SCTP', expected: all().expectAllIngress('x/a', false) },
    ],
  },
  {
    name: 'ingress to x/a allows SCTP on every port (a port entry without a number)',
    policies: [policy('x', 'sctp', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ protocol: 'SCTP' }] }] })],
    probes: [
      { port: 81, protocol: 'SCTP', expected: all() },
      { port: 80, protocol: 'SCTP', expected: all() },
      { port: 81, protocol: 'TCP', expected: all().expectAllIngress('x/a', false) },
    ],
  },
  {
    name: 'ingress to x/a names port serve-81-tcp',
    policies: [policy('x', 'named', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] })],
    probes: [
      { port: 81, protocol: 'TCP', expected: all() },
      tcp80(all().expectAllIngress('x/a', false)),
      { port: 81, protocol: 'UDP', expected: all().expectAllIngress('x/a', false) },
    ],
  },
  {
    name: 'a named port whose protocol differs from the container port of that name',
    policies: [policy('x', 'named-udp', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 'serve-81-tcp', protocol: 'UDP' }] }] })],
    probes: [{ port: 81, protocol: 'TCP', expected: all().expectAllIngress('x/a', false) }, { port: 81, protocol: 'UDP', expected: all().expectAllIngress('x/a', false) }],
  },
  {
    name: 'egress from x/a names port serve-80-udp (resolved on each destination)',
    policies: [policy('x', 'egress-named', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-udp', protocol: 'UDP' }] }] })],
    probes: [{ port: 80, protocol: 'UDP', expected: all() }, tcp80(all().expectAllEgress('x/a', false))],
  },
  {
    name: 'ingress to x/a allows TCP 80 to 81 with endPort',
    policies: [policy('x', 'range', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 80, endPort: 81 }] }] })],
    probes: [tcp80(all()), { port: 81, protocol: 'TCP', expected: all() }, { port: 81, protocol: 'UDP', expected: all().expectAllIngress('x/a', false) }],
  },
  {
    name: 'ingress to x/a allows TCP 81 to 9000 with endPort',
    policies: [policy('x', 'range-81', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 81, endPort: 9000 }] }] })],
    probes: [tcp80(all().expectAllIngress('x/a', false)), { port: 81, protocol: 'TCP', expected: all() }],
  },
  {
    name: 'an endPort below its port (rejected by the API server) allows nothing',
    policies: [policy('x', 'bad-range', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 81, endPort: 80 }] }] })],
    probes: [tcp80(all().expectAllIngress('x/a', false)), { port: 81, protocol: 'TCP', expected: all().expectAllIngress('x/a', false) }],
  },
  {
    name: 'two policies select x/a and their rules add up (union)',
    policies: [
      policy('x', 'from-y-80', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 80 }] }] }),
      policy('x', 'from-z-81', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: {} , podSelector: { matchLabels: { pod: 'c' } } }], ports: [{ port: 81 }] }] }),
    ],
    probes: [
      tcp80(all().expectAllIngress('x/a', false).expect('y', 'x/a', true)),
      { port: 81, protocol: 'TCP', expected: all().expectAllIngress('x/a', false).expect('*/c', 'x/a', true) },
    ],
  },
  {
    name: 'a deny-all policy and an allow policy select the same pods (the allow wins)',
    policies: [policy('x', 'deny', { podSelector: {} }), policy('x', 'allow-b', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] })],
    probes: [tcp80(all().expectAllIngress('x', false).expect('x/b', 'x', true))],
  },
  {
    name: 'x denies egress and y allows all ingress (both sides must allow)',
    policies: [policy('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] }), policy('y', 'allow-in', { podSelector: {}, ingress: [{}] })],
    probes: [tcp80(all().expectAllEgress('x', false))],
  },
  {
    name: 'x/a may only send to y/b and y/b only accepts from x/c',
    policies: [
      policy('x', 'a-to-yb', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'b' } } }] }] }),
      policy('y', 'b-from-xc', { podSelector: { matchLabels: { pod: 'b' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'x' } }, podSelector: { matchLabels: { pod: 'c' } } }] }] }),
    ],
    probes: [tcp80(all().expectAllEgress('x/a', false).expectAllIngress('y/b', false).expect('x/c', 'y/b', true))],
  },
  {
    name: 'the only ingress peer is an ipBlock (it never selects pods)',
    policies: [policy('x', 'cidr', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })],
    probes: [tcp80(all().expectAllIngress('x/a', false))],
  },
  {
    name: 'a policy in y with an empty podSelector selects only pods of y',
    policies: [policy('y', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    probes: [tcp80(all().expectAllIngress('y', false).expectAllEgress('y', false))],
  },
  {
    name: 'egress from x allows only TCP 80 to pods c anywhere',
    policies: [policy('x', 'to-c', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { pod: 'c' } } }], ports: [{ port: 80, protocol: 'TCP' }] }] })],
    probes: [tcp80(none().expect('y', '*', true).expect('z', '*', true).expect('x', '*/c', true)), { port: 81, protocol: 'TCP', expected: all().expectAllEgress('x', false) }],
  },
];

