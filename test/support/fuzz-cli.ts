// A fuzz target for the whole CLI: random trees of mutated manifests, random file names and random
// symbolic link graphs, linted by the real CLI bundle in a fresh process. Used by
// test/hostile/fuzz.test.ts (a few seconds in `npm test`) and scripts/fuzz.ts (`npm run fuzz -- SECONDS`).
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { random } from './random-yaml.ts';

/** What went wrong in one case; empty when every invariant held. */
export interface CaseResult {
  readonly seed: number;
  readonly problems: readonly string[];
  readonly files: number;
  readonly exit: number | null;
}

/** Manifests kept as written in every tree: each has a port the API server rejects, at `PRISTINE_LINE`:13. */
const pristine = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  selector: {app: ${name}}
  ports:
    - port: 99999
`;
const PRISTINE_LINE = 9;

/** Real-looking manifests that the mutations start from. */
const CORPUS: readonly string[] = [
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
  annotations:
    note: "see #kube-netlint-disable"
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      containers:
        - name: web
          image: nginx:1.25
          args: ["--port=8080"]
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: MODE
              value: "on"
`,
  `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {name: http}}}
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
      ports: [{port: 8080}]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
`,
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: scripts
data:
  run.sh: |
    # kube-netlint-disable
    echo "hi"
  ports: "8080"
`,
  '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "json"}, "spec": {"selector": {"app": "json"}, "ports": [{"port": 80}]}}\n',
  `# kube-netlint-disable-next-line schema
apiVersion: v1
kind: Pod
metadata: {name: &n pod, labels: {app: *n}}
spec:
  hostNetwork: yes
  containers: [{name: c, image: x, ports: [{containerPort: 010}]}]
`,
];

/** Fragments the mutations insert: YAML and JSON syntax, and what hostile input is made of. */
const NOISE: readonly string[] = [
  ' ', '\n', '\r\n', '\r', '\t', '#', ':', '-', '"', "'", '[', ']', '{', '}', ',', '|', '>', '&a', '*a', '!!binary', '!!float ', '?', '%', '\\',
  '---\n', '...\n', '\ufeff', '\u0000', '\u202e', '\u001b[2J', 'kube-netlint-disable', '# kube-netlint-disable\n', ' #kube-netlint-disable-line', '010', '1_000', 'yes', '.nan',
  '[[[[[[[[', '{a: {b: {c: ', `${'['.repeat(250)}`, '- - - - - ', '{{ .Values.x }}', 'kind: service\n', '\n  ? [a, b]\n  : v\n', 'é', '🚀', '\u0085', '\u2028',
];

/** File names: spaces, unicode, leading dashes, newlines, dots, control characters, long names. */
const NAME_PARTS: readonly string[] = ['svc', 'a b', 'ünï', '🚀', '-x', '--output-file=o', '--', ' lead', 'new\nline', '.hidden', '..dots', 'tab\there', 'back\\slash', '$HOME', '*', '?', '[x]', '{a,b}', "quo'te", 'q"uote', '\u202eevil', 'x'.repeat(120)];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function fileName(rnd: () => number, taken: Set<string>): string {
  for (;;) {
    let name = '';
    for (let parts = 1 + Math.floor(rnd() * 2); parts > 0; parts--) name += pick(rnd, NAME_PARTS);
    name = name.replace(/\//g, '_').slice(0, 200) + pick(rnd, ['.yaml', '.yml', '.json', '.YAML', '.yaml']);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function mutate(rnd: () => number, text: string): string {
  let out = text;
  for (let m = 1 + Math.floor(rnd() * 4); m > 0; m--) {
    const at = Math.floor(rnd() * (out.length + 1));
    const cut = rnd() < 0.3 ? Math.floor(rnd() * 4) : 0;
    out = out.slice(0, at) + (rnd() < 0.85 ? pick(rnd, NOISE) : '') + out.slice(at + cut);
  }
  return out;
}

interface Tree {
  readonly root: string;
  /** Display path (relative to the root, `/`-separated) of each pristine file by its real path. */
  readonly pristine: Map<string, string>;
}

/** Builds a random tree under `root`: directories, mutated and pristine manifests, links. */
function buildTree(rnd: () => number, root: string): Tree {
  const dirs = [root];
  const taken = new Set<string>();
  for (let d = Math.floor(rnd() * 5); d > 0; d--) {
    const dir = join(pick(rnd, dirs), fileName(rnd, taken).replace(/\.\w+$/, ''));
    mkdirSync(dir, { recursive: true });
    dirs.push(dir);
  }
  const pristineFiles = new Map<string, string>();
  for (let f = 3 + Math.floor(rnd() * 12); f > 0; f--) {
    const path = join(pick(rnd, dirs), fileName(rnd, taken));
    if (rnd() < 0.25) {
      const name = `keep-${pristineFiles.size}`;
      writeFileSync(path, pristine(name));
      pristineFiles.set(resolve(path), name);
    } else {
      let text = pick(rnd, CORPUS);
      for (let extra = Math.floor(rnd() * 3); extra > 0; extra--) text += `---\n${pick(rnd, CORPUS)}`;
      writeFileSync(path, rnd() < 0.9 ? mutate(rnd, text) : text);
    }
  }
  // Links: to directories (diamonds, loops to ancestors), to files, dangling.
  for (let l = Math.floor(rnd() * 6); l > 0; l--) {
    const from = join(pick(rnd, dirs), fileName(rnd, taken).replace(/\.\w+$/, rnd() < 0.5 ? '' : '.yaml'));
    const target = rnd() < 0.2 ? 'missing.yaml' : relative(resolve(from, '..'), pick(rnd, rnd() < 0.6 ? dirs : [...pristineFiles.keys(), ...dirs]));
    try {
      symlinkSync(target || '.', from);
    } catch {
      // A name taken by a link made earlier in this loop.
    }
  }
  return { root, pristine: pristineFiles };
}

/** A random hostile tree under `root`, as the fuzz target lints (for tests that compare runs on the same tree). */
export function randomTree(seed: number, root: string): void {
  buildTree(random(seed), root);
}

/** Every path under `root` with its size and modification time (links as links), to see that nothing was written. */
function snapshot(root: string): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stats = lstatSync(path);
      out.push(`${relative(root, path)}|${stats.size}|${stats.mtimeMs}|${stats.isSymbolicLink() ? 'l' : stats.isDirectory() ? 'd' : 'f'}`);
      if (stats.isDirectory() && !stats.isSymbolicLink()) walk(path);
    }
  };
  walk(root);
  return out.join('\n');
}

/** Lines of a file (LF, CR LF or a lone CR each end one), for checking finding positions. */
function lineCount(path: string): number {
  try {
    const text = readFileSync(path, 'utf8');
    return text.split(/\r\n|\r|\n/).length;
  } catch {
    return 1;
  }
}

/** Lints one random tree with the CLI bundle at `cli` and checks the invariants. */
export function fuzzCase(cli: string, seed: number): CaseResult {
  const rnd = random(seed);
  const base = mkdtempSync(join(tmpdir(), 'kube-netlint-fuzz-'));
  const root = join(base, 'tree');
  const temp = join(base, 'tmp');
  mkdirSync(root);
  mkdirSync(temp);
  const problems: string[] = [];
  try {
    const tree = buildTree(rnd, root);
    const before = snapshot(base);
    const result = spawnSync(process.execPath, [cli, '--no-config', '--format', 'json', '.'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: temp, TMPDIR: temp },
    });
    if (result.error) problems.push(`the CLI did not finish: ${result.error.message}`);
    if (result.status !== 0 && result.status !== 1 && result.status !== 2) problems.push(`exit code ${result.status} (signal ${result.signal})`);
    if (/\n\s+at .+:\d+:\d+\)?$|internal error/m.test(result.stderr)) problems.push(`a stack trace or internal error on stderr:\n${result.stderr.slice(0, 2000)}`);
    const after = snapshot(base);
    if (after !== before) problems.push('files changed, appeared or vanished in the tree or the temp directory');
    let body: { summary: { objects: number }; diagnostics: { ruleId: string; file: string; line: number; column: number; endLine: number }[] } | undefined;
    try {
      body = JSON.parse(result.stdout);
    } catch {
      problems.push(`the report is no JSON:\n${result.stdout.slice(0, 500)}\n${result.stderr.slice(0, 500)}`);
    }
    if (body) {
      for (const d of body.diagnostics) {
        if (!(d.line >= 1 && d.column >= 1 && d.endLine >= d.line)) problems.push(`a finding at ${d.file}:${d.line}:${d.column}`);
        const path = resolve(root, d.file);
        if (d.ruleId !== 'skipped-file' && d.line > lineCount(path)) problems.push(`${d.file}:${d.line} is past the file's ${lineCount(path)} lines (${d.ruleId})`);
      }
      // Every pristine file is analysed: its bad port is reported, under one of the paths that lead to it.
      for (const [real, name] of tree.pristine) {
        const hit = body.diagnostics.some((d) => d.ruleId === 'schema' && d.line === PRISTINE_LINE && safeReal(resolve(root, d.file)) === safeReal(real));
        if (!hit) problems.push(`the unmutated ${relative(root, real)} (Service ${name}) was not analysed`);
      }
    }
    return { seed, problems, files: tree.pristine.size, exit: result.status };
  } finally {
    if (problems.length === 0) rmSync(base, { recursive: true, force: true });
    else problems.push(`tree kept at ${base}`);
  }
}

function safeReal(path: string): string {
  try {
    const stats = statSync(path);
    return `${stats.dev}:${stats.ino}`;
  } catch {
    return path;
  }
}
