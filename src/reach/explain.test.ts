import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCidrOrAddress } from '../semantics/address-range.ts';
import { modelOf } from '../../test/support/netpol-world.ts';
import { explainPairs, explainText, resolveEndpoints } from './explain.ts';
import { filterView, parseNodeQuery, type NodeQuery } from './filter.ts';
import { buildMatrix } from './matrix.ts';
import { reachReport } from '../app/reach-report.ts';
import { graphSection } from '../action/graph.ts';

const model = modelOf(
  [
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: node}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {hostNetwork: true, containers: [{name: c, image: i}]}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: node}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]\n',
  ].join('---\n'),
);
const query = (text: string) => parseNodeQuery(text) as NodeQuery;

describe('resolveEndpoints', () => {
  it('when a CIDR is asked for explain, then it is one endpoint as given; for assertions, the pieces ipBlocks tell apart', () => {
    const cidr = { type: 'external', range: parseCidrOrAddress('0.0.0.0/0')! } as const;
    assert.deepEqual(resolveEndpoints(model, cidr).map((e) => e.name), ['0.0.0.0-255.255.255.255']);
    assert.deepEqual(resolveEndpoints(model, cidr, { cutRanges: true }).map((e) => e.name), ['0.0.0.0-9.255.255.255', '10.0.0.0-10.255.255.255', '11.0.0.0-255.255.255.255']);
    assert.deepEqual(resolveEndpoints(model, query('8.8.8.8')).map((e) => e.name), ['8.8.8.8']);
  });
  it('when `external` is asked without a range, then it is every external node of the matrix (the address space cut by the ipBlocks), as reach --from external', () => {
    const matrix = buildMatrix(model);
    const reachExternal = filterView({ nodes: matrix.nodes, edges: matrix.edges() }, { from: [query('external')], to: [query('shop/web')] }).nodes.filter((n) => n.type === 'external');
    assert.deepEqual(resolveEndpoints(model, query('external')).map((e) => e.name), reachExternal.map((n) => n.id));
    assert.deepEqual(reachExternal.map((n) => n.id).slice(0, 3), ['0.0.0.0-9.255.255.255', '10.0.0.0-10.255.255.255', '11.0.0.0-255.255.255.255']);
    const verdicts = explainPairs(model, resolveEndpoints(model, query('external')), resolveEndpoints(model, query('shop/web')), { port: 80 }).map((e) => [e.from, e.verdict.allowed]);
    assert.deepEqual(verdicts.slice(0, 3), [['0.0.0.0-9.255.255.255', false], ['10.0.0.0-10.255.255.255', true], ['11.0.0.0-255.255.255.255', false]]);
  });
  it('when a node query is empty or blank, then it is an error rather than a selector matching every workload', () => {
    for (const text of ['', '  ']) assert.match((parseNodeQuery(text) as { error: string }).error, /^is empty/);
    assert.deepEqual(parseNodeQuery('*/'), { type: 'workload', selector: { matchLabels: {}, matchExpressions: [] } });
  });
  it('when labels match no workload, then explain stands in a pod for them and assertions find nothing', () => {
    assert.deepEqual(resolveEndpoints(model, query('kube-system/k8s-app=kube-dns')).map((e) => e.name), ['kube-system/{k8s-app=kube-dns} (a pod not in the manifests)']);
    assert.deepEqual(resolveEndpoints(model, query('kube-system/k8s-app=kube-dns'), { podsOutsideTree: false }), []);
  });
});

describe('explainText', () => {
  it('when a default deny selects a host-network pod, then the connection is allowed and says no NetworkPolicy applies to it', () => {
    const text = explainText(explainPairs(model, resolveEndpoints(model, query('shop/web')), resolveEndpoints(model, query('node/agent')), { port: 9100 }));
    assert.match(text, /^shop\/web\[Deployment\] -> node\/agent\[DaemonSet\], TCP 9100: ALLOWED$/m);
    assert.match(text, /ingress of node\/agent\[DaemonSet\]: allowed \(no NetworkPolicy applies: a host-network pod\)/);
  });
});

describe('explain from the ingress controller', () => {
  const routed = modelOf(
    [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 8080}, {containerPort: 9090}]}]}\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n',
    ].join('---\n'),
  );
  const explain = (q: { port?: number }) => explainPairs(routed, resolveEndpoints(routed, { type: 'ingress-controller' }), resolveEndpoints(routed, query('shop/web')), q)[0]!;

  it('when no policy restricts the pods, then the controller reaches only the ports Ingresses route to, as reach draws it', () => {
    const any = explain({});
    assert.equal(String(any.verdict.connections), 'TCP 8080');
    assert.equal(String(any.routed), 'TCP 8080');
    const matrix = buildMatrix(routed);
    assert.deepEqual(matrix.edges().filter((e) => e.from === 0).map((e) => String(e.conn)), ['TCP 8080'], 'the {ingress-controller} node is first');
    assert.equal(explain({ port: 8080 }).verdict.allowed, true);
    const other = explain({ port: 9090 });
    assert.equal(other.verdict.allowed, false, 'the policies allow 9090, but no Ingress routes there');
    assert.match(explainText([other]), /TCP 9090: DENIED\n[^]*routed by Ingresses: TCP 8080\n {2}allowed between them: TCP 8080\n/);
  });

  it('when an OpenShift Route sends the router there, then explain names Routes, not Ingresses; with both kinds, both', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 8080}, {containerPort: 9090}]}]}\n';
    const services = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}, {name: admin, port: 90, targetPort: 9090}]\n';
    const route = 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web, namespace: shop}\nspec:\n  to: {kind: Service, name: web}\n  port: {targetPort: 8080}\n';
    const ingress = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: admin, namespace: shop}\nspec:\n  defaultBackend: {service: {name: web, port: {number: 90}}}\n';
    const text = (docs: string[]) => {
      const world = modelOf(docs.join('---\n'));
      return explainText(explainPairs(world, resolveEndpoints(world, { type: 'ingress-controller' }), resolveEndpoints(world, query('shop/web')), { port: 8080 }));
    };
    assert.match(text([deployment, services, route]), /\n {2}routed by OpenShift Routes: TCP 8080\n/);
    assert.doesNotMatch(text([deployment, services, route]), /Ingresses/);
    assert.match(text([deployment, services, route, ingress]), /\n {2}routed by Ingresses and OpenShift Routes: TCP 8080,9090\n/);
  });
});

describe('exported cluster state', () => {
  const state = modelOf(
    [
      // Mirror Pods of static pods name their Node as controller: each is a workload of its own.
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-cp-1\n  namespace: kube-system\n  labels: {component: etcd}\n  ownerReferences: [{apiVersion: v1, kind: Node, name: cp-1, controller: true}]\nspec: {hostNetwork: true, containers: [{name: etcd, image: i}]}\nstatus: {hostIP: 172.18.0.2, podIP: 172.18.0.2}\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-cp-1\n  namespace: kube-system\n  labels: {component: kube-apiserver}\n  ownerReferences: [{apiVersion: v1, kind: Node, name: cp-1, controller: true}]\nspec: {hostNetwork: true, containers: [{name: apiserver, image: i}]}\nstatus: {hostIP: 172.18.0.2, podIP: 172.18.0.2}\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web-1, namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c, image: i, ports: [{containerPort: 8080}]}]}\nstatus: {podIP: 10.244.1.7, podIPs: [{ip: 10.244.1.7}]}\n',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: from-nodes, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 172.18.0.0/16}}]}]\n',
    ].join('---\n'),
  );

  it('when static Pods are owned by the same Node, then each is a node of its own, not one named after the Node', () => {
    const ids = buildMatrix(state).nodes.filter((n) => n.type === 'workload').map((n) => n.id);
    assert.deepEqual(ids, ['kube-system/etcd-cp-1[Pod]', 'kube-system/kube-apiserver-cp-1[Pod]', 'shop/web-1[Pod]']);
  });
  it('when an ipBlock holds the recorded node address of a host-network Pod, then explain allows it and names the address and the choice it rests on', () => {
    const text = explainText(explainPairs(state, resolveEndpoints(state, query('kube-system/etcd-cp-1')), resolveEndpoints(state, query('shop/web-1')), { port: 8080 }));
    assert.match(text, /: ALLOWED\n/);
    assert.match(text, /allowed by: shop\/from-nodes ingress\[0\] \(manifest\.yaml:\d+\): all \(its ipBlock holds the recorded pod address 172\.18\.0\.2; most network plugins match pod addresses against ipBlocks, some, such as Cilium, do not\)/);
  });
});

describe('explain of a policy read without an unknown field', () => {
  const workloads = [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: srv, namespace: demo}\nspec:\n  selector: {matchLabels: {app: srv}}\n  template:\n    metadata: {labels: {app: srv}}\n    spec: {containers: [{name: c, image: i}]}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cli, namespace: other}\nspec:\n  selector: {matchLabels: {app: cli}}\n  template:\n    metadata: {labels: {app: cli}}\n    spec: {containers: [{name: c, image: i}]}\n',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: other, labels: {team: a}}\n',
  ];
  it('when a NetworkPolicy peer misspells podSelector, then the rule that allows says it is evaluated without the field (the widened reading is not silent)', () => {
    const typo = modelOf([...workloads, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: demo}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: a}}\n      podSelectr: {matchLabels: {app: admin}}\n'].join('---\n'));
    const text = explainText(explainPairs(typo, resolveEndpoints(typo, query('other/cli')), resolveEndpoints(typo, query('demo/srv')), {}));
    assert.match(text, /allowed by: demo\/np ingress\[0\] \([^)]*\): all \(not certain: evaluated without the unknown field "podSelectr" \(spec\.ingress\[0\]\.from\[0\]\.podSelectr\), as a client that only warns stores it, which reads wider than written; kubectl rejects this manifest\)/);
  });
  it('when an AdminNetworkPolicy writes the old subject shape, then its rule that denies says the subject is evaluated without the field', () => {
    const anp = modelOf([...workloads, 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: lock}\nspec:\n  priority: 10\n  subject:\n    namespaces:\n      namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: demo}}\n  ingress:\n  - {name: deny-all, action: Deny, from: [{namespaces: {}}]}\n'].join('---\n'));
    const text = explainText(explainPairs(anp, resolveEndpoints(anp, query('demo/srv')), resolveEndpoints(anp, query('other/cli')), {}));
    assert.match(text, /DENIED/);
    assert.match(text, /AdminNetworkPolicy "lock" ingress\[0\] "deny-all"[^\n]*not certain: evaluated without the unknown field "namespaceSelector" \(spec\.subject\.namespaces\.namespaceSelector\)/);
  });
  it('when a CiliumNetworkPolicy rule misspells fromEndpoints beside toPorts, then the rule that allows every source on the port says so', () => {
    const cnp = modelOf([...workloads, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: demo}\nspec:\n  endpointSelector: {matchLabels: {app: srv}}\n  ingress:\n    - fromEndpoint: [{matchLabels: {app: lb}}]\n      toPorts: [{ports: [{port: "80", protocol: TCP}]}]\n'].join('---\n'));
    const text = explainText(explainPairs(cnp, resolveEndpoints(cnp, query('other/cli')), resolveEndpoints(cnp, query('demo/srv')), { port: 80 }));
    assert.match(text, /CiliumNetworkPolicy "c" ingress\[0\] \([^)]*\): matches TCP 80, allows TCP 80 \(not certain: evaluated without the unknown field "fromEndpoint" \(spec\.ingress\[0\]\.fromEndpoint\)/);
  });
  it('when every field is known, then no such note is added', () => {
    const clean = modelOf([...workloads, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: demo}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: a}}\n'].join('---\n'));
    const text = explainText(explainPairs(clean, resolveEndpoints(clean, query('other/cli')), resolveEndpoints(clean, query('demo/srv')), {}));
    assert.match(text, /allowed by: demo\/np ingress\[0\]/);
    assert.doesNotMatch(text, /unknown field/);
  });
});

describe('reach from the inferred ingress controller', () => {
  const docs = [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 8080}]}]}\n',
    'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n',
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  ingressClassName: nginx\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n',
    // Admits the controller where ingress-nginx installs it, as ingress-backend-unreachable advises.
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]}]\n',
  ].join('---\n');
  const controllerEdges = (world: ReturnType<typeof modelOf>) => buildMatrix(world).edges().filter((e) => e.from === 0).map((e) => String(e.conn));

  it('when the policy admits the controller the Ingress class names, then reach draws its edge as explain allows it, and says once that it is inferred', () => {
    const world = modelOf(docs);
    const explained = explainPairs(world, resolveEndpoints(world, { type: 'ingress-controller' }), resolveEndpoints(world, query('shop/web')), { port: 8080 })[0]!;
    assert.equal(explained.verdict.allowed, true);
    assert.deepEqual(controllerEdges(world), ['TCP 8080'], 'the matrix judges the same candidates as explain');
    const report = [...reachReport(world, 'table').output].join('');
    assert.match(report, /^caveat: the ingress controller is inferred from the Ingress class, not configured: \{ingress-controller\} stands for ingress-nginx in namespace "ingress-nginx" with pods app\.kubernetes\.io\/name=ingress-nginx, NGINX Ingress Controller in namespace "nginx-ingress" with pods app=nginx-ingress and 1 more; set cluster\.ingressController in \.kube-netlint\.yaml to make it certain$/m);
    assert.match(explainText([explained]), /the ingress controller is inferred from the Ingress class, not configured: ingress-nginx in namespace "ingress-nginx"/);
    assert.match(graphSection(world)!, /\n> \*\*Caveat:\*\* the ingress controller is inferred from the Ingress class, not configured: \\\{ingress-controller\\\} stands for ingress-nginx /, 'the job summary graph says it as reach does');
  });

  it('when cluster.ingressController names other pods, then the configured controller is judged and no inference is said', () => {
    const world = modelOf(docs, { ingressController: { namespace: 'edge', podLabels: { app: 'proxy' } } });
    assert.deepEqual(controllerEdges(world), []);
    assert.doesNotMatch([...reachReport(world, 'table').output].join(''), /inferred/);
  });

  it('when the Ingress class names a controller kube-netlint does not know, then reach says where the controller runs is not known', () => {
    const world = modelOf(docs.replace('ingressClassName: nginx', 'ingressClassName: acme'));
    assert.deepEqual(controllerEdges(world), [], 'only selectors of everything admit an unknown controller');
    assert.match([...reachReport(world, 'table').output].join(''), /^caveat: where the ingress controller runs is not known \(cluster\.ingressController is not set, and no Ingress class routing here names a controller kube-netlint knows, for Deployment "web" in namespace "shop"\); set cluster\.ingressController in \.kube-netlint\.yaml$/m);
  });
});
