import type { WorkloadPreset } from '../custom-workloads.ts';

/**
 * Prometheus Operator: a StatefulSet per resource. Labels: the selector labels of each controller
 * (`makeSelectorLabels` in prometheus-operator/prometheus-operator pkg/prometheus/server/operator.go,
 * pkg/alertmanager/operator.go, pkg/thanos/operator.go), set over `spec.podMetadata.labels`; ports:
 * `makeStatefulSetSpec` in pkg/prometheus/server/statefulset.go (web 9090), pkg/alertmanager/statefulset.go
 * (web 9093, mesh 9094 TCP and UDP), pkg/thanos/statefulset.go (grpc 10901, web 10902). `spec.containers`
 * is merged into the operator's containers. Left out: `operator.prometheus.io/shard`, whose value differs
 * per shard, and ports that depend on settings (a renamed `spec.portName`, the Thanos sidecar).
 */
const managed = { 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/instance': '{name}' };

export const prometheusOperator: WorkloadPreset = {
  id: 'prometheus-operator',
  operator: 'Prometheus Operator',
  sources: [
    'prometheus-operator/prometheus-operator pkg/prometheus/server/operator.go',
    'prometheus-operator/prometheus-operator pkg/prometheus/server/statefulset.go',
    'prometheus-operator/prometheus-operator pkg/alertmanager/operator.go',
    'prometheus-operator/prometheus-operator pkg/alertmanager/statefulset.go',
    'prometheus-operator/prometheus-operator pkg/thanos/operator.go',
    'prometheus-operator/prometheus-operator pkg/thanos/statefulset.go',
  ],
  kinds: [
    {
      group: 'monitoring.coreos.com',
      kind: 'Prometheus',
      podLabels: 'spec.podMetadata.labels',
      containers: 'spec.containers',
      labels: { ...managed, 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': '{name}', prometheus: '{name}' },
      ports: [{ name: 'web', containerPort: 9090 }],
    },
    {
      group: 'monitoring.coreos.com',
      kind: 'Alertmanager',
      podLabels: 'spec.podMetadata.labels',
      containers: 'spec.containers',
      labels: { ...managed, 'app.kubernetes.io/name': 'alertmanager', alertmanager: '{name}' },
      ports: [
        { name: 'web', containerPort: 9093 },
        { name: 'mesh-tcp', containerPort: 9094 },
        { name: 'mesh-udp', containerPort: 9094, protocol: 'UDP' },
      ],
    },
    {
      group: 'monitoring.coreos.com',
      kind: 'ThanosRuler',
      podLabels: 'spec.podMetadata.labels',
      containers: 'spec.containers',
      labels: { ...managed, 'app.kubernetes.io/name': 'thanos-ruler', 'thanos-ruler': '{name}' },
      ports: [
        { name: 'grpc', containerPort: 10901 },
        { name: 'web', containerPort: 10902 },
      ],
    },
  ],
};
