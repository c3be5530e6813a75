import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../src/model/build.ts';
import { parseSources } from '../src/source/parse.ts';
import { toSourceFiles } from './support/rule-tester.ts';

/** The typed model of manifests, as every rule reads it. */
const modelOf = (text: string) => buildModel(parseSources(toSourceFiles(text)));

describe('model of Services', () => {
  it('when targetPort is 0 or "", then it defaults to port as the API server does (SetDefaults_Service)', () => {
    const [service] = modelOf('apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n    - {port: 80, targetPort: 0}\n    - {port: 81, targetPort: ""}\n    - {port: 82, targetPort: 8082}\n').services;
    assert.deepEqual(
      service!.ports.map((p) => [p.targetPort, p.targetPortDefaulted]),
      [
        [80, true],
        [81, true],
        [8082, false],
      ],
    );
  });

  it('when nodePort is 0, then the port has no node port (the API server allocates one)', () => {
    const [service] = modelOf('apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 0}, {port: 81, nodePort: 30081}]\n').services;
    assert.deepEqual(service!.ports.map((p) => p.nodePort), [undefined, 30081]);
  });

  it('when address lists hold entries that are not strings, then each string entry keeps its own index in its path', () => {
    const [service] = modelOf(
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  clusterIPs: [1, 10.96.0.10]\n  externalIPs: [true, 203.0.113.10]\n  loadBalancerSourceRanges: [8, 10.0.0.0/8]\n',
    ).services;
    assert.deepEqual(service!.clusterIPs, [{ value: '10.96.0.10', path: ['spec', 'clusterIPs', 1] }]);
    assert.deepEqual(service!.externalIPs, [{ value: '203.0.113.10', path: ['spec', 'externalIPs', 1] }]);
    assert.deepEqual(service!.loadBalancerSourceRanges, [{ value: '10.0.0.0/8', path: ['spec', 'loadBalancerSourceRanges', 1] }]);
  });

  it('when loadBalancerSourceRanges entries are padded with white space, then they are trimmed as the API server trims them (strings.TrimSpace)', () => {
    const [service] = modelOf(
      'apiVersion: v1\nkind: Service\nmetadata: {name: lb}\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [" 10.0.0.0/8", "\\t\\u0085fd00::/8\\u3000 ", "\\ufeff192.168.0.0/16"]\n',
    ).services;
    // U+FEFF is not white space to Go (unicode.IsSpace), although JavaScript's trim() strips it.
    assert.deepEqual(
      service!.loadBalancerSourceRanges.map((e) => e.value),
      ['10.0.0.0/8', 'fd00::/8', '\ufeff192.168.0.0/16'],
    );
  });
});

describe('model of Ingresses and NetworkPolicies', () => {
  it('when tls hosts hold an entry that is not a string, then the other hosts keep their own index in their path', () => {
    const [ingress] = modelOf('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  tls: [{hosts: [123, a.example.com]}]\n').ingresses;
    assert.deepEqual(ingress!.tls[0]!.hosts, [{ value: 'a.example.com', path: ['spec', 'tls', 0, 'hosts', 1] }]);
  });

  it('when an ipBlock except holds an entry that is not a string, then the other blocks keep their own index in their path', () => {
    const [policy] = modelOf(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [16, 10.1.0.0/16]}}]}]\n',
    ).policies;
    const peer = policy!.ingress[0]!.peers![0]!;
    assert.equal(peer.type, 'ipBlock');
    assert.deepEqual(peer.type === 'ipBlock' && peer.except, [{ value: '10.1.0.0/16', path: ['spec', 'ingress', 0, 'from', 0, 'ipBlock', 'except', 1] }]);
  });
});

describe('model of workloads', () => {
  it('when a workload has a pod template, then labelsPath points at the template labels, and at metadata.labels for a bare Pod', () => {
    const model = modelOf(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n',
    );
    assert.deepEqual(
      model.workloads.map((w) => [w.kind, w.template.labelsPath]),
      [
        ['Pod', ['metadata', 'labels']],
        ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels']],
        ['Deployment', ['spec', 'template', 'metadata', 'labels']],
      ],
    );
  });

  it('when a Namespace or IngressClass declares a namespace, then it stays cluster-scoped while other kinds default theirs', () => {
    const model = modelOf(
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: x}\n---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n',
    );
    assert.deepEqual(
      model.objects.map((o) => [o.kind, o.namespace]),
      [
        ['Namespace', ''],
        ['IngressClass', ''],
        ['Service', 'default'],
      ],
    );
  });
});

describe('model of values the API server rejects', () => {
  it('when Service and container ports are outside 1-65535 or targetPort is a quoted number, then those fields are absent and targetPort is not defaulted', () => {
    const model = modelOf(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: x, ports: [{containerPort: 8080}, {containerPort: 70000}, {containerPort: 0}]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n    - {port: 80, targetPort: 65536}\n    - {port: -1}\n    - {port: 82, targetPort: "8080", nodePort: 70000}\n    - {port: 83, targetPort: http, nodePort: 30083}\n',
    );
    assert.deepEqual(model.workloads[0]!.template.containers[0]!.ports.map((p) => p.containerPort), [8080]);
    assert.deepEqual(
      model.services[0]!.ports.map((p) => [p.port, p.targetPort, p.targetPortDefaulted, p.nodePort]),
      [
        [80, undefined, false, undefined],
        [undefined, undefined, true, undefined],
        [82, undefined, false, undefined],
        [83, 'http', false, 30083],
      ],
    );
  });

  it('when a Service selector is a string or holds a map, number or boolean, then it has no selector and is marked selectorInvalid, unlike a Service without one or with a null value', () => {
    const service = (name: string, spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: ${spec}\n`;
    const model = modelOf(
      [
        service('a', '{selector: app=web}'),
        service('b', '{selector: {app: {name: web}}}'),
        service('c', '{}'),
        service('d', '{selector: {version: 2}}'),
        service('e', '{selector: {app: web, canary: true}}'),
        service('f', '{selector: {app: web, track: null}}'),
      ].join('---\n'),
    );
    assert.deepEqual(
      model.services.map((s) => [s.object.name, s.selector, s.selectorInvalid]),
      [
        ['a', undefined, true],
        ['b', undefined, true],
        ['c', undefined, false],
        ['d', undefined, true],
        ['e', undefined, true],
        // map[string]string decodes a JSON null value as "".
        ['f', { app: 'web', track: '' }, false],
      ],
    );
  });

  it('when matchLabels or a ReplicationController selector holds a number or boolean, then the selector is invalid (map[string]string), while a null value reads as ""', () => {
    const policy = (matchLabels: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {matchLabels: ${matchLabels}}\n`;
    const rc = 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r}\nspec:\n  selector: {app: web, version: 1.0}\n  template: {metadata: {labels: {app: web, version: "1.0"}}}\n';
    assert.deepEqual(
      ['{version: 1.0}', '{canary: true}', '{app: web, track: null}', '{app: web}'].map((labels) => modelOf(policy(labels)).policies[0]!.podSelector.invalid ?? false),
      [true, true, false, false],
    );
    assert.deepEqual(modelOf(policy('{app: web, track: null}')).policies[0]!.podSelector.matchLabels, { app: 'web', track: '' });
    assert.equal(modelOf(rc).workloads[0]!.selector?.invalid, true);
  });

  it('when a label selector has an unknown operator, In without values, Exists with values or an entry without key, then it is marked invalid', () => {
    const selectors = ['{key: a, operator: Equals, values: [x]}', '{key: a, operator: In, values: []}', '{key: a, operator: Exists, values: [x]}', '{operator: Exists}', '{key: a, operator: NotIn, values: [x]}'];
    const model = modelOf(
      selectors.map((expression, i) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${i}}\nspec:\n  podSelector: {matchExpressions: [${expression}]}\n`).join('---\n'),
    );
    assert.deepEqual(
      model.policies.map((p) => p.podSelector.invalid ?? false),
      [true, true, true, true, false],
    );
  });

  it('when matchExpressions values hold a number or boolean, then the selector is invalid (values is []string), while a null item reads as ""', () => {
    const policy = (values: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {matchExpressions: [{key: a, operator: In, values: ${values}}]}\n`;
    const [numbers] = modelOf(policy('[1.0, "x", true]')).policies;
    assert.equal(numbers!.podSelector.invalid, true);
    const [nulls] = modelOf(policy('[null, "x"]')).policies;
    assert.equal(nulls!.podSelector.invalid, undefined);
    assert.deepEqual(nulls!.podSelector.matchExpressions[0]!.values, ['', 'x']);
  });

  it('when an Ingress backend names an empty or non-DNS-1035 Service, or a port outside 1-65535 or a quoted number, then those are absent', () => {
    const [ingress] = modelOf(
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n    - http:\n        paths:\n          - {path: /, backend: {service: {name: "", port: {number: 80}}}}\n          - {path: /a, backend: {service: {name: Web, port: {number: 70000}}}}\n          - {path: /b, backend: {service: {name: web, port: {name: "8080"}}}}\n          - {path: /c, backend: {service: {name: web, port: {name: http}}}}\n',
    ).ingresses;
    assert.deepEqual(
      ingress!.backends.map((b) => [b.serviceName, b.port]),
      [
        [undefined, 80],
        [undefined, undefined],
        ['web', undefined],
        ['web', 'http'],
      ],
    );
  });
});

describe('model of Ingresses of the removed v1beta1 versions', () => {
  it('when an extensions/v1beta1 or networking.k8s.io/v1beta1 Ingress names serviceName and servicePort, then its backends are read at those fields, spec.backend as the default', () => {
    const model = modelOf(
      'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: old}\nspec:\n  backend: {serviceName: web, servicePort: 80}\n  rules:\n    - host: a.example\n      http:\n        paths:\n          - {path: /, backend: {serviceName: api, servicePort: http}}\n          - {path: /x, backend: {serviceName: Api, servicePort: "8080"}}\n---\napiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: mid}\nspec:\n  rules:\n    - http:\n        paths:\n          - {backend: {serviceName: db, servicePort: 70000}}\n',
    );
    assert.deepEqual(
      model.ingresses.flatMap((i) => i.backends.map((b) => [i.object.name, b.serviceName, b.port, b.isDefault, b.legacy, b.namePath.join('.'), b.portPath?.join('.')])),
      [
        ['old', 'web', 80, true, true, 'spec.backend.serviceName', 'spec.backend.servicePort'],
        ['old', 'api', 'http', false, true, 'spec.rules.0.http.paths.0.backend.serviceName', 'spec.rules.0.http.paths.0.backend.servicePort'],
        ['old', undefined, undefined, false, true, 'spec.rules.0.http.paths.1.backend.serviceName', undefined],
        ['mid', 'db', undefined, false, true, 'spec.rules.0.http.paths.0.backend.serviceName', undefined],
      ],
    );
  });

  it('when a networking.k8s.io/v1 Ingress writes the v1beta1 fields, then they are not read (the API server drops unknown fields)', () => {
    const [ingress] = modelOf('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  backend: {serviceName: web, servicePort: 80}\n  rules:\n    - http: {paths: [{path: /, pathType: Prefix, backend: {serviceName: web, servicePort: 80}}]}\n').ingresses;
    assert.deepEqual(ingress!.backends.map((b) => [b.serviceName, b.port, b.legacy]), [[undefined, undefined, undefined]]);
  });
});

describe('model of containers', () => {
  it('when an init container has restartPolicy: Always, then it is modelled with it (a sidecar)', () => {
    const [workload] = modelOf(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - {name: proxy, image: envoy, restartPolicy: Always}\n    - {name: setup, image: x}\n  containers: [{name: c, image: x}]\n',
    ).workloads;
    assert.deepEqual(
      workload!.template.containers.map((c) => [c.name, c.init, c.restartPolicy]),
      [
        ['c', false, undefined],
        ['proxy', true, 'Always'],
        ['setup', true, undefined],
      ],
    );
  });
});

describe('model of documents without apiVersion or kind', () => {
  it('when a document has a kind the tool reads but no apiVersion, or metadata and only one of the two, then it is an incomplete object counted as skipped', () => {
    const model = modelOf(
      'kind: Service\nspec: {ports: [{port: 80}]}\n---\napiVersion: v1\nmetadata: {name: x}\n---\nkind: Certificate\nmetadata: {name: c}\n---\napiVersion: v1\nkind: List\nitems:\n  - {kind: Deployment, metadata: {name: d}}\n',
    );
    assert.deepEqual(
      model.incompleteObjects.map((o) => [o.kind, o.apiVersion, o.path]),
      [
        ['Service', undefined, []],
        [undefined, 'v1', []],
        ['Certificate', undefined, []],
        ['Deployment', undefined, ['items', 0]],
      ],
    );
    assert.deepEqual([model.objects.length, model.skippedObjects, model.nonKubernetesDocuments], [0, 4, 0]);
  });

  it('when documents are a Helm Chart.yaml, a Kustomization without apiVersion and a values file, then they are not Kubernetes, while a Deployment whose apiVersion is a number is incomplete', () => {
    const model = modelOf('apiVersion: v2\nname: shop\nversion: 1.0.0\n---\nkind: Kustomization\nresources: [a.yaml]\n---\nkind: Deployment\napiVersion: 3\n---\nreplicas: 2\n');
    assert.deepEqual(model.incompleteObjects.map((o) => o.kind), ['Deployment']);
    assert.equal(model.nonKubernetesDocuments, 3);
  });

  it('when a kind is the name of an Object.prototype member, then the model reads it as an unknown kind without failing', () => {
    const model = modelOf('apiVersion: v1\nkind: constructor\nmetadata: {name: x}\n---\nkind: toString\nmetadata: {name: y}\n');
    assert.equal(model.skippedObjects, 2);
    assert.deepEqual(model.incompleteObjects.map((o) => o.kind), ['toString']);
  });

  it('when objects are of kinds the model does not read, then each is kept with its kind, apiVersion, namespace, name and path, and still counted as skipped', () => {
    const model = modelOf(
      'apiVersion: example.com/v1\nkind: Monitor\nmetadata: {name: k8s, namespace: monitoring}\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: example.com/v1\n    kind: Service\n    metadata: {generateName: hello-}\n',
    );
    assert.equal(model.skippedObjects, 2);
    assert.deepEqual(
      model.unmodelledObjects.map((o) => [o.kind, o.apiVersion, o.namespace, o.namespaceDefaulted, o.name, o.path]),
      [
        ['Monitor', 'example.com/v1', 'monitoring', false, 'k8s', []],
        ['Service', 'example.com/v1', 'default', true, 'hello-', ['items', 0]],
      ],
    );
  });
});

describe('model of typed lists as the API server returns them', () => {
  const podList = `{
  "kind": "PodList",
  "apiVersion": "v1",
  "metadata": {"resourceVersion": "1"},
  "items": [
    {"metadata": {"name": "web-1", "namespace": "shop", "labels": {"app": "web"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}},
    {"kind": "Pod", "metadata": {"name": "web-2", "namespace": "shop"}, "spec": {"containers": []}}
  ]
}
`;

  it('when the items of a PodList write no kind and apiVersion (or only the kind), then they are Pods of v1 at their own path, with the list as listPath', () => {
    const model = modelOf(podList);
    assert.deepEqual(
      model.objects.map((o) => [o.kind, o.apiVersion, o.name, o.path, o.listPath]),
      [
        ['Pod', 'v1', 'web-1', ['items', 0], []],
        ['Pod', 'v1', 'web-2', ['items', 1], []],
      ],
    );
    assert.deepEqual(model.workloads.map((w) => w.template.labels), [{ app: 'web' }, {}]);
    assert.deepEqual([model.skippedObjects, model.nonKubernetesDocuments], [0, 0]);
  });

  it('when a DeploymentList of apps/v1 holds an item without type, then it is a Deployment of apps/v1; items that write their own type keep it', () => {
    const model = modelOf(
      'apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - metadata: {name: a}\n    spec: {selector: {matchLabels: {app: a}}, template: {metadata: {labels: {app: a}}}}\n  - {apiVersion: v1, kind: Service, metadata: {name: s}}\n',
    );
    assert.deepEqual(
      model.objects.map((o) => [o.kind, o.apiVersion, o.name, o.listPath]),
      [
        ['Deployment', 'apps/v1', 'a', []],
        ['Service', 'v1', 's', undefined],
      ],
    );
  });

  it('when an item of a typed list writes another kind without apiVersion, or a plain List item writes no apiVersion, then it is an incomplete object, not one of the list type', () => {
    const model = modelOf('apiVersion: v1\nkind: PodList\nitems:\n  - {kind: Service, metadata: {name: s}}\n---\napiVersion: v1\nkind: List\nitems:\n  - {metadata: {name: x}}\n');
    assert.deepEqual(model.objects, []);
    assert.deepEqual(model.incompleteObjects.map((o) => [o.kind, o.path]), [['Service', ['items', 0]]]);
    assert.equal(model.nonKubernetesDocuments, 1);
  });

  it('when the items of a list of a custom resource write no type, then they are counted as skipped objects of that kind', () => {
    const model = modelOf('apiVersion: example.com/v1\nkind: WidgetList\nitems:\n  - metadata: {name: a, namespace: shop}\n  - metadata: {name: b, namespace: shop}\n');
    assert.deepEqual([model.objects.length, model.skippedObjects, model.nonKubernetesDocuments], [0, 2, 0]);
  });
});
