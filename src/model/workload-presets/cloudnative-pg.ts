import type { WorkloadPreset } from './preset.ts';

/**
 * CloudNativePG (read at cloudnative-pg/cloudnative-pg a95a534, v1.30). A `Cluster` has no pod
 * template: the operator creates its instance pods itself (`NewInstance` in pkg/specs/pods.go) with
 * `cnpg.io/cluster`, `cnpg.io/podRole: instance` and the `app.kubernetes.io/` labels (constants in
 * pkg/utils/labels_annotations.go), plus `spec.inheritedMetadata.labels`; ports postgresql 5432,
 * metrics 9187, status 8000 (pods.go). A `Pooler` is a Deployment from `spec.template` with
 * `cnpg.io/poolerName`, its cluster's `cnpg.io/cluster` and `app.kubernetes.io/instance`, and ports
 * pgbouncer 5432, metrics 9127 (pkg/specs/pgbouncer/deployments.go). Left out: `cnpg.io/instanceName`,
 * `cnpg.io/instanceRole` (primary or replica, set at run time) and `app.kubernetes.io/version`.
 * Releases before 1.2x set fewer labels (a 1.19-era Pooler only `cnpg.io/poolerName`).
 */
export const cloudnativePg: WorkloadPreset = {
  id: 'cloudnative-pg',
  operator: 'CloudNativePG',
  sources: [
    'cloudnative-pg/cloudnative-pg pkg/specs/pods.go@a95a534',
    'cloudnative-pg/cloudnative-pg pkg/utils/labels_annotations.go@a95a534',
    'cloudnative-pg/cloudnative-pg pkg/specs/pgbouncer/deployments.go@a95a534',
    'https://cloudnative-pg.io/documentation/current/labels_annotations/',
  ],
  kinds: [
    {
      group: 'postgresql.cnpg.io',
      kind: 'Cluster',
      podLabels: 'spec.inheritedMetadata.labels',
      labels: {
        'cnpg.io/cluster': '{name}',
        'cnpg.io/podRole': 'instance',
        'app.kubernetes.io/name': 'postgresql',
        'app.kubernetes.io/instance': '{name}',
        'app.kubernetes.io/component': 'database',
        'app.kubernetes.io/managed-by': 'cloudnative-pg',
      },
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
      like: 'Deployment',
      labels: {
        'cnpg.io/poolerName': '{name}',
        'cnpg.io/cluster': '{field:spec.cluster.name}',
        'cnpg.io/podRole': 'pooler',
        'app.kubernetes.io/name': 'postgresql',
        'app.kubernetes.io/instance': '{field:spec.cluster.name}',
        'app.kubernetes.io/component': 'pooler',
        'app.kubernetes.io/managed-by': 'cloudnative-pg',
      },
      ports: [
        { name: 'pgbouncer', containerPort: 5432 },
        { name: 'metrics', containerPort: 9127 },
      ],
    },
  ],
};
