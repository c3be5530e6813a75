import type { Model, NetworkPolicy, PolicyPeer, PolicyRule, Workload } from '../model/types.ts';
import { cutAddressSpace, type AddressRange } from '../semantics/address-range.ts';
import { ConnSet, ConnTable } from '../semantics/conn.ts';
import { externalEndpoint, INGRESS_CONTROLLER, policyEngineOf, ruleConnections, workloadEndpoint, type PolicyEngine } from '../semantics/policy.ts';
import { findServicePort, targetPortNumber } from '../semantics/ports.ts';
import { externalNode, INGRESS_CONTROLLER_NODE, workloadNodes, type MatrixNode } from './nodes.ts';

export interface MatrixEdge {
  readonly from: number;
  readonly to: number;
  readonly conn: ConnSet;
}

/**
 * Who may reach whom on which ports. Nodes are ordered by type (`{ingress-controller}` first, then
 * workloads by id, then external ranges by family and address); `edges()` lists only allowed,
 * non-self connections between nodes that are not both external, sorted by `from` then `to`.
 */
export interface Matrix {
  readonly nodes: readonly MatrixNode[];
  /** What node `from` may open to node `to` (indexes into `nodes`). */
  conn(from: number, to: number): ConnSet;
  edges(): MatrixEdge[];
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
  const members = model.workloads;
  const memberIndex = new Map<Workload, number>(members.map((w, i) => [w, i]));

  // Atoms: every distinct selection a policy makes of pods (its target, each pods peer).
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
  const namedPorts = new Set<string>();
  const rangesCut: AddressRange[] = [];
  for (const policy of model.policies) {
    const ns = policy.object.namespace;
    targetAtom.set(policy, atomOf(`t\0${ns}\0${JSON.stringify(policy.podSelector)}`, () => engine.workloadsSelectedBy(policy)));
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.type === 'ipBlock') {
          for (const text of [peer.cidr, ...peer.except]) {
            const range = engine.cidr(text);
            if (range) rangesCut.push(range);
          }
          continue;
        }
        const scope = peer.namespaceSelector ? `s${JSON.stringify(peer.namespaceSelector)}` : `n${ns}`;
        peerAtom.set(peer, atomOf(`p\0${scope}\0${JSON.stringify(peer.podSelector ?? null)}`, () => engine.workloadsMatchingPeer(policy, peer)));
      }
      for (const port of rule.ports ?? []) if (typeof port.port === 'string') namedPorts.add(`${port.port}/${port.protocol}`);
    }
  }

  // Classes: members with the same atoms and the same named-port numbers.
  const signatures: string[][] = members.map(() => []);
  atomMembers.forEach((list, atom) => {
    for (const m of list) signatures[m]!.push(String(atom));
  });
  const classOfMember = new Int32Array(members.length);
  const classRep: Workload[] = [];
  const classIds = new Map<string, number>();
  members.forEach((workload, m) => {
    let key = signatures[m]!.join(',');
    if (namedPorts.size > 0) {
      const ports = engine.subjectPorts(workloadEndpoint(workload));
      key += `#${[...namedPorts].map((np) => ports.filter((p) => `${p.name}/${p.protocol}` === np).map((p) => p.containerPort).join('+')).join(',')}`;
    }
    let id = classIds.get(key);
    if (id === undefined) {
      id = classRep.length;
      classIds.set(key, id);
      classRep.push(workload);
    }
    classOfMember[m] = id;
  });
  const K = classRep.length;
  const atomClasses = atomMembers.map((list) => [...new Set(list.map((m) => classOfMember[m]!))]);

  // External ranges, cut by every ipBlock cidr and except, are columns K..K+E-1.
  const ranges = cutAddressSpace(rangesCut);
  const E = ranges.length;
  const width = K + E;
  const peerExternals = new Map<PolicyPeer, number[]>();
  const externalsOf = (policy: NetworkPolicy, peer: PolicyPeer): number[] => {
    let list = peerExternals.get(peer);
    if (!list) {
      list = [];
      for (let e = 0; e < E; e++) if (engine.peerMatches(policy, peer, externalEndpoint(ranges[e]!))) list.push(K + e);
      peerExternals.set(peer, list);
    }
    return list;
  };
  const everything = Array.from({ length: width }, (_, i) => i);
  const peersOf = (policy: NetworkPolicy, rule: PolicyRule): number[] => {
    if (!rule.peers) return everything;
    const out: number[] = [];
    for (const peer of rule.peers) out.push(...(peer.type === 'ipBlock' ? externalsOf(policy, peer) : atomClasses[peerAtom.get(peer)!]!));
    return out;
  };
  const hasNamedPort = (rule: PolicyRule) => rule.ports?.some((p) => typeof p.port === 'string') ?? false;
  const classPorts = classRep.map((w) => engine.subjectPorts(workloadEndpoint(w)));
  const ruleConn = new Map<PolicyRule, number>();
  const constantConn = (rule: PolicyRule): number => {
    let id = ruleConn.get(rule);
    if (id === undefined) ruleConn.set(rule, (id = table.id(ruleConnections(rule, []))));
    return id;
  };

  // Policies isolating each class, per direction.
  const ingressPolicies: NetworkPolicy[][] = classRep.map(() => []);
  const egressPolicies: NetworkPolicy[][] = classRep.map(() => []);
  for (const policy of model.policies) {
    for (const c of atomClasses[targetAtom.get(policy)!]!) {
      if (policy.affectsIngress) ingressPolicies[c]!.push(policy);
      if (policy.affectsEgress) egressPolicies[c]!.push(policy);
    }
  }

  // Rows only for isolated classes; a class that is not isolated allows everything on that side.
  const rowsFor = (policiesOf: NetworkPolicy[][]) => {
    const rowOf = new Int32Array(K).fill(-1);
    let rows = 0;
    for (let c = 0; c < K; c++) if (policiesOf[c]!.length > 0) rowOf[c] = rows++;
    return { rowOf, cells: new Int32Array(rows * width) };
  };
  const ingress = rowsFor(ingressPolicies);
  const egress = rowsFor(egressPolicies);
  for (let d = 0; d < K; d++) {
    const row = ingress.rowOf[d]!;
    if (row < 0) continue;
    const base = row * width;
    for (const policy of ingressPolicies[d]!) {
      for (const rule of policy.ingress) {
        // Ingress named ports resolve against the selected (destination) pod: this class.
        const conn = hasNamedPort(rule) ? table.id(ruleConnections(rule, classPorts[d]!)) : constantConn(rule);
        if (conn === ConnTable.NONE) continue;
        for (const s of peersOf(policy, rule)) ingress.cells[base + s] = table.union(ingress.cells[base + s]!, conn);
      }
    }
  }
  for (let s = 0; s < K; s++) {
    const row = egress.rowOf[s]!;
    if (row < 0) continue;
    const base = row * width;
    for (const policy of egressPolicies[s]!) {
      for (const rule of policy.egress) {
        // Egress named ports resolve against each destination pod; external addresses declare none.
        const named = hasNamedPort(rule);
        const constant = named ? ConnTable.NONE : constantConn(rule);
        for (const d of peersOf(policy, rule)) {
          const conn = named ? table.id(ruleConnections(rule, d < K ? classPorts[d]! : [])) : constant;
          egress.cells[base + d] = table.union(egress.cells[base + d]!, conn);
        }
      }
    }
  }
  const side = (sideRows: { rowOf: Int32Array; cells: Int32Array }, self: number, other: number): number => {
    const row = sideRows.rowOf[self]!;
    return row < 0 ? ConnTable.ALL : sideRows.cells[row * width + other]!;
  };
  /** Connection id from column `s` to column `d` (classes, then external ranges). */
  const columnConn = (s: number, d: number): number => {
    if (s >= K && d >= K) return ConnTable.NONE;
    if (s >= K) return side(ingress, d, s);
    if (d >= K) return side(egress, s, d);
    return table.intersect(side(egress, s, d), side(ingress, d, s));
  };

  // Nodes and their columns.
  const hasIngresses = model.ingresses.length > 0;
  const wNodes = workloadNodes(model);
  const nodes: MatrixNode[] = [...(hasIngresses ? [INGRESS_CONTROLLER_NODE] : []), ...wNodes, ...ranges.map(externalNode)];
  const offset = hasIngresses ? 1 : 0;
  const nodeColumns: number[][] = nodes.map(() => []);
  wNodes.forEach((node, i) => (nodeColumns[offset + i] = [...new Set(node.workloads.map((w) => classOfMember[memberIndex.get(w)!]!))]));
  ranges.forEach((_, e) => (nodeColumns[offset + wNodes.length + e] = [K + e]));

  const controllerEdges = hasIngresses ? ingressControllerEdges(model, engine, table, nodes, offset) : new Map<number, number>();

  const connId = (from: number, to: number): number => {
    if (from === to) return ConnTable.NONE;
    if (hasIngresses && from === 0) return controllerEdges.get(to) ?? ConnTable.NONE;
    if (hasIngresses && to === 0) return ConnTable.NONE;
    let id = ConnTable.NONE;
    for (const s of nodeColumns[from]!) for (const d of nodeColumns[to]!) id = table.union(id, columnConn(s, d));
    return id;
  };

  return {
    nodes,
    classCount: K,
    conn: (from, to) => table.set(connId(from, to)),
    edges(): MatrixEdge[] {
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
      const out: MatrixEdge[] = [];
      for (let from = 0; from < nodes.length; from++) {
        const targets: [number, number][] = [];
        if (hasIngresses && from === 0) {
          for (const [to, id] of controllerEdges) targets.push([to, id]);
        } else if (nodeColumns[from]!.length === 1) {
          const s = nodeColumns[from]![0]!;
          for (const [d, list] of nodesOfColumn) {
            const id = columnConn(s, d);
            if (id !== ConnTable.NONE) for (const to of list) if (to !== from) targets.push([to, id]);
          }
          for (const to of multi) {
            const id = connId(from, to);
            if (id !== ConnTable.NONE) targets.push([to, id]);
          }
        } else {
          for (let to = offset; to < nodes.length; to++) {
            const id = connId(from, to);
            if (id !== ConnTable.NONE) targets.push([to, id]);
          }
        }
        targets.sort((a, b) => a[0] - b[0]);
        for (const [to, id] of targets) out.push({ from, to, conn: table.set(id) });
      }
      return out;
    },
  };
}

/**
 * Edges of `{ingress-controller}`: to the workloads behind each Ingress backend (Service -> selected
 * pods), on the resolved target port over TCP, as far as both sides' policies admit the controller.
 */
function ingressControllerEdges(model: Model, engine: PolicyEngine, table: ConnTable, nodes: readonly MatrixNode[], offset: number): Map<number, number> {
  const nodeOf = new Map<Workload, number>();
  nodes.forEach((node, i) => {
    if (i >= offset) for (const w of node.workloads) nodeOf.set(w, i);
  });
  const edges = new Map<number, number>();
  for (const ingress of model.ingresses) {
    for (const backend of ingress.backends) {
      const service = engine.relations.backendService(ingress, backend);
      if (!service || backend.port === undefined) continue;
      const servicePort = findServicePort(service, backend.port);
      if (!servicePort) continue;
      for (const workload of engine.relations.selectedWorkloads(service)) {
        const port = targetPortNumber(workload, servicePort);
        const node = nodeOf.get(workload);
        if (port === undefined || node === undefined) continue;
        const allowed = engine.connections(INGRESS_CONTROLLER, workloadEndpoint(workload)).intersect(ConnSet.ports('TCP', port));
        if (!allowed.isEmpty()) edges.set(node, table.union(edges.get(node) ?? ConnTable.NONE, table.id(allowed)));
      }
    }
  }
  return edges;
}
