import { matchesNode, NODE_SYNTAX, partialNodeNote, partialNodes } from '../reach/filter.ts';
import { DOT_MAX_EDGES, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT } from '../reach/drawn.ts';
import { HTML_MAX_NODES } from '../format/reach/html.ts';
import { reachFormatters } from '../format/reach/index.ts';
import { reachReport } from '../app/reach-report.ts';
import { EXIT_OK, writeNote, writeOutput, type CliIo } from '../app/io.ts';
import { loadRun, requireConfig } from '../app/load-run.ts';
import { EXPOSURE_DATA_FORMATS, exposureFormatters, exposureNotes } from '../format/reach/exposure.ts';
import { exposureOf } from '../reach/exposure.ts';
import { caveatsOf } from '../semantics/blind-spots.ts';
import { ConnSet } from '../semantics/conn.ts';
import { chooseFormat, COMMON_OPTIONS, configOptionsOf, jobsOf, nodeQueryArg, parseCommandArgs, parsePortOptions, refuseRenderOptions } from './options.ts';

export const REACH_HELP = `Usage: kube-netlint reach [options] [PATH...]

Prints who may reach whom, and on which ports, under the policies of the manifests in PATHs
(default: the working directory, .): NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy,
ClusterNetworkPolicy, Cilium and Calico policies, each tier in its order (docs/reachability.md); both
the source's egress and the destination's ingress must allow.
Nodes are workloads (namespace/name[Kind]; a Pod with a controller is its owner), the address space
outside the cluster cut by every ipBlock (a.b.c.d-e.f.g.h), {ingress-controller} (reaching the
pods behind Ingress and OpenShift Route backends on their target port, when their policies admit it;
configure who the controller is with cluster.ingressController in .kube-netlint.yaml), and
{gateway:NS/NAME} for each Gateway (its data plane, reaching the pods behind the backendRefs of the
routes attached to it; where it runs: a workload labelled gateway.networking.k8s.io/gateway-name,
else cluster.gateways, else its implementation's default, else unknown).

Options:
  -f, --format NAME      table (default), json, csv, md, dot, mermaid, html
  -o, --output-file F    write to F instead of standard output
      --from NODE        only connections from these nodes (repeatable)
      --to NODE          only connections to these nodes (repeatable)
      --port N           only connections on port N (narrowed to it)
      --protocol P       TCP (default with --port), UDP or SCTP
      --full-graph       dot, mermaid, html: draw every node, however large (see below)
  -c, --config F         config file (default: .kube-netlint.yaml found upward from the paths, then
                         from the working directory)
      --no-config        do not read a config file
  -n, --namespace NS     namespace of objects that declare none (default: default)
  -j, --jobs N           read and parse the files on N threads (default: the config's jobs, else
                         1, which measured faster on 2 cores); 1: no worker thread
  -h, --help             this help
      --exposure         list, per workload and direction, the peers outside the manifests that the
                         policies admit, with what they allow (formats table, json, md, csv, dot;
                         see below)
  --                     end of the options: every argument after it is an operand, even -x.yaml

${NODE_SYNTAX}

Examples:
  kube-netlint reach k8s/ --from 'shop/app=web' --port 5432
  kube-netlint reach k8s/ --to '{ingress-controller}' --format json
  kube-netlint reach k8s/ --from '{gateway:shop/public}'
  kube-netlint reach k8s/ --from prod/ --to 0.0.0.0/0 --format md
  kube-netlint reach k8s/ --format html -o reach.html

Connections (table, md, dot, mermaid, html): "all" is every port of TCP, UDP and SCTP; otherwise
ports and ranges per protocol, separated by "; ", such as "TCP 80,8000-8080; UDP 53";
UDP * means every port of UDP (likewise TCP *, SCTP *).
dot, mermaid and html draw workloads framed by namespace, and one node {any address} (or {any IPv4
address}, {any IPv6 address}) for the address ranges a node reaches, or is reached from, all alike;
json, table, csv and md keep the exact ranges. Above what a renderer draws (mermaid: ${MERMAID_MAX_EDGES} edges or
${MERMAID_MAX_TEXT} characters, its defaults; dot: ${DOT_MAX_EDGES} edges; html: ${HTML_MAX_NODES} nodes), they draw one node per
namespace instead and say so; --full-graph draws every node. The html table lists every connection.

--format json is a stable contract: {"version":1,"nodes":[{"id","type",...}],"edges":[{"from","to",
"conn":"all"|[{"protocol","ports":[[lo,hi],...]}]}]}, only allowed connections, sorted; then
"caveats":[{"about","message","kinds","files"}] when the tree holds kinds that decide traffic but
that kube-netlint does not model (Calico NetworkSet, HTTPRoute, ...): the other formats print them
as caveat lines (csv, dot and mermaid on stderr).

--exposure answers "who outside the manifests may reach this workload, and whom may it reach": per
workload node and direction (ingress, egress), the peers the policies of every kind admit that the
manifests do not hold, with the connections the policies allow (both ends evaluated, as explain does):
  {entire cluster}                               any pod of the cluster
  NS/[all pods], NS/[pod with app=web]           pods of namespace NS (with those labels)
  [namespace with env=prod]/[all pods]           pods of namespaces whose labels match
  [namespace with env=prod]/[pod with app=web]   both (selectors as the policy writes them; Calico's
  [all namespaces]/[pod with app=web]            in Calico syntax)
  a.b.c.d-e.f.g.h, {any address}                 addresses outside the cluster (cut by every CIDR)
A peer that adds nothing to what {entire cluster} has is left out. A direction no policy applies to is
one line: "everything: {entire cluster} and {any address}". --to NODE lists the ingress of those
nodes, --from NODE their egress (neither: both of every node); --port and --protocol narrow the
connections. explain takes these peer names (explain '[namespace with env=prod]/[pod with app=web]'
shop/web). --format json: {"version":1,"exposure":[{"node","ingress":{"everything":true}|
{"everything":false,"peers":[{"id","type","example"|"ranges","conn"}]},"egress":...}]}. --format csv:
node,direction,peer,connections (the table's rows); --format dot: an edge peer -> workload (ingress)
or workload -> peer (egress) per peer, labelled with the connections; both leave notes and caveats on
stderr.
`;

/** `kube-netlint reach [PATH...]`: the connectivity matrix in one of several formats. */
export async function reachCommand(argv: readonly string[], io: CliIo): Promise<number> {
  refuseRenderOptions(argv, 'reach');
  const { values, positionals } = parseCommandArgs(argv, {
    ...COMMON_OPTIONS,
    from: { type: 'string', multiple: true },
    to: { type: 'string', multiple: true },
    port: { type: 'string' },
    protocol: { type: 'string' },
    'full-graph': { type: 'boolean' },
    exposure: { type: 'boolean' },
    jobs: { type: 'string', short: 'j' },
  });
  if (values.help) {
    io.stdout(REACH_HELP);
    return EXIT_OK;
  }
  if (values.exposure) return exposureCommand(values, positionals, io);
  chooseFormat(reachFormatters, values.format, 'reach');
  const from = (values.from ?? []).map((text) => nodeQueryArg(text, '--from'));
  const to = (values.to ?? []).map((text) => nodeQueryArg(text, '--to'));
  const ports = parsePortOptions(values.port, values.protocol);
  const jobs = jobsOf(values.jobs);
  const paths = positionals.length > 0 ? positionals : ['.'];
  const config = requireConfig(io, { ...configOptionsOf(values), paths });
  const { model } = await loadRun(io, { config, paths, modelOnly: true, ...(jobs !== undefined ? { jobs } : {}) });
  const { matrix, view, output, notes } = reachReport(model, values.format ?? 'table', { filter: { from, to, ...ports }, fullGraph: values['full-graph'] ?? false });
  for (const [option, texts, queries] of [['--from', values.from, from], ['--to', values.to, to]] as const) {
    queries.forEach((query, i) => {
      if (!matrix.nodes.some((node) => matchesNode(query, node))) writeNote(io, `kube-netlint: warning: ${option} "${texts![i]}" matches no node`);
      for (const partial of partialNodes(model, query, view.nodes)) writeNote(io, partialNodeNote(option, texts![i]!, partial, 'reach shows'));
    });
  }
  for (const note of notes) writeNote(io, note);
  await writeOutput(io, values['output-file'], output);
  return EXIT_OK;
}

/** `reach --exposure`: the peers outside the manifests each workload is open to (src/reach/exposure.ts). */
async function exposureCommand(values: { format?: string; from?: string[]; to?: string[]; port?: string; protocol?: string; 'output-file'?: string } & Parameters<typeof configOptionsOf>[0], positionals: readonly string[], io: CliIo): Promise<number> {
  const formatter = chooseFormat(exposureFormatters, values.format, 'reach --exposure');
  const from = (values.from ?? []).map((text) => nodeQueryArg(text, '--from'));
  const to = (values.to ?? []).map((text) => nodeQueryArg(text, '--to'));
  const { port, protocol } = parsePortOptions(values.port, values.protocol);
  const within = port !== undefined ? ConnSet.ports(protocol ?? 'TCP', port) : protocol !== undefined ? ConnSet.protocol(protocol) : ConnSet.ALL;
  const paths = positionals.length > 0 ? positionals : ['.'];
  const config = requireConfig(io, { ...configOptionsOf(values), paths });
  const { model } = await loadRun(io, { config, paths, modelOnly: true });
  const filtered = from.length > 0 || to.length > 0;
  const exposure = exposureOf(model, {
    ingressOf: (node) => !filtered || to.some((q) => matchesNode(q, node)),
    egressOf: (node) => !filtered || from.some((q) => matchesNode(q, node)),
    within,
  });
  for (const [option, texts, queries] of [['--from', values.from, from], ['--to', values.to, to]] as const) {
    queries.forEach((query, i) => {
      if (!exposure.some((e) => matchesNode(query, e.node))) writeNote(io, `kube-netlint: warning: ${option} "${texts![i]}" matches no workload`);
    });
  }
  const view = { exposure, caveats: caveatsOf(model) };
  if (EXPOSURE_DATA_FORMATS.has(formatter)) for (const note of exposureNotes(view)) writeNote(io, note);
  await writeOutput(io, values['output-file'], formatter(view));
  return EXIT_OK;
}
