import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './ingress-backend-service.ts';

const ingress = (service: string, namespace = 'shop') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: ${namespace}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${service}
                port: {number: 80}
`;

const service = (name: string, namespace = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector: {app: ${name}}
  ports: [{port: 80}]
`;

testRule(rule, {
  valid: [
    { name: 'the backend Service is in the same namespace, in another file', manifests: { 'ing.yaml': ingress('web'), 'svc.yaml': service('web') } },
    {
      name: 'the backend is a resource rather than a Service',
      manifests:
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: static}\nspec:\n  defaultBackend:\n    resource:\n      apiGroup: k8s.example.com\n      kind: StorageBucket\n      name: static-assets\n',
    },
    {
      name: 'both objects have no namespace and so are in default',
      manifests: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
    },
  ],
  invalid: [
    {
      name: 'an Ingress routes to a missing Service (the classic tutorial mistake)',
      manifests: ingress('web'),
      errors: [{ messageId: 'missing', line: 15, column: 23, includes: '"web"' }],
    },
    {
      name: 'the Service exists only in another namespace',
      manifests: { 'ing.yaml': ingress('web', 'shop'), 'svc.yaml': service('web', 'default') },
      errors: [{ messageId: 'otherNamespace', line: 15, file: 'ing.yaml', includes: 'only in namespace "default"' }],
    },
    {
      name: 'an extensions/v1beta1 Ingress routes to a missing Service by serviceName',
      manifests: { 'ing.yaml': 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: old, namespace: shop}\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            backend:\n              serviceName: wbe\n              servicePort: 80\n', 'svc.yaml': service('web') },
      errors: [{ messageId: 'missing', line: 10, column: 28, file: 'ing.yaml', includes: '"wbe"' }],
    },
    {
      name: 'the defaultBackend names a missing Service',
      manifests: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  defaultBackend:\n    service:\n      name: fallback\n      port: {number: 80}\n',
      errors: [{ messageId: 'missing', line: 7, column: 13 }],
    },
  ],
});
