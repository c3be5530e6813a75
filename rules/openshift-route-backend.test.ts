import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './openshift-route-backend.ts';

const service = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports:
    - name: web
      port: 80
      targetPort: http
    - name: metrics
      port: 9090
`;

const deployment = (ports: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: example/web:1
          ports: ${ports}
`;

const route = (spec: string, namespace = 'shop') => `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: ${namespace}}
spec:
  to: {kind: Service, name: web}
${spec}`;

const pods = deployment('[{name: http, containerPort: 8080}]');

testRule(rule, {
  valid: [
    { name: 'the Route names a Service of its namespace and no port', manifests: { 'svc.yaml': service, 'route.yaml': route('') } },
    { name: 'the targetPort is a Service port name', manifests: { 'svc.yaml': service, 'route.yaml': route('  port: {targetPort: web}\n') } },
    { name: 'the targetPort is the pod port a named Service targetPort resolves to', manifests: { 'svc.yaml': service, 'app.yaml': pods, 'route.yaml': route('  port: {targetPort: 8080}\n') } },
    { name: 'the targetPort is a numeric Service targetPort (the Service port is 9090, its target the same)', manifests: { 'svc.yaml': service, 'route.yaml': route('  port: {targetPort: 9090}\n') } },
    { name: 'the targetPort is a number written as text that a Service targetPort equals', manifests: { 'svc.yaml': service, 'route.yaml': route('  port: {targetPort: "9090"}\n') } },
    {
      name: 'the targetPort is a number and the named Service targetPort resolves on no pod of the tree',
      manifests: { 'svc.yaml': service, 'route.yaml': route('  port: {targetPort: 8080}\n') },
    },
    {
      name: 'the Service has no selector (its Endpoints say the pod ports)',
      manifests: { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  ports: [{name: web, port: 80}]\n', 'route.yaml': route('  port: {targetPort: 8443}\n') },
    },
    {
      name: 'the Service is ExternalName',
      manifests: { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {type: ExternalName, externalName: web.example.com}\n', 'route.yaml': route('  port: {targetPort: https}\n') },
    },
    {
      name: 'the backend Service is one an operator creates for a custom resource of the namespace',
      manifests: {
        'es.yaml': 'apiVersion: kibana.k8s.elastic.co/v1\nkind: Kibana\nmetadata: {name: logs, namespace: shop}\nspec: {count: 1}\n',
        'route.yaml': 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: kibana, namespace: shop}\nspec:\n  to: {kind: Service, name: logs-kb-http}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the backend Service is missing',
      manifests: route(''),
      errors: [{ messageId: 'missing', line: 5, includes: '"web" does not exist in namespace "shop"' }],
    },
    {
      name: 'an alternate backend Service is missing',
      manifests: { 'svc.yaml': service, 'route.yaml': route('  alternateBackends:\n    - kind: Service\n      name: web-canary\n      weight: 10\n') },
      errors: [{ messageId: 'missing', line: 8, file: 'route.yaml', includes: '"web-canary"' }],
    },
    {
      name: 'the backend Service is in another namespace only',
      manifests: { 'svc.yaml': service, 'route.yaml': route('', 'front') },
      errors: [{ messageId: 'otherNamespace', line: 5, file: 'route.yaml', includes: 'only in namespace "shop"' }],
    },
    {
      name: 'the backend Service is missing and an unknown custom resource of the namespace may create it',
      manifests: { 'cr.yaml': 'apiVersion: example.com/v1\nkind: WebApp\nmetadata: {name: web, namespace: shop}\nspec: {}\n', 'route.yaml': route('') },
      errors: [{ messageId: 'unknownCreator', line: 5, file: 'route.yaml', severity: 'warning' }],
    },
    {
      name: 'the targetPort name is no Service port name',
      manifests: { 'svc.yaml': service, 'route.yaml': route('  port:\n    targetPort: https\n') },
      errors: [{ messageId: 'portName', line: 7, file: 'route.yaml', includes: '80 -> http ("web"), 9090 ("metrics")' }],
    },
    {
      name: 'the targetPort name is the container port name behind the Service, not its port name',
      manifests: { 'svc.yaml': service, 'app.yaml': pods, 'route.yaml': route('  port:\n    targetPort: http\n') },
      errors: [{ messageId: 'containerPortName', line: 7, file: 'route.yaml', includes: 'use "web"', severity: 'warning' }],
    },
    {
      name: 'the targetPort number is the Service port, not the pod port',
      manifests: { 'svc.yaml': service, 'app.yaml': pods, 'route.yaml': route('  port:\n    targetPort: 80\n') },
      errors: [{ messageId: 'servicePortNumber', line: 7, file: 'route.yaml', includes: 'use "web"' }],
    },
    {
      name: 'the targetPort number is no port the pods receive on',
      manifests: { 'svc.yaml': service, 'app.yaml': pods, 'route.yaml': route('  port:\n    targetPort: 7000\n') },
      errors: [{ messageId: 'portNumber', line: 7, file: 'route.yaml' }],
    },
  ],
});
