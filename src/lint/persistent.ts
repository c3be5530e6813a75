/**
 * The rule runner's reuse across processes (`--cache`): a `ReuseStrategy` like the editor's `LintCache`
 * (./incremental.ts), whose results outlive the process as plain data. Object identity does not
 * survive a process, so everything is keyed by content fingerprints instead:
 *
 * - a document's outcomes (document-scoped rules) by its file's path and content hash and its index;
 * - a namespace's outcomes (a `NamespaceRule`) by the fingerprint of every namespace its check read
 *   (its own first), of the cluster-scoped objects and of the policy world, where a namespace's
 *   fingerprint names each of its objects by file, content hash, document and path (objects of one
 *   document under one config are the same whatever else the run holds: `ModelCache`);
 * - the whole by the config's fingerprint and the rule list (`StoredResults.key`): another starts afresh.
 *
 * An outcome names its objects, documents and files by those same names; one that no longer resolves
 * in this run's model makes its entry a miss (the check runs again). Model-wide rules are not kept.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config/types.ts';
import { buildModel, ModelCache } from '../model/build.ts';
import type { KubeObject, Model } from '../model/types.ts';
import { policyWorldOf, viewsOfCompilers } from '../semantics/policy.ts';
import { unmodelledOf } from '../semantics/blind-spots.ts';
import { fileHash } from '../source/parse-cache.ts';
import type { ParsedDocument, Path, SourceFile } from '../source/types.ts';
import type { Reads, ReuseStrategy, RunReuse } from './incremental.ts';
import type { Outcome, Report, Rule, Target } from './types.ts';

/** Results kept by a run, as plain JSON: what `PersistentReuse.results()` gives and takes back. */
export interface StoredResults {
  /** The config's fingerprint and the rule ids: results of another config or rule list are never used. */
  readonly key: string;
  /** By document key (`path \0 hash \0 index`): the outcomes of the document-scoped rules. */
  readonly documents: Record<string, readonly unknown[]>;
  /** By rule id, then namespace. */
  readonly namespaces: Record<string, Record<string, StoredNamespace>>;
}

interface StoredNamespace {
  readonly cluster: string;
  readonly world: string;
  /** Each namespace the check read, its own first, with its fingerprint. */
  readonly reads: readonly (readonly [string, string])[];
  readonly outcomes: readonly unknown[];
}

type Located = KubeObject | { readonly doc: ParsedDocument; readonly path: Path };

function sha(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('base64url');
}

/** A config's fingerprint: its content (the config file's text among it) as JSON, Maps, Sets and RegExps spelled out. */
export function configFingerprint(config: Config, rules: readonly Rule<any>[]): string {
  const text = JSON.stringify(config, (_key, value: unknown) =>
    value instanceof Map ? { map: [...value] } : value instanceof Set ? { set: [...value] } : value instanceof RegExp ? { regexp: String(value) } : typeof value === 'function' ? { fn: String(value) } : value,
  );
  return sha([text, ...rules.map((rule) => rule.meta.id)]);
}

function docName(doc: ParsedDocument): string {
  return `${doc.file.path}\0${fileHash(doc.file)}\0${doc.index}`;
}

function objectName(object: Located): string {
  return `${docName(object.doc)}\0${JSON.stringify(object.path)}`;
}

/**
 * A `ReuseStrategy` whose results are kept as data (`results()`), for the next process to pass back.
 * `models` is the `ModelCache` the run's model was built with, so that one-document models share its objects.
 */
export class PersistentReuse implements ReuseStrategy {
  private next: StoredResults | undefined;
  /** Entries of `kept` carried into `next`, and entries made anew. */
  private carried = 0;
  private made = 0;

  constructor(
    private readonly models: ModelCache,
    private readonly kept: StoredResults | undefined,
  ) {}

  /** Whether `results()` differ from what was kept: an entry made anew, or one kept and not carried over. */
  changed(): boolean {
    if (!this.kept || this.kept.key !== this.next?.key) return true;
    let entries = Object.keys(this.kept.documents).length;
    for (const byNamespace of Object.values(this.kept.namespaces)) entries += Object.keys(byNamespace).length;
    return this.made > 0 || this.carried !== entries;
  }

  /** What this run used and produced, to keep for the next (undefined before a run). */
  results(): StoredResults | undefined {
    return this.next;
  }

  begin(model: Model, rules: readonly Rule<any>[], config: Config): RunReuse {
    const key = configFingerprint(config, rules);
    const kept = this.kept?.key === key ? this.kept : undefined;
    const next: StoredResults = { key, documents: Object.create(null), namespaces: Object.create(null) };
    this.next = next;
    this.carried = 0;
    this.made = 0;
    const ruleById = new Map(rules.map((rule) => [rule.meta.id, rule]));

    // Names of this run's objects, documents and files, and namespace fingerprints.
    const objects = new Map<string, KubeObject>();
    const members = new Map<string, string[]>();
    for (const list of [model.objects, model.unmodelledObjects]) {
      for (const object of list) {
        const name = objectName(object as KubeObject);
        if ('kind' in object && 'labels' in object) objects.set(name, object as KubeObject);
        const names = members.get(object.namespace);
        if (names) names.push(name);
        else members.set(object.namespace, [name]);
      }
    }
    const documents = new Map<string, ParsedDocument>();
    const files = new Map<string, SourceFile>();
    for (const doc of model.documents) {
      documents.set(`${doc.file.path}\0${doc.index}`, doc);
      files.set(doc.file.path, doc.file);
    }
    const fingerprints = new Map<string, string>();
    const fingerprint = (namespace: string): string => {
      let print = fingerprints.get(namespace);
      if (print === undefined) fingerprints.set(namespace, (print = sha(members.get(namespace) ?? [])));
      return print;
    };
    let world: string | undefined;
    const worldPrint = (): string => (world ??= worldFingerprint(model));
    const cluster = fingerprint('');
    const refs: Refs = { objects, documents, files, ruleById };

    return {
      documentModel: (doc) => buildModel([doc], model.settings, [], this.models),
      documentOutcomes: (doc) => {
        const name = docName(doc);
        const stored = kept && Object.hasOwn(kept.documents, name) ? kept.documents[name] : undefined;
        const outcomes = stored && decodeOutcomes(stored, refs);
        if (outcomes) {
          next.documents[name] = stored!;
          this.carried++;
        }
        return outcomes;
      },
      keepDocumentOutcomes: (doc, outcomes) => {
        const encoded = encodeOutcomes(outcomes);
        if (!encoded) return;
        next.documents[docName(doc)] = encoded;
        this.made++;
      },
      namespaceOutcomes: (rule, namespace) => {
        const byNamespace = kept && Object.hasOwn(kept.namespaces, rule.meta.id) ? kept.namespaces[rule.meta.id] : undefined;
        const stored = byNamespace && Object.hasOwn(byNamespace, namespace) ? byNamespace[namespace] : undefined;
        if (!isStoredNamespace(stored) || stored.cluster !== cluster || stored.reads[0]?.[0] !== namespace) return undefined;
        for (const [read, print] of stored.reads) if (fingerprint(read) !== print) return undefined;
        if (stored.world !== worldPrint()) return undefined;
        const outcomes = decodeOutcomes(stored.outcomes, refs);
        if (outcomes) {
          (next.namespaces[rule.meta.id] ??= Object.create(null))[namespace] = stored;
          this.carried++;
        }
        return outcomes;
      },
      keepNamespaceOutcomes: (rule, namespace, outcomes, reads: Reads) => {
        // A check that read every namespace would be stale after any change: not kept.
        if (reads === 'all') return;
        const encoded = encodeOutcomes(outcomes);
        if (!encoded) return;
        this.made++;
        const readPrints = [namespace, ...[...reads].filter((read) => read !== namespace)].map((read) => [read, fingerprint(read)] as const);
        (next.namespaces[rule.meta.id] ??= Object.create(null))[namespace] = { cluster, world: worldPrint(), reads: readPrints, outcomes: encoded };
      },
    };
  }
}

/**
 * The fingerprint of what the policy engine derives from the model besides workloads (`PolicyWorld`):
 * every policy view's object, the unevaluated policy objects, and every namespace's labels. The same
 * `policyWorldOf` token is asked first, so that a rule's result depends on nothing this misses.
 */
function worldFingerprint(model: Model): string {
  policyWorldOf(model);
  const parts: string[] = [];
  for (const views of viewsOfCompilers(model)) {
    parts.push('views');
    for (const view of views) {
      const object = (view as { readonly object?: Located }).object;
      // A view that does not name its object cannot be fingerprinted: a value no later run matches.
      parts.push(object && 'doc' in object ? objectName(object) : `unnamed ${Math.random()}`);
    }
  }
  parts.push('unevaluated', ...unmodelledOf(model, 'policy').map(objectName));
  parts.push('namespaces', JSON.stringify([...model.namespaces].map(([name, namespace]) => [name, namespace.labels])));
  return sha(parts);
}

interface Refs {
  readonly objects: ReadonlyMap<string, KubeObject>;
  readonly documents: ReadonlyMap<string, ParsedDocument>;
  readonly files: ReadonlyMap<string, SourceFile>;
  readonly ruleById: ReadonlyMap<string, Rule<any>>;
}

// Encoded outcomes: { r: rule id, m: messageId, s?: severity, d?: data, a: target, l?: related, f?: fix, c?: current object }
// or { r, e: error message, o?: object }. A target is { o: object, p?, k? }, { d: [path, index], p?, k? } or { f: file, s: [start, end], n? }.

function encodeOutcomes(outcomes: readonly Outcome[]): unknown[] | undefined {
  const encoded: unknown[] = [];
  for (const outcome of outcomes) {
    if ('error' in outcome) {
      if (outcome.object && !('doc' in outcome.object)) return undefined;
      encoded.push({ r: outcome.rule.meta.id, e: outcome.error instanceof Error ? outcome.error.message : String(outcome.error), ...(outcome.object ? { o: objectName(outcome.object) } : {}) });
      continue;
    }
    const { report, current } = outcome;
    const at = encodeTarget(report.at);
    const related = (report.related ?? []).map((r) => ({ a: encodeTarget(r.at), m: r.message }));
    if (!at || related.some((r) => !r.a)) return undefined;
    encoded.push({
      r: outcome.rule.meta.id,
      m: report.messageId,
      ...(report.severity ? { s: report.severity } : {}),
      ...(report.data ? { d: report.data } : {}),
      a: at,
      ...(related.length > 0 ? { l: related } : {}),
      ...(report.fix ? { f: { t: report.fix.description, e: report.fix.edits.map((edit) => ({ f: edit.file.path, s: [edit.span.start, edit.span.end], n: edit.newText })) } } : {}),
      ...(current ? { c: objectName(current) } : {}),
    });
  }
  return encoded;
}

function encodeTarget(target: Target): unknown {
  const extra = { ...('path' in target && target.path ? { p: target.path } : {}), ...('key' in target && target.key ? { k: true } : {}) };
  if ('object' in target) return { o: objectName(target.object), ...extra };
  if ('doc' in target) return { d: [target.doc.file.path, target.doc.index], ...extra };
  return { f: target.file.path, s: [target.span.start, target.span.end], ...(target.note !== undefined ? { n: target.note } : {}) };
}

/** The outcomes of kept data in this run's model; undefined when anything does not resolve or has the wrong shape. */
function decodeOutcomes(stored: unknown, refs: Refs): Outcome[] | undefined {
  if (!Array.isArray(stored)) return undefined;
  const outcomes: Outcome[] = [];
  for (const item of stored as unknown[]) {
    if (!isRecord(item) || typeof item.r !== 'string') return undefined;
    const rule = refs.ruleById.get(item.r);
    if (!rule) return undefined;
    if ('e' in item) {
      if (typeof item.e !== 'string') return undefined;
      const object = item.o === undefined ? undefined : refs.objects.get(String(item.o));
      if (item.o !== undefined && !object) return undefined;
      outcomes.push({ rule, error: new Error(item.e), object });
      continue;
    }
    const at = decodeTarget(item.a, refs);
    if (!at || typeof item.m !== 'string') return undefined;
    const related: { at: Target; message: string }[] = [];
    if (item.l !== undefined) {
      if (!Array.isArray(item.l)) return undefined;
      for (const r of item.l as unknown[]) {
        const target = isRecord(r) && typeof r.m === 'string' ? decodeTarget(r.a, refs) : undefined;
        if (!target) return undefined;
        related.push({ at: target, message: (r as { m: string }).m });
      }
    }
    let fix: Report['fix'];
    if (item.f !== undefined) {
      const f = item.f as { t?: unknown; e?: unknown };
      if (!isRecord(f) || typeof f.t !== 'string' || !Array.isArray(f.e)) return undefined;
      const edits = [];
      for (const edit of f.e as unknown[]) {
        const file = isRecord(edit) ? refs.files.get(String(edit.f)) : undefined;
        const span = isRecord(edit) ? spanOf(edit.s) : undefined;
        if (!file || !span || typeof (edit as { n?: unknown }).n !== 'string') return undefined;
        edits.push({ file, span, newText: (edit as { n: string }).n });
      }
      fix = { description: f.t, edits };
    }
    const current = item.c === undefined ? undefined : refs.objects.get(String(item.c));
    if (item.c !== undefined && !current) return undefined;
    if (item.s !== undefined && item.s !== 'warning' && item.s !== 'info') return undefined;
    if (item.d !== undefined && !isRecord(item.d)) return undefined;
    const report: Report = {
      messageId: item.m,
      ...(item.s !== undefined ? { severity: item.s } : {}),
      ...(item.d !== undefined ? { data: item.d as Record<string, string | number> } : {}),
      at,
      ...(item.l !== undefined ? { related } : {}),
      ...(fix ? { fix } : {}),
    };
    outcomes.push({ rule, report, current });
  }
  return outcomes;
}

function decodeTarget(value: unknown, refs: Refs): Target | undefined {
  if (!isRecord(value)) return undefined;
  const path = value.p;
  if (path !== undefined && !(Array.isArray(path) && path.every((part) => typeof part === 'string' || typeof part === 'number'))) return undefined;
  const extra = { ...(path !== undefined ? { path: path as Path } : {}), ...(value.k === true ? { key: true } : {}) };
  if ('o' in value) {
    const object = refs.objects.get(String(value.o));
    return object ? { object, ...extra } : undefined;
  }
  if ('d' in value) {
    const [file, index] = Array.isArray(value.d) ? value.d : [];
    const doc = refs.documents.get(`${String(file)}\0${String(index)}`);
    return doc ? { doc, ...extra } : undefined;
  }
  const file = refs.files.get(String(value.f));
  const span = spanOf(value.s);
  if (!file || !span || (value.n !== undefined && typeof value.n !== 'string')) return undefined;
  return { file, span, ...(value.n !== undefined ? { note: value.n as string } : {}) };
}

function spanOf(value: unknown): { start: number; end: number } | undefined {
  if (!Array.isArray(value) || value.length !== 2 || !Number.isSafeInteger(value[0]) || !Number.isSafeInteger(value[1])) return undefined;
  return { start: value[0] as number, end: value[1] as number };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStoredNamespace(value: unknown): value is StoredNamespace {
  return (
    isRecord(value) &&
    typeof value.cluster === 'string' &&
    typeof value.world === 'string' &&
    Array.isArray(value.reads) &&
    value.reads.every((read: unknown) => Array.isArray(read) && read.length === 2 && typeof read[0] === 'string' && typeof read[1] === 'string') &&
    Array.isArray(value.outcomes)
  );
}
