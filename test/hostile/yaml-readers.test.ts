import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFindings, expectFinding, hostileTrees, lintJson, type Report } from '../support/hostile.ts';

/**
 * The fast reader and the `yaml` library (which reads any file the fast reader leaves to it: one with
 * an anchor, a tag, a multi-line flow collection) must give the same answer, and YAML that kubectl
 * accepts must not be dropped. `yaml` 2.x misreads a value after a comment line less indented than it
 * (docs/upstream/yaml-comment-indentation.md); the library path works around it.
 */
const tree = hostileTrees('yaml-readers');

/** Lints `text` as it is (the fast reader) and with an unrelated anchor added (the library path). */
function bothPaths(text: string): [Report, Report] {
  const withAnchor = `${text}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: &n anchored}\ndata: {n: *n}\n`;
  return [lintJson(['a.yaml'], tree({ 'a.yaml': text })), lintJson(['a.yaml'], tree({ 'a.yaml': withAnchor }))];
}

const portAfterComment = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: # the port
# (a comment line at column 0)
        99999
`;

const policyTypesAfterComment = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
spec:
  podSelector: {}
  policyTypes:
  - # first
#x
    Ingress
  - Egress
  egress: [{}]
`;

describe('the two YAML readers', () => {
  it('when a value follows its key after a less indented comment line, then both paths read it and report the same finding', () => {
    for (const report of bothPaths(portAfterComment)) {
      expectFinding(report, { file: 'a.yaml', line: 10, column: 9 }, 'schema', 'must be <= 65535, not 99999');
      assert.equal(report.findings.filter((f) => f.ruleId === 'yaml-syntax').length, 0, describeFindings(report.findings));
    }
  });

  it('when sequence items follow their dash after a comment line, then both paths read two items, not "Ingress - Egress"', () => {
    for (const report of bothPaths(policyTypesAfterComment)) {
      assert.deepEqual(report.findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'yaml-syntax'), [], describeFindings(report.findings));
    }
  });

  it('when a flow sequence continues on a line indented by a tab, then kubectl reads it, so it is a warning and the object is analysed', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80, name: http},\n\t{port: 99999, name: admin}]\n';
    const report = lintJson(['a.yaml'], tree({ 'a.yaml': text }));
    const warning = expectFinding(report, { file: 'a.yaml', line: 8, column: 2 }, 'yaml-syntax', 'this line continues the flow collection opened on line 7 but is indented less than where it opens; kubectl reads it');
    assert.equal(warning.severity, 'warning');
    expectFinding(report, { file: 'a.yaml', line: 8, column: 9 }, 'schema', 'not 99999');
  });

  it('when a quoted string continues on a line indented less than its key, then it is a warning and the object is analysed', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    note: "a long\n  note"\nspec:\n  selector: {app: web}\n  ports: [{port: 99999}]\n';
    const report = lintJson(['a.yaml'], tree({ 'a.yaml': text }));
    assert.equal(expectFinding(report, { file: 'a.yaml', line: 7 }, 'yaml-syntax', 'continues the quoted string opened on line 6').severity, 'warning');
    expectFinding(report, { file: 'a.yaml', line: 10, column: 18 }, 'schema', 'not 99999');
  });

  it('when a comment follows a quoted value without a space, then it is a warning and the object is analysed', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "web"# the name\nspec:\n  selector: {app: web}\n  ports: [{port: 99999}]\n';
    const report = lintJson(['a.yaml'], tree({ 'a.yaml': text }));
    assert.equal(expectFinding(report, { file: 'a.yaml', line: 4 }, 'yaml-syntax', 'kubectl reads it as a comment: add a space before the #').severity, 'warning');
    expectFinding(report, { file: 'a.yaml', line: 7, column: 18 }, 'schema', 'not 99999');
  });

  it('when a tab indents a blank line, a comment line or an item, or a flow line after a plain value, then it is the error kubectl makes', () => {
    // Each checked against kubectl 1.32: "found character that cannot start any token" / "a tab character that violates indentation".
    const cases: [string, number][] = [
      ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n\t# c\n  a: x\n', 6],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n\t\n  a: x\n', 6],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  - \tx\n', 6],
      ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: [1, 2\n\t, 3]\n', 7],
    ];
    for (const [text, line] of cases) {
      const report = lintJson(['a.yaml'], tree({ 'a.yaml': text }));
      const error = expectFinding(report, { file: 'a.yaml', line }, 'yaml-syntax', 'kubectl\'s YAML reader rejects it');
      assert.equal(error.severity, 'error');
    }
  });

  it('when an alias sits inside the node its anchor names, then it is an error (kubectl: "anchor value contains itself") and nothing loops', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: &a\n  name: web\n  labels:\n    self: *a\nspec:\n  ports: [{port: 99999}]\n';
    const report = lintJson(['a.yaml'], tree({ 'a.yaml': text }));
    expectFinding(report, { file: 'a.yaml', line: 6, column: 11 }, 'yaml-syntax', 'the alias *a is inside the node its anchor names');
    assert.equal(report.summary.objects, 0);
  });

  it('when a map repeats a key, then the finding names the key', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web\n    app: api\n';
    for (const report of [lintJson(['a.yaml'], tree({ 'a.yaml': text })), lintJson(['a.json'], tree({ 'a.json': '{"apiVersion": "v1", "kind": "Service",\n "metadata": {"name": "web", "name": "api"}}\n' }))]) {
      const file = report.findings[0]?.file ?? '';
      expectFinding(report, { file, line: file === 'a.yaml' ? 7 : 2 }, 'yaml-syntax', 'duplicate key "');
    }
    const report = lintJson(['a.yaml'], tree({ 'a.yaml': text }));
    expectFinding(report, { file: 'a.yaml', line: 7, column: 5 }, 'yaml-syntax', 'duplicate key "app": the map already has it');
  });
});
