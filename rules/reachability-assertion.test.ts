import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { parseConfig } from '../src/app/config.ts';
import { positionAt } from '../src/source/text.ts';
import { toSourceFiles } from '../test/support/rule-tester.ts';
import { rule } from './reachability-assertion.ts';

const deployment = (name: string, namespace: string, labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec: {containers: [{name: main, image: x, ports: [{name: http, containerPort: 8080}]}]}
`;
const manifests = {
  'apps.yaml': [deployment('web', 'front', 'app: web'), deployment('api', 'back', 'app: api'), deployment('db', 'back', 'app: db')].join('---\n'),
  'policies.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: back}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: front}}}]
      ports: [{port: http}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: back}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: api}}}]
`,
};

/** Lints the manifests with this rule and a config file of the given text; findings as `line:column messageId: message`. */
function run(configText: string): { lines: string[]; related: string[][] } {
  const { config, problems } = parseConfig({ path: '.kube-netlint.yaml', absPath: '/virtual/.kube-netlint.yaml', text: configText });
  assert.deepEqual(problems.map((p) => p.message), []);
  const { diagnostics } = analyze({ files: toSourceFiles(manifests), config, rules: [rule] });
  for (const d of diagnostics) assert.equal(d.file.path, '.kube-netlint.yaml');
  return {
    lines: diagnostics.map((d) => {
      const { line, column } = positionAt(d.file, d.span.start);
      return `${line}:${column} ${d.messageId}: ${d.message}`;
    }),
    related: diagnostics.map((d) => d.related.map((r) => `${r.file.path}:${positionAt(r.file, r.span.start).line} ${r.message}`)),
  };
}

describe('rule reachability-assertion', () => {
  it('when every assertion holds, then it reports nothing', () => {
    const { lines } = run(`assertions:
  - name: the web reaches the api
    from: {namespace: front}
    to: {namespace: back, workload: api}
    port: http
    expect: allow
  - name: the web never reaches the database
    from: {namespace: front, labels: {app: web}}
    to: {workload: Deployment/db}
    port: 5432
    expect: deny
`);
    assert.deepEqual(lines, []);
  });

  it('when an allow assertion fails, then it reports allowFailed at the assertion with the isolating policy related', () => {
    const { lines, related } = run(`rules: {}
assertions:
  - name: the web reaches the database
    from: {namespace: front}
    to: {namespace: back, labels: {app: db}}
    port: 5432
    expect: allow
`);
    assert.deepEqual(lines, [
      '3:5 allowFailed: assertion "the web reaches the database" fails: front/web[Deployment] may not reach back/db[Deployment] on TCP 5432: the ingress of back/db[Deployment] is isolated by NetworkPolicy "db", and no rule allows the connection, but it expects allow; change the policies (or the assertion, if the policies are right)',
    ]);
    assert.deepEqual(related, [['policies.yaml:14 NetworkPolicy "db" in namespace "back" isolates back/db[Deployment] for ingress and allows no such connection']]);
  });

  it('when a deny assertion fails, then it reports denyFailed with the allowing rule related', () => {
    const { lines, related } = run(`assertions:
  - name: ok
    from: {namespace: front}
    to: {namespace: back}
    expect: allow
  - name: nothing reaches the web from outside the cluster
    from: {cidr: 0.0.0.0/0}
    to: {workload: web}
    expect: deny
  - name: the front never reaches the api
    from: {namespace: front}
    to: {workload: api}
    port: 8080
    expect: deny
`);
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^2:5 allowFailed: assertion "ok" fails: front\/web\[Deployment\] may not reach back\/db\[Deployment\] on any connection/);
    assert.match(lines[1]!, /^6:5 denyFailed: .*0\.0\.0\.0-255\.255\.255\.255 may reach front\/web\[Deployment\] on any connection: no NetworkPolicy applies to the egress of 0\.0\.0\.0-255\.255\.255\.255 \(outside the cluster\); no NetworkPolicy isolates front\/web\[Deployment\] for ingress/);
    assert.match(lines[2]!, /^10:5 denyFailed: .*the ingress of back\/api\[Deployment\] is allowed by NetworkPolicy "api" ingress\[0\]/);
    assert.deepEqual(related[1], []);
    assert.deepEqual(related[2], ['policies.yaml:7 NetworkPolicy "api" in namespace "back" ingress[0] allows it for back/api[Deployment]']);
  });

  it('when an endpoint matches no workload or a named port is not declared, then it reports unresolved at that field', () => {
    const { lines } = run(`assertions:
  - name: typo
    from: {namespace: frnt}
    to: {workload: api}
    expect: deny
  - name: named port
    from: {workload: web}
    to: {workload: api}
    port: grpc
    expect: allow
  - name: bad cidr
    from: {cidr: 10.0.0.0/40}
    to: {workload: api}
    expect: deny
`);
    assert.deepEqual(lines, [
      '3:5 unresolved: assertion "typo" cannot be checked: "from" (in namespace frnt) matches no workload; fix the assertion so that it names workloads of the tree',
      '9:5 unresolved: assertion "named port" cannot be checked: port "grpc" (TCP) is not a container port of back/api[Deployment]; fix the assertion so that it names workloads of the tree',
      '12:5 unresolved: assertion "bad cidr" cannot be checked: "from" cidr "10.0.0.0/40" is not a valid CIDR or address; fix the assertion so that it names workloads of the tree',
    ]);
  });

  it('when the config has no source file, then it reports nothing', () => {
    const { diagnostics } = analyze({
      files: toSourceFiles(manifests),
      config: { ...parseConfig({ path: 'c.yaml', absPath: '/c.yaml', text: 'assertions: [{name: x, from: {workload: web}, to: {workload: db}, expect: allow}]\n' }).config, source: undefined },
      rules: [rule],
    });
    assert.deepEqual(diagnostics, []);
  });

  it('then every message id is exercised above', () => {
    assert.deepEqual(Object.keys(rule.meta.messages).sort(), ['allowFailed', 'denyFailed', 'unresolved']);
  });
});
