import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../src/model/build.ts';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { groupOf, viewsOf } from '../src/model/kinds/define.ts';
import { ROUTE_KIND } from '../src/model/kinds/route.ts';
import { rule as schemaRule } from '../rules/schema.ts';
import { KIND_MODULES, kindModuleOf, miscasedKind, suggestedApiVersion } from '../src/model/kinds/index.ts';
import { parseSources } from '../src/source/parse.ts';
import { toSourceFiles } from './support/rule-tester.ts';

const modelOf = (text: string) => buildModel(parseSources(toSourceFiles(text)));

describe('kind modules', () => {
  it('when a module has a schema, then every apiVersion its schema accepts is in a group the module is served in', () => {
    for (const module of KIND_MODULES) {
      for (const apiVersion of module.schema?.properties.apiVersion.enum ?? []) {
        assert.ok(module.groups.includes(groupOf(apiVersion)), `${module.kind}: ${apiVersion} is outside ${module.groups.join(', ')}`);
      }
    }
  });

  it('when two modules share a kind name, then they are served in different groups (the lookup is by kind and group)', () => {
    const seen = new Set<string>();
    for (const module of KIND_MODULES) {
      for (const group of module.groups) {
        const key = `${module.kind}.${group}`;
        assert.ok(!seen.has(key), `${key} is read by two modules`);
        seen.add(key);
      }
    }
  });

  it('when a module is registered, then it reads a typed view (rules never read raw paths of it)', () => {
    for (const module of KIND_MODULES) assert.ok(module.read, `${module.kind} has no read`);
  });

  it('when the same kind name is in another group, then only a module of that group reads it (Knative Service: none; Calico NetworkPolicy: its own)', () => {
    assert.equal(kindModuleOf('Service', 'serving.knative.dev/v1'), undefined);
    assert.equal(kindModuleOf('NetworkPolicy', 'crd.antrea.io/v1beta1'), undefined);
    assert.deepEqual(kindModuleOf('NetworkPolicy', 'projectcalico.org/v3')?.groups, ['projectcalico.org', 'crd.projectcalico.org']);
    assert.equal(kindModuleOf('NetworkPolicy', 'networking.k8s.io/v1')?.list, 'policies');
    assert.equal(kindModuleOf('Service', 'v1')?.kind, 'Service');
    assert.equal(kindModuleOf('Deployment', 'extensions/v1beta1')?.kind, 'Deployment');
  });

  it('when a kind is written in another case in its own group, then the known spelling is named', () => {
    assert.equal(miscasedKind('service', 'v1'), 'Service');
    assert.equal(miscasedKind('networkpolicy', 'networking.k8s.io/v1'), 'NetworkPolicy');
    // Two modules share the name NetworkPolicy: the groups of both count.
    assert.equal(miscasedKind('networkPolicy', 'crd.projectcalico.org/v1'), 'NetworkPolicy');
    assert.equal(miscasedKind('networkpolicy', 'crd.antrea.io/v1beta1'), undefined);
    assert.equal(miscasedKind('service', 'serving.knative.dev/v1'), undefined);
    assert.equal(miscasedKind('Service', 'v1'), undefined);
  });

  it('when an object omits apiVersion, then the suggested one is the first its schema serves, or the module one', () => {
    assert.equal(suggestedApiVersion('Deployment'), 'apps/v1');
    assert.equal(suggestedApiVersion('ConfigMap'), 'v1');
    assert.equal(suggestedApiVersion('NoSuchKind'), undefined);
  });

  it('when a cluster-scoped kind declares a namespace, then the model reads it without one', () => {
    const model = modelOf('apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx, namespace: web}\nspec: {controller: k8s.io/ingress-nginx}\n');
    assert.equal(model.ingressClasses[0]!.object.namespace, '');
    assert.equal(model.objects[0]!.namespaceDefaulted, false);
  });

  it('when the core kinds are read, then each view lands in its model list and no module view is left over', () => {
    const model = modelOf(
      [
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
        'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80}]}',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}}}',
        'apiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: shop}',
      ].join('\n---\n'),
    );
    assert.equal(model.services.length, 1);
    assert.equal(model.workloads.length, 1);
    assert.equal(model.secrets.length, 1);
    assert.equal(model.namespaces.get('shop')?.assumed, false);
    assert.equal(model.views.size, 0);
  });
});

describe('the Route kind (route.openshift.io/v1)', () => {
  const route = `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec:
  host: shop.example.com
  path: /api
  to: {kind: Service, name: web, weight: 90}
  alternateBackends: [{name: web-canary, weight: 10}]
  port: {targetPort: http}
  tls: {termination: reencrypt, insecureEdgeTerminationPolicy: Redirect, certificate: "-----BEGIN", destinationCACertificate: ""}
  wildcardPolicy: None
`;

  it('when a Route is read, then its view has the backends (kind defaulted to Service), targetPort, tls fields and host', () => {
    const [view] = viewsOf(modelOf(route), ROUTE_KIND);
    assert.ok(view);
    assert.equal(view.host, 'shop.example.com');
    assert.equal(view.httpPath, '/api');
    assert.deepEqual(view.backends.map((b) => [b.kind, b.name, b.weight]), [['Service', 'web', 90], ['Service', 'web-canary', 10]]);
    assert.deepEqual(view.alternateBackends[0]!.namePath, ['spec', 'alternateBackends', 0, 'name']);
    assert.equal(view.targetPort, 'http');
    assert.equal(view.tls?.termination, 'reencrypt');
    assert.equal(view.tls?.insecureEdgeTerminationPolicy, 'Redirect');
    assert.deepEqual([view.tls?.certificate, view.tls?.key, view.tls?.destinationCACertificate], [true, false, false]);
    assert.equal(view.wildcardPolicy, 'None');
  });

  it('when a Route is in the tree, then it is a modelled object, not an unmodelled routing object', () => {
    const model = modelOf(route);
    assert.equal(model.unmodelledObjects.length, 0);
    assert.equal(kindModuleOf('Route', 'route.openshift.io/v1'), ROUTE_KIND);
  });

  it('when a Route breaks the CRD rules, then the schema rule reports each at its field', () => {
    const text = route.replace('termination: reencrypt, insecureEdgeTerminationPolicy: Redirect', 'termination: passthrough, insecureEdgeTerminationPolicy: Allow').replace('path: /api', 'path: api');
    const found = analyze({ files: toSourceFiles(text), config: DEFAULT_CONFIG, rules: [schemaRule] }).diagnostics.map((d) => d.message);
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(found.join('\n'), /spec\.path must start with '\/'/);
    assert.match(found.join('\n'), /insecureEdgeTerminationPolicy cannot be Allow with termination passthrough/);
  });
});
