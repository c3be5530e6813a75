import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFindings, expectFinding, hostileTrees, lintJson } from '../support/hostile.ts';

/**
 * kubectl reads YAML 1.1 (go-yaml v2 through sigs.k8s.io/yaml): `010` is octal 8, `1_000` is 1000,
 * `yes` is true. Values are read as kubectl reads them, and where a YAML 1.2 tool would read them
 * otherwise a warning quotes the text and both readings. Verified against kubectl 1.32
 * (`kubectl annotate --local -f FILE x=y -o json`) and goyaml.v2/resolve.go of sigs.k8s.io/yaml.
 */
const tree = hostileTrees('scalars');

const workload = (port: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx
          ports: [{containerPort: ${port}}]
`;

const service = (targetPort: string, port = '80') => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: ${port}
      targetPort: ${targetPort}
`;

describe('scalars as kubectl reads them', () => {
  it('when targetPort is 010 and the container listens on 8, then it matches (octal 8) and a warning quotes both readings', () => {
    const report = lintJson(['.'], tree({ 'deploy.yaml': workload(8), 'svc.yaml': service('010') }));
    assert.equal(report.findings.filter((f) => f.ruleId === 'service-target-port').length, 0, describeFindings(report.findings));
    const warning = expectFinding(report, { file: 'svc.yaml', line: 9, column: 19 }, 'yaml-ambiguous-scalar', 'unquoted 010 is the number 8 to kubectl (YAML 1.1 reads a leading 0 as octal) but the number 10 to YAML 1.2 tools');
    assert.equal(warning.severity, 'warning');
    assert.equal(report.code, 0);
  });

  it('when targetPort is 010 and the container listens on 10, then it is the missing port 8 that is reported', () => {
    const report = lintJson(['.'], tree({ 'deploy.yaml': workload(10), 'svc.yaml': service('010') }));
    expectFinding(report, { file: 'svc.yaml', line: 9, column: 19 }, 'service-target-port', 'targetPort 8/TCP');
  });

  it('when port is 1_000 or 0b1010000, then it is the number kubectl reads, not a string the schema rejects', () => {
    const report = lintJson(['.'], tree({ 'deploy.yaml': workload(80), 'svc.yaml': service('0b1010000', '1_000') }));
    assert.equal(report.findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'service-target-port').length, 0, describeFindings(report.findings));
    expectFinding(report, { file: 'svc.yaml', line: 8, column: 13 }, 'yaml-ambiguous-scalar', 'the number 1000 to kubectl (YAML 1.1) but the string "1_000"');
    expectFinding(report, { file: 'svc.yaml', line: 9, column: 19 }, 'yaml-ambiguous-scalar', 'the number 80 to kubectl');
  });

  it('when numbers are written 0x50 and 0o120, then both readers agree and nothing is said', () => {
    const report = lintJson(['.'], tree({ 'deploy.yaml': workload(80), 'svc.yaml': service('0x50', '0o120') }));
    assert.deepEqual(report.findings.filter((f) => f.file === 'svc.yaml' && f.ruleId !== 'service-unreachable'), [], describeFindings(report.findings));
  });

  it('when hostNetwork is yes, then it is true as kubectl reads it (no false error), with a warning; an env value on is the boolean the API server rejects', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: yes\n  containers:\n    - name: c\n      image: x\n      env:\n        - name: FLAG\n          value: on\n';
    const report = lintJson(['pod.yaml'], tree({ 'pod.yaml': pod }));
    assert.equal(report.findings.filter((f) => f.ruleId === 'schema' && f.line === 6).length, 0, describeFindings(report.findings));
    expectFinding(report, { file: 'pod.yaml', line: 6, column: 16 }, 'yaml-ambiguous-scalar', 'unquoted yes is the boolean true to kubectl');
    expectFinding(report, { file: 'pod.yaml', line: 12, column: 18 }, 'schema', 'spec.containers[0].env[0].value must be a string, not on (quote it: "on")');
    // One complaint per cause: the error says it, the warning is left out there.
    assert.equal(report.findings.filter((f) => f.line === 12).length, 1, describeFindings(report.findings));
  });

  it('when values are tagged !!float, !!int, !!binary and !!timestamp, then they are what kubectl reads, not strings or "a map"', () => {
    const manifest = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    blob: !!binary aGVsbG8=
    when: !!timestamp 2024-01-01
spec:
  selector: {app: web}
  ports:
    - port: !!float 80
      targetPort: !!int "8080"
`;
    const report = lintJson(['svc.yaml'], tree({ 'svc.yaml': manifest }));
    assert.deepEqual(report.findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'yaml-syntax'), [], describeFindings(report.findings));
    assert.equal(report.summary.objects, 1);
  });

  it('when a tagged value is not of its tag, or a value is .nan, then kubectl rejects the file and so does the finding', () => {
    const manifest = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: !!int http\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: .nan\n';
    const report = lintJson(['svc.yaml'], tree({ 'svc.yaml': manifest }));
    expectFinding(report, { file: 'svc.yaml', line: 7, column: 19 }, 'yaml-syntax', '"http" is not an int (it reads as a str), so kubectl cannot decode it as !!int');
    expectFinding(report, { file: 'svc.yaml', line: 14, column: 6 }, 'yaml-syntax', '.nan is read as NaN, which JSON cannot hold: kubectl rejects the file');
  });
});
