/**
 * Random trees of several namespaces that name each other (env values, ConfigMaps, namespaceSelectors,
 * Ingress backends, Routes, policies): the generator of the tests that compare a cached analysis
 * with a fresh one (test/incremental-random.test.ts, the editor's cache; test/cache-cli.test.ts,
 * the `--cache` of the CLI).
 */

export const NAMESPACES = ['shop', 'pay', 'ops'] as const;
export const APPS = ['web', 'api', 'db'] as const;

/** A small deterministic PRNG (mulberry32): the same seed gives the same edits on every machine. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Pick = <T>(items: readonly T[]) => T;

/** A Service name as clients write it: bare, `svc.ns`, the full name, with or without a port. */
export function reference(pick: Pick): string {
  const service = pick([...APPS, 'cache']);
  const namespace = pick([...NAMESPACES, 'gone']);
  const port = pick(['', ':80', ':5432', ':9999']);
  return pick([`${service}`, `http://${service}.${namespace}${port}`, `${service}.${namespace}.svc.cluster.local${port}`, `tcp://${service}${port}`]);
}

export function deployment(namespace: string, app: string, pick: Pick): string {
  const label = pick([app, app, `${app}-v2`]);
  const port = pick(['{name: http, containerPort: 8080}', '{name: pg, containerPort: 5432}', '{containerPort: 8080}']);
  const env = pick(['[]', `[{name: PEER, value: "${reference(pick)}"}]`, `[{name: A, value: "${reference(pick)}"}, {name: B, value: "${reference(pick)}"}]`]);
  const dns = pick(['', '', 'dnsPolicy: Default\n      ']);
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${label}}}
  template:
    metadata: {labels: {app: ${label}, tier: ${pick(['front', 'back'])}}}
    spec:
      ${dns}containers: [{name: main, image: x, ports: [${port}], env: ${env}, envFrom: [{configMapRef: {name: settings}}]}]
`;
}

export function service(namespace: string, app: string, pick: Pick): string {
  const selector = pick([`{app: ${app}}`, `{app: ${app}-v2}`, `{app: ${pick(APPS)}}`, '{app: nothing}']);
  const targetPort = pick(['8080', 'http', 'pg', '5432', '9090']);
  const type = pick(['ClusterIP', 'ClusterIP', 'NodePort']);
  return `apiVersion: v1
kind: Service
metadata: {name: ${app}, namespace: ${namespace}}
spec:
  type: ${type}
  selector: ${selector}
  ports: [{name: ${pick(['http', 'pg'])}, port: ${pick(['80', '5432'])}, targetPort: ${targetPort}}]
`;
}

export function policy(namespace: string, pick: Pick): string {
  const from = pick([
    '[]',
    `[{from: [{podSelector: {matchLabels: {app: ${pick(APPS)}}}}], ports: [{port: ${pick(['8080', 'http', '5432'])}}]}]`,
    `[{from: [{namespaceSelector: {matchLabels: {team: ${pick(['a', 'b'])}}}, podSelector: {matchLabels: {tier: ${pick(['front', 'back'])}}}}]}]`,
    `[{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]}]`,
  ]);
  const egress = pick([
    '',
    '\n  egress: []',
    `\n  egress: [{to: [{namespaceSelector: {matchLabels: {team: ${pick(['a', 'b'])}}}}]}, {ports: [{port: 53, protocol: UDP}, {port: 53}]}]`,
  ]);
  const types = egress ? '[Ingress, Egress]' : '[Ingress]';
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: guard, namespace: ${namespace}}
spec:
  podSelector: {matchLabels: {${pick(['tier: back', 'app: db', 'tier: front'])}}}
  policyTypes: ${types}
  ingress: ${from}${egress}
`;
}

export function namespaceObject(namespace: string, pick: Pick): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${namespace}, labels: {team: ${pick(['a', 'b'])}}}\n`;
}

export function ingress(namespace: string, pick: Pick): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: front, namespace: ${namespace}}
spec:
  ingressClassName: nginx
  rules: [{host: shop.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ${pick(APPS)}, port: {${pick(['number: 80', 'number: 5432', 'name: http'])}}}}}]}}]
`;
}

/** An OpenShift Route to a Service of its namespace (or a missing one), by a port name or number, with or without TLS. */
export function route(namespace: string, pick: Pick): string {
  const port = pick(['', '\n  port: {targetPort: http}', '\n  port: {targetPort: 8080}', '\n  port: {targetPort: 80}', '\n  port: {targetPort: pg}']);
  const tls = pick(['', '\n  tls: {termination: edge}', '\n  tls: {termination: passthrough}']);
  return `apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: front, namespace: ${namespace}}\nspec:\n  to: {kind: Service, name: ${pick([...APPS, 'missing'])}}${port}${tls}\n`;
}

export function configMap(namespace: string, pick: Pick): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: ${namespace}}\ndata: {UPSTREAM: "${reference(pick)}"}\n`;
}

/** An object of a kind the model does not read: one that may create pods (selector findings soften), or one that never does. */
export function customResource(namespace: string, pick: Pick): string {
  const kind = pick(['Prometheus', 'ServiceMonitor']);
  return `apiVersion: monitoring.coreos.com/v1\nkind: ${kind}\nmetadata: {name: main, namespace: ${namespace}}\nspec: {}\n`;
}

/** Policies of namespaces whose pods are not in the tree: the ingress controller's, and kube-dns's. */
export function controllerPolicy(pick: Pick): string {
  const egress = pick(['[]', '[{ports: [{port: 8080}]}]', '[{to: [{namespaceSelector: {matchLabels: {team: a}}}]}]']);
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: ingress-nginx}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: ${egress}\n`;
}

export function kubeDnsPolicy(pick: Pick): string {
  const ingress = pick(['[]', '[{ports: [{port: 53, protocol: UDP}]}]', '[{from: [{namespaceSelector: {matchLabels: {team: b}}}]}]']);
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: dns, namespace: kube-system}\nspec:\n  podSelector: {matchLabels: {k8s-app: kube-dns}}\n  policyTypes: [Ingress]\n  ingress: ${ingress}\n`;
}

/** The ingress controller's own Deployment, which an unconfigured run recognises by its labels (or not). */
export function controllerDeployment(pick: Pick): string {
  const labels = pick(['{app.kubernetes.io/name: ingress-nginx}', '{app: proxy}']);
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: controller, namespace: ingress-nginx}\nspec:\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: x}]}\n`;
}

/** Every file the tree may hold, with a generator of its next text. */
export const FILES: readonly { readonly path: string; readonly render: (pick: Pick) => string }[] = [
  { path: 'ingress-nginx/policy.yaml', render: controllerPolicy },
  { path: 'ingress-nginx/controller.yaml', render: controllerDeployment },
  { path: 'kube-system/policy.yaml', render: kubeDnsPolicy },
  ...NAMESPACES.flatMap((namespace) => [
  { path: `${namespace}/namespace.yaml`, render: (pick: Pick) => namespaceObject(namespace, pick) },
  { path: `${namespace}/policy.yaml`, render: (pick: Pick) => policy(namespace, pick) },
  { path: `${namespace}/ingress.yaml`, render: (pick: Pick) => ingress(namespace, pick) },
  { path: `${namespace}/settings.yaml`, render: (pick: Pick) => configMap(namespace, pick) },
  { path: `${namespace}/operator.yaml`, render: (pick: Pick) => customResource(namespace, pick) },
  { path: `${namespace}/route.yaml`, render: (pick: Pick) => route(namespace, pick) },
  ...APPS.flatMap((app) => [
    { path: `${namespace}/${app}-deployment.yaml`, render: (pick: Pick) => deployment(namespace, app, pick) },
    { path: `${namespace}/${app}-service.yaml`, render: (pick: Pick) => service(namespace, app, pick) },
  ]),
  ]),
];
