import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { GO_SPACE_CLASS } from '../src/model/values.ts';
import { positionAt } from '../src/source/text.ts';
import commonSchema from '../schemas/kubernetes/common.schema.json' with { type: 'json' };
import serviceSchema from '../schemas/kubernetes/service.schema.json' with { type: 'json' };
import { runRule, testRule, toSourceFiles } from '../test/support/rule-tester.ts';
import { rule } from './schema.ts';

const template = `    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - {name: http, containerPort: 8080, protocol: TCP}
          env:
            - {name: UPSTREAM, value: api}
          args: [--port, "8080"]`;

const indent = (text: string, by: string) => text.replace(/^/gm, by);

/** One valid object of every validated kind, with the optional fields the tool reads. */
const everyKind = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop, labels: {app: debug}, annotations: {kube-netlint.io/ignore: service-selector-orphan}}
spec:
  hostNetwork: false
  containers: [{name: sh, image: busybox, command: [sleep, "3600"]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
    matchExpressions: [{key: tier, operator: NotIn, values: [db]}, {key: app, operator: Exists}]
  template:
${template}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-7d4b9c, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
${template}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  selector: {matchLabels: {app: web}}
  template:
${template}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
${template}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: shop}
spec:
  template:
${template}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: shop}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
${indent(template, '    ')}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: legacy, namespace: shop}
spec:
  selector: {app: web}
  template:
${template}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop, annotations: {prometheus.io/scrape: "true"}}
spec:
  type: NodePort
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: http, nodePort: 30080, protocol: TCP}
    - {name: metrics, port: 9090, targetPort: 9090}
  externalIPs: [203.0.113.10]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  clusterIP: None
  selector: {app: web}
---
apiVersion: v1
kind: Service
metadata: {name: mail, namespace: shop}
spec:
  type: ExternalName
  externalName: smtp.example.com
---
apiVersion: v1
kind: Service
metadata: {name: lb, namespace: shop}
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: [10.0.0.0/8, "fd00::/8"]
  ports: [{port: 443, targetPort: 8443}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: lb, namespace: shop}
subsets:
  - addresses: [{ip: 10.0.0.5}]
    ports: [{port: 8443, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: lb-1, namespace: shop, labels: {kubernetes.io/service-name: lb}}
addressType: IPv4
endpoints: [{addresses: [10.0.0.5]}]
ports: [{name: https, port: 8443, protocol: TCP}]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  defaultBackend: {resource: {apiGroup: k8s.example.com, kind: Bucket, name: static}}
  tls: [{hosts: [shop.example.com, "*.example.com"], secretName: shop-tls}]
  rules:
    - host: "*.example.com"
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
          - {pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: lb}}
          namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
        - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
      ports:
        - {protocol: TCP, port: http}
        - {protocol: UDP, port: 5000, endPort: 5100}
  egress:
    - to: [{namespaceSelector: {}}]
`;

const service = (ports: string, name = 'web') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: web
  ports:
${ports}`;

const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${spec}`;

const ingressPath = (path: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
${path}`;

const policyIngress = (rule: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector: {}
  ingress:
${rule}`;

testRule(rule, {
  valid: [
    { name: 'every validated kind is well-formed', manifests: everyKind },
    {
      name: 'objects come in a kind: List and a typed ServiceList',
      manifests:
        'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: a}\n    spec: {ports: [{port: 80}]}\n---\napiVersion: v1\nkind: ServiceList\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: b}\n    spec: {ports: [{port: 81}]}\n',
    },
    {
      name: 'a Helm Chart.yaml has apiVersion without kind, a Kustomization kind without apiVersion, and values have neither',
      manifests: {
        'Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
        'kustomization.yaml': 'kind: Kustomization\nresources: [deploy.yaml]\n',
        'values.yaml': 'replicaCount: 2\nservice: {port: 80}\n',
      },
    },
    { name: 'a Pod is named by generateName', manifests: 'apiVersion: v1\nkind: Pod\nmetadata: {generateName: job-}\nspec:\n  containers: [{name: c, image: x}]\n' },
    {
      name: 'a custom resource shares a modelled kind name (Knative Service), and a Calico NetworkPolicy is read by its own module',
      manifests:
        'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: Hello}\nspec: {template: {spec: {containers: [{image: x}]}}}\n---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: allow}\nspec: {selector: all(), types: [Ingress]}\n',
    },
    { name: 'a Secret and a ConfigMap have unvalidated content', manifests: 'apiVersion: v1\nkind: Secret\nmetadata: {name: Tls}\ndata: {port: 99999}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: Cfg}\ndata: {a: 1}\n' },
    {
      name: 'a targetPort is 0 or "" and a nodePort is 0 (unset: the API server defaults or allocates them)',
      manifests: service('    - {port: 80, targetPort: 0, nodePort: 0}\n    - {port: 81, targetPort: ""}\n'),
    },
    {
      name: 'a NetworkPolicy has a bad CIDR and endPort with a named port (networkpolicy-port reports them, once)',
      manifests: policyIngress('    - from:\n        - ipBlock: {cidr: 10.0.0.0/33, except: [10.1.0.0]}\n      ports:\n        - {port: http, endPort: 90}\n'),
    },
    {
      name: 'loadBalancerSourceRanges entries are padded with spaces, a tab and a no-break space (ValidateService trims them)',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: lb}\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [" 10.0.0.0/8", "fd00::/8\\t", "\\u00a0192.168.0.0/16  "]\n  ports: [{port: 443}]\n',
    },
    {
      name: 'optional fields of every kind are written as null, which the API server reads as unset',
      manifests: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: null, annotations: {a: null}}
spec:
  replicas: null
  selector: {matchLabels: {app: web}, matchExpressions: null}
  template:
    metadata: {labels: {app: web}, annotations: null}
    spec:
      hostNetwork: null
      initContainers: null
      containers: [{name: web, image: nginx, ports: null, env: null, args: null}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: null
  clusterIP: null
  selector: null
  externalIPs: null
  ports: [{port: 80, targetPort: null, protocol: null, name: null, nodePort: null}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
spec:
  podSelector: {matchLabels: null}
  policyTypes: null
  ingress:
    - from: [{podSelector: {matchLabels: null}, namespaceSelector: null}]
      ports: null
    - from: null
      ports: [{port: 80, protocol: null, endPort: null}]
  egress: null
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  ingressClassName: null
  tls: null
  defaultBackend: null
  rules:
    - host: null
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80, name: null}}}}]}
`,
    },
  ],
  invalid: [
    {
      name: 'a required field is null, a peer is left with no selector by a null one, and a null list item stays',
      manifests:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: null\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [null]\n---\n' +
        policyIngress('    - from:\n        - podSelector: null\n'),
      errors: [
        { messageId: 'invalid', line: 5, column: 13, includes: 'spec.selector is required, and null leaves it unset' },
        { messageId: 'invalid', line: 9, includes: 'spec.template.spec.containers[0] must be an object, not null' },
        { messageId: 'invalid', line: 19, includes: 'must set podSelector, namespaceSelector or ipBlock' },
      ],
    },
    {
      name: 'a padded loadBalancerSourceRanges entry is not a CIDR, and another is padded inside',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: lb}\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - " 10.0.0.0/33 "\n    - "10.0.0.0 /8"\n  ports: [{port: 443}]\n',
      errors: [
        { messageId: 'invalid', line: 7, column: 7, includes: 'must be a CIDR such as 10.0.0.0/8' },
        { messageId: 'invalid', line: 8, column: 7, includes: 'must be a CIDR such as 10.0.0.0/8' },
      ],
    },
    {
      name: 'a traffic policy is lower case',
      manifests: service('    - port: 80\n  externalTrafficPolicy: local\n  internalTrafficPolicy: Node\n'),
      errors: [
        { messageId: 'invalid', line: 10, includes: 'spec.externalTrafficPolicy must be one of "Cluster", "Local", not "local"' },
        { messageId: 'invalid', line: 11, includes: 'spec.internalTrafficPolicy must be one of "Cluster", "Local", not "Node"' },
      ],
    },
    {
      name: 'a Service port is above 65535',
      manifests: service('    - port: 80800\n'),
      errors: [{ messageId: 'invalid', line: 9, column: 13, includes: 'spec.ports[0].port must be <= 65535, not 80800' }],
    },
    {
      name: 'a protocol is lower case and a port number is quoted',
      manifests: service('    - port: "80"\n      protocol: tcp\n'),
      errors: [
        { messageId: 'invalid', line: 9, column: 13, includes: 'spec.ports[0].port must be an integer, not "80" (remove the quotes)' },
        { messageId: 'invalid', line: 10, column: 17, includes: 'spec.ports[0].protocol must be one of "SCTP", "TCP", "UDP", not "tcp"' },
      ],
    },
    {
      name: 'a targetPort is a quoted number, a boolean and an upper-case name',
      manifests: service('    - port: 80\n      targetPort: "8080"\n    - port: 81\n      targetPort: true\n    - port: 82\n      targetPort: Http\n'),
      errors: [
        { messageId: 'invalid', line: 10, includes: 'spec.ports[0].targetPort must be a port number (1-65535, without quotes) or a port name' },
        { messageId: 'invalid', line: 12, includes: 'spec.ports[1].targetPort must be an integer or a string, not true' },
        { messageId: 'invalid', line: 14, includes: 'not "Http"' },
      ],
    },
    {
      name: 'a targetPort and a nodePort are negative',
      manifests: service('    - {port: 80, targetPort: -1, nodePort: -1}\n'),
      errors: [
        { messageId: 'invalid', line: 9, includes: 'spec.ports[0].targetPort must be >= 1, not -1' },
        { messageId: 'invalid', line: 9, includes: 'spec.ports[0].nodePort must be >= 0, not -1' },
      ],
    },
    {
      name: 'a Service name starts with a digit (not a DNS-1035 label) and a port lacks its number',
      manifests: service('    - name: http\n', '1web'),
      errors: [
        { messageId: 'invalid', line: 4, column: 9, includes: 'metadata.name must be a DNS-1035 label' },
        { messageId: 'invalid', line: 9, column: 7, includes: 'spec.ports[0] is missing the required field "port"' },
      ],
    },
    {
      name: 'spec.ports is a string',
      manifests: service('    "80"\n'),
      errors: [{ messageId: 'invalid', line: 9, column: 5, includes: 'spec.ports must be an array, not "80"' }],
    },
    {
      name: 'a Service has no ports and is neither headless nor ExternalName',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n',
      errors: [{ messageId: 'invalid', line: 4, includes: 'spec must list ports' }],
    },
    {
      name: 'an ExternalName Service has no externalName',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: mail}\nspec:\n  type: ExternalName\n',
      errors: [{ messageId: 'invalid', line: 4, includes: 'spec must set externalName when type is ExternalName' }],
    },
    {
      name: 'an annotation value is an unquoted boolean',
      manifests: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations:\n    linkerd.io/inject: enabled\n    prometheus.io/scrape: true\n',
      errors: [{ messageId: 'invalid', line: 7, column: 27, includes: 'metadata.annotations["prometheus.io/scrape"] must be a string, not true (quote it: "true")' }],
    },
    {
      name: 'annotation values are numbers written 1.0 and 0x10',
      manifests: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations:\n    version: 1.0\n    mask: 0x10\n',
      errors: [
        { messageId: 'invalid', line: 6, column: 14, includes: 'metadata.annotations.version must be a string, not 1.0 (quote it: "1.0")' },
        { messageId: 'invalid', line: 7, column: 11, includes: 'metadata.annotations.mask must be a string, not 0x10 (quote it: "0x10")' },
      ],
    },
    {
      name: 'a selector expression key is null or a list, and another empty (numbers and booleans there are label-value findings)',
      manifests:
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector:\n    matchExpressions:\n      - {key: ~, operator: Exists}\n      - {key: [a], operator: Exists}\n      - {key: "", operator: Exists}\n      - {key: True, operator: In, values: [1.0, true]}\n',
      errors: [
        { messageId: 'invalid', line: 7, column: 15, includes: 'spec.podSelector.matchExpressions[0].key is required, and null leaves it unset' },
        { messageId: 'invalid', line: 8, column: 15, includes: 'matchExpressions[1].key must be a string (a label key), not a list' },
        { messageId: 'invalid', line: 9, column: 15, includes: 'matchExpressions[2].key must not be empty' },
      ],
    },
    {
      name: 'a Namespace name has upper-case letters and an object has no name at all',
      manifests: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Shop\n---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  namespace: shop\n',
      errors: [
        { messageId: 'invalid', line: 4, includes: 'metadata.name must be a DNS-1123 label' },
        { messageId: 'invalid', line: 8, column: 1, includes: 'metadata is missing the required field "name"' },
      ],
    },
    {
      name: 'a Deployment template is null',
      manifests: deployment('  selector:\n    matchLabels: {app: web}\n  template:\n'),
      errors: [{ messageId: 'invalid', line: 8, includes: 'spec.template is required, and null leaves it unset' }],
    },
    {
      name: 'a Deployment has no selector and a container has no name',
      manifests: deployment('  template:\n    spec:\n      containers:\n        - image: nginx\n'),
      errors: [
        { messageId: 'invalid', line: 5, column: 1, includes: 'spec is missing the required field "selector"' },
        { messageId: 'invalid', line: 9, column: 11, includes: 'spec.template.spec.containers[0] is missing the required field "name"' },
      ],
    },
    {
      name: 'a container port is 0 and its name is longer than 15 characters',
      manifests: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      ports:\n        - containerPort: 0\n          name: http-metrics-port\n',
      errors: [
        { messageId: 'invalid', line: 8, column: 26, includes: 'containerPort must be >= 1, not 0' },
        { messageId: 'invalid', line: 9, column: 17, includes: 'spec.containers[0].ports[0].name must be an IANA service name' },
      ],
    },
    {
      name: 'a selector expression uses In without values, Exists with values and a lower-case operator',
      manifests: deployment(
        '  selector:\n    matchExpressions:\n      - {key: a, operator: In}\n      - {key: b, operator: Exists, values: [x]}\n      - {key: c, operator: in, values: [x]}\n  template:\n    spec: {containers: [{name: c}]}\n',
      ),
      errors: [
        { messageId: 'invalid', line: 8, includes: 'matchExpressions[0] must list values for operator In or NotIn' },
        { messageId: 'invalid', line: 9, includes: 'matchExpressions[1].values must be empty for operator Exists or DoesNotExist' },
        { messageId: 'invalid', line: 10, includes: 'matchExpressions[2].operator must be one of "In", "NotIn", "Exists", "DoesNotExist", not "in"' },
      ],
    },
    {
      name: 'the selectors and templates of every other workload kind are missing',
      manifests:
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db.v1}\nspec: {selector: {}}\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec: {template: {spec: {containers: []}}}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: job}\nspec: {}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: a-cron-job-whose-name-is-far-too-long-for-its-jobs-names}\nspec: {jobTemplate: {}}\n---\napiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec: {selector: {app: rc}}\n---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\n',
      errors: [
        { messageId: 'invalid', line: 3, includes: 'metadata.name must be a DNS-1123 label' },
        { messageId: 'invalid', line: 4, includes: 'spec is missing the required field "template"' },
        { messageId: 'invalid', line: 9, includes: 'spec is missing the required field "selector"' },
        { messageId: 'invalid', line: 9, includes: 'spec.template.spec.containers must not be empty' },
        { messageId: 'invalid', line: 14, includes: 'spec is missing the required field "template"' },
        { messageId: 'invalid', line: 18, includes: 'metadata.name must be at most 52 characters long, not 56' },
        { messageId: 'invalid', line: 19, includes: 'spec is missing the required field "schedule"' },
        { messageId: 'invalid', line: 19, includes: 'spec.jobTemplate is missing the required field "spec"' },
        { messageId: 'invalid', line: 24, includes: 'spec is missing the required field "template"' },
        { messageId: 'invalid', line: 26, includes: 'the top level is missing the required field "spec"' },
      ],
    },
    {
      name: 'an Ingress path has a lower-case pathType, a relative path and a backend with both port forms',
      manifests: ingressPath('          - path: api\n            pathType: prefix\n            backend:\n              service:\n                name: web\n                port: {number: 80, name: http}\n'),
      errors: [
        { messageId: 'invalid', line: 10, column: 19, includes: 'path must be an absolute path starting with \'/\', not "api"' },
        { messageId: 'invalid', line: 11, column: 23, includes: 'pathType must be one of "Exact", "ImplementationSpecific", "Prefix", not "prefix"' },
        { messageId: 'invalid', line: 15, includes: 'backend.service.port must set either number or name, not both' },
      ],
    },
    {
      name: 'an Ingress path has no pathType and a backend without a service port',
      manifests: ingressPath('          - path: /\n            backend:\n              service: {name: web}\n'),
      errors: [
        { messageId: 'invalid', line: 10, column: 13, includes: 'spec.rules[0].http.paths[0] is missing the required field "pathType"' },
        { messageId: 'invalid', line: 12, includes: 'backend.service is missing the required field "port"' },
      ],
    },
    {
      name: 'an Ingress host is an IP address and an Exact path has no path',
      manifests: ingressPath('          - pathType: Exact\n            backend: {}\n').replace('shop.example.com', '10.0.0.1'),
      errors: [
        { messageId: 'invalid', line: 7, includes: 'spec.rules[0].host must be a DNS name, not an IP address' },
        { messageId: 'invalid', line: 10, includes: 'must set path when pathType is Exact or Prefix' },
        { messageId: 'invalid', line: 11, includes: 'backend must name a service (or a resource)' },
      ],
    },
    {
      name: 'an Ingress has neither rules nor a default backend',
      manifests: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  ingressClassName: Nginx\n',
      errors: [
        { messageId: 'invalid', line: 4, includes: 'spec must set defaultBackend or rules' },
        { messageId: 'invalid', line: 5, includes: 'spec.ingressClassName must be a DNS-1123 subdomain' },
      ],
    },
    {
      name: 'an IngressClass has no controller',
      manifests: 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\nspec: {}\n',
      errors: [{ messageId: 'invalid', line: 4, includes: 'spec is missing the required field "controller"' }],
    },
    {
      name: 'a NetworkPolicy peer combines ipBlock with a podSelector, another peer is empty, and an ipBlock has no cidr',
      manifests: policyIngress('    - from:\n        - ipBlock: {cidr: 10.0.0.0/8}\n          podSelector: {}\n        - {}\n        - ipBlock: {except: [10.1.0.0/16]}\n'),
      errors: [
        { messageId: 'invalid', line: 9, column: 11, includes: 'must not combine ipBlock with podSelector or namespaceSelector' },
        { messageId: 'invalid', line: 11, column: 11, includes: 'spec.ingress[0].from[1] must set podSelector, namespaceSelector or ipBlock' },
        { messageId: 'invalid', line: 12, includes: 'spec.ingress[0].from[2].ipBlock is missing the required field "cidr"' },
      ],
    },
    {
      name: 'a NetworkPolicy endPort has no port, and a policy type is lower case',
      manifests: policyIngress('    - ports:\n        - port: http\n          endPort: 90\n        - endPort: "100"\n').replace('  podSelector: {}\n', '  podSelector: {}\n  policyTypes: [egress]\n'),
      errors: [
        { messageId: 'invalid', line: 7, includes: 'spec.policyTypes[0] must be one of "Egress", "Ingress", not "egress"' },
        { messageId: 'invalid', line: 12, includes: 'spec.ingress[0].ports[1] sets "endPort" without "port"' },
        { messageId: 'invalid', line: 12, includes: 'endPort must be an integer, not "100" (remove the quotes)' },
      ],
    },
    {
      name: 'Endpoints and an EndpointSlice have bad ports and address types',
      manifests:
        'apiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets:\n  - addresses: [{hostname: x}]\n    ports: [{port: 70000}]\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-1}\naddressType: ipv4\nendpoints: [{addresses: []}]\n',
      errors: [
        { messageId: 'invalid', line: 5, includes: 'subsets[0].addresses[0] is missing the required field "ip"' },
        { messageId: 'invalid', line: 6, includes: 'subsets[0].ports[0].port must be <= 65535' },
        { messageId: 'invalid', line: 11, includes: 'addressType must be one of "FQDN", "IPv4", "IPv6", not "ipv4"' },
        { messageId: 'invalid', line: 12, includes: 'endpoints[0].addresses must not be empty' },
      ],
    },
    {
      name: 'a Service inside a kind: List has a bad port',
      manifests: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: a}\n    spec:\n      ports:\n        - port: 0\n',
      errors: [{ messageId: 'invalid', line: 9, column: 17, includes: 'spec.ports[0].port must be >= 1, not 0' }],
    },
    {
      name: 'a Service has no apiVersion',
      manifests: 'kind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n',
      errors: [{ messageId: 'noApiVersion', line: 1, column: 1, includes: 'this Service has no apiVersion, so kubectl rejects it ("apiVersion not set") and it was not analysed; add apiVersion: v1' }],
    },
    {
      name: 'a Deployment inside a List and a ConfigMap have no apiVersion',
      manifests: 'apiVersion: v1\nkind: List\nitems:\n  - kind: Deployment\n    metadata: {name: web}\n---\nkind: ConfigMap\ndata: {a: b}\n',
      errors: [
        { messageId: 'noApiVersion', line: 4, column: 5, includes: 'add apiVersion: apps/v1' },
        { messageId: 'noApiVersion', line: 7, column: 1, includes: 'add apiVersion: v1' },
      ],
    },
    {
      name: 'a custom resource with metadata has no apiVersion',
      manifests: 'metadata: {name: web}\nkind: Certificate\nspec: {secretName: web-tls}\n',
      errors: [{ messageId: 'noApiVersionUnknown', line: 2, column: 1, includes: 'of the API that serves Certificate' }],
    },
    {
      name: 'an object with metadata has an apiVersion and no kind',
      manifests: 'metadata: {name: web}\napiVersion: v1\nspec:\n  ports: [{port: 80}]\n',
      errors: [{ messageId: 'noKind', line: 2, column: 1, includes: 'apiVersion "v1" has no kind, so kubectl rejects it ("kind not set")' }],
    },
    {
      name: 'an object has kind: 42 (written, but no kind name)',
      manifests: 'apiVersion: v1\nkind: 42\nmetadata: {name: web}\n',
      errors: [{ messageId: 'kindNotString', line: 2, column: 7, includes: 'kind 42 is not a kind name' }],
    },
    {
      name: 'built-in kinds are written in lower case, beside a custom resource of a lower-case kind',
      manifests: 'apiVersion: v1\nkind: service\nmetadata: {name: web}\n---\napiVersion: apps/v1\nkind: deployment\nmetadata: {name: web}\n---\napiVersion: example.com/v1\nkind: service\nmetadata: {name: other}\n',
      errors: [
        { messageId: 'kindCase', line: 2, column: 7, includes: 'kind "service" is not served by Kubernetes: kinds are case-sensitive, so kubectl finds no match for it and rejects the object, and it was not analysed; write kind: Service' },
        { messageId: 'kindCase', line: 6, column: 7, includes: 'write kind: Deployment' },
      ],
    },
    {
      name: 'an Ingress uses the removed extensions/v1beta1 API',
      manifests: 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: legacy}\nspec:\n  backend: {serviceName: web, servicePort: 80}\n',
      errors: [{ messageId: 'apiVersion', line: 1, column: 13, includes: 'apiVersion "extensions/v1beta1" of Ingress is not served by current Kubernetes; use "networking.k8s.io/v1"' }],
    },
    {
      name: 'the items of an IngressList of the removed extensions/v1beta1 API write no apiVersion of their own',
      manifests: 'kind: IngressList\napiVersion: extensions/v1beta1\nitems:\n  - metadata: {name: legacy}\n    spec:\n      backend: {serviceName: web, servicePort: 80}\n',
      errors: [{ messageId: 'apiVersion', line: 2, column: 13, includes: 'apiVersion "extensions/v1beta1" of Ingress is not served by current Kubernetes' }],
    },
    {
      name: 'an item of a PodList has a port outside 1-65535',
      manifests: 'apiVersion: v1\nkind: PodList\nitems:\n  - metadata: {name: web}\n    spec:\n      containers:\n        - name: c\n          ports: [{containerPort: 70000}]\n',
      errors: [{ messageId: 'invalid', line: 8, column: 35 }],
    },
    {
      name: 'a Deployment uses apps/v1beta2',
      manifests: 'apiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: Web}\n',
      errors: [{ messageId: 'apiVersion', line: 1, includes: 'use "apps/v1"' }],
    },
  ],
});

describe('rule schema with the other rules', () => {
  it('when a Service has schema violations, then the other rules still analyse it', () => {
    const files = toSourceFiles(
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      protocol: tcp\n',
    );
    const ids = analyze({ files, config: DEFAULT_CONFIG }).diagnostics.map((d) => d.ruleId);
    assert.ok(ids.includes('schema'), ids.join(', '));
    assert.ok(ids.includes('service-selector-orphan'), ids.join(', '));
  });
});

describe('rule schema owns values the API server rejects', () => {
  // Each mistake below is a schema finding; rules that resolve the field must not report it again.
  const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx
          ports: [{containerPort: 8080, name: http}, {containerPort: 70000}, {containerPort: 0}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: bogus}
spec:
  selector: {matchExpressions: [{key: app, operator: Equals, values: [web]}]}
  template:
    metadata: {labels: {app: bogus}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports:
    - {name: a, port: 80, targetPort: 65536}
    - {name: b, port: -1}
    - {name: c, port: 82, targetPort: "8080"}
    - {name: d, port: 83, targetPort: http, nodePort: 70000}
    - {name: e, port: 84, targetPort: 9999}
---
apiVersion: v1
kind: Service
metadata: {name: text}
spec:
  selector: app=web
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {}
spec:
  ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  ingressClassName: nginx
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: "", port: {number: 80}}}}
          - {path: /a, pathType: Prefix, backend: {service: {name: web, port: {number: 70000}}}}
          - {path: /b, pathType: Prefix, backend: {service: {name: web, port: {name: "8080"}}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
spec:
  podSelector: {matchExpressions: [{key: app, operator: Bogus, values: [web]}]}
  ingress:
    - from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: []}]}}]
`;
  const diagnostics = analyze({ files: toSourceFiles(manifests), config: DEFAULT_CONFIG }).diagnostics;
  const at = (d: (typeof diagnostics)[number]) => `${positionAt(d.file, d.span.start).line} ${d.ruleId}: ${d.message}`;

  it('when a field holds such a value, then no other rule reports a finding on its line', () => {
    const schemaLines = new Set(diagnostics.filter((d) => d.ruleId === 'schema').map((d) => positionAt(d.file, d.span.start).line));
    assert.ok(schemaLines.size >= 12, diagnostics.map(at).join('\n'));
    const others = diagnostics.filter((d) => d.ruleId !== 'schema' && schemaLines.has(positionAt(d.file, d.span.start).line));
    assert.deepEqual(others.map(at), []);
  });

  it('when ports, selectors or names are invalid, then only the one real target port mistake is reported by the rules that resolve them', () => {
    const dependent = ['service-target-port', 'service-selector-orphan', 'workload-selector-mismatch', 'ingress-backend-port', 'ingress-backend-service', 'service-node-port', 'networkpolicy-selector-orphan', 'networkpolicy-peer-orphan'];
    const found = diagnostics.filter((d) => dependent.includes(d.ruleId));
    assert.equal(found.length, 1, found.map(at).join('\n'));
    assert.match(found[0]!.message, /targetPort 9999\/TCP is not declared by any container of Deployment "web" \(declared: 8080\/TCP \(http\)\)/);
  });
});

describe('the schema rule\'s hint to quote a number or boolean', () => {
  it('when the value is written plain, then the hint quotes the text as written, and when tagged or an alias, then there is no hint', () => {
    const manifest = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations:\n    version: 1.0\n    on: True\n    size: !!int 5\n    count: &n 3\n    copy: *n\n';
    assert.deepEqual(
      runRule(rule, manifest).map((d) => d.message),
      [
        'metadata.annotations.version must be a string, not 1.0 (quote it: "1.0")',
        'metadata.annotations.on must be a string, not True (quote it: "True")',
        'metadata.annotations.size must be a string, not 5',
        'metadata.annotations.count must be a string, not 3 (quote it: "3")',
        'metadata.annotations.copy must be a string, not 3',
      ],
    );
  });
});

describe('the Service schema', () => {
  it('when loadBalancerSourceRanges entries are checked, then the pattern is the common CIDR pattern with Go white space around it', () => {
    const cidr = commonSchema.definitions.cidr.pattern.slice(1, -1);
    assert.equal(serviceSchema.definitions.loadBalancerSourceRange.pattern, `^${GO_SPACE_CLASS}*(?:${cidr})${GO_SPACE_CLASS}*$`);
  });
});
