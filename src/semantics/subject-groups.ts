/**
 * Pods alike in what a matcher reads (tiers.ts `SubjectReads`) get the same answer from it, so the
 * engine and the matrix ask a matcher once per group of such pods instead of once per workload. Pods
 * usually differ in labels no selector reads (`app`, `version`): the groups are few. One grouping
 * (`readKey`) for both, so that they cannot disagree on what makes two pods alike.
 */
import type { PolicySubject, SubjectReads } from './tiers.ts';

/** What some matchers read together: label keys (undefined: every label) and whether the service account. */
export interface ReadProfile {
  readonly labels: ReadonlySet<string> | undefined;
  readonly serviceAccount: boolean;
}

/** What matchers declaring these reads read together (one that declares none may read anything). */
export function readProfile(reads: Iterable<SubjectReads | undefined>): ReadProfile {
  const labels = new Set<string>();
  let serviceAccount = false;
  for (const read of reads) {
    if (!read) return { labels: undefined, serviceAccount: true };
    for (const label of read.labels) labels.add(label);
    if (read.serviceAccount) serviceAccount = true;
  }
  return { labels, serviceAccount };
}

/** A name of the profile: equal for profiles that read the same. */
export function profileName(profile: ReadProfile): string {
  return profile.labels ? JSON.stringify([[...profile.labels].sort(), profile.serviceAccount]) : '*';
}

/**
 * What a matcher reading `profile` sees of a subject, as a key: its namespace (and so the namespace's
 * labels), the network it is on, its recorded addresses, the service account when read, and the
 * labels read (whether its labels are known at all, too).
 */
export function readKey(subject: PolicySubject, profile: ReadProfile): string {
  const labels = subject.labels;
  const keys = labels ? Object.keys(labels) : [];
  const read = (profile.labels ? keys.filter((key) => profile.labels!.has(key)) : keys).sort();
  return JSON.stringify([
    subject.namespace ?? null,
    subject.ungoverned ?? null,
    subject.selectable,
    subject.hostNetwork ?? false,
    subject.addresses?.map((a) => a.text) ?? null,
    profile.serviceAccount ? (subject.serviceAccount ?? null) : null,
    labels ? read.flatMap((k) => [k, labels[k]]) : null,
  ]);
}

/** Subjects (the model's workloads, in order) grouped by what a profile reads of them. */
export class SubjectGroups {
  /** The group of each subject. */
  readonly groupOf: Int32Array;
  /** One subject per group: what a matcher answers for it, it answers for the group. */
  readonly representatives: readonly PolicySubject[] = [];
  /** The subjects of each group, by index, ascending. */
  readonly members: number[][] = [];
  private readonly byNamespace = new Map<string | undefined, number[]>();

  constructor(subjects: readonly PolicySubject[], profile: ReadProfile) {
    this.groupOf = new Int32Array(subjects.length);
    const ids = new Map<string, number>();
    const representatives = this.representatives as PolicySubject[];
    subjects.forEach((subject, i) => {
      const key = readKey(subject, profile);
      let group = ids.get(key);
      if (group === undefined) {
        ids.set(key, (group = representatives.length));
        representatives.push(subject);
        this.members.push([]);
        const inNamespace = this.byNamespace.get(subject.namespace);
        if (inNamespace) inNamespace.push(group);
        else this.byNamespace.set(subject.namespace, [group]);
      }
      this.groupOf[i] = group;
      this.members[group]!.push(i);
    });
  }

  /** The groups of the subjects of a namespace (every group when undefined). */
  groupsIn(namespace: string | undefined): readonly number[] {
    if (namespace === undefined) return this.representatives.map((_, g) => g);
    return this.byNamespace.get(namespace) ?? [];
  }

  /** The subjects, by index ascending, of the groups whose representative passes `test`, among the groups of a namespace (all when undefined). */
  select(test: (subject: PolicySubject) => unknown, namespace?: string): number[] {
    const out: number[] = [];
    let groups = 0;
    for (const g of this.groupsIn(namespace)) {
      if (!test(this.representatives[g]!)) continue;
      groups++;
      for (const i of this.members[g]!) out.push(i);
    }
    // Members of one group ascend; several groups interleave.
    if (groups > 1) out.sort((a, b) => a - b);
    return out;
  }
}
