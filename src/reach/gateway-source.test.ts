import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../app/config.ts';
import { viewsOf } from '../model/kinds/define.ts';
import { GATEWAY_KIND } from '../model/kinds/gateway-api.ts';
import { dataPlaneOf, describeDataPlane } from '../semantics/gateway-data-plane.ts';
import { modelOf } from '../../test/support/netpol-world.ts';
import { evaluateAssertions } from '../semantics/assertions.ts';
import { explainPairs, explainText, resolveEndpoints } from './explain.ts';
import { parseNodeQuery, type NodeQuery } from './filter.ts';
import { buildMatrix } from './matrix.ts';

/** The Gateway's data plane as a source of `reach`, `explain` and assertions (issue 9). */

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: main, image: x, ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9090}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}, {name: admin, port: 90, targetPort: admin}]
`;
const gateway = (className: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: infra}\nspec:\n  gatewayClassName: ${className}\n  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]\n`;
const gatewayClass = (name: string, controller: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: ${name}}\nspec: {controllerName: ${controller}}\n`;
const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: shop}\nspec:\n  parentRefs: [{name: public, namespace: infra}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]\n';
const allowAll = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: all, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{}]\n';
const tree = (...docs: string[]) => modelOf(docs.join('---\n'));
const query = (text: string) => parseNodeQuery(text) as NodeQuery;

describe('a Gateway as a source', () => {
  it('when {gateway:NS/NAME} and {gateway} are parsed, then they name Gateways; a malformed one is an error', () => {
    assert.deepEqual(parseNodeQuery('{gateway:shop/public}'), { type: 'gateway', namespace: 'shop', name: 'public' });
    assert.deepEqual(parseNodeQuery('{gateway}'), { type: 'gateway' });
    assert.ok('error' in parseNodeQuery('{gateway:shop}'));
    assert.ok('error' in parseNodeQuery('{gateway:Shop/x}'));
  });

  it('when the matrix is built, then the Gateway is a node that reaches only the routed port, and nothing reaches it', () => {
    const matrix = buildMatrix(tree(web, gateway('istio'), route, allowAll));
    const ids = matrix.nodes.map((n) => n.id);
    assert.deepEqual(ids.slice(0, 2), ['{gateway:infra/public}', 'shop/web[Deployment]']);
    assert.equal(matrix.conn(0, 1).toString(), 'TCP 8080');
    assert.ok(matrix.conn(1, 0).isEmpty());
  });

  it('when the data plane runs nowhere known, then it is unknown and only rules admitting every in-cluster pod admit it', () => {
    const model = tree(web, gateway('acme'), route, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: some, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: edge}}}]}]\n');
    const plane = dataPlaneOf(model, viewsOf(model, GATEWAY_KIND)[0]!);
    assert.equal(plane.certainty, 'unknown');
    assert.match(describeDataPlane(plane), /its class "acme" is not in the linted files/);
    assert.equal(buildMatrix(model).conn(0, 1).toString(), 'none');
  });

  it('when the class is Envoy Gateway, then the data plane is assumed in envoy-gateway-system with its owning-gateway labels, or in the Gateway namespace', () => {
    const model = tree(web, gateway('eg'), gatewayClass('eg', 'gateway.envoyproxy.io/gatewayclass-controller'), route);
    const plane = dataPlaneOf(model, viewsOf(model, GATEWAY_KIND)[0]!);
    assert.equal(plane.certainty, 'assumed');
    assert.match(describeDataPlane(plane), /Envoy Gateway's data plane in namespace "envoy-gateway-system" with pods .*gateway\.envoyproxy\.io\/owning-gateway-name=public/);
  });

  it('when cluster.gateways names the class, then {name} and {namespace} are the Gateway\'s', () => {
    const model = modelOf([web, gateway('eg'), route].join('---\n'), { gateways: [{ className: 'eg', namespace: 'edge', podLabels: { gw: '{namespace}-{name}' } }] });
    const plane = dataPlaneOf(model, viewsOf(model, GATEWAY_KIND)[0]!);
    assert.equal(describeDataPlane(plane), 'namespace "edge", pods gw=infra-public (cluster.gateways)');
  });

  it('when explain asks from the Gateway, then it names the data plane and the listener, route rule and backendRef that route there', () => {
    const model = tree(web, gateway('istio'), route, allowAll);
    const text = explainText(explainPairs(model, resolveEndpoints(model, query('{gateway:infra/public}')), resolveEndpoints(model, query('shop/web')), { port: 9090 }));
    assert.match(text, /TCP 9090: DENIED\n {2}data plane: assumed: Istio's data plane in namespace "infra"/);
    assert.match(text, /routed by HTTPRoutes of Gateway infra\/public: TCP 8080\n {4}listener "http" \(80\/HTTP\) \(manifest\.yaml:\d+\) of Gateway infra\/public -> HTTPRoute shop\/web rules\[0\] \(manifest\.yaml:\d+\) -> Service shop\/web port 80 -> TCP 8080/);
  });

  it('when an assertion names a Gateway, then its data plane is the endpoint', () => {
    const model = tree(web, gateway('istio'), route, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: none, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n');
    const results = evaluateAssertions(model, resolveConfig({ assertions: [{ name: 'gw', from: { gateway: 'infra/public' }, to: { namespace: 'shop' }, port: 8080, expect: 'allow' }] }));
    assert.equal(results[0]!.status, 'fail');
    assert.match(results[0]!.detail, /^\{gateway:infra\/public\} \(Istio's data plane in namespace "infra"/);
  });
});

describe('routes attached to a ListenerSet', () => {
  const allowing = (from: string) => gateway('istio').replace('spec:\n', `spec:\n  allowedListeners: {namespaces: {from: ${from}}}\n`);
  const listenerSet = 'apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata: {name: team, namespace: shop}\nspec:\n  parentRef: {name: public, namespace: infra}\n  listeners: [{name: team, port: 8000, protocol: HTTP}]\n';
  const routeToSet = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: shop}\nspec:\n  parentRefs: [{kind: ListenerSet, name: team}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]\n';

  it("when the Gateway accepts the ListenerSet, then its routes carry the Gateway's traffic and explain names the ListenerSet's listener", () => {
    const model = tree(web, allowing('All'), listenerSet, routeToSet, allowAll);
    const matrix = buildMatrix(model);
    assert.equal(matrix.nodes[0]!.id, '{gateway:infra/public}');
    assert.equal(matrix.conn(0, 1).toString(), 'TCP 8080');
    const text = explainText(explainPairs(model, resolveEndpoints(model, query('{gateway:infra/public}')), resolveEndpoints(model, query('shop/web')), { port: 8080 }));
    assert.match(text, /listener "team" \(8000\/HTTP\) of ListenerSet shop\/team \(manifest\.yaml:\d+\) of Gateway infra\/public -> HTTPRoute shop\/web/);
  });

  it('when the Gateway accepts no ListenerSet (allowedListeners defaults to from: None), then nothing is routed through it', () => {
    const model = tree(web, gateway('istio'), listenerSet, routeToSet, allowAll);
    assert.equal(buildMatrix(model).conn(0, 1).toString(), 'none');
    const refused = tree(web, allowing('Same'), listenerSet, routeToSet, allowAll);
    assert.equal(buildMatrix(refused).conn(0, 1).toString(), 'none');
  });

  it("when the ListenerSet's listener conflicts with one of the Gateway's, then routes attached to it are not routed", () => {
    const conflicting = listenerSet.replace('port: 8000', 'port: 80');
    assert.equal(buildMatrix(tree(web, allowing('All'), conflicting, routeToSet, allowAll)).conn(0, 1).toString(), 'none');
  });
});
