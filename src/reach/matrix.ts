import type { ContainerPort, Model, NetworkPolicy, PolicyPeer, PolicyRule, Protocol, Workload } from '../model/types.ts';
import { cutAddressSpace, type AddressRange } from '../semantics/address-range.ts';
import { ConnSet, ConnTable } from '../semantics/conn.ts';
import { externalEndpoint, policyEngineOf, ruleConnections, workloadEndpoint, type Direction, type Endpoint, type PolicyEngine } from '../semantics/policy.ts';
import type { CompiledPolicy, PolicySubject, SubjectReads, TierEntry, TierSpec } from '../semantics/tiers.ts';
import { profileName, readProfile, SubjectGroups } from '../semantics/subject-groups.ts';

/** The tiers of one side as the engine lists them (`PolicyEngine.sideTiers`). */
type TierView = { readonly tier: TierSpec; readonly entries: readonly TierEntry[]; readonly isolating: readonly CompiledPolicy[] };
import { viewsOf } from '../model/kinds/define.ts';
import { GATEWAY_KIND } from '../model/kinds/gateway-api.ts';
import { dataPlaneEndpoints, dataPlaneOf } from '../semantics/gateway-data-plane.ts';
import { gatewayTraffic } from '../semantics/gateway-traffic.ts';
import { ingressControllerEndpointsTo, ingressRoutes } from '../semantics/ingress-controllers.ts';
import { openShiftRoutesOf } from '../semantics/routes.ts';
import { portsNamed } from '../semantics/ports.ts';
import { externalNode, gatewayNode, INGRESS_CONTROLLER_NODE, workloadNodes, type MatrixNode } from '../semantics/nodes.ts';
import { reiterable } from './view.ts';

export interface MatrixEdge {
  readonly from: number;
  readonly to: number;
  readonly conn: ConnSet;
}

/**
 * Who may reach whom on which ports. Nodes are ordered by type (`{ingress-controller}` first, then
 * each Gateway's data plane `{gateway:NS/NAME}` by id, then workloads by id, then external ranges by family and address); `edges()` lists only allowed,
 * non-self connections between nodes that are not both external, sorted by `from` then `to`.
 */
export interface Matrix {
  readonly nodes: readonly MatrixNode[];
  /** What node `from` may open to node `to` (indexes into `nodes`). */
  conn(from: number, to: number): ConnSet;
  /** Every allowed edge, in one array: for matrices known to be small (n workloads may have n² edges). */
  edges(): MatrixEdge[];
  /**
   * The same edges, made as they are read, on every pass afresh: memory stays proportional to the
   * nodes, not to the edges (what `reach` and the job summary's graph read).
   */
  edgeStream(): Iterable<MatrixEdge>;
  /** Equivalence classes of workloads (pods no selector tells apart), for diagnostics and benchmarks. */
  readonly classCount: number;
}

/**
 * Builds the matrix without a pairwise loop over workloads: workloads that every policy selector and
 * peer treats alike (and that resolve every named policy port alike) form one class; rules are applied
 * once per class to rows of interned connection ids. Cost grows with classes, not workloads.
 */
export function buildMatrix(model: Model): Matrix {
  const engine = policyEngineOf(model);
  const table = new ConnTable();
  const classes = workloadClasses(model, engine);
  // External ranges, cut by every ipBlock cidr and except, are the columns after the classes.
  const ranges = cutAddressSpace(engine.ipBlockRanges());
  const columns = new RuleColumns(engine, table, classes, ranges);
  const ingress = sideRows(model, 'ingress', columns);
  const egress = sideRows(model, 'egress', columns);
  const K = columns.classCount;
  const side = (rows: SideRows, self: number, other: number): number => {
    const row = rows.rowOf[self]!;
    return row < 0 ? ConnTable.ALL : rows.cells[row * columns.width + other]!;
  };
  /** Connection id from column `s` to column `d`: both sides must allow it; nothing between two external ranges. */
  const columnConn = (s: number, d: number): number => {
    if (s >= K && d >= K) return ConnTable.NONE;
    if (s >= K) return side(ingress, d, s);
    if (d >= K) return side(egress, s, d);
    return table.intersect(side(egress, s, d), side(ingress, d, s));
  };

  const layout = nodeLayout(model, classes, ranges, K);
  const { nodes, nodeColumns, sources } = layout;
  // The sources' edges are their own: where Ingresses, Routes and each Gateway's routes send them.
  const sourceEdges = sources.map((source) => routedEdges(engine, table, classes, nodes, sources.length, source.routed, source.endpoints));
  /** Connection id from node `from` to node `to`: the union over their columns; a source's edges are its own, and nothing reaches a source. */
  const connId = (from: number, to: number): number => {
    if (from === to) return ConnTable.NONE;
    if (from < sources.length) return sourceEdges[from]!.get(to) ?? ConnTable.NONE;
    if (to < sources.length) return ConnTable.NONE;
    let id = ConnTable.NONE;
    for (const s of nodeColumns[from]!) for (const d of nodeColumns[to]!) id = table.union(id, columnConn(s, d));
    return id;
  };

  return {
    nodes,
    classCount: K,
    conn: (from, to) => table.set(connId(from, to)),
    edges: () => [...listEdges(layout, table, columnConn, connId, sourceEdges)],
    edgeStream: () => reiterable(() => listEdges(layout, table, columnConn, connId, sourceEdges)),
  };
}

/** Workloads grouped into classes that every policy selector and pods peer treats alike. */
interface Classes {
  /** One workload per class; its ports stand for the class's. */
  readonly representatives: readonly Workload[];
  classOf(workload: Workload): number;
  /** Classes a policy's `spec.podSelector` selects. */
  readonly selectedBy: ReadonlyMap<NetworkPolicy, readonly number[]>;
  /** Classes a peer admits: a pods peer by its selectors, an ipBlock by the recorded addresses of exported Pods. */
  readonly admittedBy: ReadonlyMap<PolicyPeer, readonly number[]>;
  /** Classes the peer of an entry of another kind admits, by its `peerKey`. */
  readonly admittedByKey: ReadonlyMap<string, readonly number[]>;
}

/**
 * Classes of workloads: those in the same atoms (every distinct selection a policy makes of pods: its
 * target, each pods peer) that also resolve every named policy port to the same numbers.
 */
function workloadClasses(model: Model, engine: PolicyEngine): Classes {
  const members = model.workloads;
  const memberIndex = new Map<Workload, number>(members.map((w, i) => [w, i]));
  const atomKeys = new Map<string, number>();
  const atomMembers: number[][] = [];
  const atomOf = (key: string, select: () => Workload[]): number => {
    let id = atomKeys.get(key);
    if (id === undefined) {
      id = atomMembers.length;
      atomKeys.set(key, id);
      atomMembers.push(select().map((w) => memberIndex.get(w)!));
    }
    return id;
  };
  const targetAtom = new Map<NetworkPolicy, number>();
  const peerAtom = new Map<PolicyPeer, number>();
  const namedPorts = new Map<string, { readonly name: string; readonly protocol: Protocol }>();
  // Exported Pods with recorded addresses are admitted by the ipBlocks that hold them, too.
  const addressed = model.workloads.some((w) => w.addresses);
  for (const policy of model.policies) {
    const ns = policy.object.namespace;
    targetAtom.set(policy, atomOf(`t\0${ns}\0${JSON.stringify(policy.podSelector)}`, () => engine.workloadsSelectedBy(policy)));
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.type !== 'pods') {
          if (addressed) peerAtom.set(peer, atomOf(`i\0${peer.cidr}\0${peer.except.map((e) => e.value).join(',')}`, () => engine.workloadsAddressedBy(policy, peer)));
          continue;
        }
        const scope = peer.namespaceSelector ? `s${JSON.stringify(peer.namespaceSelector)}` : `n${ns}`;
        peerAtom.set(peer, atomOf(`p\0${scope}\0${JSON.stringify(peer.podSelector ?? null)}`, () => engine.workloadsMatchingPeer(policy, peer)));
      }
      for (const port of rule.ports ?? []) if (typeof port.port === 'string') namedPorts.set(`${port.port}/${port.protocol}`, { name: port.port, protocol: port.protocol });
    }
  }
  // Policies of the other kinds (tiers.ts): workloads their subjects and peers treat alike, by matcher key.
  const others = otherKindAnswers(engine);
  for (const policy of engine.otherKindPolicies()) {
    for (const entry of [...(policy.ingress?.entries ?? []), ...(policy.egress?.entries ?? [])]) {
      for (const { name, protocol } of entry.namedPorts ?? []) namedPorts.set(`${name}/${protocol}`, { name, protocol });
    }
  }

  // Every member starts with its answers to the other kinds' matchers, then the atoms it is in.
  const signatures: string[][] = members.map((_, m) => (others ? [`a${others.answerOf[others.groupOf[m]!]}`] : []));
  atomMembers.forEach((list, atom) => {
    for (const m of list) signatures[m]!.push(String(atom));
  });
  const classOfMember = new Int32Array(members.length);
  const representatives: Workload[] = [];
  const classIds = new Map<string, number>();
  // What the named policy ports resolve to, once per port list (workloads declaring alike share one).
  const resolved = new Map<readonly ContainerPort[], string>();
  members.forEach((workload, m) => {
    let key = signatures[m]!.join(',');
    if (namedPorts.size > 0) {
      const ports = engine.subjectPorts(workloadEndpoint(workload));
      let named = resolved.get(ports);
      if (named === undefined) resolved.set(ports, (named = [...namedPorts.values()].map(({ name, protocol }) => portsNamed(ports, name, protocol).map((p) => p.containerPort).join('+')).join(',')));
      key += `#${named}`;
    }
    let id = classIds.get(key);
    if (id === undefined) {
      id = representatives.length;
      classIds.set(key, id);
      representatives.push(workload);
    }
    classOfMember[m] = id;
  });
  const atomClasses = atomMembers.map((list) => [...new Set(list.map((m) => classOfMember[m]!))]);
  const classesOf = <K>(atoms: Map<K, number>) => new Map([...atoms].map(([k, atom]) => [k, atomClasses[atom]!]));
  const admittedByKey = new Map<string, number[]>();
  if (others) {
    const answersOf = representatives.map((w) => others.answers[others.groupOf[memberIndex.get(w)!]!]!);
    others.peerKeys.forEach((key, k) => {
      const index = others.peerIndex[k]!;
      const list: number[] = [];
      for (let c = 0; c < answersOf.length; c++) if (answersOf[c]![index]) list.push(c);
      admittedByKey.set(key, list);
    });
  }
  return { representatives, classOf: (w) => classOfMember[memberIndex.get(w)!]!, selectedBy: classesOf(targetAtom), admittedBy: classesOf(peerAtom), admittedByKey };
}

/** The answers of the other kinds' subject and peer matchers, asked once per group of workloads alike in what they read. */
interface OtherKindAnswers {
  /** The group of each member. */
  readonly groupOf: Int32Array;
  /** Per group, one byte per matcher: 1 when it selects or admits the group's workloads. */
  readonly answers: readonly Uint8Array[];
  /** Per group, the id of its answers (groups with equal answers share one). */
  readonly answerOf: Int32Array;
  /** The peer keys, and the index of each one's matcher in `answers`. */
  readonly peerKeys: readonly string[];
  readonly peerIndex: readonly number[];
}

/** A distinct subject or peer matcher of the other kinds, with what it reads and the namespace it is limited to. */
interface OtherMatcher {
  readonly test: (s: PolicySubject) => unknown;
  readonly reads: SubjectReads | undefined;
  readonly namespace: string | undefined;
}

/**
 * Groups the workloads by what the other kinds' matchers read of a pod (tiers.ts `SubjectReads`: the
 * namespace, the network, recorded addresses, the label keys some matcher reads, the service account
 * when one reads it): every member of a group gets the same answers. Pods usually differ in labels no
 * selector reads (`app`): the groups are few. Each matcher is then asked once per coarser group, of
 * the pods alike in what it reads itself (a namespaces peer reads no pod label), and only about the
 * pods of its namespace when it is limited to one.
 */
function otherKindAnswers(engine: PolicyEngine): OtherKindAnswers | undefined {
  const policies = engine.otherKindPolicies();
  if (policies.length === 0) return undefined;
  const matchers: OtherMatcher[] = [];
  const matcherIndex = new Map<string, number>();
  const peerKeys: string[] = [];
  const peerIndex: number[] = [];
  const add = (key: string, matcher: OtherMatcher): number => {
    let index = matcherIndex.get(key);
    if (index === undefined) {
      matcherIndex.set(key, (index = matchers.length));
      matchers.push(matcher);
    }
    return index;
  };
  for (const policy of policies) {
    add(`o\0${policy.subjectKey}`, { test: policy.subject, reads: policy.subjectReads, namespace: policy.namespace });
    for (const entry of [...(policy.ingress?.entries ?? []), ...(policy.egress?.entries ?? [])]) {
      const peer = entry.peer;
      if (!peer || entry.peerKey === undefined || matcherIndex.has(`q\0${entry.peerKey}`)) continue;
      peerKeys.push(entry.peerKey);
      peerIndex.push(add(`q\0${entry.peerKey}`, { test: (s) => peer(s) !== undefined, reads: entry.peerReads, namespace: entry.peerNamespace }));
    }
  }
  // Fine groups: alike in what any matcher reads.
  const groups = engine.subjectGroups(readProfile(matchers.map((m) => m.reads)));
  const { groupOf } = groups;
  const subjects = groups.representatives;
  const G = subjects.length;
  const answers = subjects.map(() => new Uint8Array(matchers.length));
  // Matchers by what they read; per such profile, the fine groups alike in it (by namespace), asked once.
  const profiles = new Map<string, number[]>();
  matchers.forEach((matcher, i) => {
    const key = profileName(readProfile([matcher.reads]));
    const list = profiles.get(key);
    if (list) list.push(i);
    else profiles.set(key, [i]);
  });
  for (const list of profiles.values()) {
    const coarse = new SubjectGroups(subjects, readProfile([matchers[list[0]!]!.reads]));
    for (const i of list) {
      const { test, namespace } = matchers[i]!;
      for (const c of coarse.groupsIn(namespace)) {
        if (test(coarse.representatives[c]!)) for (const g of coarse.members[c]!) answers[g]![i] = 1;
      }
    }
  }
  const answerIds = new Map<string, number>();
  const answerOf = new Int32Array(G);
  for (let g = 0; g < G; g++) {
    const text = packBits(answers[g]!);
    let id = answerIds.get(text);
    if (id === undefined) answerIds.set(text, (id = answerIds.size));
    answerOf[g] = id;
  }
  return { groupOf, answers, answerOf, peerKeys, peerIndex };
}

/** One-byte answers packed 16 to a character: a compact key for a map. */
function packBits(bits: Uint8Array): string {
  const codes: number[] = [];
  for (let i = 0; i < bits.length; i += 16) {
    let code = 0;
    for (let j = i; j < Math.min(i + 16, bits.length); j++) code = (code << 1) | bits[j]!;
    codes.push(code);
  }
  let text = '';
  for (let i = 0; i < codes.length; i += 4096) text += String.fromCharCode(...codes.slice(i, i + 4096));
  return text;
}

/** What a rule's peers and ports mean on the matrix's columns: classes `0..K-1`, then external ranges. */
class RuleColumns {
  readonly classCount: number;
  readonly width: number;
  private readonly everything: number[];
  private readonly classPorts: (readonly ContainerPort[])[];
  private readonly peerExternals = new Map<PolicyPeer, number[]>();
  private readonly constant = new Map<PolicyRule, number>();

  constructor(
    readonly engine: PolicyEngine,
    readonly table: ConnTable,
    readonly classes: Classes,
    readonly ranges: readonly AddressRange[],
  ) {
    this.classCount = classes.representatives.length;
    this.width = this.classCount + ranges.length;
    this.everything = Array.from({ length: this.width }, (_, i) => i);
    this.classPorts = classes.representatives.map((w) => engine.subjectPorts(workloadEndpoint(w)));
    this.rangeSubjects = ranges.map((range) => engine.policySubject(externalEndpoint(range)));
  }

  /** The external ranges as matchers see them, made once (the peer memo of peer-cache.ts lives on them). */
  private readonly rangeSubjects: readonly PolicySubject[];

  private readonly entryColumns = new Map<string | TierEntry, number[]>();
  private readonly entryConns = new Map<TierEntry, number | Int32Array>();

  /** The columns an entry of any kind admits (a NetworkPolicy rule's by its peers). */
  entryPeers(entry: TierEntry): readonly number[] {
    const np = entry.networkPolicyRule;
    if (np) return this.peers(np.policy, np.rule);
    const peer = entry.peer;
    if (!peer) return this.everything;
    const key = entry.peerKey ?? entry;
    let list = this.entryColumns.get(key);
    if (!list) {
      const classes = entry.peerKey !== undefined ? this.classes.admittedByKey.get(entry.peerKey) : undefined;
      list = classes ? [...classes] : this.classes.representatives.flatMap((w, c) => (peer(this.engine.policySubject(workloadEndpoint(w))) ? [c] : []));
      // A peer limited to the pods of a namespace admits no outside address.
      if (entry.peerNamespace === undefined) for (let e = 0; e < this.ranges.length; e++) if (peer(this.rangeSubjects[e]!)) list.push(this.classCount + e);
      this.entryColumns.set(key, list);
    }
    return list;
  }

  /** Whether an entry's connections depend on the destination's named ports. */
  namedEntry(entry: TierEntry): boolean {
    return entry.networkPolicyRule ? entry.networkPolicyRule.rule.ports?.some((p) => typeof p.port === 'string') === true : entry.namedPorts !== undefined;
  }

  /** The connection id an entry of any kind matches toward column `destination`. */
  entryConn(entry: TierEntry, destination: number): number {
    const np = entry.networkPolicyRule;
    if (np) return this.conn(np.rule, destination);
    let cached = this.entryConns.get(entry);
    if (cached === undefined) {
      cached = entry.namedPorts ? new Int32Array(this.width).fill(-1) : this.table.id(entry.connections([]));
      this.entryConns.set(entry, cached);
    }
    if (typeof cached === 'number') return cached;
    if (cached[destination]! < 0) cached[destination] = this.table.id(entry.connections(destination < this.classCount ? this.classPorts[destination]! : []));
    return cached[destination]!;
  }


  /** The columns a rule's peers admit: every column when it has no `from`/`to`. */
  peers(policy: NetworkPolicy, rule: PolicyRule): number[] {
    if (!rule.peers) return this.everything;
    const out: number[] = [];
    // No spread into push: a peer may admit more columns than a call takes arguments.
    for (const peer of rule.peers) {
      if (peer.type === 'ipBlock') for (const column of this.externals(policy, peer)) out.push(column);
      for (const column of this.classes.admittedBy.get(peer) ?? []) out.push(column);
    }
    return out;
  }

  /** The connection id a rule allows toward column `destination`: named ports resolve there (external ranges declare none). */
  conn(rule: PolicyRule, destination: number): number {
    if (rule.ports?.some((p) => typeof p.port === 'string')) return this.table.id(ruleConnections(rule, destination < this.classCount ? this.classPorts[destination]! : []));
    let id = this.constant.get(rule);
    if (id === undefined) this.constant.set(rule, (id = this.table.id(ruleConnections(rule, []))));
    return id;
  }

  private externals(policy: NetworkPolicy, peer: PolicyPeer): number[] {
    let list = this.peerExternals.get(peer);
    if (!list) {
      list = [];
      for (let e = 0; e < this.ranges.length; e++) if (this.engine.peerMatches(policy, peer, externalEndpoint(this.ranges[e]!))) list.push(this.classCount + e);
      this.peerExternals.set(peer, list);
    }
    return list;
  }
}

/** One side's rows: only isolated classes have one (`rowOf` is -1 otherwise: that side allows everything). */
interface SideRows {
  readonly rowOf: Int32Array;
  /** Per row, a connection id per column: what that column may open to the class (ingress) or the class to it (egress). */
  readonly cells: Int32Array;
}

/** Applies the rules of the policies isolating each class for one direction. */
function sideRows(model: Model, direction: Direction, columns: RuleColumns): SideRows {
  const { classCount: K, width, table, classes } = columns;
  const isolating: NetworkPolicy[][] = Array.from({ length: K }, () => []);
  for (const policy of model.policies) {
    if (!(direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress)) continue;
    for (const c of classes.selectedBy.get(policy)!) isolating[c]!.push(policy);
  }
  const rowOf = new Int32Array(K).fill(-1);
  // Classes that policies of other kinds apply to: their rows are evaluated by the engine, column by column.
  const tiered = classes.representatives.map((w) => columns.engine.otherKindsApply(workloadEndpoint(w), direction));
  let rows = 0;
  for (let c = 0; c < K; c++) if (isolating[c]!.length > 0 || tiered[c]) rowOf[c] = rows++;
  const cells = new Int32Array(rows * width);
  const tieredRows = new TieredRows(direction, columns);
  for (let self = 0; self < K; self++) if (tiered[self]) tieredRows.plan(self);
  for (let self = 0; self < K; self++) {
    const row = rowOf[self]!;
    if (row < 0) continue;
    const base = row * width;
    if (tiered[self]) {
      tieredRows.fill(self, cells, base);
      continue;
    }
    for (const policy of isolating[self]!) {
      for (const rule of direction === 'ingress' ? policy.ingress : policy.egress) {
        if (direction === 'ingress') {
          // Ingress named ports resolve against the selected (destination) pod: this class.
          const conn = columns.conn(rule, self);
          if (conn === ConnTable.NONE) continue;
          for (const s of columns.peers(policy, rule)) cells[base + s] = table.union(cells[base + s]!, conn);
        } else {
          // Egress named ports resolve against each destination.
          for (const d of columns.peers(policy, rule)) cells[base + d] = table.union(cells[base + d]!, columns.conn(rule, d));
        }
      }
    }
  }
  return { rowOf, cells };
}

/** How many connection ids the tiered rows keep in states shared between classes, at most. */
const SHARED_STATES_BUDGET = 1 << 23;

/**
 * The rows of classes that policies of other kinds apply to: the engine's tier evaluation
 * (PolicyEngine.side) over every column at once, on interned connection ids. Tiers in order; in each,
 * entries in precedence order decide what is still open per column; Pass hands it to the next tier;
 * an isolating tier refuses the rest; what leaves the last tier is allowed. The state after a tier
 * (allowed and still open, per column) depends only on the tiers so far (and, where ingress named
 * ports resolve on the class, on the class): a prefix of tiers that several classes share (the Admin
 * policies of a team, say) is evaluated once, within a memory budget.
 */
class TieredRows {
  private readonly plans = new Map<number, { readonly views: readonly TierView[]; readonly keys: readonly string[] }>();
  private readonly uses = new Map<string, number>();
  private readonly states = new Map<string, { readonly open: Int32Array; readonly allowed: Int32Array }>();
  private readonly viewIds = new Map<TierView, number>();
  private readonly passed: Int32Array;
  private kept = 0;

  constructor(
    private readonly direction: Direction,
    private readonly columns: RuleColumns,
  ) {
    this.passed = new Int32Array(columns.width);
  }

  /** Notes the tiers of class `self` and the prefixes it shares. */
  plan(self: number): void {
    const { columns, direction } = this;
    const views = columns.engine.sideTiers(workloadEndpoint(columns.classes.representatives[self]!), direction);
    const keys: string[] = [];
    let key = '';
    for (const view of views) {
      let id = this.viewIds.get(view);
      if (id === undefined) this.viewIds.set(view, (id = this.viewIds.size));
      key += `|${id}`;
      // From a tier whose ingress named ports resolve on this class on, the state is the class's own.
      if (direction === 'ingress' && !key.includes('#') && view.entries.some((entry) => columns.namedEntry(entry))) key += `#${self}`;
      keys.push(key);
      this.uses.set(key, (this.uses.get(key) ?? 0) + 1);
    }
    this.plans.set(self, { views, keys });
  }

  /** Writes the row of class `self` into `cells` at `base`. */
  fill(self: number, cells: Int32Array, base: number): void {
    const { columns } = this;
    const { width, table } = columns;
    const { views, keys } = this.plans.get(self)!;
    let done = keys.length;
    while (done > 0 && !this.states.has(keys[done - 1]!)) done--;
    const start = done > 0 ? this.states.get(keys[done - 1]!) : undefined;
    const open = start ? start.open.slice() : new Int32Array(width).fill(ConnTable.ALL);
    const allowed = start ? start.allowed.slice() : new Int32Array(width);
    for (let t = done; t < views.length; t++) {
      this.tier(self, views[t]!, open, allowed);
      if (this.uses.get(keys[t]!)! > 1 && this.kept + 2 * width <= SHARED_STATES_BUDGET) {
        this.states.set(keys[t]!, { open: open.slice(), allowed: allowed.slice() });
        this.kept += 2 * width;
      }
    }
    for (let column = 0; column < width; column++) cells[base + column] = table.union(allowed[column]!, open[column]!);
  }

  /** Applies one tier's entries to the state. */
  private tier(self: number, view: TierView, open: Int32Array, allowed: Int32Array): void {
    const { columns, direction, passed } = this;
    const { width, table } = columns;
    passed.fill(ConnTable.NONE);
    for (const entry of view.entries) {
      // Ingress ports resolve on this class (the destination); egress ports on each destination column, when named.
      const fixed = direction === 'ingress' || !columns.namedEntry(entry) ? columns.entryConn(entry, self) : -1;
      if (fixed === ConnTable.NONE) continue;
      for (const column of columns.entryPeers(entry)) {
        const left = open[column]!;
        if (left === ConnTable.NONE) continue;
        const conn = fixed >= 0 ? fixed : columns.entryConn(entry, column);
        if (conn === ConnTable.NONE) continue;
        const decided = table.intersect(conn, left);
        if (decided === ConnTable.NONE) continue;
        if (entry.action === 'allow') allowed[column] = table.union(allowed[column]!, decided);
        else if (entry.action === 'pass') passed[column] = table.union(passed[column]!, decided);
        open[column] = table.subtract(left, decided);
      }
    }
    const refuseRest = view.isolating.length > 0 && view.tier.endOfTier === 'deny';
    for (let column = 0; column < width; column++) open[column] = refuseRest ? passed[column]! : table.union(open[column]!, passed[column]!);
  }
}

/**
 * A node that only sends, where routes send it: the ingress controller (Ingresses, OpenShift Routes) or
 * a Gateway's data plane (its attached routes). `endpoints` are what the engine evaluates for it (each
 * candidate of an assumed data plane: it may be any of them, so the matrix unites what they may open).
 */
interface RoutedSource {
  readonly node: MatrixNode;
  readonly routed: ReadonlyMap<Workload, ConnSet>;
  /** Toward a workload (the inferred ingress controller depends on the Ingresses routing there). */
  readonly endpoints: (workload: Workload) => readonly Endpoint[];
}

/** The matrix's nodes and the columns each stands for; the routed sources come first (`{ingress-controller}`, then each Gateway). */
interface Layout {
  readonly nodes: readonly MatrixNode[];
  readonly nodeColumns: readonly (readonly number[])[];
  readonly sources: readonly RoutedSource[];
}

function nodeLayout(model: Model, classes: Classes, ranges: readonly AddressRange[], classCount: number): Layout {
  // OpenShift Routes are served by the router, the `{ingress-controller}` of an OpenShift cluster.
  const controller = model.ingresses.length > 0 || openShiftRoutesOf(model).length > 0;
  const sources: RoutedSource[] = [
    // Unconfigured, the controller is the one the Ingress classes name, inferred as lint and explain infer it.
    ...(controller ? [{ node: INGRESS_CONTROLLER_NODE, routed: ingressRoutes(model), endpoints: (workload: Workload) => ingressControllerEndpointsTo(model, workload) }] : []),
    ...gatewaySources(model),
  ];
  const wNodes = workloadNodes(model);
  const nodes: MatrixNode[] = [...sources.map((s) => s.node), ...wNodes, ...ranges.map(externalNode)];
  const offset = sources.length;
  const nodeColumns: number[][] = nodes.map(() => []);
  wNodes.forEach((node, i) => (nodeColumns[offset + i] = [...new Set(node.workloads.map((w) => classes.classOf(w)))]));
  ranges.forEach((_, e) => (nodeColumns[offset + wNodes.length + e] = [classCount + e]));
  return { nodes, nodeColumns, sources };
}

/** A source per Gateway of the tree (by id; the first of duplicates), sending where its attached routes do. */
function gatewaySources(model: Model): RoutedSource[] {
  const seen = new Set<string>();
  const out: RoutedSource[] = [];
  for (const gateway of viewsOf(model, GATEWAY_KIND)) {
    const node = gatewayNode(gateway.object.namespace, gateway.object.name);
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    const endpoints = dataPlaneEndpoints(dataPlaneOf(model, gateway));
    out.push({ node, routed: gatewayTraffic(model, gateway).routed, endpoints: () => endpoints });
  }
  return out.sort((a, b) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
}

/** How many open columns `listEdges` keeps per source class at most, in all: memory stays bounded whatever the edges. */
const OPEN_COLUMNS_BUDGET = 1 << 22;

/** Every allowed edge, sorted by `from` then `to`, one source's edges at a time. */
function* listEdges(layout: Layout, table: ConnTable, columnConn: (s: number, d: number) => number, connId: (from: number, to: number) => number, sourceEdges: readonly ReadonlyMap<number, number>[]): Generator<MatrixEdge, void, undefined> {
  const { nodes, nodeColumns, sources } = layout;
  // Group destination nodes by their single column so each source scans columns, not nodes.
  const nodesOfColumn = new Map<number, number[]>();
  const multi: number[] = [];
  nodes.forEach((_, i) => {
    const columns = nodeColumns[i]!;
    if (columns.length === 1) {
      const list = nodesOfColumn.get(columns[0]!);
      if (list) list.push(i);
      else nodesOfColumn.set(columns[0]!, [i]);
    } else if (columns.length > 1) multi.push(i);
  });
  const destinationColumns = [...nodesOfColumn.keys()];
  // Per source column, the destination columns it may open to, with the connection ids (pairs): the
  // nodes of one class share them, so they are worked out once per class (within a budget).
  const openOf = new Map<number, Int32Array>();
  let kept = 0;
  const openColumns = (s: number): Int32Array => {
    let open = openOf.get(s);
    if (!open) {
      const pairs: number[] = [];
      for (const d of destinationColumns) {
        const id = columnConn(s, d);
        if (id !== ConnTable.NONE) pairs.push(d, id);
      }
      open = Int32Array.from(pairs);
      if (kept + open.length <= OPEN_COLUMNS_BUDGET) {
        openOf.set(s, open);
        kept += open.length;
      }
    }
    return open;
  };
  for (let from = 0; from < nodes.length; from++) {
    const targets: [number, number][] = [];
    if (from < sources.length) {
      for (const [to, id] of sourceEdges[from]!) targets.push([to, id]);
    } else if (nodeColumns[from]!.length === 1) {
      const open = openColumns(nodeColumns[from]![0]!);
      for (let k = 0; k < open.length; k += 2) {
        const id = open[k + 1]!;
        for (const to of nodesOfColumn.get(open[k]!)!) if (to !== from) targets.push([to, id]);
      }
      for (const to of multi) {
        const id = connId(from, to);
        if (id !== ConnTable.NONE) targets.push([to, id]);
      }
    } else {
      for (let to = sources.length; to < nodes.length; to++) {
        const id = connId(from, to);
        if (id !== ConnTable.NONE) targets.push([to, id]);
      }
    }
    targets.sort((a, b) => a[0] - b[0]);
    for (const [to, id] of targets) yield { from, to, conn: table.set(id) };
  }
}

/**
 * Edges of a routed source (`{ingress-controller}`, `{gateway:NS/NAME}`): to the workloads its routes
 * send to (Service -> selected pods), on the routed target ports, as far as both sides' policies admit
 * the source (any of its endpoints).
 */
function routedEdges(engine: PolicyEngine, table: ConnTable, classes: Classes, nodes: readonly MatrixNode[], offset: number, routes: ReadonlyMap<Workload, ConnSet>, endpointsTo: (workload: Workload) => readonly Endpoint[]): Map<number, number> {
  const nodeOf = new Map<Workload, number>();
  nodes.forEach((node, i) => {
    if (i >= offset) for (const w of node.workloads) nodeOf.set(w, i);
  });
  // What the source may open to a workload is its class's (the policies and named ports treat a class alike): evaluated once per
  // class and set of sender endpoints (an inferred ingress controller differs by the Ingresses routing there).
  const byClass = new Map<string, ConnSet>();
  // Keyed by the list's identity: the sources hand out one list per set of endpoints.
  const endpointKeys = new Map<readonly Endpoint[], number>();
  const edges = new Map<number, number>();
  for (const [workload, routed] of routes) {
    const node = nodeOf.get(workload);
    if (node === undefined) continue;
    const endpoints = endpointsTo(workload);
    let e = endpointKeys.get(endpoints);
    if (e === undefined) endpointKeys.set(endpoints, (e = endpointKeys.size));
    const c = `${classes.classOf(workload)} ${e}`;
    let open = byClass.get(c);
    if (!open) {
      open = ConnSet.NONE;
      for (const endpoint of endpoints) open = open.union(engine.connections(endpoint, workloadEndpoint(workload)));
      byClass.set(c, open);
    }
    const allowed = open.intersect(routed);
    if (!allowed.isEmpty()) edges.set(node, table.union(edges.get(node) ?? ConnTable.NONE, table.id(allowed)));
  }
  return edges;
}
