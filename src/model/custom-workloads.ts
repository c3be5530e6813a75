/**
 * Custom resources whose pods an operator creates (a Prometheus Operator `Prometheus`, a CloudNativePG
 * `Cluster`, ...): their definitions, from the built-in presets (`workload-presets/`) and the config's
 * `workloads` section, and what a definition says about one resource. The model reads such a resource
 * as a workload (`toCustomWorkload` in build.ts), so that every rule, `reach`, `explain` and `diff`
 * see its pods like a Deployment's.
 */
import type { Path } from '../source/types.ts';
import { WORKLOAD_KINDS, type ClusterSettings, type CoreWorkloadKind, type CustomWorkloadKind, type KubeObject, type Workload } from './types.ts';
import { getIn } from './values.ts';
import { WORKLOAD_PRESETS } from './workload-presets/index.ts';

// Written by the presets and the config; defined beside the presets so that they import no module that imports them.
export type { WorkloadKindSpec, WorkloadPreset } from './workload-presets/preset.ts';
import type { WorkloadKindSpec } from './workload-presets/preset.ts';

/**
 * A placeholder of a label value: `{name}` and `{namespace}` of the resource, `{label:KEY}` the value
 * of one of its labels (a Strimzi KafkaNodePool names its cluster in `strimzi.io/cluster`), `{field:PATH}`
 * a string field of it (a CloudNativePG Pooler names its cluster in `spec.cluster.name`).
 */
export const LABEL_PLACEHOLDER = /\{(name|namespace|label:[^{}]+|field:[A-Za-z0-9_.-]+)\}/g;

/** The text of a label value with no placeholder left, or undefined when it holds an unknown `{...}`. */
export function unknownPlaceholder(value: string): string | undefined {
  return /\{[^{}]*\}/.exec(value.replace(LABEL_PLACEHOLDER, ''))?.[0];
}

/** `spec.template` as a path; a segment of digits is a list index (`spec.nodeSets.0.podTemplate`). */
export function parseFieldPath(text: string): Path {
  return text.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** A written kind as the model uses it; `preset` is the id of the preset that defines it. */
export function resolveWorkloadKind(spec: WorkloadKindSpec, preset?: string): CustomWorkloadKind {
  const path = (text: string | undefined) => (text === undefined ? undefined : parseFieldPath(text));
  const podTemplate = path(spec.podTemplate);
  const podLabels = path(spec.podLabels);
  const containers = path(spec.containers);
  const selector = path(spec.selector);
  const templateRef = path(spec.templateRef);
  const when = path(spec.when);
  return {
    group: spec.group,
    kind: spec.kind,
    ...(spec.versions ? { versions: spec.versions } : {}),
    ...(podTemplate ? { podTemplate } : {}),
    ...(podLabels ? { podLabels } : {}),
    ...(containers ? { containers } : {}),
    ...(selector ? { selector } : {}),
    ...(templateRef ? { templateRef } : {}),
    ...(when ? { when } : {}),
    ...(spec.like ? { like: spec.like } : {}),
    ...(spec.resourceLabels ? { resourceLabels: { except: spec.resourceLabelsExcept ?? [] } } : {}),
    labels: spec.labels ?? {},
    ports: (spec.ports ?? []).map((port) => ({ ...(port.name ? { name: port.name } : {}), containerPort: port.containerPort, protocol: port.protocol ?? 'TCP' })),
    ...(preset !== undefined ? { preset } : {}),
  };
}

/**
 * The kinds in effect: the config's own, then those of every preset it does not turn off, except the
 * kinds the config redefines (same group and kind), so that a config entry overrides a preset's.
 */
export function resolveWorkloadKinds(own: readonly CustomWorkloadKind[], presetEnabled: (id: string) => boolean): CustomWorkloadKind[] {
  const redefined = new Set(own.map(kindKey));
  const kinds = [...own];
  for (const preset of WORKLOAD_PRESETS) {
    if (!presetEnabled(preset.id)) continue;
    for (const spec of preset.kinds) {
      const kind = resolveWorkloadKind(spec, preset.id);
      if (!redefined.has(kindKey(kind))) kinds.push(kind);
    }
  }
  return kinds;
}

function kindKey(kind: { readonly group: string; readonly kind: string }): string {
  return `${kind.kind}.${kind.group}`;
}

let presetKinds: readonly CustomWorkloadKind[] | undefined;

/** The kinds in effect when the settings name none: every preset. */
export function defaultWorkloadKinds(): readonly CustomWorkloadKind[] {
  return (presetKinds ??= resolveWorkloadKinds([], () => true));
}

/** Definitions by kind, per list of definitions (settings objects are long-lived; their lists are not rebuilt). */
// Weak, by the settings' list of kinds: an index lives as long as the settings (a config) that hold its list.
const indexes = new WeakMap<readonly CustomWorkloadKind[], ReadonlyMap<string, readonly CustomWorkloadKind[]>>();

const NONE: readonly CustomWorkloadKind[] = [];

/**
 * The definitions that apply to an object of this kind and apiVersion (`group/version`): one per
 * group of pods the operator creates for it; none for a kind not declared. A kind of the core group
 * (`apiVersion: v1`) is never a custom resource.
 */
export function customWorkloadKindsOf(kind: string, apiVersion: string, settings: ClusterSettings): readonly CustomWorkloadKind[] {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return NONE;
  const kinds = settings.workloadKinds ?? defaultWorkloadKinds();
  if (kinds.length === 0) return NONE;
  let index = indexes.get(kinds);
  if (!index) {
    const byKind = new Map<string, CustomWorkloadKind[]>();
    for (const definition of kinds) byKind.set(definition.kind, [...(byKind.get(definition.kind) ?? []), definition]);
    indexes.set(kinds, (index = byKind));
  }
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return index.get(kind)?.filter((definition) => definition.group === group && (!definition.versions || definition.versions.includes(version))) ?? NONE;
}

/**
 * The built-in kind a workload's pods behave like: its own kind, or what its custom definition says
 * (`like`); undefined for a custom workload like none. Rules about one kind ask this, not `kind`.
 */
export function behavesLike(workload: Workload): CoreWorkloadKind | undefined {
  return workload.custom ? workload.custom.like : (workload.kind as CoreWorkloadKind);
}

/** Whether a string is a built-in workload kind (for the config's `like`). */
export function isCoreWorkloadKind(kind: string): kind is CoreWorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

/**
 * The labels the operator puts on the pods of `object`, placeholders filled in: first the resource's
 * own labels when the operator copies them, then its fixed ones. A label whose placeholder names a
 * label or field the resource lacks is left out: its value is unknown.
 */
export function operatorLabels(definition: CustomWorkloadKind, object: KubeObject): Record<string, string> {
  const labels: Record<string, string> = {};
  const except = definition.resourceLabels?.except;
  if (except) for (const [key, value] of Object.entries(object.labels)) if (!except.some((prefix) => key.startsWith(prefix))) labels[key] = value;
  for (const [key, template] of Object.entries(definition.labels)) {
    let known = true;
    const value = template.replace(LABEL_PLACEHOLDER, (_, placeholder: string) => {
      const filled = fill(placeholder, object);
      if (filled === undefined) known = false;
      return filled ?? '';
    });
    if (known) labels[key] = value;
  }
  return labels;
}

function fill(placeholder: string, object: KubeObject): string | undefined {
  if (placeholder === 'name') return object.name;
  if (placeholder === 'namespace') return object.namespace;
  if (placeholder.startsWith('label:')) {
    const key = placeholder.slice('label:'.length);
    return Object.hasOwn(object.labels, key) ? object.labels[key] : undefined;
  }
  const value = getIn(object.raw, parseFieldPath(placeholder.slice('field:'.length)));
  return typeof value === 'string' ? value : undefined;
}
