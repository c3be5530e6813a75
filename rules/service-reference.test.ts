import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positionAt } from '../src/source/text.ts';
import { exportedDeployment } from '../test/support/exported-state.ts';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule } from './service-reference.ts';

/** A Deployment `name` in `namespace` with one container; `extra` adds container fields (env, args, envFrom). */
const deployment = (name: string, namespace: string, extra = '', ports = '[{name: main, containerPort: 8080}]') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
          image: x
          ports: ${ports}
${extra}`;
const service = (name: string, namespace: string, ports = '[{port: 80, targetPort: 8080}]') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {app: ${name}}\n  ports: ${ports}\n`;
const env = (value: string) => `          env:\n            - name: TARGET\n              value: ${value}\n`;
const docs = (...parts: string[]) => parts.join('---\n');
const backend = docs(deployment('db', 'data', '', '[{name: pg, containerPort: 5432}]'), service('db', 'data', '[{port: 5432, targetPort: pg}]'));
const denyDb = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: data}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}}]\n';

testRule(rule, {
  valid: [
    { name: 'an env value names an existing Service and port', manifests: { 'db.yaml': backend, 'api.yaml': deployment('api', 'shop', env('postgres://u@db.data.svc.cluster.local:5432/x')) } },
    { name: 'a bare word names no Service', manifests: deployment('api', 'shop', '          args: [--mode, redis]\n') },
    { name: 'a namespaced name in a namespace outside the tree', manifests: deployment('api', 'shop', env('kube-dns.kube-system.svc:53')) },
    {
      name: 'the tree holds objects in default and kube-system, and values name the API server and kube-dns Services, which every cluster has',
      manifests: {
        'api.yaml': deployment('api', 'default', env('https://kubernetes.default.svc:443') + '            - {name: DNS, value: "kube-dns.kube-system.svc.cluster.local:53"}\n'),
        'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: kube-system}\n',
      },
    },
    {
      name: 'cluster.dns names a DNS Service, and a value names it in a namespace the tree holds',
      manifests: { 'api.yaml': deployment('api', 'dns', env('coredns.dns:53')) },
      config: { cluster: { dns: [{ namespace: 'dns', podLabels: { app: 'coredns' }, service: 'coredns' }] } },
    },
    { name: 'the policies allow the connection', manifests: { 'db.yaml': backend, 'api.yaml': deployment('api', 'data', env('db:5432')) } },
    { name: 'a workload names its own Service', manifests: docs(deployment('db', 'data', '          args: [--advertise, db.data:5432]\n', '[{containerPort: 5432}]'), service('db', 'data', '[{port: 5432}]'), denyDb) },
    {
      name: 'an exported Deployment, its ReplicaSet and Pods name their own Service, which admits no one',
      manifests: docs(
        exportedDeployment({ name: 'db', namespace: 'data', container: '{name: main, image: x, ports: [{containerPort: 5432}], args: [--advertise, "db.data:5432"]}' }),
        service('db', 'data', '[{port: 5432}]'),
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: data}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: []\n',
      ),
    },
    { name: 'an external domain', manifests: deployment('api', 'shop', env('https://api.example.com/v1')) },
    {
      name: 'a connection string names the Service CloudNativePG creates for a Cluster of that namespace (<cluster>-rw)',
      manifests: { 'db.yaml': docs(backend, 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: pg, namespace: data}\nspec: {instances: 3}\n'), 'api.yaml': deployment('api', 'shop', env('postgres://u@pg-rw.data.svc:5432/app')) },
    },
  ],
  invalid: [
    {
      name: 'an exported Deployment, its ReplicaSet and Pods name a Service they may not reach (one finding, at the Deployment)',
      manifests: {
        'db.yaml': docs(backend, denyDb),
        'api.yaml': exportedDeployment({ name: 'api', container: '{name: main, image: x, env: [{name: TARGET, value: "db.data:5432"}]}' }),
      },
      errors: [{ messageId: 'blocked', line: 8, file: 'api.yaml', includes: 'Deployment "api" may not reach Service "db"' }],
    },
    {
      name: 'a value names a Service in default that is not the API server\'s',
      manifests: deployment('api', 'default', env('https://kubernetes-dashboard.default.svc:443')),
      errors: [{ messageId: 'unknownService', line: 15, includes: 'Service "kubernetes-dashboard" in namespace "default"' }],
    },
    {
      name: 'a connection string names a Service the CloudNativePG Cluster of that namespace does not create (a typo of <cluster>-rw)',
      manifests: { 'db.yaml': docs(backend, 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: pg, namespace: data}\nspec: {instances: 3}\n'), 'api.yaml': deployment('api', 'shop', env('postgres://u@pg-rx.data.svc:5432/app')) },
      errors: [{ messageId: 'unknownService', line: 15, file: 'api.yaml', includes: 'Service "pg-rx" in namespace "data", which is not in the linted files; Cluster "pg" there may create it; fix the name' }],
    },
    {
      name: 'a namespaced name in a namespace of the tree names no Service',
      manifests: { 'db.yaml': backend, 'api.yaml': deployment('api', 'shop', env('redis.data:6379')) },
      errors: [{ messageId: 'unknownService', line: 15, column: 22, file: 'api.yaml', includes: 'Service "redis" in namespace "data"' }],
    },
    {
      name: 'an explicit port is not a port of the Service',
      manifests: { 'db.yaml': backend, 'api.yaml': deployment('api', 'shop', env('"db.data.svc:5433"')) },
      errors: [{ messageId: 'unknownPort', line: 15, column: 23, file: 'api.yaml', includes: 'port 5433 of Service "db"' }],
    },
    {
      name: "a URL's default port is not a port of the Service",
      manifests: { 'db.yaml': backend, 'api.yaml': deployment('api', 'shop', env('http://db.data/health')) },
      errors: [{ messageId: 'unknownPort', line: 15, column: 29, file: 'api.yaml', includes: 'port 80 (the default port of http)' }],
    },
    {
      name: 'the ingress policies of the Service pods refuse the client',
      manifests: { 'db.yaml': docs(backend, denyDb), 'api.yaml': deployment('api', 'shop', '          args:\n            - --db=db.data:5432\n') },
      errors: [{ messageId: 'blocked', line: 14, column: 20, file: 'api.yaml', includes: 'Deployment "api" may not reach Service "db" ("db.data:5432") on TCP 5432' }],
    },
    {
      name: 'a ConfigMap used through envFrom names a Service the client may not reach',
      manifests: {
        'db.yaml': docs(backend, denyDb),
        'api.yaml': docs(
          deployment('api', 'shop', '          envFrom:\n            - configMapRef: {name: api-config}\n'),
          'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api-config, namespace: shop}\ndata:\n  DATABASE_URL: postgres://db.data:5432/app\n  CACHE: cache.data:6379\n',
        ),
      },
      errors: [
        { messageId: 'blocked', line: 20, column: 28, file: 'api.yaml', includes: 'the ingress of the Service\'s pods is isolated by NetworkPolicy "db"' },
        { messageId: 'unknownService', line: 21, column: 10, file: 'api.yaml' },
      ],
    },
  ],
});

describe('service-reference: ConfigMap users and related locations', () => {
  it('when a ConfigMap key is read through configMapKeyRef, then only that key is checked against the reader', () => {
    const manifests = {
      'db.yaml': docs(backend, denyDb),
      'api.yaml': docs(
        deployment('api', 'shop', '          env:\n            - name: DB\n              valueFrom: {configMapKeyRef: {name: cfg, key: db}}\n'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\ndata:\n  db: db.data:5432\n  other: db.data:5432\n',
      ),
    };
    const found = runRule(rule, manifests).map((d) => `${positionAt(d.file, d.span.start).line} ${d.messageId} ${d.related.map((r) => r.message).join(' | ')}`);
    assert.deepEqual(found, ['21 blocked NetworkPolicy "db" in namespace "data" isolates the Service\'s pods for ingress and allows no such connection | Service "db" in namespace "data"']);
  });

  it('when ConfigMaps are mounted as volumes, then items limit the keys read and projected volumes read every key', () => {
    const volumes = '      volumes:\n        - name: a\n          configMap: {name: a, items: [{key: db, path: db.txt}]}\n        - name: b\n          projected: {sources: [{configMap: {name: b}}]}\n';
    const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: shop}\ndata:\n  db: db.data:5432\n  other: db.data:5432\n`;
    const manifests = { 'db.yaml': docs(backend, denyDb), 'api.yaml': docs(deployment('api', 'shop', volumes), configMap('a'), configMap('b')) };
    const found = runRule(rule, manifests).map((d) => `${d.file.path}:${positionAt(d.file, d.span.start).line}`);
    assert.deepEqual(found, ['api.yaml:23', 'api.yaml:30', 'api.yaml:31']);
  });
});
