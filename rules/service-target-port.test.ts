import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positionAt } from '../src/source/text.ts';
import { exportedDeployment } from '../test/support/exported-state.ts';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-target-port.ts';

/** A Deployment labelled app=api whose container port lines follow at line 16. */
const deployment = (ports: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: example/api
          ports:
${ports}
`;

/** A Service selecting app=api whose port lines start at line 8. */
const service = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
${ports}
`;

const both = (containerPorts: string, servicePorts: string) => `${deployment(containerPorts)}---\n${service(servicePorts)}`;
/** The line of the first Service port when the Service follows a Deployment with one container port line. */
const PORTS = 25;

/** A Helm chart's test Pod (annotation helm.sh/hook: test) carrying the application's label app=api, with no ports; 8 lines. */
const helmTestPod = `apiVersion: v1
kind: Pod
metadata:
  name: api-test
  labels: {app: api}
  annotations: {helm.sh/hook: test}
spec:
  containers: [{name: test, image: curlimages/curl, args: ["http://api/"]}]
`;

testRule(rule, {
  valid: [
    {
      name: 'a Helm test Pod carries the labels of the Deployment the Service selects, and lacks its named targetPort (hooks are not backends)',
      manifests: `${deployment('            - {name: http, containerPort: 8080}')}---\n${helmTestPod}---\n${service('    - {name: http, port: 80, targetPort: http}')}`,
    },
    {
      name: 'a lasting Service selects only a Helm test Pod, which lacks the named targetPort: hooks are never its backends (service-selector-orphan says it has none)',
      manifests: `${helmTestPod}---\n${service('    - {name: http, port: 80, targetPort: http}')}`,
    },
    {
      name: 'a Helm pre-install Job carries the labels of the Deployment the Service selects',
      manifests: `${deployment('            - {name: http, containerPort: 8080}')}---\n${helmTestPod.replace('kind: Pod', 'kind: Job').replace('apiVersion: v1', 'apiVersion: batch/v1').replace('helm.sh/hook: test', 'helm.sh/hook: pre-install').replace('spec:\n  containers', 'spec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      restartPolicy: Never\n      containers')}---\n${service('    - {name: http, port: 80, targetPort: http}')}`,
    },
    { name: 'targetPort names a container port', manifests: both('            - {name: http, containerPort: 8080}', '    - {name: http, port: 80, targetPort: http}') },
    { name: 'targetPort is a declared number', manifests: both('            - containerPort: 8080', '    - {port: 80, targetPort: 8080}') },
    { name: 'targetPort defaults to a declared port', manifests: both('            - containerPort: 80', '    - port: 80') },
    { name: 'targetPort is 0 or "", which the API server sets to port', manifests: both('            - containerPort: 80', '    - {port: 80, targetPort: 0}\n    - {port: 80, targetPort: "", protocol: TCP, name: b}') },
    { name: 'a UDP port targets a UDP container port', manifests: both('            - {containerPort: 53, protocol: UDP}', '    - {port: 53, protocol: UDP}') },
    {
      name: 'the Service and the Deployment are in different files',
      manifests: { 'svc/api.yaml': service('    - {port: 80, targetPort: http}'), 'deploy/api.yaml': deployment('            - {name: http, containerPort: 8080}') },
    },
    {
      name: 'targetPort names a port of a sidecar (an init container with restartPolicy: Always)',
      manifests: `${deployment('            - containerPort: 8080').replace('      containers:\n', '      initContainers:\n        - name: proxy\n          image: envoy\n          restartPolicy: Always\n          ports: [{name: proxy, containerPort: 15001}]\n      containers:\n')}---\n${service('    - {port: 80, targetPort: proxy}\n    - {name: b, port: 81, targetPort: 15001}')}`,
    },
    {
      name: 'targetPort is out of range or a quoted number (the schema rule reports it)',
      manifests: both('            - {name: http, containerPort: 8080}', '    - {name: a, port: 80, targetPort: 65536}\n    - {name: b, port: -1}\n    - {name: c, port: 82, targetPort: "8080"}'),
    },
    { name: 'the selector matches no workload (reported by service-selector-orphan)', manifests: service('    - {port: 80, targetPort: 9999}') },
    {
      name: 'the containers declare no ports at all, and a numeric targetPort and a defaulted one go to ports the application may listen on',
      manifests: both('            - null', '    - {name: a, port: 80, targetPort: 8080}\n    - {name: b, port: 9090}').replace('          ports:\n            - null\n', ''),
    },
  ],
  invalid: [
    {
      name: 'a numeric targetPort is not declared by the container',
      manifests: both('            - {name: http, containerPort: 8080}', '    - name: web\n      port: 80\n      targetPort: 80'),
      errors: [{ messageId: 'numberMissing', line: PORTS + 2, column: 19, severity: 'warning', includes: 'targetPort 80/TCP is not declared by any container of Deployment "api" (declared: 8080/TCP (http)); containers need not declare the ports they listen on, but these declare others' }],
    },
    {
      name: 'a named targetPort names no container port',
      manifests: both('            - {name: http, containerPort: 8080}', '    - port: 80\n      targetPort: web'),
      errors: [{ messageId: 'nameMissing', line: PORTS + 1, column: 19, severity: 'error', includes: '(named ports: "http")' }],
    },
    {
      name: 'a named targetPort and the containers declare no ports at all',
      manifests: both('            - null', '    - port: 80\n      targetPort: web').replace('          ports:\n            - null\n', ''),
      errors: [{ messageId: 'nameMissing', line: PORTS - 1, severity: 'error', includes: '(named ports: none), so this Service port has no endpoints' }],
    },
    {
      name: 'the container declares the numeric targetPort with another protocol',
      manifests: both('            - {containerPort: 53, protocol: UDP}', '    - port: 53\n      targetPort: 53'),
      errors: [{ messageId: 'protocolNumber', line: PORTS + 1, severity: 'warning', includes: 'Deployment "api" declares port 53 with protocol UDP only, so no traffic reaches it unless the application also listens on TCP' }],
    },
    {
      name: 'the container declares the named targetPort with another protocol',
      manifests: both('            - {name: dns, containerPort: 53, protocol: UDP}', '    - port: 53\n      targetPort: dns'),
      errors: [{ messageId: 'protocol', line: PORTS + 1, severity: 'error', includes: 'targetPort "dns" is declared by Deployment "api" with protocol UDP, but the Service port uses TCP, so this Service port has no endpoints' }],
    },
    {
      name: 'of two selected workloads, one lacks the named targetPort the other declares, and one the number',
      manifests: [
        deployment('            - {name: http, containerPort: 8080}'),
        deployment('            - {name: web, containerPort: 9090}').replace('name: api\nspec', 'name: api2\nspec'),
        service('    - {name: a, port: 80, targetPort: http}\n    - {name: b, port: 81, targetPort: 8080}'),
      ].join('---\n'),
      errors: [
        { messageId: 'nameMissingSome', line: PORTS + 17, severity: 'warning', includes: 'which the selector also selects, so its pods get no traffic on this Service port while those of Deployment "api" do' },
        { messageId: 'numberMissing', line: PORTS + 18, severity: 'warning', includes: 'Deployment "api2"' },
      ],
    },
    {
      name: 'a Service that is a Helm hook too selects only a Helm test Pod, which lacks the named targetPort: the hook Pod is its backend',
      manifests: `${helmTestPod}---\n${service('    - {name: http, port: 80, targetPort: http}').replace('metadata:\n', 'metadata:\n  annotations: {helm.sh/hook: test}\n')}`,
      errors: [{ messageId: 'nameMissing', line: 18, severity: 'error', includes: 'Pod "api-test"' }],
    },
    {
      name: 'targetPort is left out and defaults to a port the container does not declare',
      manifests: both('            - containerPort: 8080', '    - name: http\n      port: 80'),
      errors: [{ messageId: 'numberMissing', line: PORTS + 1, column: 13, includes: 'targetPort 80/TCP' }],
    },
    {
      name: 'targetPort is 0 and so defaults to a port the container does not declare',
      manifests: both('            - containerPort: 8080', '    - {port: 80, targetPort: 0}'),
      errors: [{ messageId: 'numberMissing', line: PORTS, column: 14, includes: 'targetPort 80/TCP' }],
    },
    {
      name: 'the only declaring container is an init container',
      manifests: `${deployment('            - containerPort: 9000').replace('      containers:\n', '      initContainers:\n        - name: setup\n          image: example/setup\n          ports: [{containerPort: 80}]\n      containers:\n')}---\n${service('    - {port: 80}')}`,
      errors: [{ messageId: 'numberMissing', line: PORTS + 4, includes: 'declared: 9000/TCP' }],
    },
    {
      name: 'targetPort names a port of an init container that is not a sidecar, and a container port is out of range',
      manifests: `${deployment('            - {name: http, containerPort: 8080}\n            - {containerPort: 70000}').replace('      containers:\n', '      initContainers:\n        - name: setup\n          image: example/setup\n          ports: [{name: proxy, containerPort: 15001}]\n      containers:\n')}---\n${service('    - {port: 80, targetPort: proxy}\n    - {name: b, port: 81, targetPort: 9090}')}`,
      errors: [
        { messageId: 'nameMissing', line: PORTS + 5, includes: '(named ports: "http")' },
        { messageId: 'numberMissing', line: PORTS + 6, includes: '(declared: 8080/TCP (http))' },
      ],
    },
    {
      name: 'neither of two selected workloads declares the named targetPort, and the first declares the number: the certain finding is reported',
      manifests: [
        deployment('            - {name: web, containerPort: 8080}'),
        deployment('            - {name: web, containerPort: 9090}').replace('name: api\nspec', 'name: api2\nspec'),
        service('    - {name: a, port: 80, targetPort: http}\n    - {name: b, port: 81, targetPort: 8080}'),
      ].join('---\n'),
      errors: [
        { messageId: 'nameMissing', line: PORTS + 17, severity: 'error', includes: 'Deployment "api"' },
        { messageId: 'numberMissing', line: PORTS + 18, severity: 'warning', includes: 'Deployment "api2"' },
      ],
    },
    {
      name: 'exported Pods listed before their Deployment lack the named targetPort as it does: one finding, naming the Deployment',
      manifests: {
        'state.yaml': exportedDeployment({ container: '{name: main, image: x, ports: [{name: http, containerPort: 8080}]}' }).split('---\n').reverse().join('---\n'),
        'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: admin}]\n',
      },
      errors: [{ messageId: 'nameMissing', line: 6, file: 'svc.yaml', severity: 'error', includes: 'names no container port of Deployment "web"' }],
    },
    {
      name: 'the Service in one file targets a port the Deployment in another file lacks',
      manifests: { 'svc/api.yaml': service('    - port: 80\n      targetPort: metrics'), 'deploy/api.yaml': deployment('            - {name: http, containerPort: 8080}') },
      errors: [{ messageId: 'nameMissing', line: 9, file: 'svc/api.yaml', includes: 'Deployment "api"' }],
    },
  ],
});

describe('rule service-target-port quick fix and related locations', () => {
  it('when the Service port name equals a container port name, then a fix sets targetPort to that port', () => {
    const text = both('            - {name: http, containerPort: 8080}', '    - name: http\n      port: 80\n      targetPort: 80');
    const [finding] = runRule(rule, text);
    assert.ok(finding?.fix, 'a fix is offered');
    assert.match(finding.fix.description, /8080/);
    assert.equal(finding.fix.edits.length, 1);
    const edit = finding.fix.edits[0]!;
    assert.equal(edit.file, finding.file);
    const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    assert.ok(fixed.endsWith('    - name: http\n      port: 80\n      targetPort: 8080\n'), fixed);
    assert.deepEqual(runRule(rule, fixed), []);
  });

  /** Two Deployments selected by one Service (app=api), declaring port "http" as `first` and `second`. */
  const twoWorkloads = (first: string, second: string, targetPort: string) =>
    [
      deployment(`            - {name: http, containerPort: ${first}}`),
      deployment(`            - {name: http, containerPort: ${second}}`).replace('name: api\nspec', 'name: api2\nspec'),
      service(`    - name: http\n      port: 80\n      targetPort: ${targetPort}`),
    ].join('---\n');
  const applyFix = (text: string) => {
    const [finding] = runRule(rule, text);
    assert.ok(finding?.fix, 'a fix is offered');
    const edit = finding.fix.edits[0]!;
    return { description: finding.fix.description, fixed: text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end) };
  };

  it('when two selected workloads declare port "http" with different numbers, then the fix names the port, which is right for both', () => {
    const { description, fixed } = applyFix(twoWorkloads('8080', '8081', '9090'));
    assert.match(description, /"http"/);
    assert.ok(fixed.endsWith('    - name: http\n      port: 80\n      targetPort: http\n'), fixed);
    assert.deepEqual(runRule(rule, fixed), []);
  });

  it('when two selected workloads declare port "http" with the same number, then the fix sets that number', () => {
    const { fixed } = applyFix(twoWorkloads('8080', '8080', '9090'));
    assert.ok(fixed.endsWith('      targetPort: 8080\n'), fixed);
    assert.deepEqual(runRule(rule, fixed), []);
  });

  it('when one selected workload declares the current targetPort number, then no fix is offered (which port is meant is unclear)', () => {
    const [finding] = runRule(rule, twoWorkloads('8080', '9090', '9090'));
    assert.ok(finding);
    assert.equal(finding.fix, undefined);
  });

  it('when one selected workload has no port named like the Service port, then no fix is offered', () => {
    const text = twoWorkloads('8080', '8081', '9090').replace('{name: http, containerPort: 8081}', '{name: web, containerPort: 8081}');
    const [finding] = runRule(rule, text);
    assert.ok(finding);
    assert.equal(finding.fix, undefined);
  });

  it('when the Service port name matches no container port name, then no fix is offered', () => {
    const [finding] = runRule(rule, both('            - {name: http, containerPort: 8080}', '    - name: web\n      port: 80\n      targetPort: 80'));
    assert.ok(finding);
    assert.equal(finding.fix, undefined);
  });

  it('when targetPort is defaulted, then no fix is offered (there is no targetPort to edit)', () => {
    const [finding] = runRule(rule, both('            - {name: http, containerPort: 8080}', '    - name: http\n      port: 80'));
    assert.ok(finding);
    assert.equal(finding.fix, undefined);
  });

  it('when the workload is in another file, then the related location is its container port there', () => {
    const [finding] = runRule(rule, { 'svc/api.yaml': service('    - {port: 80, targetPort: 81}'), 'deploy/api.yaml': deployment('            - containerPort: 8080') });
    assert.ok(finding);
    assert.equal(finding.related.length, 1);
    const related = finding.related[0]!;
    assert.equal(related.file.path, 'deploy/api.yaml');
    assert.deepEqual(positionAt(related.file, related.span.start), { line: 16, column: 15 });
    assert.match(related.message, /container ports of Deployment "api"/);
  });
});
