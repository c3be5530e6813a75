/**
 * The editor's cache of findings, as a strategy the rule runner consults (`LintInput.cache`): the
 * runner asks it which results of earlier runs are still valid, and hands it new ones to keep. The
 * rules know nothing of it: what a rule may depend on is fixed by what its context offers (a
 * document-scoped rule sees a model of one document; a namespace-scoped one sees its namespace and
 * read-tracking relations, ./namespace.ts), so the runner can tell when a result is stale.
 */
import type { Config } from '../config/types.ts';
import { buildModel, type ModelCache } from '../model/build.ts';
import type { KubeObject, Model, UnmodelledObject } from '../model/types.ts';
import { policyWorldOf } from '../semantics/policy.ts';
import type { ParsedDocument } from '../source/types.ts';
import type { Outcome, Rule } from './types.ts';

/** What a namespace-scoped check read besides its own namespace: namespaces, or every namespace ('all'). */
export type Reads = ReadonlySet<string> | 'all';

/** What the runner may reuse in one run over a model (`ReuseStrategy.begin`). */
export interface RunReuse {
  /** The model of one document alone, on which document-scoped rules run. */
  documentModel(doc: ParsedDocument): Model;
  /** The outcomes of the document-scoped rules on a document, kept from an earlier run; undefined when there are none. */
  documentOutcomes(doc: ParsedDocument): readonly Outcome[] | undefined;
  keepDocumentOutcomes(doc: ParsedDocument, outcomes: readonly Outcome[]): void;
  /** The outcomes of a namespace-scoped rule on a namespace, while nothing its check read changed; else undefined. */
  namespaceOutcomes(rule: Rule<any>, namespace: string): readonly Outcome[] | undefined;
  keepNamespaceOutcomes(rule: Rule<any>, namespace: string, outcomes: readonly Outcome[], reads: Reads): void;
}

/** A cache of findings across runs, consulted by the runner (the language server keeps one per workspace). */
export interface ReuseStrategy {
  /** Starts a run over `model`; the answer is valid for that run only. */
  begin(model: Model, rules: readonly Rule<any>[], config: Config): RunReuse;
}

interface KeptNamespace {
  /** The versions of the cluster-scoped objects and of the policy world the check ran under. */
  readonly cluster: object;
  readonly world: object;
  /** The version of each namespace the check read (its own first), or 'all'. */
  readonly reads: readonly (readonly [string, object])[] | 'all';
  readonly outcomes: readonly Outcome[];
}

/** The version of a namespace without objects. */
const NO_OBJECTS = {};

/**
 * Findings kept per document (document-scoped rules) and per namespace and rule (namespace-scoped
 * rules), for a caller that lints a mostly unchanged set of documents again and again. A namespace's
 * version is a token that stays the same object while the namespace's objects do (objects of kinds
 * the model does not read count too: they may create the pods a selector matches). Valid for one
 * config and rule list; another starts afresh.
 */
export class LintCache implements ReuseStrategy {
  private key: { readonly config: Config; readonly rules: readonly Rule<any>[] } | undefined;
  private documents = new WeakMap<ParsedDocument, readonly Outcome[]>();
  private namespaces = new Map<string, { readonly objects: readonly (KubeObject | UnmodelledObject)[]; readonly version: object }>();
  private kept = new Map<Rule<any>, Map<string, KeptNamespace>>();

  /** `models` gives the one-document models the same objects as the run's model. */
  constructor(private readonly models: ModelCache) {}

  begin(model: Model, rules: readonly Rule<any>[], config: Config): RunReuse {
    if (this.key?.config !== config || this.key.rules !== rules) {
      this.key = { config, rules };
      this.documents = new WeakMap();
      this.kept = new Map();
    }
    const grouped = new Map<string, (KubeObject | UnmodelledObject)[]>();
    for (const objects of [model.objects, model.unmodelledObjects]) {
      for (const object of objects) {
        const list = grouped.get(object.namespace);
        if (list) list.push(object);
        else grouped.set(object.namespace, [object]);
      }
    }
    const next = new Map<string, { readonly objects: readonly (KubeObject | UnmodelledObject)[]; readonly version: object }>();
    for (const [namespace, objects] of grouped) {
      const before = this.namespaces.get(namespace);
      next.set(namespace, before && sameElements(before.objects, objects) ? before : { objects, version: {} });
    }
    this.namespaces = next;
    // Results on namespaces that are gone are never asked for again.
    for (const byNamespace of this.kept.values()) for (const namespace of byNamespace.keys()) if (!next.has(namespace)) byNamespace.delete(namespace);
    const versionOf = (namespace: string) => next.get(namespace)?.version ?? NO_OBJECTS;
    const cluster = versionOf('');
    const world = policyWorldOf(model);
    return {
      documentModel: (doc) => buildModel([doc], model.settings, [], this.models),
      documentOutcomes: (doc) => this.documents.get(doc),
      keepDocumentOutcomes: (doc, outcomes) => this.documents.set(doc, outcomes),
      namespaceOutcomes: (rule, namespace) => {
        const kept = this.kept.get(rule)?.get(namespace);
        if (!kept || kept.cluster !== cluster || kept.world !== world || kept.reads === 'all') return undefined;
        for (const [read, version] of kept.reads) if (versionOf(read) !== version) return undefined;
        return kept.outcomes;
      },
      keepNamespaceOutcomes: (rule, namespace, outcomes, reads) => {
        let byNamespace = this.kept.get(rule);
        if (!byNamespace) this.kept.set(rule, (byNamespace = new Map()));
        const versions = reads === 'all' ? reads : [namespace, ...reads].map((read) => [read, versionOf(read)] as const);
        byNamespace.set(namespace, { cluster, world, reads: versions, outcomes });
      },
    };
  }
}

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
