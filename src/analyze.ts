import type { Config } from './config/types.ts';
import { lint, LintCache } from './lint/run.ts';
import { PersistentReuse, type StoredResults } from './lint/persistent.ts';
import type { Diagnostic, Rule } from './lint/types.ts';
import { buildModel, ModelCache } from './model/build.ts';
import type { Model } from './model/types.ts';
import type { SkippedFile } from './source/load.ts';
import { caveatsOf, kindLabel, type Caveat } from './semantics/blind-spots.ts';
import { PolicyWorlds, usePolicyWorlds } from './semantics/policy.ts';
import { directivesOf } from './lint/suppress.ts';
import { releaseText } from './source/disk-file.ts';
import { parseSources, SpanCache } from './source/parse.ts';
import { parseSourcesWith, type ParseStore } from './source/parse-cache.ts';
import type { ParsedDocument, SourceFile } from './source/types.ts';
import type { RunObserver } from './util/observer.ts';
import { rules as allRules } from '../rules/index.ts';

/** A project's counts, as `summary.projects` of the JSON report lists them. */
export interface ProjectSummary {
  readonly path: string;
  readonly files: number;
  readonly objects: number;
  readonly skipped: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export interface Summary {
  readonly files: number;
  readonly objects: number;
  readonly skipped: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** The config file that applied, as its path is shown (relative to the working directory); null for none, absent when not known. */
  readonly config?: string | null;
  /** What `skipped` counts, by kind of object (`Kind (group)`) or of input, most first. */
  readonly skippedKinds?: readonly SkippedCount[];
  /** Kinds in the tree that decide traffic but that the engine does not model (blind-spots.ts). */
  readonly caveats?: readonly Caveat[];
  /** The projects of a split run (`--split-dirs`, `projects:`), each analysed as a model of its own, with their counts. */
  readonly projects?: readonly ProjectSummary[];
}

/** How many skipped objects or inputs of one kind a run had. */
export interface SkippedCount {
  /** `CiliumNetworkPolicy (cilium.io)`, or (`isKind` false) a sort of input in the singular: `non-Kubernetes document`, ... */
  readonly what: string;
  readonly isKind: boolean;
  readonly count: number;
}

/** The result of one run: the model (for reachability and the editor) and its findings. */
export interface Analysis {
  readonly model: Model;
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: Summary;
}

export interface AnalyzeInput {
  readonly files: readonly SourceFile[];
  readonly skipped?: readonly SkippedFile[];
  readonly config: Config;
  readonly rules?: readonly Rule<any>[];
  /** Only findings in these files (display paths) are reported; the model still holds every file. */
  readonly reportOnly?: ReadonlySet<string>;
  /** Told of each phase (parse, model, each rule) as it starts and ends: progress and `--timing`. */
  readonly observer?: RunObserver;
  /** Parses kept from earlier runs (`--cache`), by path and content hash: reused, and this run's added. */
  readonly parses?: ParseStore;
  /** Rule results kept from earlier runs (`--cache`), by content fingerprints: reused where still valid, and this run's handed back. */
  readonly results?: ResultStore;
}

/** Where a run's rule results are kept between processes (src/lint/persistent.ts says how they are keyed). */
export interface ResultStore {
  readonly kept: StoredResults | undefined;
  /** `changed`: whether they differ from `kept` (nothing to write when they do not). */
  keep(results: StoredResults, changed: boolean): void;
}

/**
 * Parses, models and lints already-read files. Pure: no process, and no file system of its own (a
 * file read from disk may read its text again, source/disk-file.ts).
 */
export function analyze(input: AnalyzeInput): Analysis {
  const end = input.observer?.begin('parse');
  const documents = input.parses ? parseSourcesWith(input.files, input.parses) : parseSources(input.files);
  // Past the parse, a text is read only where a finding lands, and for the suppression comments, which
  // are read now: the texts of files that can read theirs again are let go (issue 14).
  for (const file of input.files) {
    directivesOf(file);
    releaseText(file);
  }
  end?.();
  return analyzeDocuments({ ...input, documents });
}

/** What a `Program` holds, for the language server's status and `--timing`-style reports. */
export interface ProgramSizes {
  /** Files whose source maps are cached, and the bytes of those maps. */
  readonly spanFiles: number;
  readonly spanBytes: number;
  /** Policy worlds kept for the next models (at most a few). */
  readonly policyWorlds: number;
}

/**
 * The analysis context of a mostly unchanged set of documents analysed again and again (as in the
 * TypeScript compiler): one per language-server workspace, dropped with it. It owns every cache that
 * outlives one analysis, so that the server's memory is what its programs hold and nothing else:
 * the model's per-document parts and the findings of document-scoped rules (by `ParsedDocument`,
 * weakly: they go with the documents), the source maps of recently located files (bounded, `SpanCache`)
 * and the policy worlds of the latest models (bounded, `PolicyWorlds`). Results are the same as without it.
 */
export class Program {
  readonly model = new ModelCache();
  readonly lint = new LintCache(this.model);
  /** Give it to `parseSources` for the documents analysed with this program. */
  readonly spans = new SpanCache();
  readonly policyWorlds = new PolicyWorlds();

  sizes(): ProgramSizes {
    const spans = this.spans.size;
    return { spanFiles: spans.files, spanBytes: spans.bytes, policyWorlds: this.policyWorlds.size };
  }

  /**
   * Drops what belongs to files no longer analysed (the caches by document go with the documents);
   * with no file left, the policy worlds too.
   */
  retainFiles(files: Iterable<SourceFile>): void {
    const kept = new Set(files);
    this.spans.retain(kept);
    if (kept.size === 0) this.policyWorlds.clear();
  }

  /** Drops the bounded caches (the weak ones go with their documents). */
  clear(): void {
    this.spans.clear();
    this.policyWorlds.clear();
  }
}

/** The name `Program` had before it owned every cache; kept for callers and tests. */
export const AnalysisCache = Program;
export type AnalysisCache = Program;

export interface AnalyzeDocumentsInput extends AnalyzeInput {
  /** The parsed documents of `files`, in file order; a caller that keeps parses reuses them here. */
  readonly documents: readonly ParsedDocument[];
  /** The analysis context to reuse earlier work from (the language server's per workspace). */
  readonly cache?: Program;
}

/** Models and lints already-parsed documents: `analyze` after the parse, shared by the CLI and the language server. */
export function analyzeDocuments(input: AnalyzeDocumentsInput): Analysis {
  const end = input.observer?.begin('model');
  // Kept results name objects by content, and one-document models must share the run's objects: a ModelCache for the run.
  const models = input.cache?.model ?? (input.results ? new ModelCache() : undefined);
  const model = buildModel(input.documents, input.config.cluster, input.skipped ?? [], models);
  const persistent = input.results && !input.cache && models ? new PersistentReuse(models, input.results.kept) : undefined;
  if (input.cache) usePolicyWorlds(model, input.cache.policyWorlds);
  end?.();
  input.observer?.counted('objects', model.objects.length);
  const diagnostics = lint({
    model,
    rules: input.rules ?? allRules,
    ruleIds: allRuleIds(),
    config: input.config,
    ...(input.reportOnly ? { reportOnly: input.reportOnly } : {}),
    ...(input.cache ? { cache: input.cache.lint } : persistent ? { cache: persistent } : {}),
    ...(input.observer ? { observer: input.observer } : {}),
  });
  const results = persistent?.results();
  if (results) input.results!.keep(results, persistent!.changed());
  const summary = { ...summarize(model, input.files.length, diagnostics), config: input.config.source?.file.path ?? null, skippedKinds: skippedKinds(model), caveats: caveatsOf(model) };
  return { model, diagnostics, summary };
}

let ruleIdsOfTool: ReadonlySet<string> | undefined;

/** The id of every rule of the tool, for rules that check ids written in manifests (suppression). */
function allRuleIds(): ReadonlySet<string> {
  return (ruleIdsOfTool ??= new Set(allRules.map((rule) => rule.meta.id)));
}

/** What the summary's `skipped` counts, by kind, most first (then by name). */
export function skippedKinds(model: Model): SkippedCount[] {
  const counts = new Map<string, SkippedCount>();
  const add = (what: string, isKind: boolean, count = 1) => {
    if (count > 0) counts.set(what, { what, isKind, count: (counts.get(what)?.count ?? 0) + count });
  };
  for (const object of model.unmodelledObjects) add(kindLabel(object), true);
  // Objects written without kind or apiVersion: the schema rule reports each. (A built-in kind written
  // in another case, `kindAs`, is an unmodelled object too, counted above by its kind.)
  add('incomplete object', false, model.incompleteObjects.filter((o) => o.kindAs === undefined).length);
  add('non-Kubernetes document', false, model.nonKubernetesDocuments);
  const renderFailed = model.skippedFiles.filter((f) => f.renderFailed).length;
  add('unreadable file', false, model.skippedFiles.length - renderFailed);
  add('unrendered input', false, renderFailed);
  return [...counts.values()].sort((a, b) => b.count - a.count || (a.what < b.what ? -1 : a.what > b.what ? 1 : 0));
}

/** Counts for the summary line and the JSON contract. */
export function summarize(model: Model, files: number, diagnostics: readonly Diagnostic[]): Summary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return {
    files,
    objects: model.objects.length,
    // Unmodelled kinds, documents that are not Kubernetes objects (a Helm values.yaml), unreadable files.
    skipped: model.skippedObjects + model.nonKubernetesDocuments + model.skippedFiles.length,
    errors,
    warnings,
    infos,
  };
}
