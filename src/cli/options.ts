import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Protocol } from '../model/types.ts';
import { parseNodeQuery, type NodeQuery } from '../reach/filter.ts';
import { dns1123LabelProblem } from '../model/names.ts';
import { UsageError } from '../app/io.ts';
import type { ConfigOptions } from '../app/load-run.ts';

/**
 * `parseArgs` declarations of the options every command that reads manifests takes (lint, reach,
 * explain, diff). `--format` has no default here: each command's first format is its default.
 */
export const COMMON_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  namespace: { type: 'string', short: 'n' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `parseArgs` for a command's arguments, with `--` ending the options as in POSIX utilities: every
 * argument after it is a positional, even one that starts with `-` (a staged file named
 * `--output-file=x.yaml` that pre-commit passes is a file, never an option), and `-` after it is the
 * file named `-`, not standard input.
 */
export function parseCommandArgs<const T extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: T, allowPositionals = true) {
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options, allowPositionals, strict: true, tokens: true });
  const end = tokens.find((token) => token.kind === 'option-terminator')?.index;
  const literal = (index: number) => end !== undefined && index > end;
  const paths = tokens.flatMap((token) => (token.kind === 'positional' ? [literal(token.index) && token.value === '-' ? './-' : token.value] : []));
  return { values, positionals: paths.length === positionals.length ? paths : positionals };
}

/** lint's options for charts; `reach`, `explain` and `diff` read one model of plain manifests and refuse them by name. */
const CHART_OPTIONS = ['helm', 'values', 'set', 'release', 'kube-version', 'values-matrix', 'helm-command'];
const KUSTOMIZE_OPTIONS = ['kustomize', 'kustomize-command'];

/**
 * A usage error for a rendering option of lint given to a command that reads one model (reach, explain,
 * diff), saying what to do instead, rather than the parser's "unknown option". kustomizations: those
 * commands render a kustomization directory given as a PATH (and read its first overlay), but take no
 * `--kustomize`; charts likewise are not rendered there: helm's output can be piped in.
 */
export function refuseRenderOptions(argv: readonly string[], command: string, operands = ''): void {
  for (const arg of argv) {
    if (arg === '--') return;
    const name = /^--([a-z-]+)(=|$)/.exec(arg)?.[1];
    if (name === undefined) continue;
    if (CHART_OPTIONS.includes(name)) {
      throw new UsageError(`${command} does not render charts: --${name} is an option of lint, which lints each rendering apart, and ${command} reads one model; pipe the rendering in: helm template RELEASE CHART | kube-netlint ${command} ${operands}-`);
    }
    if (KUSTOMIZE_OPTIONS.includes(name)) {
      throw new UsageError(`${command} takes no --${name}: give the kustomization directory as a PATH (${command} renders it, with kustomize or kubectl on PATH, and reads its first overlay)`);
    }
  }
}

/** The config choice of parsed common options, for `loadConfig`; a usage error when `--namespace` is no namespace name. */
export function configOptionsOf(values: { readonly config?: string; readonly 'no-config'?: boolean; readonly namespace?: string }): ConfigOptions {
  if (values.namespace !== undefined) {
    // Namespace names are DNS-1123 labels (apimachinery ValidateNamespaceName): anything else would
    // place objects in a namespace that cannot exist.
    const problem = dns1123LabelProblem(values.namespace);
    if (problem) throw new UsageError(`--namespace "${values.namespace}" is not a namespace name: ${problem}`);
  }
  if (values['no-config'] && values.config !== undefined) throw new UsageError(`--no-config and --config ${values.config} contradict each other; give one`);
  return { configPath: values.config, noConfig: values['no-config'], namespace: values.namespace };
}

/** `--jobs N` (threads that read and parse the files): a whole number from 1 to 64; undefined when not given. */
export function jobsOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const jobs = Number(text);
  if (!/^\d+$/.test(text) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs takes a number of threads from 1 to 64, not "${text}"`);
  return jobs;
}

/** The entry of `choices` that `--format` names (the first when not given); a usage error listing them otherwise. */
export function chooseFormat<T>(choices: Readonly<Record<string, T>>, name: string | undefined, command = ''): T {
  const names = Object.keys(choices);
  const key = name ?? names[0]!;
  // Own keys only: `--format constructor` must not find Object.prototype's.
  const chosen = Object.hasOwn(choices, key) ? choices[key] : undefined;
  if (chosen === undefined) {
    // helm users type -f for values files: here -f is --format.
    const values = /\.(ya?ml|json)$/i.test(key) ? `; -f is --format here: give Helm values files with --values ${key}` : '';
    throw new UsageError(`unknown ${command ? `${command} ` : ''}format "${name}"; use one of ${names.join(', ')}${values}`);
  }
  return chosen;
}

export const PROTOCOL_NAMES: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Reads `--port` and `--protocol`; a usage error when malformed. */
export function parsePortOptions(port: string | undefined, protocol: string | undefined): { port?: number; protocol?: Protocol } {
  const out: { port?: number; protocol?: Protocol } = {};
  if (port !== undefined) {
    const number = Number(port);
    if (!Number.isInteger(number) || number < 1 || number > 65535) throw new UsageError(`--port takes a port number from 1 to 65535, not "${port}"`);
    out.port = number;
  }
  if (protocol !== undefined) {
    const upper = protocol.toUpperCase() as Protocol;
    if (!PROTOCOL_NAMES.includes(upper)) throw new UsageError(`--protocol takes TCP, UDP or SCTP, not "${protocol}"`);
    out.protocol = upper;
  }
  return out;
}

/** Parses a node argument; a usage error naming the option when malformed. */
export function nodeQueryArg(text: string, option: string): NodeQuery {
  const query = parseNodeQuery(text);
  if ('error' in query) throw new UsageError(`${option} "${text}": ${query.error}`);
  return query;
}
