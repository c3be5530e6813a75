import type { WorkloadPreset } from './preset.ts';

/**
 * Prometheus Operator (read at prometheus-operator/prometheus-operator 6adcebc, v0.93): a StatefulSet
 * per resource. Pod labels: the controller's `makeSelectorLabels` (pkg/prometheus/server/operator.go,
 * pkg/prometheus/agent/operator.go, pkg/alertmanager/operator.go, pkg/thanos/operator.go), copied over
 * `spec.podMetadata.labels` so that they win. Ports: `{spec.portName (web), 9090}`
 * (pkg/prometheus/common.go MakeContainerPorts), 9093 and the mesh 9094 TCP and UDP
 * (pkg/alertmanager/statefulset.go), grpc 10901 and web 10902 (pkg/thanos/statefulset.go), and the
 * config reloader's `reloader-web` 8080 (pkg/operator/config_reloader.go). `spec.containers` is
 * merged into the operator's containers. Left out: `operator.prometheus.io/shard` and
 * `app.kubernetes.io/version`, whose values differ per shard and release, and the `app` label of
 * releases before v0.52.
 */
const managed = { 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/instance': '{name}' };
const pod = { podLabels: 'spec.podMetadata.labels', containers: 'spec.containers' };
const reloader = { name: 'reloader-web', containerPort: 8080 };

export const prometheusOperator: WorkloadPreset = {
  id: 'prometheus-operator',
  operator: 'Prometheus Operator',
  sources: [
    'prometheus-operator/prometheus-operator pkg/prometheus/server/operator.go@6adcebc',
    'prometheus-operator/prometheus-operator pkg/prometheus/common.go@6adcebc',
    'prometheus-operator/prometheus-operator pkg/prometheus/agent/operator.go@6adcebc',
    'prometheus-operator/prometheus-operator pkg/alertmanager/operator.go@6adcebc',
    'prometheus-operator/prometheus-operator pkg/alertmanager/statefulset.go@6adcebc',
    'prometheus-operator/prometheus-operator pkg/thanos/operator.go@6adcebc',
    'prometheus-operator/prometheus-operator pkg/thanos/statefulset.go@6adcebc',
    'prometheus-operator/prometheus-operator pkg/operator/config_reloader.go@6adcebc',
  ],
  kinds: [
    {
      group: 'monitoring.coreos.com',
      kind: 'Prometheus',
      ...pod,
      labels: { ...managed, 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': '{name}', prometheus: '{name}' },
      ports: [{ name: 'web', containerPort: 9090 }, reloader],
    },
    {
      group: 'monitoring.coreos.com',
      kind: 'PrometheusAgent',
      ...pod,
      labels: { ...managed, 'app.kubernetes.io/name': 'prometheus-agent', 'operator.prometheus.io/name': '{name}' },
      ports: [{ name: 'web', containerPort: 9090 }, reloader],
    },
    {
      group: 'monitoring.coreos.com',
      kind: 'Alertmanager',
      ...pod,
      labels: { ...managed, 'app.kubernetes.io/name': 'alertmanager', alertmanager: '{name}' },
      ports: [
        { name: 'web', containerPort: 9093 },
        { name: 'mesh-tcp', containerPort: 9094 },
        { name: 'mesh-udp', containerPort: 9094, protocol: 'UDP' },
        reloader,
      ],
    },
    {
      group: 'monitoring.coreos.com',
      kind: 'ThanosRuler',
      ...pod,
      labels: { ...managed, 'app.kubernetes.io/name': 'thanos-ruler', 'thanos-ruler': '{name}' },
      ports: [
        { name: 'grpc', containerPort: 10901 },
        { name: 'web', containerPort: 10902 },
      ],
    },
  ],
};
