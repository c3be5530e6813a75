/** `explain CIDR DST` cuts the CIDR into the ranges the ipBlocks tell apart, as `reach --from` does. Through the built CLI. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: 8080}]
`;

const dir = mkdtempSync(join(tmpdir(), 'knl-cidr-'));
writeFileSync(join(dir, 'all.yaml'), manifests);
after(() => rmSync(dir, { recursive: true, force: true }));

describe('explain with a CIDR', () => {
  it('when an ipBlock except cuts the CIDR, then each range inside it is explained on its own', () => {
    const result = runBuiltCli(['explain', '10.0.0.0/8', 'shop/web', '--port', '8080', '--no-config'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const heads = result.stdout.split('\n').filter((line) => /^\d/.test(line));
    assert.deepEqual(heads, [
      '10.0.0.0-10.0.255.255 -> shop/web[Deployment], TCP 8080: ALLOWED',
      '10.1.0.0-10.1.255.255 -> shop/web[Deployment], TCP 8080: DENIED',
      '10.2.0.0-10.255.255.255 -> shop/web[Deployment], TCP 8080: ALLOWED',
    ]);
  });

  it('when the CIDR lies inside one range, then it is explained as given', () => {
    const result = runBuiltCli(['explain', '10.1.2.0/24', 'shop/web', '--port', '8080', '--no-config', '-f', 'json'], { cwd: dir });
    const json = JSON.parse(result.stdout) as { results: { from: string; allowed: boolean }[] };
    assert.deepEqual(json.results.map((r) => [r.from, r.allowed]), [['10.1.2.0-10.1.2.255', false]]);
  });
});
