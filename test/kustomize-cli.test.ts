import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';
import { renderTool, skipReason } from './support/render-tools.ts';

/**
 * The CLI on kustomizations, end to end: the real bundle, the real `kubectl kustomize`, on
 * test/fixtures/kustomize/app (a base with two overlays; see test/kustomize-origins.test.ts for how
 * each field maps back).
 */
const kubectl = renderTool('kubectl');
const fixtures = new URL('./fixtures/kustomize/', import.meta.url).pathname;

interface JsonDiagnostic {
  readonly ruleId: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

function lint(args: readonly string[], cwd = fixtures, env: Record<string, string> = {}) {
  return runBuiltCli(args, { cwd, env });
}

function json(args: readonly string[], cwd = fixtures): { diagnostics: JsonDiagnostic[]; summary: { files: number; objects: number } } {
  const result = lint([...args, '--format', 'json', '--kustomize-command', kubectl!], cwd);
  assert.equal(result.code, 1, result.stderr);
  return JSON.parse(result.stdout);
}

/** Every file under `dir` with its size and modification time: what a run must leave as it was. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(`${relative(dir, path)} ${statSync(path).size} ${statSync(path).mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

describe('kube-netlint on kustomizations', { skip: kubectl ? false : skipReason('kubectl') }, () => {
  it('when a tree holds a base and two overlays, then each overlay is one model, a finding both share is reported once at the base file naming both, and one overlay\'s finding names it', () => {
    const { diagnostics, summary } = json(['--kustomize', 'app', '--no-config']);
    assert.deepEqual(
      diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`),
      ['app/base/service.yaml:20 service-selector-orphan', 'app/overlays/dev/service-port.yaml:10 service-target-port', 'app/overlays/prod/target-port.yaml:4 service-target-port'],
    );
    assert.match(diagnostics[0]!.message, /\(in every one of the 2 overlays: app\/overlays\/dev, app\/overlays\/prod; the message as app\/overlays\/dev renders it\)$/);
    assert.match(diagnostics[1]!.message, /^targetPort "htp" .*\(only in overlay app\/overlays\/dev\)$/);
    assert.match(diagnostics[2]!.message, /^targetPort "web-http" .*\(only in overlay app\/overlays\/prod\)$/);
    // The base's three files (its kustomization, the Deployment, the Services) counted once, and each overlay's two.
    assert.equal(summary.files, 7);
    assert.equal(summary.objects, 7);
  });

  it('when one overlay is given as a PATH, then it alone is rendered and its findings carry no overlay note', () => {
    const { diagnostics } = json(['app/overlays/dev', '--no-config']);
    assert.deepEqual(
      diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`),
      ['app/base/service.yaml:20 service-selector-orphan', 'app/overlays/dev/service-port.yaml:10 service-target-port'],
    );
    assert.doesNotMatch(diagnostics.map((d) => d.message).join('\n'), /overlay/);
  });

  it('when a finding is inside a base file, then stylish, json, sarif and github all point at the base file\'s line', () => {
    const run = (format: string) => {
      const result = lint(['--kustomize', 'app', '--no-config', '--format', format, '--kustomize-command', kubectl!]);
      assert.equal(result.code, 1, result.stderr);
      return result.stdout;
    };
    assert.match(run('stylish'), new RegExp(`^${join(fixtures, 'app/base/service.yaml')}\\n  20:5  error  selector "app=web-metrics"`, 'm'));
    const json = JSON.parse(run('json'));
    assert.deepEqual([json.diagnostics[0].file, json.diagnostics[0].line, json.diagnostics[0].column], ['app/base/service.yaml', 20, 5]);
    const sarif = JSON.parse(run('sarif'));
    const location = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'service-selector-orphan').locations[0].physicalLocation;
    assert.deepEqual([location.artifactLocation.uri, location.region.startLine, location.region.startColumn], ['app/base/service.yaml', 20, 5]);
    assert.match(run('github'), /^::error file=app\/base\/service\.yaml,line=20,col=5,endLine=20,endColumn=8,title=service-selector-orphan::selector "app=web-metrics"/m);
  });

  it('when kubectl is on PATH and no command is chosen, then kubectl kustomize renders', () => {
    const result = lint(['--kustomize', 'app/overlays/prod', '--no-config', '--format', 'json'], fixtures, { PATH: dirname(kubectl!) });
    assert.equal(result.code, 1, result.stderr);
    assert.ok(JSON.parse(result.stdout).diagnostics.some((d: JsonDiagnostic) => d.file === 'app/overlays/prod/target-port.yaml'));
  });

  it('when neither kustomize nor kubectl is on PATH, then the run stops with exit 2 and says what to install', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kube-netlint-no-tools-'));
    const result = lint(['app/overlays/dev', '--no-config'], fixtures, { PATH: empty });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /rendering a kustomization needs kustomize or kubectl, and neither is on PATH; install one/);
    assert.equal(result.stdout, '');
  });

  it('when --kustomize-command names a program that does not exist, then the run stops with exit 2 naming it', () => {
    const result = lint(['app/overlays/dev', '--no-config', '--kustomize-command', './no-such-kustomize']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /the kustomize command "\.\/no-such-kustomize" was not found/);
  });

  it('when kustomizations are rendered, then nothing is written into the tree', () => {
    const before = snapshot(join(fixtures, 'app'));
    json(['--kustomize', 'app', '--no-config']);
    assert.deepEqual(snapshot(join(fixtures, 'app')), before);
  });

  it('when the config declares overlays, then kube-netlint with no arguments renders and lints them (and not the tree as plain files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-kustomize-config-'));
    cpSync(join(fixtures, 'app'), join(dir, 'app'), { recursive: true });
    writeFileSync(join(dir, '.kube-netlint.yaml'), 'kustomize:\n  overlays: [app/overlays/prod]\n  command: kubectl\n');
    const result = lint(['--format', 'json'], dir, { PATH: dirname(kubectl!) });
    assert.equal(result.code, 1, result.stderr);
    const diagnostics: JsonDiagnostic[] = JSON.parse(result.stdout).diagnostics;
    // A plain walk would report the dev patch file (a Service without a selector) and the JSON 6902 patch.
    assert.deepEqual(
      diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`),
      ['app/base/service.yaml:20 service-selector-orphan', 'app/overlays/prod/target-port.yaml:4 service-target-port'],
    );
  });

  it('when the config names a kustomize command that is not kustomize or kubectl, then it is a config error (a pull request must not choose a program to run)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-kustomize-config-'));
    cpSync(join(fixtures, 'app'), join(dir, 'app'), { recursive: true });
    writeFileSync(join(dir, '.kube-netlint.yaml'), 'kustomize:\n  overlays: [app/overlays/prod]\n  command: ./evil.sh\n');
    const result = lint(['--format', 'json'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stdout, /\.kube-netlint\.yaml/);
    assert.match(result.stderr, /the config file \.kube-netlint\.yaml has a problem/);
  });

  it('when the tree is reached through a symbolic link, then findings are in the files as the path names them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-kustomize-link-'));
    cpSync(join(fixtures, 'app'), join(dir, 'real'), { recursive: true });
    symlinkSync(join(dir, 'real'), join(dir, 'link'), 'dir');
    const { diagnostics } = json(['--kustomize', 'link', '--no-config'], dir);
    assert.deepEqual(
      diagnostics.map((d) => `${d.file}:${d.line}`),
      ['link/base/service.yaml:20', 'link/overlays/dev/service-port.yaml:10', 'link/overlays/prod/target-port.yaml:4'],
    );
  });

  it('when one overlay does not build, then its kustomization file gets a finding quoting kustomize, and the other overlay is still linted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-kustomize-broken-'));
    cpSync(join(fixtures, 'app'), join(dir, 'app'), { recursive: true });
    writeFileSync(join(dir, 'app/overlays/dev/kustomization.yaml'), 'resources:\n  - ../../base\n  - missing.yaml\n');
    const { diagnostics } = json(['--kustomize', 'app', '--no-config'], dir);
    const broken = diagnostics.find((d) => d.ruleId === 'render-failed');
    assert.ok(broken, JSON.stringify(diagnostics));
    assert.equal(broken.file, 'app/overlays/dev/kustomization.yaml');
    assert.match(broken.message, /^nothing of kustomization app\/overlays\/dev was linted, kubectl kustomize says: .*missing\.yaml.*; fix what it names/);
    assert.ok(diagnostics.some((d) => d.file === 'app/overlays/prod/target-port.yaml'));
  });

  it('when a kustomization renders no object, then it is a render-failed error at its file, as a chart that renders none is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-kustomize-empty-'));
    cpSync(join(fixtures, 'app'), join(dir, 'app'), { recursive: true });
    writeFileSync(join(dir, 'app/overlays/dev/kustomization.yaml'), 'namespace: dev\n');
    const { diagnostics } = json(['--kustomize', 'app', '--no-config'], dir);
    const empty = diagnostics.filter((d) => d.ruleId === 'render-failed');
    assert.deepEqual(empty.map((d) => `${d.file}:${d.line} ${d.message}`), [
      'app/overlays/dev/kustomization.yaml:1 nothing of kustomization app/overlays/dev was linted: it rendered no Kubernetes object; list its resources, or leave it out of the linted paths (only in overlay app/overlays/dev)',
    ]);
  });
});
