import type { WorkloadPreset } from '../custom-workloads.ts';

/**
 * CloudNativePG: instance pods of a `Cluster` and PgBouncer pods of a `Pooler`. Labels: `cnpg.io/cluster`
 * (ClusterLabelName) and `cnpg.io/podRole` (PodRoleLabelName; values `instance`, `pooler`) in
 * cloudnative-pg/cloudnative-pg pkg/utils/labels_annotations.go; `cnpg.io/poolerName` on pooler pods
 * (https://cloudnative-pg.io/documentation/current/connection_pooling/); `spec.inheritedMetadata.labels`
 * is copied onto every object the operator creates (https://cloudnative-pg.io/documentation/current/labels_annotations/).
 * Ports: postgresql 5432, metrics 9187, status 8000 on instances; pgbouncer 5432, metrics 9127 on poolers
 * (https://cloudnative-pg.io/documentation/current/security/#exposed-ports). Left out: `cnpg.io/instanceRole`
 * and `cnpg.io/instanceName`, whose values differ per pod (primary or replica).
 */
export const cloudnativePg: WorkloadPreset = {
  id: 'cloudnative-pg',
  operator: 'CloudNativePG',
  sources: [
    'cloudnative-pg/cloudnative-pg pkg/utils/labels_annotations.go',
    'https://cloudnative-pg.io/documentation/current/labels_annotations/',
    'https://cloudnative-pg.io/documentation/current/connection_pooling/',
    'https://cloudnative-pg.io/documentation/current/security/#exposed-ports',
  ],
  kinds: [
    {
      group: 'postgresql.cnpg.io',
      kind: 'Cluster',
      podLabels: 'spec.inheritedMetadata.labels',
      labels: { 'cnpg.io/cluster': '{name}', 'cnpg.io/podRole': 'instance' },
      ports: [
        { name: 'postgresql', containerPort: 5432 },
        { name: 'metrics', containerPort: 9187 },
        { name: 'status', containerPort: 8000 },
      ],
    },
    {
      group: 'postgresql.cnpg.io',
      kind: 'Pooler',
      podTemplate: 'spec.template',
      labels: { 'cnpg.io/poolerName': '{name}', 'cnpg.io/podRole': 'pooler' },
      ports: [
        { name: 'pgbouncer', containerPort: 5432 },
        { name: 'metrics', containerPort: 9127 },
      ],
    },
  ],
};
