import type { Path } from '../source/types.ts';
import { compareStrings } from '../util/compare.ts';
import type { Diagnostic } from './types.ts';

/**
 * A baseline: the findings a repository accepts for now (`--write-baseline`), so that a later run
 * (`--baseline`) reports only new ones, as ESLint's suppressions file and Checkov's baseline do.
 *
 * A finding is known by what it is about, never by where it is printed: the rule and message id, the
 * object (kind, namespace, name), the field the rule pointed at, and the values quoted in the message.
 * Adding lines above a finding, reformatting or moving the file keeps it baselined; changing what it
 * says (another port, another selector) makes it new. A finding on no object (a file that does not
 * parse) has nothing else to be known by, so its file path stands in for the object.
 */
export const BASELINE_VERSION = 1;

/** One accepted finding, as written in the baseline file; `count` identical findings share an entry. */
export interface BaselineEntry {
  readonly rule: string;
  readonly messageId: string;
  readonly object?: { readonly kind: string; readonly namespace: string; readonly name: string };
  /** Only for a finding on no object. */
  readonly file?: string;
  readonly path: Path;
  readonly data: Readonly<Record<string, string | number>>;
  readonly count: number;
}

export interface Baseline {
  readonly entries: readonly BaselineEntry[];
}

/** What applying a baseline left: the new findings, how many were baselined, and how many entries found no finding any more. */
export interface BaselineResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly baselined: number;
  /** Accepted findings that no longer occur (counted per occurrence): the baseline can shrink by this many. */
  readonly unmatched: number;
}

/** The fields of an entry that identify a finding, in a fixed order, with `data` sorted by key. */
function identity(entry: Omit<BaselineEntry, 'count'>): string {
  const data = Object.keys(entry.data)
    .sort(compareStrings)
    .map((key) => [key, entry.data[key]]);
  const object = entry.object ? [entry.object.kind, entry.object.namespace, entry.object.name] : null;
  return JSON.stringify([entry.rule, entry.messageId, object, entry.file ?? null, entry.path, data]);
}

function entryOf(d: Diagnostic): Omit<BaselineEntry, 'count'> {
  const data: Record<string, string | number> = {};
  for (const key of Object.keys(d.data ?? {}).sort(compareStrings)) data[key] = d.data![key]!;
  return {
    rule: d.ruleId,
    messageId: d.messageId,
    ...(d.object ? { object: { kind: d.object.kind, namespace: d.object.namespace, name: d.object.name } } : { file: d.file.path }),
    path: d.path ?? [],
    data,
  };
}

/**
 * What a finding is about, as one string (rule, message id, object or file, field path, message
 * values): the same after lines move or files are renamed. Baselines match by it; reports that need a
 * stable fingerprint (GitLab Code Quality) hash it.
 */
export function findingIdentity(d: Diagnostic): string {
  return identity(entryOf(d));
}

/** The baseline that accepts exactly these findings. */
export function baselineOf(diagnostics: readonly Diagnostic[]): Baseline {
  const byIdentity = new Map<string, { entry: Omit<BaselineEntry, 'count'>; count: number }>();
  for (const d of diagnostics) {
    const entry = entryOf(d);
    const key = identity(entry);
    const seen = byIdentity.get(key);
    if (seen) seen.count++;
    else byIdentity.set(key, { entry, count: 1 });
  }
  const keys = [...byIdentity.keys()].sort(compareStrings);
  return { entries: keys.map((key) => ({ ...byIdentity.get(key)!.entry, count: byIdentity.get(key)!.count })) };
}

/** Reads a baseline file's text; a string saying what is wrong when it is not one this version writes. */
export function parseBaseline(text: string): Baseline | { readonly error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `it is not JSON (${(error as Error).message})` };
  }
  if (!isRecord(value) || !('kubeNetlintBaseline' in value)) return { error: 'it is not a kube-netlint baseline (no "kubeNetlintBaseline" version); write one with --write-baseline' };
  if (value.kubeNetlintBaseline !== BASELINE_VERSION) {
    return { error: `it is baseline version ${JSON.stringify(value.kubeNetlintBaseline)}, this kube-netlint reads version ${BASELINE_VERSION}; write it again with --write-baseline` };
  }
  if (!Array.isArray(value.entries)) return { error: '"entries" is not a list' };
  const entries: BaselineEntry[] = [];
  for (const [index, raw] of value.entries.entries()) {
    const problem = entryProblem(raw);
    if (problem) return { error: `entry ${index + 1}: ${problem}` };
    entries.push(raw as BaselineEntry);
  }
  return { entries };
}

function entryProblem(raw: unknown): string | undefined {
  if (!isRecord(raw)) return 'is not an object';
  if (typeof raw.rule !== 'string' || typeof raw.messageId !== 'string') return '"rule" and "messageId" must be strings';
  if (raw.object !== undefined) {
    const o = raw.object;
    if (!isRecord(o) || typeof o.kind !== 'string' || typeof o.namespace !== 'string' || typeof o.name !== 'string') return '"object" must have string kind, namespace and name';
  } else if (typeof raw.file !== 'string') return 'needs an "object" or a "file"';
  if (!Array.isArray(raw.path) || !raw.path.every((s) => typeof s === 'string' || (typeof s === 'number' && Number.isInteger(s)))) return '"path" must be a list of keys and indexes';
  if (!isRecord(raw.data) || !Object.values(raw.data).every((v) => typeof v === 'string' || typeof v === 'number')) return '"data" must map names to strings or numbers';
  if (typeof raw.count !== 'number' || !Number.isInteger(raw.count) || raw.count < 1) return '"count" must be a whole number of at least 1';
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Leaves out the findings the baseline accepts, each entry accepting up to `count` of them (in the
 * findings' order): a third copy of a finding accepted twice is new.
 */
export function applyBaseline(diagnostics: readonly Diagnostic[], baseline: Baseline): BaselineResult {
  const left = new Map<string, number>();
  for (const entry of baseline.entries) {
    const key = identity(entry);
    left.set(key, (left.get(key) ?? 0) + entry.count);
  }
  const kept: Diagnostic[] = [];
  let baselined = 0;
  for (const d of diagnostics) {
    const key = findingIdentity(d);
    const remaining = left.get(key) ?? 0;
    if (remaining > 0) {
      left.set(key, remaining - 1);
      baselined++;
    } else kept.push(d);
  }
  let unmatched = 0;
  for (const remaining of left.values()) unmatched += remaining;
  return { diagnostics: kept, baselined, unmatched };
}

/** A summary whose counts are those of `diagnostics` (the findings left after a baseline). */
export function recount<S extends { readonly errors: number; readonly warnings: number; readonly infos: number }>(summary: S, diagnostics: readonly Diagnostic[]): S {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return { ...summary, errors, warnings, infos };
}
