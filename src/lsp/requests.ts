import type { Model, Protocol } from '../model/types.ts';
import { endpointLabel, explainPairs, explainText, namedPortGaps, resolveEndpoints, type NamedPort } from '../reach/explain.ts';
import { filterView, parseNodeQuery } from '../reach/filter.ts';
import { explainView } from '../reach/explain-view.ts';
import { htmlDrawsNodes, reachHtml } from '../format/reach/html.ts';
import { buildMatrix } from '../reach/matrix.ts';
import { gatewayNodeId, INGRESS_CONTROLLER_ID, workloadNodes } from '../semantics/nodes.ts';
import { GATEWAY_KIND } from '../model/kinds/gateway-api.ts';
import { viewsOf } from '../model/kinds/define.ts';
import { compareStrings } from '../util/compare.ts';
import { ianaServiceNameProblem } from '../model/names.ts';
import type { Query } from '../semantics/policy.ts';

/**
 * Requests the editor extensions send beyond LSP (the VS Code "explain connection" and "show
 * reachability graph" commands). Each takes the `uri` of a folder or file to pick the workspace
 * folder whose model answers (default: the first folder). They answer what the CLI's `explain` and
 * `reach --format html` print for the same manifests, from the model the editor already holds.
 */
export const WORKLOADS_REQUEST = 'kube-netlint/workloads';
export const EXPLAIN_REQUEST = 'kube-netlint/explain';
export const REACH_HTML_REQUEST = 'kube-netlint/reachHtml';
/**
 * What the server holds, for a user or an extension to show: the open documents and, per workspace
 * (`root` null for documents outside every folder), its parsed files and the sizes of its program's
 * caches (`spanFiles`, `spanBytes`, `policyWorlds`). Takes no parameters.
 */
export const STATUS_REQUEST = 'kube-netlint/status';

export interface WorkspaceParams {
  readonly uri?: string;
}

/** A node `explain` can take: its id is what the CLI's `explain SRC DST` accepts. */
export interface WorkloadItem {
  readonly id: string;
  readonly type: 'workload' | 'ingress-controller' | 'gateway';
  readonly namespace?: string;
  readonly name?: string;
  readonly kind?: string;
}

export interface ExplainParams extends WorkspaceParams {
  readonly from: string;
  readonly to: string;
  /** A port number or a container port name of the destination; any connection when absent. */
  readonly port?: number | string;
  readonly protocol?: string;
}

export interface ExplainResult {
  /** `explain`'s text output. */
  readonly text: string;
  /** One verdict per explanation, in the order of the text. */
  readonly allowed: readonly boolean[];
}

/** A request the model cannot answer, with the message for the user. */
export class RequestProblem extends Error {}

/** At most this many pairs are explained at once, as `explain` does. */
const MAX_PAIRS = 100;
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/**
 * The nodes `explain` takes: the workload nodes of the model, sorted by id, then the Ingress controller,
 * then each Gateway's data plane (`{gateway:NS/NAME}`, sorted), the sources `reach` draws.
 */
export function workloadItems(model: Model): WorkloadItem[] {
  const workloads: WorkloadItem[] = workloadNodes(model).map((node) => ({
    id: node.id,
    type: 'workload',
    ...(node.namespace !== undefined ? { namespace: node.namespace } : {}),
    ...(node.name !== undefined ? { name: node.name } : {}),
    ...(node.kind !== undefined ? { kind: node.kind } : {}),
  }));
  const gateways: WorkloadItem[] = viewsOf(model, GATEWAY_KIND)
    .map((gateway): WorkloadItem => ({ id: gatewayNodeId(gateway.object.namespace, gateway.object.name), type: 'gateway', namespace: gateway.object.namespace, name: gateway.object.name, kind: 'Gateway' }))
    .sort((a, b) => compareStrings(a.id, b.id));
  return [...workloads, { id: INGRESS_CONTROLLER_ID, type: 'ingress-controller' }, ...gateways];
}

/** `explain FROM TO [--port P --protocol X]` on the model; a `RequestProblem` says what is wrong with the params. */
export function explainRequest(model: Model, params: ExplainParams): ExplainResult {
  const endpoints = (text: unknown, label: string) => {
    if (typeof text !== 'string') throw new RequestProblem(`${label} must be a node name such as shop/web[Deployment]`);
    const query = parseNodeQuery(text);
    if ('error' in query) throw new RequestProblem(`${label} "${text}" ${query.error}`);
    const list = resolveEndpoints(model, query, { cutRanges: true });
    if (list.length === 0) throw new RequestProblem(`${label} "${text}" names no workload, address, {ingress-controller} or {gateway:NS/NAME} in the manifests`);
    return list;
  };
  const sources = endpoints(params.from, 'source');
  const destinations = endpoints(params.to, 'destination');
  if (sources.length * destinations.length > MAX_PAIRS) throw new RequestProblem(`source and destination name ${sources.length} x ${destinations.length} pairs; narrow them to at most ${MAX_PAIRS}`);
  const query = portQuery(params.port, params.protocol);
  if ('name' in query) {
    const gaps = namedPortGaps(model, destinations, query);
    if (gaps.length === destinations.length && gaps.every((gap) => gap.all)) {
      throw new RequestProblem(`port "${query.name}" is not a ${query.protocol} container port of ${destinations.map(endpointLabel).join(', ')}`);
    }
  }
  const explanations = explainPairs(model, sources, destinations, query);
  if (explanations.length === 0) throw new RequestProblem('source and destination name the same node; pick two different ones');
  return { text: explainText(explanations), allowed: explanations.map((e) => e.verdict.allowed) };
}

/**
 * The page `reach --format html` writes for the whole model, with the explain of each pair it draws
 * node by node, as one string: a webview takes the whole page.
 */
export function reachHtmlRequest(model: Model): { readonly html: string } {
  const matrix = buildMatrix(model);
  const view = filterView({ nodes: matrix.nodes, edges: matrix.edgeStream() }, {});
  const explanations = htmlDrawsNodes(view, {}) ? explainView(model, view) : undefined;
  return { html: [...reachHtml(view, explanations ? { explanations } : {})].join('') };
}

/** A port number, or a port name (an IANA service name, as container ports are named) resolved on each destination. */
function portQuery(port: unknown, protocol: unknown): Query | NamedPort {
  let chosen: Protocol | undefined;
  if (protocol !== undefined && protocol !== null && protocol !== '') {
    const upper = typeof protocol === 'string' ? (protocol.toUpperCase() as Protocol) : undefined;
    if (!upper || !PROTOCOLS.includes(upper)) throw new RequestProblem(`protocol must be TCP, UDP or SCTP, not ${JSON.stringify(protocol)}`);
    chosen = upper;
  }
  if (port === undefined || port === null || port === '') return chosen ? { protocol: chosen } : {};
  const text = String(port).trim();
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    if (number < 1 || number > 65535) throw new RequestProblem(`port must be a number from 1 to 65535 or a container port name, not "${text}"`);
    return { port: number, ...(chosen ? { protocol: chosen } : {}) };
  }
  if (typeof port !== 'string' || ianaServiceNameProblem(text) !== undefined) throw new RequestProblem(`port must be a number from 1 to 65535 or a container port name, not ${JSON.stringify(port)}`);
  return { name: text, protocol: chosen ?? 'TCP' };
}
