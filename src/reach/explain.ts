import { jsonText, visibleText } from '../util/escape.ts';
import { locateTarget } from '../model/locate.ts';
import type { KubeObject, Model, NetworkPolicy, Protocol } from '../model/types.ts';
import type { Path } from '../source/types.ts';
import { positionAt } from '../source/text.ts';
import { caveatJson, type Caveat } from '../semantics/blind-spots.ts';
import { allowingRules, ungovernedReason, verdictDoubts } from '../semantics/describe-verdict.ts';
import { ConnSet } from '../semantics/conn.ts';
import { NETWORK_POLICY_ORDER } from '../semantics/tiers.ts';
import { describeQuery, endpointLabel, memberEndpoints, sameEndpoint, type NamedEndpoint } from '../semantics/endpoints.ts';
import { ingressRouteKinds, ingressRoutes, verdictFromIngressController } from '../semantics/ingress-controllers.ts';
import { openShiftRoutesOf } from '../semantics/routes.ts';
import { compareStrings } from '../util/compare.ts';
import { portsNamed } from '../semantics/ports.ts';
import { admits, policyEngineOf, type EntryMatch, type Query, type SideVerdict, type Verdict } from '../semantics/policy.ts';
import type { CompiledPolicy } from '../semantics/tiers.ts';
import { droppedFieldNote } from '../semantics/unknown-fields.ts';
import { describeListener } from '../semantics/gateway-api.ts';
import { dataPlaneOf, describeDataPlane } from '../semantics/gateway-data-plane.ts';
import { gatewayTraffic, type GatewayHop } from '../semantics/gateway-traffic.ts';

// What a query names, as endpoints, is semantics (assertions resolve them too); re-exported for the reach commands and the language server.
export { describeQuery, endpointLabel, gatewayEndpoint, matrixNodeEndpoint, memberEndpoints, resolveEndpoints, sameNode, type NamedEndpoint, type ResolveOptions } from '../semantics/endpoints.ts';


export interface Explanation {
  /** The source's node id, address range or stand-in pod (`NamedEndpoint.name`). */
  readonly from: string;
  /** The member of the source's node meant, when one is (`NamedEndpoint.member`). */
  readonly fromMember?: string;
  readonly to: string;
  readonly toMember?: string;
  readonly query: Query;
  /** The port name the query's port was resolved from (`explain --port http`). */
  readonly portName?: string;
  readonly verdict: Verdict;
  /**
   * From `{ingress-controller}` to a workload: the ports Ingresses route there (`ingressRoutes`). The
   * controller connects on these only, so `verdict` says what both the policies and the routes allow.
   */
  readonly routed?: ConnSet;
  /**
   * What sends `routed` there, by kind: absent for Ingresses alone, `OpenShift Routes` or `Ingresses and
   * OpenShift Routes` for the ingress controller, `HTTPRoutes of Gateway NS/NAME` for a Gateway.
   */
  readonly routedBy?: string;
  /** From a Gateway: each listener, route rule and backendRef that sends it to the destination, with the port. */
  readonly hops?: readonly { readonly hop: GatewayHop; readonly port: number }[];
  /** From a Gateway: where its data plane is (`describeDataPlane`). */
  readonly dataPlane?: string;
  /**
   * What the answer assumes about who sends (the ingress controller inferred from the Ingress class, as
   * `ingress-backend-unreachable` infers it, or not known at all): a denial resting on it is no certain one.
   */
  readonly assumption?: string;
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

/** Members of a destination that declare no container port of a name (`namedPortQuery`); `all` when none does. */
export interface NamedPortGap {
  readonly destination: NamedEndpoint;
  /** The members (`memberEndpoints`) without the port, which `explainPairs` leaves out. */
  readonly lacking: readonly NamedEndpoint[];
  readonly all: boolean;
}

/** The destinations some of whose members, which policies tell apart and so may declare other ports, lack a named port. */
export function namedPortGaps(model: Model, destinations: readonly NamedEndpoint[], port: NamedPort): NamedPortGap[] {
  return destinations.flatMap((destination) => {
    const members = memberEndpoints(destination);
    const lacking = members.filter((member) => !namedPortQuery(model, member, port));
    return lacking.length > 0 ? [{ destination, lacking, all: lacking.length === members.length }] : [];
  });
}

/**
 * Explains every pair of sources and destinations, but never an endpoint with itself: two members of one
 * node that policies tell apart are a pair (the canary Pod and the other Pods of its Deployment), a
 * node's head with itself is not. A named port is resolved per destination member (one without it is
 * left out: `namedPortGaps` says which). A node with members policies tell apart gets one explanation
 * per member where their explanations differ, naming the member; where they agree, one naming the node.
 */
export function explainPairs(model: Model, sources: readonly NamedEndpoint[], destinations: readonly NamedEndpoint[], query: Query | NamedPort): Explanation[] {
  const engine = policyEngineOf(model);
  const named = 'name' in query ? query : undefined;
  const explain = (src: NamedEndpoint, dst: NamedEndpoint): Judgement | undefined => {
    const q = sameEndpoint(src, dst) ? undefined : named ? namedPortQuery(model, dst, named) : (query as Query);
    if (!q) return undefined;
    const verdict = engine.evaluate(src.endpoint, dst.endpoint, q);
    const portName = named ? { portName: named.name } : {};
    // A Gateway's data plane connects only where its routes send it, as `reach` draws it.
    if (src.gateway && dst.endpoint.type === 'workload') {
      const traffic = gatewayTraffic(model, src.gateway);
      const routed = traffic.routed.get(dst.endpoint.workload) ?? ConnSet.NONE;
      const connections = verdict.connections.intersect(routed);
      const hops = traffic.hopsTo.get(dst.endpoint.workload) ?? [];
      const dataPlane = describeDataPlane(dataPlaneOf(model, src.gateway));
      // The kinds of the routes that send here (`HTTPRoutes`, `GRPCRoutes and TCPRoutes`), as the hops below name them.
      const kinds = [...new Set(hops.map(({ hop }) => hop.route.kind))].sort(compareStrings).map((kind) => `${kind}s`);
      const routedBy = `${kinds.length > 0 ? kinds.join(' and ') : 'routes'} of Gateway ${src.gateway.object.namespace}/${src.gateway.object.name}`;
      return { query: q, ...portName, verdict: { ...verdict, connections, allowed: admits(connections, q) }, routed, routedBy, hops, dataPlane };
    }
    // The ingress controller connects only where Ingresses route, as `reach` draws it.
    if (src.endpoint.type !== 'ingress-controller' || dst.endpoint.type !== 'workload') return { query: q, ...portName, verdict };
    const routed = ingressRoutes(model).get(dst.endpoint.workload) ?? ConnSet.NONE;
    // Unconfigured, the controller is the one the Ingress classes name, as the lint rule infers it: one candidate that may connect is enough.
    const { verdict: judged, assumption } = verdictFromIngressController(model, dst.endpoint.workload, q, routed);
    const connections = judged.connections.intersect(routed);
    // Named by the kinds that route here: Ingresses, OpenShift Routes or both (without a route, the kinds the tree holds).
    const kinds = ingressRouteKinds(model).get(dst.endpoint.workload);
    const byRoutes = kinds ? kinds.has('Route') : openShiftRoutesOf(model).length > 0;
    const byIngresses = kinds ? kinds.has('Ingress') : !byRoutes || model.ingresses.length > 0;
    const routedBy = byRoutes ? (byIngresses ? 'Ingresses and OpenShift Routes' : 'OpenShift Routes') : undefined;
    return { query: q, ...portName, verdict: { ...judged, connections, allowed: admits(connections, q) }, routed, ...(routedBy ? { routedBy } : {}), ...(assumption ? { assumption } : {}) };
  };
  return sources.flatMap((src) => destinations.flatMap((dst) => explainNodes(src, dst, explain)));
}

/** An explanation's endpoint names. */
function ends(src: NamedEndpoint, dst: NamedEndpoint): Pick<Explanation, 'from' | 'fromMember' | 'to' | 'toMember'> {
  return { from: src.name, ...(src.member !== undefined ? { fromMember: src.member } : {}), to: dst.name, ...(dst.member !== undefined ? { toMember: dst.member } : {}) };
}

/** An explanation without the endpoints' names. */
type Judgement = Omit<Explanation, 'from' | 'fromMember' | 'to' | 'toMember'>;

/** The explanations between two nodes: per member only on a side whose members' explanations differ. */
function explainNodes(src: NamedEndpoint, dst: NamedEndpoint, explain: (s: NamedEndpoint, d: NamedEndpoint) => Judgement | undefined): Explanation[] {
  const sources = memberEndpoints(src);
  const destinations = memberEndpoints(dst);
  const grid = sources.map((s) => destinations.map((d) => explain(s, d)));
  const at = (i: number, j: number) => grid[i]![j];
  const indexes = (list: readonly unknown[]) => list.map((_, i) => i);
  // A side is named by its node when every member of it is explained alike toward (or from) each member of the other side.
  const sourcesAlike = destinations.every((_, j) => sources.every((_, i) => sameExplanation(at(i, j), at(0, j))));
  const destinationsAlike = sources.every((_, i) => destinations.every((_, j) => sameExplanation(at(i, j), at(i, 0))));
  const out: Explanation[] = [];
  for (const i of sourcesAlike ? [0] : indexes(sources)) {
    for (const j of destinationsAlike ? [0] : indexes(destinations)) {
      const e = at(i, j);
      if (e) out.push({ ...ends(sourcesAlike ? src : sources[i]!, destinationsAlike ? dst : destinations[j]!), ...e });
    }
  }
  return out;
}

/**
 * Whether two explanations say the same: what `explain --format json` writes for them without the
 * endpoints' names (query, verdict, every deciding policy and rule), so a field users see is compared
 * as soon as it is written. (`ungoverned`, which JSON leaves out, follows from `governed` for the
 * members of one node: a workload is ungoverned only on the host network.)
 */
function sameExplanation(a: Judgement | undefined, b: Judgement | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && judgementKey(a) === judgementKey(b));
}

// Weak, by judgement: a key lives as long as the explanation being built.
const judgementKeys = new WeakMap<Judgement, string>();

function judgementKey(judgement: Judgement): string {
  let key = judgementKeys.get(judgement);
  if (key === undefined) judgementKeys.set(judgement, (key = JSON.stringify(judgementJson(judgement))));
  return key;
}

function where(object: KubeObject, path: Path): { file: string; line: number } {
  const { file, span } = locateTarget({ object, path });
  return { file: file.path, line: positionAt(file, span.start).line };
}

const policyName = (policy: NetworkPolicy) => `${policy.object.namespace}/${policy.object.name}`;
const policyAt = (policy: NetworkPolicy) => {
  const at = where(policy.object, ['metadata', 'name']);
  return `${policyName(policy)} (${at.file}:${at.line})${droppedNote(policy, policy.podSelectorPath)}`;
};
/** A policy read without an unknown field that widens it (src/semantics/unknown-fields.ts) says so where it decides. */
const droppedNote = (policy: NetworkPolicy, path: Path) => {
  const note = droppedFieldNote(policy.object, path);
  return note ? ` (${note})` : '';
};


/** A policy of another kind whose subject was read without an unknown field: said where it isolates. */
function subjectNote(policy: CompiledPolicy): string {
  const note = droppedFieldNote(policy.origin.object, policy.origin.path);
  return note ? ` (${note})` : '';
}

/** Whether policies of kinds other than NetworkPolicy took part in a side (then `explain` shows the tiers). */
function tiered(side: SideVerdict): boolean {
  return side.matches.some((m) => !m.entry.networkPolicyRule) || side.isolatedBy.some((p) => !p.networkPolicy);
}

/** `AdminNetworkPolicy "a" ingress[0] (Deny, priority 10) (file:line)`. */
function entryAt(match: EntryMatch): string {
  const at = where(match.entry.origin.object, match.entry.origin.path);
  return `${match.entry.origin.label} (${at.file}:${at.line})`;
}

const ACTION_WORD = { allow: 'allows', deny: 'denies', pass: 'passes on' } as const;

/** The lines of a side that policies of several kinds or tiers decide: each matching rule by tier, then what decided the query. */
function tieredSideText(side: SideVerdict, head: string, other: string, query: Query): string[] {
  const lines = [head];
  // In evaluation order, each with its precedence: where Calico orders a tier, NetworkPolicy rules sit
  // at order 1000 among its policies (as Calico converts them), so they are listed in place, not after.
  const ordered = side.matches.some((m) => !m.entry.networkPolicyRule && m.entry.origin.precedence?.startsWith('order '));
  for (const m of side.matches) {
    if (m.entry.networkPolicyRule && !ordered) continue;
    const decided = m.decided.isEmpty() ? 'nothing left to decide' : `${ACTION_WORD[m.entry.action]} ${m.decided}`;
    const precedence = m.entry.origin.precedence ?? (m.entry.networkPolicyRule && ordered ? `order ${NETWORK_POLICY_ORDER}` : undefined);
    lines.push(`    ${m.tier.label}: ${entryAt(m)}${precedence ? ` [${precedence}]` : ''}: matches ${m.connections}, ${decided}${m.witness.assumption ? ` (assumed: ${m.witness.assumption})` : ''}${m.entry.note ? ` (${m.entry.note})` : ''}`);
  }
  const npRules = side.rules;
  if (side.policies.length > 0 && side.isolatedBy.some((p) => p.networkPolicy)) {
    lines.push(`    isolated by: ${side.policies.map(policyAt).join(', ')}`);
    for (const m of npRules) {
      const at = where(m.policy.object, m.rule.path);
      lines.push(`    ${m.allowsQuery ? 'allowed by' : 'admits, not the query'}: ${policyName(m.policy)} ${m.direction}[${m.index}] (${at.file}:${at.line}): ${m.connections}${m.address ? ` ${addressNote(m.address)}` : ''}${droppedNote(m.policy, m.rule.path)}`);
    }
  }
  for (const policy of side.isolatedBy) if (!policy.networkPolicy) lines.push(`    isolated by: ${policy.origin.label} (${policy.tier.label})${subjectNote(policy)}`);
  const decision = side.decision;
  if (decision) {
    for (const pass of decision.passes) lines.push(`    passed on by: ${entryAt(pass)}`);
    if (decision.by === 'entry') lines.push(`    decided by: ${decision.match.entry.networkPolicyRule ? `${policyName(decision.match.entry.networkPolicyRule.policy)} ${side.direction}[${decision.match.entry.index}]` : entryAt(decision.match)}`);
    else if (decision.by === 'isolation') lines.push(`    decided by: the end of the ${decision.tier.label}: no rule of ${decision.policies.map((p) => p.origin.label).join(', ')} admits ${other} on ${describeQuery(query)}`);
    else lines.push(`    decided by: no rule of any tier (the default: allowed)`);
  }
  return lines;
}

function sideText(side: SideVerdict, self: string, other: string, query: Query): string[] {
  return [...sideLines(side, self, other, query), ...unevaluatedLines(side)];
}

/** The entries whose peers are not evaluated and which could turn the side's answer around, one line each. */
function unevaluatedLines(side: SideVerdict): string[] {
  return (side.unevaluated ?? []).map((u) => {
    const at = where(u.entry.origin.object, u.entry.origin.path);
    return `    not evaluated: ${u.entry.origin.label} (${at.file}:${at.line}) names ${u.peers}, which kube-netlint does not evaluate: it may ${u.entry.action === 'deny' ? 'deny' : 'allow'} this`;
  });
}

/** The headline's answer: ALLOWED or DENIED when certain; UNKNOWN, with what was evaluated, when a peer not evaluated may turn it around. */
export function verdictWord(verdict: Verdict): string {
  const answer = verdict.allowed ? 'ALLOWED' : 'DENIED';
  return verdictDoubts(verdict).length === 0 ? answer : `UNKNOWN (${answer} as far as evaluated; a peer not evaluated may ${verdict.allowed ? 'deny' : 'allow'} it)`;
}

function sideLines(side: SideVerdict, self: string, other: string, query: Query): string[] {
  const head = `  ${side.direction} of ${self}: ${side.allowed ? 'allowed' : 'denied'}`;
  if (tiered(side)) return tieredSideText(side, head, other, query);
  if (!side.governed) return [`${head} (no NetworkPolicy applies: ${ungovernedReason(side.ungoverned)})`];
  if (!side.isolated) return [`${head} (not isolated: no NetworkPolicy selects it for ${side.direction === 'ingress' ? 'Ingress' : 'Egress'})`];
  const lines = [head, `    isolated by: ${side.policies.map(policyAt).join(', ')}`];
  const rule = (m: SideVerdict['rules'][number]) => {
    const at = where(m.policy.object, m.rule.path);
    return `${policyName(m.policy)} ${m.direction}[${m.index}] (${at.file}:${at.line}): ${m.connections}${m.address ? ` ${addressNote(m.address)}` : ''}${droppedNote(m.policy, m.rule.path)}`;
  };
  const allowing = allowingRules(side);
  const others = side.rules.filter((m) => !m.allowsQuery);
  for (const m of allowing) lines.push(`    allowed by: ${rule(m)}`);
  if (side.rules.length === 0) lines.push(`    no ${side.direction} rule of these policies admits ${other}`);
  else if (allowing.length === 0) lines.push(`    rules admitting ${other}, but not ${describeQuery(query)}:`);
  for (const m of others) lines.push(`      ${rule(m)}`);
  return lines;
}

/** How a rule that admitted a pod by its recorded address says so: the engine's choice, which network plugins do not share. */
function addressNote(address: string): string {
  return `(its ipBlock holds the recorded pod address ${address}; most network plugins match pod addresses against ipBlocks, some, such as Cilium, do not)`;
}

/** The text `explain` prints: the verdict, then each side with the policies and rules (file:line) that decided it, then the caveats. */
export function explainText(explanations: readonly Explanation[], caveats: readonly Caveat[] = []): string {
  return explanations
    .map((e) => ({ ...e, from: endpointLabel({ name: e.from, member: e.fromMember }), to: endpointLabel({ name: e.to, member: e.toMember }) }))
    .map(({ from, to, query, portName, verdict, routed, routedBy, hops, dataPlane, assumption }) =>
      [
        `${from} -> ${to}, ${describeQuery(query)}${portName ? ` (port "${portName}")` : ''}: ${verdictWord(verdict)}${assumption ? ' (assumed: see below)' : ''}`,
        ...(assumption ? [`  assumed: ${assumption}`] : []),
        ...(dataPlane !== undefined ? [`  data plane: ${dataPlane}`] : []),
        ...sideText(verdict.egress, from, to, query),
        ...sideText(verdict.ingress, to, from, query),
        ...(routed && routedBy === undefined ? [`  routed by Ingresses: ${routed.isEmpty() ? 'nothing (no Ingress backend selects it)' : routed}`] : []),
        ...(routed && routedBy !== undefined ? [`  routed by ${routedBy}: ${routed.isEmpty() ? (hops ? 'nothing (no route attached to it sends here)' : 'nothing (no Ingress or Route backend selects it)') : routed}`] : []),
        ...(hops ?? []).map(({ hop, port }) => `    ${hopText(hop, port)}`),
        `  allowed between them: ${verdict.connections}`,
      ]
        // Each line is prose around names, files and values from the manifests: visible text as a whole.
        .map((line) => visibleText(line))
        .join('\n'),
    )
    .join('\n\n')
    .concat("\n", ...caveats.map((c) => `\ncaveat: ${visibleText(c.message)}\n`));
}

function sideJson(side: SideVerdict): Record<string, unknown> {
  // The tiers appear only where policies of other kinds took part: NetworkPolicy-only output stays as it was.
  const tiers = tiered(side)
    ? {
        matches: side.matches
          .filter((m) => !m.entry.networkPolicyRule)
          .map((m) => ({
            tier: m.tier.id,
            kind: m.entry.policy.kind,
            name: m.entry.origin.object.name,
            direction: m.entry.direction,
            index: m.entry.index,
            ...(m.entry.origin.precedence ? { precedence: m.entry.origin.precedence } : {}),
            action: m.entry.action,
            ...where(m.entry.origin.object, m.entry.origin.path),
            connections: m.connections,
            decided: m.decided,
            allowsQuery: m.allowsQuery,
            ...(m.witness.assumption ? { assumption: m.witness.assumption } : {}),
          })),
        ...(side.decision
          ? {
              decidedBy:
                side.decision.by === 'entry'
                  ? { by: 'rule', kind: side.decision.match.entry.policy.kind, name: side.decision.match.entry.origin.object.name, direction: side.direction, index: side.decision.match.entry.index, ...where(side.decision.match.entry.origin.object, side.decision.match.entry.origin.path) }
                  : side.decision.by === 'isolation'
                    ? { by: 'isolation', tier: side.decision.tier.id }
                    : { by: 'default' },
            }
          : {}),
      }
    : {};
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
      ...(m.address ? { address: m.address } : {}),
    })),
    ...tiers,
    ...(side.unevaluated?.length
      ? {
          unevaluated: side.unevaluated.map((u) => ({
            kind: u.entry.policy.kind,
            name: u.entry.origin.object.name,
            direction: u.entry.direction,
            index: u.entry.index,
            action: u.entry.action,
            peers: u.peers,
            ...where(u.entry.origin.object, u.entry.origin.path),
          })),
        }
      : {}),
  };
}

/**
 * `explain --format json`: `{"version":1,"results":[{from,to,query,allowed,connections,egress,ingress}]}`
 * (`query.portName` when --port named a port); `from` and `to` are node ids as `reach` JSON has them,
 * `fromMember`/`toMember` name the member of the node meant, when one is.
 */
export function explainJson(explanations: readonly Explanation[], caveats: readonly Caveat[] = []): string {
  const results = explanations.map(({ from, fromMember, to, toMember, ...judgement }) => ({
    from,
    ...(fromMember !== undefined ? { fromMember } : {}),
    to,
    ...(toMember !== undefined ? { toMember } : {}),
    ...judgementJson(judgement),
  }));
  return `${jsonText({ version: 1, results, ...(caveats.length > 0 ? { caveats: caveats.map(caveatJson) } : {}) }, 2)}\n`;
}

/** `listener "http" (80/HTTP) of Gateway shop/public (gateway.yaml:9) -> HTTPRoute front/web rules[0] (routes.yaml:14) -> Service shop/web port 80 -> TCP 8080`. */
function hopText(hop: GatewayHop, port: number): string {
  const { gateway, route, rule, service, servicePort, protocol } = hop;
  const at = (object: KubeObject, path: Path) => {
    const w = where(object, path);
    return `${w.file}:${w.line}`;
  };
  const listeners = hop.listeners.map((l) => `${describeListener(l)}${l.listenerSet ? ` of ListenerSet ${l.listenerSet.namespace}/${l.listenerSet.name}` : ''} (${at(l.listenerSet ?? gateway.object, l.path)})`).join(' and ');
  const ruleName = `rules[${rule.index}]${rule.name ? ` "${rule.name}"` : ''}`;
  return `${listeners} of Gateway ${gateway.object.namespace}/${gateway.object.name} -> ${route.kind} ${route.object.namespace}/${route.object.name} ${ruleName} (${at(route.object, hop.ref.path)}) -> Service ${service.object.namespace}/${service.object.name} port ${servicePort.port} -> ${protocol} ${port}${hop.ref.mirror ? ' (mirrored)' : ''}`;
}

function hopJson(hop: GatewayHop, port: number): Record<string, unknown> {
  const { gateway, route, rule, service, servicePort, protocol } = hop;
  return {
    gateway: { namespace: gateway.object.namespace, name: gateway.object.name },
    listeners: hop.listeners.map((l) => ({ ...(l.name !== undefined ? { name: l.name } : {}), ...(l.port !== undefined ? { port: l.port } : {}), ...(l.listenerSet ? { listenerSet: { namespace: l.listenerSet.namespace, name: l.listenerSet.name } } : {}), ...where(l.listenerSet ?? gateway.object, l.path) })),
    route: { kind: route.kind, namespace: route.object.namespace, name: route.object.name, rule: rule.index, ...where(route.object, hop.ref.path) },
    service: { namespace: service.object.namespace, name: service.object.name, port: servicePort.port },
    protocol,
    port,
    ...(hop.ref.mirror ? { mirror: true } : {}),
  };
}

/** A result of `explainJson` without the endpoints' names. */
function judgementJson({ query, portName, verdict, routed, hops, dataPlane, assumption }: Judgement): Record<string, unknown> {
  return {
    query: {
      ...(query.port !== undefined ? { port: query.port } : {}),
      ...(query.protocol ?? query.port !== undefined ? { protocol: query.protocol ?? 'TCP' } : {}),
      ...(portName !== undefined ? { portName } : {}),
    },
    allowed: verdict.allowed,
    // False when a peer not evaluated may turn `allowed` around (the sides' `unevaluated` name it).
    ...(verdictDoubts(verdict).length ? { certain: false } : {}),
    connections: verdict.connections,
    egress: sideJson(verdict.egress),
    ingress: sideJson(verdict.ingress),
    ...(routed ? { routed } : {}),
    ...(dataPlane !== undefined ? { dataPlane } : {}),
    ...(assumption !== undefined ? { assumption } : {}),
    ...(hops ? { via: hops.map(({ hop, port }) => hopJson(hop, port)) } : {}),
  };
}
