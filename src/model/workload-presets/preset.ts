import type { CoreWorkloadKind, Protocol } from '../types.ts';

/** A custom workload kind as written: in a preset, or in the config's `workloads.kinds`. */
export interface WorkloadKindSpec {
  readonly group: string;
  readonly kind: string;
  readonly versions?: readonly string[];
  /** Dotted field paths in the resource (`spec.template`); a segment of digits is a list index. */
  readonly podTemplate?: string;
  readonly podLabels?: string;
  readonly containers?: string;
  readonly selector?: string;
  readonly templateRef?: string;
  readonly when?: string;
  readonly like?: CoreWorkloadKind;
  /** Copy the resource's own labels onto the pods, except keys starting with one of `resourceLabelsExcept`. */
  readonly resourceLabels?: boolean;
  readonly resourceLabelsExcept?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number; readonly protocol?: Protocol }[];
}

/** The workload kinds of one operator, written from its documentation or source (cited in `sources`). */
export interface WorkloadPreset {
  /** The name the config uses to turn it off (`workloads.presets.<id>: false`). */
  readonly id: string;
  readonly operator: string;
  /** Where the labels and ports come from: documentation URLs, or repository/path of the operator's source. */
  readonly sources: readonly string[];
  readonly kinds: readonly WorkloadKindSpec[];
}
