import type { Config, RuleSetting } from '../config/types.ts';
import { buildModel, type ModelCache } from '../model/build.ts';
import type { KubeObject, Model } from '../model/types.ts';
import { relationsOf, type Relations } from '../semantics/relations.ts';
import { positionAt } from '../source/text.ts';
import type { ParsedDocument, SourceFile } from '../source/types.ts';
import { compareStrings } from '../util/compare.ts';
import { locateTarget } from './locate.ts';
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

  /** `models` gives the one-document models the same objects as the run's model. */
  constructor(private readonly models: ModelCache) {}

  /** Runs the enabled document-scoped ones of `rules` on each document of `model` not seen before; returns every outcome. */
  outcomesOf(model: Model, rules: readonly Rule<any>[], config: Config, ruleIds: ReadonlySet<string>): Outcome[] {
    if (this.key?.config !== config || this.key.rules !== rules) {
      this.key = { config, rules };
      this.outcomes = new WeakMap();
    }
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
      const related: RelatedLocation[] = (report.related ?? []).map((r) => ({ ...locateTarget(r.at), message: r.message }));
      diagnostics.push({
        ruleId: rule.meta.id,
        messageId: report.messageId,
        severity: severities.get(rule)!,
        message: formatMessage(template, report.data),
        file,
        span,
        ...(object ? { object: { kind: object.kind, namespace: object.namespace, name: object.name } } : {}),
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

  for (const rule of severities.keys()) if (!(input.cache && runsByDocument(rule, config))) runRule(rule, model, relations, config, ruleIds, sink);
  if (input.cache) {
    for (const outcome of input.cache.outcomesOf(model, input.rules, config, ruleIds)) {
      if ('report' in outcome) sink.report(outcome.rule, outcome.report, outcome.current);
      else sink.crash(outcome.rule, outcome.error, outcome.object);
    }
  }
  return sortDiagnostics(diagnostics);
}

/** Runs one rule's check; an exception becomes a crash on the object being checked. */
function runRule(rule: Rule<any>, model: Model, relations: Relations, config: Config, ruleIds: ReadonlySet<string>, sink: Sink): void {
  let current: KubeObject | undefined;
  const context: RuleContext<Record<string, unknown>> = {
    model,
    relations,
    config,
    options: ruleOptions(rule, config.rules[rule.meta.id]),
    ruleIds,
    report: (report) => sink.report(rule, report, current),
    each(items, check) {
      for (const item of items) {
        const object = 'object' in item ? item.object : (item as KubeObject);
        current = object;
        try {
          check(item);
        } catch (error) {
          sink.crash(rule, error, object);
        } finally {
          current = undefined;
        }
      }
    },
  };
  try {
    rule.check(context);
  } catch (error) {
    sink.crash(rule, error, current);
  }
}

function firstFile(model: Model): SourceFile {
  return model.documents[0]?.file ?? { path: '<input>', absPath: '<input>', text: '' };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

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
