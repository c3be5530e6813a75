import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './networkpolicy-peer-orphan.ts';

const deployment = (name: string, labels: string, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec: {containers: [{name: main, image: x}]}
`;
const namespace = (name: string, labels = '{}') => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}\n`;

/** A policy on app=db in shop whose one ingress rule has the given `from` list (indented list items). */
const policy = (from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: db}
  ingress:
    - from:
${from}
`;
const world = [namespace('shop', '{team: commerce}'), deployment('db', 'app: db'), deployment('web', 'app: web, tier: front')].join('---\n');
const withWorld = (from: string) => ({ 'world.yaml': world, 'policy.yaml': policy(from) });

testRule(rule, {
  valid: [
    {
      // Envoy Gateway runs each Gateway's proxy in envoy-gateway-system, as explain places the data plane.
      name: 'a peer admits the namespace of an Envoy Gateway data plane the tool assumes',
      manifests: {
        ...withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: envoy-gateway-system}}'),
        'gw.yaml': `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: eg}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: shop}\nspec: {gatewayClassName: eg, listeners: [{name: http, protocol: HTTP, port: 80}]}\n`,
      },
    },
    {
      // Istio deploys a Gateway's pods in its namespace, labelled gateway.networking.k8s.io/gateway-name.
      name: 'a peer admits the pods of an Istio Gateway data plane the tool assumes',
      manifests: {
        ...withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-ingress}}\n          podSelector: {matchLabels: {gateway.networking.k8s.io/gateway-name: gw}}'),
        'gw.yaml': `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: istio}\nspec: {controllerName: istio.io/gateway-controller}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: istio-ingress}\nspec: {gatewayClassName: istio, listeners: [{name: http, protocol: HTTP, port: 80}]}\n`,
      },
    },
    {
      name: 'a peer selector has an unknown operator or In without values (the schema rule reports it)',
      manifests: withWorld('        - podSelector: {matchExpressions: [{key: app, operator: Equals, values: [web]}]}\n        - namespaceSelector: {matchExpressions: [{key: team, operator: In, values: []}]}'),
    },
    { name: 'a podSelector matches a pod of the namespace', manifests: withWorld('        - podSelector: {matchLabels: {app: web}}') },
    { name: 'a namespaceSelector matches a declared namespace by label', manifests: withWorld('        - namespaceSelector: {matchLabels: {team: commerce}}') },
    { name: 'a namespaceSelector names kube-system, which every cluster has', manifests: withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n          podSelector: {matchLabels: {k8s-app: kube-dns}}') },
    {
      name: 'a peer selects pods of a namespace declared in the config, whose pods are not in the tree',
      manifests: withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}\n          podSelector: {matchLabels: {app: prometheus}}'),
      config: { cluster: { namespaces: ['monitoring'] } },
    },
    {
      name: 'a peer selects the configured ingress controller',
      manifests: withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}\n          podSelector: {matchLabels: {app: ingress-nginx}}'),
      config: { cluster: { namespaces: ['ingress-nginx'], ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'ingress-nginx' } } } },
    },
    {
      name: 'a peer selects the configured ingress controller by the name label of its namespace, which the tree does not declare',
      manifests: withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}\n          podSelector: {matchLabels: {app: nginx}}'),
      config: { cluster: { ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'nginx' } } } },
    },
    {
      name: 'a peer selects other pods of the configured ingress controller namespace, whose pods are not in the tree',
      manifests: withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}\n          podSelector: {matchLabels: {app: admission}}'),
      config: { cluster: { ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'nginx' } } } },
    },
    {
      name: 'the tree declares the kube-system Namespace (to label it) but none of its pods, and a peer selects kube-dns there',
      manifests: { ...withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n          podSelector: {matchLabels: {k8s-app: kube-dns}}'), 'ns.yaml': namespace('kube-system', '{purpose: system}') },
    },
    {
      name: 'the tree declares a namespace that the config lists as external, and a peer selects pods there',
      manifests: { ...withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}\n          podSelector: {matchLabels: {app: prometheus}}'), 'ns.yaml': namespace('monitoring') },
      config: { cluster: { namespaces: ['monitoring'] } },
    },
    {
      name: 'a peer selects the DNS pods of the namespace cluster.dns declares (OpenShift), which the tree does not declare',
      manifests: withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}\n          podSelector: {matchLabels: {dns.operator.openshift.io/daemonset-dns: default}}'),
      config: { cluster: { dns: 'openshift' } },
    },
    {
      name: 'the controller is not configured, and a peer admits ingress-nginx, where the Ingress of the tree is assumed to be served (as ingress-backend-unreachable advises)',
      manifests: {
        ...withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}\n          podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}'),
        'ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: db, namespace: shop}\nspec:\n  defaultBackend: {service: {name: db, port: {number: 80}}}\n',
      },
    },
    { name: 'an ipBlock peer (not this rule)', manifests: withWorld('        - ipBlock: {cidr: 10.0.0.0/8}') },
    {
      name: 'a podSelector matches only a host-network pod (its labels match, whatever the policy engine admits)',
      manifests: { ...withWorld('        - podSelector: {matchLabels: {app: agent}}'), 'agent.yaml': deployment('agent', 'app: agent').replace('spec: {containers:', 'spec: {hostNetwork: true, containers:') },
    },
    {
      name: 'a podSelector selects one pod of a StatefulSet by the pod-name label its controller sets',
      manifests: { ...withWorld('        - podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: cache-0}}'), 'cache.yaml': deployment('cache', 'app: cache').replace('kind: Deployment', 'kind: StatefulSet') },
    },
    {
      name: 'a podSelector selects the pods of a Job by the job-name label its controller sets',
      manifests: { ...withWorld('        - podSelector: {matchLabels: {batch.kubernetes.io/job-name: migrate}}'), 'job.yaml': deployment('migrate', 'app: migrate').replace('apps/v1\nkind: Deployment', 'batch/v1\nkind: Job').replace('selector: {matchLabels: {app: migrate}}\n  ', '') },
    },
  ],
  invalid: [
    {
      name: "a namespaceSelector selects by OpenShift's policy-group label, which the platform sets on its own namespaces (an info naming the assumption)",
      manifests: withWorld('        - namespaceSelector: {matchLabels: {policy-group.network.openshift.io/ingress: ""}}'),
      errors: [{ messageId: 'platformNamespace', line: 11, file: 'policy.yaml', severity: 'info', includes: '"policy-group.network.openshift.io/ingress" is a label OpenShift sets on its own namespaces' }],
    },
    {
      name: "a namespaceSelector selects by the legacy network.openshift.io/policy-group label",
      manifests: withWorld('        - namespaceSelector: {matchExpressions: [{key: network.openshift.io/policy-group, operator: In, values: [ingress]}]}'),
      errors: [{ messageId: 'platformNamespace', line: 11, file: 'policy.yaml', severity: 'info', includes: 'assumes the cluster is OpenShift' }],
    },
    {
      name: 'a podSelector names a job-name other than the Job of the namespace',
      manifests: { ...withWorld('        - podSelector: {matchLabels: {batch.kubernetes.io/job-name: seed}}'), 'job.yaml': deployment('migrate', 'app: migrate').replace('apps/v1\nkind: Deployment', 'batch/v1\nkind: Job').replace('selector: {matchLabels: {app: migrate}}\n  ', '') },
      errors: [{ messageId: 'podSelector', line: 11, file: 'policy.yaml', includes: 'batch.kubernetes.io/job-name=seed' }],
    },
    {
      name: 'a podSelector matches no pod, and a custom resource of the namespace may create pods',
      manifests: { ...withWorld('        - podSelector: {matchLabels: {cnpg.io/cluster: pg}}'), 'pg.yaml': 'apiVersion: example.com/v1\nkind: Database\nmetadata: {name: pg, namespace: shop}\nspec: {instances: 3}\n' },
      errors: [{ messageId: 'unknownPods', line: 11, file: 'policy.yaml', includes: 'in namespace "shop", but Database "pg" there, of kinds kube-netlint does not model, may create pods it cannot see' }],
    },
    {
      name: 'the tree declares the default namespace and holds none of the pods a peer selects there',
      manifests: { ...withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: default}}\n          podSelector: {matchLabels: {app: x}}'), 'ns.yaml': namespace('default') },
      errors: [{ messageId: 'noWorkloads', line: 12, file: 'policy.yaml', includes: 'namespace "default"' }],
    },
    {
      name: 'a podSelector matches no pod of the namespace',
      manifests: withWorld('        - podSelector:\n            matchLabels: {app: wb}'),
      errors: [{ messageId: 'podSelector', line: 11, column: 11, file: 'policy.yaml', includes: 'app=wb' }],
    },
    {
      name: 'a namespaceSelector matches no namespace',
      manifests: withWorld('        - namespaceSelector: {matchLabels: {team: payments}}'),
      errors: [{ messageId: 'namespaceSelector', line: 11, file: 'policy.yaml', includes: '"kube-system", "shop"' }],
    },
    {
      name: 'a peer admits the ingress-nginx namespace, and the tree has no Ingress that a controller there would serve',
      manifests: withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}'),
      errors: [{ messageId: 'namespaceSelector', line: 11, file: 'policy.yaml', includes: 'matches no namespace' }],
    },
    {
      name: 'a namespaceSelector matches neither a declared namespace nor the configured ingress controller namespace',
      manifests: withWorld('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-haproxy}}'),
      config: { cluster: { ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'nginx' } } } },
      errors: [{ messageId: 'namespaceSelector', line: 11, file: 'policy.yaml', includes: '"ingress-nginx"' }],
    },
    {
      name: 'both selectors of one peer: the namespace matches, the pods do not',
      manifests: withWorld('        - namespaceSelector: {matchLabels: {team: commerce}}\n          podSelector: {matchLabels: {tier: back}}'),
      errors: [{ messageId: 'podSelector', line: 12, file: 'policy.yaml', includes: 'in namespace "shop"' }],
    },
    {
      name: 'an egress peer selects pods of a namespace without workloads in the tree',
      manifests: {
        'world.yaml': world + '---\n' + namespace('data'),
        'policy.yaml':
          'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {}\n  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}\n          podSelector: {matchLabels: {app: postgres}}\n',
      },
      errors: [{ messageId: 'noWorkloads', line: 9, file: 'policy.yaml', includes: 'no workloads in namespace "data"' }],
    },
  ],
});
