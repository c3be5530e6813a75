import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './gateway-backend-unreachable.ts';

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
`;
const gateway = (className = 'istio', from = 'All') => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: infra}
spec:
  gatewayClassName: ${className}
  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: ${from}}}}]
`;
const istioClass = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: istio}\nspec: {controllerName: istio.io/gateway-controller}\n';
const route = (backend = '{name: web, port: 80}', namespace = 'shop') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: ${namespace}}
spec:
  parentRefs: [{name: public, namespace: infra}]
  rules:
    - backendRefs:
        - ${backend}
`;
const dataPlane = `apiVersion: apps/v1
kind: Deployment
metadata: {name: public-istio, namespace: infra}
spec:
  selector: {matchLabels: {gateway.networking.k8s.io/gateway-name: public}}
  template:
    metadata: {labels: {gateway.networking.k8s.io/gateway-name: public}}
    spec: {containers: [{name: proxy, image: x}]}
`;
const policy = (ingress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
${ingress}`;
const fromInfra = '  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: infra}}}]\n      ports: [{port: 8080}]\n';
const fromDataPlane =
  '  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: infra}}, podSelector: {matchLabels: {gateway.networking.k8s.io/gateway-name: public}}}]\n      ports: [{port: 8080}]\n';
const fromFront = '  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: front}}}]\n';
const egressDeny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-egress, namespace: infra}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n';
const base = { 'app.yaml': app, 'gateway.yaml': gateway(), 'class.yaml': istioClass, 'route.yaml': route() };

testRule(rule, {
  valid: [
    { name: 'no policy isolates the backend pods', manifests: base },
    { name: 'the data plane of the tree is admitted by its namespace', manifests: { ...base, 'plane.yaml': dataPlane, 'policy.yaml': policy(fromInfra) } },
    { name: 'the assumed Istio data plane is admitted by its gateway-name label', manifests: { ...base, 'policy.yaml': policy(fromDataPlane) } },
    {
      name: 'cluster.gateways places the data plane where the policy admits it',
      manifests: { ...base, 'policy.yaml': policy(fromFront) },
      config: { cluster: { gateways: [{ className: 'istio', namespace: 'front', podLabels: { app: '{name}-gw' } }] } },
    },
    { name: 'a cross-namespace backendRef without a ReferenceGrant sends nothing (RefNotPermitted)', manifests: { ...base, 'route.yaml': route('{name: web, namespace: shop, port: 80}', 'front'), 'policy.yaml': policy('') } },
    { name: 'a backendRef of weight 0 sends nothing', manifests: { ...base, 'route.yaml': route('{name: web, port: 80, weight: 0}'), 'policy.yaml': policy('') } },
    { name: 'the listener admits only routes of its own namespace, so the route is not attached', manifests: { ...base, 'gateway.yaml': gateway('istio', 'Same'), 'policy.yaml': policy('') } },
  ],
  invalid: [
    {
      name: 'the data plane of the tree is refused by the backend policy',
      manifests: { ...base, 'plane.yaml': dataPlane, 'policy.yaml': policy(fromFront) },
      errors: [{ messageId: 'refused', line: 8, file: 'route.yaml', severity: 'error', includes: '(Deployment "public-istio" in namespace "infra" of the linted files) may not reach Deployment "web" on TCP 8080' }],
    },
    {
      name: 'the data plane of the tree is isolated for egress in its own namespace',
      manifests: { ...base, 'plane.yaml': dataPlane, 'egress.yaml': egressDeny },
      errors: [{ messageId: 'dataPlaneEgress', line: 8, file: 'route.yaml', includes: 'its own egress is isolated by NetworkPolicy "deny-egress" in namespace "infra"' }],
    },
    {
      name: 'cluster.gateways places the data plane where the policy does not admit it',
      manifests: { ...base, 'policy.yaml': policy(fromFront) },
      config: { cluster: { gateways: [{ gateway: 'infra/public', podLabels: { app: 'gw' } }] } },
      errors: [{ messageId: 'refused', line: 8, file: 'route.yaml', severity: 'error', includes: 'namespace "infra", pods app=gw (cluster.gateways)' }],
    },
    {
      name: 'the assumed Istio data plane is refused',
      manifests: { ...base, 'policy.yaml': policy(fromFront) },
      errors: [{ messageId: 'refusedAssumed', line: 8, file: 'route.yaml', severity: 'warning', includes: "assumed to be Istio's data plane in namespace \"infra\" with pods" }],
    },
    {
      name: 'the GatewayClass is not in the tree and names no known implementation',
      manifests: { 'app.yaml': app, 'gateway.yaml': gateway('acme'), 'route.yaml': route(), 'policy.yaml': policy(fromFront) },
      errors: [{ messageId: 'refusedUnknown', line: 8, file: 'route.yaml', severity: 'warning', includes: 'its class "acme" is not in the linted files' }],
    },
    {
      name: 'the backend pods admit no source at all on the target port',
      manifests: { ...base, 'policy.yaml': policy('  ingress:\n    - ports: [{port: 9090}]\n') },
      errors: [{ messageId: 'closed', line: 8, file: 'route.yaml', severity: 'error' }],
    },
  ],
});
