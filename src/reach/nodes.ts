import type { Model, Workload } from '../model/types.ts';
import { formatRange, type AddressRange } from '../semantics/address-range.ts';
import { describeWorkload } from '../semantics/describe.ts';

export type NodeType = 'workload' | 'external' | 'ingress-controller';

export const INGRESS_CONTROLLER_ID = '{ingress-controller}';

/** A node of the connectivity matrix. */
export interface MatrixNode {
  /** `namespace/name[Kind]`, `a.b.c.d-e.f.g.h` (IPv6 likewise), or `{ingress-controller}`. */
  readonly id: string;
  readonly type: NodeType;
  readonly namespace?: string;
  readonly name?: string;
  readonly kind?: string;
  /**
   * The workloads a workload node stands for (a Deployment, or it and the ReplicaSets and Pods it
   * owns), head first (`nodeHead`), then in model order. The matrix joins what its members allow.
   */
  readonly workloads: readonly Workload[];
  readonly range?: AddressRange;
}

/** The owner a workload's pods belong to: itself, or its controller (followed through the tree). */
export function workloadOwner(workload: Workload, byKey?: ReadonlyMap<string, Workload>): { namespace: string; kind: string; name: string } {
  const namespace = workload.object.namespace;
  let kind: string = workload.kind;
  let name = workload.object.name;
  let owner = workload.owner;
  // A Pod owned by a ReplicaSet owned by a Deployment is that Deployment; bound the walk against cycles.
  for (let depth = 0; owner && depth < 8; depth++) {
    kind = owner.kind;
    name = owner.name;
    owner = byKey?.get(`${namespace}/${kind}/${name}`)?.owner;
  }
  return { namespace, kind, name };
}

/** The matrix id of a workload: `namespace/name[Kind]`, of its owner when it has a controller. */
export function workloadNodeId(workload: Workload, byKey?: ReadonlyMap<string, Workload>): string {
  const { namespace, kind, name } = workloadOwner(workload, byKey);
  return `${namespace}/${name}[${kind}]`;
}

const nodeIndexes = new WeakMap<Model, NodeIndex>();

/** The workload nodes of a model and the node of each workload. */
export interface NodeIndex {
  readonly nodes: readonly MatrixNode[];
  readonly nodeOf: ReadonlyMap<Workload, MatrixNode>;
}

/** `workloadNodes(model)`, memoised per model, with the node of each workload (for rules that report once per node). */
export function workloadNodeIndex(model: Model): NodeIndex {
  let index = nodeIndexes.get(model);
  if (!index) {
    const nodes = workloadNodes(model);
    const nodeOf = new Map<Workload, MatrixNode>();
    for (const node of nodes) for (const workload of node.workloads) nodeOf.set(workload, node);
    nodeIndexes.set(model, (index = { nodes, nodeOf }));
  }
  return index;
}

/**
 * The workload that names a node, where findings about it are reported and what `explain` evaluates
 * for the members alike to it: the first of its workloads, which `workloadNodes` makes the owner when the tree has it (the
 * Deployment of exported ReplicaSets and Pods), else the first member no other member owns.
 */
export function nodeHead(node: MatrixNode): Workload {
  return node.workloads[0]!;
}

/**
 * How findings name a workload node as a whole: its owner, by kind and name even when the tree lacks it
 * (`ReplicaSet "web-5d8"` for Pods of an unexported ReplicaSet), or its only workload (`describeMember`).
 */
export function describeNode(node: MatrixNode): string {
  return node.workloads.length < 2 || node.kind === undefined ? describeWorkload(nodeHead(node)) : `${node.kind} "${node.name}"`;
}

/** Members of one node in model order, the head moved first. */
function headFirst(kind: string, name: string, members: readonly Workload[]): Workload[] {
  const isMember = (ref: { readonly kind: string; readonly name: string }) => members.some((m) => m.kind === ref.kind && m.object.name === ref.name);
  const head = members.find((w) => w.kind === kind && w.object.name === name) ?? members.find((w) => !w.owner || !isMember(w.owner)) ?? members[0]!;
  return [head, ...members.filter((w) => w !== head)];
}

/** Node ids of workloads without an owner, which depend on nothing else: workloads are shared by the models of an editing session. */
const ownIds = new WeakMap<Workload, string>();

/** Workload nodes of a model, sorted by id; replicas and owned Pods are one node. */
export function workloadNodes(model: Model): MatrixNode[] {
  // Needed only to follow owners, which most trees do not have.
  let byKey: Map<string, Workload> | undefined;
  const nodes = new Map<string, { namespace: string; kind: string; name: string; workloads: Workload[] }>();
  for (const workload of model.workloads) {
    if (workload.owner) byKey ??= new Map(model.workloads.map((w) => [`${w.object.namespace}/${w.kind}/${w.object.name}`, w]));
    const owner = workloadOwner(workload, byKey);
    let id = workload.owner ? undefined : ownIds.get(workload);
    if (id === undefined) {
      id = `${owner.namespace}/${owner.name}[${owner.kind}]`;
      if (!workload.owner) ownIds.set(workload, id);
    }
    const node = nodes.get(id);
    if (node) node.workloads.push(workload);
    else nodes.set(id, { ...owner, workloads: [workload] });
  }
  return [...nodes.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, node]) => ({ id, type: 'workload', namespace: node.namespace, name: node.name, kind: node.kind, workloads: node.workloads.length > 1 ? headFirst(node.kind, node.name, node.workloads) : node.workloads }));
}

export function externalNode(range: AddressRange): MatrixNode {
  return { id: formatRange(range), type: 'external', workloads: [], range };
}

export const INGRESS_CONTROLLER_NODE: MatrixNode = { id: INGRESS_CONTROLLER_ID, type: 'ingress-controller', workloads: [] };
