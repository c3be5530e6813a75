import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-selector-orphan.ts';

const deployment = (labels: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {${labels}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
        - name: web
          image: nginx
`;

const service = (selector: string, namespace = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${namespace}
spec:
  selector:
${selector}
  ports:
    - port: 80
`;

testRule(rule, {
  valid: [
    // The API server rejects these Services: the schema rule's findings, not a missing selector as well.
    { name: 'the selector is a string rather than a map', manifests: `${deployment('app: web')}---\n${service('    app=web').replace('  selector:\n    app=web', '  selector: app=web')}` },
    { name: 'a Service without selector has no name', manifests: 'apiVersion: v1\nkind: Service\nmetadata: {namespace: shop}\nspec:\n  ports: [{port: 80}]\n' },
    { name: 'the selector matches a Deployment in another file', manifests: { 'svc/web.yaml': service('    app: web'), 'deploy/web.yaml': deployment('app: web, tier: front') } },
    {
      name: 'the Service is ExternalName',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  type: ExternalName\n  externalName: db.example.com\n  selector: {app: db}\n',
    },
    {
      name: 'a selector-less Service is backed by Endpoints',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{port: 5432}]\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets:\n  - addresses: [{ip: 10.0.0.5}]\n    ports: [{port: 5432}]\n',
    },
    {
      name: 'a selector-less Service is backed by an EndpointSlice',
      manifests:
        'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{port: 5432}]\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: db-1\n  labels: {kubernetes.io/service-name: db}\naddressType: IPv4\nendpoints: [{addresses: [10.0.0.5]}]\n',
    },
    {
      name: 'the selector matches a bare Pod, both without a namespace',
      manifests: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: p}\nspec:\n  containers: [{name: c, image: x}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: p}\nspec:\n  selector: {app: p}\n  ports: [{port: 80}]\n',
    },
  ],
  invalid: [
    {
      name: 'a Pod without labels is selected by a Service (the classic tutorial mistake)',
      manifests: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello\nspec:\n  containers: [{name: c, image: x}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: hello}\nspec:\n  selector:\n    app: hello\n  ports: [{port: 80}]\n',
      errors: [{ messageId: 'nearest', line: 13, column: 5, includes: 'app=hello (label missing)' }],
    },
    {
      name: 'one label value differs from the nearest workload',
      manifests: { 'svc.yaml': service('    app: web\n    tier: back'), 'deploy.yaml': deployment('app: web, tier: front') },
      errors: [{ messageId: 'nearest', line: 9, column: 5, file: 'svc.yaml', includes: 'tier=back (has tier=front)' }],
    },
    {
      name: 'only pods in another namespace match',
      manifests: { 'svc.yaml': service('    app: web', 'shop'), 'deploy.yaml': deployment('app: web', 'payments') },
      errors: [{ messageId: 'otherNamespace', line: 7, file: 'svc.yaml', includes: '"payments"' }],
    },
    {
      name: 'the namespace has no workloads at all',
      manifests: service('    app: web'),
      errors: [{ messageId: 'noWorkloads', line: 7 }],
    },
    {
      name: 'a selector-less Service has no Endpoints',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{port: 5432}]\n',
      errors: [{ messageId: 'noEndpoints', line: 4 }],
    },
  ],
});
