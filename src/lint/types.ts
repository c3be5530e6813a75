import type { Config } from '../config/types.ts';
import type { MatrixNode } from '../semantics/nodes.ts';
import type { ClusterSettings, ConfigMap, EndpointsObject, Ingress, KubeObject, Model, NetworkPolicy, ObjectRef, Service, ServicePort, UnmodelledObject, Workload } from '../model/types.ts';
import type { ControllerCandidate } from '../semantics/ingress-controllers.ts';
import type { PolicyEngine } from '../semantics/policy.ts';
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
   * (A rule checked per namespace is one with `checkNamespace`, see `NamespaceRule`: no scope here.)
   */
  readonly scope?: 'document';
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
  /**
   * Why the finding is not certain, when the verdict it rests on is not (`verdictDoubt`: a peer the
   * engine does not evaluate may turn it around): appended to the message, and the finding capped as
   * `RuleMeta.unevaluatedPolicies` caps it (a warning when that says nothing for this message).
   */
  readonly doubt?: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly at: Target;
  readonly related?: readonly RelatedTarget[];
  readonly fix?: Fix;
}

/** What every rule sees: its options, the config, and ways to report. */
interface BaseContext<Options> {
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

/** What a rule of the whole model sees: the model, its relations, its options and a way to report. */
export interface RuleContext<Options = Record<string, unknown>> extends BaseContext<Options> {
  readonly model: Model;
  readonly relations: Relations;
}

/**
 * One namespace of the model ('' for the cluster-scoped objects), as a namespace-scoped rule sees it:
 * its objects and typed views, in model order.
 */
export interface NamespaceView {
  readonly name: string;
  readonly objects: readonly KubeObject[];
  readonly workloads: readonly Workload[];
  readonly services: readonly Service[];
  readonly ingresses: readonly Ingress[];
  readonly policies: readonly NetworkPolicy[];
  readonly endpoints: readonly EndpointsObject[];
  readonly configMaps: readonly ConfigMap[];
  readonly secrets: readonly KubeObject[];
  readonly unmodelledObjects: readonly UnmodelledObject[];
  /** The reach nodes (a Deployment with its exported ReplicaSets and Pods) of its workloads. */
  readonly nodes: readonly MatrixNode[];
}

/**
 * The questions a namespace-scoped check may ask about the rest of the model: each answer is recorded
 * as a dependency of the check on the namespaces it read (or on every namespace), by the engine, so
 * that the language server redoes the check when one of them changes. What is not here (another
 * namespace's objects, the model) a namespace-scoped rule cannot read.
 */
export interface NamespaceRelations extends Omit<Relations, 'model'> {
  /** The reach node of a workload (of any namespace). */
  nodeOf(workload: Workload): MatrixNode;
  /** Whether a namespace's pods live outside the tree (src/semantics/known-pods.ts `podsOutsideTree`). */
  podsOutsideTree(namespace: string): boolean;
  /** Whether a Service exists in every cluster of the config, outside the tree (`isWellKnownService`). */
  isWellKnownService(namespace: string, name: string): boolean;
  /** The guesses at the controller serving an Ingress when cluster.ingressController is not set (`controllerCandidates`). */
  controllerCandidates(ingress: Ingress): ControllerCandidate[];
  /** The Gateway route backendRefs (of any namespace) that send to a Service port. */
  gatewayHopsTo(service: Service, servicePort: ServicePort): GatewayHopTo[];
}

/** A route of a Gateway that sends to a Service port: the Gateway, the route, and the backendRef's path in it. */
export interface GatewayHopTo {
  readonly gateway: { readonly object: KubeObject };
  readonly route: { readonly kind: string; readonly object: KubeObject };
  readonly refPath: Path;
}

/** The policy engine's questions, without its model (a namespace-scoped check reads the policy world only through these). */
export type PolicyQueries = Pick<PolicyEngine, 'evaluate' | 'allows' | 'policiesSelecting' | 'distinctWorkloads' | 'ruleConnections' | 'peerMatches' | 'side' | 'connections' | 'isolation' | 'governs' | 'selects' | 'namespaceLabels' | 'otherKindsApply' | 'isolatingPolicies' | 'sideTiers' | 'closingPolicies'>;

/**
 * What a namespace-scoped rule sees while checking one namespace: that namespace, the policy engine,
 * the cluster settings, and read-tracking relations for everything else. It has no `model`: what it
 * reports can depend only on what it can reach here, which the engine tracks. So the language server
 * may keep its findings on a namespace while nothing the check read changed, and a new rule is safe
 * without knowing that cache exists.
 */
export interface NamespaceContext<Options = Record<string, unknown>> extends BaseContext<Options> {
  readonly namespace: NamespaceView;
  readonly relations: NamespaceRelations;
  readonly policies: PolicyQueries;
  readonly settings: ClusterSettings;
}

/** A rule that checks the whole model at once (`check`). */
export interface ModelRule<Options = Record<string, unknown>> {
  readonly meta: RuleMeta;
  readonly defaultOptions?: Options;
  check(context: RuleContext<Options>): void;
  readonly checkNamespace?: never;
}

/**
 * A rule that checks one namespace at a time (`checkNamespace`, called once per namespace that holds
 * objects, '' for the cluster-scoped ones): its findings on a namespace depend only on what its
 * context offers, so they are kept between edits while nothing it read changed.
 */
export interface NamespaceRule<Options = Record<string, unknown>> {
  readonly meta: RuleMeta;
  readonly defaultOptions?: Options;
  checkNamespace(context: NamespaceContext<Options>): void;
  readonly check?: never;
}

export type Rule<Options = Record<string, unknown>> = ModelRule<Options> | NamespaceRule<Options>;

/** What one rule run produced, before severity, suppression and location are applied. */
export type Outcome =
  | { readonly rule: Rule<any>; readonly report: Report; readonly current: KubeObject | undefined }
  | { readonly rule: Rule<any>; readonly error: unknown; readonly object: KubeObject | undefined };

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
