import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './route-backend-ref.ts';

const service = (name: string, namespace = 'shop', extra = '') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {app: ${name}}\n  ports: [{name: http, port: 80, targetPort: 8080}]\n${extra}`;
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]}
`;
/** A route of `kind` in namespace shop whose one rule has these backendRefs (a flow list). */
const route = (refs: string, kind = 'HTTPRoute') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r, namespace: shop}\nspec:\n  parentRefs: [{name: public}]\n  rules:\n  - backendRefs: ${refs}\n`;

testRule(rule, {
  valid: [
    { name: 'the backendRef names a Service port', manifests: { 's.yaml': service('web'), 'r.yaml': route('[{name: web, port: 80}]') } },
    { name: 'a cross-namespace backendRef names a Service port there', manifests: { 's.yaml': service('web', 'beta'), 'r.yaml': route('[{name: web, namespace: beta, port: 80}]', 'TCPRoute') } },
    {
      name: 'an operator resource of the namespace is known to create the Service',
      manifests: { 'r.yaml': route('[{name: pg-rw, port: 5432}]', 'TCPRoute'), 'pg.yaml': 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: pg, namespace: shop}\nspec: {instances: 1}\n' },
    },
  ],
  invalid: [
    {
      name: 'the Service is missing from a namespace the tree holds',
      manifests: { 's.yaml': service('web'), 'r.yaml': route('[{name: nonexistent, port: 80}]') },
      errors: [{ messageId: 'missing', line: 7, file: 'r.yaml', includes: 'BackendNotFound; its requests get a 500)' }],
    },
    {
      name: 'the Service of a TCPRoute is missing (its connections are rejected, not answered with a 500)',
      manifests: { 's.yaml': service('web'), 'r.yaml': route('[{name: nonexistent, port: 80}]', 'TCPRoute') },
      errors: [{ messageId: 'missing', line: 7, file: 'r.yaml', includes: 'BackendNotFound; its connections are rejected)' }],
    },
    {
      name: 'a mirror backend Service is missing',
      manifests: {
        's.yaml': service('web'),
        'r.yaml': `${route('[{name: web, port: 80}]')}    filters: [{type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 80}}}]\n`,
      },
      errors: [{ messageId: 'missing', line: 8, file: 'r.yaml', includes: '"shadow"' }],
    },
    {
      name: 'the Service is in a namespace the tree holds nothing of',
      manifests: route('[{name: web, namespace: elsewhere, port: 80}]'),
      errors: [{ messageId: 'elsewhere', line: 7, severity: 'info' }],
    },
    {
      name: 'objects that may create pods are in the namespace',
      manifests: { 'r.yaml': route('[{name: search, port: 9200}]'), 'x.yaml': 'apiVersion: example.com/v1\nkind: SearchCluster\nmetadata: {name: s, namespace: shop}\n' },
      errors: [{ messageId: 'unknownCreator', line: 7, file: 'r.yaml', severity: 'warning' }],
    },
    {
      name: 'a Gateway of the namespace does not explain a Service not named after it',
      manifests: {
        'g.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec:\n  gatewayClassName: istio\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n',
        'r.yaml': route('[{name: cart, port: 80}]'),
      },
      errors: [{ messageId: 'missing', line: 7, file: 'r.yaml', severity: 'error' }],
    },
    {
      name: 'a Gateway of the namespace may create the Service named after it',
      manifests: {
        'g.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: shop}\nspec:\n  gatewayClassName: istio\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n',
        'r.yaml': route('[{name: public-istio, port: 80}]'),
      },
      errors: [{ messageId: 'unknownCreator', line: 7, file: 'r.yaml', severity: 'warning', includes: 'Gateway "public"' }],
    },
    {
      name: 'the port is not a port of the Service',
      manifests: { 's.yaml': service('web'), 'r.yaml': route('[{name: web, port: 81}]') },
      errors: [{ messageId: 'port', line: 7, file: 'r.yaml', includes: '80 ("http")' }],
    },
    {
      name: 'the port is the container port behind a named targetPort',
      manifests: { 's.yaml': service('web').replace('targetPort: 8080', 'targetPort: http'), 'd.yaml': deployment, 'r.yaml': route('[{name: web, port: 8080}]') },
      errors: [{ messageId: 'targetPort', line: 7, file: 'r.yaml', includes: 'use 80' }],
    },
    {
      name: 'the Service is of type ExternalName',
      manifests: { 's.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: shop}\nspec: {type: ExternalName, externalName: example.com}\n', 'r.yaml': route('[{name: ext, port: 80}]') },
      errors: [{ messageId: 'externalName', line: 7, file: 'r.yaml', severity: 'warning' }],
    },
    {
      name: 'the kind is unknown',
      manifests: route('[{group: unknownkind.example.com, kind: NonExistent, name: x}]'),
      errors: [{ messageId: 'kind', line: 7, severity: 'warning' }],
    },
    {
      name: 'a core kind other than Service is named',
      manifests: route('[{kind: Pod, name: x}]'),
      errors: [{ messageId: 'kind', line: 7, severity: 'warning', includes: '"Pod"' }],
    },
    {
      name: "the kind is an implementation's extension",
      manifests: route('[{group: gateway.envoyproxy.io, kind: Backend, name: x}]'),
      errors: [{ messageId: 'extensionKind', line: 7, severity: 'info' }],
    },
  ],
});
