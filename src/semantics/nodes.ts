import type { Model, Workload } from '../model/types.ts';
import { formatRange, type AddressRange } from './address-range.ts';
import { impliedOwner, type OwnerRef } from './owners.ts';
/** How findings name a node as a whole; kept with `describeMember`, which names its members by the same rule. */
export { describeNode } from './describe.ts';

export type NodeType = 'workload' | 'external' | 'ingress-controller' | 'gateway';

export const INGRESS_CONTROLLER_ID = '{ingress-controller}';

/** The matrix id of a Gateway's data plane: `{gateway:NS/NAME}`. */
export function gatewayNodeId(namespace: string, name: string): string {
  return `{gateway:${namespace}/${name}}`;
}

/** A node of the connectivity matrix. */
export interface MatrixNode {
  /** `namespace/name[Kind]`, `a.b.c.d-e.f.g.h` (IPv6 likewise), `{ingress-controller}`, or `{gateway:NS/NAME}`. */
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

/**
 * The controllers above a workload (`metadata.ownerReferences[controller=true]`), nearest first: its
 * owner, then the owner of each one `find` resolves, ending at the first it does not (yielded without
 * `workload`); bounded against ownerReference cycles. The one walk up the owners. An owner `find`
 * does not resolve is stepped over when the controller above it does resolve by its naming
 * (`impliedOwner`: the Deployment of an unexported ReplicaSet), so that exported Pods join the
 * workload of the tree that made them.
 */
function* ownerChain(workload: Workload, find: (ref: OwnerRef) => Workload | undefined): Generator<{ readonly ref: OwnerRef; readonly workload?: Workload }> {
  let ref = workload.owner;
  let labels = workload.template.labels;
  for (let depth = 0; ref && depth < 8; depth++) {
    let found = find(ref);
    if (!found) {
      const implied = impliedOwner(ref, labels);
      const above = implied && find(implied);
      if (above) [ref, found] = [implied, above];
    }
    yield found ? { ref, workload: found } : { ref };
    ref = found?.owner;
    if (found) labels = found.template.labels;
  }
}

/** The members of a node (or of one being gathered) that own a workload, directly or through one another, nearest first. */
export function ownersInNode(node: { readonly workloads: readonly Workload[] }, workload: Workload): Workload[] {
  const owners: Workload[] = [];
  for (const { workload: owner } of ownerChain(workload, (ref) => node.workloads.find((w) => w.kind === ref.kind && w.object.name === ref.name))) {
    if (owner) owners.push(owner);
  }
  return owners;
}

/** The owner a workload's pods belong to: itself, or its controller (followed through the tree). */
export function workloadOwner(workload: Workload, byKey?: ReadonlyMap<string, Workload>): { namespace: string; kind: string; name: string } {
  const namespace = workload.object.namespace;
  // A Pod owned by a ReplicaSet owned by a Deployment is that Deployment, even when the tree lacks it.
  let top: OwnerRef | undefined;
  for (const { ref } of ownerChain(workload, (r) => byKey?.get(`${namespace}/${r.kind}/${r.name}`))) top = ref;
  return { namespace, kind: top?.kind ?? workload.kind, name: top?.name ?? workload.object.name };
}

/** The matrix id of a workload: `namespace/name[Kind]`, of its owner when it has a controller. */
export function workloadNodeId(workload: Workload, byKey?: ReadonlyMap<string, Workload>): string {
  const { namespace, kind, name } = workloadOwner(workload, byKey);
  return `${namespace}/${name}[${kind}]`;
}

// Weak, by model: the index lives as long as the model its caller holds.
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
    const nodes = buildWorkloadNodes(model);
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

/** Members of one node in model order, the head moved first. */
function headFirst(kind: string, name: string, members: readonly Workload[]): Workload[] {
  const node = { workloads: members };
  const head = members.find((w) => w.kind === kind && w.object.name === name) ?? members.find((w) => ownersInNode(node, w).length === 0) ?? members[0]!;
  return [head, ...members.filter((w) => w !== head)];
}

/** Node ids of workloads without an owner, which depend on nothing else: workloads are shared by the models of an editing session. */
// Weak, by workload: an id lives as long as the model that holds the workload.
const ownIds = new WeakMap<Workload, string>();

/**
 * Workload nodes of a model, sorted by id; replicas and owned Pods are one node. Built once per model
 * (`workloadNodeIndex`): the rules and the matrix of one run both read them.
 */
export function workloadNodes(model: Model): readonly MatrixNode[] {
  return workloadNodeIndex(model).nodes;
}

function buildWorkloadNodes(model: Model): MatrixNode[] {
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

/** The node of a Gateway's data plane (a source only, as the ingress controller: what routes send it to). */
export function gatewayNode(namespace: string, name: string): MatrixNode {
  return { id: gatewayNodeId(namespace, name), type: 'gateway', namespace, name, kind: 'Gateway', workloads: [] };
}
