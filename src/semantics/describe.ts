/** How messages name workloads, policies and namespaces, so every finding reads alike. */
import type { LabelSelector, NetworkPolicy, Workload } from '../model/types.ts';
import { formatLabels, matchesRequirement } from './selector.ts';

/** `Deployment "web"`, with ` in namespace "shop"` when asked for. */
export function describeWorkload(workload: Workload, withNamespace = false): string {
  return `${workload.kind} "${workload.object.name}"${withNamespace ? ` in namespace "${workload.object.namespace}"` : ''}`;
}

/** What names a reach node (`MatrixNode` of `src/reach/nodes.ts`): its owner's kind and name, and its workloads, head first. */
export interface NodeNaming {
  readonly kind?: string;
  readonly name?: string;
  readonly workloads: readonly Workload[];
}

/**
 * The one naming rule of reach nodes: a node of several workloads is named after its owner, by kind
 * and name even when the tree lacks it (`ReplicaSet "web-5d8"` for Pods of an unexported ReplicaSet);
 * undefined for a node of one workload, which is named as itself.
 */
function nodeOwnerName(node: NodeNaming): string | undefined {
  return node.workloads.length < 2 || node.kind === undefined ? undefined : `${node.kind} "${node.name}"`;
}

/** How findings name a workload node as a whole: its owner (`nodeOwnerName`), else its only workload. */
export function describeNode(node: NodeNaming): string {
  return nodeOwnerName(node) ?? describeWorkload(node.workloads[0]!);
}

/**
 * A workload as one of the members of a reach node, named with the node's owner (`nodeOwnerName`):
 * `Pod "web-1" of Deployment "web"`, `Pod "web-5d8-b" of ReplicaSet "web-5d8"`; the owner, or a node's
 * only workload, alone (`Deployment "web"`).
 */
export function describeMember(member: Workload, node: NodeNaming): string {
  const owner = nodeOwnerName(node);
  const isOwner = member.kind === node.kind && member.object.name === node.name;
  return owner === undefined || isOwner ? describeWorkload(member) : `${describeWorkload(member)} of ${owner}`;
}

/** `NetworkPolicy "default-deny"`, with its namespace when asked for. */
export function describePolicy(policy: NetworkPolicy, withNamespace = false): string {
  return `NetworkPolicy "${policy.object.name}"${withNamespace ? ` in namespace "${policy.object.namespace}"` : ''}`;
}

/** A list for a message: the first `max` items quoted as given, then "and N more". */
export function listSome(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * The workload whose pod labels come closest to a selector (for "the nearest workload differs in ..."):
 * the fewest failing requirements, and among those the one whose differing matchLabels values look
 * most alike (`redis-cache` is nearer to `redis` than `postgres` is, and any value nearer than none).
 */
export function nearestWorkload(workloads: readonly Workload[], selector: LabelSelector): Workload | undefined {
  let best: Workload | undefined;
  let bestUnmet = Infinity;
  let bestUnlikeness = Infinity;
  for (const workload of workloads) {
    const labels = workload.template.labels;
    let unmet = 0;
    let unlikeness = 0;
    for (const key in selector.matchLabels) {
      const wanted = selector.matchLabels[key]!;
      const actual = labels[key];
      if (actual === wanted) continue;
      unmet++;
      // In [0, 1): a label with another value is nearer than a missing one, the more so the longer their common prefix.
      const longer = Math.max(actual?.length ?? 0, wanted.length);
      unlikeness += actual === undefined ? 1 : (longer - commonPrefixLength(actual, wanted)) / (longer + 1);
    }
    for (const requirement of selector.matchExpressions) {
      if (matchesRequirement(requirement, labels)) continue;
      unmet++;
      unlikeness++;
    }
    if (unmet > bestUnmet || (unmet === bestUnmet && unlikeness >= bestUnlikeness)) continue;
    [best, bestUnmet, bestUnlikeness] = [workload, unmet, unlikeness];
  }
  return best;
}

/**
 * The nearest workload (`nearestWorkload`) when it is near enough to be the one a selector meant: it
 * meets some requirement of the selector, or has a wanted label with a value that differs as a typo
 * does (`redis-cache` for `redis`, `backend2` for `backend`). One that shares nothing with the
 * selector is no hint: it may be unrelated (the namespace's only Deployment, beside pods an operator
 * creates), and naming it would suggest copying its labels.
 */
export function closeWorkload(workloads: readonly Workload[], selector: LabelSelector): Workload | undefined {
  const nearest = nearestWorkload(workloads, selector);
  if (!nearest) return undefined;
  const labels = nearest.template.labels;
  for (const key in selector.matchLabels) {
    const actual = labels[key];
    if (actual !== undefined && (actual === selector.matchLabels[key] || looksAlike(actual, selector.matchLabels[key]!))) return nearest;
  }
  return selector.matchExpressions.some((requirement) => matchesRequirement(requirement, labels)) ? nearest : undefined;
}

/** Whether two label values differ as a typo does: one extends the other, or at most two edits apart (on values of 4 or more characters). */
function looksAlike(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) return true;
  return short.length >= 4 && long.length - short.length <= 2 && editDistance(a, b) <= 2;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The workloads of a list with their pod labels, for "no workload comes close" messages: `Deployment "a" (app=a), ...`. */
export function describeWorkloadLabels(workloads: readonly Workload[]): string {
  return listSome(workloads.map((w) => `${describeWorkload(w)} (${formatLabels(w.template.labels)})`));
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Where same-named or matching objects are instead, for "only in ..." hints: `namespace "a"`, or
 * `namespaces "a", "b"` (sorted, each once, shortened as listSome does).
 */
export function quotedNamespaces(namespaces: Iterable<string>): string {
  const quoted = [...new Set(namespaces)].sort().map((ns) => `"${ns}"`);
  return `${quoted.length === 1 ? 'namespace' : 'namespaces'} ${listSome(quoted)}`;
}
