/**
 * The owners that controllers give the objects they create, by name, for trees that hold a workload
 * and its running pods but not the object between them: exported cluster state keeps the Deployment
 * and its Pods, while their ReplicaSet (or a CronJob's Job) was not exported. The Pods' controller
 * reference then names an object the tree lacks, and only its name tells whose it is.
 */
import type { Workload } from '../model/types.ts';
import type { Labels } from './selector.ts';

export type OwnerRef = NonNullable<Workload['owner']>;

/** Digits only: a CronJob's Job is named `<cronjob>-<scheduled time in minutes>`. */
const SCHEDULED_SUFFIX = /^(.+)-[0-9]+$/;

/**
 * The controller that owns `ref` by its naming, when `ref` is not in the tree; `labels` are those of
 * the object owned by `ref` (a Pod's). The Deployment controller names each ReplicaSet `<deployment
 * name>-<pod-template-hash>` and puts that hash on its pods as the `pod-template-hash` label
 * (getNewReplicaSet in pkg/controller/deployment/sync.go), so the label proves the name's split. The
 * CronJob controller names each Job `<cronjob name>-<scheduled time in minutes>` (getJobName in
 * pkg/controller/cronjob/utils.go). Callers accept the result only when the tree holds that owner.
 */
export function impliedOwner(ref: OwnerRef, labels: Labels): OwnerRef | undefined {
  if (ref.kind === 'ReplicaSet') {
    const hash = labels['pod-template-hash'];
    if (!hash || ref.name.length <= hash.length + 1 || !ref.name.endsWith(`-${hash}`)) return undefined;
    return { kind: 'Deployment', name: ref.name.slice(0, -(hash.length + 1)) };
  }
  if (ref.kind === 'Job') {
    const match = SCHEDULED_SUFFIX.exec(ref.name);
    return match ? { kind: 'CronJob', name: match[1]! } : undefined;
  }
  return undefined;
}
