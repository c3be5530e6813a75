import { testRule } from '../test/support/rule-tester.ts';
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

testRule(rule, {
  valid: [
    { name: 'no policy isolates the backend pods', manifests: app },
    { name: 'a policy admits every source on the target port (controller not configured)', manifests: { 'app.yaml': app, 'policy.yaml': policy('  ingress:\n    - ports: [{port: http}]\n') } },
    { name: 'a policy admits the configured controller by namespace', manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController) }, config: controller },
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
  ],
});
