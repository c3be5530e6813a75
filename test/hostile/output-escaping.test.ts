// Every output format of the built CLI on a tree whose names, label values and file name are hostile
// (test/support/hostile-text.ts): each output must show them, inert. The checks are those of the
// consumers: a terminal (no control, bidi or invisible character), GitHub's runner (no workflow
// command but the tool's own annotations), a spreadsheet (no formula), Markdown (no mention, issue
// reference, autolink or broken table), Mermaid and Graphviz (nothing leaves a label), HTML (no
// markup from names), JSON and SARIF (exact values, inert bytes).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { builtCli, runBuiltCli } from '../support/built-cli.ts';
import { EVIL, FORMULA, hiddenCharacter, outsideCodeSpans, runnerCommands, yamlString } from '../support/hostile-text.ts';

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const deployment = (namespace: string, name: string, app: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${yamlString(name)}, namespace: ${yamlString(namespace)}}
spec:
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec: {containers: [{name: main, image: x, ports: [{containerPort: 8080}]}]}
`;

/** The NetworkPolicy (hostile name, a rule on a hostile label value) and a Service selecting a hostile label value. */
const policyAndService = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${yamlString(EVIL)}, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: client}}}]
      ports: [{port: 9090}]
    - from: [{podSelector: {matchLabels: {role: ${yamlString(EVIL)}}}}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: ${yamlString(EVIL)}}
  ports: [{port: 80, targetPort: 8080}]
`;

/** A file name with a line break, a workflow command, an escape sequence and a bidi override. */
const EVIL_FILE = 'evil\n::error file=x.yaml,line=1::FORGED-FILE\u001b[2J\u202e.yaml';

function tree(withHostile: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-output-'));
  temps.push(dir);
  mkdirSync(join(dir, 'k8s'));
  const apps = [deployment('shop', 'web', 'web'), deployment('shop', 'client', 'client'), deployment(FORMULA, 'web', 'web')];
  if (withHostile) apps.push(deployment('shop', EVIL, 'other'));
  writeFileSync(join(dir, 'k8s', 'apps.yaml'), apps.join('---\n'));
  if (withHostile) writeFileSync(join(dir, 'k8s', EVIL_FILE), policyAndService);
  return dir;
}

const hostile = tree(true);
const plain = tree(false);

/** What every output must hold to: hostile text present (the test is not vacuous), no hidden character, no workflow command. */
function assertInert(output: string, options: { readonly sgr?: boolean; readonly annotations?: boolean } = {}): void {
  assert.match(output, /FORGED/, 'the hostile text is in the output');
  assert.equal(hiddenCharacter(output, options.sgr), undefined, 'no hidden character');
  const commands = runnerCommands(output);
  if (!options.annotations) {
    assert.deepEqual(commands, [], 'no workflow command');
    return;
  }
  // Annotations only, the tool's own: each on one line, its properties escaped (no `:` or `,` inside a
  // value), a rule id as title.
  for (const { line } of commands) {
    const match = /^::(error|warning|notice) ([^:]*)::/.exec(line);
    assert.ok(match, line);
    const properties = new Map(match[2]!.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
    assert.match(properties.get('title') ?? '', /^[a-z-]+$/, line);
    assert.match(properties.get('line') ?? '', /^\d+$/, line);
  }
  assert.equal(commands.length, output.split('\n').filter((l) => l.startsWith('::')).length);
}

/** Every string value of a JSON document, recursively. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The bytes of a JSON output are inert and its values exact: `expected` is one of them, or inside one. */
function assertJson(output: string, expected: string): void {
  assertInert(output);
  assert.doesNotMatch(output, /##\[/);
  const values = strings(JSON.parse(output));
  assert.ok(values.some((v) => v.includes(expected)), `no value holds ${JSON.stringify(expected)}`);
}

function run(args: readonly string[], cwd = hostile): string {
  const result = runBuiltCli(args, { cwd });
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}: ${result.stderr}`);
  assert.equal(hiddenCharacter(result.stderr), undefined, 'stderr holds no hidden character');
  assert.deepEqual(runnerCommands(result.stderr), []);
  return result.stdout;
}

describe('lint formats on hostile names, label values and file names', () => {
  it('when the format is stylish (plain and coloured), then names and the file name are shown on their line, inert', () => {
    const plainText = run(['--format', 'stylish', 'k8s']);
    assertInert(plainText);
    assert.match(plainText, /k8s\/evil\\n::error file=x\.yaml,line=1::FORGED-FILE\\x1b\[2J\\u202e\.yaml/);
    assertInert(run(['--format', 'stylish', '--color', 'k8s']), { sgr: true });
  });

  it('when the format is compact, then every finding is one line starting with its path', () => {
    const output = run(['--format', 'compact', 'k8s']);
    assertInert(output);
    for (const line of output.trimEnd().split('\n').slice(0, -2)) assert.match(line, /^\/.*: line \d+, col \d+, (Error|Warning|Info) - .* \([a-z-]+\)$/);
  });

  it('when the format is github, then the only workflow commands are the annotations, with file= and message inert', () => {
    const output = run(['--format', 'github', 'k8s']);
    assertInert(output, { annotations: true });
    assert.match(output, /file=k8s\/evil\\n%3A%3Aerror file=x\.yaml%2Cline=1%3A%3AFORGED-FILE\\x1b\[2J\\u202e\.yaml,/);
  });

  it('when the format is json or sarif, then the values are exact and the bytes inert', () => {
    assertJson(run(['--format', 'json', 'k8s']), `k8s/${EVIL_FILE}`);
    const sarif = run(['--format', 'sarif', 'k8s']);
    assertInert(sarif);
    assert.ok(strings(JSON.parse(sarif)).some((v) => v.includes(encodeURIComponent(EVIL_FILE))));
    assert.ok(strings(JSON.parse(sarif)).some((v) => v.includes(EVIL)), 'the message quotes the label value exactly');
  });
});

describe('reach formats on hostile names', () => {
  it('when the format is table, then each connection is one line whose first column is no command', () => {
    const output = run(['reach', 'k8s']);
    assertInert(output);
    assert.match(output, /^shop\/x\\n::error file=x\.yaml,line=1::FORGED \\x1b\]0;pwned\\x07\\x1b\[2J #\\x23\[warning\]V1FORGED /m);
  });

  it('when the format is csv, then no cell is a formula and every row has four cells', () => {
    const output = run(['reach', '--format', 'csv', 'k8s']);
    assertInert(output);
    const rows = output.trimEnd().split('\r\n').map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.filter((cell) => cell !== '').map((cell) => cell.replace(/,$/, '')));
    for (const row of rows) {
      assert.equal(row.length, 4, row.join(' | '));
      for (const cell of row) assert.doesNotMatch(cell.replace(/^"/, ''), /^[=+\-@\t\r]/, cell);
    }
    assert.ok(rows.some((row) => row[0]!.startsWith(`"'=HYPERLINK`)), 'the formula namespace is there, neutralised');
  });

  it('when the format is md, then names are code spans: no mention, reference, autolink or extra cell', () => {
    const output = run(['reach', '--format', 'md', 'k8s']);
    assertInert(output);
    const text = outsideCodeSpans(output);
    assert.doesNotMatch(text, /@octocat|https:\/\/evil|www\.evil|#1\b|<b>/);
    for (const line of output.split('\n').filter((l) => l.startsWith('|'))) assert.equal(line.replace(/\\\|/g, '').split('|').length, 5, line);
  });

  it('when the format is dot, then every name is one well-formed quoted string and nothing of it is outside', () => {
    const output = run(['reach', '--format', 'dot', 'k8s']);
    assertInert(output);
    // With every well-formed quoted string taken out, a line is DOT syntax only: no character of a name is left.
    for (const line of output.trimEnd().split('\n')) assert.match(line.replace(/"(?:[^"\\\n]|\\.)*"/g, 'Q'), /^[A-Za-z0-9_ {}=;[\],.\->Q]*$/, line);
  });

  it('when the format is mermaid, then every label stays inside its quotes and holds no quote, backtick or pipe', () => {
    const output = run(['reach', '--format', 'mermaid', 'k8s']);
    assertInert(output);
    for (const line of output.trimEnd().split('\n')) {
      const labels = line.match(/"[^"]*"/g) ?? [];
      for (const label of labels) assert.doesNotMatch(label.slice(1, -1), /[`|<>\n]/, label);
      assert.match(line.replace(/"[^"]*"/g, 'Q'), /^[A-Za-z0-9_ [\](){}/\\|\->Q]*$/, line);
    }
  });

  it('when the format is html, then no name becomes markup', () => {
    const output = run(['reach', '--format', 'html', 'k8s']);
    assertInert(output);
    assert.doesNotMatch(output, /<b>|<\/b>/);
    assert.match(output, /&#60;b&#62;bold&#60;\/b&#62;/);
  });

  it('when the format is json, then node ids are exact and the bytes inert', () => {
    assertJson(run(['reach', '--format', 'json', 'k8s']), `shop/${EVIL}[Deployment]`);
  });
});

describe('explain and diff on hostile names', () => {
  it('when explain names a policy with a hostile name in a hostile file, then text and json are inert', () => {
    const args = ['explain', 'shop/app=client', 'shop/app=web', '--port', '8080', 'k8s'];
    const text = run(args);
    assertInert(text);
    assert.match(text, /isolated by: shop\/x\\n::error/);
    assertJson(run([...args, '--format', 'json']), `k8s/${EVIL_FILE}`);
  });

  it('when diff lists a workload with a hostile name, then text, json and md are inert', () => {
    const args = ['diff', join(plain, 'k8s'), join(hostile, 'k8s')];
    assertInert(run(args));
    assertJson(run([...args, '--format', 'json']), `shop/${EVIL}[Deployment]`);
    const md = run([...args, '--format', 'md']);
    assertInert(md);
    assert.doesNotMatch(outsideCodeSpans(md), /@octocat|https:\/\/evil|www\.evil|#1\b|<b>/);
  });
});

describe('the GitHub Action on hostile names (run as the runner does, test/support/action/run-action.mjs)', () => {
  it('when the Action lints the hostile tree, then its only workflow commands are its annotations, its log is inert and its summary makes no mention or link', () => {
    // The Action's bundle built from these sources, beside an action.yml that runs it.
    const actionDir = mkdtempSync(join(tmpdir(), 'kube-netlint-action-'));
    temps.push(actionDir);
    const root = new URL('../../', import.meta.url).pathname;
    cpSync(join(root, 'action.yml'), join(actionDir, 'action.yml'));
    mkdirSync(join(actionDir, 'dist'));
    cpSync(join(builtCli(), '..', 'action.mjs'), join(actionDir, 'dist', 'action.mjs'));
    const harness = new URL('../support/action/run-action.mjs', import.meta.url).pathname;
    const runnerTemp = mkdtempSync(join(tmpdir(), 'kube-netlint-runner-'));
    temps.push(runnerTemp);
    const result = spawnSync(process.execPath, [harness, actionDir, '--workspace', hostile, '--input', 'paths=k8s'], { encoding: 'utf8', env: { ...process.env, TMPDIR: runnerTemp } });
    const run = JSON.parse(result.stdout) as { stdout: string; summary: string; annotations: { title?: string; file?: string; message: string }[] };
    assertInert(run.stdout, { annotations: true });
    assert.ok(run.annotations.length > 0);
    for (const a of run.annotations) {
      assert.match(a.title ?? '', /^[a-z-]+$/);
      assert.equal(hiddenCharacter(`${a.file ?? ''}${a.message}`), undefined);
    }
    assert.ok(run.annotations.some((a) => a.file === 'k8s/evil\\n::error file=x.yaml,line=1::FORGED-FILE\\x1b[2J\\u202e.yaml'), 'the file name is shown, inert');
    assert.equal(hiddenCharacter(run.summary), undefined);
    assert.doesNotMatch(outsideCodeSpans(run.summary), /@octocat|https:\/\/evil|www\.evil|(^|\s)#1\b|<b>bold/);
    assert.match(run.summary, /@\u2060octocat/, 'the mention is in the summary, broken');
  });
});
