import type { Config, RuleSetting } from '../config/types.ts';
import type { KubeObject, Model } from '../model/types.ts';
import { relationsOf } from '../semantics/relations.ts';
import { compareStrings } from '../source/load.ts';
import { positionAt } from '../source/text.ts';
import type { SourceFile } from '../source/types.ts';
import { locateTarget } from './locate.ts';
import { Suppressions } from './suppress.ts';
import type { Diagnostic, RelatedLocation, Report, Rule, RuleContext, Severity } from './types.ts';

export interface LintInput {
  readonly model: Model;
  readonly rules: readonly Rule<any>[];
  readonly config: Config;
  /** Files to leave out of the report (e.g. pre-commit's unstaged files), by display path. */
  readonly reportOnly?: ReadonlySet<string>;
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

/** Runs every enabled rule over the model and returns sorted, suppression-filtered diagnostics. */
export function lint(input: LintInput): Diagnostic[] {
  const { model, config } = input;
  const relations = relationsOf(model);
  const suppressions = new Suppressions(model, config.exemptions);
  const diagnostics: Diagnostic[] = [];

  for (const rule of input.rules) {
    const severity = effectiveSeverity(rule, config.rules[rule.meta.id]);
    if (severity === 'off') continue;
    let current: KubeObject | undefined;
    const emit = (report: Report) => {
      const template = rule.meta.messages[report.messageId];
      if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId "${report.messageId}"`);
      const { file, span } = locateTarget(report.at);
      const object = 'object' in report.at ? report.at.object : current;
      if (input.reportOnly && !input.reportOnly.has(file.path)) return;
      if (suppressions.isSuppressed(rule.meta.id, file, positionAt(file, span.start).line, object)) return;
      const related: RelatedLocation[] = (report.related ?? []).map((r) => ({ ...locateTarget(r.at), message: r.message }));
      diagnostics.push({
        ruleId: rule.meta.id,
        messageId: report.messageId,
        severity,
        message: formatMessage(template, report.data),
        file,
        span,
        ...(object ? { object: { kind: object.kind, namespace: object.namespace, name: object.name } } : {}),
        related,
        ...(report.fix ? { fix: report.fix } : {}),
      });
    };
    const crash = (error: unknown, object: KubeObject | undefined) => {
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
    };
    const context: RuleContext<Record<string, unknown>> = {
      model,
      relations,
      config,
      options: ruleOptions(rule, config.rules[rule.meta.id]),
      report: emit,
      each(items, check) {
        for (const item of items) {
          const object = 'object' in item ? item.object : (item as KubeObject);
          current = object;
          try {
            check(item);
          } catch (error) {
            crash(error, object);
          } finally {
            current = undefined;
          }
        }
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      crash(error, current);
    }
  }
  return sortDiagnostics(diagnostics);
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
