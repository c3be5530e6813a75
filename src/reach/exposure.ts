/**
 * Exposure analysis (`reach --exposure`): per workload and direction, who outside the tree the
 * policies let in (ingress) or out to (egress), and on what. The peers are representatives derived from
 * the peers the compiled policies of every kind write (`TierEntry.representatives`: "pods with labels
 * app=web in namespaces with labels env=prod"; `ranges`: the address space cut by every CIDR), plus
 * `{entire cluster}`; each is asked of the one engine through one concrete pod or range of it
 * (`outsidePodEndpoint`), both sides of the connection, as `explain` would. Nothing here decides
 * whether traffic is allowed. See docs/reachability.md, "Exposure".
 */
import type { Model } from '../model/types.ts';
import { cutAddressSpace, familyRange, formatRange, type AddressRange } from '../semantics/address-range.ts';
import { ConnSet } from '../semantics/conn.ts';
import { matrixNodeEndpoint, memberEndpoints } from '../semantics/endpoints.ts';
import { workloadNodes, type MatrixNode } from '../semantics/nodes.ts';
import { ENTIRE_CLUSTER_ID, outsidePodEndpoint, outsidePodId, type OutsidePod } from '../semantics/outside-pods.ts';
import { externalEndpoint, policyEngineOf, type Direction, type Endpoint, type PolicyEngine } from '../semantics/policy.ts';
import type { RepresentativePeer } from '../semantics/tiers.ts';
import { compareStrings } from '../util/compare.ts';

/** `{any address}`: every address outside the cluster, IPv4 and IPv6. */
export const ANY_ADDRESS_ID = '{any address}';

/** One peer outside the tree and what the policies allow with it. */
export interface ExposedPeer {
  /** `{entire cluster}`, `[namespace with env=prod]/[pod with app=web]`, `10.0.0.0-10.255.255.255`, `{any address}`. */
  readonly id: string;
  readonly type: 'pods' | 'addresses';
  /** For pods: the concrete pod the engine was asked about (what `explain ID` asks about too). */
  readonly example?: OutsidePod;
  /** For addresses: the ranges (several for `{any address}`). */
  readonly ranges?: readonly AddressRange[];
  readonly conn: ConnSet;
}

/** One direction of one workload node. */
export interface DirectionExposure {
  readonly direction: Direction;
  /**
   * No policy of any kind applies to the node in this direction and the engine allows everything with
   * the entire cluster and every address: it is exposed to everything, printed once.
   */
  readonly everything: boolean;
  /** Otherwise the peers allowed something, pods first (entire cluster, then by id), then addresses by range. */
  readonly peers: readonly ExposedPeer[];
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
}

const ENTIRE_CLUSTER: Pick<RepresentativePeer, 'namespace' | 'pods' | 'example'> = { namespace: { type: 'any' }, pods: { type: 'any' }, example: { namespaceLabels: {}, labels: {} } };

/** The connections between a node's members (joined, as the matrix joins them) and a peer, in one direction. */
function nodeConn(engine: PolicyEngine, members: readonly Endpoint[], peer: Endpoint, direction: Direction): ConnSet {
  let conn = ConnSet.NONE;
  for (const member of members) {
    conn = conn.union(direction === 'ingress' ? engine.connections(peer, member) : engine.connections(member, peer));
    if (conn.isAll()) break;
  }
  return conn;
}

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
 * The exposure of every workload node (matrix order), per direction. A representative is listed when
 * the engine allows something between the node and its example pod, and it adds to what `{entire
 * cluster}` already has; address ranges are the pieces every CIDR of every kind cuts, merged where alike.
 */
export function exposureOf(model: Model, options: ExposureOptions = {}): NodeExposure[] {
  const engine = policyEngineOf(model);
  const within = options.within ?? ConnSet.ALL;
  const pieces = cutAddressSpace(engine.ipBlockRanges());
  const cluster = outsidePodEndpoint(model, ENTIRE_CLUSTER.example);
  const direction = (node: MatrixNode, members: readonly Endpoint[], dir: Direction): DirectionExposure => {
    const applies = members.some((m) => engine.sideTiers(m, dir).length > 0);
    const clusterConn = nodeConn(engine, members, cluster, dir).intersect(within);
    const ranges = pieces.map((range) => ({ range, conn: nodeConn(engine, members, externalEndpoint(range), dir).intersect(within) }));
    if (!applies && clusterConn.key === within.key && ranges.every((r) => r.conn.key === within.key)) return { direction: dir, everything: true, peers: [] };
    // The representatives of the peers of every rule that applies to a member in this direction, one per name.
    const representatives = new Map<string, RepresentativePeer>();
    for (const member of members) {
      for (const tier of engine.sideTiers(member, dir)) {
        for (const entry of tier.entries) for (const r of entry.representatives ?? []) if (!representatives.has(outsidePodId(r))) representatives.set(outsidePodId(r), r);
      }
    }
    const pods: ExposedPeer[] = [];
    if (!clusterConn.isEmpty()) pods.push({ id: ENTIRE_CLUSTER_ID, type: 'pods', example: ENTIRE_CLUSTER.example, conn: clusterConn });
    for (const [id, r] of [...representatives].sort(([a], [b]) => compareStrings(a, b))) {
      if (id === ENTIRE_CLUSTER_ID) continue;
      const conn = nodeConn(engine, members, outsidePodEndpoint(model, r.example), dir).intersect(within);
      // What every pod of the cluster may do already says it: a narrower peer adds nothing.
      if (conn.isEmpty() || conn.subtract(clusterConn).isEmpty()) continue;
      pods.push({ id, type: 'pods', example: r.example, conn });
    }
    return { direction: dir, everything: false, peers: [...pods, ...mergeRanges(ranges)] };
  };
  return workloadNodes(model).flatMap((node) => {
    const wantIngress = options.ingressOf?.(node) ?? true;
    const wantEgress = options.egressOf?.(node) ?? true;
    if (!wantIngress && !wantEgress) return [];
    const members = memberEndpoints(matrixNodeEndpoint(model, node)).map((m) => m.endpoint);
    return [{ node, ...(wantIngress ? { ingress: direction(node, members, 'ingress') } : {}), ...(wantEgress ? { egress: direction(node, members, 'egress') } : {}) }];
  });
}
