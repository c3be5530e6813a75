import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './probe-port.ts';

/** A Deployment whose container `web` has the given ports and probe lines (container fields at line 11). */
const deployment = (fields: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx
${fields}`;
const ports = '          ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9090, protocol: UDP}]\n';

testRule(rule, {
  valid: [
    { name: 'probes name ports of their container, of any protocol', manifests: deployment(`${ports}          readinessProbe: {httpGet: {path: /ready, port: http}}\n          livenessProbe: {tcpSocket: {port: admin}}\n`) },
    { name: 'probes use numbers the container does not declare (no declaration needed)', manifests: deployment('          readinessProbe: {httpGet: {path: /, port: 8080}}\n          startupProbe: {grpc: {port: 9000}}\n') },
    {
      name: 'a named probe port of an init container that is not a sidecar (it cannot run probes)',
      manifests: deployment(ports).replace('      containers:\n', '      initContainers:\n        - name: setup\n          image: x\n          readinessProbe: {httpGet: {port: web}}\n      containers:\n'),
    },
  ],
  invalid: [
    {
      name: 'a readiness probe names a port the container does not declare',
      manifests: deployment(`${ports}          readinessProbe:\n            httpGet: {path: /ready, port: web}\n`),
      errors: [{ messageId: 'missing', line: 14, column: 43, includes: 'readinessProbe port "web" names no port of container "web" of Deployment "web" (its named ports: "http", "admin")' }],
    },
    {
      name: 'a liveness probe names a port of another container of the pod',
      manifests: deployment(`${ports}          livenessProbe: {tcpSocket: {port: metrics}}\n        - name: exporter\n          image: x\n          ports: [{name: metrics, containerPort: 9100}]\n`),
      errors: [{ messageId: 'missing', line: 13, includes: 'the container is killed and restarted over and over' }],
    },
    {
      name: 'a startup probe of a container without ports names a port',
      manifests: deployment('          startupProbe: {httpGet: {port: http}}\n'),
      errors: [{ messageId: 'missing', line: 12, includes: '(its named ports: none)' }],
    },
  ],
});
