/**
 * Peers kube-netlint does not evaluate (Calico `services`, Cilium `toServices`, ...) may admit what the
 * engine cannot see: a refusal they could turn around is a warning naming them, and explain says
 * UNKNOWN with a "not evaluated" line, never a certain DENIED. Through the built CLI, as users see it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: a}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
`;
// Calico's documented example ("Allow access to Kubernetes DNS for the entire cluster", service-policy).
const calico = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web-egress, namespace: a}
spec:
  selector: app == 'web'
  types: [Egress]
  egress:
  - {action: Allow, protocol: UDP, destination: {services: {name: kube-dns, namespace: kube-system}}}
`;
const cilium = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-egress, namespace: a}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toServices: [{k8sService: {serviceName: kube-dns, namespace: kube-system}}]
`;
// Only TCP 80 to a named Service: DNS over UDP is refused for certain.
const calicoTcpOnly = calico.replace('protocol: UDP, destination: {services: {name: kube-dns, namespace: kube-system}}', 'protocol: TCP, destination: {ports: [80], services: {name: web, namespace: a}}');

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tree(...docs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'knl-uneval-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'all.yaml'), docs.join('---\n'));
  return dir;
}

describe('peers not evaluated', () => {
  for (const [name, policy, field] of [
    ['a Calico services rule', calico, 'destination.services (Service kube-system/kube-dns)'],
    ['a Cilium toServices rule', cilium, 'toServices'],
  ] as const) {
    it(`when ${name} is the only way to DNS, then egress-blocks-dns is a warning naming it, not an error`, () => {
      const result = runBuiltCli(['--no-config', '-f', 'json', '.'], { cwd: tree(web, policy) });
      const findings = (JSON.parse(result.stdout) as { diagnostics: { ruleId: string; severity: string; message: string }[] }).diagnostics.filter((f) => f.ruleId === 'egress-blocks-dns');
      assert.equal(findings.length, 1, result.stdout);
      assert.equal(findings[0]!.severity, 'warning');
      assert.ok(findings[0]!.message.includes(`(not certain: `) && findings[0]!.message.includes(`names ${field}, which kube-netlint does not evaluate, and it may allow this traffic)`), findings[0]!.message);
    });
  }

  it('when the rule with services cannot match the port, then the refusal is certain and stays an error', () => {
    const result = runBuiltCli(['--no-config', '-f', 'json', '.'], { cwd: tree(web, calicoTcpOnly) });
    const finding = (JSON.parse(result.stdout) as { diagnostics: { ruleId: string; severity: string; message: string }[] }).diagnostics.find((f) => f.ruleId === 'egress-blocks-dns');
    assert.equal(finding?.severity, 'error', result.stdout);
    assert.doesNotMatch(finding!.message, /not certain/);
  });

  it('when explain meets a services rule that may allow the connection, then it answers UNKNOWN, says "not evaluated", and --exit-code exits 0', () => {
    const dir = tree(web, calico);
    const args = ['explain', 'a/web', 'kube-system/k8s-app=kube-dns', '--port', '53', '--protocol', 'UDP', '--no-config', '--exit-code'];
    const text = runBuiltCli(args, { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /: UNKNOWN \(DENIED as far as evaluated; a peer not evaluated may allow it\)$/m);
    assert.match(text.stdout, /^ {4}not evaluated: NetworkPolicy \(projectcalico\.org\) "web-egress" egress\[0\] Allow \(all\.yaml:17\) names destination\.services \(Service kube-system\/kube-dns\), which kube-netlint does not evaluate: it may allow this$/m);
    const json = JSON.parse(runBuiltCli([...args, '-f', 'json'], { cwd: dir }).stdout) as { results: { allowed: boolean; certain?: boolean; egress: { unevaluated?: { peers: string; line: number }[] } }[] };
    assert.equal(json.results[0]!.allowed, false);
    assert.equal(json.results[0]!.certain, false);
    assert.deepEqual(json.results[0]!.egress.unevaluated?.map((u) => [u.peers, u.line]), [['destination.services (Service kube-system/kube-dns)', 17]]);
  });

  it('when the services rule cannot match the queried port, then explain stays DENIED and --exit-code exits 1', () => {
    const result = runBuiltCli(['explain', 'a/web', 'kube-system/k8s-app=kube-dns', '--port', '53', '--protocol', 'UDP', '--no-config', '--exit-code'], { cwd: tree(web, calicoTcpOnly) });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /: DENIED$/m);
    assert.doesNotMatch(result.stdout, /not evaluated/);
  });
});
