import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

/** What the real CLI says about kinds that decide traffic but are not modelled: caveat lines, `caveats` in JSON, skipped kinds. */

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: x, ports: [{containerPort: 8080}]}]}
`;
const files = {
  '.kube-netlint.yaml': 'rules: {}\n',
  'k8s/apps.yaml': `${deployment('web')}---\n${deployment('api')}`,
  'k8s/cilium.yaml': 'apiVersion: crd.antrea.io/v1beta1\nkind: NetworkPolicy\nmetadata: {name: api-from-web, namespace: shop}\nspec:\n  priority: 5\n  appliedTo: [{podSelector: {matchLabels: {app: api}}}]\n  ingress: [{action: Allow, from: [{podSelector: {matchLabels: {app: web}}}]}]\n',
  'k8s/proxy.yaml': 'apiVersion: projectcontour.io/v1\nkind: HTTPProxy\nmetadata: {name: web, namespace: shop}\nspec: {routes: [{services: [{name: web, port: 80}]}]}\n',
  'k8s/cert.yaml': 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: web, namespace: shop}\nspec: {secretName: web-tls}\n',
};

function tree(extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-caveats-'));
  for (const [path, text] of Object.entries({ ...files, ...extra })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const POLICY_CAVEAT =
  'caveat: the tree holds policy objects of kinds kube-netlint does not evaluate: 1 NetworkPolicy (crd.antrea.io), in k8s/cilium.yaml; connections they allow or deny are not part of the analysis, and findings about isolation or unreachable pods where they may apply are lowered';
const ROUTING_CAVEAT =
  'caveat: the tree holds routing objects of kinds kube-netlint does not follow: 1 HTTPProxy (projectcontour.io), in k8s/proxy.yaml; traffic they send to Services is not part of the analysis (reach shows no edges for it, exposures through them are not checked)';

describe('caveats of the lint report', () => {
  const root = tree();

  it('when the tree holds unmodelled policy and routing kinds, then stylish names them in caveat lines and counts the skipped objects by kind', () => {
    const result = runBuiltCli(['k8s'], { cwd: root });
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.stdout, `✔ no problems in 4 files, 2 objects (3 skipped: 1 Certificate (cert-manager.io), 1 HTTPProxy (projectcontour.io), 1 NetworkPolicy (crd.antrea.io))\n  ${POLICY_CAVEAT}\n  ${ROUTING_CAVEAT}\n  config: .kube-netlint.yaml\n`);
  });

  it('when the report is JSON, then a caveats array follows the diagnostics', () => {
    const report = JSON.parse(runBuiltCli(['k8s', '--format', 'json'], { cwd: root }).stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(report), ['version', 'summary', 'diagnostics', 'caveats']);
    assert.deepEqual(report.caveats, [
      { about: 'policy', message: POLICY_CAVEAT.slice('caveat: '.length), kinds: ['NetworkPolicy (crd.antrea.io)'], files: ['k8s/cilium.yaml'] },
      { about: 'routing', message: ROUTING_CAVEAT.slice('caveat: '.length), kinds: ['HTTPProxy (projectcontour.io)'], files: ['k8s/proxy.yaml'] },
    ]);
  });

  it('when the tree holds none, then JSON has no caveats key', () => {
    const report = JSON.parse(runBuiltCli(['k8s/apps.yaml', '--format', 'json'], { cwd: root }).stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(report), ['version', 'summary', 'diagnostics']);
  });
});

describe('caveats of reach, explain and diff', () => {
  const root = tree();

  it('when reach prints a table or JSON, then the caveats are in it; csv, dot and mermaid leave them to stderr', () => {
    const table = runBuiltCli(['reach', 'k8s'], { cwd: root });
    assert.equal(table.code, 0, table.stderr);
    assert.ok(table.stdout.endsWith(`allowed connections\n${POLICY_CAVEAT}\n${ROUTING_CAVEAT}\n`), table.stdout);
    assert.equal(table.stderr, '');
    const json = JSON.parse(runBuiltCli(['reach', 'k8s', '--format', 'json'], { cwd: root }).stdout) as { caveats: { about: string }[] };
    assert.deepEqual(json.caveats.map((c) => c.about), ['policy', 'routing']);
    const csv = runBuiltCli(['reach', 'k8s', '--format', 'csv'], { cwd: root });
    assert.doesNotMatch(csv.stdout, /caveat/);
    assert.equal(csv.stderr, `kube-netlint: ${POLICY_CAVEAT}\nkube-netlint: ${ROUTING_CAVEAT}\n`);
  });

  it('when explain answers, then the text ends with the caveats and JSON has them', () => {
    const text = runBuiltCli(['explain', 'shop/web', 'shop/api', '--port', '8080', 'k8s'], { cwd: root });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /: ALLOWED\n/);
    assert.ok(text.stdout.endsWith(`\n\n${POLICY_CAVEAT}\n\n${ROUTING_CAVEAT}\n`), text.stdout);
    const json = JSON.parse(runBuiltCli(['explain', 'shop/web', 'shop/api', '--format', 'json', 'k8s'], { cwd: root }).stdout) as { caveats: unknown[] };
    assert.equal(json.caveats.length, 2);
  });

  it('when diff compares two trees and one holds an unmodelled policy, then the caveat is printed', () => {
    const twoTrees = tree({ 'old/apps.yaml': files['k8s/apps.yaml'], 'new/apps.yaml': files['k8s/apps.yaml'], 'new/cilium.yaml': files['k8s/cilium.yaml'] });
    const text = runBuiltCli(['diff', 'old', 'new'], { cwd: twoTrees });
    assert.equal(text.stdout, `No connectivity changes.\n${POLICY_CAVEAT.replace('k8s/cilium.yaml', 'new/cilium.yaml')}\n`);
    const json = JSON.parse(runBuiltCli(['diff', 'old', 'new', '--format', 'json'], { cwd: twoTrees }).stdout) as { caveats: { files: string[] }[] };
    assert.deepEqual(json.caveats.map((c) => c.files), [['new/cilium.yaml']]);
  });
});
