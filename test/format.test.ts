import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG, resolveConfig } from '../src/app/config.ts';
import { ruleDocUrl } from '../src/util/doc-urls.ts';
import { codeFrame } from '../src/format/code-frame.ts';
import { formatCompact } from '../src/format/compact.ts';
import { escapeData, escapeProperty, formatGithub } from '../src/format/github.ts';
import { formatters } from '../src/format/index.ts';
import { formatJson } from '../src/format/json.ts';
import { formatSarif } from '../src/format/sarif.ts';
import { formatStylish } from '../src/format/stylish.ts';
import type { FormatInput } from '../src/format/types.ts';
import type { Diagnostic } from '../src/lint/types.ts';
import type { SourceFile } from '../src/source/types.ts';
import { rules } from '../rules/index.ts';
import { matchers } from './support/problem-matchers.ts';
import { validateSarif } from './support/sarif-multitool.ts';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - name: http
              containerPort: 8080
`;

const services = `apiVersion: v1
kind: Service
metadata:
  name: cache
  namespace: shop
spec:
  selector:
    app: redis
  ports:
    - port: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 9090
`;

/** Lints virtual files (absolute paths under /project) with every rule; `config` as in .kube-netlint.yaml. */
function lintInput(files: Record<string, string>, config?: Record<string, unknown>, color = false): FormatInput {
  const sources = Object.entries(files).map(([path, text]) => ({ path, absPath: `/project/${path}`, text }));
  const analysis = analyze({ files: sources, config: config ? resolveConfig(config) : DEFAULT_CONFIG });
  return { diagnostics: analysis.diagnostics, summary: analysis.summary, rules: rules.map((r) => r.meta), color, version: '1.2.3' };
}

const tree = () => lintInput({ 'deploy.yaml': deployment, 'svc.yaml': services, 'broken.yaml': 'kind: Service\nmetadata: {name: x\n' }, { rules: { 'service-target-port': 'warning' } });

function fileOf(path: string, text: string): SourceFile {
  return { path, absPath: `/project/${path}`, text };
}

function diagnosticAt(file: SourceFile, start: number, end: number, overrides: Partial<Diagnostic> = {}): Diagnostic {
  return { ruleId: 'test-rule', messageId: 'm', severity: 'error', message: 'something is wrong', file, span: { start, end }, related: [], ...overrides };
}

function inputOf(diagnostics: Diagnostic[], color = false): FormatInput {
  return { diagnostics, summary: { files: 1, objects: 1, skipped: 0, errors: 0, warnings: 0, infos: 0 }, rules: rules.map((r) => r.meta), color, version: '1.2.3' };
}

const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('formatter registry', () => {
  it('when the CLI looks up a format, then stylish, json, compact, sarif, github, junit, gitlab and checkstyle exist with stylish first', () => {
    assert.deepEqual(Object.keys(formatters), ['stylish', 'json', 'compact', 'sarif', 'github', 'junit', 'gitlab', 'checkstyle']);
  });
});

describe('stylish', () => {
  it('when a finding is on a value, then a code frame shows its line with carets under exactly the span', () => {
    const output = formatStylish(tree());
    const lines = output.split('\n');
    const finding = lines.findIndex((l) => l.includes('service-target-port'));
    assert.match(lines[finding]!, /^ {2}22:19 {2}warning {2}targetPort 9090\/TCP .* {2}service-target-port$/);
    assert.equal(lines[finding + 1], '    21 |     - port: 80');
    assert.equal(lines[finding + 2], '  > 22 |       targetPort: 9090');
    assert.equal(lines[finding + 3], '       |                   ^^^^');
    assert.match(lines[finding + 4]!, /^ {4}related: deploy\.yaml:17:15 container ports of Deployment "web"$/);
  });

  it('when findings follow code frames, then both stylish problem matchers read every finding at its absolute file, line, column and rule', () => {
    const input = tree();
    const expected = input.diagnostics.map((d) => ({ file: d.file.absPath, ruleId: d.ruleId, severity: d.severity }));
    assert.ok(expected.length >= 3, 'the tree has several findings, two in one file');
    for (const name of ['vscode:$eslint-stylish', 'gha:eslint-stylish']) {
      const found = matchers[name]!(formatStylish(input)).map((p) => ({ file: p.file, ruleId: p.code, severity: p.severity }));
      assert.deepEqual(found, expected, name);
    }
    const first = matchers['vscode:$eslint-stylish']!(formatStylish(input)).find((p) => p.code === 'service-target-port')!;
    assert.deepEqual([first.line, first.column], [22, 19]);
  });

  it('when colour is on, then findings are coloured and stripping the colour gives exactly the plain output', () => {
    const plain = formatStylish(tree());
    const coloured = formatStylish({ ...tree(), color: true });
    assert.doesNotMatch(plain, /\u001b/);
    assert.match(coloured, /\u001b\[31merror\u001b\[39m/);
    assert.match(coloured, /\u001b\[33mwarning\u001b\[39m/);
    assert.equal(stripAnsi(coloured), plain);
  });

  it('when there are errors, warnings and infos, then the summary counts each and the scope', () => {
    const file = fileOf('a.yaml', 'a: 1\n');
    const output = formatStylish(
      inputOf([diagnosticAt(file, 0, 1), diagnosticAt(file, 0, 1, { severity: 'warning', ruleId: 'w' }), diagnosticAt(file, 3, 4, { severity: 'info', ruleId: 'i' })]),
    );
    assert.match(output, /\n✖ 3 problems \(1 error, 1 warning, 1 info\)\n {2}in 1 file, 1 object\n$/);
  });

  it('when there are no findings, then one line says so with the counts, and the next which config applied', () => {
    const output = formatStylish(lintInput({ 'deploy.yaml': deployment }));
    assert.equal(output, '✔ no problems in 1 file, 1 object\n  config: none (no .kube-netlint.yaml found; the defaults apply)\n');
  });

  it('when the summary does not say which config applied, then no config line is printed; when it names a file, then the line names it', () => {
    const file = fileOf('a.yaml', 'a: 1\n');
    assert.doesNotMatch(formatStylish(inputOf([diagnosticAt(file, 0, 1)])), /config:/);
    const named = formatStylish({ ...inputOf([diagnosticAt(file, 0, 1)]), summary: { files: 1, objects: 0, skipped: 0, errors: 1, warnings: 0, infos: 0, config: 'ops/.kube-netlint.yaml' } });
    assert.match(named, /\n {2}in 1 file, 0 objects\n {2}config: ops\/\.kube-netlint\.yaml\n$/);
  });

  it('when a span covers many lines, then the first lines are marked and the rest is summarised', () => {
    const file = fileOf('a.yaml', 'top:\n  a: 1\n  b: 2\n  c: 3\n  d: 4\nend: 0\n');
    const start = file.text.indexOf('a: 1');
    const end = file.text.indexOf('end');
    assert.deepEqual(codeFrame(file, { start, end }), [
      '    1 | top:',
      '  > 2 |   a: 1',
      '      |   ^^^^',
      '  > 3 |   b: 2',
      '      |   ^^^^',
      '  > 4 |   c: 3',
      '      |   ^^^^',
      '      | … 1 more line',
    ]);
  });

  it('when the line is longer than the frame, then it is cut around the span and the carets stay under it', () => {
    const value = `{"kind":"Service","metadata":{"name":"${'x'.repeat(200)}"},"spec":{"selector":{"app":"web"}}}`;
    const file = fileOf('one-line.json', value);
    const start = value.indexOf('"app"');
    const [line, carets] = codeFrame(file, { start, end: start + 5 });
    assert.ok(line!.length < 120, 'the shown line is clipped');
    assert.match(line!, /^ {2}> 1 \| …x+"},"spec":\{"selector":\{"app":"web"\}\}\}$/);
    assert.equal(carets!.indexOf('^'), line!.indexOf('"app"'));
    assert.match(carets!, /\^{5}$/);
  });

  it('when the source has tabs and control characters, then carets line up and the terminal gets no escape sequences', () => {
    const file = fileOf('a.yaml', 'key:\t"\u001b[2Jvalue"\n');
    const start = file.text.indexOf('value');
    const [line, carets] = codeFrame(file, { start, end: start + 5 });
    assert.equal(line, '  > 1 | key:\t"\\x1b[2Jvalue"');
    assert.equal(carets, '      |     \t        ^^^^^');
    const output = formatStylish(inputOf([diagnosticAt(file, start, start + 5, { message: 'bad\nvalue  \u001b[31mred' })]));
    assert.doesNotMatch(output, /\u001b/);
    assert.match(output, / {2}1:11 {2}error {2}bad\\nvalue \\x1b\[31mred {2}test-rule\n/);
  });

  it('when the span is empty or at the end of the file, then one caret marks the position', () => {
    const file = fileOf('a.yaml', 'a: [1,\n');
    assert.deepEqual(codeFrame(file, { start: 7, end: 7 }), ['    1 | a: [1,', '  > 2 |', '      | ^']);
    assert.deepEqual(codeFrame(fileOf('empty.yaml', ''), { start: 0, end: 0 }), []);
  });
});

describe('compact', () => {
  it('when there are findings, then each is one line with the absolute path that $eslint-compact reads, then a count', () => {
    const input = tree();
    const output = formatCompact(input);
    const found = matchers['vscode:$eslint-compact']!(output);
    assert.deepEqual(
      found.map((p) => [p.file, p.severity, p.code]),
      input.diagnostics.map((d) => [d.file.absPath, d.severity, d.ruleId]),
    );
    assert.match(output, /^\/project\/svc\.yaml: line 22, col 19, Warning - targetPort 9090\/TCP .* \(service-target-port\)$/m);
    assert.match(output, new RegExp(`\\n\\n${input.diagnostics.length} problems\\n$`));
  });

  it('when there are no findings, then the output is empty', () => {
    assert.equal(formatCompact(lintInput({ 'deploy.yaml': deployment })), '');
  });
});

describe('github', () => {
  it('when a message or property holds %, CR, LF, comma or colon, then they are escaped as the runner expects', () => {
    assert.equal(escapeData('50% a\r\nb: c,d'), '50%25 a%0D%0Ab: c,d');
    assert.equal(escapeProperty('dir,x/a:b%.yaml'), 'dir%2Cx/a%3Ab%25.yaml');
    const file = fileOf('odd,name:x.yaml', 'a: 1\nb: 2\n');
    const output = formatGithub(inputOf([diagnosticAt(file, 5, 9, { severity: 'info', message: '100% wrong\nreally' })]));
    // A line break inside the message is shown, not kept: only related locations start new lines of an annotation.
    assert.equal(output, '::notice file=odd%2Cname%3Ax.yaml,line=2,col=1,endLine=2,endColumn=5,title=test-rule::100%25 wrong\\nreally\n');
  });

  it('when findings have related locations, then each is one command with severity, range, rule title and the related lines', () => {
    const lines = formatGithub(tree()).trimEnd().split('\n');
    assert.equal(lines.length, tree().diagnostics.length);
    assert.ok(lines.every((l) => /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::\S/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('::warning file=svc.yaml,line=22,col=19,endLine=22,endColumn=23,title=service-target-port::') && l.endsWith('%0Arelated: deploy.yaml:17:15 container ports of Deployment "web"')));
  });
});

describe('sarif', () => {
  const parse = (input: FormatInput) => JSON.parse(formatSarif(input)) as any;

  it('when findings are reported, then each result points at its rule, file relative to %SRCROOT%, region and related locations', () => {
    const log = parse(tree());
    const run = log.runs[0];
    assert.equal(log.version, '2.1.0');
    assert.equal(run.tool.driver.name, 'kube-netlint');
    assert.equal(run.tool.driver.version, '1.2.3');
    const result = run.results.find((r: any) => r.ruleId === 'service-target-port');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'service-target-port');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'svc.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 22, startColumn: 19, endLine: 22, endColumn: 23 },
    });
    assert.equal(result.relatedLocations[0].physicalLocation.artifactLocation.uri, 'deploy.yaml');
    assert.equal(result.relatedLocations[0].physicalLocation.region.startLine, 17);
    assert.equal(result.relatedLocations[0].message.text, 'container ports of Deployment "web"');
  });

  it('when rules are listed, then exactly the reported rules are, each with descriptions, help with its doc page and its default level', () => {
    const input = tree();
    const table = parse(input).runs[0].tool.driver.rules;
    assert.deepEqual(new Set(table.map((r: any) => r.id)), new Set(input.diagnostics.map((d) => d.ruleId)));
    const rule = table.find((r: any) => r.id === 'service-selector-orphan');
    const meta = rules.find((r) => r.meta.id === 'service-selector-orphan')!.meta;
    assert.equal(rule.shortDescription.text, meta.description);
    assert.ok(rule.help.text.includes(meta.remediation) && rule.help.markdown.includes(ruleDocUrl(meta.id)));
    assert.equal(rule.helpUri, 'https://github.com/kube-netlint/kube-netlint/blob/main/rules/service-selector-orphan.md');
    assert.equal(rule.defaultConfiguration.level, 'error');
  });

  it('when a finding moves to another line, then its fingerprint stays; another object gets another fingerprint', () => {
    const prints = (input: FormatInput) => parse(input).runs[0].results.map((r: any) => `${r.ruleId} ${r.partialFingerprints['kubeNetlintFindingHash/v1']}`);
    const before = prints(lintInput({ 'deploy.yaml': deployment, 'svc.yaml': services }));
    const after = prints(lintInput({ 'deploy.yaml': deployment, 'svc.yaml': `# a comment\n\n${services}` }));
    assert.deepEqual(after, before);
    assert.equal(new Set(before).size, before.length);
  });

  it('when two findings have the same rule, object and message, then their fingerprints differ by occurrence', () => {
    const file = fileOf('a.yaml', 'a: 1\nb: 2\n');
    const log = parse(inputOf([diagnosticAt(file, 0, 1), diagnosticAt(file, 5, 6)]));
    const [first, second] = log.runs[0].results.map((r: any) => r.partialFingerprints['kubeNetlintFindingHash/v1']);
    assert.equal(first.split(':')[0], second.split(':')[0]);
    assert.deepEqual([first.split(':')[1], second.split(':')[1]], ['1', '2']);
  });

  it('when a file is outside the working directory or standard input, then its URI is a valid file URI or an encoded relative one', () => {
    const outside = { path: '/elsewhere/my app.yaml', absPath: '/elsewhere/my app.yaml', text: 'a: 1\n' };
    const stdin = { path: '<stdin>', absPath: '/project/<stdin>', text: 'a: 1\n' };
    const results = parse(inputOf([diagnosticAt(outside, 0, 1), diagnosticAt(stdin, 0, 1)])).runs[0].results;
    assert.deepEqual(
      results.map((r: any) => r.locations[0].physicalLocation.artifactLocation),
      [{ uri: 'file:///elsewhere/my%20app.yaml' }, { uri: '%3Cstdin%3E', uriBaseId: '%SRCROOT%' }],
    );
  });

  it("when the output is checked by Microsoft's SARIF Multitool with GitHub's ingestion rules, then it has no findings", () => {
    const file = fileOf('a.yaml', 'a: 1\n');
    const config = diagnosticAt(fileOf('.kube-netlint.yaml', 'rules: 3\n'), 7, 8, { ruleId: 'config' });
    assert.deepEqual(validateSarif(formatSarif(tree())), []);
    assert.deepEqual(validateSarif(formatSarif(inputOf([config, diagnosticAt(file, 0, 0, { severity: 'info' })]))), []);
    assert.deepEqual(validateSarif(formatSarif(lintInput({ 'deploy.yaml': deployment }))), []);
  });
});

describe('json', () => {
  it('when the same findings arrive in another order, then the output is byte-identical', () => {
    const input = tree();
    assert.equal(formatJson({ ...input, diagnostics: [...input.diagnostics].reverse() }), formatJson(input));
  });
});
