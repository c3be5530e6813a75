/**
 * Reachability assertions (`assertions:` in .kube-netlint.yaml), evaluated with the policy engine.
 *
 * An endpoint given by namespace, labels or workload stands for every workload node it matches (as
 * `reach --from` names them); a CIDR for every piece of that range the policies' ipBlocks tell
 * apart. Both expectations quantify over every pair (a node is never paired with itself):
 * `allow` holds when every source may open the connection to every destination ("the frontend
 * reaches the api"), `deny` when no source may ("dev never reaches prod"). An endpoint that matches
 * nothing fails the assertion: a typo must not pass silently.
 */
import type { Assertion, AssertionEndpoint, Config } from '../config/types.ts';
import type { ContainerPort, Model, Protocol } from '../model/types.ts';
import { cutAddressSpace, formatRange, parseCidrOrAddress, rangeContains, type AddressRange } from '../semantics/address-range.ts';
import { externalEndpoint, INGRESS_CONTROLLER, policyEngineOf, workloadEndpoint, type Endpoint, type Query, type Verdict } from '../semantics/policy.ts';
import { formatLabels, fromMatchLabels } from '../semantics/selector.ts';
import { describeQuery } from './explain.ts';
import { matchesNode } from './filter.ts';
import { INGRESS_CONTROLLER_ID, workloadNodes } from './nodes.ts';

export interface AssertionResult {
  readonly assertion: Assertion;
  /** `pass`; `fail` when a pair contradicts the expectation; `error` when it cannot be evaluated (an endpoint matches nothing). */
  readonly status: 'pass' | 'fail' | 'error';
  /** One line: how many pairs held, or the first pair that did not and why. */
  readonly detail: string;
  /** For `error`: the field of the assertion at fault. */
  readonly field?: 'from' | 'to' | 'port';
  /** The first pair that contradicts the expectation, with the engine's verdict (its deciding policies and rules). */
  readonly counterexample?: { readonly from: string; readonly to: string; readonly query: Query; readonly verdict: Verdict };
}

interface NamedEndpoint {
  readonly name: string;
  readonly endpoint: Endpoint;
}

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
  for (const src of sources) {
    for (const dst of destinations) {
      if (src.name === dst.name) continue;
      const query = queryFor(engine.subjectPorts(dst.endpoint), assertion, protocol);
      if ('error' in query) return { assertion, status: 'error', field: 'port', detail: `port "${assertion.port}" ${query.error} ${dst.name}` };
      pairs++;
      const verdict = engine.evaluate(src.endpoint, dst.endpoint, query);
      if (verdict.allowed === (assertion.expect === 'allow')) continue;
      const detail = `${src.name} ${verdict.allowed ? 'may' : 'may not'} reach ${dst.name} on ${describeQuery(query)}: ${reason(verdict, src.name, dst.name)}`;
      return { assertion, status: 'fail', detail, counterexample: { from: src.name, to: dst.name, query, verdict } };
    }
  }
  if (pairs === 0) return { assertion, status: 'error', field: 'to', detail: '"from" and "to" match the same workload only' };
  return { assertion, status: 'pass', detail: `${assertion.expect === 'allow' ? 'allowed' : 'denied'} for ${pairs === 1 ? 'the one pair' : `all ${pairs} pairs`}` };
}

/** The endpoints an assertion endpoint stands for, or why it stands for none. */
function resolve(model: Model, spec: AssertionEndpoint): NamedEndpoint[] | { error: string } {
  const selectsWorkloads = spec.namespace !== undefined || spec.labels !== undefined || spec.workload !== undefined;
  if ([spec.ingressController === true, spec.cidr !== undefined, selectsWorkloads].filter(Boolean).length > 1) {
    return { error: 'must give one of: ingressController, cidr, or namespace/labels/workload' };
  }
  if (spec.ingressController) return [{ name: INGRESS_CONTROLLER_ID, endpoint: INGRESS_CONTROLLER }];
  if (spec.cidr !== undefined) {
    const range = parseCidrOrAddress(spec.cidr);
    if (!range) return { error: `cidr "${spec.cidr}" is not a valid CIDR or address` };
    return externalPieces(model, range).map((piece) => ({ name: formatRange(piece), endpoint: externalEndpoint(piece) }));
  }
  const [kind, name] = spec.workload?.includes('/') ? spec.workload.split('/', 2) : [undefined, spec.workload];
  const query = {
    type: 'workload' as const,
    ...(spec.namespace !== undefined ? { namespace: spec.namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(kind !== undefined ? { kind } : {}),
    ...(spec.labels !== undefined ? { selector: fromMatchLabels(spec.labels) } : {}),
  };
  const nodes = workloadNodes(model).filter((node) => matchesNode(query, node));
  if (nodes.length === 0) return { error: `(${describeEndpoint(spec)}) matches no workload` };
  return nodes.map((node) => ({ name: node.id, endpoint: workloadEndpoint(node.workloads[0]!) }));
}

/** The range cut at every ipBlock cidr and except of the policies, so each piece is admitted wholly or not at all. */
function externalPieces(model: Model, range: AddressRange): AddressRange[] {
  const engine = policyEngineOf(model);
  const cuts: AddressRange[] = [range];
  for (const policy of model.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.type !== 'ipBlock') continue;
        for (const text of [peer.cidr, ...peer.except]) {
          const cut = engine.cidr(text);
          if (cut) cuts.push(cut);
        }
      }
    }
  }
  return cutAddressSpace(cuts).filter((piece) => rangeContains(range, piece));
}

function queryFor(ports: readonly ContainerPort[], assertion: Assertion, protocol: Protocol): Query | { error: string } {
  if (assertion.port === undefined) return assertion.protocol ? { protocol } : {};
  if (typeof assertion.port === 'number' || /^\d+$/.test(assertion.port)) return { port: Number(assertion.port), protocol };
  // A named port means the destination's container port of that name and protocol.
  const port = ports.find((p) => p.name === assertion.port && p.protocol === protocol);
  return port ? { port: port.containerPort, protocol } : { error: `(${protocol}) is not a container port of` };
}

/** How the summary and messages name an assertion endpoint. */
export function describeEndpoint(spec: AssertionEndpoint): string {
  if (spec.ingressController) return 'the ingress controller';
  if (spec.cidr !== undefined) return spec.cidr;
  const parts: string[] = [];
  if (spec.workload !== undefined) parts.push(`workload ${spec.workload}`);
  if (spec.labels !== undefined) parts.push(`pods ${formatLabels(spec.labels)}`);
  parts.push(spec.namespace !== undefined ? `in namespace ${spec.namespace}` : 'in any namespace');
  return parts.join(' ');
}

/** Which side decided, and by which policies or rules. */
function reason(verdict: Verdict, from: string, to: string): string {
  if (verdict.allowed) {
    const side = (s: Verdict['egress'], self: string) =>
      !s.governed ? `no NetworkPolicy governs the ${s.direction} of ${self}` : !s.isolated ? `no policy isolates ${self} for ${s.direction}` : `${s.direction} of ${self} allowed by ${s.rules.filter((m) => m.allowsQuery).map((m) => `${m.policy.object.namespace}/${m.policy.object.name} ${m.direction}[${m.index}]`).join(', ')}`;
    return `${side(verdict.egress, from)}; ${side(verdict.ingress, to)}`;
  }
  const refusals: string[] = [];
  for (const [s, self] of [[verdict.egress, from], [verdict.ingress, to]] as const) {
    if (!s.allowed) refusals.push(`${s.direction} of ${self} is isolated by ${s.policies.map((p) => `${p.object.namespace}/${p.object.name}`).join(', ')} and no rule allows it`);
  }
  return refusals.join('; ');
}

/** The results as text lines for a terminal: `✔ name: detail` / `✖ name: detail`. */
export function assertionsText(results: readonly AssertionResult[]): string {
  if (results.length === 0) return '';
  const passed = results.filter((r) => r.status === 'pass').length;
  const lines = results.map((r) => `  ${r.status === 'pass' ? '✔' : '✖'} ${r.assertion.name}: ${r.status === 'pass' ? 'holds' : r.status === 'fail' ? 'FAILS' : 'cannot be checked'} (${r.detail})`);
  return `Assertions: ${passed} of ${results.length} hold\n${lines.join('\n')}\n`;
}

/** The results as a Markdown table for a job summary or pull-request comment. */
export function assertionsMarkdown(results: readonly AssertionResult[]): string {
  if (results.length === 0) return '';
  const cell = (text: string) => text.replace(/[\r\n]+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[\\`*_[\]|~#!]/g, (c) => `\\${c}`);
  const icon = { pass: '✅', fail: '❌', error: '⚠️' } as const;
  const rows = results.map((r) => `| ${icon[r.status]} | ${cell(r.assertion.name)} | ${r.assertion.expect} | ${cell(describeEndpoint(r.assertion.from))} | ${cell(describeEndpoint(r.assertion.to))} | ${cell(r.detail)} |`);
  return ['### Reachability assertions', '', '| | assertion | expect | from | to | result |', '| --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}
