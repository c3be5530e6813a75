/**
 * Reachability assertions (`assertions:` in .kube-netlint.yaml), evaluated with the policy engine.
 *
 * An endpoint given by namespace, labels or workload stands for every workload node it matches (as
 * `reach --from` names them, narrowed to the members it names), each member of a node that policies
 * tell apart counting on its own; a CIDR for every piece of that range the policies' ipBlocks tell
 * apart. Both expectations quantify over every pair (a node is never paired with itself, as the matrix
 * has no such edge):
 * `allow` holds when every source may open the connection to every destination ("the frontend
 * reaches the api"), `deny` when no source may ("dev never reaches prod"). An endpoint that matches
 * nothing fails the assertion: a typo must not pass silently.
 */
import type { Assertion, AssertionEndpoint, Config } from '../config/types.ts';
import { markdownText, textLine } from '../util/escape.ts';
import type { ContainerPort, Model, Protocol } from '../model/types.ts';
import { parseCidrOrAddress } from './address-range.ts';
import { verdictReason } from './describe-verdict.ts';
import { policyEngineOf, type Query, type Verdict } from './policy.ts';
import { portsNamed } from './ports.ts';
import { verdictFromIngressController } from './ingress-controllers.ts';
import { formatLabels, fromMatchLabels } from './selector.ts';
import { describeQuery, endpointLabel, memberEndpoints, resolveEndpoints, sameNode, type NamedEndpoint } from './endpoints.ts';
import type { NodeQuery } from './node-query.ts';

export interface AssertionResult {
  readonly assertion: Assertion;
  /** `pass`; `fail` when a pair contradicts the expectation; `error` when it cannot be evaluated (an endpoint matches nothing). */
  readonly status: 'pass' | 'fail' | 'error';
  /** One line: how many pairs held, or the first pair that did not and why. */
  readonly detail: string;
  /** For `error`: the field of the assertion at fault. */
  readonly field?: 'from' | 'to' | 'port';
  /** The first pair that contradicts the expectation (as `endpointLabel` names them), with the engine's verdict (its deciding policies and rules). */
  readonly counterexample?: { readonly from: string; readonly to: string; readonly query: Query; readonly verdict: Verdict };
  /** For `fail`: what the counterexample assumes about its sender (`verdictFromIngressController`): then no certain failure. */
  readonly assumption?: string;
}

// Weak, by model then by the config's assertions: results live as long as both.
const cache = new WeakMap<Model, WeakMap<readonly Assertion[], AssertionResult[]>>();

/** Evaluates every assertion of the config against the model (memoised per model and assertion list). */
export function evaluateAssertions(model: Model, config: Pick<Config, 'assertions'>): AssertionResult[] {
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new WeakMap()));
  let results = perModel.get(config.assertions);
  if (!results) perModel.set(config.assertions, (results = config.assertions.map((a) => evaluateAssertion(model, a))));
  return results;
}

/** Evaluates one assertion. */
export function evaluateAssertion(model: Model, assertion: Assertion): AssertionResult {
  const from = resolve(model, assertion.from);
  const to = resolve(model, assertion.to);
  for (const [side, resolved] of [['from', from], ['to', to]] as const) {
    if ('error' in resolved) return { assertion, status: 'error', field: side, detail: `"${side}" ${resolved.error}` };
  }
  const sources = from as NamedEndpoint[];
  const destinations = to as NamedEndpoint[];
  const engine = policyEngineOf(model);
  const protocol: Protocol = assertion.protocol ?? 'TCP';
  let pairs = 0;
  // Every member policies tell apart is a source or destination of its own: the matrix joins them (a
  // node reaches where some member does), so `deny` holds only when no member does, `allow` when all do.
  // As the matrix has no edge from a node to itself, two members of one node are never paired (explain pairs them).
  for (const [src, dst] of sources.flatMap((s) => destinations.flatMap((d) => (sameNode(s, d) ? [] : memberPairs(s, d))))) {
    const query = queryFor(engine.subjectPorts(dst.endpoint), assertion, protocol);
    if ('error' in query) return { assertion, status: 'error', field: 'port', detail: `port "${assertion.port}" ${query.error} ${endpointLabel(dst)}` };
    pairs++;
    // From the ingress controller, the one lint infers from the Ingress classes when it is not configured.
    const { verdict, assumption } =
      src.endpoint.type === 'ingress-controller' && dst.endpoint.type === 'workload' ? verdictFromIngressController(model, dst.endpoint.workload, query) : { verdict: engine.evaluate(src.endpoint, dst.endpoint, query), assumption: undefined };
    if (verdict.allowed === (assertion.expect === 'allow')) continue;
    const [from, to] = [endpointLabel(src), endpointLabel(dst)];
    const detail = `${from} ${verdict.allowed ? 'may' : 'may not'} reach ${to} on ${describeQuery(query)}: ${verdictReason(verdict, { source: from, destination: to })}`;
    return { assertion, status: 'fail', detail, counterexample: { from, to, query, verdict }, ...(assumption ? { assumption } : {}) };
  }
  if (pairs === 0) return { assertion, status: 'error', field: 'to', detail: '"from" and "to" match the same workload only' };
  return { assertion, status: 'pass', detail: `${assertion.expect === 'allow' ? 'allowed' : 'denied'} for ${pairs === 1 ? 'the one pair' : `all ${pairs} pairs`}` };
}

/** Each member of `src` (policies tell apart) with each member of `dst`. */
function memberPairs(src: NamedEndpoint, dst: NamedEndpoint): [NamedEndpoint, NamedEndpoint][] {
  return memberEndpoints(src).flatMap((s) => memberEndpoints(dst).map((d): [NamedEndpoint, NamedEndpoint] => [s, d]));
}

/** The endpoints an assertion endpoint stands for (a CIDR cut into the pieces ipBlocks tell apart), or why it stands for none. */
function resolve(model: Model, spec: AssertionEndpoint): NamedEndpoint[] | { error: string } {
  const selectsWorkloads = spec.namespace !== undefined || spec.labels !== undefined || spec.workload !== undefined;
  if ([spec.ingressController === true, spec.gateway !== undefined, spec.cidr !== undefined, selectsWorkloads].filter(Boolean).length > 1) {
    return { error: 'must give one of: ingressController, gateway, cidr, or namespace/labels/workload' };
  }
  let query: NodeQuery;
  if (spec.ingressController) query = { type: 'ingress-controller' };
  else if (spec.gateway !== undefined) {
    const [namespace, name] = spec.gateway.split('/', 2);
    query = { type: 'gateway', namespace: namespace!, name: name! };
  }
  else if (spec.cidr !== undefined) {
    const range = parseCidrOrAddress(spec.cidr);
    if (!range) return { error: `cidr "${spec.cidr}" is not a valid CIDR or address` };
    query = { type: 'external', range };
  } else {
    const [kind, name] = spec.workload?.includes('/') ? spec.workload.split('/', 2) : [undefined, spec.workload];
    query = {
      type: 'workload',
      ...(spec.namespace !== undefined ? { namespace: spec.namespace } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(kind !== undefined ? { kind } : {}),
      ...(spec.labels !== undefined ? { selector: fromMatchLabels(spec.labels) } : {}),
    };
  }
  // No stand-in pods: an assertion naming nothing must fail, not pass on an imagined pod.
  const endpoints = resolveEndpoints(model, query, { cutRanges: true, podsOutsideTree: false });
  return endpoints.length > 0 ? endpoints : { error: `(${describeEndpoint(spec)}) matches no workload` };
}

function queryFor(ports: readonly ContainerPort[], assertion: Assertion, protocol: Protocol): Query | { error: string } {
  if (assertion.port === undefined) return assertion.protocol ? { protocol } : {};
  if (typeof assertion.port === 'number' || /^\d+$/.test(assertion.port)) return { port: Number(assertion.port), protocol };
  // A named port means the destination's container port of that name and protocol.
  const port = portsNamed(ports, assertion.port, protocol)[0];
  return port ? { port: port.containerPort, protocol } : { error: `(${protocol}) is not a container port of` };
}

/** How the summary and messages name an assertion endpoint. */
export function describeEndpoint(spec: AssertionEndpoint): string {
  if (spec.ingressController) return 'the ingress controller';
  if (spec.gateway !== undefined) return `the data plane of Gateway ${spec.gateway}`;
  if (spec.cidr !== undefined) return spec.cidr;
  const parts: string[] = [];
  if (spec.workload !== undefined) parts.push(`workload ${spec.workload}`);
  if (spec.labels !== undefined) parts.push(`pods ${formatLabels(spec.labels)}`);
  parts.push(spec.namespace !== undefined ? `in namespace ${spec.namespace}` : 'in any namespace');
  return parts.join(' ');
}

/** The results as text lines for a terminal: `✔ name: detail` / `✖ name: detail`. */
export function assertionsText(results: readonly AssertionResult[]): string {
  if (results.length === 0) return '';
  const passed = results.filter((r) => r.status === 'pass').length;
  const lines = results.map((r) => `  ${r.status === 'pass' ? '✔' : '✖'} ${textLine(r.assertion.name)}: ${r.status === 'pass' ? 'holds' : r.status === 'fail' ? 'FAILS' : 'cannot be checked'} (${textLine(r.detail)})`);
  return `Assertions: ${passed} of ${results.length} hold\n${lines.join('\n')}\n`;
}

/** The results as a Markdown table for a job summary or pull-request comment. */
export function assertionsMarkdown(results: readonly AssertionResult[]): string {
  if (results.length === 0) return '';
  const cell = markdownText;
  const icon = { pass: '✅', fail: '❌', error: '⚠️' } as const;
  const rows = results.map((r) => `| ${icon[r.status]} | ${cell(r.assertion.name)} | ${r.assertion.expect} | ${cell(describeEndpoint(r.assertion.from))} | ${cell(describeEndpoint(r.assertion.to))} | ${cell(r.detail)} |`);
  return ['### Reachability assertions', '', '| | assertion | expect | from | to | result |', '| --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}
