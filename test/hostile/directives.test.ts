import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFindings, expectFinding, hostileTrees, lintJson } from '../support/hostile.ts';

/**
 * Only real YAML comments are directives. A `# kube-netlint-disable` inside an annotation value or a
 * ConfigMap script used to suppress the whole document: no output, exit 0.
 */
const tree = hostileTrees('directives');

const annotated = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    runbook: https://wiki/x#kube-netlint-disable
    note: "see # kube-netlint-disable"
    quoted: '# kube-netlint-disable'
spec:
  selector: {app: web}
  ports:
    - port: 99999
`;

const script = `apiVersion: v1
kind: ConfigMap
metadata:
  name: scripts
data:
  run.sh: |
    # kube-netlint-disable
    echo hi
  folded: >
    # kube-netlint-disable schema
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 99998
`;

describe('disable directives', () => {
  it('when an annotation value contains "#kube-netlint-disable", then the document is still reported', () => {
    const report = lintJson(['svc.yaml'], tree({ 'svc.yaml': annotated }));
    expectFinding(report, { file: 'svc.yaml', line: 12, column: 13 }, 'schema', 'not 99999');
    assert.equal(report.code, 1);
  });

  it('when a block scalar holds a line "# kube-netlint-disable", then the documents after it are still reported', () => {
    const report = lintJson(['cm.yaml'], tree({ 'cm.yaml': script }));
    expectFinding(report, { file: 'cm.yaml', line: 19, column: 13 }, 'schema', 'not 99998');
  });

  it('when the file takes the YAML library path (an anchor), then strings and block scalars still suppress nothing', () => {
    const withAnchor = `${annotated.replace('name: web', 'name: &n web')}---\n${script.replace('name: scripts', 'name: &s scripts')}`;
    const report = lintJson(['all.yaml'], tree({ 'all.yaml': withAnchor }));
    expectFinding(report, { file: 'all.yaml', line: 12, column: 13 }, 'schema', 'not 99999');
    expectFinding(report, { file: 'all.yaml', line: 32, column: 13 }, 'schema', 'not 99998');
  });

  it('when a real comment is a directive, then it still suppresses, on either path', () => {
    const real = annotated.replace('    - port: 99999\n', '    - port: 99999 # kube-netlint-disable-line schema\n');
    for (const text of [real, real.replace('name: web', 'name: &n web')]) {
      const report = lintJson(['svc.yaml'], tree({ 'svc.yaml': text }));
      assert.equal(report.findings.filter((f) => f.ruleId === 'schema').length, 0, describeFindings(report.findings));
    }
  });

  it('when a comment line is megabytes long and starts like a directive, then it is read in linear time as one unknown directive', () => {
    const text = `# kube-netlint-${'a-'.repeat(1_000_000)}\n${annotated}`;
    const report = lintJson(['long.yaml'], tree({ 'long.yaml': text }));
    expectFinding(report, { file: 'long.yaml', line: 1, column: 3 }, 'suppression', 'kube-netlint-');
    expectFinding(report, { file: 'long.yaml', line: 13, column: 13 }, 'schema', 'not 99999');
  });
});
