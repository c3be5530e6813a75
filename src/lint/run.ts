import type { Config, RuleSetting } from '../config/types.ts';
import { buildModel, type ModelCache } from '../model/build.ts';
import type { KubeObject, Model, UnmodelledObject } from '../model/types.ts';
import { unevaluatedPolicyNote } from '../semantics/blind-spots.ts';
import { policyEngineOf, policyWorldOf } from '../semantics/policy.ts';
import { relationsOf, type Relations } from '../semantics/relations.ts';
import { positionAt } from '../source/text.ts';
import type { ParsedDocument, SourceFile } from '../source/types.ts';
import { compareStrings } from '../util/compare.ts';
import type { RunObserver } from '../util/observer.ts';
import { locateTarget } from '../model/locate.ts';
import { Suppressions } from './suppress.ts';
import type { Diagnostic, RelatedLocation, Report, Rule, RuleContext, Severity } from './types.ts';

export interface LintInput {
  readonly model: Model;
  readonly rules: readonly Rule<any>[];
  readonly config: Config;
  /** Files to leave out of the report (e.g. pre-commit's unstaged files), by display path. */
  readonly reportOnly?: ReadonlySet<string>;
  /** Findings of document-scoped rules kept from earlier runs over the same documents (the editor). */
  readonly cache?: LintCache;
  /** The id of every rule of the tool (`RuleContext.ruleIds`); the ids of `rules` when not given. */
  readonly ruleIds?: ReadonlySet<string>;
  /** Told when each rule starts and ends (progress, `--timing`). */
  readonly observer?: RunObserver;
}

/** Fills `{{name}}` placeholders; a placeholder without data is left visible so tests catch it. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (data && name in data ? String(data[name]) : whole));
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

/** What one rule run produced, before severity, suppression and location are applied. */
type Outcome =
  | { readonly rule: Rule<any>; readonly report: Report; readonly current: KubeObject | undefined }
  | { readonly rule: Rule<any>; readonly error: unknown; readonly object: KubeObject | undefined };

interface Sink {
  report(rule: Rule<any>, report: Report, current: KubeObject | undefined): void;
  crash(rule: Rule<any>, error: unknown, object: KubeObject | undefined): void;
}

/**
 * The findings of rules with `scope: 'document'`, per document, for a caller that lints a mostly
 * unchanged set of documents again and again (the language server): such a rule runs only on
 * documents it has not seen. Valid for one config and rule list; another starts afresh.
 */
export class LintCache {
  private key: { readonly config: Config; readonly rules: readonly Rule<any>[] } | undefined;
  private outcomes = new WeakMap<ParsedDocument, readonly Outcome[]>();

  /**
   * Objects per namespace ('' for cluster-scoped ones) at the last run, with a token that changes when
   * they do; objects of unmodelled kinds count too (they may create the pods a selector matches).
   */
  private namespaceObjects = new Map<string, { readonly objects: readonly (KubeObject | UnmodelledObject)[]; readonly version: object }>();
  /** Outcomes of namespace-scoped rules per checked object, with the versions they were computed under. */
  private itemOutcomes = new WeakMap<KubeObject, Map<Rule<any>, ItemOutcomes[]>>();

  /** `models` gives the one-document models the same objects as the run's model. */
  constructor(private readonly models: ModelCache) {}

  /**
   * What the findings of namespace-scoped rules on this model may depend on, as tokens that stay the
   * same objects while their inputs do: one per namespace (its objects, in order), and the policy world.
   */
  itemCacheFor(model: Model, rules: readonly Rule<any>[], config: Config): ItemCache {
    this.keyTo(config, rules);
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
      const before = this.namespaceObjects.get(namespace);
      next.set(namespace, before && sameElements(before.objects, objects) ? before : { objects, version: {} });
    }
    this.namespaceObjects = next;
    const cluster = next.get('')?.version ?? NO_OBJECTS;
    const world = policyWorldOf(model);
    const versionOf = (namespace: string) => next.get(namespace)?.version ?? NO_OBJECTS;
    return {
      get: (rule, loop, object) => {
        const kept = this.itemOutcomes.get(object)?.get(rule)?.[loop];
        if (!kept || kept.cluster !== cluster || kept.world !== world || kept.reads === 'all') return undefined;
        for (const [namespace, version] of kept.reads) if (versionOf(namespace) !== version) return undefined;
        return kept.outcomes;
      },
      set: (rule, loop, object, outcomes, reads) => {
        let byRule = this.itemOutcomes.get(object);
        if (!byRule) this.itemOutcomes.set(object, (byRule = new Map()));
        let byLoop = byRule.get(rule);
        if (!byLoop) byRule.set(rule, (byLoop = []));
        const versions = reads === 'all' ? reads : [object.namespace, ...reads].map((namespace) => [namespace, versionOf(namespace)] as const);
        byLoop[loop] = { cluster, world, reads: versions, outcomes };
      },
    };
  }

  /** Forgets everything when the config or the rule list is another one. */
  private keyTo(config: Config, rules: readonly Rule<any>[]): void {
    if (this.key?.config !== config || this.key.rules !== rules) {
      this.key = { config, rules };
      this.outcomes = new WeakMap();
      this.itemOutcomes = new WeakMap();
    }
  }

  /** Runs the enabled document-scoped ones of `rules` on each document of `model` not seen before; returns every outcome. */
  outcomesOf(model: Model, rules: readonly Rule<any>[], config: Config, ruleIds: ReadonlySet<string>): Outcome[] {
    this.keyTo(config, rules);
    const scoped = rules.filter((rule) => runsByDocument(rule, config));
    const all: Outcome[] = [];
    for (const doc of model.documents) {
      let outcomes = this.outcomes.get(doc);
      if (!outcomes) {
        const list: Outcome[] = [];
        const sink: Sink = {
          report(rule, report, current) {
            templateOf(rule, report.messageId); // an unknown id fails now, in the rule, as it does uncached
            list.push({ rule, report, current });
          },
          crash: (rule, error, object) => list.push({ rule, error, object }),
        };
        // The rules see a model of this document alone: whatever they report belongs to this document.
        const own = buildModel([doc], model.settings, [], this.models);
        const relations = relationsOf(own);
        for (const rule of scoped) runRule(rule, own, relations, config, ruleIds, sink);
        this.outcomes.set(doc, (outcomes = list));
      }
      for (const outcome of outcomes) all.push(outcome);
    }
    return all;
  }
}

interface ItemOutcomes {
  readonly cluster: object;
  readonly world: object;
  /** The version of each namespace the check read (its object's own first), or 'all'. */
  readonly reads: readonly (readonly [string, object])[] | 'all';
  readonly outcomes: readonly Outcome[];
}

/**
 * The outcomes a namespace-scoped rule had on an object, while nothing they depend on changed; `loop`
 * tells apart the rule's calls of `each` (the n-th call), which may check the same object differently.
 */
interface ItemCache {
  get(rule: Rule<any>, loop: number, object: KubeObject): readonly Outcome[] | undefined;
  /** `reads`: the other namespaces the check read through `Relations`, or 'all'. */
  set(rule: Rule<any>, loop: number, object: KubeObject, outcomes: readonly Outcome[], reads: ReadonlySet<string> | 'all'): void;
}

/** The version of a namespace without objects. */
const NO_OBJECTS = {};

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
      const { file, span } = locateTarget(report.at);
      const object = 'object' in report.at ? report.at.object : current;
      if (input.reportOnly && !input.reportOnly.has(file.path)) return;
      if (suppressions.isSuppressed(rule.meta.id, file, positionAt(file, span.start).line, object)) return;
      const doubt = unevaluatedDoubt(rule, report, object, model);
      if (doubt?.cap === 'drop') return;
      const related: RelatedLocation[] = (report.related ?? []).map((r) => ({ ...locateTarget(r.at), message: r.message }));
      diagnostics.push({
        ruleId: rule.meta.id,
        messageId: report.messageId,
        severity: atMost(atMost(severities.get(rule)!, report.severity), doubt?.cap),
        message: doubt ? `${formatMessage(template, report.data)} (${doubt.note})` : formatMessage(template, report.data),
        file,
        span,
        ...(object ? { object: { kind: object.kind, namespace: object.namespace, name: object.name } } : {}),
        ...('path' in report.at && report.at.path ? { path: report.at.path } : {}),
        ...(report.data ? { data: report.data } : {}),
        related,
        ...(report.fix ? { fix: report.fix } : {}),
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

  const items = input.cache && [...severities.keys()].some((rule) => rule.meta.scope === 'namespace') ? input.cache.itemCacheFor(model, input.rules, config) : undefined;
  input.observer?.counted('rules', severities.size);
  for (const rule of severities.keys()) {
    if (input.cache && runsByDocument(rule, config)) continue;
    const end = input.observer?.begin(`rule ${rule.meta.id}`);
    runRule(rule, model, relations, config, ruleIds, sink, rule.meta.scope === 'namespace' ? items : undefined);
    end?.();
  }
  if (input.cache) {
    for (const outcome of input.cache.outcomesOf(model, input.rules, config, ruleIds)) {
      if ('report' in outcome) sink.report(outcome.rule, outcome.report, outcome.current);
      else sink.crash(outcome.rule, outcome.error, outcome.object);
    }
  }
  return sortDiagnostics(withoutSuperseded(diagnostics, input.rules));
}

/** Drops the findings of rules that yield to errors (`RuleMeta.yieldsToErrors`) where another rule has an error at the same range. */
function withoutSuperseded(diagnostics: Diagnostic[], rules: readonly Rule<any>[]): Diagnostic[] {
  const yielding = new Set(rules.filter((rule) => rule.meta.yieldsToErrors).map((rule) => rule.meta.id));
  if (yielding.size === 0 || !diagnostics.some((d) => yielding.has(d.ruleId))) return diagnostics;
  const errors = new Set(diagnostics.filter((d) => d.severity === 'error' && !yielding.has(d.ruleId)).map((d) => `${d.file.path}\0${d.span.start}\0${d.span.end}`));
  return diagnostics.filter((d) => !yielding.has(d.ruleId) || !errors.has(`${d.file.path}\0${d.span.start}\0${d.span.end}`));
}

/**
 * Runs one rule's check; an exception becomes a crash on the object being checked. With `items`
 * (a namespace-scoped rule in the language server), `each` replays what the check of an object
 * reported before while nothing it depends on changed, and records it otherwise.
 */
function runRule(rule: Rule<any>, model: Model, relations: Relations, config: Config, ruleIds: ReadonlySet<string>, sink: Sink, items?: ItemCache): void {
  let current: KubeObject | undefined;
  let out = sink;
  let loops = 0;
  let inEach = false;
  const checkOne = <T>(object: KubeObject, item: T, check: (item: T) => void) => {
    current = object;
    try {
      check(item);
    } catch (error) {
      out.crash(rule, error, object);
    } finally {
      current = undefined;
    }
  };
  const context: RuleContext<Record<string, unknown>> = {
    model,
    relations,
    config,
    options: ruleOptions(rule, config.rules[rule.meta.id]),
    ruleIds,
    report: (report) => out.report(rule, report, current),
    each(list, check) {
      // The language server records findings per object of one `each`: one inside another would be
      // recorded twice; refused everywhere, so that a rule behaves the same in the CLI and the editor.
      if (inEach) throw new Error('context.each was called inside a check of context.each; call it once per list, at the top of check');
      inEach = true;
      try {
        eachItem(list, check);
      } finally {
        inEach = false;
      }
    },
  };
  function eachItem<T extends { readonly object: KubeObject } | KubeObject>(list: readonly T[], check: (item: T) => void): void {
    const loop = loops++;
    for (const item of list) {
      const object = 'object' in item ? item.object : (item as KubeObject);
      if (!items) {
        checkOne(object, item, check);
        continue;
      }
      let outcomes = items.get(rule, loop, object);
      if (!outcomes) {
        const recorded = recordCheck(relations, (into) => {
          out = into;
          try {
            checkOne(object, item, check);
          } finally {
            out = sink;
          }
        });
        items.set(rule, loop, object, (outcomes = recorded.outcomes), recorded.reads);
      }
      for (const outcome of outcomes) {
        if ('report' in outcome) sink.report(outcome.rule, outcome.report, outcome.current);
        else sink.crash(outcome.rule, outcome.error, outcome.object);
      }
    }
  }
  try {
    rule.check(context);
  } catch (error) {
    sink.crash(rule, error, current);
  }
}

/** Runs one check with its findings collected rather than reported, and the namespaces it read through `relations`. */
function recordCheck(relations: Relations, run: (into: Sink) => void): { outcomes: Outcome[]; reads: ReadonlySet<string> | 'all' } {
  const outcomes: Outcome[] = [];
  let reads: Set<string> | 'all' = new Set();
  relations.reads = (namespace) => {
    if (namespace === undefined) reads = 'all';
    else if (reads !== 'all') reads.add(namespace);
  };
  try {
    run({
      report: (rule, report, current) => outcomes.push({ rule, report, current }),
      crash: (rule, error, object) => outcomes.push({ rule, error, object }),
    });
  } finally {
    relations.reads = undefined;
  }
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
  if (!cap || model.unmodelledObjects.length === 0) return undefined;
  const engine = policyEngineOf(model);
  // A Namespace object is cluster-scoped: the namespace it is about is its name.
  const namespace = object ? (object.kind === 'Namespace' ? object.name : object.namespace) : undefined;
  const note = unevaluatedPolicyNote(namespace === undefined ? engine.world.unevaluated : engine.unevaluatedPolicies(namespace));
  return note === undefined ? undefined : { cap, note };
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
