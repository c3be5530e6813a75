/** The config file: `findConfigFile` and `loadConfigFile` read the disk; parsing and resolving are pure. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { outsideOf, realOrSelf } from '../source/containment.ts';
import { dirname, join, parse, resolve, sep } from 'node:path';
import { rules as allRules } from '../../rules/index.ts';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import { locatePath } from '../model/locate.ts';
import type { Diagnostic, Rule } from '../lint/types.ts';
import { DEFAULT_SETTINGS, isModelled } from '../model/build.ts';
import { isCoreWorkloadKind, resolveWorkloadKind, resolveWorkloadKinds, unknownPlaceholder, type WorkloadKindSpec } from '../model/custom-workloads.ts';
import type { ClusterSettings, CustomWorkloadKind, DnsServer, Protocol } from '../model/types.ts';
import { WORKLOAD_PRESETS } from '../model/workload-presets/index.ts';
import { parseCidrOrAddress } from '../semantics/address-range.ts';
import { DNS_PRESETS } from '../semantics/dns.ts';
import { asArray, asRecord, asString, asStringMap } from '../model/values.ts';
import { parseCidr, parseIp } from '../model/ip.ts';
import { globProblem } from '../source/globs.ts';
import { decodeText, displayPath } from '../source/load.ts';
import { parseWithYaml } from '../source/parse-yaml.ts';
import type { Path, SourceFile } from '../source/types.ts';
import { validateAgainst } from '../schema/validate.ts';
import { plainScalarAt } from '../source/plain-scalar.ts';
import { CONFIG_FILE_NAMES } from '../source/config-files.ts';
import type { Assertion, AssertionEndpoint, Config, Exemption, HelmChartConfig, HelmConfig, RuleSetting } from '../config/types.ts';

export const DEFAULT_CONFIG: Config = {
  rules: {},
  ignore: [],
  exemptions: [],
  cluster: DEFAULT_SETTINGS,
  assertions: [],
};

/**
 * The directory the config's `ignore` globs are relative to: the config file's, as in ESLint's flat
 * config, so a pattern means the same files from whichever directory kube-netlint runs. `cwd` when
 * there is no config file.
 */
export function ignoreBaseOf(config: Config, cwd: string): string {
  return config.source ? dirname(config.source.file.absPath) : cwd;
}

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

/**
 * The config file of a run over `paths` (relative to `cwd`) when none is given: found upward from the
 * common directory of the paths, as ESLint and markdownlint find theirs from the files they lint, so
 * `kube-netlint ../other-repo/k8s` uses that repository's config; else upward from `cwd` (a tree
 * rendered outside the repository, standard input). Reads the disk.
 */
export function findConfigFor(cwd: string, paths: readonly string[]): string | undefined {
  const start = commonDirectory(cwd, paths);
  return (start !== undefined ? findConfigFile(start) : undefined) ?? findConfigFile(cwd);
}

/**
 * The deepest directory holding every path: a directory itself, a file's directory, a glob's
 * directory before its first pattern character. Standard input (`-`) and paths that do not exist
 * take no part; undefined when none is left.
 */
export function commonDirectory(cwd: string, paths: readonly string[]): string | undefined {
  let common: string[] | undefined;
  for (const path of paths) {
    if (path === '-') continue;
    const dir = directoryOf(resolve(cwd, path));
    if (dir === undefined) continue;
    const parts = dir.split(sep);
    if (!common) common = parts;
    else {
      let i = 0;
      while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
      common = common.slice(0, i);
    }
  }
  if (!common) return undefined;
  // The root splits into [''] on POSIX: keep it a path.
  return common.length <= 1 ? parse(resolve(cwd)).root : common.join(sep);
}

function directoryOf(absPath: string): string | undefined {
  try {
    return statSync(absPath).isDirectory() ? absPath : dirname(absPath);
  } catch {
    // A glob (or a path that does not exist): its directories before the first pattern character.
    const magic = absPath.search(/[*?[\]{}()!+@]/);
    if (magic < 0) return undefined;
    const dir = dirname(absPath.slice(0, magic) + 'x');
    return existsSync(dir) ? dir : undefined;
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
  return withPathChecks(parseConfig(file(text)));
}

/**
 * `result` with a config problem at each path the config names for rendering (helm charts' `chart`,
 * `values`, `valuesMatrix` and the files in it, `valueSets`; kustomize `overlays`) that resolves
 * outside the config file's directory tree, symbolic links followed. A config comes with the
 * repository, often from a stranger's pull request: were it free to name `/etc/passwd` or
 * `../secrets.yaml`, helm or kustomize would read them and their text could reach CI annotations.
 * Paths typed on the command line are the user's own and are not checked. Reads the disk.
 */
export function withPathChecks(result: ConfigResult): ConfigResult {
  const source = result.config.source;
  if (!source) return result;
  const raw = asRecord(source.doc.value) ?? {};
  const root = realOrSelf(dirname(source.file.absPath));
  const problems: Diagnostic[] = [];
  const check = (path: Path, entry: unknown, what: string, flag: string): boolean => {
    if (typeof entry !== 'string') return true;
    const outside = outsideOf(root, resolve(dirname(source.file.absPath), entry));
    if (!outside) return true;
    const span = locatePath(source.doc, path, false);
    problems.push(configDiagnostic(source.file, span.start, span.end, `${what} "${entry}" ${outside} the config file's directory; a config may only name files in its own tree (it may come from a pull request), so nothing is rendered: move the file into the repository, or give it on the command line with ${flag}`));
    return false;
  };
  asArray(asRecord(raw.helm)?.charts).forEach((entry, i) => {
    const chart = asRecord(entry);
    if (!chart) return;
    const at = ['helm', 'charts', i];
    check([...at, 'chart'], chart.chart, 'chart', '--helm');
    asArray(chart.values).forEach((v, j) => check([...at, 'values', j], v, 'values file', '--values'));
    asArray(chart.valueSets).forEach((set, k) => asArray(set).forEach((v, j) => check([...at, 'valueSets', k, j], v, 'values file', '--values')));
    // The matrix's files are read one by one: a link among them must not lead out either.
    if (check([...at, 'valuesMatrix'], chart.valuesMatrix, 'values directory', '--values-matrix') && typeof chart.valuesMatrix === 'string') {
      const dir = resolve(dirname(source.file.absPath), chart.valuesMatrix);
      for (const name of listDir(dir)) {
        if (outsideOf(root, join(dir, name))) check([...at, 'valuesMatrix'], `${chart.valuesMatrix}/${name}`, 'values file', '--values-matrix');
      }
    }
  });
  asArray(asRecord(raw.kustomize)?.overlays).forEach((o, j) => check(['kustomize', 'overlays', j], o, 'overlay', '--kustomize'));
  if (problems.length === 0) return result;
  return { config: DEFAULT_CONFIG, problems: [...result.problems, ...problems].sort((a, b) => a.span.start - b.span.start) };
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Parses and validates config text; every mistake is a diagnostic at its line. Rule ids and rule options
 * are checked against `knownRules`. Pure.
 */
export function parseConfig(file: SourceFile, knownRules: readonly Rule<any>[] = allRules): ConfigResult {
  // kube-netlint's own file, read as YAML 1.2: `off` is a severity here, not the false kubectl would read.
  const docs = parseWithYaml(file, { asKubectl: false });
  const doc = docs[0];
  const problems: Diagnostic[] = [];
  for (const d of docs) for (const p of d.problems) if (p.severity !== 'warning') problems.push(configDiagnostic(file, p.span.start, p.span.end, p.message));
  if (docs.length > 1) problems.push(configDiagnostic(file, docs[1]!.span.start, docs[1]!.span.start + 3, 'the config file must hold a single YAML document'));
  if (!doc || problems.length > 0) return { config: DEFAULT_CONFIG, problems };
  const value = doc.value ?? {};
  const report = (path: Path, key: boolean, message: string) => {
    const span = locatePath(doc, path, key);
    problems.push(configDiagnostic(file, span.start, span.end, message));
  };
  // A value written plain gets its "quote it" hint from the text as written.
  const textOf = (path: Path) => plainScalarAt(doc, path)?.text;
  for (const problem of validateAgainst(configSchema, value, { textOf })) report(problem.path, problem.key, problem.message);
  const raw = asRecord(value) ?? {};
  const range = asString(asRecord(raw.cluster)?.nodePortRange);
  const bounds = range === undefined ? undefined : parsePortRange(range);
  if (bounds && !(bounds[0] >= 1 && bounds[1] <= 65535 && bounds[0] <= bounds[1])) {
    report(['cluster', 'nodePortRange'], false, `nodePortRange "${range}" must be LOW-HIGH with 1 <= LOW <= HIGH <= 65535`);
  }
  asArray(asRecord(raw.cluster)?.dns).forEach((entry, index) => {
    const text = asString(asRecord(entry)?.cidr);
    if (text !== undefined && !parseCidrOrAddress(text)) report(['cluster', 'dns', index, 'cidr'], false, `cidr "${text}" is not an address or a CIDR; write one such as 169.254.20.10 or 169.254.20.10/32`);
  });
  const cidr = asString(asRecord(raw.cluster)?.serviceCIDR);
  const cidrProblem = cidr === undefined ? undefined : serviceCidrProblem(cidr);
  if (cidrProblem) report(['cluster', 'serviceCIDR'], false, `serviceCIDR "${cidr}" ${cidrProblem}`);
  checkRuleReferences(raw, knownRules, report, textOf);
  checkWorkloads(raw, report);
  checkGlobs(raw, report);
  problems.sort((a, b) => a.span.start - b.span.start);
  if (problems.length > 0) return { config: DEFAULT_CONFIG, problems };
  return { config: { ...resolveConfig(raw), source: { file, doc } }, problems };
}

/**
 * Why a `cluster.serviceCIDR` is not one the API server accepts (--service-cluster-ip-range): one CIDR,
 * or two of different families for dual-stack (`10.96.0.0/12,fd00:10:96::/112`). An invalid value must
 * not pass: the clusterIP range check would silently be off. Undefined when it is fine; the schema
 * already reports a value not shaped like a CIDR at all.
 */
function serviceCidrProblem(text: string): string | undefined {
  const parts = text.split(',').map((part) => part.trim());
  if (!parts.every((part) => /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(part))) return undefined;
  for (const part of parts) {
    if (parseCidr(part)) continue;
    const [address = '', prefix = ''] = part.split('/');
    const ip = parseIp(address);
    if (!ip) return `is not a CIDR: "${address}" is not an IPv4 or IPv6 address; use a block such as 10.96.0.0/12`;
    return `is not a CIDR: the prefix length /${prefix} is longer than the ${ip.family === 4 ? 32 : 128} bits of an IPv${ip.family} address; use a block such as ${ip.family === 4 ? '10.96.0.0/12' : 'fd00:10:96::/112'}`;
  }
  const families = parts.map((part) => parseCidr(part)!.family);
  if (parts.length > 2 || (parts.length === 2 && families[0] === families[1])) {
    return 'must be one CIDR, or one IPv4 and one IPv6 CIDR (dual-stack) separated by a comma';
  }
  return undefined;
}

/** Rule ids in `rules` and in exemptions must exist; rule options must match the rule's options schema. */
function checkRuleReferences(
  raw: Record<string, unknown>,
  knownRules: readonly Rule<any>[],
  report: (path: Path, key: boolean, message: string) => void,
  textOf: (path: Path) => string | undefined,
): void {
  const byId = new Map(knownRules.map((rule) => [rule.meta.id, rule]));
  const unknown = (id: string) => `unknown rule "${id}"; \`kube-netlint rules\` lists the rule ids`;
  for (const [id, setting] of Object.entries(asRecord(raw.rules) ?? {})) {
    const rule = byId.get(id);
    if (!rule) {
      report(['rules', id], true, unknown(id));
      continue;
    }
    const options = asRecord(asRecord(setting)?.options);
    if (!options) continue;
    if (!rule.meta.optionsSchema) {
      report(['rules', id, 'options'], true, `rule "${id}" takes no options`);
      continue;
    }
    for (const problem of validateAgainst(rule.meta.optionsSchema, options, { at: ['rules', id, 'options'], textOf })) report(problem.path, problem.key, problem.message);
  }
  asArray(raw.exemptions).forEach((entry, index) => {
    asArray(asRecord(entry)?.rules).forEach((id, position) => {
      if (typeof id === 'string' && !byId.has(id)) report(['exemptions', index, 'rules', position], false, unknown(id));
    });
  });
}

/** Preset ids must exist; label values use only known placeholders; a declared kind must not be a built-in one. */
function checkWorkloads(raw: Record<string, unknown>, report: (path: Path, key: boolean, message: string) => void): void {
  const workloads = asRecord(raw.workloads);
  const ids = WORKLOAD_PRESETS.map((preset) => preset.id);
  for (const id of Object.keys(asRecord(workloads?.presets) ?? {})) {
    if (!ids.includes(id)) report(['workloads', 'presets', id], true, `unknown workload preset "${id}"; the presets are ${ids.map((known) => `"${known}"`).join(', ')}`);
  }
  asArray(workloads?.kinds).forEach((entry, index) => {
    const kind = asRecord(entry);
    const name = asString(kind?.kind);
    const group = asString(kind?.group);
    if (name && group && isModelled(name, `${group}/v1`)) {
      report(['workloads', 'kinds', index, 'kind'], false, `${name} of group "${group}" is a built-in kind, which kube-netlint reads already; declare only custom resources`);
    }
    for (const [key, value] of Object.entries(asRecord(kind?.labels) ?? {})) {
      const unknown = typeof value === 'string' ? unknownPlaceholder(value) : undefined;
      if (unknown) report(['workloads', 'kinds', index, 'labels', key], false, `unknown placeholder "${unknown}" in label "${key}"; use {name}, {namespace}, {label:KEY} or {field:PATH} of the resource`);
    }
  });
}

/** `ignore` patterns and exemption name and namespace globs must be usable (see globs.ts): bounded in size and expansion. */
function checkGlobs(raw: Record<string, unknown>, report: (path: Path, key: boolean, message: string) => void): void {
  asArray(raw.ignore).forEach((pattern, index) => {
    const problem = typeof pattern === 'string' ? globProblem(pattern) : undefined;
    if (problem) report(['ignore', index], false, `ignore pattern ${quoteGlob(pattern as string)} ${problem}`);
  });
  asArray(raw.exemptions).forEach((entry, index) => {
    for (const field of ['name', 'namespace'] as const) {
      const pattern = asRecord(entry)?.[field];
      const problem = typeof pattern === 'string' ? globProblem(pattern) : undefined;
      if (problem) report(['exemptions', index, field], false, `exemption ${field} ${quoteGlob(pattern as string)} ${problem}`);
    }
  });
}

function quoteGlob(pattern: string): string {
  return JSON.stringify(pattern.length > 60 ? `${pattern.slice(0, 57)}...` : pattern);
}

function configDiagnostic(file: SourceFile, start: number, end: number, message: string): Diagnostic {
  return { ruleId: 'config', messageId: 'config', severity: 'error', message, file, span: { start, end }, related: [] };
}

/**
 * A port range as the API server's --service-node-port-range reads it (net.ParsePortRange in
 * k8s.io/apimachinery): `LOW-HIGH`, a single `PORT`, or `BASE+OFFSET` (BASE to BASE+OFFSET).
 * Undefined when it has none of these shapes (the schema reports it).
 */
export function parsePortRange(text: string): readonly [number, number] | undefined {
  const match = /^(\d{1,5})(?:([-+])(\d{1,5}))?$/.exec(text.trim());
  if (!match) return undefined;
  const low = Number(match[1]);
  if (match[2] === undefined) return [low, low];
  const other = Number(match[3]);
  return match[2] === '-' ? [low, other] : [low, low + other];
}

/**
 * The unknown-field rule's option `knownFields`, which the analysis honours too (a field the config
 * declares known is not read as dropped): whether the rule is on or off, the fields are the API's.
 */
function knownFieldsSetting(rules: unknown): { knownFields?: readonly string[] } {
  const setting = asRecord(asRecord(rules)?.['unknown-field']);
  const fields = asArray(asRecord(setting?.options)?.knownFields).filter((f): f is string => typeof f === 'string');
  return fields.length ? { knownFields: fields } : {};
}

/** Applies defaults to a validated config object. */
export function resolveConfig(raw: Record<string, unknown>): Config {
  const cluster = asRecord(raw.cluster) ?? {};
  const text = asString(cluster.nodePortRange);
  const range = text === undefined ? undefined : parsePortRange(text);
  const controller = asRecord(cluster.ingressController);
  const settings: ClusterSettings = {
    defaultNamespace: asString(cluster.defaultNamespace) ?? DEFAULT_SETTINGS.defaultNamespace,
    ...(asString(cluster.serviceCIDR) ? { serviceCIDR: asString(cluster.serviceCIDR)! } : {}),
    nodePortRange: range ?? DEFAULT_SETTINGS.nodePortRange,
    clusterDomain: asString(cluster.clusterDomain) ?? DEFAULT_SETTINGS.clusterDomain,
    externalNamespaces: asArray(cluster.namespaces).flatMap((entry) => {
      if (typeof entry === 'string') return [{ name: entry, labels: {} }];
      const record = asRecord(entry);
      const name = asString(record?.name);
      return name ? [{ name, labels: asStringMap(record?.labels) }] : [];
    }),
    ...(cluster.dns !== undefined ? { dns: dnsServersOf(cluster.dns) } : {}),
    ...(cluster.hostNetworkPods === 'as-pods' || cluster.hostNetworkPods === 'exempt' ? { hostNetworkPods: cluster.hostNetworkPods } : {}),
    ...knownFieldsSetting(raw.rules),
    ...(controller
      ? {
          ingressController: {
            ...(asString(controller.namespace) ? { namespace: asString(controller.namespace)! } : {}),
            ...(asRecord(controller.podLabels) ? { podLabels: asStringMap(controller.podLabels) } : {}),
          },
        }
      : {}),
    ...(Array.isArray(cluster.gateways)
      ? {
          gateways: asArray(cluster.gateways).flatMap((entry) => {
            const record = asRecord(entry);
            if (!record) return [];
            return [
              {
                ...(asString(record.gateway) ? { gateway: asString(record.gateway)! } : {}),
                ...(asString(record.className) ? { className: asString(record.className)! } : {}),
                ...(asString(record.namespace) ? { namespace: asString(record.namespace)! } : {}),
                ...(asRecord(record.podLabels) ? { podLabels: asStringMap(record.podLabels) } : {}),
              },
            ];
          }),
        }
      : {}),
  };
  const workloads = asRecord(raw.workloads);
  const maxFileSize = typeof raw.maxFileSize === 'number' ? raw.maxFileSize : undefined;
  const jobs = typeof raw.jobs === 'number' && Number.isInteger(raw.jobs) && raw.jobs >= 1 ? raw.jobs : undefined;
  const kustomize = asRecord(raw.kustomize);
  const helm = asRecord(raw.helm);
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
    // Without a `workloads` section the model uses every preset.
    cluster: workloads ? { ...settings, workloadKinds: toWorkloadKinds(workloads) } : settings,
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
    ...(Array.isArray(raw.projects) ? { projects: raw.projects.filter((p): p is string => typeof p === 'string') } : {}),
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(helm ? { helm: helmConfigOf(helm) } : {}),
    ...(kustomize ? { kustomize: { overlays: asArray(kustomize.overlays).filter((p): p is string => typeof p === 'string'), ...(kustomize.command === 'kustomize' || kustomize.command === 'kubectl' ? { command: kustomize.command } : {}), ...(asArray(kustomize.flags).includes('--enable-helm') ? { flags: ['--enable-helm' as const] } : {}) } } : {}),
  };
}

/** A validated `helm:` section. */
function helmConfigOf(helm: Record<string, unknown>): HelmConfig {
  const strings = (value: unknown) => asArray(value).filter((p): p is string => typeof p === 'string');
  const charts = asArray(helm.charts).flatMap((entry): HelmChartConfig[] => {
    const c = asRecord(entry);
    const chart = asString(c?.chart);
    if (!c || !chart) return [];
    const optional = (key: string, name: keyof HelmChartConfig) => (asString(c[key]) ? { [name]: asString(c[key])! } : {});
    return [{ chart, values: strings(c.values), set: strings(c.set), ...optional('release', 'release'), ...optional('namespace', 'namespace'), ...optional('kubeVersion', 'kubeVersion'), ...optional('valuesMatrix', 'valuesMatrix'), ...(Array.isArray(c.valueSets) ? { valueSets: c.valueSets.map(strings) } : {}) }];
  });
  return { ...(asString(helm.command) ? { command: asString(helm.command)! } : {}), charts };
}

/** The custom workload kinds of a validated `workloads` section: its own kinds, then the presets it keeps. */
function toWorkloadKinds(workloads: Record<string, unknown>): CustomWorkloadKind[] {
  const presets = workloads.presets;
  const enabled = (id: string) => (typeof presets === 'boolean' ? presets : asRecord(presets)?.[id] !== false);
  const own = asArray(workloads.kinds).flatMap((entry): CustomWorkloadKind[] => {
    const kind = asRecord(entry);
    const group = asString(kind?.group);
    const name = asString(kind?.kind);
    if (!kind || !group || !name) return [];
    const path = (field: string) => (asString(kind[field]) !== undefined ? { [field]: asString(kind[field]) } : {});
    const spec: WorkloadKindSpec = {
      group,
      kind: name,
      ...(Array.isArray(kind.versions) ? { versions: kind.versions.filter((v): v is string => typeof v === 'string') } : {}),
      ...path('podTemplate'),
      ...path('podLabels'),
      ...path('containers'),
      ...path('selector'),
      ...path('templateRef'),
      ...path('when'),
      ...(typeof kind.like === 'string' && isCoreWorkloadKind(kind.like) ? { like: kind.like } : {}),
      ...(kind.resourceLabels === true ? { resourceLabels: true } : {}),
      ...(Array.isArray(kind.resourceLabelsExcept) ? { resourceLabelsExcept: kind.resourceLabelsExcept.filter((p): p is string => typeof p === 'string') } : {}),
      labels: asStringMap(kind.labels),
      ports: asArray(kind.ports).flatMap((item) => {
        const port = asRecord(item);
        const number = typeof port?.containerPort === 'number' ? port.containerPort : undefined;
        if (!port || number === undefined) return [];
        const protocol = port.protocol === 'UDP' || port.protocol === 'SCTP' ? (port.protocol as Protocol) : 'TCP';
        return [{ ...(asString(port.name) ? { name: asString(port.name)! } : {}), containerPort: number, protocol }];
      }),
    };
    return [resolveWorkloadKind(spec)];
  });
  return resolveWorkloadKinds(own, enabled);
}

/** The servers of a validated `cluster.dns`: presets expanded, ports defaulted to 53. */
function dnsServersOf(value: unknown): DnsServer[] {
  const entries = typeof value === 'string' ? [value] : asArray(value);
  return entries.flatMap((entry): readonly DnsServer[] => {
    if (typeof entry === 'string') return Object.hasOwn(DNS_PRESETS, entry) ? DNS_PRESETS[entry]! : [];
    const record = asRecord(entry) ?? {};
    const port = typeof record.port === 'number' ? record.port : 53;
    const cidr = asString(record.cidr);
    if (cidr !== undefined) return [{ cidr, port }];
    const service = asString(record.service);
    return [{ namespace: asString(record.namespace) ?? '', podLabels: asStringMap(record.podLabels), port, ...(service !== undefined ? { service } : {}) }];
  });
}

function toEndpoint(value: unknown): AssertionEndpoint {
  const e = asRecord(value) ?? {};
  return {
    ...(asString(e.namespace) ? { namespace: asString(e.namespace)! } : {}),
    ...(asRecord(e.labels) ? { labels: asStringMap(e.labels) } : {}),
    ...(asString(e.workload) ? { workload: asString(e.workload)! } : {}),
    ...(asString(e.cidr) ? { cidr: asString(e.cidr)! } : {}),
    ...(e.ingressController === true ? { ingressController: true } : {}),
    ...(asString(e.gateway) ? { gateway: asString(e.gateway)! } : {}),
  };
}
