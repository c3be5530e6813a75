import { parseArgs } from 'node:util';
import type { Config } from '../config/types.ts';
import { buildModel } from '../model/build.ts';
import type { Model, Protocol } from '../model/types.ts';
import { filterView, matchesNode, NODE_SYNTAX, parseNodeQuery, type NodeQuery } from '../reach/filter.ts';
import { reachFormatters } from '../reach/format/index.ts';
import { buildMatrix } from '../reach/matrix.ts';
import { loadSources } from '../source/load.ts';
import { parseSources } from '../source/parse.ts';
import { EXIT_OK, UsageError, type CliIo } from './io.ts';
import { loadConfig } from './load-run.ts';

export const REACH_HELP = `Usage: kube-netlint reach [options] [PATH...]

Prints who may reach whom, and on which ports, under the NetworkPolicies of the manifests
(networking/v1 semantics: both the source's egress and the destination's ingress must allow).
Nodes are workloads (namespace/name[Kind]; a Pod with a controller is its owner), the address space
outside the cluster cut by every ipBlock (a.b.c.d-e.f.g.h), and {ingress-controller} (reaching the
pods behind Ingress backends on their target port, when their policies admit it; configure who the
controller is with cluster.ingressController in .kube-netlint.yaml).

Options:
  -f, --format NAME      table (default), json, csv, md, dot, mermaid, html
  -o, --output-file F    write to F instead of standard output
      --from NODE        only connections from these nodes (repeatable)
      --to NODE          only connections to these nodes (repeatable)
      --port N           only connections on port N (narrowed to it)
      --protocol P       TCP (default with --port), UDP or SCTP
  -c, --config F         config file (default: .kube-netlint.yaml found upward)
      --no-config        do not read a config file
  -n, --namespace NS     namespace of objects that declare none (default: default)
  -h, --help             this help

${NODE_SYNTAX}

Examples:
  kube-netlint reach k8s/ --from 'shop/app=web' --port 5432
  kube-netlint reach k8s/ --to '{ingress-controller}' --format json
  kube-netlint reach k8s/ --from prod/ --to 0.0.0.0/0 --format md
  kube-netlint reach k8s/ --format html -o reach.html

--format json is a stable contract: {"version":1,"nodes":[{"id","type",...}],"edges":[{"from","to",
"conn":"all"|[{"protocol","ports":[[lo,hi],...]}]}]}, only allowed connections, sorted.
`;

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

export interface ModelOptions {
  readonly config?: string;
  readonly noConfig?: boolean;
  readonly namespace?: string;
}

/**
 * Loads the config and the files and builds the model, without running the lint rules. Files that
 * cannot be read or parsed are left out of the model with a warning on stderr.
 */
export async function loadModel(io: CliIo, paths: readonly string[], options: ModelOptions): Promise<Model> {
  const { config, problems } = loadConfig(io, {
    ...(options.config ? { configPath: options.config } : {}),
    ...(options.noConfig ? { noConfig: true } : {}),
    ...(options.namespace ? { namespace: options.namespace } : {}),
  });
  if (problems.length > 0) throw new UsageError(`invalid config ${problems[0]!.file.path}: ${problems[0]!.message}`);
  return modelFromFiles(io, paths, config);
}

/** Loads the files of `paths` (relative to `io.cwd`) into a model under an already loaded config. */
export async function modelFromFiles(io: CliIo, paths: readonly string[], config: Config): Promise<Model> {
  const loaded = await loadSources(paths, { cwd: io.cwd, ignore: config.ignore, ...(config.maxFileSize ? { maxFileSize: config.maxFileSize } : {}), stdin: io.readStdin });
  if (loaded.missing.length > 0) throw new UsageError(`no such file, directory or matching glob: ${loaded.missing.join(', ')}`);
  const documents = parseSources(loaded.files);
  const broken = new Set([...loaded.skipped.map((s) => s.path), ...documents.filter((d) => d.problems.length > 0).map((d) => d.file.path)]);
  if (broken.size > 0) {
    io.stderr(`kube-netlint: warning: ${broken.size} file${broken.size === 1 ? '' : 's'} could not be read in full (${[...broken].slice(0, 3).join(', ')}${broken.size > 3 ? ', ...' : ''}); run kube-netlint on them for details\n`);
  }
  return buildModel(documents, config.cluster, loaded.skipped);
}

/** `kube-netlint reach [PATH...]`: the connectivity matrix in one of several formats. */
export async function reachCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f', default: 'table' },
      'output-file': { type: 'string', short: 'o' },
      from: { type: 'string', multiple: true },
      to: { type: 'string', multiple: true },
      port: { type: 'string' },
      protocol: { type: 'string' },
      config: { type: 'string', short: 'c' },
      'no-config': { type: 'boolean' },
      namespace: { type: 'string', short: 'n' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(REACH_HELP);
    return EXIT_OK;
  }
  const formatter = reachFormatters[values.format!];
  if (!formatter) throw new UsageError(`unknown reach format "${values.format}"; use one of ${Object.keys(reachFormatters).join(', ')}`);
  const from = (values.from ?? []).map((text) => nodeQueryArg(text, '--from'));
  const to = (values.to ?? []).map((text) => nodeQueryArg(text, '--to'));
  const ports = parsePortOptions(values.port, values.protocol);
  const model = await loadModel(io, positionals.length > 0 ? positionals : ['.'], {
    ...(values.config ? { config: values.config } : {}),
    ...(values['no-config'] ? { noConfig: true } : {}),
    ...(values.namespace ? { namespace: values.namespace } : {}),
  });
  const matrix = buildMatrix(model);
  const view = filterView({ nodes: matrix.nodes, edges: matrix.edges() }, { from, to, ...ports });
  for (const [option, texts, queries] of [['--from', values.from, from], ['--to', values.to, to]] as const) {
    queries.forEach((query, i) => {
      if (!matrix.nodes.some((node) => matchesNode(query, node))) io.stderr(`kube-netlint: warning: ${option} "${texts![i]}" matches no node\n`);
    });
  }
  const output = formatter(view);
  if (values['output-file']) io.writeFile(values['output-file'], output);
  else io.stdout(output);
  return EXIT_OK;
}
