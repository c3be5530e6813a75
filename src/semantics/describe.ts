/** How messages name workloads, policies and namespaces, so every reachability finding reads alike. */
import type { LabelSelector, NetworkPolicy, Workload } from '../model/types.ts';
import { unmetRequirements } from './selector.ts';

/** `Deployment "web"`, with ` in namespace "shop"` when asked for. */
export function describeWorkload(workload: Workload, withNamespace = false): string {
  return `${workload.kind} "${workload.object.name}"${withNamespace ? ` in namespace "${workload.object.namespace}"` : ''}`;
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

/** The workload failing the fewest requirements of a selector (for "the nearest workload differs in ..."). */
export function nearestWorkload(workloads: readonly Workload[], selector: LabelSelector): Workload | undefined {
  let best: Workload | undefined;
  let fewest = Infinity;
  for (const workload of workloads) {
    const unmet = unmetRequirements(selector, workload.template.labels).length;
    if (unmet < fewest) [best, fewest] = [workload, unmet];
  }
  return best;
}
