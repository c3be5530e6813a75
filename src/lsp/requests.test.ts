import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelOf } from '../../test/support/netpol-world.ts';
import { explainRequest, workloadItems } from './requests.ts';

const shop = modelOf(
  [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 8080}]}]}\n',
    'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n',
    'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: infra}\nspec:\n  gatewayClassName: istio\n  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]\n',
    'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: internal, namespace: infra}\nspec:\n  gatewayClassName: istio\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n',
    'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: shop}\nspec:\n  parentRefs: [{name: public, namespace: infra}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]\n',
  ].join('---\n'),
);

describe('the language server\'s node list', () => {
  it('when the tree holds Gateways, then their data planes are listed after the ingress controller, by id, and explain takes them', () => {
    assert.deepEqual(
      workloadItems(shop).map((item) => `${item.type} ${item.id}`),
      ['workload shop/web[Deployment]', 'ingress-controller {ingress-controller}', 'gateway {gateway:infra/internal}', 'gateway {gateway:infra/public}'],
    );
    const answer = explainRequest(shop, { from: '{gateway:infra/public}', to: 'shop/web[Deployment]', port: 8080 });
    assert.match(answer.text, /routed by HTTPRoutes of Gateway infra\/public: TCP 8080/);
    assert.deepEqual(answer.allowed, [true]);
  });
});
