import type { Config } from './config/types.ts';
import { lint } from './lint/run.ts';
import type { Diagnostic, Rule } from './lint/types.ts';
import { buildModel } from './model/build.ts';
import type { Model } from './model/types.ts';
import type { SkippedFile } from './source/load.ts';
import { parseSources } from './source/parse.ts';
import type { SourceFile } from './source/types.ts';
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
}

/** Parses, models and lints already-read files. Pure: no file system, no process. */
export function analyze(input: AnalyzeInput): Analysis {
  const documents = parseSources(input.files);
  const model = buildModel(documents, input.config.cluster, input.skipped ?? []);
  const diagnostics = lint({
    model,
    rules: input.rules ?? allRules,
    config: input.config,
    ...(input.reportOnly ? { reportOnly: input.reportOnly } : {}),
  });
  return { model, diagnostics, summary: summarize(model, input.files.length, diagnostics) };
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
