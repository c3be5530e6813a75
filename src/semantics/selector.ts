import type { LabelSelector, LabelSelectorRequirement } from '../model/types.ts';
import type { Path } from '../source/types.ts';

export type Labels = Readonly<Record<string, string>>;

/** The selector that selects everything (`{}`), e.g. an empty NetworkPolicy podSelector. */
export const MATCH_ALL: LabelSelector = { matchLabels: {}, matchExpressions: [] };

/** A map-style selector (Service, ReplicationController) as a LabelSelector. */
export function fromMatchLabels(labels: Labels): LabelSelector {
  return { matchLabels: labels, matchExpressions: [] };
}

/** True when the selector has no requirements and so selects every object. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/**
 * Whether `labels` satisfy `selector`: every matchLabels pair and every expression (AND), as
 * metav1.LabelSelector is defined. An unknown operator matches nothing, as the API server would
 * have rejected the object.
 */
export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const key in selector.matchLabels) {
    if (labels[key] !== selector.matchLabels[key]) return false;
  }
  for (const requirement of selector.matchExpressions) {
    if (!matchesRequirement(requirement, labels)) return false;
  }
  return true;
}

/** Whether `labels` satisfy one matchExpressions requirement; an unknown operator matches nothing. */
export function matchesRequirement(requirement: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return has && requirement.values.includes(labels[requirement.key]!);
    case 'NotIn':
      // NotIn also matches objects that lack the key (k8s.io/apimachinery labels.Requirement).
      return !has || !requirement.values.includes(labels[requirement.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** Prints a selector as kubectl does: `app=web, tier in (a,b), !legacy`; `<all>` when empty. */
export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`);
  for (const requirement of selector.matchExpressions) {
    switch (requirement.operator) {
      case 'In':
        parts.push(`${requirement.key} in (${requirement.values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${requirement.key} notin (${requirement.values.join(',')})`);
        break;
      case 'Exists':
        parts.push(requirement.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${requirement.key}`);
        break;
      default:
        parts.push(`${requirement.key} ${requirement.operator} (${requirement.values.join(',')})`);
    }
  }
  return parts.length === 0 ? '<all>' : parts.join(', ');
}

/** Prints a label map as `app=web, tier=front`. */
export function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '<no labels>' : entries.map(([key, value]) => `${key}=${value}`).join(', ');
}

/** The requirements of `selector` that `labels` fail, each printed readably; empty when it matches. */
export function unmetRequirements(selector: LabelSelector, labels: Labels): string[] {
  const unmet: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) unmet.push(key in labels ? `${key}=${value} (has ${key}=${labels[key]})` : `${key}=${value} (label missing)`);
  }
  for (const requirement of selector.matchExpressions) {
    if (!matchesRequirement(requirement, labels)) unmet.push(formatSelector({ matchLabels: {}, matchExpressions: [requirement] }));
  }
  return unmet;
}

/** Where a selector requirement is written, relative to the selector; `key` when a finding belongs on a map key. */
export interface RequirementPath {
  readonly path: Path;
  readonly key: boolean;
}

/**
 * Where the first requirement of `selector` that `labels` fail is written, relative to the selector:
 * its matchLabels key (`matchLabels.app`, or just `app` when `plainMap`, the form of a Service's or
 * ReplicationController's selector), or the `key` field of its matchExpressions entry (at the index
 * it is written at, `LabelSelectorRequirement.index`: the model drops malformed entries). Undefined
 * when `labels` match.
 */
export function failingRequirementPath(selector: LabelSelector, labels: Labels, plainMap = false): RequirementPath | undefined {
  for (const key in selector.matchLabels) {
    if (labels[key] !== selector.matchLabels[key]) return { path: plainMap ? [key] : ['matchLabels', key], key: true };
  }
  for (const requirement of selector.matchExpressions) {
    if (matchesRequirement(requirement, labels)) continue;
    // The first written entry of that key and operator (entries the model left out have neither).
    const index = selector.matchExpressions.find((r) => r.key === requirement.key && r.operator === requirement.operator)?.index ?? -1;
    return index >= 0 ? { path: ['matchExpressions', index, 'key'], key: false } : { path: ['matchExpressions'], key: true };
  }
  return undefined;
}

/**
 * An inverted index of label pairs to items, so that selecting among many objects costs the size of
 * the smallest posting list rather than a scan of every object. Postings are keyed by label key, then
 * value (nested maps: no joined string to build per pair, on adding or on selecting), and hold each
 * item with its labels, so that checking a candidate needs no lookup.
 */
export class LabelIndex<T> {
  private readonly all: T[] = [];
  private readonly entries: IndexEntry<T>[] = [];
  private readonly postings = new Map<string, Map<string, IndexEntry<T>[]>>();

  add(item: T, labels: Labels): void {
    const entry = { item, labels };
    this.all.push(item);
    this.entries.push(entry);
    for (const key in labels) {
      const value = labels[key]!;
      let byValue = this.postings.get(key);
      if (!byValue) this.postings.set(key, (byValue = new Map()));
      const list = byValue.get(value);
      if (list) list.push(entry);
      else byValue.set(value, [entry]);
    }
  }

  get size(): number {
    return this.all.length;
  }

  items(): readonly T[] {
    return this.all;
  }

  /** Every item whose labels match, in insertion order. */
  select(selector: LabelSelector): T[] {
    let candidates: readonly IndexEntry<T>[] = this.entries;
    for (const key in selector.matchLabels) {
      const list = this.postings.get(key)?.get(selector.matchLabels[key]!);
      if (!list) return [];
      if (list.length < candidates.length) candidates = list;
    }
    const selected: T[] = [];
    for (const { item, labels } of candidates) if (matchesSelector(selector, labels)) selected.push(item);
    return selected;
  }
}

interface IndexEntry<T> {
  readonly item: T;
  readonly labels: Labels;
}
