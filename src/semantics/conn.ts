import type { Protocol } from '../model/types.ts';

/** Protocols a NetworkPolicy can name, in the (alphabetical) order every output lists them. */
export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

/** An inclusive port range `[lo, hi]`. */
export type PortRange = readonly [number, number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
const FULL: readonly PortRange[] = [[MIN_PORT, MAX_PORT]];

/**
 * A set of connections: for each protocol, sorted, disjoint, non-adjacent port ranges. Immutable;
 * `key` identifies equal sets (use it to intern or compare). "All" means every port of TCP, UDP and
 * SCTP, which is what a NetworkPolicy rule without `ports` allows.
 */
export class ConnSet {
  static readonly NONE = new ConnSet({ SCTP: [], TCP: [], UDP: [] });
  static readonly ALL = new ConnSet({ SCTP: FULL, TCP: FULL, UDP: FULL });

  readonly key: string;

  private constructor(readonly ranges: Readonly<Record<Protocol, readonly PortRange[]>>) {
    this.key = PROTOCOLS.map((p) => ranges[p].map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')).join('|');
  }

  /** Every port of one protocol. */
  static protocol(protocol: Protocol): ConnSet {
    return ConnSet.ports(protocol, MIN_PORT, MAX_PORT);
  }

  /** Ports `lo..hi` of one protocol (clamped to 1..65535; empty when `hi < lo`). */
  static ports(protocol: Protocol, lo: number, hi: number = lo): ConnSet {
    const from = Math.max(MIN_PORT, lo);
    const to = Math.min(MAX_PORT, hi);
    if (!(from <= to)) return ConnSet.NONE;
    return ConnSet.make({ SCTP: [], TCP: [], UDP: [], [protocol]: [[from, to]] });
  }

  /** Builds a set from possibly overlapping ranges per protocol. */
  static of(ranges: Partial<Record<Protocol, readonly PortRange[]>>): ConnSet {
    const out = { SCTP: normalize(ranges.SCTP ?? []), TCP: normalize(ranges.TCP ?? []), UDP: normalize(ranges.UDP ?? []) };
    return ConnSet.make(out);
  }

  /** The one instance for the empty and the full set, so identity checks stay cheap. */
  private static make(ranges: Record<Protocol, readonly PortRange[]>): ConnSet {
    const set = new ConnSet(ranges);
    if (ConnSet.NONE && set.key === ConnSet.NONE.key) return ConnSet.NONE;
    if (ConnSet.ALL && set.key === ConnSet.ALL.key) return ConnSet.ALL;
    return set;
  }

  isEmpty(): boolean {
    return this.key === ConnSet.NONE.key;
  }

  isAll(): boolean {
    return this.key === ConnSet.ALL.key;
  }

  /** Whether `port` of `protocol` is in the set. */
  has(protocol: Protocol, port: number): boolean {
    return this.ranges[protocol].some(([lo, hi]) => lo <= port && port <= hi);
  }

  /** Whether any port of `protocol` is in the set. */
  hasProtocol(protocol: Protocol): boolean {
    return this.ranges[protocol].length > 0;
  }

  union(other: ConnSet): ConnSet {
    if (this.isAll() || other.isEmpty()) return this;
    if (other.isAll() || this.isEmpty()) return other;
    return ConnSet.of({
      SCTP: [...this.ranges.SCTP, ...other.ranges.SCTP],
      TCP: [...this.ranges.TCP, ...other.ranges.TCP],
      UDP: [...this.ranges.UDP, ...other.ranges.UDP],
    });
  }

  intersect(other: ConnSet): ConnSet {
    if (this.isAll() || other.isEmpty()) return other;
    if (other.isAll() || this.isEmpty()) return this;
    return ConnSet.make({
      SCTP: intersectRanges(this.ranges.SCTP, other.ranges.SCTP),
      TCP: intersectRanges(this.ranges.TCP, other.ranges.TCP),
      UDP: intersectRanges(this.ranges.UDP, other.ranges.UDP),
    });
  }

  /** The connections of this set that are not in `other`. */
  subtract(other: ConnSet): ConnSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    if (other.isAll()) return ConnSet.NONE;
    return this.intersect(other.complement());
  }

  /** Every connection not in this set. */
  complement(): ConnSet {
    if (this.isEmpty()) return ConnSet.ALL;
    if (this.isAll()) return ConnSet.NONE;
    const gaps = (ranges: readonly PortRange[]): PortRange[] => {
      const out: PortRange[] = [];
      let next = MIN_PORT;
      for (const [lo, hi] of ranges) {
        if (lo > next) out.push([next, lo - 1]);
        next = hi + 1;
      }
      if (next <= MAX_PORT) out.push([next, MAX_PORT]);
      return out;
    };
    return ConnSet.make({ SCTP: gaps(this.ranges.SCTP), TCP: gaps(this.ranges.TCP), UDP: gaps(this.ranges.UDP) });
  }

  /** The JSON contract's form: `"all"`, or `[{protocol, ports: [[lo, hi], ...]}]` for non-empty protocols. */
  toJSON(): 'all' | { protocol: Protocol; ports: [number, number][] }[] {
    if (this.isAll()) return 'all';
    return PROTOCOLS.filter((p) => this.ranges[p].length > 0).map((protocol) => ({ protocol, ports: this.ranges[protocol].map(([lo, hi]) => [lo, hi] as [number, number]) }));
  }

  /** Human form: `all`, `none`, `TCP 80,8000-8080; UDP 53`, `TCP *` for every port of a protocol. */
  toString(): string {
    if (this.isAll()) return 'all';
    if (this.isEmpty()) return 'none';
    return PROTOCOLS.filter((p) => this.ranges[p].length > 0)
      .map((p) => `${p} ${this.ranges[p].map(([lo, hi]) => (lo === MIN_PORT && hi === MAX_PORT ? '*' : lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`)
      .join('; ');
  }
}

/** Sorts, clamps and merges overlapping or adjacent ranges. */
function normalize(ranges: readonly PortRange[]): PortRange[] {
  const sorted = ranges
    .map(([lo, hi]): [number, number] => [Math.max(MIN_PORT, lo), Math.min(MAX_PORT, hi)])
    .filter(([lo, hi]) => lo <= hi)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

const UNION = 0;
const INTERSECT = 1;
const SUBTRACT = 2;

/**
 * Interns connection sets as small integers and memoises union and intersection, so that the matrix
 * can hold one Int32 per pair and combine thousands of identical sets cheaply.
 */
export class ConnTable {
  static readonly NONE = 0;
  static readonly ALL = 1;
  private readonly sets: ConnSet[] = [ConnSet.NONE, ConnSet.ALL];
  private readonly ids = new Map<string, number>([
    [ConnSet.NONE.key, 0],
    [ConnSet.ALL.key, 1],
  ]);
  /** Results of operations on ids below 2^13 (keys that stay small integers: a lookup allocates nothing), and of the others. */
  private readonly smallOps = new Map<number, number>();
  private readonly ops = new Map<number, number>();

  id(set: ConnSet): number {
    let id = this.ids.get(set.key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(set.key, id);
    }
    return id;
  }

  set(id: number): ConnSet {
    return this.sets[id]!;
  }

  union(a: number, b: number): number {
    if (a === b || b === ConnTable.NONE || a === ConnTable.ALL) return a;
    if (a === ConnTable.NONE || b === ConnTable.ALL) return b;
    return a < b ? this.memo(a, b, UNION) : this.memo(b, a, UNION);
  }

  intersect(a: number, b: number): number {
    if (a === b || b === ConnTable.ALL || a === ConnTable.NONE) return a;
    if (a === ConnTable.ALL || b === ConnTable.NONE) return b;
    return a < b ? this.memo(a, b, INTERSECT) : this.memo(b, a, INTERSECT);
  }

  /** The connections of `a` not in `b`. */
  subtract(a: number, b: number): number {
    if (b === ConnTable.NONE || a === ConnTable.NONE) return a;
    if (a === b || b === ConnTable.ALL) return ConnTable.NONE;
    return this.memo(a, b, SUBTRACT);
  }

  private memo(a: number, b: number, op: number): number {
    // The matrix asks millions of times: for ids below 2^13 the key is a small integer (a double key is a heap allocation per lookup).
    const small = a < 8192 && b < 8192;
    // Two ids below 2^21 and two op bits fit exactly in a double.
    const key = small ? (((a << 13) | b) << 2) | op : (a * 2 ** 21 + b) * 4 + op;
    const ops = small ? this.smallOps : this.ops;
    let id = ops.get(key);
    if (id === undefined) {
      const x = this.sets[a]!;
      const y = this.sets[b]!;
      id = this.id(op === UNION ? x.union(y) : op === INTERSECT ? x.intersect(y) : x.subtract(y));
      ops.set(key, id);
    }
    return id;
  }
}
