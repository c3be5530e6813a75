import { endpointLabel, explainJson, explainPairs, explainText, namedPortGaps, resolveEndpoints, type NamedPort } from '../reach/explain.ts';
import { NODE_SYNTAX } from '../reach/filter.ts';
import { caveatsOf } from '../semantics/blind-spots.ts';
import { verdictDoubts } from '../semantics/describe-verdict.ts';
import { ianaServiceNameProblem } from '../model/names.ts';
import type { Query } from '../semantics/policy.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError, writeNote, writeOutput, type CliIo } from '../app/io.ts';
import { loadRun, requireConfig } from '../app/load-run.ts';
import { chooseFormat, COMMON_OPTIONS, configOptionsOf, nodeQueryArg, parseCommandArgs, parsePortOptions, refuseRenderOptions } from './options.ts';

export const EXPLAIN_HELP = `Usage: kube-netlint explain [options] SRC DST [PATH...]

Says whether SRC may open a connection to DST under the NetworkPolicies of the manifests (PATHs,
default .), and which policies and rules (file:line) decided it on each side: the source's egress
and the destination's ingress.

Options:
      --port N           the destination port, a number or a container port name of DST (without it:
                         any connection, and what is allowed); members of DST without a port of that
                         name are left out, with a note on stderr
      --protocol P       TCP (default), UDP or SCTP
      --exit-code        exit 1 when a connection explained is DENIED for certain (as diff
                         --exit-code; not when UNKNOWN, a peer kube-netlint does not evaluate may
                         allow it, nor when it rests on an assumed or unknown sender)
  -f, --format NAME      text (default) or json
  -o, --output-file F    write to F instead of standard output
  -c, --config F         config file (default: .kube-netlint.yaml found upward from the paths, then
                         from the working directory)
      --no-config        do not read a config file
  -n, --namespace NS     namespace of objects that declare none (default: default)
  -h, --help             this help
  --                     end of the options: every argument after it is an operand, even -x.yaml

${NODE_SYNTAX}
SRC or DST naming several workloads explains every pair. A CIDR is cut, as reach --from cuts the
address space, into the ranges the policies' ipBlocks (cidr and except) tell apart, and each range
inside it is explained on its own. A workload whose Pods the policies tell
apart (say, an exported canary Pod with a label its template lacks) is explained per Pod where they
differ, narrowed to the members SRC and DST name; two different members of one node are a pair too
(shop/web-5d8-a shop/track=canary). NS/key=value naming no workload stands for a pod with those
labels that is not in the manifests (e.g. kube-system/k8s-app=kube-dns). The peer names of
reach --exposure stand for a pod of that description outside the manifests: {entire cluster},
NS/[pod with SELECTOR], [namespace with SELECTOR]/[all pods], [all namespaces]/[pod with SELECTOR]
(kubectl's selector syntax, or Calico's); {any address} is every external range, FIRST-LAST one range.
--format json: {"version":1,"results":[{"from","to","query","allowed","connections","egress",
"ingress"}]}; from and to are reach node ids, fromMember and toMember the member meant, if one is;
"caveats" follows when the tree holds kinds that decide traffic but are not modelled (text: caveat
lines at the end). A rule whose peers are not evaluated (Calico services, Cilium toServices, toNodes,
groups, toFQDNs, ANP domainNames) that may turn the answer around makes it UNKNOWN ("certain": false,
each side's "unevaluated" names them; text: "not evaluated:" lines).

Examples:
  kube-netlint explain shop/web shop/db --port 5432 k8s/
  kube-netlint explain shop/app=web kube-system/k8s-app=kube-dns --port 53 --protocol UDP
  kube-netlint explain '{ingress-controller}' shop/web[Deployment] --port 8080
  kube-netlint explain '{gateway:shop/public}' shop/web
  kube-netlint explain shop/web 203.0.113.10 --port 443
  kube-netlint explain '[namespace with team=ops]/[pod with app=client]' shop/web --port 8080
  kube-netlint explain shop/web shop/api --port http --exit-code

Exit codes: 0 explained (allowed or denied), 1 with --exit-code when a connection is DENIED, 2 usage
or configuration failure.
`;

/** At most this many pairs are explained at once. */
const MAX_PAIRS = 100;

/** `kube-netlint explain SRC DST [PATH...]`: why one endpoint may or may not reach another. */
export async function explainCommand(argv: readonly string[], io: CliIo): Promise<number> {
  refuseRenderOptions(argv, 'explain', 'SRC DST ');
  const { values, positionals } = parseCommandArgs(argv, {
    ...COMMON_OPTIONS,
    port: { type: 'string' },
    protocol: { type: 'string' },
    'exit-code': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(EXPLAIN_HELP);
    return EXIT_OK;
  }
  const [srcText, dstText, ...paths] = positionals;
  if (srcText === undefined || dstText === undefined) throw new UsageError('explain takes a source and a destination: kube-netlint explain SRC DST [PATH...]');
  const formatter = chooseFormat({ text: explainText, json: explainJson }, values.format, 'explain');
  const query = portQuery(values.port, values.protocol);
  const srcQuery = nodeQueryArg(srcText, 'SRC');
  const dstQuery = nodeQueryArg(dstText, 'DST');
  const treePaths = paths.length > 0 ? paths : ['.'];
  const config = requireConfig(io, { ...configOptionsOf(values), paths: treePaths });
  const { model } = await loadRun(io, { config, paths: treePaths, modelOnly: true });
  const sources = resolveEndpoints(model, srcQuery, { cutRanges: true });
  const destinations = resolveEndpoints(model, dstQuery, { cutRanges: true });
  for (const [label, text, list] of [['SRC', srcText, sources], ['DST', dstText, destinations]] as const) {
    if (list.length === 0) throw new UsageError(`${label} "${text}" names no workload, address, {ingress-controller} or Gateway in the manifests`);
  }
  if (sources.length * destinations.length > MAX_PAIRS) {
    throw new UsageError(`SRC and DST name ${sources.length} x ${destinations.length} pairs; narrow them to at most ${MAX_PAIRS} (see kube-netlint explain --help)`);
  }
  if ('name' in query) {
    // Destinations (and members policies tell apart) may declare different ports: it fails only when none has the port.
    const gaps = namedPortGaps(model, destinations, query);
    if (gaps.length === destinations.length && gaps.every((gap) => gap.all)) {
      throw new UsageError(`--port "${query.name}" is not a ${query.protocol} container port of ${destinations.map(endpointLabel).join(', ')}`);
    }
    for (const { lacking } of gaps) {
      writeNote(io, `kube-netlint: note: --port "${query.name}" is not a ${query.protocol} container port of ${lacking.map(endpointLabel).join(', ')}, which explain leaves out`);
    }
  }
  const explanations = explainPairs(model, sources, destinations, query);
  if (explanations.length === 0) throw new UsageError('SRC and DST name the same node');
  await writeOutput(io, values['output-file'], formatter(explanations, caveatsOf(model)));
  // An answer a peer not evaluated may turn around (UNKNOWN) is no certain denial.
  // So is one resting on an assumption about the sender (an inferred ingress controller, a Gateway data plane not known).
  const certainDenial = (e: (typeof explanations)[number]) => !e.verdict.allowed && verdictDoubts(e.verdict).length === 0 && e.assumption === undefined && !e.dataPlane?.startsWith('unknown');
  return values['exit-code'] && explanations.some(certainDenial) ? EXIT_FINDINGS : EXIT_OK;
}

/** `--port` as a number, or as a port name (an IANA service name, as container ports are named) resolved on each destination. */
function portQuery(port: string | undefined, protocol: string | undefined): Query | NamedPort {
  if (port === undefined || /^\d+$/.test(port)) return parsePortOptions(port, protocol);
  if (ianaServiceNameProblem(port) !== undefined) throw new UsageError(`--port takes a port number from 1 to 65535 or a container port name, not "${port}"`);
  return { name: port, protocol: parsePortOptions(undefined, protocol).protocol ?? 'TCP' };
}
