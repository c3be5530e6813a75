import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './unknown-field.ts';

/** A NetworkPolicy in namespace shop whose spec lines follow `spec:` (line 4). */
const policy = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
${spec}`;

/** A Service in namespace shop whose ports are on line 6. */
const service = (ports: string) => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: ${ports}
`;

const KUBECTL = 'kubectl rejects this manifest (strict field validation), and clients that only warn (Helm, server-side apply, controllers) drop the field';

testRule(rule, {
  valid: [
    { name: 'every field is known, and labels, annotations and matchLabels hold free keys', manifests: policy('  podSelector: {matchLabels: {anyKey: x}}\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {team: a}}, podSelector: {}}]\n      ports: [{port: 80, endPort: 90}]\n') },
    { name: 'status and x- keys are not checked', manifests: `${service('[{port: 80, targetPort: 8080}]')}status: {loadBalancer: {anything: 1}}\nx-note: kept by a tool\n` },
    { name: 'a kind the tool has no field set for is not checked', manifests: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: 1}\n' },
    { name: 'a CiliumClusterwideNetworkPolicy and a Calico GlobalNetworkPolicy with their fields known', manifests: 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: c}\nspec:\n  nodeSelector: {}\n  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{fromEntities: [world], toPorts: [{ports: [{port: "22"}]}]}]\n---\napiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkPolicy\nmetadata: {name: g}\nspec:\n  order: 10\n  selector: all()\n  namespaceSelector: team == "a"\n  egress: [{action: Allow, destination: {nets: [10.0.0.0/8], ports: [53]}, metadata: {annotations: {a: b}}}]\n' },
    {
      name: 'the Gateway API kinds and an OpenShift Route write fields of both channels (experimental ones included)',
      manifests: [
        'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: gc}\nspec: {controllerName: example.com/gc, description: d, parametersRef: {group: g, kind: K, name: n}}\n',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: shop}\nspec:\n  gatewayClassName: gc\n  infrastructure: {labels: {any: x}, annotations: {any: y}}\n  allowedListeners: {namespaces: {from: Same}}\n  tls: {frontend: {default: {validation: {caCertificateRefs: [{name: ca}], mode: AllowValidOnly}}}}\n  addresses: [{type: IPAddress, value: 10.0.0.1}]\n  listeners:\n    - {name: https, port: 443, protocol: HTTPS, hostname: a.example.com, tls: {mode: Terminate, certificateRefs: [{name: cert}], options: {any: v}}, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {a: b}}}, kinds: [{kind: HTTPRoute}]}}\n',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata: {name: ls, namespace: shop}\nspec:\n  parentRef: {name: gw}\n  listeners: [{name: h, port: 80, protocol: HTTP}]\n',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: g, namespace: shop}\nspec:\n  parentRefs: [{name: gw, sectionName: https}]\n  hostnames: [a.example.com]\n  rules: [{matches: [{method: {service: s, method: m}, headers: [{name: h, value: v}]}], backendRefs: [{name: svc, port: 50051}]}]\n',
        'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute\nmetadata: {name: t, namespace: shop}\nspec: {parentRefs: [{name: gw}], hostnames: [a.example.com], rules: [{backendRefs: [{name: svc, port: 443}]}]}\n',
        'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\nmetadata: {name: t, namespace: shop}\nspec: {parentRefs: [{name: gw}], rules: [{backendRefs: [{name: svc, port: 5432}]}]}\n',
        'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: UDPRoute\nmetadata: {name: u, namespace: shop}\nspec: {parentRefs: [{name: gw}], rules: [{backendRefs: [{name: dns, port: 53}]}]}\n',
        'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: r, namespace: shop}\nspec: {from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}], to: [{group: "", kind: Service, name: svc}]}\n',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {name: b, namespace: shop}\nspec: {targetRefs: [{group: "", kind: Service, name: svc, sectionName: https}], validation: {hostname: svc.example.com, caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}], subjectAltNames: [{type: Hostname, hostname: svc.example.com}]}, options: {any: v}}\n',
        'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: r, namespace: shop}\nspec:\n  host: a.example.com\n  to: {kind: Service, name: svc, weight: 100}\n  alternateBackends: [{kind: Service, name: svc2, weight: 10}]\n  port: {targetPort: http}\n  tls: {termination: reencrypt, insecureEdgeTerminationPolicy: Redirect, externalCertificate: {name: cert}}\n  httpHeaders: {actions: {request: [{name: X-A, action: {type: Set, set: {value: v}}}]}}\n  wildcardPolicy: None\n',
      ].join('---\n'),
    },
    { name: 'a custom resource named like a core kind is not checked', manifests: 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: w, namespace: shop}\nspec: {template: {spec: {containers: [{image: x}]}}}\n' },
    {
      name: 'the config declares a field of a newer Kubernetes version known',
      manifests: `${service('[{port: 80}]')}  futureField: true\n`,
      config: { rules: { 'unknown-field': { options: { knownFields: ['Service.spec.futureField'] } } } },
    },
    { name: 'a pod template nested in a CronJob has known fields down to its container ports', manifests: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, namespace: shop}\nspec:\n  schedule: "* * * * *"\n  jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: x, ports: [{containerPort: 80, name: http}]}]}}}}\n' },
  ],
  invalid: [
    {
      name: 'a peer misspells podSelector beside a namespaceSelector: the peer then admits every pod of those namespaces',
      manifests: policy('  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {team: a}}\n          podSelectr: {matchLabels: {app: admin}}\n'),
      errors: [{ messageId: 'unknown', line: 9, column: 11, severity: 'warning', includes: `NetworkPolicy has no field "podSelectr" in spec.ingress.from (did you mean "podSelector"?) (per the definitions of Kubernetes 1.34 (kubernetes-models 5.1.0)): ${KUBECTL}, and then this peer, left with its namespaceSelector alone, admits every pod of the namespaces it selects` }],
    },
    {
      name: 'a rule misspells from, an egress port misspells port, and the spec misspells podSelector',
      manifests: policy('  podselector: {matchLabels: {app: web}}\n  ingress:\n    - form: [{podSelector: {}}]\n  egress:\n    - to: [{podSelector: {}}]\n      ports: [{prot: 53, protocol: UDP}]\n'),
      errors: [
        { messageId: 'unknown', line: 5, column: 3, severity: 'warning', includes: '"podselector" in spec (did you mean "podSelector"?)' },
        { messageId: 'unknown', line: 7, column: 7, severity: 'warning', includes: 'and then this rule admits every source, in and outside the cluster' },
        { messageId: 'unknown', line: 10, severity: 'warning', includes: 'and then this entry allows every port of its protocol' },
      ],
    },
    {
      name: 'a Service port writes targetport: the targetPort then defaults to the port',
      manifests: service('[{port: 80, targetport: 8080}]'),
      errors: [{ messageId: 'unknown', line: 6, column: 22, severity: 'warning', includes: 'Service has no field "targetport" in spec.ports (did you mean "targetPort"?)' }],
    },
    {
      name: 'the old AdminNetworkPolicy subject shape: namespaces is the selector itself, so the subject becomes every namespace',
      manifests: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 10\n  subject:\n    namespaces:\n      namespaceSelector: {matchLabels: {team: a}}\n  ingress: [{name: r, action: Deny, from: [{namespaces: {}}]}]\n',
      errors: [{ messageId: 'unknown', line: 8, column: 7, severity: 'warning', includes: 'AdminNetworkPolicy has no field "namespaceSelector" in spec.subject.namespaces (per the network-policy-api CRDs' }],
    },
    {
      name: 'an AdminNetworkPolicy Deny rule and a BaselineAdminNetworkPolicy Allow rule misspell ports: each is a warning naming what the rule then does to every port',
      manifests:
        'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 10\n  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{namespaces: {}}], portz: [{portNumber: {port: 53, protocol: UDP}}]}]\n---\n' +
        'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress: [{action: Allow, from: [{namespaces: {}}], port: [{portNumber: {port: 80, protocol: TCP}}]}]\n',
      errors: [
        { messageId: 'unknown', line: 7, column: 51, severity: 'warning', includes: 'AdminNetworkPolicy has no field "portz" in spec.egress (did you mean "ports"?) (per the network-policy-api CRDs (AdminNetworkPolicy v1alpha1, ClusterNetworkPolicy v1alpha2)): ' + KUBECTL + ', and then this rule denies every port and protocol' },
        { messageId: 'unknown', line: 14, severity: 'warning', includes: 'BaselineAdminNetworkPolicy has no field "port" in spec.ingress (did you mean "ports"?)' },
      ],
    },
    {
      name: 'a ClusterNetworkPolicy Pass rule misspells protocols: a warning, the rule then passes every port',
      manifests: 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec:\n  tier: Admin\n  priority: 5\n  subject: {namespaces: {}}\n  egress: [{action: Pass, to: [{namespaces: {}}], protocol: [{tcp: {destinationPort: {number: 22}}}]}]\n',
      errors: [{ messageId: 'unknown', line: 8, severity: 'warning', includes: 'and then this rule passes every port and protocol on to the next tier' }],
    },
    {
      name: 'a CiliumClusterwideNetworkPolicy rule with peers misspells toPorts (an egressDeny rule too): each is a warning, the rule then applies to every port',
      manifests: 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: c}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  egress:\n    - toEndpoints: [{matchLabels: {app: db}}]\n      toPortz: [{ports: [{port: "5432", protocol: TCP}]}]\n  egressDeny:\n    - toEntities: [world]\n      toPort: [{ports: [{port: "25"}]}]\n',
      errors: [
        { messageId: 'unknown', line: 8, column: 7, severity: 'warning', includes: 'CiliumClusterwideNetworkPolicy has no field "toPortz" in spec.egress (did you mean "toPorts"?)' },
        { messageId: 'unknown', line: 11, column: 7, severity: 'warning', includes: 'and then this rule denies every port and protocol' },
      ],
    },
    {
      name: 'a CiliumNetworkPolicy rule misspells fromEndpoints beside toPorts: the rule then admits every source on its ports',
      manifests: 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n    - fromEndpoint: [{matchLabels: {app: lb}}]\n      toPorts: [{ports: [{port: "80", protocol: TCP}]}]\n',
      errors: [{ messageId: 'unknown', line: 7, column: 7, severity: 'warning', includes: 'CiliumNetworkPolicy has no field "fromEndpoint" in spec.ingress (did you mean "fromEndpoints"?) (per the CiliumNetworkPolicy API of Cilium 1.17-1.18): ' }],
    },
    {
      name: 'a Calico source misspells selector: the source then matches every endpoint and address',
      manifests: 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: c, namespace: shop}\nspec:\n  selector: app == "web"\n  ingress:\n    - action: Allow\n      source: {selectr: app == "lb"}\n',
      errors: [{ messageId: 'unknown', line: 8, column: 16, severity: 'warning', includes: '"selectr" in spec.ingress.source (did you mean "selector"?) (per the projectcalico.org/v3 API of Calico 3.28-3.30): kubectl rejects this manifest (strict field validation), and clients that only warn (Helm, server-side apply, controllers) drop the field, and then this source or destination matches every endpoint and address' }],
    },
    {
      name: 'an HTTPRoute rule writes match for matches, and the spec hostname for hostnames: the route then takes every request of every hostname',
      manifests: 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: shop}\nspec:\n  parentRefs: [{name: gw}]\n  hostname: [shop.example.com]\n  rules:\n    - match: [{path: {type: PathPrefix, value: /admin}}]\n      backendRefs: [{name: admin, port: 80}]\n',
      errors: [
        { messageId: 'unknown', line: 6, column: 3, severity: 'warning', includes: 'HTTPRoute has no field "hostname" in spec (did you mean "hostnames"?) (per the Gateway API CRDs v1.4-v1.6 (standard and experimental channels)): ' },
        { messageId: 'unknown', line: 8, column: 7, severity: 'warning', includes: 'and then this rule matches every request (a path prefix of /)' },
      ],
    },
    {
      name: 'an HTTPRoute match misspells headers beside its path, its parentRef sectionName, a Gateway listener hostname, a ReferenceGrant to[].name: each widens routing or a grant, a warning naming how',
      manifests:
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: shop}\nspec:\n  parentRefs: [{name: gw, sectionname: http}]\n  rules:\n    - matches: [{path: {type: PathPrefix, value: /api}, header: [{name: x-internal, value: "1"}]}]\n      backendRefs: [{name: internal, port: 80}]\n---\n' +
        'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: shop}\nspec:\n  gatewayClassName: gc\n  listeners:\n    - {name: http, port: 80, protocol: HTTP, hostnme: internal.example.com}\n    - {name: tcp, port: 5432, protocol: TCP, hostnme: db.example.com}\n---\n' +
        'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: shop}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}]\n  to: [{group: "", kind: Service, nme: secret-svc}]\n---\n' +
        'apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: g, namespace: shop}\nspec:\n  parentRefs: [{name: gw}]\n  rules: [{matches: [{method: {service: s}, header: [{name: h, value: v}]}]}]\n',
      errors: [
        { messageId: 'unknown', line: 5, column: 27, severity: 'warning', includes: 'HTTPRoute has no field "sectionname" in spec.parentRefs (did you mean "sectionName"?) (per the Gateway API CRDs v1.4-v1.6 (standard and experimental channels)): ' + KUBECTL + ', and then this route attaches to every listener of its parent that admits it, not to one section' },
        { messageId: 'unknown', line: 7, severity: 'warning', includes: '"header" in spec.rules.matches (did you mean "headers"?) (per the Gateway API CRDs v1.4-v1.6 (standard and experimental channels)): ' + KUBECTL + ', and then this match ignores the headers it tests: it matches every request its other criteria match' },
        { messageId: 'unknown', line: 16, severity: 'warning', includes: 'Gateway has no field "hostnme" in spec.listeners (did you mean "hostname"?) (per the Gateway API CRDs v1.4-v1.6 (standard and experimental channels)): ' + KUBECTL + ', and then this listener takes every hostname: the routes attached to it serve requests for any host' },
        // A TCP listener ignores hostname: dropping it changes nothing.
        { messageId: 'unknown', line: 17, severity: 'info', includes: 'Gateway has no field "hostnme" in spec.listeners' },
        { messageId: 'unknown', line: 24, severity: 'warning', includes: 'ReferenceGrant has no field "nme" in spec.to (did you mean "name"?) (per the Gateway API CRDs v1.4-v1.6 (standard and experimental channels)): ' + KUBECTL + ', and then this entry grants references to every Service of the namespace, not to one' },
        { messageId: 'unknown', line: 31, severity: 'warning', includes: 'GRPCRoute has no field "header" in spec.rules.matches (did you mean "headers"?)' },
      ],
    },
    {
      name: 'a Gateway listener, a TLSRoute rule and an OpenShift Route misspell fields (dropped, they change nothing the tool names: info), and a GRPCRoute its hostnames (every hostname: a warning)',
      manifests:
        'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: shop}\nspec:\n  gatewayClassName: gc\n  listeners:\n    - {name: h, port: 80, protocol: HTTP, allowedRoute: {namespaces: {from: All}}}\n---\n' +
        'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute\nmetadata: {name: t, namespace: shop}\nspec:\n  parentRefs: [{name: gw}]\n  rules: [{backendRef: [{name: svc, port: 443}]}]\n---\n' +
        'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: r, namespace: shop}\nspec:\n  to: {kind: Service, name: svc}\n  tls: {terminaton: edge}\n---\n' +
        'apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: g, namespace: shop}\nspec:\n  parentRefs: [{name: gw}]\n  hostname: [a.example.com]\n',
      errors: [
        { messageId: 'unknown', line: 7, column: 43, severity: 'info', includes: 'Gateway has no field "allowedRoute" in spec.listeners (did you mean "allowedRoutes"?) (per the Gateway API CRDs v1.4-v1.6 (standard and experimental channels))' },
        { messageId: 'unknown', line: 14, severity: 'info', includes: 'TLSRoute has no field "backendRef" in spec.rules (did you mean "backendRefs"?)' },
        { messageId: 'unknown', line: 21, severity: 'info', includes: 'Route has no field "terminaton" in spec.tls (did you mean "termination"?) (per the Route API of OpenShift (openshift/api route/v1))' },
        { messageId: 'unknown', line: 28, severity: 'warning', includes: 'GRPCRoute has no field "hostname" in spec (did you mean "hostnames"?)' },
      ],
    },
    {
      name: 'a field whose loss changes nothing the tool can name is info, without a suggestion when none is close',
      manifests: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop, labelz: {a: b}}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: c, image: x, completelyDifferent: 1}]}\n',
      errors: [
        { messageId: 'unknown', line: 3, severity: 'info', includes: '"labelz" in metadata (did you mean "labels"?)' },
        { messageId: 'unknown', line: 8, severity: 'info', includes: 'Deployment has no field "completelyDifferent" in spec.template.spec.containers (per' },
      ],
    },
  ],
});
