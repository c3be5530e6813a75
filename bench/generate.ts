import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Shape of the synthetic tree; the stamp file records it so an existing tree is reused. */
export interface TreeSpec {
  readonly namespaces: number;
  readonly appsPerNamespace: number;
  readonly seed: number;
}

export interface TreeStats {
  readonly files: number;
  readonly objects: number;
  readonly workloads: number;
  readonly policies: number;
  readonly bytes: number;
}

/** About 10,000 files and 20,000 objects: 10,000 workloads, ~7,000 Services, ~2,000 Ingresses, 1,000 policies. */
export const DEFAULT_SPEC: TreeSpec = { namespaces: 200, appsPerNamespace: 50, seed: 20240601 };

const GENERATOR_VERSION = 6;

/** Deterministic PRNG (mulberry32), so every run lints the same tree. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ['web', 'api', 'worker', 'db', 'cache'] as const;
const TEAMS = ['payments', 'search', 'identity', 'checkout', 'platform', 'data'];
const WORDS = ['orders', 'cart', 'users', 'billing', 'catalog', 'stock', 'mailer', 'auth', 'reports', 'events', 'feeds', 'media'];

/** Writes the tree into `dir` unless a tree of the same spec is already there. */
export function ensureTree(dir: string, spec: TreeSpec = DEFAULT_SPEC): TreeStats {
  const stampPath = `${dir}.stamp.json`; // beside the tree: a .json inside it would be linted
  const stamp = JSON.stringify({ version: GENERATOR_VERSION, spec });
  if (existsSync(stampPath)) {
    const saved = JSON.parse(readFileSync(stampPath, 'utf8')) as { stamp: string; stats: TreeStats };
    if (saved.stamp === stamp) return saved.stats;
  }
  rmSync(dir, { recursive: true, force: true });
  const stats = { files: 0, objects: 0, workloads: 0, policies: 0, bytes: 0 };
  const write = (path: string, docs: readonly string[], options: { leadingSeparator?: boolean; header?: string } = {}) => {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    const text = (options.header ?? '') + (options.leadingSeparator ? '---\n' : '') + docs.join('---\n');
    writeFileSync(full, text);
    stats.files++;
    stats.objects += docs.length;
    stats.bytes += Buffer.byteLength(text);
  };
  // What the cluster holds beyond the tree, as a repository using kube-netlint would declare it.
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.kube-netlint.yaml'), CONFIG);
  const rnd = random(spec.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

  for (let n = 0; n < spec.namespaces; n++) {
    const ns = `${pick(TEAMS)}-${String(n).padStart(3, '0')}`;
    const team = ns.split('-')[0]!;
    write(`${ns}/namespace.yaml`, [namespaceDoc(ns, team, n)]);
    const policies = policyDocs(ns, rnd);
    write(`${ns}/policies/default-deny.yaml`, policies.slice(0, 2), { header: '# Baseline isolation for the namespace.\n' });
    write(`${ns}/policies/allow.yaml`, policies.slice(2), { leadingSeparator: true });
    stats.policies += policies.length;
    const apps = Array.from({ length: spec.appsPerNamespace }, (_, a) => `${pick(WORDS)}-${String(a).padStart(2, '0')}`);
    // The web tier calls the api tier, which calls the data tiers, by Service DNS name, as the policies allow.
    const ofTier = (tier: string) => apps.filter((_, a) => TIERS[a % TIERS.length] === tier);
    const apiUrls = ofTier('api').map((app) => `http://${app}.${ns}.svc.cluster.local:80`);
    const calls: Readonly<Record<string, readonly string[]>> = {
      web: apiUrls,
      api: [...ofTier('db').map((app) => `postgres://${app}.${ns}.svc.cluster.local:5432/app`), ...ofTier('cache').map((app) => `redis://${app}.${ns}.svc.cluster.local:6379`)],
    };
    if (n % 4 === 0) write(`${ns}/config/proxy.yaml`, [configMapDoc(ns, apiUrls[0]!, rnd)]);
    for (let a = 0; a < spec.appsPerNamespace; a++) {
      const app = apps[a]!;
      const tier = TIERS[a % TIERS.length]!;
      const docs = [workloadDoc(ns, app, tier, team, calls[tier] ?? [], rnd)];
      stats.workloads++;
      const hasService = tier !== 'worker' || rnd() < 0.3;
      if (hasService) docs.push(serviceDoc(ns, app, tier, rnd));
      if (hasService && tier === 'web') docs.push(ingressDoc(ns, app, rnd));
      const helm = rnd() < 0.4;
      write(`${ns}/apps/${app}.yaml`, docs, helm ? { leadingSeparator: true, header: `# Source: ${app}/templates/all.yaml\n` } : {});
    }
  }
  writeFileSync(stampPath, JSON.stringify({ stamp, stats }));
  return stats;
}

const CONFIG = `cluster:
  namespaces:
    - name: kube-system
    - name: ingress-nginx
    - name: monitoring
  ingressController:
    namespace: ingress-nginx
    podLabels:
      app.kubernetes.io/name: ingress-nginx
`;

function namespaceDoc(ns: string, team: string, n: number): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    team: ${team}
    env: ${n % 3 === 0 ? 'prod' : 'staging'}
`;
}

function workloadDoc(ns: string, app: string, tier: string, team: string, upstreams: readonly string[], rnd: () => number): string {
  const stateful = tier === 'db' && rnd() < 0.5;
  const port = tier === 'db' ? 5432 : tier === 'cache' ? 6379 : 8080;
  const seqIndent = rnd() < 0.5 ? '' : '  '; // kubectl style (no indent) and helm style (indented) lists
  const quote = rnd() < 0.5 ? '"' : '';
  const item = `${seqIndent}          `; // indentation of the container's keys
  const env = Array.from({ length: 2 + Math.floor(rnd() * 4) }, (_, i) =>
    i === 0
      ? `${item}- name: LOG_LEVEL\n${item}  value: ${quote}info${quote}`
      : i === 1
        ? `${item}- name: POD_NAMESPACE\n${item}  valueFrom:\n${item}    fieldRef:\n${item}      fieldPath: metadata.namespace`
        : upstreams.length > 0
          ? `${item}- name: UPSTREAM_${i}\n${item}  value: "${upstreams[Math.floor(rnd() * upstreams.length)]}"`
          : `${item}- name: FEATURE_${i}\n${item}  value: ${rnd() < 0.5 ? '"on"' : "'false'"}`,
  ).join('\n');
  const probes = rnd() < 0.7
    ? `
          readinessProbe:
            httpGet:
              path: /healthz
              port: ${tier === 'db' || tier === 'cache' ? port : 'http'}
            initialDelaySeconds: 5
            periodSeconds: 10
          livenessProbe:
            tcpSocket: { port: ${port} }
            failureThreshold: 3`
    : '';
  const annotations = rnd() < 0.3
    ? `
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: '9090'
        description: >-
          ${app} serves the ${tier} tier of ${ns};
          owned by team ${team}.`
    : '';
  return `apiVersion: apps/v1
kind: ${stateful ? 'StatefulSet' : 'Deployment'}
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/part-of: ${team}
    tier: ${tier}
spec:
  replicas: ${1 + Math.floor(rnd() * 5)}${stateful ? `\n  serviceName: ${app}` : ''}
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
        tier: ${tier}
        version: ${quote}v${1 + Math.floor(rnd() * 3)}${quote}${annotations}
    spec:
      serviceAccountName: ${app}
      containers:
${seqIndent}        - name: ${app}
${seqIndent}          image: registry.example.com/${team}/${app}:1.${Math.floor(rnd() * 40)}.${Math.floor(rnd() * 10)}
${seqIndent}          args: ["--port=${port}", "--metrics-port=9090"]   # flags of the service
${seqIndent}          ports:
${seqIndent}            - name: ${tier === 'db' ? 'postgres' : tier === 'cache' ? 'redis' : 'http'}
${seqIndent}              containerPort: ${port}
${seqIndent}              protocol: TCP
${seqIndent}            - name: metrics
${seqIndent}              containerPort: 9090
${seqIndent}          env:
${env}
${seqIndent}          resources:
${seqIndent}            requests: { cpu: 100m, memory: 128Mi }
${seqIndent}            limits:
${seqIndent}              memory: 512Mi${probes.replace(/\n {10}/g, `\n${seqIndent}          `)}
${seqIndent}          securityContext:
${seqIndent}            runAsNonRoot: true
${seqIndent}            readOnlyRootFilesystem: true
${seqIndent}            allowPrivilegeEscalation: false
`;
}

function serviceDoc(ns: string, app: string, tier: string, rnd: () => number): string {
  const port = tier === 'db' ? 5432 : tier === 'cache' ? 6379 : 80;
  const portName = tier === 'db' ? 'postgres' : tier === 'cache' ? 'redis' : 'http';
  // About 1% of Services carry a classic mistake, so the lint has findings to place.
  const mistake = rnd();
  const target = mistake < 0.005 ? 8081 : tier === 'db' || tier === 'cache' ? port : portName;
  const selectorApp = mistake > 0.995 ? `${app}-v2` : app;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app: ${app}
spec:
  type: ClusterIP${tier === 'db' ? '\n  clusterIP: None' : ''}
  selector:
    app: ${selectorApp}
  ports:
  - name: ${portName}
    port: ${port}
    targetPort: ${target}
    protocol: TCP
  - name: metrics
    port: 9090
    targetPort: metrics
`;
}

function ingressDoc(ns: string, app: string, rnd: () => number): string {
  const host = `${app}.${ns}.example.com`;
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${app}
  namespace: ${ns}
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
    cert-manager.io/cluster-issuer: 'letsencrypt'
spec:
  ingressClassName: nginx
  tls:
    - hosts: [${host}]
      secretName: ${app}-tls
  rules:
    - host: ${host}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${app}
                port:
                  ${rnd() < 0.5 ? 'number: 80' : 'name: http'}
`;
}

function policyDocs(ns: string, rnd: () => number): string[] {
  const sourcePort = rnd() < 0.5 ? '8080' : 'http';
  return [
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-egress
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - { protocol: UDP, port: 53 }
    - { protocol: TCP, port: 53 }
  - to:
    - podSelector: {}   # within the namespace
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-platform
  namespace: ${ns}
spec:
  podSelector: {}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
          podSelector:
            matchLabels:
              app.kubernetes.io/name: ingress-nginx
      ports:
        - port: http
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
      ports:
        - port: 9090
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web-to-api
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      tier: api
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              tier: web
      ports:
        - protocol: TCP
          port: ${sourcePort}
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-api-to-data
  namespace: ${ns}
spec:
  podSelector:
    matchExpressions:
      - { key: tier, operator: In, values: [db, cache] }
  ingress:
    - from:
        - podSelector:
            matchLabels:
              tier: api
      ports:
        - port: 5432
        - port: 6379
`,
  ];
}

function configMapDoc(ns: string, upstream: string, rnd: () => number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: proxy-config
  namespace: ${ns}
data:
  upstream: "${upstream}"
  timeout: "${10 + Math.floor(rnd() * 50)}s"
  nginx.conf: |
    worker_processes 2;
    events {
      worker_connections 1024;
    }
    http {
      server {
        listen 8080;
        location / {
          proxy_pass ${upstream};
        }
      }
    }
`;
}
