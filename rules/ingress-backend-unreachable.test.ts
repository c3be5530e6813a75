import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positionAt } from '../src/source/text.ts';
import { exportedDeployment } from '../test/support/exported-state.ts';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule } from './ingress-backend-unreachable.ts';

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
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port: {number: 80}
`;
const policy = (ingress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
${ingress}`;
const cilium = (rules: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n${rules}`;
const controller = { cluster: { namespaces: ['ingress-nginx'], ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } } };
const fromController = '  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]\n      ports: [{port: 8080}]\n';
/** A policy of the controller's namespace isolating every pod there for egress, with the given egress rules. */
const controllerEgress = (egress = '') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-egress, namespace: ingress-nginx}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n${egress}`;
const traefikClass = 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: traefik}\nspec: {controller: traefik.io/ingress-controller}\n';
const nginxController = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}
  template:
    metadata: {labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}}
    spec: {containers: [{name: controller, image: x, args: [--controller-class=k8s.io/ingress-nginx]}]}
`;
const toShop = '  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]\n      ports: [{port: 8080}]\n';
/** The Service and Ingress of `app`, in front of exported state (Deployment, ReplicaSet, Pods) instead of a Deployment alone. */
const exportedApp = `${exportedDeployment({ container: '{name: main, image: x, ports: [{name: http, containerPort: 8080}]}' })}---\n${app.slice(app.indexOf('apiVersion: v1'))}`;

/** The app behind an OpenShift Route instead of an Ingress (the Route keeps the `http` Service port by its pod port). */
const routed = `${app.slice(0, app.indexOf('---\napiVersion: networking.k8s.io/v1'))}---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec:
  to: {kind: Service, name: web}
  port: {targetPort: 8080}
`;
const fromRouter = '  ingress:\n    - from: [{namespaceSelector: {matchLabels: {policy-group.network.openshift.io/ingress: ""}}}]\n      ports: [{port: 8080}]\n';

testRule(rule, {
  valid: [
    { name: 'no policy isolates the backend pods', manifests: app },
    { name: 'a policy admits every source on the target port (controller not configured)', manifests: { 'app.yaml': app, 'policy.yaml': policy('  ingress:\n    - ports: [{port: http}]\n') } },
    { name: 'a policy admits the configured controller by namespace', manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController) }, config: controller },
    { name: 'unconfigured, the Ingress has no class and the policy admits the namespace of the ingress-nginx install', manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController) } },
    {
      name: 'unconfigured, the IngressClass names Traefik and the policy admits kube-system, where k3s runs it',
      manifests: {
        'app.yaml': app.replace('spec:\n  rules:', 'spec:\n  ingressClassName: traefik\n  rules:'),
        'class.yaml': traefikClass,
        'policy.yaml': policy(fromController.replace('ingress-nginx', 'kube-system')),
      },
    },
    {
      name: 'unconfigured, the Ingress is GKE\'s (class gce) and the policy admits the Google load balancer ranges',
      manifests: {
        'app.yaml': app.replace('metadata: {name: web, namespace: shop}\nspec:\n  rules:', 'metadata: {name: web, namespace: shop, annotations: {kubernetes.io/ingress.class: gce}}\nspec:\n  rules:'),
        'policy.yaml': policy('  ingress:\n    - from: [{ipBlock: {cidr: 130.211.0.0/22}}, {ipBlock: {cidr: 35.191.0.0/16}}]\n      ports: [{port: 8080}]\n'),
      },
    },
    {
      name: 'unconfigured, the controller Deployment of the tree is admitted by its namespace',
      manifests: { 'app.yaml': app, 'controller.yaml': nginxController, 'policy.yaml': policy(fromController) },
    },
    {
      name: "the controller's namespace isolates it for egress and allows the backend namespace on the target port",
      manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController), 'controller.yaml': controllerEgress(toShop) },
      config: controller,
    },
    { name: 'unconfigured, a Route backend admits the OpenShift router by its namespace policy-group label', manifests: { 'app.yaml': routed, 'policy.yaml': policy(fromRouter) } },
    { name: 'a Route backend of weight 0 gets no traffic from the router', manifests: { 'app.yaml': routed.replace('name: web}\n  port', 'name: web, weight: 0}\n  port'), 'policy.yaml': policy('') } },
    {
      // Not "closed to every source": a controller outside the cluster (a cloud load balancer, one of the guesses without a class) may reach it.
      name: 'unconfigured, the Ingress has no class and a CiliumNetworkPolicy admits the target port only from outside the cluster (world)',
      manifests: { 'app.yaml': app, 'cilium.yaml': cilium('  ingress:\n    - fromEntities: [world]\n      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]\n') },
    },
  ],
  invalid: [
    {
      name: 'unconfigured, the class names nginx and a CiliumNetworkPolicy admits the target port only from outside the cluster (world): the guessed in-cluster controller is refused, a warning, not an error',
      manifests: { 'app.yaml': app.replace('spec:\n  rules:', 'spec:\n  ingressClassName: nginx\n  rules:'), 'cilium.yaml': cilium('  ingress:\n    - fromEntities: [world]\n      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]\n') },
      errors: [{ messageId: 'refusedAssumed', line: 29, file: 'app.yaml', severity: 'warning' }],
    },
    {
      name: 'a default deny refuses the configured controller',
      manifests: { 'app.yaml': app, 'policy.yaml': policy('') },
      config: controller,
      errors: [{ messageId: 'refused', line: 28, column: 23, file: 'app.yaml', includes: 'Deployment "web" on TCP 8080' }],
    },
    {
      name: 'a policy admits the controller on another port',
      manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController.replace('8080', '9090')) },
      config: controller,
      errors: [{ messageId: 'refused', line: 28, file: 'app.yaml', includes: 'namespace "ingress-nginx", pods app.kubernetes.io/name=ingress-nginx' }],
    },
    {
      name: 'the controller is not configured, the Ingress has no class, and the policy admits only pods of the own namespace',
      manifests: { 'app.yaml': app, 'policy.yaml': policy('  ingress:\n    - from: [{podSelector: {matchLabels: {app: frontend}}}]\n') },
      errors: [
        {
          messageId: 'refusedAssumed',
          line: 28,
          file: 'app.yaml',
          severity: 'warning',
          includes: 'the ingress controller, assumed to be ingress-nginx in namespace "ingress-nginx" with pods app.kubernetes.io/name=ingress-nginx, NGINX Ingress Controller in namespace "nginx-ingress" with pods app=nginx-ingress and',
        },
      ],
    },
    {
      name: 'unconfigured, a default deny admits no source at all on the target port (no controller reaches it, wherever it runs)',
      manifests: { 'app.yaml': app, 'policy.yaml': policy('') },
      errors: [{ messageId: 'closed', line: 28, file: 'app.yaml', severity: 'error', includes: 'no ingress rule of NetworkPolicy "web" allows the target port of Deployment "web" on TCP 8080' }],
    },
    {
      name: 'unconfigured, a default deny admits no source at all, but the tree runs the ingress-nginx controller on the host network (a pod cannot block its own node: a warning naming it)',
      manifests: { 'app.yaml': app, 'policy.yaml': policy(''), 'controller.yaml': nginxController.replace('kind: Deployment', 'kind: DaemonSet').replace('spec: {containers:', 'spec: {hostNetwork: true, containers:') },
      errors: [
        {
          messageId: 'closed',
          line: 28,
          file: 'app.yaml',
          severity: 'warning',
          includes: 'wherever it runs; admit the controller on that port in a policy of those pods (unless the ingress controller is DaemonSet "ingress-nginx-controller" in namespace "ingress-nginx", which runs on the host network',
        },
      ],
    },
    {
      name: 'unconfigured, a default deny admits no source at all, and host-network pods are policed as pods (cluster.hostNetworkPods: as-pods): the ingress-nginx controller on the host network is refused too',
      manifests: { 'app.yaml': app, 'policy.yaml': policy(''), 'controller.yaml': nginxController.replace('kind: Deployment', 'kind: DaemonSet').replace('spec: {containers:', 'spec: {hostNetwork: true, containers:') },
      config: { cluster: { hostNetworkPods: 'as-pods' } },
      errors: [{ messageId: 'closed', line: 28, file: 'app.yaml', severity: 'error' }],
    },
    {
      name: 'unconfigured, a CiliumNetworkPolicy isolates the pods and admits the target port from no source at all',
      manifests: { 'app.yaml': app, 'cilium.yaml': cilium('  ingress:\n    - fromEntities: [world]\n      toPorts: [{ports: [{port: "9090", protocol: TCP}]}]\n') },
      errors: [{ messageId: 'closed', line: 28, file: 'app.yaml', severity: 'error', includes: 'CiliumNetworkPolicy "web"' }],
    },
    {
      name: 'unconfigured, the policy admits the target port only on another port of every source',
      manifests: { 'app.yaml': app, 'policy.yaml': policy('  ingress:\n    - ports: [{port: 9090}]\n') },
      errors: [{ messageId: 'closed', line: 28, file: 'app.yaml', severity: 'error' }],
    },
    {
      name: 'unconfigured, the IngressClass names Traefik and the policy admits only the ingress-nginx namespace',
      manifests: { 'app.yaml': app.replace('spec:\n  rules:', 'spec:\n  ingressClassName: traefik\n  rules:'), 'class.yaml': traefikClass, 'policy.yaml': policy(fromController) },
      errors: [{ messageId: 'refusedAssumed', line: 29, file: 'app.yaml', severity: 'warning', includes: 'assumed to be Traefik in namespace "traefik" with pods app.kubernetes.io/name=traefik, Traefik in namespace "kube-system"' }],
    },
    {
      name: 'unconfigured, the controller Deployment of the tree is not the one the policy admits',
      manifests: { 'app.yaml': app, 'controller.yaml': nginxController, 'policy.yaml': policy(fromController.replace('ingress-nginx', 'ingress')) },
      errors: [
        {
          messageId: 'refusedAssumed',
          line: 28,
          file: 'app.yaml',
          severity: 'warning',
          includes: 'assumed to be Deployment "ingress-nginx-controller" in namespace "ingress-nginx", the ingress-nginx controller of the linted files (cluster.ingressController is not set)',
        },
      ],
    },
    {
      name: 'unconfigured, the IngressClass names a controller kube-netlint does not know, and the policy admits only a namespace',
      manifests: { 'app.yaml': app.replace('spec:\n  rules:', 'spec:\n  ingressClassName: acme\n  rules:'), 'class.yaml': traefikClass.replace(/traefik/g, 'acme'), 'policy.yaml': policy(fromController) },
      errors: [{ messageId: 'refusedUnknown', line: 29, file: 'app.yaml', severity: 'warning', includes: 'refused by NetworkPolicy "web"' }],
    },
    {
      name: "the controller's own namespace denies its egress, while the backend pods admit it",
      manifests: { 'app.yaml': app, 'policy.yaml': policy(fromController), 'controller.yaml': controllerEgress() },
      config: controller,
      errors: [
        {
          messageId: 'controllerEgress',
          line: 28,
          file: 'app.yaml',
          includes: 'its own egress is isolated by NetworkPolicy "deny-egress" in namespace "ingress-nginx", and no egress rule there allows it, so requests on this route fail; allow egress from the controller',
        },
      ],
    },
    {
      name: "both the controller's egress and the backend pods' ingress refuse",
      manifests: { 'app.yaml': app, 'policy.yaml': policy(''), 'controller.yaml': controllerEgress(toShop.replace('8080', '9090')) },
      config: controller,
      errors: [
        { messageId: 'controllerEgress', line: 28, file: 'app.yaml', includes: 'Deployment "web" on TCP 8080' },
        { messageId: 'refused', line: 28, file: 'app.yaml', includes: 'refused by NetworkPolicy "web"' },
      ],
    },
    {
      name: 'a default deny refuses the controller to an exported Deployment, its ReplicaSet and Pods (each node once)',
      manifests: { 'app.yaml': exportedApp, 'policy.yaml': policy('') },
      config: controller,
      errors: [{ messageId: 'refused', line: 58, file: 'app.yaml', includes: 'may not reach Deployment "web" on TCP 8080 behind' }],
    },
    {
      name: 'unconfigured, a Route backend admits only the ingress-nginx namespace, not the OpenShift router',
      manifests: { 'app.yaml': routed, 'policy.yaml': policy(fromController) },
      errors: [
        {
          messageId: 'refusedAssumed',
          line: 21,
          file: 'app.yaml',
          severity: 'warning',
          includes: 'assumed to be the OpenShift router in namespace "openshift-ingress" with pods ingresscontroller.operator.openshift.io/deployment-ingresscontroller=default',
        },
      ],
    },
    {
      name: 'configured in openshift-ingress, a Route backend refuses the router',
      manifests: { 'app.yaml': routed, 'policy.yaml': policy(fromController) },
      config: { cluster: { namespaces: ['openshift-ingress'], ingressController: { namespace: 'openshift-ingress' } } },
      errors: [{ messageId: 'refused', line: 21, file: 'app.yaml', severity: 'error', includes: 'the ingress controller (namespace "openshift-ingress", any pod) may not reach Deployment "web" on TCP 8080' }],
    },
    {
      name: 'unconfigured, a Route backend admits no source at all on the port the router uses',
      manifests: { 'app.yaml': routed, 'policy.yaml': policy('  ingress:\n    - ports: [{port: 9090}]\n') },
      errors: [{ messageId: 'closed', line: 21, file: 'app.yaml', severity: 'error' }],
    },
  ],
});

describe('ingress-backend-unreachable related locations', () => {
  it("when the controller's own egress policy refuses, then that policy is the related location", () => {
    const findings = runRule(rule, { 'app.yaml': app, 'policy.yaml': policy(fromController), 'controller.yaml': controllerEgress() }, controller);
    assert.deepEqual(
      findings.flatMap((d) => d.related.map((r) => `${r.file.path}:${positionAt(r.file, r.span.start).line} ${r.message}`)),
      ['controller.yaml:5 NetworkPolicy "deny-egress" in namespace "ingress-nginx" isolates the ingress controller for egress and allows no such connection'],
    );
  });
});
