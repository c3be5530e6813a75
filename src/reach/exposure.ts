/**
 * Exposure analysis (`reach --exposure`): per workload and direction, who outside the tree the
 * policies let in (ingress) or out to (egress), and on what. The peers are representatives derived from
 * the peers the compiled policies of every kind write (`TierEntry.representatives`: "pods with labels
 * app=web in namespaces with labels env=prod"; `ranges`: the address space cut by every CIDR), plus
 * `{entire cluster}`; the one engine is asked what the workload's side (its ingress, or its egress)
 * allows toward concrete pods of each (`outsidePodEndpoint`) and each range. The other end's own
 * policies are not applied: the tree does not hold that pod, and what the workload admits is what
 * exposure is about (explain shows both sides). Nothing here decides whether traffic is allowed. See
 * docs/reachability.md, "Exposure".
 */
import type { Model } from '../model/types.ts';
import { cutAddressSpace, familyRange, formatRange, type AddressRange } from '../semantics/address-range.ts';
import { ConnSet } from '../semantics/conn.ts';
import { matrixNodeEndpoint, memberEndpoints } from '../semantics/endpoints.ts';
import { workloadNodes, type MatrixNode } from '../semantics/nodes.ts';
import { ENTIRE_CLUSTER_ID, outsidePodEndpoint, outsidePodId, type OutsidePod } from '../semantics/outside-pods.ts';
import { externalEndpoint, policyEngineOf, type Direction, type Endpoint, type PolicyEngine } from '../semantics/policy.ts';
import type { PolicySubject, RepresentativePeer, TierEntry } from '../semantics/tiers.ts';
import { applyPatch } from '../semantics/label-witness.ts';
import { compareStrings } from '../util/compare.ts';

/** `{any address}`: every address outside the cluster, IPv4 and IPv6. */
export const ANY_ADDRESS_ID = '{any address}';

/** One peer outside the tree and what the policies allow with it. */
export interface ExposedPeer {
  /** `{entire cluster}`, `[namespace with env=prod]/[pod with app=web]`, `10.0.0.0-10.255.255.255`, `{any address}`. */
  readonly id: string;
  /** `domain`: a DNS name a rule names (Cilium toFQDNs, ClusterNetworkPolicy domainNames), which the engine cannot evaluate. */
  readonly type: 'pods' | 'addresses' | 'domain';
  /** For pods: the concrete pod its selectors need, no more (what `explain ID` asks about). */
  readonly example?: OutsidePod;
  /** For pods: the concrete pods of it the workload's side allows something toward (the example, and pods of it that escape other rules). */
  readonly examples?: readonly OutsidePod[];
  /** For addresses: the ranges (several for `{any address}`). */
  readonly ranges?: readonly AddressRange[];
  readonly conn: ConnSet;
  /**
   * Egress only: named ports of the rules that admit it, which resolve on the destination pod's
   * container ports; the tree does not hold that pod, so they are said, not counted in `conn`.
   */
  readonly namedPorts?: readonly string[];
  /** For pods: whether a pod (as the engine's matchers see it) is one of this peer's (checks and tests). */
  readonly admits?: (pod: PolicySubject) => boolean;
}

/** One direction of one workload node. */
export interface DirectionExposure {
  readonly direction: Direction;
  /** No policy of any kind applies to the node in this direction: it is open to everything, printed once. */
  readonly everything: boolean;
  /** Otherwise the peers allowed something, pods first (entire cluster, then by id), then addresses by range, then DNS names. */
  readonly peers: readonly ExposedPeer[];
  /** Set when so many rules apply that some peers were judged by fewer of their pods (MAX_ESCAPES_PER_SIDE). */
  readonly incomplete?: true;
}

export interface NodeExposure {
  readonly node: MatrixNode;
  readonly ingress?: DirectionExposure;
  readonly egress?: DirectionExposure;
}

export interface ExposureOptions {
  /** Nodes whose ingress (egress) exposure to list; absent: every workload node. */
  readonly ingressOf?: (node: MatrixNode) => boolean;
  readonly egressOf?: (node: MatrixNode) => boolean;
  /** Keep only these connections (`--port`, `--protocol`). */
  readonly within?: ConnSet;
  /** The bound on escaping pods asked about per side (default MAX_ESCAPES_PER_SIDE; tests lower it). */
  readonly maxEscapesPerSide?: number;
}

/** Any pod of the cluster: a pod with no labels in a namespace the tree does not have. */
const ENTIRE_CLUSTER: RepresentativePeer = { namespace: { type: 'any' }, pods: { type: 'any' }, example: { namespaceLabels: {}, labels: {} }, admits: (pod) => pod.range === undefined };

/** What a node's side allows toward a peer: the union over its members (as the matrix joins them). */
function sideConn(engine: PolicyEngine, members: readonly Endpoint[], peer: Endpoint, direction: Direction): ConnSet {
  let conn = ConnSet.NONE;
  for (const member of members) {
    conn = conn.union(engine.sideConnections(direction, member, peer));
    if (conn.isAll()) break;
  }
  return conn;
}

/** At most this many pods are asked about per representative (its example and the ways it escapes other peers). */
const MAX_VARIANTS = 64;
/**
 * At most this many pods changed to escape other peers are asked about per side: thousands of rules with
 * distinct selectors on one workload (a hostile tree) must not cost their square. Past it, a peer is
 * judged by its example and alternatives alone, and the side says so (`incomplete`).
 */
const MAX_ESCAPES_PER_SIDE = 4_000;

/** Adjacent ranges of one family with equal connections as one; every address alike as `{any address}`. */
function mergeRanges(pieces: readonly { range: AddressRange; conn: ConnSet }[]): ExposedPeer[] {
  const merged: { ranges: AddressRange[]; conn: ConnSet }[] = [];
  for (const { range, conn } of pieces) {
    const last = merged[merged.length - 1];
    const lastRange = last?.ranges[last.ranges.length - 1];
    if (last && lastRange && lastRange.family === range.family && lastRange.end + 1n === range.start && last.conn.key === conn.key) {
      last.ranges[last.ranges.length - 1] = { family: range.family, start: lastRange.start, end: range.end };
    } else merged.push({ ranges: [range], conn });
  }
  const whole = (r: AddressRange) => r.start === 0n && r.end === familyRange(r.family).end;
  if (merged.length === 2 && merged.every((m) => m.ranges.length === 1 && whole(m.ranges[0]!)) && merged[0]!.conn.key === merged[1]!.conn.key) {
    if (merged[0]!.conn.isEmpty()) return [];
    return [{ id: ANY_ADDRESS_ID, type: 'addresses', ranges: merged.flatMap((m) => m.ranges), conn: merged[0]!.conn }];
  }
  return merged.filter((m) => !m.conn.isEmpty()).map((m) => ({ id: formatRange(m.ranges[0]!), type: 'addresses', ranges: m.ranges, conn: m.conn }));
}

/**
 * The exposure of every workload node (by id), per direction. A representative is listed when the
 * node's side allows something toward a pod of it that `{entire cluster}` does not already have;
 * address ranges are the pieces every CIDR of every kind cuts, merged where alike.
 */
export function exposureOf(model: Model, options: ExposureOptions = {}): NodeExposure[] {
  const engine = policyEngineOf(model);
  const within = options.within ?? ConnSet.ALL;
  const pieces = cutAddressSpace(engine.ipBlockRanges());
  const direction = (members: readonly Endpoint[], dir: Direction): DirectionExposure => {
    // No policy of any kind applies to any member: everything may come in (go out), whoever it is.
    if (!members.some((m) => engine.sideTiers(m, dir).length > 0)) return { direction: dir, everything: true, peers: [] };
    // The representatives of the peers of every rule that applies to a member in this direction, one per name.
    const representatives = new Map<string, RepresentativePeer>([[ENTIRE_CLUSTER_ID, ENTIRE_CLUSTER]]);
    const namedPorts: { entry: TierEntry; names: string[] }[] = [];
    const domains = new Map<string, ConnSet>();
    for (const member of members) {
      for (const tier of engine.sideTiers(member, dir)) {
        for (const entry of tier.entries) {
          for (const r of entry.representatives ?? []) if (!representatives.has(outsidePodId(r))) representatives.set(outsidePodId(r), r);
          if (dir === 'egress' && entry.action === 'allow' && entry.namedPorts) namedPorts.push({ entry, names: [...new Set(entry.namedPorts.map((p) => `${p.name}/${p.protocol}`))] });
          // Names are not addresses: the engine admits no endpoint by them, so the rule's own ports are said, as written.
          if (entry.action === 'allow') for (const name of entry.domains ?? []) domains.set(name, (domains.get(name) ?? ConnSet.NONE).union(entry.connections([]).intersect(within)));
        }
      }
    }
    const all = [...representatives.values()];
    let budget = options.maxEscapesPerSide ?? MAX_ESCAPES_PER_SIDE;
    let incomplete = false;
    // A representative stands for every pod it describes: its example, and the example changed to escape
    // each other peer (a pod of it that a deny of `tier notin (web)` lets through has tier=web).
    const conn = (r: RepresentativePeer): { conn: ConnSet; named: string[]; examples: OutsidePod[] } => {
      const bases = [r.example, ...(r.alternatives ?? [])];
      let examples: OutsidePod[] = [...bases];
      for (const base of bases) {
        for (const other of all) {
          if (other === r) continue;
          for (const escape of other.escapes ?? []) {
            if (examples.length >= MAX_VARIANTS) break;
            if (escape.namespace && base.namespace !== undefined) continue;
            examples.push({
              ...base,
              namespaceLabels: escape.namespace ? applyPatch(base.namespaceLabels, escape.namespace) : base.namespaceLabels,
              labels: escape.pods ? applyPatch(base.labels, escape.pods) : base.labels,
            });
          }
        }
      }
      if (examples.length - bases.length > budget) {
        incomplete = true;
        examples = bases;
      } else budget -= examples.length - bases.length;
      let out = ConnSet.NONE;
      const named = new Set<string>();
      const allowed: OutsidePod[] = [];
      examples.forEach((example, i) => {
        const peer = outsidePodEndpoint(model, example);
        if (i >= bases.length && !r.admits(engine.policySubject(peer))) return;
        const found = sideConn(engine, members, peer, dir).intersect(within);
        if (!found.subtract(out).isEmpty()) allowed.push(example);
        out = out.union(found);
        // Named ports of egress rules resolve on the destination pod, whose ports the tree does not hold.
        const subject = engine.policySubject(peer);
        for (const { entry, names } of namedPorts) if (!entry.peer || entry.peer(subject)) for (const name of names) named.add(name);
      });
      return { conn: out, named: [...named].sort(compareStrings), examples: allowed };
    };
    const cluster = conn(ENTIRE_CLUSTER);
    const pods: ExposedPeer[] = [];
    if (!cluster.conn.isEmpty() || cluster.named.length) pods.push({ id: ENTIRE_CLUSTER_ID, type: 'pods', example: ENTIRE_CLUSTER.example, examples: cluster.examples, conn: cluster.conn, ...(cluster.named.length ? { namedPorts: cluster.named } : {}), admits: ENTIRE_CLUSTER.admits });
    for (const [id, r] of [...representatives].sort(([a], [b]) => compareStrings(a, b))) {
      if (id === ENTIRE_CLUSTER_ID) continue;
      const found = conn(r);
      const named = found.named.filter((n) => !cluster.named.includes(n));
      // What every pod of the cluster may do already says it: a narrower peer adds nothing.
      if (found.conn.subtract(cluster.conn).isEmpty() && named.length === 0) continue;
      pods.push({ id, type: 'pods', example: r.example, examples: found.examples, conn: found.conn, ...(found.named.length ? { namedPorts: found.named } : {}), admits: r.admits });
    }
    const ranges = pieces.map((range) => ({ range, conn: sideConn(engine, members, externalEndpoint(range), dir).intersect(within) }));
    const named: ExposedPeer[] = [...domains].sort(([a], [b]) => compareStrings(a, b)).map(([id, conn]) => ({ id, type: 'domain', conn }));
    return { direction: dir, everything: false, peers: [...pods, ...mergeRanges(ranges), ...named], ...(incomplete ? { incomplete: true } : {}) };
  };
  // A side's answer depends only on the rules that apply to it (and, for ingress, where named ports
  // resolve: the workload's ports): workloads alike share it (a namespace of replicas, one policy each).
  const entryIds = new Map<TierEntry, number>();
  const memo = new Map<string, DirectionExposure>();
  const memoized = (members: readonly Endpoint[], dir: Direction): DirectionExposure => {
    const key = JSON.stringify([
      dir,
      members.map((m) => [
        engine.sideTiers(m, dir).map((tier) => tier.entries.map((e) => entryIds.get(e) ?? (entryIds.set(e, entryIds.size), entryIds.size - 1)).join(',') + `/${tier.tier.id}/${tier.isolating.length > 0}`),
        dir === 'ingress' ? engine.subjectPorts(m).map((p) => [p.name ?? '', p.containerPort, p.protocol]) : [],
      ]),
    ]);
    let found = memo.get(key);
    if (!found) memo.set(key, (found = direction(members, dir)));
    return found;
  };
  return workloadNodes(model).flatMap((node) => {
    const wantIngress = options.ingressOf?.(node) ?? true;
    const wantEgress = options.egressOf?.(node) ?? true;
    if (!wantIngress && !wantEgress) return [];
    const members = memberEndpoints(matrixNodeEndpoint(model, node)).map((m) => m.endpoint);
    return [{ node, ...(wantIngress ? { ingress: memoized(members, 'ingress') } : {}), ...(wantEgress ? { egress: memoized(members, 'egress') } : {}) }];
  });
}
