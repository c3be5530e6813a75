import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { applyBaseline, baselineOf, parseBaseline } from '../src/lint/baseline.ts';
import { formatBaseline } from '../src/format/baseline.ts';
import { runBuiltCli } from './support/built-cli.ts';
import { EVIL, hiddenCharacter, yamlString } from './support/hostile-text.ts';

/** A Service whose selector matches no workload (service-selector-orphan), below `above` extra lines. */
const orphan = (name: string, app: string, above = '') => `${above}apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    app: ${app}
  ports:
    - port: 80
`;

function lintText(files: Record<string, string>) {
  const sources = Object.entries(files).map(([path, text]) => ({ path, absPath: `/repo/${path}`, text }));
  return analyze({ files: sources, config: DEFAULT_CONFIG }).diagnostics;
}

describe('baseline (pure)', () => {
  it('when findings are baselined and lines are added above them, then none is reported and nothing is unmatched', () => {
    const before = lintText({ 'a.yaml': orphan('web', 'nothing') });
    assert.ok(before.length > 0, 'the fixture must have a finding');
    const after = lintText({ 'moved/b.yaml': orphan('web', 'nothing', '# a comment\n# and another\n---\n') });
    assert.notEqual(after[0]!.span.start, before[0]!.span.start);
    const result = applyBaseline(after, baselineOf(before));
    assert.deepEqual(result, { diagnostics: [], baselined: before.length, unmatched: 0 });
  });

  it('when a finding says something else (another selector value), then it is new and the old entry is unmatched', () => {
    const before = lintText({ 'a.yaml': orphan('web', 'nothing') });
    const after = lintText({ 'a.yaml': orphan('web', 'other') });
    const result = applyBaseline(after, baselineOf(before));
    assert.equal(result.baselined, 0);
    assert.equal(result.diagnostics.length, after.length);
    assert.equal(result.unmatched, before.length);
  });

  it('when a finding occurs once more than the baseline counts, then exactly the extra one is reported', () => {
    const one = lintText({ 'a.yaml': orphan('web', 'nothing') });
    const baseline = baselineOf([...one, ...one]);
    assert.equal(baseline.entries.length, one.length);
    assert.ok(baseline.entries.every((e) => e.count === 2));
    const result = applyBaseline([...one, ...one, ...one], baseline);
    assert.equal(result.diagnostics.length, one.length);
    assert.equal(result.baselined, 2 * one.length);
  });

  it('when the same findings come in another order, then the baseline file is byte-identical and parses back to itself', () => {
    const diagnostics = lintText({ 'a.yaml': orphan('web', 'nothing'), 'b.yaml': orphan('api', 'gone') });
    const text = formatBaseline(baselineOf(diagnostics));
    assert.equal(formatBaseline(baselineOf([...diagnostics].reverse())), text);
    const parsed = parseBaseline(text);
    assert.ok(!('error' in parsed));
    assert.equal(formatBaseline(parsed), text);
    assert.doesNotMatch(text, /"line"|a\.yaml/, 'no line numbers, no file path for a finding on an object');
  });

  it('when a baselined finding quotes hostile names, then the file shows no hidden character and still matches the finding', () => {
    const evil = yamlString(EVIL);
    const diagnostics = lintText({ 'a.yaml': orphan(evil, evil) });
    assert.ok(diagnostics.length > 0);
    const text = formatBaseline(baselineOf(diagnostics));
    assert.equal(hiddenCharacter(text), undefined);
    assert.doesNotMatch(text, /##\[/);
    const parsed = parseBaseline(text);
    assert.ok(!('error' in parsed));
    assert.equal(applyBaseline(diagnostics, parsed).diagnostics.length, 0);
  });

  for (const [what, text, expected] of [
    ['not JSON', '{"kubeNetlintBaseline": 1,', /not JSON/],
    ['another tool\'s JSON', '{"results": []}', /not a kube-netlint baseline/],
    ['a newer version', '{"kubeNetlintBaseline": 2, "entries": []}', /version 2/],
    ['an entry without a count', '{"kubeNetlintBaseline": 1, "entries": [{"rule": "r", "messageId": "m", "file": "f", "path": [], "data": {}}]}', /entry 1: "count"/],
    ['an entry with a nested data value', '{"kubeNetlintBaseline": 1, "entries": [{"rule": "r", "messageId": "m", "file": "f", "path": [], "data": {"a": {}}, "count": 1}]}', /entry 1: "data"/],
  ] as const) {
    it(`when the baseline text is ${what}, then parsing says what is wrong`, () => {
      const parsed = parseBaseline(text);
      assert.ok('error' in parsed);
      assert.match(parsed.error, expected);
    });
  }
});

describe('baseline (the real CLI)', () => {
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-baseline-'));
    writeFileSync(join(dir, 'svc.yaml'), orphan('web', 'nothing'));
    return dir;
  };

  it('when a baseline is written, lines are added above its finding and a new finding appears, then only the new one is reported', () => {
    const dir = project();
    const write = runBuiltCli(['--write-baseline', 'baseline.json', '--format', 'json', 'svc.yaml'], { cwd: dir });
    assert.equal(write.code, 0, write.stderr);
    assert.match(write.stderr, /wrote 1 finding to the baseline baseline\.json/);
    const baseline = readFileSync(join(dir, 'baseline.json'), 'utf8');
    assert.match(baseline, /"rule":"service-selector-orphan"/);

    writeFileSync(join(dir, 'svc.yaml'), orphan('web', 'nothing', '# moved down\n\n\n'));
    const same = runBuiltCli(['--baseline', 'baseline.json', '--format', 'json', 'svc.yaml'], { cwd: dir });
    assert.equal(same.code, 0, same.stderr);
    const sameReport = JSON.parse(same.stdout);
    assert.deepEqual(sameReport.diagnostics, []);
    assert.equal(sameReport.summary.baselined, 1);
    assert.equal(sameReport.summary.baselineUnmatched, 0);

    writeFileSync(join(dir, 'svc.yaml'), `${orphan('web', 'nothing', '# moved down\n\n\n')}---\n${orphan('api', 'missing')}`);
    const grown = runBuiltCli(['--baseline', 'baseline.json', '--format', 'json', 'svc.yaml'], { cwd: dir });
    const report = JSON.parse(grown.stdout);
    assert.deepEqual(
      report.diagnostics.map((d: { ruleId: string; object: { name: string } }) => `${d.ruleId} ${d.object.name}`),
      ['service-selector-orphan api'],
    );
    assert.equal(report.summary.baselined, 1);
    assert.match(grown.stderr, /1 finding in the baseline baseline\.json is not reported\./);
  });

  it('when a baselined finding is fixed, then stderr counts the entry that no longer occurs', () => {
    const dir = project();
    assert.equal(runBuiltCli(['--write-baseline', 'b.json', 'svc.yaml'], { cwd: dir }).code, 0);
    writeFileSync(join(dir, 'svc.yaml'), '');
    const result = runBuiltCli(['--baseline', 'b.json', '--format', 'json', 'svc.yaml'], { cwd: dir });
    assert.equal(JSON.parse(result.stdout).summary.baselineUnmatched, 1);
    assert.match(result.stderr, /1 baseline entry no longer occurs: run with --write-baseline b\.json to shrink it/);
  });

  it('when the baseline file is corrupt, foreign, missing, a device or a pipe, then the run stops with exit code 2 naming the file', () => {
    const dir = project();
    writeFileSync(join(dir, 'corrupt.json'), '{"kubeNetlintBaseline": 1, "entries": [');
    writeFileSync(join(dir, 'sarif.json'), '{"version": "2.1.0", "runs": []}');
    // A pull request can commit a link to a device; a named pipe would wait for a writer forever.
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    assert.equal(spawnSync('mkfifo', [join(dir, 'fifo.json')]).status, 0);
    for (const [file, reason] of [
      ['corrupt.json', /--baseline corrupt\.json cannot be used: it is not JSON/],
      ['sarif.json', /--baseline sarif\.json cannot be used: it is not a kube-netlint baseline/],
      ['absent.json', /cannot read --baseline absent\.json: ENOENT/],
      ['zero.json', /--baseline zero\.json is not a regular file/],
      ['fifo.json', /--baseline fifo\.json is not a regular file/],
    ] as const) {
      const result = runBuiltCli(['--baseline', file, 'svc.yaml'], { cwd: dir });
      assert.equal(result.code, 2, file);
      assert.match(result.stderr, reason);
      assert.equal(result.stdout, '');
    }
  });
});
