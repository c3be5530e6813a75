/**
 * Build flags for kustomize (--kustomize-flag, kustomize.flags): a kustomization with helmCharts says
 * which flag it needs; the flag reaches the build; a flag that could run programs is refused. The real
 * bundle and the real `kubectl kustomize`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';
import { renderTool, skipReason } from './support/render-tools.ts';

const kubectl = renderTool('kubectl');
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A kustomization inflating a local chart (helmCharts), which kustomize builds only with --enable-helm. */
function helmChartsTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'knl-kflags-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'kustomization.yaml'), 'helmGlobals: {chartHome: .}\nhelmCharts:\n- {name: mychart, releaseName: r1, version: 0.1.0}\n');
  mkdirSync(join(dir, 'mychart', 'templates'), { recursive: true });
  writeFileSync(join(dir, 'mychart', 'Chart.yaml'), 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'mychart', 'templates', 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n');
  return dir;
}

const diagnostics = (stdout: string) => (JSON.parse(stdout) as { diagnostics: { ruleId: string; message: string }[] }).diagnostics;

describe('kustomize build flags', { skip: kubectl ? false : skipReason('kubectl') }, () => {
  it('when a kustomization uses helmCharts without --enable-helm, then the finding names the flag to pass', () => {
    const result = runBuiltCli(['--no-config', '-f', 'json', '--kustomize-command', kubectl!, '.'], { cwd: helmChartsTree() });
    // A kustomization that fails to build is a render-failed error (as a chart is).
    const failed = diagnostics(result.stdout).find((d) => d.ruleId === 'render-failed');
    assert.ok(failed, result.stdout);
    assert.match(failed.message, /must specify --enable-helm \(the kustomization needs the build flag --enable-helm: pass --kustomize-flag=--enable-helm, or set kustomize\.flags: \[--enable-helm\] in \.kube-netlint\.yaml\)/);
  });

  it('when --kustomize-flag=--enable-helm is given, or kustomize.flags in the config, then kustomize gets it (no longer asks for it)', () => {
    const dir = helmChartsTree();
    const flagged = runBuiltCli(['--no-config', '-f', 'json', '--kustomize-command', kubectl!, '--kustomize-flag=--enable-helm', '.'], { cwd: dir });
    assert.ok(!flagged.stdout.includes('must specify --enable-helm'), flagged.stdout);
    writeFileSync(join(dir, '.kube-netlint.yaml'), 'kustomize:\n  flags: [--enable-helm]\n');
    const configured = runBuiltCli(['-f', 'json', '--kustomize-command', kubectl!, '.'], { cwd: dir });
    assert.ok(!configured.stdout.includes('must specify --enable-helm'), configured.stdout);
  });

  it('when a flag that could run programs is given, then it is a usage error naming the flags allowed', () => {
    const result = runBuiltCli(['--no-config', '--kustomize-command', kubectl!, '--kustomize-flag=--enable-exec', '.'], { cwd: helmChartsTree() });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--kustomize-flag "--enable-exec" is not one kube-netlint passes; use --enable-helm, /);
  });

  it('when the config gives a flag other than --enable-helm, then the config is refused', () => {
    const dir = helmChartsTree();
    writeFileSync(join(dir, '.kube-netlint.yaml'), 'kustomize:\n  flags: [--load-restrictor=LoadRestrictionsNone]\n');
    const result = runBuiltCli(['-f', 'json', '--kustomize-command', kubectl!, '.'], { cwd: dir });
    assert.notEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, /kustomize\.flags|flags/);
  });
});
