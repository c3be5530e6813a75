// `npm run bench:hostile [KIND...]`: the largest inputs of each kind that the hardening of issue 15 is
// about (deep, wide, many files, many documents, one huge line), each linted by the real CLI bundle
// in a fresh process; prints wall time, peak RSS and what was reported. Numbers, not assertions: the
// tests in test/hostile/ assert the findings.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Input {
  readonly kind: string;
  readonly name: string;
  /** Writes the input into `dir`; returns the paths to lint and a size to show. */
  readonly write: (dir: string) => { paths: string[]; bytes: number };
}

const service = (i: number) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ns-${i % 50}\n  labels:\n    app: app-${i}\nspec:\n  selector:\n    app: app-${i}\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n      protocol: TCP\n`;

function file(dir: string, name: string, text: string): { paths: string[]; bytes: number } {
  writeFileSync(join(dir, name), text);
  return { paths: [name], bytes: Buffer.byteLength(text) };
}

const MB = 1024 * 1024;

const INPUTS: readonly Input[] = [
  { kind: 'deep', name: "'a: ' + 5,000,000 × '['", write: (dir) => file(dir, 'deep.yaml', `a: ${'['.repeat(5_000_000)}`) },
  { kind: 'deep', name: '19.8 MB of nested JSON arrays', write: (dir) => file(dir, 'deep.yaml', `${'['.repeat(9_900_000)}${']'.repeat(9_900_000)}`) },
  { kind: 'deep', name: '3,400,000 nested JSON objects (19.5 MB)', write: (dir) => file(dir, 'deep.json', `${'{"a":'.repeat(3_400_000)}1${'}'.repeat(3_400_000)}`) },
  { kind: 'deep', name: '10,000,000 × "- " on one line', write: (dir) => file(dir, 'dashes.yaml', `${'- '.repeat(10_000_000)}x\n`) },
  {
    kind: 'wide',
    name: 'one ConfigMap of 400,000 keys',
    write: (dir) => file(dir, 'wide.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\ndata:\n${Array.from({ length: 400_000 }, (_, i) => `  key-${i}: value-${i}\n`).join('')}`),
  },
  {
    kind: 'wide',
    name: 'one List of 60,000 Services (19 MB, one document)',
    write: (dir) => file(dir, 'list.yaml', `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: 60_000 }, (_, i) => `${service(i).trimEnd().replace(/^/gm, '    ').replace(/^ {4}apiVersion/, '  - apiVersion')}\n`).join('')}`),
  },
  {
    kind: 'many files',
    name: '20,000 files of one Service',
    write: (dir) => {
      mkdirSync(join(dir, 'tree'));
      let bytes = 0;
      for (let i = 0; i < 20_000; i++) {
        const sub = join(dir, 'tree', `d${i % 100}`);
        mkdirSync(sub, { recursive: true });
        const text = service(i);
        writeFileSync(join(sub, `svc-${i}.yaml`), text);
        bytes += text.length;
      }
      return { paths: ['tree'], bytes };
    },
  },
  {
    kind: 'many documents',
    name: '13 MB stream of Services',
    write: (dir) => {
      const docs: string[] = [];
      let size = 0;
      for (let i = 0; size < 13 * MB; i++) {
        docs.push(service(i));
        size += docs[docs.length - 1]!.length + 4;
      }
      return file(dir, 'services.yaml', docs.join('---\n'));
    },
  },
  {
    kind: 'many documents',
    name: '19 MB stream of Services with an anchor (the YAML library path)',
    write: (dir) => {
      const docs: string[] = ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: &n anchored}\ndata: {n: *n}\n'];
      let size = 0;
      for (let i = 0; size < 19 * MB; i++) {
        docs.push(service(i));
        size += docs[docs.length - 1]!.length + 4;
      }
      return file(dir, 'services.yaml', docs.join('---\n'));
    },
  },
  {
    kind: 'huge line',
    name: '6 MB one-line JSON List',
    write: (dir) => {
      const items: string[] = [];
      for (let i = 0, size = 0; size < 6 * MB; i++) {
        const item = JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s-${i}`, labels: { app: `a${i}` } }, spec: { selector: { app: `a${i}` }, ports: [{ port: 80, targetPort: 8080 }] } });
        items.push(item);
        size += item.length + 1;
      }
      return file(dir, 'list.json', `{"apiVersion":"v1","kind":"List","items":[${items.join(',')}]}`);
    },
  },
  {
    kind: 'huge line',
    name: '19 MB one-line YAML flow List (the YAML library path)',
    write: (dir) => {
      const items: string[] = [];
      for (let i = 0, size = 0; size < 19 * MB; i++) {
        const item = `{apiVersion: v1, kind: Service, metadata: {name: s-${i}}, spec: {selector: {app: a${i}}, ports: [{port: 80}]}}`;
        items.push(item);
        size += item.length + 2;
      }
      return file(dir, 'list.yaml', `apiVersion: v1\nkind: List\nitems: [${items.join(', ')}]\n`);
    },
  },
  {
    kind: 'huge line',
    name: 'a ConfigMap value of 200,000 URLs (5 MB; the service-reference scan was quadratic in it)',
    write: (dir) => file(dir, 'urls.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: urls}\ndata:\n  urls: "${Array.from({ length: 200_000 }, (_, i) => `http://svc${i}.ns${i % 7}:80/x`).join(' ')}"\n`),
  },
  { kind: 'huge line', name: 'a 19 MB plain scalar', write: (dir) => file(dir, 'scalar.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  big: ${'x'.repeat(19 * MB)}\n`) },
];

function bundle(): string {
  const out = mkdtempSync(join(tmpdir(), 'kube-netlint-hostile-build-'));
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
  return join(out, 'kube-netlint.mjs');
}

/** Records the process's peak RSS at exit into the file named by KUBE_NETLINT_RSS_FILE. */
const RSS_HOOK = `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.KUBE_NETLINT_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`;

function main(): void {
  const only = process.argv.slice(2);
  const cli = bundle();
  const work = mkdtempSync(join(tmpdir(), 'kube-netlint-hostile-bench-'));
  const hook = join(work, 'rss-hook.mjs');
  writeFileSync(hook, RSS_HOOK);
  console.log('kind            input                                                         size      time     peak RSS  exit  summary');
  try {
    for (const input of INPUTS) {
      if (only.length > 0 && !only.includes(input.kind)) continue;
      const dir = mkdtempSync(join(work, 'case-'));
      const { paths, bytes } = input.write(dir);
      const rssFile = join(work, 'rss');
      const start = performance.now();
      const result = spawnSync(process.execPath, ['--import', hook, cli, '--no-config', '--format', 'json', ...paths], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        env: { PATH: process.env.PATH ?? '', KUBE_NETLINT_RSS_FILE: rssFile },
      });
      const seconds = (performance.now() - start) / 1000;
      const rssMB = Number(readFileSync(rssFile, 'utf8')) / 1024;
      let summary = result.stderr.trim().split('\n')[0] ?? '';
      try {
        const body = JSON.parse(result.stdout) as { summary: Record<string, number>; diagnostics: { ruleId: string }[] };
        const rules = [...new Set(body.diagnostics.map((d) => d.ruleId))].join(',');
        summary = `${body.summary.objects} objects, ${body.summary.errors} errors, ${body.summary.warnings} warnings (${rules})`;
      } catch {
        // Not JSON: shown as the first line of stderr.
      }
      console.log(`${input.kind.padEnd(15)} ${input.name.padEnd(61)} ${`${(bytes / MB).toFixed(1)} MB`.padStart(8)} ${`${seconds.toFixed(1)} s`.padStart(8)} ${`${rssMB.toFixed(0)} MB`.padStart(10)}  ${String(result.status).padStart(4)}  ${summary}`);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(dirname(cli), { recursive: true, force: true });
  }
}

main();
