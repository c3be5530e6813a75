import { locateTarget } from '../lint/locate.ts';
import type { KubeObject, Model, NetworkPolicy, Protocol } from '../model/types.ts';
import type { Path } from '../source/types.ts';
import { positionAt } from '../source/text.ts';
import { cutAddressSpace, formatRange } from '../semantics/address-range.ts';
import { allowingRules, ungovernedReason } from '../semantics/describe-verdict.ts';
import { formatIp, rangeContains, type AddressRange } from '../semantics/ip.ts';
import { portsNamed } from '../semantics/ports.ts';
import { formatLabels, isEmptySelector } from '../semantics/selector.ts';
import { externalEndpoint, INGRESS_CONTROLLER, podEndpoint, policyEngineOf, workloadEndpoint, type Endpoint, type Query, type SideVerdict, type Verdict } from '../semantics/policy.ts';
import { matchesNode, type NodeQuery } from './filter.ts';
import { INGRESS_CONTROLLER_ID, workloadNodes } from './nodes.ts';

/** An endpoint with the name `explain` and assertions print for it. */
export interface NamedEndpoint {
  readonly name: string;
  readonly endpoint: Endpoint;
}

/** How `resolveEndpoints` reads a query; the defaults are `explain`'s. */
export interface ResolveOptions {
  /**
   * Cut an address range into the pieces the policies' ipBlocks tell apart, each admitted wholly or
   * not at all (assertions quantify over them); by default the range is one endpoint, as given.
   */
  readonly cutRanges?: boolean;
  /**
   * Let `NS/key=value,...` that matches no workload stand for a pod with those labels (kube-dns in
   * kube-system, say), so its policies can still be asked about (default true).
   */
  readonly podsOutsideTree?: boolean;
}

/**
 * The endpoints a query names: workload nodes (each stands for its first workload, as the matrix
 * does); an address or CIDR; the ingress controller. Empty when nothing matches.
 */
export function resolveEndpoints(model: Model, query: NodeQuery, options: ResolveOptions = {}): NamedEndpoint[] {
  if (query.type === 'ingress-controller') return [{ name: INGRESS_CONTROLLER_ID, endpoint: INGRESS_CONTROLLER }];
  if (query.type === 'external') {
    if (!query.range) return [];
    const range = query.range;
    const ranges = options.cutRanges ? cutAddressSpace([range, ...policyEngineOf(model).ipBlockRanges()]).filter((piece) => rangeContains(range, piece)) : [range];
    return ranges.map((r) => ({ name: rangeName(r), endpoint: externalEndpoint(r) }));
  }
  const nodes = workloadNodes(model).filter((node) => matchesNode(query, node));
  if (nodes.length > 0) return nodes.map((node) => ({ name: node.id, endpoint: workloadEndpoint(node.workloads[0]!) }));
  const selector = query.selector;
  if ((options.podsOutsideTree ?? true) && query.namespace !== undefined && selector && selector.matchExpressions.length === 0 && !isEmptySelector(selector)) {
    return [{ name: `${query.namespace}/{${formatLabels(selector.matchLabels)}} (a pod not in the manifests)`, endpoint: podEndpoint(query.namespace, selector.matchLabels) }];
  }
  return [];
}

/** `8.8.8.8` for one address, else `a.b.c.d-e.f.g.h`. */
function rangeName(range: AddressRange): string {
  return range.start === range.end ? formatIp({ family: range.family, value: range.start }) : formatRange(range);
}

export interface Explanation {
  readonly from: string;
  readonly to: string;
  readonly query: Query;
  /** The port name the query's port was resolved from (`explain --port http`). */
  readonly portName?: string;
  readonly verdict: Verdict;
}

/** A port given by name, resolved on each destination's container ports (as policies and assertions resolve it). */
export interface NamedPort {
  readonly name: string;
  readonly protocol: Protocol;
}

/** The query a named port stands for toward `destination`: its container port of that name and protocol; undefined when it declares none. */
export function namedPortQuery(model: Model, destination: NamedEndpoint, port: NamedPort): Query | undefined {
  const found = portsNamed(policyEngineOf(model).subjectPorts(destination.endpoint), port.name, port.protocol)[0];
  return found ? { port: found.containerPort, protocol: port.protocol } : undefined;
}

/** Explains every pair of sources and destinations; a named port is resolved per destination (one without it is left out). */
export function explainPairs(model: Model, sources: readonly NamedEndpoint[], destinations: readonly NamedEndpoint[], query: Query | NamedPort): Explanation[] {
  const engine = policyEngineOf(model);
  const named = 'name' in query ? query : undefined;
  const queries = destinations.map((dst) => (named ? namedPortQuery(model, dst, named) : (query as Query)));
  return sources.flatMap((src) =>
    destinations.flatMap((dst, i) => {
      const q = queries[i];
      if (dst.name === src.name || !q) return [];
      return [{ from: src.name, to: dst.name, query: q, ...(named ? { portName: named.name } : {}), verdict: engine.evaluate(src.endpoint, dst.endpoint, q) }];
    }),
  );
}

function where(object: KubeObject, path: Path): { file: string; line: number } {
  const { file, span } = locateTarget({ object, path });
  return { file: file.path, line: positionAt(file, span.start).line };
}

const policyName = (policy: NetworkPolicy) => `${policy.object.namespace}/${policy.object.name}`;
const policyAt = (policy: NetworkPolicy) => {
  const at = where(policy.object, ['metadata', 'name']);
  return `${policyName(policy)} (${at.file}:${at.line})`;
};

/** `TCP 5432`, `UDP (any port)`, `any connection`. */
export function describeQuery(query: Query): string {
  if (query.port !== undefined) return `${query.protocol ?? 'TCP'} ${query.port}`;
  if (query.protocol !== undefined) return `${query.protocol} (any port)`;
  return 'any connection';
}

function sideText(side: SideVerdict, self: string, other: string, query: Query): string[] {
  const head = `  ${side.direction} of ${self}: ${side.allowed ? 'allowed' : 'denied'}`;
  if (!side.governed) return [`${head} (no NetworkPolicy applies: ${ungovernedReason(side.ungoverned)})`];
  if (!side.isolated) return [`${head} (not isolated: no NetworkPolicy selects it for ${side.direction === 'ingress' ? 'Ingress' : 'Egress'})`];
  const lines = [head, `    isolated by: ${side.policies.map(policyAt).join(', ')}`];
  const rule = (m: SideVerdict['rules'][number]) => {
    const at = where(m.policy.object, m.rule.path);
    return `${policyName(m.policy)} ${m.direction}[${m.index}] (${at.file}:${at.line}): ${m.connections}`;
  };
  const allowing = allowingRules(side);
  const others = side.rules.filter((m) => !m.allowsQuery);
  for (const m of allowing) lines.push(`    allowed by: ${rule(m)}`);
  if (side.rules.length === 0) lines.push(`    no ${side.direction} rule of these policies admits ${other}`);
  else if (allowing.length === 0) lines.push(`    rules admitting ${other}, but not ${describeQuery(query)}:`);
  for (const m of others) lines.push(`      ${rule(m)}`);
  return lines;
}

/** The text `explain` prints: the verdict, then each side with the policies and rules (file:line) that decided it. */
export function explainText(explanations: readonly Explanation[]): string {
  return explanations
    .map(({ from, to, query, portName, verdict }) =>
      [
        `${from} -> ${to}, ${describeQuery(query)}${portName ? ` (port "${portName}")` : ''}: ${verdict.allowed ? 'ALLOWED' : 'DENIED'}`,
        ...sideText(verdict.egress, from, to, query),
        ...sideText(verdict.ingress, to, from, query),
        `  allowed between them: ${verdict.connections}`,
      ].join('\n'),
    )
    .join('\n\n')
    .concat('\n');
}

function sideJson(side: SideVerdict): Record<string, unknown> {
  return {
    governed: side.governed,
    isolated: side.isolated,
    allowed: side.allowed,
    connections: side.connections,
    policies: side.policies.map((p) => ({ namespace: p.object.namespace, name: p.object.name, ...where(p.object, ['metadata', 'name']) })),
    rules: side.rules.map((m) => ({
      policy: { namespace: m.policy.object.namespace, name: m.policy.object.name },
      direction: m.direction,
      index: m.index,
      ...where(m.policy.object, m.rule.path),
      connections: m.connections,
      allowsQuery: m.allowsQuery,
    })),
  };
}

/** `explain --format json`: `{"version":1,"results":[{from,to,query,allowed,connections,egress,ingress}]}` (`query.portName` when --port named a port). */
export function explainJson(explanations: readonly Explanation[]): string {
  const results = explanations.map(({ from, to, query, portName, verdict }) => ({
    from,
    to,
    query: {
      ...(query.port !== undefined ? { port: query.port } : {}),
      ...(query.protocol ?? query.port !== undefined ? { protocol: query.protocol ?? 'TCP' } : {}),
      ...(portName !== undefined ? { portName } : {}),
    },
    allowed: verdict.allowed,
    connections: verdict.connections,
    egress: sideJson(verdict.egress),
    ingress: sideJson(verdict.ingress),
  }));
  return `${JSON.stringify({ version: 1, results }, null, 2)}\n`;
}
