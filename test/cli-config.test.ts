import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

/** Which config file applies, as the real CLI finds, reports and prints it (files on disk in a temp directory). */

/**
 * A Service selecting no pod of a namespace whose workloads the tree holds (another one is beside it):
 * service-selector-orphan's error, unless a config turns the rule off.
 */
const orphanNamed = (name: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {app: nope}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}-other, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}-other}}\n  template:\n    metadata: {labels: {app: ${name}-other}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const orphan = orphanNamed('web');
const OFF = 'rules:\n  service-selector-orphan: off\n';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-config-lookup-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const summaryOf = (stdout: string) => (JSON.parse(stdout) as { summary: { errors: number; config: string | null } }).summary;

describe('config lookup', () => {
  // root/.kube-netlint.yaml keeps the rule on; repo/.kube-netlint.yaml turns it off; `other` has no config of its own.
  const root = tree({ '.kube-netlint.yaml': 'rules: {}\n', 'repo/.kube-netlint.yaml': OFF, 'repo/k8s/a/svc.yaml': orphan, 'repo/k8s/b/svc.yaml': orphanNamed('api'), 'other/x.txt': '' });

  it('when the linted paths are in another directory tree, then the config is found upward from their common directory, not from the working directory', () => {
    const result = runBuiltCli(['../repo/k8s/a', '../repo/k8s/b/svc.yaml', '--format', 'json'], { cwd: join(root, 'other') });
    assert.equal(result.code, 0, result.stdout);
    const { errors, config } = summaryOf(result.stdout);
    assert.deepEqual([errors, config], [0, join(root, 'repo/.kube-netlint.yaml')]);
  });

  it('when --config is given, then it wins over the one found from the paths', () => {
    const result = runBuiltCli(['../repo/k8s', '--config', '../.kube-netlint.yaml', '--format', 'json'], { cwd: join(root, 'other') });
    assert.equal(result.code, 1);
    assert.equal(summaryOf(result.stdout).config, join(root, '.kube-netlint.yaml'));
  });

  it('when the paths are below the working directory, then the nearest config above them applies, and its path is relative', () => {
    const result = runBuiltCli(['repo/k8s', '--format', 'json'], { cwd: root });
    assert.deepEqual([result.code, summaryOf(result.stdout).config], [0, 'repo/.kube-netlint.yaml']);
  });

  it('when the input is standard input, then the config is found upward from the working directory', () => {
    const result = runBuiltCli(['-', '--format', 'json'], { cwd: join(root, 'other'), input: orphan });
    assert.deepEqual([result.code, summaryOf(result.stdout).config], [1, join(root, '.kube-netlint.yaml')]);
  });

  it('when --context widens the paths, then the config is looked up from the common directory of the paths and the context', () => {
    // The staged file is in repo/k8s/a; --context . (the hook's) makes the root the common directory.
    const result = runBuiltCli(['--context', '.', 'repo/k8s/a/svc.yaml', '--format', 'json'], { cwd: root });
    assert.deepEqual([result.code, summaryOf(result.stdout).config], [1, '.kube-netlint.yaml']);
  });

  it('when no config is found anywhere, or --no-config is given, then JSON says null and stylish says none applies', () => {
    const result = runBuiltCli(['repo/k8s', '--no-config'], { cwd: root });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /\n {2}config: none \(no \.kube-netlint\.yaml found; the defaults apply\)\n$/);
    assert.equal(summaryOf(runBuiltCli(['repo/k8s', '--no-config', '--format', 'json'], { cwd: root }).stdout).config, null);
  });

  it('when the config applied is found, then the stylish footer names it', () => {
    const result = runBuiltCli(['repo/k8s'], { cwd: root });
    assert.match(result.stdout, /^✔ no problems in 2 files, 4 objects\n {2}config: repo\/\.kube-netlint\.yaml\n$/);
  });
});

describe('--print-config', () => {
  const root = tree({
    'repo/.kube-netlint.yaml': `${OFF}  service-ports: {severity: warning, options: {ianaNames: false}}\ncluster:\n  namespaces: [kube-system, {name: ingress-nginx, labels: {team: edge}}]\nexemptions:\n  - {kind: Service, name: "legacy-*", reason: kept for old clients}\n`,
    'repo/k8s/svc.yaml': orphan,
  });

  it('when asked, then it prints the configuration that applies to the paths as YAML, with its source and every rule, and lints nothing', () => {
    const result = runBuiltCli(['--print-config', 'repo/k8s'], { cwd: root });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^# the configuration kube-netlint applies\n# from "repo\/\.kube-netlint\.yaml"\nrules:\n/);
    assert.match(result.stdout, /\n {2}service-selector-orphan: off\n/);
    assert.match(result.stdout, /\n {2}service-ports:\n {4}severity: warning\n {4}options:\n {6}ianaNames: false\n/);
    // A rule the config does not name shows its default severity.
    assert.match(result.stdout, /\n {2}pod-not-isolated: info\n/);
    assert.match(result.stdout, /\n {2}hostNetworkPods: exempt\n/);
    assert.doesNotMatch(result.stdout, /service-selector-orphan.*error|✖|✔/);
  });

  it('when asked for JSON, then it prints the source and the config; printed as YAML and read back, it is the same config', () => {
    const json = runBuiltCli(['--print-config', '--format', 'json', 'repo/k8s'], { cwd: root });
    assert.equal(json.code, 0, json.stderr);
    const printed = JSON.parse(json.stdout) as { source: string; config: { rules: Record<string, unknown>; exemptions: unknown[] } };
    assert.equal(printed.source, 'repo/.kube-netlint.yaml');
    assert.equal(printed.config.rules['service-selector-orphan'], 'off');
    assert.deepEqual(printed.config.exemptions, [{ kind: 'Service', name: 'legacy-*', reason: 'kept for old clients' }]);
    writeFileSync(join(root, 'printed.yaml'), runBuiltCli(['--print-config', 'repo/k8s'], { cwd: root }).stdout);
    const again = runBuiltCli(['--print-config', '--format', 'json', '--config', 'printed.yaml'], { cwd: root });
    assert.equal(again.code, 0, again.stdout);
    assert.deepEqual((JSON.parse(again.stdout) as { config: unknown }).config, printed.config);
  });

  it('when no config applies, then it prints the defaults and says so', () => {
    const result = runBuiltCli(['--print-config', '--no-config'], { cwd: root });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^# the configuration kube-netlint applies\n# no config file: the defaults apply\n/);
    assert.equal((JSON.parse(runBuiltCli(['--print-config', '--no-config', '-f', 'json'], { cwd: root }).stdout) as { source: unknown }).source, null);
  });

  it('when the config has a mistake, then it is reported at its line and the exit code is 2; another format is a usage error', () => {
    writeFileSync(join(root, 'bad.yaml'), 'rules:\n  no-such-rule: off\n');
    const bad = runBuiltCli(['--print-config', '--config', 'bad.yaml'], { cwd: root });
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /2:3 {2}error {2}unknown rule "no-such-rule"/);
    const sarif = runBuiltCli(['--print-config', '--format', 'sarif'], { cwd: root });
    assert.deepEqual([sarif.code, sarif.stderr.split('\n')[0]], [2, 'kube-netlint: --print-config prints yaml (default) or json, not "sarif"']);
  });
});
