import { baseDiffTitle, matrixView, modelAtRevision, modelOf } from '../app/diff.ts';
import type { Model } from '../model/types.ts';
import { diffJson, diffMarkdown, diffText, diffViews, isEmptyDiff, type ConnectivityDiff } from '../reach/diff.ts';
import { filterView, NODE_SYNTAX, partialNodeNote, partialNodes, type NodeQuery, type PartialNode, type ViewFilter } from '../reach/filter.ts';
import { caveatsOf } from '../semantics/blind-spots.ts';
import { ingressControllerCaveat } from '../semantics/ingress-controllers.ts';
import type { ReachView } from '../reach/view.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError, writeNote, writeOutput, type CliIo } from '../app/io.ts';
import { requireConfig } from '../app/load-run.ts';
import { chooseFormat, COMMON_OPTIONS, configOptionsOf, nodeQueryArg, parseCommandArgs, parsePortOptions } from './options.ts';

export const DIFF_HELP = `Usage: kube-netlint diff [options] OLD NEW
       kube-netlint diff [options] --base REV [PATH...]

Compares who may reach whom, and on which ports, between two trees of manifests (OLD and NEW,
files or directories), or between git revision REV and the working tree of PATHs (default: .).
Lists connections added, removed and changed (ports gained or lost), as reach names the nodes, and
the workloads added and removed. --from, --to and --port narrow both: a workload is listed when it
answers a --from or --to node, and with --port, when it also sends or receives a connection shown.
One config file applies to both sides: the one found for the working tree's paths (OLD and NEW, or
PATHs), as for lint.

Options:
  -f, --format NAME      text (default), json, md (for a pull-request comment)
  -o, --output-file F    write to F instead of standard output
      --base REV         compare against git revision REV (a branch, tag or commit) of the same tree
      --from NODE        only connections from these nodes (repeatable)
      --to NODE          only connections to these nodes (repeatable)
      --port N           only connections on port N
      --protocol P       TCP (default with --port), UDP or SCTP
      --exit-code        exit 1 when connectivity changed (as git diff --exit-code)
  -c, --config F         config file (default: .kube-netlint.yaml found upward from the paths, then
                         from the working directory)
      --no-config        do not read a config file
  -n, --namespace NS     namespace of objects that declare none (default: default)
  -h, --help             this help
  --                     end of the options: every argument after it is an operand, even -x.yaml

${NODE_SYNTAX}

Examples:
  kube-netlint diff --base origin/main k8s/
  kube-netlint diff --base HEAD~1 --format md -o connectivity.md
  kube-netlint diff old/ new/ --to 'prod/' --format json

--format json: {"version":1,"added":[{"from","to","conn"}],"removed":[...],"changed":[{"from","to",
"before","after"}],"nodes":{"added":[...],"removed":[...]}}, conn as in reach --format json.
`;

const FORMATS: Readonly<Record<string, (diff: ConnectivityDiff, title: string) => string>> = {
  text: diffText,
  json: diffJson,
  md: diffMarkdown,
};

/** `kube-netlint diff OLD NEW` or `kube-netlint diff --base REV [PATH...]`. */
export async function diffCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...COMMON_OPTIONS,
    base: { type: 'string' },
    from: { type: 'string', multiple: true },
    to: { type: 'string', multiple: true },
    port: { type: 'string' },
    protocol: { type: 'string' },
    'exit-code': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(DIFF_HELP);
    return EXIT_OK;
  }
  const formatter = chooseFormat(FORMATS, values.format, 'diff');
  if (values.base === undefined && positionals.length !== 2) throw new UsageError('diff takes two trees (OLD NEW), or --base REV and PATHs');
  const from = (values.from ?? []).map((text) => nodeQueryArg(text, '--from'));
  const to = (values.to ?? []).map((text) => nodeQueryArg(text, '--to'));
  const filter: ViewFilter = { from, to, ...parsePortOptions(values.port, values.protocol) };
  const treePaths = values.base !== undefined ? (positionals.length > 0 ? positionals : ['.']) : positionals;
  const config = requireConfig(io, { ...configOptionsOf(values), paths: treePaths });

  let before: Model;
  let after: Model;
  let title: string;
  if (values.base !== undefined) {
    const paths = positionals.length > 0 ? positionals : ['.'];
    // The revision first: a path it refuses (outside the repository) stops the run before any reading.
    before = await modelAtRevision(io, paths, config, values.base);
    after = await modelOf(io, paths, config);
    title = baseDiffTitle(values.base);
  } else {
    before = await modelOf(io, [positionals[0]!], config);
    after = await modelOf(io, [positionals[1]!], config);
    title = 'Connectivity changes';
  }
  const sides = [before, after].map((model) => ({ model, view: filterView(matrixView(model), filter) }));
  for (const [option, texts, queries] of [['--from', values.from, from], ['--to', values.to, to]] as const) {
    queries.forEach((query, i) => {
      for (const partial of partialNodesOfSides(sides, query)) writeNote(io, partialNodeNote(option, texts![i]!, partial, 'diff compares'));
    });
  }
  // The `{ingress-controller}` both sides draw is inferred unless configured: said as reach says it (the new side's words).
  const inferred = ingressControllerCaveat(after) ?? ingressControllerCaveat(before);
  const diff = { ...diffViews(sides[0]!.view, sides[1]!.view, filter), caveats: [...caveatsOf(before, after), ...(inferred ? [inferred] : [])] };
  await writeOutput(io, values['output-file'], formatter(diff, title));
  return values['exit-code'] && !isEmptyDiff(diff) ? EXIT_FINDINGS : EXIT_OK;
}

/** The nodes a query names only in part on either side of a diff, once per node, with the members joined on either side. */
function partialNodesOfSides(sides: readonly { readonly model: Model; readonly view: ReachView }[], query: NodeQuery): PartialNode[] {
  const byNode = new Map<string, PartialNode>();
  for (const { model, view } of sides) {
    for (const partial of partialNodes(model, query, view.nodes)) {
      const seen = byNode.get(partial.node.id);
      byNode.set(partial.node.id, seen ? { ...seen, joined: [...new Set([...seen.joined, ...partial.joined])] } : partial);
    }
  }
  return [...byNode.values()];
}
