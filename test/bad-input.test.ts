import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze, type Analysis } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { lint } from '../src/lint/run.ts';
import type { Rule } from '../src/lint/types.ts';
import { buildModel } from '../src/model/build.ts';
import { loadSources } from '../src/source/load.ts';
import { parseSources } from '../src/source/parse.ts';
import { positionAt } from '../src/source/text.ts';
import { builtCli, cliEnv } from './support/built-cli.ts';
import { toSourceFiles } from './support/rule-tester.ts';

/**
 * Real files on disk that are not clean manifests, linted in-process (load + analyze) and by the built
 * CLI as a real process. Nothing may crash; each problem is a diagnostic or a counted skip.
 */

const BROKEN = `apiVersion: v1
kind: Service
metadata:
  name: before
spec:
  ports:
    - port: 80
      protocol: tcp
---
apiVersion: v1
kind: Service
metadata:
  name: broken
  name: again
spec:
  ports:
    - port: 99999
---
apiVersion: v1
kind: Service
metadata:
  name: after
spec:
  ports:
    - port: 0
`;

const LIST = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: in-list}
    spec:
      ports:
        - port: 80
          protocol: udp
---
apiVersion: v1
kind: ServiceList
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: in-typed-list}
    spec:
      ports: [{port: 65536}]
`;

const JSON_MANIFEST = `{
  "apiVersion": "v1",
  "kind": "Service",
  "metadata": {"name": "from-json"},
  "spec": {"ports": "80"}
}
`;

/** Nine levels of nine aliases: 9^9 (387 million) nodes if expanded. */
const ALIAS_BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat('bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`))
  .join('\n');

const NULL_TEMPLATE = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n';

const HELM_VALUES = 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: "1.27"\nservice:\n  type: ClusterIP\n  port: 80\n';

/** `file:line:column rule` of a finding, for set comparisons. */
type Found = { file: string; line: number; column: number; ruleId: string; messageId: string; message: string };

function found(analysis: Analysis): Found[] {
  return analysis.diagnostics.map((d) => {
    const { line, column } = positionAt(d.file, d.span.start);
    return { file: d.file.path, line, column, ruleId: d.ruleId, messageId: d.messageId, message: d.message };
  });
}

const where = (list: readonly Found[]) => list.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`).join('\n');

function expectFinding(list: readonly Found[], file: string, line: number, column: number, ruleId: string, includes: string): void {
  const hit = list.find((f) => f.file === file && f.line === line && f.column === column && f.ruleId === ruleId && f.message.includes(includes));
  assert.ok(hit, `expected ${file}:${line}:${column} ${ruleId} "${includes}" among:\n${where(list)}`);
}

describe('bad input on disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-bad-input-'));
  const tree = join(root, 'tree');
  // Others (the CLI run as an unprivileged user) must be able to enter the temp dir.
  chmodSync(root, 0o755);
  after(() => rmSync(root, { recursive: true, force: true }));

  before(() => {
    mkdirSync(join(tree, 'loop'), { recursive: true });
    writeFileSync(join(tree, 'broken.yaml'), BROKEN);
    writeFileSync(join(tree, 'other.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: other}\nspec:\n  ports: [{port: 80, protocol: tcp}]\n');
    writeFileSync(join(tree, 'values.yaml'), HELM_VALUES);
    writeFileSync(join(tree, 'empty.yaml'), '');
    writeFileSync(join(tree, 'scalar.yaml'), 'just some text\n');
    writeFileSync(join(tree, 'sequence.yaml'), '- a\n- b\n');
    writeFileSync(join(tree, 'binary.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
    writeFileSync(join(tree, 'latin1.yaml'), Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: menu}\ndata: {dish: "caf\xe9"}\n', 'latin1'));
    writeFileSync(join(tree, 'bomb.yaml'), ALIAS_BOMB);
    writeFileSync(join(tree, 'list.yaml'), LIST);
    writeFileSync(join(tree, 'svc.json'), JSON_MANIFEST);
    writeFileSync(join(tree, 'null-template.yaml'), NULL_TEMPLATE);
    symlinkSync('missing.yaml', join(tree, 'dangling.yaml'));
    symlinkSync('..', join(tree, 'loop', 'parent'));
    spawnSync('mkfifo', [join(tree, 'pipe.yaml')]);
    // 50 MB of real YAML whose first document has a schema mistake: had it been read, it would be reported.
    const big = openSync(join(tree, 'big.yaml'), 'w');
    writeSync(big, 'apiVersion: v1\nkind: Service\nmetadata: {name: big}\nspec:\n  ports: [{port: 80, protocol: tcp}]\n');
    const padding = Buffer.from(`# ${'x'.repeat(1021)}\n`.repeat(1024));
    for (let i = 0; i < 50; i++) writeSync(big, padding);
    closeSync(big);
  });

  describe('in-process (load + analyze)', () => {
    let analysis: Analysis;
    let list: Found[];
    before(async () => {
      const loaded = await loadSources(['.'], { cwd: tree });
      analysis = analyze({ files: loaded.files, skipped: loaded.skipped, config: DEFAULT_CONFIG });
      list = found(analysis);
    });

    it('when a document is malformed, then yaml-syntax reports it at the position and the other documents are still linted', () => {
      expectFinding(list, 'broken.yaml', 14, 3, 'yaml-syntax', 'duplicate key "name"');
      expectFinding(list, 'broken.yaml', 8, 17, 'schema', 'spec.ports[0].protocol must be one of "SCTP", "TCP", "UDP", not "tcp"');
      expectFinding(list, 'broken.yaml', 25, 13, 'schema', 'spec.ports[0].port must be >= 1, not 0');
    });

    it('when a document is malformed, then that document itself is not analysed', () => {
      const inBroken = list.filter((f) => f.file === 'broken.yaml' && f.line >= 10 && f.line <= 17);
      assert.deepEqual(inBroken.map((f) => f.ruleId), ['yaml-syntax'], where(inBroken));
      assert.ok(!analysis.model.objects.some((o) => o.name === 'broken' || o.name === 'again'));
    });

    it('when another file has a mistake, then it is linted too', () => {
      expectFinding(list, 'other.yaml', 5, 32, 'schema', 'protocol must be one of');
    });

    it('when files are a Helm values file, empty, a scalar or a list, then they get no diagnostic', () => {
      const quiet = ['values.yaml', 'empty.yaml', 'scalar.yaml', 'sequence.yaml'];
      assert.deepEqual(list.filter((f) => quiet.includes(f.file)), []);
      assert.equal(analysis.model.nonKubernetesDocuments, 3);
    });

    it('when a file is binary, not UTF-8, a dangling link, a named pipe or a directory link loop, then each is a skipped-file warning at line 1', () => {
      expectFinding(list, 'binary.yaml', 1, 1, 'skipped-file', 'binary file');
      expectFinding(list, 'latin1.yaml', 1, 1, 'skipped-file', 'not valid UTF-8');
      expectFinding(list, 'dangling.yaml', 1, 1, 'skipped-file', 'cannot read file: no such file');
      expectFinding(list, 'pipe.yaml', 1, 1, 'skipped-file', 'not a regular file');
      expectFinding(list, 'loop/parent', 1, 1, 'skipped-file', 'symbolic link loop');
      for (const f of list.filter((d) => d.ruleId === 'skipped-file')) assert.equal(analysis.diagnostics.find((d) => d.file.path === f.file)?.severity, 'warning');
    });

    it('when a file is 50 MB, then it is skipped with its size and not parsed', () => {
      expectFinding(list, 'big.yaml', 1, 1, 'skipped-file', 'file is 50.0 MB, larger than the 20.0 MB limit');
      assert.deepEqual(list.filter((f) => f.file === 'big.yaml').map((f) => f.ruleId), ['skipped-file']);
      assert.ok(!analysis.model.objects.some((o) => o.name === 'big'));
    });

    it('when a file is an alias bomb, then yaml-syntax reports it instead of expanding it', () => {
      expectFinding(list, 'bomb.yaml', 4, 17, 'yaml-syntax', 'alias bomb');
    });

    it('when a manifest is JSON, then it is linted at JSON positions', () => {
      expectFinding(list, 'svc.json', 5, 21, 'schema', 'spec.ports must be an array, not "80"');
    });

    it('when objects come in a kind: List and a typed ServiceList, then each item is linted at its own lines', () => {
      expectFinding(list, 'list.yaml', 10, 21, 'schema', 'protocol must be one of "SCTP", "TCP", "UDP", not "udp"');
      expectFinding(list, 'list.yaml', 19, 22, 'schema', 'spec.ports[0].port must be <= 65535, not 65536');
      const names = analysis.model.services.map((s) => s.object.name);
      assert.ok(names.includes('in-list') && names.includes('in-typed-list'), names.join(', '));
    });

    it('when a Deployment template is null, then schema reports it and nothing crashes', () => {
      expectFinding(list, 'null-template.yaml', 8, 12, 'schema', 'spec.template is required, and null leaves it unset');
      assert.deepEqual(list.filter((f) => f.messageId === 'internal-error'), []);
    });

    it('when everything is counted, then skipped covers unreadable files and non-Kubernetes documents', () => {
      // binary, latin1, dangling, pipe, loop, big (6 files) + values, scalar, sequence (3 documents)
      assert.equal(analysis.summary.skipped, 9);
      assert.equal(analysis.summary.objects, 7);
    });
  });

  describe('through the built CLI', () => {
    let bundle: string;
    before(() => {
      // A copy inside the temp dir, readable by the unprivileged user below.
      bundle = join(root, 'kube-netlint.mjs');
      copyFileSync(builtCli(), bundle);
      chmodSync(bundle, 0o755);
    });

    /** Runs the CLI as a real process; as root, as the unprivileged `nobody` so that file permissions apply. */
    const run = (args: readonly string[], cwd: string, asUser = false) => {
      const user = asUser && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const result = spawnSync(process.execPath, [bundle, ...args], { cwd, env: cliEnv(), encoding: 'utf8', timeout: 120_000, ...user });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    it('when the whole tree is linted, then the JSON report lists every problem, exit code 1, and no stack trace', () => {
      const { code, stdout, stderr } = run(['--no-config', '--format', 'json', '.'], tree);
      assert.equal(stderr, '');
      assert.equal(code, 1);
      const report = JSON.parse(stdout) as { summary: Record<string, number>; diagnostics: Found[] };
      assert.equal(report.summary.skipped, 9);
      expectFinding(report.diagnostics, 'broken.yaml', 14, 3, 'yaml-syntax', 'duplicate key "name"');
      expectFinding(report.diagnostics, 'broken.yaml', 25, 13, 'schema', 'must be >= 1');
      expectFinding(report.diagnostics, 'big.yaml', 1, 1, 'skipped-file', '50.0 MB');
      expectFinding(report.diagnostics, 'pipe.yaml', 1, 1, 'skipped-file', 'not a regular file');
      expectFinding(report.diagnostics, 'bomb.yaml', 4, 17, 'yaml-syntax', 'alias bomb');
      expectFinding(report.diagnostics, 'svc.json', 5, 21, 'schema', 'must be an array');
    });

    it('when a file and a directory cannot be read for lack of permission, then each is a skipped-file warning', () => {
      // Root reads anything, so the CLI runs as `nobody` when the tests run as root.
      const dir = join(root, 'perm');
      mkdirSync(join(dir, 'locked'), { recursive: true });
      writeFileSync(join(dir, 'secret.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n');
      writeFileSync(join(dir, 'locked', 'inner.yaml'), 'a: 1\n');
      writeFileSync(join(dir, 'ok.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n');
      chmodSync(join(dir, 'secret.yaml'), 0o000);
      chmodSync(join(dir, 'locked'), 0o000);
      const { code, stdout, stderr } = run(['--no-config', '--format', 'json', '.'], dir, true);
      assert.equal(stderr, '');
      assert.equal(code, 0, 'warnings only');
      const report = JSON.parse(stdout) as { summary: Record<string, number>; diagnostics: Found[] };
      expectFinding(report.diagnostics, 'secret.yaml', 1, 1, 'skipped-file', 'cannot read file: permission denied');
      expectFinding(report.diagnostics, 'locked', 1, 1, 'skipped-file', 'cannot read directory: permission denied');
      assert.equal(report.summary.files, 1);
      assert.equal(report.summary.skipped, 2);
    });

    it('when standard input is malformed YAML, then the finding names <stdin> and the exit code is 1', () => {
      const result = spawnSync(process.execPath, [bundle, '--no-config', '--format', 'json', '-'], {
        cwd: root,
        env: cliEnv(),
        encoding: 'utf8',
        input: 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n',
        timeout: 120_000,
      });
      assert.equal(result.stderr, '');
      assert.equal(result.status, 1);
      const report = JSON.parse(result.stdout) as { diagnostics: Found[] };
      assert.ok(report.diagnostics.length > 0);
      for (const d of report.diagnostics) assert.equal(`${d.file}:${d.line} ${d.ruleId}`, '<stdin>:4 yaml-syntax');
    });

    it('when a pipe is given as a path, then it is read to its end (as with <(helm template ...))', () => {
      // A shell pipeline makes /dev/stdin a real pipe (Node's own child stdio would be a socket).
      const manifest = 'apiVersion: v1\nkind: Service\nmetadata: {name: piped}\nspec:\n  ports: [{port: 0}]\n';
      const result = spawnSync('sh', ['-c', 'printf "%s" "$MANIFEST" | "$NODE" "$BUNDLE" --no-config --format json /dev/stdin'], {
        cwd: root,
        env: cliEnv({ MANIFEST: manifest, NODE: process.execPath, BUNDLE: bundle }),
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(result.stderr, '');
      const report = JSON.parse(result.stdout) as { summary: Record<string, number>; diagnostics: Found[] };
      assert.equal(report.summary.objects, 1);
      assert.ok(report.diagnostics.some((d) => d.ruleId === 'schema' && d.line === 5), where(report.diagnostics));
    });

    it('when only non-Kubernetes and empty files are given, then exit code 0 with nothing reported', () => {
      const { code, stdout, stderr } = run(['--no-config', '--format', 'json', 'values.yaml', 'empty.yaml', 'scalar.yaml'], tree);
      assert.equal(stderr, '');
      assert.equal(code, 0);
      const report = JSON.parse(stdout) as { summary: Record<string, number>; diagnostics: Found[] };
      assert.deepEqual(report.diagnostics, []);
      assert.equal(report.summary.skipped, 2);
    });

    it('when the config file is malformed, then it is reported at its line with exit code 2 and no stack trace', () => {
      const dir = join(root, 'bad-config');
      mkdirSync(dir);
      writeFileSync(join(dir, '.kube-netlint.yaml'), 'rules:\n  schema: warn\n');
      writeFileSync(join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n');
      const { code, stdout, stderr } = run(['--format', 'json', '.'], dir);
      assert.equal(code, 2);
      // The JSON report goes where reports go (stdout), so a CI job reading it gets the config problem.
      assert.match(stderr, /^kube-netlint: the config file \.kube-netlint\.yaml has a problem; nothing was linted\.\n$/);
      const report = JSON.parse(stdout) as { diagnostics: Found[] };
      assert.deepEqual(
        report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}`),
        ['.kube-netlint.yaml:2:11 config'],
      );
      assert.doesNotMatch(stderr, /\n\s+at /);
    });
  });
});

describe('input that is not a plain UTF-8 manifest, on disk and on standard input', () => {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-encodings-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 0}]\n';
  const HELM_TEMPLATE = [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: {{ include "app.fullname" . }}',
    '  labels:',
    '    {{- include "app.labels" . | nindent 4 }}',
    'spec:',
    '  ports:',
    '    - port: {{ .Values.service.port }}',
    '',
  ].join('\n');
  /** Go template text where YAML allows it: a quoted value, a comment, inside a plain value, a block scalar. */
  const TEMPLATES_IN_TEXT = [
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata:',
    '  name: alerts',
    '  annotations:',
    '    note: "{{ .Values.not.rendered.here }}"',
    '  # {{ .Values.commented }}',
    'spec:',
    '  groups:',
    '    - name: up',
    '      rules:',
    '        - alert: Down',
    '          annotations:',
    '            summary: Instance {{ $labels.instance }} is down',
    "            description: '{{ $labels.job }} is down'",
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: alertmanager-templates}',
    'data:',
    '  slack.tmpl: |',
    '    {{ define "slack.title" }}',
    '    {{ .CommonLabels.alertname }}',
    '    {{ end }}',
    '',
  ].join('\n');
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SERVICE, 'utf16le')]);
  const utf16beNoBom = Buffer.from(SERVICE, 'utf16le').swap16();
  const latin1 = Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: menu}\ndata: {dish: "caf\xe9"}\n', 'latin1');

  describe('on disk', () => {
    let analysis: Analysis;
    let list: Found[];
    before(async () => {
      mkdirSync(join(root, 'tree', 'chart', 'templates'), { recursive: true });
      writeFileSync(join(root, 'tree', 'utf16le.yaml'), utf16le);
      writeFileSync(join(root, 'tree', 'utf16be.yaml'), utf16beNoBom);
      writeFileSync(join(root, 'tree', 'chart', 'templates', 'service.yaml'), HELM_TEMPLATE);
      mkdirSync(join(root, 'tree', 'charted', 'web', 'templates', 'net'), { recursive: true });
      writeFileSync(join(root, 'tree', 'charted', 'web', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
      writeFileSync(join(root, 'tree', 'charted', 'web', 'templates', 'net', 'service.yaml'), HELM_TEMPLATE);
      writeFileSync(join(root, 'tree', 'rules.yaml'), TEMPLATES_IN_TEXT);
      const loaded = await loadSources(['.'], { cwd: join(root, 'tree') });
      analysis = analyze({ files: loaded.files, skipped: loaded.skipped, config: DEFAULT_CONFIG });
      list = found(analysis);
    });

    it('when a file is UTF-16, with a byte-order mark or without, then it is skipped with advice to convert it, not called binary', () => {
      const advice = 'UTF-16 text; Kubernetes manifests must be UTF-8: convert it (iconv -f UTF-16 -t UTF-8)';
      expectFinding(list, 'utf16le.yaml', 1, 1, 'skipped-file', advice);
      expectFinding(list, 'utf16be.yaml', 1, 1, 'skipped-file', advice);
      assert.ok(!list.some((f) => f.message.includes('binary')), where(list));
    });

    it('when a file is an unrendered Helm template, then it is skipped with advice to lint helm template output, and nothing else is reported on it', () => {
      expectFinding(list, 'chart/templates/service.yaml', 1, 1, 'skipped-file', 'looks like an unrendered Helm or Go template ({{ ... }} on line 4); lint the output of `helm template` instead, or the chart with `kube-netlint --helm CHART_DIR`');
      assert.deepEqual(list.filter((f) => f.file === 'chart/templates/service.yaml').map((f) => f.ruleId), ['skipped-file']);
    });

    it('when an unrendered template belongs to a chart (a Chart.yaml above it), then its finding says to lint that chart with --helm and its directory', () => {
      const advice =
        'looks like an unrendered Helm or Go template ({{ ... }} on line 4); lint its chart with `kube-netlint --helm charted/web` (or list the chart under helm: in .kube-netlint.yaml), which renders it with `helm template` and points findings at the templates';
      expectFinding(list, 'charted/web/templates/net/service.yaml', 1, 1, 'skipped-file', advice);
      assert.deepEqual(list.filter((f) => f.file.startsWith('charted/')).map((f) => f.ruleId), ['skipped-file']);
    });

    it('when template text stands where YAML allows text (quoted, commented, in a plain value or a block scalar), then the file is linted as it is', () => {
      assert.deepEqual(list.filter((f) => f.file === 'rules.yaml'), []);
      const docs = analysis.model.documents.filter((d) => d.file.path === 'rules.yaml');
      assert.deepEqual(docs.map((d) => d.problems), [[], []]);
      const configMap = docs[1]!.value as { data: Record<string, string> };
      assert.equal(configMap.data['slack.tmpl'], '{{ define "slack.title" }}\n{{ .CommonLabels.alertname }}\n{{ end }}\n');
    });
  });

  describe('through the built CLI', () => {
    const run = (args: readonly string[], input: Buffer | string, cwd = root) => {
      const result = spawnSync(process.execPath, [builtCli(), '--no-config', ...args], { cwd, env: cliEnv(), input, timeout: 120_000 });
      return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
    };
    const report = (stdout: string) => JSON.parse(stdout) as { summary: Record<string, number>; diagnostics: Found[] };

    const skippedStdin: readonly (readonly [string, Buffer | string, string])[] = [
      ['a binary (the start of an executable)', readFileSync(process.execPath).subarray(0, 3000), 'binary file (contains NUL bytes)'],
      ['UTF-16 (PowerShell redirection)', utf16le, 'UTF-16 text; Kubernetes manifests must be UTF-8: convert it (iconv -f UTF-16 -t UTF-8)'],
      ['Latin-1', latin1, 'not valid UTF-8 text'],
      ['an unrendered Helm template', HELM_TEMPLATE, 'unrendered Helm or Go template'],
    ];
    for (const [name, input, reason] of skippedStdin) {
      it(`when standard input is ${name}, then it is a skipped-file warning on <stdin>, not a clean run`, () => {
        const { code, stdout, stderr } = run(['--format', 'json', '-'], input);
        assert.equal(stderr, '');
        assert.equal(code, 0, 'warnings only');
        const { summary, diagnostics } = report(stdout);
        assert.deepEqual(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}`), ['<stdin>:1:1 skipped-file']);
        assert.ok(diagnostics[0]!.message.includes(reason), diagnostics[0]!.message);
        assert.deepEqual([summary.files, summary.skipped], [0, 1]);
      });
    }

    it('when standard input never ends, then reading stops at maxFileSize and it is a skipped-file warning', () => {
      const cwd = join(root, 'limited');
      mkdirSync(cwd, { recursive: true });
      writeFileSync(join(cwd, '.kube-netlint.yaml'), 'maxFileSize: 100000\n');
      // `yes` writes forever: the run can only end if kube-netlint stops reading.
      const result = spawnSync('sh', ['-c', 'yes "# padding" | "$NODE" "$BUNDLE" --format json -'], {
        cwd,
        env: cliEnv({ NODE: process.execPath, BUNDLE: builtCli() }),
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(result.stderr, '');
      assert.equal(result.status, 0);
      const { diagnostics } = report(result.stdout);
      assert.deepEqual(diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.message.split(';')[0]}`), ['<stdin>:1 skipped-file file not linted: input is larger than the 0.1 MB limit (set maxFileSize in the config to raise it)']);
    });

    it('when standard input has a finding, then stylish and compact name <stdin>, not a made-up file in the working directory', () => {
      const compact = run(['--format', 'compact', '-'], SERVICE);
      assert.equal(compact.code, 1);
      assert.match(compact.stdout, /^<stdin>: line 5, col \d+, Error - .* \(schema\)$/m);
      const stylish = run(['--format', 'stylish', '-'], SERVICE);
      assert.match(stylish.stdout, /^<stdin>\n {2}5:\d+ {2}error/m);
      assert.ok(!stylish.stdout.includes(root) && !compact.stdout.includes(root), stylish.stdout);
    });

    it('when a map key is itself a map or a list, then the yaml library prints no warning on stderr', () => {
      const { stderr } = run(['--format', 'json', '-'], '? [a, b]\n: 1\n{x: 1}: 2\nkey: [unclosed\n');
      assert.equal(stderr, '');
    });
  });
});

describe('an exception inside a rule', () => {
  const files = toSourceFiles('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n');
  const model = buildModel(parseSources(files));
  const meta = (id: string) => ({ id, severity: 'warning' as const, description: `Test rule ${id}.`, messages: { seen: 'seen {{name}}' }, remediation: 'Nothing; a test rule.' });

  /** Throws on Service "a" only, inside `context.each`. */
  const throwsOnA: Rule = {
    meta: meta('throws-on-a'),
    check(context) {
      context.each(context.model.services, (service) => {
        if (service.object.name === 'a') throw new TypeError("Cannot read properties of undefined (reading 'port')");
        context.report({ messageId: 'seen', data: { name: service.object.name }, at: { object: service.object } });
      });
    },
  };
  /** Throws before looking at any object. */
  const throwsAtOnce: Rule = {
    meta: meta('throws-at-once'),
    check() {
      throw new Error('not implemented');
    },
  };
  /** Reports with a message id it does not declare. */
  const unknownMessage: Rule = {
    meta: meta('unknown-message'),
    check(context) {
      context.each(context.model.services, (service) => context.report({ messageId: 'nope', at: { object: service.object } }));
    },
  };
  const healthy: Rule = {
    meta: meta('healthy'),
    check(context) {
      context.each(context.model.services, (service) => context.report({ messageId: 'seen', data: { name: service.object.name }, at: { object: service.object } }));
    },
  };

  const diagnostics = lint({ model, rules: [throwsOnA, throwsAtOnce, unknownMessage, healthy], config: DEFAULT_CONFIG });
  const summary = diagnostics.map((d) => `${d.ruleId} ${d.messageId} ${d.severity} ${d.object?.name ?? '-'} ${positionAt(d.file, d.span.start).line}`);

  it('when a rule throws on one object, then that becomes an error of that rule on the object, and its other objects are still checked', () => {
    assert.ok(summary.includes('throws-on-a internal-error error a 4'), summary.join('\n'));
    assert.ok(summary.includes('throws-on-a seen warning b 6'), summary.join('\n'));
    const crash = diagnostics.find((d) => d.ruleId === 'throws-on-a' && d.messageId === 'internal-error');
    assert.match(crash!.message, /internal error in this rule.*Cannot read properties of undefined/);
  });

  it('when a rule throws outside any object, then it is one error of that rule', () => {
    assert.deepEqual(
      summary.filter((s) => s.startsWith('throws-at-once')),
      ['throws-at-once internal-error error - 1'],
    );
  });

  it('when a rule reports an undeclared message id, then that becomes an internal error too', () => {
    const errors = diagnostics.filter((d) => d.ruleId === 'unknown-message');
    assert.deepEqual(errors.map((d) => d.messageId), ['internal-error', 'internal-error']);
    assert.match(errors[0]!.message, /unknown messageId "nope"/);
  });

  it('when other rules throw, then the healthy rule still reports every object', () => {
    assert.deepEqual(
      summary.filter((s) => s.startsWith('healthy')),
      ['healthy seen warning a 1', 'healthy seen warning b 6'],
    );
  });
});
