import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brokenService, describeFindings, expectFinding, hostileTrees, lintJson } from '../support/hostile.ts';

/**
 * Input that was dropped without a word or with a misleading message: each is a clear finding at the
 * right line, and what kubectl would accept is analysed.
 */
const tree = hostileTrees('dropped');

describe('input dropped or misread', () => {
  it('when a byte-order mark follows ---, then it is a finding at that line naming the mark, not "no apiVersion", and the other document is linted', () => {
    const text = `${brokenService('first')}---\n\ufeff${brokenService('second')}`;
    const report = lintJson(['bom.yaml'], tree({ 'bom.yaml': text }));
    expectFinding(report, { file: 'bom.yaml', line: 10, column: 1 }, 'yaml-syntax', 'a byte-order mark (U+FEFF) before the key "apiVersion": kubectl reads it as part of the key');
    expectFinding(report, { file: 'bom.yaml', line: 8, column: 13 }, 'schema', 'not 99999');
    assert.equal(report.findings.filter((f) => f.message.includes('no apiVersion')).length, 0, describeFindings(report.findings));
  });

  it('when kind is service, then kubectl finds no such kind, and the finding names Service', () => {
    const report = lintJson(['svc.yaml'], tree({ 'svc.yaml': brokenService('web').replace('kind: Service', 'kind: service') }));
    expectFinding(report, { file: 'svc.yaml', line: 2, column: 7 }, 'schema', 'kind "service" is not served by Kubernetes: kinds are case-sensitive');
    expectFinding(report, { file: 'svc.yaml', line: 2, column: 7 }, 'schema', 'write kind: Service');
  });

  it('when a .json file has a // comment, then it is a finding at the comment, and the JSON objects before it are linted', () => {
    const json = '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}, "spec": {"ports": [{"port": 0}]}}\n{"apiVersion": "v1", "kind": "Service", // the second\n "metadata": {"name": "b"}}\n';
    const report = lintJson(['svc.json'], tree({ 'svc.json': json }));
    expectFinding(report, { file: 'svc.json', line: 2, column: 41 }, 'yaml-syntax', 'a comment (//): JSON has no comments, and kubectl reads a file that starts with { as JSON and stops here; remove it');
    expectFinding(report, { file: 'svc.json', line: 1 }, 'schema', 'must be >= 1, not 0');
  });

  it('when a file named on the command line is ignored by a config above it, then the skip is said', () => {
    const root = tree({ '.kube-netlint.yaml': 'ignore: ["**"]\n', 'app/svc.yaml': brokenService('web') });
    const report = lintJson(['svc.yaml'], `${root}/app`);
    const said = expectFinding(report, { file: 'svc.yaml', line: 1 }, 'skipped-file', `it matches the ignore pattern "**" of ${root}/.kube-netlint.yaml, although it was named on the command line; change the pattern`);
    assert.equal(said.severity, 'info');
    assert.equal(report.code, 0);
  });

  it('when a NUL byte comes after the first 8 KB, then the file is binary, not half-read', () => {
    const text = Buffer.concat([Buffer.from(`${brokenService('web')}# ${'x'.repeat(9000)}\n`), Buffer.from([0]), Buffer.from('\n')]);
    const report = lintJson(['bin.yaml'], tree({ 'bin.yaml': text }));
    expectFinding(report, { file: 'bin.yaml', line: 1 }, 'skipped-file', 'binary file (contains NUL bytes)');
    assert.equal(report.summary.objects, 0);
  });

  it('when lines end with a lone carriage return, then the file is read as YAML 1.2 reads it, at the right lines', () => {
    const report = lintJson(['cr.yaml'], tree({ 'cr.yaml': brokenService('web').replace(/\n/g, '\r') }));
    expectFinding(report, { file: 'cr.yaml', line: 8, column: 13 }, 'schema', 'not 99999');
    assert.equal(report.findings.filter((f) => f.ruleId === 'yaml-syntax').length, 0, describeFindings(report.findings));
  });

  it('when a map key is a list, then the finding is at that key (kubectl rejects it), not at its parent', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ok: x\n  ? [a, b]\n  : v\n';
    const report = lintJson(['key.yaml'], tree({ 'key.yaml': text }));
    expectFinding(report, { file: 'key.yaml', line: 7, column: 5 }, 'yaml-syntax', 'a map key that is a list: kubectl cannot read it');
  });
});
