/** explain lists the rules of a Calico-ordered tier in evaluation order, each with its order (NetworkPolicies at 1000). The built CLI. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: b}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 9090}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: a}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: deny-late, namespace: b}
spec: {order: 2000, selector: app == 'api', ingress: [{action: Deny}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-unordered}
spec: {selector: app == 'api', ingress: [{action: Deny}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow, namespace: b}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{ports: [{port: 9090}]}]
`;
const dir = mkdtempSync(join(tmpdir(), 'knl-calico-order-'));
writeFileSync(join(dir, 'all.yaml'), manifests);
after(() => rmSync(dir, { recursive: true, force: true }));

describe('explain with Calico orders', () => {
  it('when a NetworkPolicy (order 1000) decides before Calico policies of order 2000 and unset, then explain lists them in that order with their orders', () => {
    const result = runBuiltCli(['explain', 'a/web', 'b/api', '--port', '9090', '--no-config'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const tier = result.stdout.split('\n').filter((line) => line.startsWith('    NetworkPolicy tier: '));
    assert.deepEqual(
      tier.map((line) => /: (.+?) \(all\.yaml:\d+\) \[(.+?)\]/.exec(line)?.slice(1, 3)),
      [
        ['NetworkPolicy "allow" ingress[0]', 'order 1000'],
        ['NetworkPolicy (projectcalico.org) "deny-late" ingress[0] Deny', 'order 2000'],
        ['GlobalNetworkPolicy (projectcalico.org) "deny-unordered" ingress[0] Deny', 'order unset (last)'],
      ],
    );
    assert.match(result.stdout, /TCP 9090: ALLOWED$/m);
  });
});
