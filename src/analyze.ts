import type { Config } from './config/types.ts';
import { lint, LintCache } from './lint/run.ts';
import type { Diagnostic, Rule } from './lint/types.ts';
import { buildModel, ModelCache } from './model/build.ts';
import type { Model } from './model/types.ts';
import type { SkippedFile } from './source/load.ts';
import { parseSources } from './source/parse.ts';
import type { ParsedDocument, SourceFile } from './source/types.ts';
import type { RunObserver } from './util/observer.ts';
import { rules as allRules } from '../rules/index.ts';

export interface Summary {
  readonly files: number;
  readonly objects: number;
  readonly skipped: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
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
}

/** Parses, models and lints already-read files. Pure: no file system, no process. */
export function analyze(input: AnalyzeInput): Analysis {
  const end = input.observer?.begin('parse');
  const documents = parseSources(input.files);
  end?.();
  return analyzeDocuments({ ...input, documents });
}

/**
 * What is kept between analyses of a mostly unchanged set of documents (the language server re-analyses
 * its workspace on every edit): the model's per-document parts and the findings of document-scoped
 * rules, both by `ParsedDocument`. Results are the same as without it.
 */
export class AnalysisCache {
  readonly model = new ModelCache();
  readonly lint = new LintCache(this.model);
}

export interface AnalyzeDocumentsInput extends AnalyzeInput {
  /** The parsed documents of `files`, in file order; a caller that keeps parses reuses them here. */
  readonly documents: readonly ParsedDocument[];
  readonly cache?: AnalysisCache;
}

/** Models and lints already-parsed documents: `analyze` after the parse, shared by the CLI and the language server. */
export function analyzeDocuments(input: AnalyzeDocumentsInput): Analysis {
  const end = input.observer?.begin('model');
  const model = buildModel(input.documents, input.config.cluster, input.skipped ?? [], input.cache?.model);
  end?.();
  input.observer?.counted('objects', model.objects.length);
  const diagnostics = lint({
    model,
    rules: input.rules ?? allRules,
    ruleIds: allRuleIds(),
    config: input.config,
    ...(input.reportOnly ? { reportOnly: input.reportOnly } : {}),
    ...(input.cache ? { cache: input.cache.lint } : {}),
    ...(input.observer ? { observer: input.observer } : {}),
  });
  return { model, diagnostics, summary: summarize(model, input.files.length, diagnostics) };
}

let ruleIdsOfTool: ReadonlySet<string> | undefined;

/** The id of every rule of the tool, for rules that check ids written in manifests (suppression). */
function allRuleIds(): ReadonlySet<string> {
  return (ruleIdsOfTool ??= new Set(allRules.map((rule) => rule.meta.id)));
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
