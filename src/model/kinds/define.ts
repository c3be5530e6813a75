/**
 * A kind is a module: everything the tool knows about one Kubernetes kind is written once, in one
 * file under src/model/kinds/ (or a family of kinds, such as the core workloads, in one file), and
 * the model builder, the schema rule and the blind-spot list all read it from the registry
 * (`./index.ts`). Adding a kind is one new module, its tests, and one line in the registry.
 *
 * What a module declares:
 * - `kind` and the API `groups` it is served in (`''` is the core group of `apiVersion: v1`); the
 *   same kind name in another group is a different kind (Knative's `serving.knative.dev` Service).
 * - `clusterScoped`: no namespace (the default namespace is not assumed).
 * - `schema`: the JSON Schema of the fields read, validated by the schema rule with positions; its
 *   `apiVersion` enum lists the versions served, and any other version is reported as not served.
 * - `apiVersion`: the version to suggest when an object omits it (the schema's first by default).
 * - `servedBy`: who serves the kind (`the Gateway API v1.6 CRDs`), for the message about an unserved version.
 * - `read(object)`: the typed view rules read, built once per object when the model is built. Rules
 *   read views, never `object.raw` paths: the shape of the kind is known here only.
 * - `list`: for the core kinds, the `Model` list their views join (`model.services`, ...). A module
 *   without one (every kind added since) has its views under `viewsOf(model, module)`.
 */
import type { KubeObject, Model } from '../types.ts';

/** The lists of `Model` that hold the typed views of the core kinds. */
export type CoreViewList = 'workloads' | 'services' | 'ingresses' | 'ingressClasses' | 'policies' | 'endpoints' | 'configMaps' | 'secrets' | 'namespaces';

/** A JSON Schema of a kind, as the schema rule reads it: the served apiVersions are its `apiVersion` enum. */
export interface KindSchema {
  readonly properties: { readonly apiVersion: { readonly enum: readonly string[] } };
}

export interface KindModule<View = unknown> {
  readonly kind: string;
  readonly groups: readonly string[];
  readonly clusterScoped?: boolean;
  readonly schema?: KindSchema;
  /** Schemas the kind's schema `$ref`s by `$id` (the shared definitions). */
  readonly referencedSchemas?: readonly object[];
  readonly apiVersion?: string;
  /** Who serves the kind, as the schema rule names it when a version is not served (default `current Kubernetes`). */
  readonly servedBy?: string;
  readonly read?: (object: KubeObject) => View | undefined;
  readonly list?: CoreViewList;
}

/** Declares a kind module (an identity function that keeps the view type). */
export function defineKind<View>(module: KindModule<View>): KindModule<View> {
  return module;
}

/** The views a module read from the model's objects, in document order (empty when none). */
export function viewsOf<View>(model: Pick<Model, 'views'>, module: KindModule<View>): readonly View[] {
  return (model.views.get(module as KindModule) as readonly View[] | undefined) ?? [];
}

/** The API group of an apiVersion (`apps/v1` -> `apps`, `v1` -> ''). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
