import type { ClusterSettings } from '../model/types.ts';
import type { ParsedDocument, SourceFile } from '../source/types.ts';

/** How serious a finding is (the config sets it per rule). */
export type Severity = 'error' | 'warning' | 'info';

export type RuleSetting = Severity | 'off' | { readonly severity?: Severity | 'off'; readonly options?: Record<string, unknown> };

export interface Exemption {
  readonly kind?: string;
  readonly namespace?: string;
  /** A glob over object names (`*`, `?`). */
  readonly name?: string;
  /** The rules exempted; all rules when absent. */
  readonly rules?: readonly string[];
  readonly reason: string;
  /** Index in the config's `exemptions` list, for positions. */
  readonly index: number;
}

/** An endpoint of a reachability assertion. */
export interface AssertionEndpoint {
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** `kind/name` or `name` of a workload. */
  readonly workload?: string;
  readonly cidr?: string;
  /** The ingress controller (`{ingress-controller}`). */
  readonly ingressController?: boolean;
  /** `NS/NAME` of a Gateway: its data plane (`{gateway:NS/NAME}`). */
  readonly gateway?: string;
}

export interface Assertion {
  readonly name: string;
  readonly from: AssertionEndpoint;
  readonly to: AssertionEndpoint;
  readonly port?: number | string;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  readonly expect: 'allow' | 'deny';
  readonly index: number;
}

/** The validated configuration of a run. */
export interface Config {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly ignore: readonly string[];
  readonly exemptions: readonly Exemption[];
  readonly cluster: ClusterSettings;
  readonly assertions: readonly Assertion[];
  /**
   * Directories (or globs of directories), relative to the config file's directory, each linted as a
   * model of its own: a file belongs to the deepest one holding it; files under none form one more.
   */
  readonly projects?: readonly string[];
  readonly maxFileSize?: number;
  /** Threads that read and parse (`jobs:`, as `--jobs`); absent: the default. */
  readonly jobs?: number;
  /** Charts the repository deploys (`helm:`), rendered and linted by a run without `--helm`. */
  readonly helm?: HelmConfig;
  /** Kustomizations to render (`kustomize:`): directories relative to the config file's directory, and the program by name. */
  readonly kustomize?: { readonly overlays: readonly string[]; readonly command?: 'kustomize' | 'kubectl'; readonly flags?: readonly '--enable-helm'[] };
  /** The config file, when there is one: for positions of config findings and assertions. */
  readonly source?: { readonly file: SourceFile; readonly doc: ParsedDocument };
}

/** The `helm:` section: the helm program (a name on PATH) and the charts, their paths relative to the config file's directory. */
export interface HelmConfig {
  readonly command?: string;
  readonly charts: readonly HelmChartConfig[];
}

/** A chart of the config: `--helm` and its options, paths relative to the config file's directory. */
export interface HelmChartConfig {
  readonly chart: string;
  readonly values: readonly string[];
  readonly set: readonly string[];
  readonly release?: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
  /** A directory: one rendering per `*.yaml`/`*.yml` file in it, each after `values`. */
  readonly valuesMatrix?: string;
  /** Sets of values files: one rendering per set (its files in order, after `values`), joined as a matrix's. */
  readonly valueSets?: readonly (readonly string[])[];
}
