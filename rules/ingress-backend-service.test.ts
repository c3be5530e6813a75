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

/** An Ingress of the AWS Load Balancer Controller whose backend names the action "ssl-redirect", defined in an annotation. */
const albIngress = (portName: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    alb.ingress.kubernetes.io/actions.ssl-redirect: '{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}'
spec:
  ingressClassName: alb
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ssl-redirect
                port: {name: ${portName}}
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
    {
      name: 'the backend names the Service ECK creates for an Elasticsearch of the namespace (<name>-es-http)',
      manifests: { 'ing.yaml': ingress('quickstart-es-http'), 'es.yaml': 'apiVersion: elasticsearch.k8s.elastic.co/v1\nkind: Elasticsearch\nmetadata: {name: quickstart, namespace: shop}\nspec: {version: 8.15.0, nodeSets: [{name: default, count: 1}]}\n' },
    },
    {
      name: 'the backend names an AWS Load Balancer Controller action (port name use-annotation and an actions annotation)',
      manifests: albIngress('use-annotation'),
    },
  ],
  invalid: [
    {
      name: 'an Ingress routes to a missing Service (the classic tutorial mistake)',
      manifests: ingress('web'),
      errors: [{ messageId: 'missing', line: 15, column: 23, severity: 'error', includes: '"web"' }],
    },
    {
      name: 'an Ingress routes to a Service that an operator may create from a custom resource of the namespace, of a kind whose Services are not known',
      manifests: { 'ing.yaml': ingress('shop-web'), 'app.yaml': 'apiVersion: apps.example.com/v1\nkind: WebApp\nmetadata: {name: shop, namespace: shop}\nspec: {replicas: 2}\n' },
      errors: [{ messageId: 'unknownCreator', line: 15, file: 'ing.yaml', severity: 'warning', includes: 'but WebApp "shop" there may create it' }],
    },
    {
      name: 'the backend names the Service ECK creates for an Elasticsearch, which is in another namespace',
      manifests: { 'ing.yaml': ingress('quickstart-es-http'), 'es.yaml': 'apiVersion: elasticsearch.k8s.elastic.co/v1\nkind: Elasticsearch\nmetadata: {name: quickstart, namespace: elastic}\nspec: {version: 8.15.0}\n' },
      errors: [{ messageId: 'missing', line: 15, file: 'ing.yaml', severity: 'error' }],
    },
    {
      name: 'an Ingress routes to a Service name that the Kibana of the namespace does not create (a typo of <name>-kb-http)',
      manifests: { 'ing.yaml': ingress('kibana-kb-htp'), 'kibana.yaml': 'apiVersion: kibana.k8s.elastic.co/v1\nkind: Kibana\nmetadata: {name: kibana, namespace: shop}\nspec: {count: 1}\n' },
      errors: [{ messageId: 'unknownCreator', line: 15, file: 'ing.yaml', severity: 'warning', includes: 'but Kibana "kibana" there' }],
    },
    {
      name: 'an Ingress routes to a missing Service, and the namespace holds only a kind that creates nothing (a Certificate)',
      manifests: { 'ing.yaml': ingress('web'), 'cert.yaml': 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: web, namespace: shop}\nspec: {secretName: web-tls}\n' },
      errors: [{ messageId: 'missing', line: 15, file: 'ing.yaml', severity: 'error' }],
    },
    {
      name: 'the Service exists only in another namespace',
      manifests: { 'ing.yaml': ingress('web', 'shop'), 'svc.yaml': service('web', 'default') },
      errors: [{ messageId: 'otherNamespace', line: 15, file: 'ing.yaml', includes: 'only in namespace "default"' }],
    },
    {
      name: 'the backend asks for an action (port name use-annotation) that no annotation of the Ingress defines, and names no Service',
      manifests: albIngress('use-annotation').replace('actions.ssl-redirect', 'actions.other'),
      errors: [{ messageId: 'actionMissing', line: 16, severity: 'warning', includes: 'carries no annotation "alb.ingress.kubernetes.io/actions.ssl-redirect"' }],
    },
    {
      name: 'the backend has an actions annotation of its name but a port other than use-annotation',
      manifests: albIngress('https'),
      errors: [{ messageId: 'missing', line: 16, includes: '"ssl-redirect"' }],
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
