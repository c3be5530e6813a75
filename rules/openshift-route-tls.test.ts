import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './openshift-route-tls.ts';

const service = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
    - {name: web, port: 80, targetPort: 8080}
    - {name: secure, port: 443, targetPort: 8443}
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: example/web:1
          ports: [{name: http, containerPort: 8080}, {name: https, containerPort: 8443}]
`;

const route = (spec: string) => `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web}
spec:
  to: {kind: Service, name: web}
${spec}`;

testRule(rule, {
  valid: [
    { name: 'an edge Route sends to the container port named http', manifests: { 'svc.yaml': service, 'app.yaml': deployment, 'route.yaml': route('  port: {targetPort: web}\n  tls: {termination: edge}\n') } },
    { name: 'a reencrypt Route sends to the container port named https', manifests: { 'svc.yaml': service, 'app.yaml': deployment, 'route.yaml': route('  port: {targetPort: secure}\n  tls: {termination: reencrypt}\n') } },
    { name: 'a Route without tls sends to port 8080 of pods outside the tree', manifests: { 'svc.yaml': service, 'route.yaml': route('  port: {targetPort: 8080}\n') } },
    {
      name: 'the port names say neither plain HTTP nor TLS',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{name: api, port: 9000}]\n---\n' + route('  tls: {termination: passthrough}\n'),
    },
    { name: 'the termination is unset (the schema rule reports it)', manifests: { 'svc.yaml': service, 'route.yaml': route('  port: {targetPort: web}\n  tls: {insecureEdgeTerminationPolicy: Redirect}\n') } },
  ],
  invalid: [
    {
      name: 'a passthrough Route sends to the container port named http',
      manifests: { 'svc.yaml': service, 'app.yaml': deployment, 'route.yaml': route('  port: {targetPort: web}\n  tls:\n    termination: passthrough\n') },
      errors: [{ messageId: 'plainUnderTls', line: 8, file: 'route.yaml', includes: 'a port named "http"' }],
    },
    {
      name: 'a reencrypt Route without a port uses every port, one of them plain HTTP',
      manifests: { 'svc.yaml': service, 'app.yaml': deployment, 'route.yaml': route('  tls:\n    termination: reencrypt\n') },
      errors: [{ messageId: 'plainUnderTls', line: 7, file: 'route.yaml', includes: 'open TLS connections' }],
    },
    {
      name: 'an edge Route sends to port 8443 of pods outside the tree',
      manifests: { 'svc.yaml': service, 'route.yaml': route('  port: {targetPort: 8443}\n  tls:\n    termination: edge\n') },
      errors: [{ messageId: 'tlsUnderPlain', line: 8, file: 'route.yaml', includes: 'port 8443' }],
    },
    {
      name: 'a Route without tls sends to the container port named https',
      manifests: { 'svc.yaml': service, 'app.yaml': deployment, 'route.yaml': route('  port: {targetPort: secure}\n') },
      errors: [{ messageId: 'tlsUnderPlain', line: 5, file: 'route.yaml', includes: 'a Route without tls' }],
    },
  ],
});
