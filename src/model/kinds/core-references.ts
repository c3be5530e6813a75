/** The core kinds read for names and references: Namespace, Endpoints, EndpointSlice, ConfigMap, Secret. */
import namespace from '../../../schemas/kubernetes/namespace.schema.json' with { type: 'json' };
import endpoints from '../../../schemas/kubernetes/endpoints.schema.json' with { type: 'json' };
import endpointSlice from '../../../schemas/kubernetes/endpointslice.schema.json' with { type: 'json' };
import common from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import type { ConfigMap, EndpointsObject, KubeObject, Namespace } from '../types.ts';
import { asRecord } from '../values.ts';
import { defineKind } from './define.ts';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const ENDPOINT_SLICE_SERVICE_LABEL = 'kubernetes.io/service-name';

export const NAMESPACE_KIND = defineKind<Namespace>({
  kind: 'Namespace',
  groups: [''],
  clusterScoped: true,
  schema: namespace,
  referencedSchemas: [common],
  // Every namespace carries its name label (NamespaceDefaultLabelName), written or not.
  read: (object) => ({ name: object.name, labels: { ...object.labels, [NAMESPACE_NAME_LABEL]: object.name }, object, assumed: false }),
  list: 'namespaces',
});

export const ENDPOINTS_KIND = defineKind<EndpointsObject>({
  kind: 'Endpoints',
  groups: [''],
  schema: endpoints,
  referencedSchemas: [common],
  read: (object) => ({ object, serviceName: object.name }),
  list: 'endpoints',
});

export const ENDPOINT_SLICE_KIND = defineKind<EndpointsObject>({
  kind: 'EndpointSlice',
  groups: ['discovery.k8s.io'],
  schema: endpointSlice,
  referencedSchemas: [common],
  read: (object) => ({ object, serviceName: object.labels[ENDPOINT_SLICE_SERVICE_LABEL] }),
  list: 'endpoints',
});

export function toConfigMap(object: KubeObject): ConfigMap {
  const data = asRecord(object.raw.data) ?? {};
  return {
    object,
    data: Object.entries(data).flatMap(([key, value]) => (typeof value === 'string' ? [{ name: key, value, path: ['data', key] }] : [])),
  };
}

/** Read for its keys only; not validated. */
export const CONFIG_MAP_KIND = defineKind({ kind: 'ConfigMap', groups: [''], apiVersion: 'v1', read: toConfigMap, list: 'configMaps' });

/** Read for its name only (TLS secrets of Ingresses); not validated. */
export const SECRET_KIND = defineKind<KubeObject>({ kind: 'Secret', groups: [''], apiVersion: 'v1', read: (object) => object, list: 'secrets' });
