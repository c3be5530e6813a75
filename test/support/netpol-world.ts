import { DEFAULT_CONFIG, resolveConfig } from '../../src/app/config.ts';
import { buildModel } from '../../src/model/build.ts';
import type { Model, Protocol, Workload } from '../../src/model/types.ts';
import { parseSources } from '../../src/source/parse.ts';
import { toSourceFiles, type Manifests } from './rule-tester.ts';

/** Builds a model from manifests, with optional `cluster` settings as in .kube-netlint.yaml. */
export function modelOf(manifests: Manifests, cluster?: Record<string, unknown>): Model {
  const config = cluster ? resolveConfig({ cluster }) : DEFAULT_CONFIG;
  return buildModel(parseSources(toSourceFiles(manifests)), config.cluster);
}

/**
 * The world of Kubernetes' netpol e2e model: namespaces x, y, z with pods a, b, c, each pod serving
 * ports 80 and 81 on TCP, UDP and SCTP under the names `serve-<port>-<protocol>`. x and y are declared
 * with a label `ns: <name>`; z is not declared, so it only carries `kubernetes.io/metadata.name`.
 */
export const NAMESPACES = ['x', 'y', 'z'] as const;
export const PODS = ['a', 'b', 'c'] as const;
export const PROBE_PORTS = [80, 81] as const;
export const PROBE_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export function worldManifests(): string {
  const docs: string[] = [];
  // Quoted: kubectl reads a plain y (and n, yes, on...) as a boolean.
  for (const ns of ['x', 'y']) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "${ns}"\n  labels: {ns: "${ns}"}\n`);
  const ports = PROBE_PORTS.flatMap((port) => PROBE_PROTOCOLS.map((protocol) => `{name: serve-${port}-${protocol.toLowerCase()}, containerPort: ${port}, protocol: ${protocol}}`));
  for (const ns of NAMESPACES) {
    for (const pod of PODS) {
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  namespace: "${ns}"\n  labels: {pod: ${pod}}\nspec:\n  containers:\n    - name: cont\n      image: agnhost\n      ports: [${ports.join(', ')}]\n`,
      );
    }
  }
  return docs.join('---\n');
}

/** `x/a` for a workload of the world. */
export function podName(workload: Workload): string {
  return `${workload.object.namespace}/${workload.object.name}`;
}

/**
 * Expected reachability between the 9 pods, built as Kubernetes' e2e `Reachability` is: start from a
 * default and override by peer patterns. A pattern is `x/a`, `x` (every pod of x), `*` or `* /a`
 * (pod a of every namespace, written without the space).
 */
export class Reachability {
  private readonly grid = new Map<string, boolean>();

  constructor(initial: boolean) {
    for (const from of allPods()) for (const to of allPods()) this.grid.set(`${from} ${to}`, initial);
  }

  /** Sets every pair from `fromPattern` to `toPattern`. */
  expect(fromPattern: string, toPattern: string, allowed: boolean): this {
    for (const from of allPods().filter((p) => matchesPattern(fromPattern, p))) {
      for (const to of allPods().filter((p) => matchesPattern(toPattern, p))) this.grid.set(`${from} ${to}`, allowed);
    }
    return this;
  }

  expectAllIngress(toPattern: string, allowed: boolean): this {
    return this.expect('*', toPattern, allowed);
  }

  expectAllEgress(fromPattern: string, allowed: boolean): this {
    return this.expect(fromPattern, '*', allowed);
  }

  get(from: string, to: string): boolean {
    return this.grid.get(`${from} ${to}`)!;
  }

  /** The e2e-style table: rows are sources, columns destinations, `.` allowed, `X` denied; self pairs `-`. */
  static table(cell: (from: string, to: string) => boolean): string {
    const pods = allPods();
    const rows = [`    ${pods.join(' ')}`];
    for (const from of pods) rows.push(`${from} ${pods.map((to) => (from === to ? ' - ' : cell(from, to) ? ' . ' : ' X ')).join(' ')}`);
    return rows.join('\n');
  }
}

export function allPods(): string[] {
  return NAMESPACES.flatMap((ns) => PODS.map((pod) => `${ns}/${pod}`));
}

function matchesPattern(pattern: string, pod: string): boolean {
  if (pattern === '*') return true;
  const [ns, name] = pod.split('/');
  if (!pattern.includes('/')) return pattern === ns;
  const [pns, pname] = pattern.split('/');
  return (pns === '*' || pns === ns) && pname === name;
}
