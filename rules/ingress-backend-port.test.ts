import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './ingress-backend-port.ts';

const service = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - name: http
      port: 80
      targetPort: 8080
    - name: grpc
      port: 9090
`;

const ingress = (port: string, annotations = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
${annotations}spec:
  defaultBackend:
    service:
      name: api
${port}`;

/** The same Ingress in the removed extensions/v1beta1 form (`spec.backend`, `serviceName`, `servicePort`). */
const legacyIngress = (port: string) => `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: api
spec:
  backend:
    serviceName: api
${port}`;

testRule(rule, {
  valid: [
    { name: 'the backend port number is a Service port', manifests: { 'svc.yaml': service, 'ing.yaml': ingress('      port: {number: 9090}\n') } },
    { name: 'the backend port name is a Service port name', manifests: { 'svc.yaml': service, 'ing.yaml': ingress('      port: {name: http}\n') } },
    { name: 'the Service is missing (another rule reports it)', manifests: ingress('      port: {number: 1}\n') },
    {
      name: 'the Service is ExternalName and has no ports',
      manifests: `apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  type: ExternalName\n  externalName: api.example.com\n---\n${ingress('      port: {number: 443}\n')}`,
    },
    {
      name: 'the backend names an AWS Load Balancer Controller action defined in an annotation, with a Service of the same name',
      manifests: { 'svc.yaml': service, 'ing.yaml': ingress('      port: {name: use-annotation}\n', "  annotations:\n    alb.ingress.kubernetes.io/actions.api: '{\"type\":\"redirect\",\"redirectConfig\":{\"protocol\":\"HTTPS\",\"port\":\"443\",\"statusCode\":\"HTTP_301\"}}'\n") },
    },
    { name: 'a v1beta1 backend servicePort is a Service port name', manifests: { 'svc.yaml': service, 'ing.yaml': legacyIngress('    servicePort: grpc\n') } },
    // The schema rule reports the removed version; a port of the wrong type is no missing port.
    { name: 'a v1beta1 backend servicePort is a quoted number', manifests: { 'svc.yaml': service, 'ing.yaml': legacyIngress('    servicePort: "80"\n') } },
  ],
  invalid: [
    {
      name: 'the backend port number is no Service port',
      manifests: { 'svc.yaml': service, 'ing.yaml': ingress('      port:\n        number: 81\n') },
      errors: [{ messageId: 'number', line: 10, column: 17, file: 'ing.yaml', includes: '80 ("http"), 9090 ("grpc")' }],
    },
    {
      name: "the backend port number is the Service's targetPort",
      manifests: { 'svc.yaml': service, 'ing.yaml': ingress('      port:\n        number: 8080\n') },
      errors: [{ messageId: 'targetPort', line: 10, file: 'ing.yaml', includes: 'use 80' }],
    },
    {
      name: "the backend port number is the container port behind the Service's named targetPort",
      manifests: {
        'svc.yaml': service.replace('targetPort: 8080', 'targetPort: web'),
        'deploy.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: api, labels: {app: api}}\nspec:\n  containers:\n    - name: api\n      image: x\n      ports: [{name: web, containerPort: 8081}]\n',
        'ing.yaml': ingress('      port:\n        number: 8081\n'),
      },
      errors: [{ messageId: 'targetPort', line: 10, file: 'ing.yaml', includes: 'use 80' }],
    },
    {
      name: 'the backend port name is no Service port name',
      manifests: { 'svc.yaml': service, 'ing.yaml': ingress('      port:\n        name: https\n') },
      errors: [{ messageId: 'name', line: 10, column: 15, file: 'ing.yaml', includes: '"https"' }],
    },
    {
      name: 'the backend port name is use-annotation but no action annotation of that name is on the Ingress',
      manifests: { 'svc.yaml': service, 'ing.yaml': ingress('      port:\n        name: use-annotation\n', "  annotations:\n    alb.ingress.kubernetes.io/actions.other: '{\"type\":\"fixed-response\"}'\n") },
      errors: [{ messageId: 'actionMissing', line: 12, file: 'ing.yaml', severity: 'warning', includes: 'which this Ingress does not carry, and Service "api" has no port of that name' }],
    },
    {
      name: 'a v1beta1 backend servicePort is the Service targetPort',
      manifests: { 'svc.yaml': service, 'ing.yaml': legacyIngress('    servicePort: 8080\n') },
      errors: [{ messageId: 'targetPort', line: 8, column: 18, file: 'ing.yaml', includes: 'use 80' }],
    },
    {
      name: 'the backend has no port',
      manifests: { 'svc.yaml': service, 'ing.yaml': ingress('') },
      errors: [{ messageId: 'missing', line: 7, column: 5, file: 'ing.yaml' }],
    },
  ],
});
