import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { graphSection } from '../src/action/graph.ts';
import { buildModel } from '../src/model/build.ts';
import { parseSources } from '../src/source/parse.ts';
import { runBuiltCli } from './support/built-cli.ts';

/**
 * A shop behind a Gateway (issue 9), end to end with the built CLI: the Gateway infra/public (Istio,
 * its data plane Deployment exported into the tree), an HTTPRoute in shop to web, an HTTPRoute in front
 * to shop's api (permitted by a ReferenceGrant), and NetworkPolicies that admit the data plane at web
 * and block it at api. The tree is test/fixtures/lint/gateway-shop (its `# expect:` markers are the
 * lint findings); the reach and explain outputs are golden files in test/golden/gateway/.
 * Regenerate: UPDATE_GOLDEN=1 (then read the diff: these files are the expected answers).
 */
const tree = new URL('./fixtures/lint/gateway-shop/', import.meta.url).pathname;
const golden = new URL('./golden/gateway/', import.meta.url).pathname;
const update = process.env.UPDATE_GOLDEN === '1';
const files = () => readdirSync(tree).sort().map((name) => ({ path: name, absPath: `${tree}${name}`, text: readFileSync(`${tree}${name}`, 'utf8') }));

const cases: readonly { readonly name: string; readonly args: readonly string[] }[] = [
  { name: 'reach.txt', args: ['reach', '--no-config'] },
  { name: 'reach-from-gateway.json', args: ['reach', '--no-config', '--from', '{gateway:infra/public}', '--format', 'json'] },
  { name: 'reach.mmd', args: ['reach', '--no-config', '--format', 'mermaid'] },
  { name: 'explain.txt', args: ['explain', '--no-config', '{gateway:infra/public}', 'shop/'] },
  { name: 'explain-api.json', args: ['explain', '--no-config', '{gateway:infra/public}', 'shop/api', '--format', 'json'] },
];

describe('a shop behind a Gateway, end to end', () => {
  for (const { name, args } of cases) {
    it(`when kube-netlint ${args.join(' ')} runs on the shop, then the output is test/golden/gateway/${name}`, () => {
      const result = runBuiltCli(args, { cwd: tree });
      assert.equal(result.stderr, '');
      assert.equal(result.code, 0);
      if (update) writeFileSync(`${golden}${name}`, result.stdout);
      assert.equal(result.stdout, readFileSync(`${golden}${name}`, 'utf8'));
    });
  }

  it('when the shop is linted, then the data plane blocked at api is the one error, at the backendRef, with the refusing policies', () => {
    const result = runBuiltCli(['--no-config', '--format', 'json', '.'], { cwd: tree });
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { diagnostics: { ruleId: string; severity: string; file: string; line: number; message: string; related: { file: string; line: number }[] }[] };
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => [d.ruleId, d.file, d.line]), [['gateway-backend-unreachable', 'front.yaml', 18]]);
    assert.match(errors[0]!.message, /data plane of Gateway "infra\/public" \(Deployment "public-istio" in namespace "infra" of the linted files\) may not reach Deployment "api" on TCP 9000/);
    assert.deepEqual(errors[0]!.related.map((r) => [r.file, r.line]), [['policies.yaml', 7], ['policies.yaml', 41]]);
  });

  it('when explain names the Gateway, then it names the listener, the route rule and the deciding policies with file:line', () => {
    const text = readFileSync(`${golden}explain.txt`, 'utf8');
    assert.match(text, /listener "http" \(80\/HTTP\) \(gateway\.yaml:16\) of Gateway infra\/public -> HTTPRoute front\/api rules\[0\] \(front\.yaml:18\) -> Service shop\/api port 8080 -> TCP 9000/);
    assert.match(text, /isolated by: shop\/default-deny \(policies\.yaml:4\), shop\/api-from-web \(policies\.yaml:38\)/);
    assert.match(text, /allowed by: shop\/web-from-gateway ingress\[0\] \(policies\.yaml:24\): TCP 8080/);
  });

  it('when the job summary draws the graph, then the Gateway is a node with its edge to web', () => {
    const model = buildModel(parseSources(files()));
    const section = graphSection(model)!;
    assert.match(section, /n0\{\{"\{gateway:infra\/public\}"\}\}/);
    assert.match(section, /n0 -->\|"TCP 8080"\| n\d/);
  });

  it('when diff compares the shop before and after a policy admits the data plane at api, then the Gateway edge is added', () => {
    const root = mkdtempSync(join(tmpdir(), 'kube-netlint-gateway-diff-'));
    cpSync(tree, join(root, 'old'), { recursive: true });
    cpSync(tree, join(root, 'new'), { recursive: true });
    const policies = join(root, 'new', 'policies.yaml');
    const admit = '        - podSelector:\n            matchLabels:\n              app: web\n';
    writeFileSync(policies, readFileSync(policies, 'utf8').replace(admit, `${admit}        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: infra\n`));
    const result = runBuiltCli(['diff', '--no-config', 'old', 'new', '--from', '{gateway:infra/public}'], { cwd: root });
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'Connectivity changes: 1 added, 0 removed, 0 changed\n\nAdded:\n  + {gateway:infra/public} -> shop/api[Deployment]: TCP 9000\n');
  });

  it('when an assertion names the Gateway, then the CLI checks it against its data plane', () => {
    const root = mkdtempSync(join(tmpdir(), 'kube-netlint-gateway-assert-'));
    cpSync(tree, root, { recursive: true });
    writeFileSync(join(root, '.kube-netlint.yaml'), 'assertions:\n  - name: the gateway reaches the api\n    from: { gateway: infra/public }\n    to: { namespace: shop, workload: api }\n    port: 9000\n    expect: allow\n');
    const result = runBuiltCli(['--format', 'json', '.'], { cwd: root });
    const report = JSON.parse(result.stdout) as { diagnostics: { ruleId: string; message: string }[] };
    const failed = report.diagnostics.filter((d) => d.ruleId === 'reachability-assertion');
    assert.equal(failed.length, 1);
    assert.match(failed[0]!.message, /\{gateway:infra\/public\} may not reach shop\/api\[Deployment\] on TCP 9000/);
  });
});
