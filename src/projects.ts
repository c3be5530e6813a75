/**
 * Monorepos of independent applications: the files of one run split into projects, each analysed as
 * a model of its own (`--split-dirs DEPTH`, or `projects:` in the config), so that unrelated examples
 * in the same namespace do not match one another; their findings form one report. Pure: the caller
 * reads the files and says where each project's directory is.
 */
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { minimatch } from 'minimatch';
import { analyze, analyzeDocuments, skippedKinds, type Analysis, type ProjectSummary, type SkippedCount, type Summary } from './analyze.ts';
import type { Config } from './config/types.ts';
import { lint, sortDiagnostics } from './lint/run.ts';
import type { Diagnostic, Rule } from './lint/types.ts';
import type { Model } from './model/types.ts';
import { evaluateAssertions, type AssertionResult } from './semantics/assertions.ts';
import { caveatsOf } from './semantics/blind-spots.ts';
import type { SkippedFile } from './source/load.ts';
import type { ParseStore } from './source/parse-cache.ts';
import type { ParsedDocument, SourceFile } from './source/types.ts';
import { mergeVariants } from './lint/variants.ts';
import { rules as allRules } from '../rules/index.ts';

/** The files of one project: `path` is its directory as shown (relative to the working directory, `.` for it). */
export interface ProjectInput {
  readonly path: string;
  readonly files: readonly SourceFile[];
  readonly skipped: readonly SkippedFile[];
  /**
   * Already-parsed documents to model instead of parsing `files`: a rendered kustomization or chart
   * (src/source/rendered.ts), whose `files` are then the source files it read, for the counts.
   */
  readonly documents?: readonly ParsedDocument[];
  /**
   * Set for one rendering of shared sources (a kustomize overlay, a chart's values file): findings
   * at the same place in several of them are reported once, naming them (src/lint/variants.ts).
   */
  readonly variant?: string;
}

// Defined beside the run's Summary that lists them.
export type { ProjectSummary } from './analyze.ts';

/** What a split run produced: the findings of every project, the projects' models, and each assertion's result across them. */
export interface ProjectsAnalysis {
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: Summary;
  readonly models: readonly Model[];
  readonly assertionResults: readonly AssertionResult[];
}

const ASSERTION_RULE = 'reachability-assertion';

/**
 * Analyses each project as its own model and joins the findings, sorted as one run's. `reportFiles`
 * counts the reported files (without `--context` files) for the summary. An assertion of the config
 * is checked in the projects whose model resolves both its endpoints: it fails when it fails in one
 * of them, and cannot be checked when none resolves it (reported once, as in the first project).
 */
export function analyzeProjects(input: {
  readonly projects: readonly ProjectInput[];
  readonly config: Config;
  readonly reportOnly?: ReadonlySet<string>;
  readonly reportFiles?: (project: ProjectInput) => number;
  readonly rules?: readonly Rule<any>[];
  /** What the projects with `variant` are, in the plural, for the notes of merged findings: `overlays`, `values files`. */
  readonly variantNoun?: string;
  /** Parses kept from earlier runs (`--cache`), for the projects' files. */
  readonly parses?: ParseStore;
}): ProjectsAnalysis {
  const rules = input.rules ?? allRules;
  const assertionRule = rules.find((rule) => rule.meta.id === ASSERTION_RULE);
  const perProject = input.projects.map((project) => {
    const common = {
      files: project.files,
      skipped: project.skipped,
      config: input.config,
      rules: rules.filter((rule) => rule !== assertionRule),
      ...(input.reportOnly ? { reportOnly: input.reportOnly } : {}),
      ...(input.parses ? { parses: input.parses } : {}),
    };
    const analysis = project.documents ? analyzeDocuments({ ...common, documents: project.documents }) : analyze(common);
    return { project, analysis };
  });
  const models = perProject.map(({ analysis }) => analysis.model);
  const variants = perProject.filter(({ project }) => project.variant !== undefined);
  const merged = mergeVariants(variants.map(({ project, analysis }) => ({ name: project.variant!, diagnostics: analysis.diagnostics })), input.variantNoun ?? 'variants');
  const diagnostics: Diagnostic[] = [...perProject.filter(({ project }) => project.variant === undefined).flatMap(({ analysis }) => analysis.diagnostics), ...merged.map((m) => m.diagnostic)];
  // A merged finding counts in each variant that has it.
  const inVariants = new Map(merged.map((m) => [m.diagnostic, m.variants]));
  const assertionResults: AssertionResult[] = [];
  const assertionProject = new Map<Diagnostic, Analysis>();
  input.config.assertions.forEach((assertion, i) => {
    const across = perProject.map(({ analysis }) => ({ analysis, result: evaluateAssertions(analysis.model, input.config)[i]! }));
    // An endpoint that matches nothing in a project says the assertion is about another one.
    const applicable = across.filter(({ result }) => !(result.status === 'error' && (result.field === 'from' || result.field === 'to')));
    const chosen =
      applicable.find(({ result }) => result.status === 'fail') ?? applicable.find(({ result }) => result.status === 'error') ?? applicable[0] ?? across[0];
    if (!chosen) return;
    assertionResults.push(chosen.result);
    // The finding, as the rule reports it on that project's model (its related locations and caveats).
    if (assertionRule && chosen.result.status !== 'pass') {
      const only: Config = { ...input.config, assertions: [assertion] };
      for (const found of lint({ model: chosen.analysis.model, rules: [assertionRule], config: only, ...(input.reportOnly ? { reportOnly: input.reportOnly } : {}) })) {
        diagnostics.push(found);
        assertionProject.set(found, chosen.analysis);
      }
    }
  });
  const sorted = sortDiagnostics(diagnostics);
  // A project's counts include the assertion findings checked in it.
  const projectSummaries = perProject.map(({ project, analysis }): ProjectSummary => {
    const own = sorted.filter((d) => analysis.diagnostics.includes(d) || (project.variant !== undefined && inVariants.get(d)?.includes(project.variant)) || (d.ruleId === ASSERTION_RULE && assertionProject.get(d) === analysis));
    const files = input.reportFiles ? input.reportFiles(project) : project.files.length;
    return { path: project.path, files, objects: analysis.summary.objects, skipped: analysis.summary.skipped, ...severityCounts(own) };
  });
  const counts = severityCounts(sorted);
  const summary: Summary = {
    files: projectSummaries.reduce((n, p) => n + p.files, 0),
    objects: projectSummaries.reduce((n, p) => n + p.objects, 0),
    skipped: projectSummaries.reduce((n, p) => n + p.skipped, 0),
    errors: counts.errors,
    warnings: counts.warnings,
    infos: counts.infos,
    config: input.config.source?.file.path ?? null,
    skippedKinds: mergeSkipped(models.map(skippedKinds)),
    caveats: caveatsOf(...models),
    projects: projectSummaries,
  };
  return { diagnostics: sorted, summary, models, assertionResults };
}

function severityCounts(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number; infos: number } {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) counts[d.severity === 'error' ? 'errors' : d.severity === 'warning' ? 'warnings' : 'infos']++;
  return counts;
}

function mergeSkipped(lists: readonly (readonly SkippedCount[])[]): SkippedCount[] {
  const byWhat = new Map<string, SkippedCount>();
  for (const list of lists) for (const item of list) byWhat.set(item.what, { ...item, count: (byWhat.get(item.what)?.count ?? 0) + item.count });
  return [...byWhat.values()].sort((a, b) => b.count - a.count || (a.what < b.what ? -1 : a.what > b.what ? 1 : 0));
}

/** How a run is split: by directories `depth` levels below `base`, or by the directories `patterns` (relative to `base`) match. */
export type SplitRule =
  | { readonly kind: 'depth'; readonly base: string; readonly depth: number }
  | { readonly kind: 'patterns'; readonly base: string; readonly patterns: readonly string[] };

/**
 * The project directory (absolute) of a file (absolute path): with `depth`, its ancestor `depth`
 * levels below `base`, or `base` for a file above that depth; with `patterns`, the deepest of its
 * directories inside `base` that a pattern matches (a directory, or a glob such as `apps/*`), or
 * `base` for a file under none. Standard input and files outside `base` are in `base`'s project.
 */
export function projectOf(absPath: string, rule: SplitRule): string {
  const rel = relative(rule.base, dirname(absPath));
  if (absPath.startsWith('<') || rel.startsWith('..') || isAbsolute(rel)) return rule.base;
  const parts = rel === '' ? [] : rel.split(sep);
  if (rule.kind === 'depth') return parts.length >= rule.depth ? join(rule.base, ...parts.slice(0, rule.depth)) : rule.base;
  const patterns = rule.patterns.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, ''));
  for (let n = parts.length; n > 0; n--) {
    const dir = parts.slice(0, n).join('/');
    if (patterns.some((pattern) => minimatch(dir, pattern, { dot: true }))) return join(rule.base, ...parts.slice(0, n));
  }
  return rule.base;
}

/** Groups files (and skipped files) into projects by `projectOf`, named as `display` shows a directory, sorted by name. */
export function splitIntoProjects(files: readonly SourceFile[], skipped: readonly SkippedFile[], rule: SplitRule, display: (absDir: string) => string): ProjectInput[] {
  const byDir = new Map<string, { files: SourceFile[]; skipped: SkippedFile[] }>();
  const at = (absPath: string) => {
    const dir = projectOf(absPath, rule);
    let entry = byDir.get(dir);
    if (!entry) byDir.set(dir, (entry = { files: [], skipped: [] }));
    return entry;
  };
  for (const file of files) at(file.absPath).files.push(file);
  for (const file of skipped) at(file.absPath).skipped.push(file);
  return [...byDir.entries()]
    .map(([dir, entry]) => ({ path: display(dir), ...entry }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
