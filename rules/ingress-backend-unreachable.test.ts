import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positionAt } from '../src/source/text.ts';
import { exportedDeployment } from '../test/support/exported-state.ts';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule } from './ingress-backend-unreachable.ts';

const app = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: main, image: x, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port: {number: 80}
`;
const policy = (ingress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
${ingress}`;
const controller = { cluster: { namespaces: ['ingress-nginx'], ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } } };
const fromController = '  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]\n      ports: [{port: 8080}]\n';
/** A policy of the controller's namespace isolating every pod there for egress, with the given egress rules. */
const controllerEgress = (egress = '') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-egress, namespace: ingress-nginx}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n${egress}`;
const toShop = '  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]\n      ports: [{port: 8080}]\n';
/** The Service and Ingress of `app`, in front of exported state (Deployment, ReplicaSet, Pods) instead of a Deployment alone. */
const exportedApp = `${exportedDeployment({ container: '{name: main, image: x, ports: [{name: http, containerPort: 8080}]}' })}---\n${app.slice(app.indexOf('apiVersion: v1'))}`;

testRule(rule, {
  valid: [
    { name: 'no policy isolates the backend pods', manifests: app },
    { name: 'a policy admits every source on the target port (controller not configured)', manifests: { 'app.yaml': app, 'policy.yaml': policy('  ingress:\n    - ports: [{port: http}]\n') } },
    { name: 'a policy admits the configured controller by namespace', manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController) }, config: controller },
    {
      name: "the controller's namespace isolates it for egress and allows the backend namespace on the target port",
      manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController), 'controller.yaml': controllerEgress(toShop) },
      config: controller,
    },
  ],
  invalid: [
    {
      name: 'a default deny refuses the configured controller',
      manifests: { 'app.yaml': app, 'policy.yaml': policy('') },
      config: controller,
      errors: [{ messageId: 'refused', line: 28, column: 23, file: 'app.yaml', includes: 'Deployment "web" on TCP 8080' }],
    },
    {
      name: 'a policy admits the controller on another port',
      manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController.replace('8080', '9090')) },
      config: controller,
      errors: [{ messageId: 'refused', line: 28, file: 'app.yaml', includes: 'namespace "ingress-nginx", pods app.kubernetes.io/name=ingress-nginx' }],
    },
    {
      name: 'the controller is not configured and the policy admits only a namespace',
      manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController) },
      errors: [{ messageId: 'refusedUnknown', line: 28, file: 'app.yaml', includes: 'refused by NetworkPolicy "web"' }],
    },
    {
      name: "the controller's own namespace denies its egress, while the backend pods admit it",
      manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController), 'controller.yaml': controllerEgress() },
      config: controller,
      errors: [
        {
          messageId: 'controllerEgress',
          line: 28,
          file: 'app.yaml',
          includes: 'its own egress is isolated by NetworkPolicy "deny-egress" in namespace "ingress-nginx", and no egress rule there allows it, so requests on this route fail; allow egress from the controller',
        },
      ],
    },
    {
      name: "both the controller's egress and the backend pods' ingress refuse",
      manifests: { 'app.yaml': app, 'policy.yaml': policy(''), 'controller.yaml': controllerEgress(toShop.replace('8080', '9090')) },
      config: controller,
      errors: [
        { messageId: 'controllerEgress', line: 28, file: 'app.yaml', includes: 'Deployment "web" on TCP 8080' },
        { messageId: 'refused', line: 28, file: 'app.yaml', includes: 'refused by NetworkPolicy "web"' },
      ],
    },
    {
      name: 'a default deny refuses the controller to an exported Deployment, its ReplicaSet and Pods (each node once)',
      manifests: { 'app.yaml': exportedApp, 'policy.yaml': policy('') },
      config: controller,
      errors: [{ messageId: 'refused', line: 58, file: 'app.yaml', includes: 'may not reach Deployment "web" on TCP 8080 behind' }],
    },
  ],
});

describe('ingress-backend-unreachable related locations', () => {
  it("when the controller's own egress policy refuses, then that policy is the related location", () => {
    const findings = runRule(rule, { 'app.yaml': app, 'policy.yaml': policy(fromController), 'controller.yaml': controllerEgress() }, controller);
    assert.deepEqual(
      findings.flatMap((d) => d.related.map((r) => `${r.file.path}:${positionAt(r.file, r.span.start).line} ${r.message}`)),
      ['controller.yaml:5 NetworkPolicy "deny-egress" in namespace "ingress-nginx" isolates the ingress controller for egress and allows no such connection'],
    );
  });
});
