import type { Config } from '../config/types.ts';
import type { KubeObject, Model, ObjectRef } from '../model/types.ts';
import type { Relations } from '../semantics/relations.ts';
import type { Path, SourceFile, Span } from '../source/types.ts';

// Defined with the config that sets it; re-exported here for the rules and formatters.
export type { Severity } from '../config/types.ts';
import type { Severity } from '../config/types.ts';

/** What a rule is: its id, default severity, one-line description and messages by id. */
export interface RuleMeta {
  readonly id: string;
  readonly severity: Severity;
  /** One line, shown by `kube-netlint rules`, in SARIF and in docs. */
  readonly description: string;
  /** Message templates by id; `{{name}}` placeholders are filled from the report's data. */
  readonly messages: Readonly<Record<string, string>>;
  /** What to do about a finding: shown as help in SARIF and the editor. */
  readonly remediation: string;
  /** JSON Schema of the rule's options (validated with the config). */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  /**
   * `'document'` when the findings on a document depend on that document alone (and the config),
   * never on other documents: run on a model of one document, the rule reports exactly what it
   * reports there in the full model. The language server then re-runs it only on edited documents.
   *
   * `'namespace'` when what `context.each` reports while checking an object depends only on the
   * objects of that object's namespace, of the namespaces it reads through `context.relations` (which
   * tracks them), the cluster-scoped objects, the NetworkPolicies, the namespace labels and the config:
   * the language server then re-checks an object only when one of those changed. The check must not
   * read other namespaces' objects from `context.model` directly. Findings are kept per object and per
   * call of `each` (its n-th call), so call `each` unconditionally and never inside another `each`.
   * Reports outside `each` are not cached.
   */
  readonly scope?: 'document' | 'namespace';
  /**
   * How findings that judge traffic change when policy objects the engine does not evaluate
   * (CiliumNetworkPolicy, Calico policies, Antrea policies, ...; src/semantics/blind-spots.ts) may
   * apply to the pods of the finding's namespace (the namespace of the object it is on, or every
   * namespace for a finding outside any object): by message id (`'*'` for every message), capped at
   * `warning` or `info` with a note naming them appended to the message, or dropped (`'drop'`).
   */
  readonly unevaluatedPolicies?: Readonly<Record<string, 'warning' | 'info' | 'drop'>>;
  /**
   * Leave out a finding of this rule where another rule reports an error at exactly the same range:
   * it would say the same thing from another angle (`yaml-ambiguous-scalar` where `schema` or
   * `label-value` already rejects the value as kubectl reads it). One complaint per cause.
   */
  readonly yieldsToErrors?: boolean;
}

// Defined where it is located; re-exported here for the rules.
export type { Target } from '../model/locate.ts';
import type { Target } from '../model/locate.ts';

export interface RelatedTarget {
  readonly at: Target;
  readonly message: string;
}

/** A text edit for a quick fix, by offsets in one file. */
export interface TextEdit {
  readonly file: SourceFile;
  readonly span: Span;
  readonly newText: string;
}

export interface Fix {
  readonly description: string;
  readonly edits: readonly TextEdit[];
}

/** One finding as a rule reports it; `lint` turns it into a `Diagnostic`. */
export interface Report {
  readonly messageId: string;
  /**
   * At most this severity, for a finding less serious than the rule's others (e.g. one the API server
   * accepts, among rejections): the diagnostic gets the less severe of this and the rule's effective
   * severity (its default, or the config's). So config `off` still silences it, config `warning` makes
   * every finding of the rule at most a warning and config `info` makes them all info; never raises one.
   */
  readonly severity?: Exclude<Severity, 'error'>;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly at: Target;
  readonly related?: readonly RelatedTarget[];
  readonly fix?: Fix;
}

/** What a rule sees: the model, its relations, its options and a way to report. */
export interface RuleContext<Options = Record<string, unknown>> {
  readonly model: Model;
  readonly relations: Relations;
  /** The run's configuration (assertions, and the config file for findings placed in it). */
  readonly config: Config;
  readonly options: Options;
  /** The id of every rule of the tool, enabled or not: for checking rule ids written in manifests. */
  readonly ruleIds: ReadonlySet<string>;
  report(report: Report): void;
  /**
   * Runs `check` for each object; an exception while checking one becomes a finding of this rule on
   * that object, and the rest are still checked.
   */
  each<T extends { readonly object: KubeObject } | KubeObject>(items: readonly T[], check: (item: T) => void): void;
}

export interface Rule<Options = Record<string, unknown>> {
  readonly meta: RuleMeta;
  readonly defaultOptions?: Options;
  check(context: RuleContext<Options>): void;
}

export interface RelatedLocation {
  readonly file: SourceFile;
  readonly span: Span;
  readonly message: string;
}

/** A finding, resolved to a file and range; what formatters and sinks consume. */
export interface Diagnostic {
  readonly ruleId: string;
  readonly messageId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: SourceFile;
  readonly span: Span;
  readonly object?: ObjectRef;
  /** The field the report pointed at, relative to its object (or document): with `data`, what a baseline fingerprints. */
  readonly path?: Path;
  /** The message's placeholder values, as the rule reported them. */
  readonly data?: Readonly<Record<string, string | number>>;
  readonly related: readonly RelatedLocation[];
  readonly fix?: Fix;
}
