import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

/**
 * `reach --exposure` and `explain` of a peer outside the manifests, through the built CLI, on
 * test/golden/exposure/tree (a NetworkPolicy, an AdminNetworkPolicy, a CiliumNetworkPolicy and a
 * Calico NetworkPolicy, written for these tests). Regenerate: UPDATE_GOLDEN=1 (then read the diff).
 */
const golden = new URL('./golden/exposure/', import.meta.url).pathname;
const tree = `${golden}tree`;
const update = process.env.UPDATE_GOLDEN === '1';

const cases: readonly { readonly name: string; readonly args: readonly string[] }[] = [
  { name: 'exposure.txt', args: ['reach', '--exposure'] },
  { name: 'exposure.json', args: ['reach', '--exposure', '--format', 'json'] },
  { name: 'exposure.md', args: ['reach', '--exposure', '--format', 'md'] },
  { name: 'exposure.csv', args: ['reach', '--exposure', '--format', 'csv'] },
  { name: 'exposure.dot', args: ['reach', '--exposure', '--format', 'dot'] },
  { name: 'exposure-filtered.txt', args: ['reach', '--exposure', '--to', 'shop/web', '--from', 'jobs/', '--port', '443'] },
  { name: 'explain-outside.txt', args: ['explain', '[namespace with team=ops]/[all pods]', 'shop/web', '--port', 'http'] },
  { name: 'explain-outside.json', args: ['explain', 'jobs/batch', '[namespace with team == "ops"]/[all pods]', '--format', 'json'] },
];

describe('reach --exposure golden output', () => {
  for (const { name, args } of cases) {
    it(`when kube-netlint ${args.join(' ')} runs on the exposure tree, then the output is test/golden/exposure/${name}`, () => {
      const result = runBuiltCli(args, { cwd: tree });
      assert.equal(result.stderr, '');
      assert.equal(result.code, 0);
      if (update) writeFileSync(`${golden}${name}`, result.stdout);
      assert.equal(result.stdout, readFileSync(`${golden}${name}`, 'utf8'));
    });
  }
});

describe('reach --exposure command line', () => {
  it('when the JSON is read back, then every workload has both directions, and a direction open to everything lists no peers', () => {
    const json = JSON.parse(runBuiltCli(['reach', '--exposure', '--format', 'json'], { cwd: tree }).stdout) as { version: number; exposure: { node: string; ingress: { everything: boolean; peers?: unknown[] }; egress: { everything: boolean; peers?: unknown[] } }[] };
    assert.equal(json.version, 1);
    assert.deepEqual(json.exposure.map((e) => e.node), ['gate/edge[Deployment]', 'jobs/batch[Deployment]', 'shop/api[Deployment]', 'shop/web[Deployment]']);
    for (const e of json.exposure) for (const side of [e.ingress, e.egress]) assert.equal(side.everything, side.peers === undefined);
  });

  it('when --exposure asks for a format it does not have, then it is a usage error naming the formats it has', () => {
    const result = runBuiltCli(['reach', '--exposure', '--format', 'mermaid'], { cwd: tree });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown reach --exposure format "mermaid"; use one of table, json, md, csv, dot/);
  });

  it('when the tree holds a policy kind kube-netlint does not evaluate, then csv and dot keep their data clean and say the caveat on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exposure-caveat-'));
    try {
      writeFileSync(
        join(dir, 'app.yaml'),
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n---\napiVersion: crd.antrea.io/v1beta1\nkind: NetworkPolicy\nmetadata: {name: lock, namespace: shop}\nspec: {appliedTo: [{podSelector: {}}]}\n',
      );
      for (const format of ['csv', 'dot']) {
        const result = runBuiltCli(['reach', '--exposure', '--format', format], { cwd: dir });
        assert.equal(result.code, 0);
        assert.doesNotMatch(result.stdout, /caveat|antrea/i, `${format} holds data only`);
        assert.match(result.stderr, /^kube-netlint: caveat: the tree holds policy objects of kinds kube-netlint does not evaluate: 1 NetworkPolicy \(crd\.antrea\.io\), in app\.yaml;/m);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when explain names a peer outside the manifests whose selectors nothing satisfies, then it is a usage error saying so', () => {
    const result = runBuiltCli(['explain', '[namespace with team=ops,!team]/[all pods]', 'shop/web'], { cwd: tree });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no labels satisfy "team=ops,!team"/);
  });

  it('when --to names no workload, then a warning says so and the output lists nothing', () => {
    const result = runBuiltCli(['reach', '--exposure', '--to', 'nowhere/'], { cwd: tree });
    assert.equal(result.code, 0);
    assert.match(result.stderr, /--to "nowhere\/" matches no workload/);
    assert.equal(result.stdout, '0 workloads; open to everything: 0 for ingress, 0 for egress\n');
  });
});
