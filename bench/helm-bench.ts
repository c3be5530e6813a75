// `npm run bench -- helm`: what linting a chart with --helm adds over linting its rendered output, on a
// generated chart of 50 templates (25 Deployments and 25 Services, with values, helpers and a values
// file). Three sides, alternated in each round so machine noise falls on all alike: `helm template`
// alone, the CLI on the output already rendered, and the CLI with --helm (render + trace to templates).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATES = 50;

/** The helm of the test clients (npm run pretest installs it), else the one on PATH. */
function helmCommand(): string {
  const installed = join(ROOT, 'build', 'test-clients', 'bin', 'helm');
  return existsSync(installed) ? installed : 'helm';
}

/** Writes a chart of `TEMPLATES` templates into `dir`. */
export function writeChart(dir: string): void {
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: bench\nversion: 0.1.0\n');
  const apps = Array.from({ length: TEMPLATES / 2 }, (_, i) => `app${i}`);
  writeFileSync(join(dir, 'values.yaml'), `image: nginx:1.27\nreplicas: 2\nports:\n${apps.map((app, i) => `  ${app}: ${8000 + i}`).join('\n')}\n`);
  writeFileSync(join(dir, 'templates', '_helpers.tpl'), '{{- define "bench.labels" -}}\napp.kubernetes.io/instance: {{ .Release.Name }}\napp.kubernetes.io/managed-by: {{ .Release.Service }}\n{{- end }}\n');
  apps.forEach((app, i) => {
    writeFileSync(
      join(dir, 'templates', `${app}-deployment.yaml`),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-${app}
  labels:
    {{- include "bench.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels:
        app: ${app}
        {{- include "bench.labels" . | nindent 8 }}
    spec:
      containers:
        - name: ${app}
          image: {{ .Values.image }}
          ports:
            - name: http
              containerPort: {{ index .Values.ports "${app}" }}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
`,
    );
    // Every fifth Service names a port no container has: findings to trace back to the template.
    writeFileSync(
      join(dir, 'templates', `${app}-service.yaml`),
      `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-${app}
spec:
  selector:
    app: ${app}
  ports:
    - name: http
      port: 80
      targetPort: ${i % 5 === 0 ? 'metrics' : 'http'}
`,
    );
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall time of a process, in milliseconds; throws when it fails. */
function timed(command: string, args: readonly string[], cwd: string, okCodes: readonly number[] = [0]): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  if (result.error || !okCodes.includes(result.status ?? -1)) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.error?.message ?? result.stderr}`);
  return { ms, stdout: result.stdout };
}

export function benchHelm(runs: number): void {
  const helm = helmCommand();
  const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-helm-bench-'));
  try {
    writeChart(join(dir, 'chart'));
    const rendered = timed(helm, ['template', 'bench', join(dir, 'chart')], dir).stdout;
    writeFileSync(join(dir, 'rendered.yaml'), rendered);
    // The bundle, as users run it: tsx's start-up would drown the difference.
    timed(process.execPath, ['scripts/build.mjs', '--out', join(dir, 'dist')], ROOT);
    const cli = [join(dir, 'dist', 'kube-netlint.mjs'), '--no-config', '--format', 'json'];
    const node = (args: string[]) => timed(process.execPath, [...cli, ...args], ROOT, [0, 1]);
    const template: number[] = [];
    const plain: number[] = [];
    const withHelm: number[] = [];
    let traced = 0;
    for (let i = 0; i < runs; i++) {
      template.push(timed(helm, ['template', 'bench', join(dir, 'chart')], dir).ms);
      plain.push(node([join(dir, 'rendered.yaml')]).ms);
      const run = node(['--helm', join(dir, 'chart'), '--helm-command', helm]);
      withHelm.push(run.ms);
      traced = (JSON.parse(run.stdout) as { diagnostics: { file: string }[] }).diagnostics.filter((d) => d.file.includes('/templates/')).length;
    }
    const [t, p, h] = [median(template), median(plain), median(withHelm)];
    console.log(`helm: a chart of ${TEMPLATES} templates (${rendered.split('\n# Source: ').length - 1} rendered manifests), ${helm}:`);
    console.log(`  helm template alone            ${t.toFixed(0)} ms median of ${runs} (${template.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(`  lint of the rendered output     ${p.toFixed(0)} ms median of ${runs} (${plain.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(`  lint --helm (render + trace)    ${h.toFixed(0)} ms median of ${runs} (${withHelm.map((v) => v.toFixed(0)).join(', ')}); ${traced} findings placed in templates`);
    console.log(`  added by --helm                 ${(h - p).toFixed(0)} ms (${(h / p).toFixed(2)}x the lint of the rendered output)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
