/**
 * Labels that workload controllers put on the pods they create, beside the pod template's own. A
 * Service may select one pod of a StatefulSet by `statefulset.kubernetes.io/pod-name` (Argo CD's and
 * many Redis charts' per-replica Services do): its pods carry the label though the template does not.
 */
import type { LabelSelector, Workload, WorkloadKind } from '../model/types.ts';
import { matchesRequirement, type Labels } from './selector.ts';

/**
 * Per kind, each label key its controller sets and the values it can take for a workload: a pattern,
 * or undefined when the value cannot be known from the manifests (a hash, a uid), so any value may be.
 * Sources: StatefulSet pod-name and pod-index labels (pkg/controller/statefulset/stateful_set_utils.go,
 * apps.kubernetes.io/pod-index since 1.28), controller-revision-hash (StatefulSet, DaemonSet),
 * pod-template-hash (Deployment), pod-template-generation (DaemonSet), the Job controller's job-name
 * and controller-uid labels (with and without the batch.kubernetes.io/ prefix) and
 * batch.kubernetes.io/job-completion-index of Indexed Jobs.
 */
const CONTROLLER_LABELS: Partial<Record<WorkloadKind, Readonly<Record<string, (name: string) => RegExp | undefined>>>> = {
  StatefulSet: {
    'statefulset.kubernetes.io/pod-name': (name) => new RegExp(`^${escape(name)}-(0|[1-9][0-9]*)$`),
    'apps.kubernetes.io/pod-index': () => /^(0|[1-9][0-9]*)$/,
    'controller-revision-hash': () => undefined,
  },
  Deployment: { 'pod-template-hash': () => undefined },
  DaemonSet: { 'controller-revision-hash': () => undefined, 'pod-template-generation': () => /^[1-9][0-9]*$/ },
  Job: {
    'job-name': (name) => new RegExp(`^${escape(name)}$`),
    'batch.kubernetes.io/job-name': (name) => new RegExp(`^${escape(name)}$`),
    'controller-uid': () => undefined,
    'batch.kubernetes.io/controller-uid': () => undefined,
    'batch.kubernetes.io/job-completion-index': () => /^(0|[1-9][0-9]*)$/,
  },
  CronJob: {
    'job-name': (name) => new RegExp(`^${escape(name)}-[0-9]+$`),
    'batch.kubernetes.io/job-name': (name) => new RegExp(`^${escape(name)}-[0-9]+$`),
    'controller-uid': () => undefined,
    'batch.kubernetes.io/controller-uid': () => undefined,
  },
};

/** Label keys some controller sets on the pods it creates. */
const ALL_KEYS: ReadonlySet<string> = new Set(Object.values(CONTROLLER_LABELS).flatMap((labels) => Object.keys(labels ?? {})));

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a map selector names a label that controllers set, so that matching pod templates alone may miss pods. */
export function namesControllerLabels(selector: Labels): boolean {
  for (const key in selector) if (ALL_KEYS.has(key)) return true;
  return false;
}

/**
 * Whether some pod of the workload carries every label of a map selector (a Service's): each is a label
 * of its pod template, or one its controller sets with a value it can take.
 */
export function podsMayMatch(workload: Workload, selector: Labels): boolean {
  const own = CONTROLLER_LABELS[workload.kind] ?? {};
  const labels = workload.template.labels;
  for (const key in selector) {
    const wanted = selector[key]!;
    if (labels[key] === wanted) continue;
    if (!Object.hasOwn(own, key) || Object.hasOwn(labels, key)) return false;
    const pattern = own[key]!(workload.object.name);
    if (pattern && !pattern.test(wanted)) return false;
  }
  return true;
}

/**
 * Whether some pod of the workload may satisfy a LabelSelector (a NetworkPolicy's podSelector), counting
 * the labels its controller sets as `podsMayMatch` does: a matchLabels pair or an `In` or `Exists`
 * requirement on a key the template lacks may be met by such a label. `NotIn` and `DoesNotExist` are
 * judged on the template alone (a controller label the template lacks can only add a key).
 */
export function podsMayMatchSelector(workload: Workload, selector: LabelSelector): boolean {
  if (!podsMayMatch(workload, selector.matchLabels)) return false;
  const own = CONTROLLER_LABELS[workload.kind] ?? {};
  const labels = workload.template.labels;
  return selector.matchExpressions.every((requirement) => {
    if (matchesRequirement(requirement, labels)) return true;
    const { key, operator, values } = requirement;
    if (!Object.hasOwn(own, key) || Object.hasOwn(labels, key)) return false;
    if (operator === 'Exists') return true;
    if (operator !== 'In') return false;
    const pattern = own[key]!(workload.object.name);
    return values.some((value) => !pattern || pattern.test(value));
  });
}

/** Whether a LabelSelector names a label that controllers set, in matchLabels or an `In`/`Exists` requirement. */
export function selectorNamesControllerLabels(selector: LabelSelector): boolean {
  return namesControllerLabels(selector.matchLabels) || selector.matchExpressions.some((r) => (r.operator === 'In' || r.operator === 'Exists') && ALL_KEYS.has(r.key));
}
