import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positionAt } from '../src/source/text.ts';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-node-port.ts';

/** A Service whose `ports` lines follow `spec.type` (line 8) at line 10. */
const service = (name: string, type: string | undefined, ports: string, namespace = 'default') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector: {app: ${name}}
${type ? `  type: ${type}` : '  sessionAffinity: None'}
  ports:
${ports}
`;

testRule(rule, {
  valid: [
    { name: 'a NodePort Service has a node port inside the default range', manifests: service('web', 'NodePort', '    - {port: 80, nodePort: 30080}') },
    { name: 'a NodePort Service lets Kubernetes allocate its node port', manifests: service('web', 'NodePort', '    - port: 80') },
    { name: 'nodePort is 0, which asks for an allocated port', manifests: service('web', 'NodePort', '    - {port: 80, nodePort: 0}') },
    {
      name: 'one Service uses the same nodePort for TCP and UDP',
      manifests: service('dns', 'NodePort', '    - {name: dns-tcp, port: 53, protocol: TCP, nodePort: 30053}\n    - {name: dns-udp, port: 53, protocol: UDP, nodePort: 30053}'),
    },
    {
      name: 'the node port is inside a configured range',
      manifests: service('web', 'LoadBalancer', '    - {port: 80, nodePort: 20080}'),
      config: { cluster: { nodePortRange: '20000-22767' } },
    },
    {
      name: 'the same Service appears twice (two overlays), which is not a port clash',
      manifests: { 'dev/svc.yaml': service('web', 'NodePort', '    - {port: 80, nodePort: 30080}'), 'prod/svc.yaml': service('web', 'NodePort', '    - {port: 80, nodePort: 30080}') },
    },
    { name: 'an unknown type carries a nodePort (the schema reports the type)', manifests: service('web', 'Nodeport', '    - {port: 80, nodePort: 30080}') },
  ],
  invalid: [
    {
      name: 'a nodePort is below the default range',
      manifests: service('web', 'NodePort', '    - port: 80\n      nodePort: 8080'),
      errors: [{ messageId: 'outOfRange', line: 11, column: 17, includes: 'nodePort 8080 is outside the node port range 30000-32767' }],
    },
    {
      name: 'a nodePort is inside the default range but outside the configured one',
      manifests: service('web', 'LoadBalancer', '    - {port: 80, nodePort: 30080}'),
      config: { cluster: { nodePortRange: '20000-22767' } },
      errors: [{ messageId: 'outOfRange', line: 10, includes: 'range 20000-22767' }],
    },
    {
      name: 'two Services in different namespaces and files use the same nodePort with different protocols',
      manifests: {
        'a.yaml': service('web', 'NodePort', '    - {port: 80, nodePort: 30080}', 'shop'),
        'b.yaml': service('game', 'NodePort', '    - {port: 7777, protocol: UDP, nodePort: 30080}', 'games'),
      },
      errors: [{ messageId: 'duplicate', line: 10, file: 'b.yaml', includes: 'already used by Service "web" in namespace "shop"' }],
    },
    {
      name: 'one Service uses the same nodePort twice for TCP',
      manifests: service('web', 'NodePort', '    - {name: http, port: 80, nodePort: 30080}\n    - {name: alt, port: 8080, nodePort: 30080}'),
      errors: [{ messageId: 'duplicateInService', line: 11, includes: 'nodePort 30080/TCP is already used by port "http"' }],
    },
    {
      name: 'a Service without type sets a nodePort',
      manifests: service('web', undefined, '    - port: 80\n      nodePort: 30080'),
      errors: [{ messageId: 'clusterIP', line: 11, column: 17, includes: 'type ClusterIP' }],
    },
    {
      name: 'a Service of type ClusterIP sets a nodePort',
      manifests: service('web', 'ClusterIP', '    - {port: 80, nodePort: 30080}'),
      errors: [{ messageId: 'clusterIP', line: 10 }],
    },
  ],
});

describe('rule service-node-port related locations', () => {
  it('when two Services clash on a nodePort, then the finding points at the first one as related', () => {
    const [finding] = runRule(rule, {
      'a.yaml': service('web', 'NodePort', '    - {port: 80, nodePort: 30080}', 'shop'),
      'b.yaml': service('api', 'NodePort', '    - port: 80\n      nodePort: 30080', 'shop'),
    });
    assert.ok(finding);
    assert.equal(finding.related.length, 1);
    const related = finding.related[0]!;
    assert.equal(related.file.path, 'a.yaml');
    assert.deepEqual(positionAt(related.file, related.span.start), { line: 10, column: 28 });
  });
});
