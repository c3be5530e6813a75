import type { Config, RuleSetting } from '../config/types.ts';
import type { KubeObject, Model } from '../model/types.ts';
import { unevaluatedPolicyNote } from '../semantics/blind-spots.ts';
import { widenedPolicyNote } from '../semantics/unknown-fields.ts';
import { policyEngineOf } from '../semantics/policy.ts';
import { relationsOf, type Relations } from '../semantics/relations.ts';
import { positionAt } from '../source/text.ts';
import type { SourceFile } from '../source/types.ts';
import { compareStrings } from '../util/compare.ts';
import type { RunObserver } from '../util/observer.ts';
import type { Reads, ReuseStrategy } from './incremental.ts';
import { locateTarget } from '../model/locate.ts';
import { namespaceViews, TrackedRelations, type ReadRecorder } from './namespace.ts';
import { isRenderedStream, onRealFile } from '../source/rendered.ts';
import { Suppressions } from './suppress.ts';
import type { Diagnostic, NamespaceContext, NamespaceView, Outcome, RelatedLocation, Report, Rule, RuleContext, Severity } from './types.ts';

export { LintCache } from './incremental.ts';

export interface LintInput {
  readonly model: Model;
  readonly rules: readonly Rule<any>[];
  readonly config: Config;
  /** Files to leave out of the report (e.g. pre-commit's unstaged files), by display path. */
  readonly reportOnly?: ReadonlySet<string>;
  /** Findings kept from earlier runs over mostly the same documents (the editor), which the runner asks what it may reuse. */
  readonly cache?: ReuseStrategy;
  /** The id of every rule of the tool (`RuleContext.ruleIds`); the ids of `rules` when not given. */
  readonly ruleIds?: ReadonlySet<string>;
  /** Told when each rule starts and ends (progress, `--timing`). */
  readonly observer?: RunObserver;
}

/** Fills `{{name}}` placeholders; a placeholder without data is left visible so tests catch it. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (data && name in data ? shortened(String(data[name])) : whole));
}

/** Values longer than this are cut in messages: a 50,000-character selector from a hostile file must not fill the output. */
export const MAX_MESSAGE_VALUE = 1000;

/** A value as a message quotes it: whole up to `MAX_MESSAGE_VALUE` characters, else its start and end around the count left out. */
function shortened(value: string): string {
  if (value.length <= MAX_MESSAGE_VALUE) return value;
  // Cut between UTF-16 code units of a surrogate pair would leave half a character: step back one.
  const cut = (at: number) => (/[\uD800-\uDBFF]/.test(value[at - 1] ?? '') ? at - 1 : at);
  const head = cut(800);
  const tail = cut(value.length - 100);
  return `${value.slice(0, head)}... (${tail - head} characters left out) ...${value.slice(tail)}`;
}

/** The effective severity of a rule after the config, or 'off'. */
export function effectiveSeverity(rule: Rule<any>, setting: RuleSetting | undefined): Severity | 'off' {
  if (setting === undefined) return rule.meta.severity;
  if (typeof setting === 'string') return setting;
  return setting.severity ?? rule.meta.severity;
}

function ruleOptions(rule: Rule<any>, setting: RuleSetting | undefined): Record<string, unknown> {
  const configured = typeof setting === 'object' ? setting.options ?? {} : {};
  return { ...(rule.defaultOptions ?? {}), ...configured };
}

interface Sink {
  report(rule: Rule<any>, report: Report, current: KubeObject | undefined): void;
  crash(rule: Rule<any>, error: unknown, object: KubeObject | undefined): void;
}

function runsByDocument(rule: Rule<any>, config: Config): boolean {
  return rule.meta.scope === 'document' && effectiveSeverity(rule, config.rules[rule.meta.id]) !== 'off';
}

function templateOf(rule: Rule<any>, messageId: string): string {
  const template = rule.meta.messages[messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId "${messageId}"`);
  return template;
}

/** Runs every enabled rule over the model and returns sorted, suppression-filtered diagnostics. */
export function lint(input: LintInput): Diagnostic[] {
  const { model, config } = input;
  const relations = relationsOf(model);
  const suppressions = new Suppressions(model, config.exemptions);
  const diagnostics: Diagnostic[] = [];
  const severities = new Map<Rule<any>, Severity>();
  const ruleIds = input.ruleIds ?? new Set(input.rules.map((rule) => rule.meta.id));
  for (const rule of input.rules) {
    const severity = effectiveSeverity(rule, config.rules[rule.meta.id]);
    if (severity !== 'off') severities.set(rule, severity);
  }

  const sink: Sink = {
    report(rule, report, current) {
      const template = templateOf(rule, report.messageId);
      const found = locateTarget(report.at);
      const object = 'object' in report.at ? report.at.object : current;
      if (input.reportOnly && !input.reportOnly.has(found.file.path)) return;
      // Directives in a rendered stream (comments helm keeps) apply at their line there.
      if (suppressions.isSuppressed(rule.meta.id, found.file, positionAt(found.file, found.span.start).line, object)) return;
      // A place in a rendered stream is shown on a real file (the kustomization, the chart), so every format points at one.
      const { file, span, note } = onRealFile(found);
      const doubt = unevaluatedDoubt(rule, report, object, model);
      if (doubt?.cap === 'drop') return;
      const related: RelatedLocation[] = (report.related ?? []).map((r) => {
        const place = onRealFile(locateTarget(r.at));
        return { file: place.file, span: place.span, message: place.note ? `${r.message} (${place.note})` : r.message };
      });
      diagnostics.push({
        ruleId: rule.meta.id,
        messageId: report.messageId,
        severity: atMost(atMost(severities.get(rule)!, report.severity), doubt?.cap),
        // A place in a rendered stream (no source file known for it) says which tool rendered it.
        message: [formatMessage(template, report.data), ...(doubt ? [` (${doubt.note})`] : []), ...(note ? [` (${note})`] : [])].join(''),
        file,
        span,
        ...(object ? { object: { kind: object.kind, namespace: object.namespace, name: object.name } } : {}),
        ...('path' in report.at && report.at.path ? { path: report.at.path } : {}),
        ...(report.data ? { data: report.data } : {}),
        related,
        // A fix that edits a rendered stream (src/source/rendered.ts) edits no file: leave it out.
        ...(report.fix && report.fix.edits.every((edit) => !isRenderedStream(edit.file)) ? { fix: report.fix } : {}),
      });
    },
    crash(rule, error, object) {
      const reason = error instanceof Error ? error.message : String(error);
      const at = object ? { object, path: ['metadata', 'name'] } : { file: firstFile(model), span: { start: 0, end: 0 } };
      const { file, span } = locateTarget(at);
      diagnostics.push({
        ruleId: rule.meta.id,
        messageId: 'internal-error',
        severity: 'error',
        message: `internal error in this rule, the object was not fully checked: ${reason}`,
        file,
        span,
        ...(object ? { object: { kind: object.kind, namespace: object.namespace, name: object.name } } : {}),
        related: [],
      });
    },
  };
  const replay = (outcomes: readonly Outcome[]) => {
    for (const outcome of outcomes) {
      if ('report' in outcome) sink.report(outcome.rule, outcome.report, outcome.current);
      else sink.crash(outcome.rule, outcome.error, outcome.object);
    }
  };

  const reuse = input.cache?.begin(model, input.rules, config);
  input.observer?.counted('rules', severities.size);
  for (const rule of severities.keys()) {
    // With a cache, document-scoped rules run per document below.
    if (reuse && runsByDocument(rule, config)) continue;
    const end = input.observer?.begin(`rule ${rule.meta.id}`);
    if (rule.checkNamespace) {
      for (const view of namespaceViews(model).values()) {
        const kept = reuse?.namespaceOutcomes(rule, view.name);
        if (kept) {
          replay(kept);
          continue;
        }
        if (!reuse) {
          runNamespaceRule(rule, view, model, relations, config, ruleIds, sink, NO_RECORDER);
          continue;
        }
        const recorded = record((into, reads) => runNamespaceRule(rule, view, model, relations, config, ruleIds, into, reads));
        reuse.keepNamespaceOutcomes(rule, view.name, recorded.outcomes, recorded.reads);
        replay(recorded.outcomes);
      }
    } else {
      runModelRule(rule, model, relations, config, ruleIds, sink);
    }
    end?.();
  }
  if (reuse) {
    const scoped = input.rules.filter((rule) => runsByDocument(rule, config));
    for (const doc of model.documents) {
      let outcomes = reuse.documentOutcomes(doc);
      if (!outcomes) {
        // The rules see a model of this document alone: whatever they report belongs to this document.
        const own = reuse.documentModel(doc);
        const ownRelations = relationsOf(own);
        outcomes = record((into) => {
          for (const rule of scoped) if (!rule.checkNamespace) runModelRule(rule, own, ownRelations, config, ruleIds, into);
        }).outcomes;
        reuse.keepDocumentOutcomes(doc, outcomes);
      }
      replay(outcomes);
    }
  }
  return sortDiagnostics(withoutSuperseded(diagnostics, input.rules));
}

/**
 * Drops the findings of rules that yield to errors (`RuleMeta.yieldsToErrors`) where another rule has an error at the same range.
 *
 * Why this is not `RuleMeta.unevaluatedPolicies` (the other softening, in `unevaluatedDoubt`): that one
 * weakens a finding because of what the tool cannot see (policy objects it does not evaluate), and
 * keeps it, capped and annotated, as the user must still hear of it; this one removes a finding that
 * is fully certain but redundant, because another rule already reports the same written value as an
 * error. One caps by doubt about the cluster, the other deduplicates between rules: merging them would
 * either hide doubtful findings or annotate duplicates.
 */
function withoutSuperseded(diagnostics: Diagnostic[], rules: readonly Rule<any>[]): Diagnostic[] {
  const yielding = new Set(rules.filter((rule) => rule.meta.yieldsToErrors).map((rule) => rule.meta.id));
  if (yielding.size === 0 || !diagnostics.some((d) => yielding.has(d.ruleId))) return diagnostics;
  const errors = new Set(diagnostics.filter((d) => d.severity === 'error' && !yielding.has(d.ruleId)).map((d) => `${d.file.path}\0${d.span.start}\0${d.span.end}`));
  return diagnostics.filter((d) => !yielding.has(d.ruleId) || !errors.has(`${d.file.path}\0${d.span.start}\0${d.span.end}`));
}

/** The parts of a rule context every rule gets: options, config, reporting, and `each`, which turns an exception into a crash on the object being checked. */
function baseContext(rule: Rule<any>, config: Config, ruleIds: ReadonlySet<string>, sink: Sink) {
  let current: KubeObject | undefined;
  return {
    config,
    options: ruleOptions(rule, config.rules[rule.meta.id]),
    ruleIds,
    report: (report: Report) => sink.report(rule, report, current),
    each<T extends { readonly object: KubeObject } | KubeObject>(list: readonly T[], check: (item: T) => void): void {
      for (const item of list) {
        const object = 'object' in item ? item.object : (item as KubeObject);
        // Nested calls restore the outer object once the inner check ends.
        const outer = current;
        current = object;
        try {
          check(item);
        } catch (error) {
          sink.crash(rule, error, object);
        } finally {
          current = outer;
        }
      }
    },
    /** The object being checked, for a crash outside `each`'s own handling. */
    current: () => current,
  };
}

/** Runs a rule over the whole model; an exception becomes a crash on the object being checked. */
function runModelRule(rule: Rule<any>, model: Model, relations: Relations, config: Config, ruleIds: ReadonlySet<string>, sink: Sink): void {
  if (rule.checkNamespace) return;
  const { current, ...base } = baseContext(rule, config, ruleIds, sink);
  const context: RuleContext<Record<string, unknown>> = { ...base, model, relations };
  try {
    rule.check(context);
  } catch (error) {
    sink.crash(rule, error, current());
  }
}

/** Runs a namespace-scoped rule on one namespace, telling `reads` what else its check read. */
function runNamespaceRule(rule: Rule<any>, namespace: NamespaceView, model: Model, relations: Relations, config: Config, ruleIds: ReadonlySet<string>, sink: Sink, reads: ReadRecorder): void {
  if (!rule.checkNamespace) return;
  const { current, ...base } = baseContext(rule, config, ruleIds, sink);
  const context: NamespaceContext<Record<string, unknown>> = {
    ...base,
    namespace,
    relations: new TrackedRelations(relations, model, reads),
    // Compiled by the first rule that evaluates policies, not by the first namespace rule: a rule that
    // never asks (service-selector-orphan) neither waits for it nor has it counted in its --timing.
    get policies() {
      return policyEngineOf(model);
    },
    settings: model.settings,
  };
  try {
    rule.checkNamespace(context);
  } catch (error) {
    sink.crash(rule, error, current());
  }
}

const NO_RECORDER: ReadRecorder = () => {};

/** Runs checks with their findings collected rather than reported, and the namespaces they read. */
function record(run: (into: Sink, reads: ReadRecorder) => void): { outcomes: Outcome[]; reads: Reads } {
  const outcomes: Outcome[] = [];
  let reads: Set<string> | 'all' = new Set();
  run(
    {
      report(rule, report, current) {
        templateOf(rule, report.messageId); // an unknown id fails now, in the rule, as it does uncached
        outcomes.push({ rule, report, current });
      },
      crash: (rule, error, object) => outcomes.push({ rule, error, object }),
    },
    (namespace) => {
      if (namespace === undefined) reads = 'all';
      else if (reads !== 'all') reads.add(namespace);
    },
  );
  return { outcomes, reads };
}

function firstFile(model: Model): SourceFile {
  return model.documents[0]?.file ?? { path: '<input>', absPath: '<input>', text: '' };
}

/**
 * How a finding of a rule that judges traffic is weakened (`RuleMeta.unevaluatedPolicies`) when
 * policy objects the engine does not evaluate may apply to the pods of its namespace.
 */
function unevaluatedDoubt(rule: Rule<any>, report: Report, object: KubeObject | undefined, model: Model): { readonly cap: 'warning' | 'info' | 'drop'; readonly note: string } | undefined {
  const effects = rule.meta.unevaluatedPolicies;
  const cap = effects?.[report.messageId] ?? effects?.['*'];
  // The verdict's own doubt (a peer not evaluated) is never dropped: the user must hear what was not evaluated.
  const own = report.doubt === undefined ? undefined : { cap: cap === undefined || cap === 'drop' ? ('warning' as const) : cap, note: report.doubt };
  if (!cap) return own;
  // A Namespace object is cluster-scoped: the namespace it is about is its name.
  const namespace = object ? (object.kind === 'Namespace' ? object.name : object.namespace) : undefined;
  // A policy read without an unknown field that widens it was evaluated as a client that only warns stores
  // it: the verdict rests on that reading, so it is a warning that says so (never dropped: it was evaluated).
  const widened = widenedPolicyNote(model.objects, namespace);
  const withWidened = (doubt: { readonly cap: 'warning' | 'info' | 'drop'; readonly note: string } | undefined) =>
    widened === undefined ? doubt : doubt ? { cap: doubt.cap === 'info' ? ('info' as const) : doubt.cap, note: `${doubt.note}; ${widened}` } : { cap: cap === 'info' ? ('info' as const) : ('warning' as const), note: widened };
  if (model.unmodelledObjects.length === 0) return withWidened(own);
  const engine = policyEngineOf(model);
  const note = unevaluatedPolicyNote(namespace === undefined ? engine.world.unevaluated : engine.unevaluatedPolicies(namespace));
  if (note === undefined) return withWidened(own);
  return withWidened(own ? { cap: own.cap, note: `${own.note}; ${note}` } : { cap, note });
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The less severe of a rule's effective severity and a report's cap (`Report.severity`); an unknown cap changes nothing. */
function atMost(severity: Severity, cap: Severity | undefined): Severity {
  return cap !== undefined && SEVERITY_ORDER[cap] > SEVERITY_ORDER[severity] ? cap : severity;
}

/** Sorts by file, position, rule and message, so output never depends on input order. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      compareStrings(a.file.path, b.file.path) ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      compareStrings(a.ruleId, b.ruleId) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compareStrings(a.message, b.message),
  );
}
