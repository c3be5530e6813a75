import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import { locatePath } from '../lint/locate.ts';
import type { Diagnostic } from '../lint/types.ts';
import { DEFAULT_SETTINGS } from '../model/build.ts';
import type { ClusterSettings } from '../model/types.ts';
import { asArray, asRecord, asString, asStringMap } from '../model/values.ts';
import { decodeText, displayPath } from '../source/load.ts';
import { parseWithYaml } from '../source/parse-yaml.ts';
import type { SourceFile } from '../source/types.ts';
import { validateAgainst } from '../schema/validate.ts';
import type { Assertion, AssertionEndpoint, Config, Exemption, RuleSetting } from './types.ts';

export const CONFIG_FILE_NAMES = ['.kube-netlint.yaml', '.kube-netlint.yml'];

export const DEFAULT_CONFIG: Config = {
  rules: {},
  ignore: [],
  exemptions: [],
  cluster: DEFAULT_SETTINGS,
  assertions: [],
};

/** Finds the config file in `cwd` or the nearest parent directory. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export interface ConfigResult {
  readonly config: Config;
  /** Config mistakes, at their line in the config file; the caller treats any as a usage failure. */
  readonly problems: readonly Diagnostic[];
}

/** Reads and validates a config file from disk. */
export function loadConfigFile(path: string, cwd: string): ConfigResult {
  let text: string;
  const file = (content: string): SourceFile => ({ path: displayPath(cwd, resolve(cwd, path)), absPath: resolve(cwd, path), text: content });
  try {
    const decoded = decodeText(readFileSync(resolve(cwd, path)));
    if (typeof decoded !== 'string') return { config: DEFAULT_CONFIG, problems: [configDiagnostic(file(''), 0, 0, decoded.reason)] };
    text = decoded;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'config file not found' : `cannot read config file: ${(error as Error).message}`;
    return { config: DEFAULT_CONFIG, problems: [configDiagnostic(file(''), 0, 0, reason)] };
  }
  return parseConfig(file(text));
}

/** Parses and validates config text; every mistake is a diagnostic at its line. Pure. */
export function parseConfig(file: SourceFile): ConfigResult {
  const docs = parseWithYaml(file);
  const doc = docs[0];
  const problems: Diagnostic[] = [];
  for (const d of docs) for (const p of d.problems) problems.push(configDiagnostic(file, p.span.start, p.span.end, p.message));
  if (!doc || problems.length > 0) return { config: DEFAULT_CONFIG, problems };
  const value = doc.value ?? {};
  for (const problem of validateAgainst(configSchema, value)) {
    const span = locatePath(doc, problem.path, problem.key);
    problems.push(configDiagnostic(file, span.start, span.end, problem.message));
  }
  const raw = asRecord(value) ?? {};
  const range = asString(asRecord(raw.cluster)?.nodePortRange);
  if (range) {
    const [low, high] = range.split('-').map(Number);
    if (!(low! >= 1 && high! <= 65535 && low! <= high!)) {
      const span = locatePath(doc, ['cluster', 'nodePortRange'], false);
      problems.push(configDiagnostic(file, span.start, span.end, `nodePortRange "${range}" must be LOW-HIGH with 1 <= LOW <= HIGH <= 65535`));
    }
  }
  if (problems.length > 0) return { config: DEFAULT_CONFIG, problems };
  return { config: { ...resolveConfig(raw), source: { file, doc } }, problems };
}

function configDiagnostic(file: SourceFile, start: number, end: number, message: string): Diagnostic {
  return { ruleId: 'config', messageId: 'config', severity: 'error', message, file, span: { start, end }, related: [] };
}

/** Applies defaults to a validated config object. */
export function resolveConfig(raw: Record<string, unknown>, overrides: { defaultNamespace?: string } = {}): Config {
  const cluster = asRecord(raw.cluster) ?? {};
  const range = asString(cluster.nodePortRange)?.split('-').map(Number);
  const controller = asRecord(cluster.ingressController);
  const settings: ClusterSettings = {
    defaultNamespace: overrides.defaultNamespace ?? asString(cluster.defaultNamespace) ?? DEFAULT_SETTINGS.defaultNamespace,
    ...(asString(cluster.serviceCIDR) ? { serviceCIDR: asString(cluster.serviceCIDR)! } : {}),
    nodePortRange: range && range.length === 2 ? [range[0]!, range[1]!] : DEFAULT_SETTINGS.nodePortRange,
    clusterDomain: asString(cluster.clusterDomain) ?? DEFAULT_SETTINGS.clusterDomain,
    externalNamespaces: asArray(cluster.namespaces).flatMap((entry) => {
      if (typeof entry === 'string') return [{ name: entry, labels: {} }];
      const record = asRecord(entry);
      const name = asString(record?.name);
      return name ? [{ name, labels: asStringMap(record?.labels) }] : [];
    }),
    ...(controller
      ? {
          ingressController: {
            ...(asString(controller.namespace) ? { namespace: asString(controller.namespace)! } : {}),
            ...(asRecord(controller.podLabels) ? { podLabels: asStringMap(controller.podLabels) } : {}),
          },
        }
      : {}),
  };
  const maxFileSize = typeof raw.maxFileSize === 'number' ? raw.maxFileSize : undefined;
  return {
    rules: (asRecord(raw.rules) ?? {}) as Record<string, RuleSetting>,
    ignore: asArray(raw.ignore).filter((p): p is string => typeof p === 'string'),
    exemptions: asArray(raw.exemptions).flatMap((entry, index): Exemption[] => {
      const e = asRecord(entry);
      if (!e) return [];
      return [
        {
          ...(asString(e.kind) ? { kind: asString(e.kind)! } : {}),
          ...(asString(e.namespace) ? { namespace: asString(e.namespace)! } : {}),
          ...(asString(e.name) ? { name: asString(e.name)! } : {}),
          ...(Array.isArray(e.rules) ? { rules: e.rules.map(String) } : {}),
          reason: asString(e.reason) ?? '',
          index,
        },
      ];
    }),
    cluster: settings,
    assertions: asArray(raw.assertions).flatMap((entry, index): Assertion[] => {
      const a = asRecord(entry);
      if (!a) return [];
      const port = typeof a.port === 'number' || typeof a.port === 'string' ? a.port : undefined;
      const protocol = a.protocol === 'UDP' || a.protocol === 'SCTP' || a.protocol === 'TCP' ? a.protocol : undefined;
      return [
        {
          name: asString(a.name) ?? `assertion ${index + 1}`,
          from: toEndpoint(a.from),
          to: toEndpoint(a.to),
          ...(port !== undefined ? { port } : {}),
          ...(protocol ? { protocol } : {}),
          expect: a.expect === 'deny' ? 'deny' : 'allow',
          index,
        },
      ];
    }),
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
  };
}

function toEndpoint(value: unknown): AssertionEndpoint {
  const e = asRecord(value) ?? {};
  return {
    ...(asString(e.namespace) ? { namespace: asString(e.namespace)! } : {}),
    ...(asRecord(e.labels) ? { labels: asStringMap(e.labels) } : {}),
    ...(asString(e.workload) ? { workload: asString(e.workload)! } : {}),
    ...(asString(e.cidr) ? { cidr: asString(e.cidr)! } : {}),
    ...(e.ingressController === true ? { ingressController: true } : {}),
  };
}
