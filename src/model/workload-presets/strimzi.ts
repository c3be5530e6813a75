import type { WorkloadPreset } from '../custom-workloads.ts';

/**
 * Strimzi: every pod carries `Labels.generateDefaultLabels` (strimzi/strimzi-kafka-operator
 * operator-common/src/main/java/io/strimzi/operator/common/model/Labels.java): `strimzi.io/kind` (the
 * resource's kind), `strimzi.io/cluster` (its name), `strimzi.io/name` (the component: `<name>-kafka`,
 * `<name>-connect`, ...), `strimzi.io/component-type`, `app.kubernetes.io/name` (the component type),
 * `app.kubernetes.io/instance` and `app.kubernetes.io/managed-by: strimzi-cluster-operator`; node-pool
 * pods add `strimzi.io/pool-name`. Pod labels of `spec.<component>.template.pod.metadata.labels` are
 * added (https://strimzi.io/docs/operators/latest/configuring.html#type-PodTemplate-reference). Ports:
 * the fixed internal listeners of brokers (tcp-ctrlplane 9090, tcp-replication 9091), ZooKeeper
 * (tcp-clients 2181, tcp-clustering 2888, tcp-election 3888) and the REST API of Connect, MirrorMaker 2
 * (rest-api 8083) and the Bridge (rest-api 8080); listener ports come from `spec.kafka.listeners`.
 */
const managed = { 'app.kubernetes.io/managed-by': 'strimzi-cluster-operator' };

/** The labels of one component of a Strimzi cluster named `cluster` (a placeholder). */
function component(kind: string, cluster: string, suffix: string, type: string): Record<string, string> {
  return {
    ...managed,
    'strimzi.io/kind': kind,
    'strimzi.io/cluster': cluster,
    'strimzi.io/name': `${cluster}-${suffix}`,
    'strimzi.io/component-type': type,
    'app.kubernetes.io/name': type,
    'app.kubernetes.io/instance': cluster,
  };
}

const brokerPorts = [
  { name: 'tcp-ctrlplane', containerPort: 9090 },
  { name: 'tcp-replication', containerPort: 9091 },
];

export const strimzi: WorkloadPreset = {
  id: 'strimzi',
  operator: 'Strimzi',
  sources: [
    'strimzi/strimzi-kafka-operator operator-common/src/main/java/io/strimzi/operator/common/model/Labels.java',
    'https://strimzi.io/docs/operators/latest/configuring.html',
  ],
  kinds: [
    {
      group: 'kafka.strimzi.io',
      kind: 'Kafka',
      podLabels: 'spec.kafka.template.pod.metadata.labels',
      labels: component('Kafka', '{name}', 'kafka', 'kafka'),
      ports: brokerPorts,
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'Kafka',
      when: 'spec.zookeeper',
      podLabels: 'spec.zookeeper.template.pod.metadata.labels',
      labels: component('Kafka', '{name}', 'zookeeper', 'zookeeper'),
      ports: [
        { name: 'tcp-clients', containerPort: 2181 },
        { name: 'tcp-clustering', containerPort: 2888 },
        { name: 'tcp-election', containerPort: 3888 },
      ],
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'Kafka',
      when: 'spec.entityOperator',
      podLabels: 'spec.entityOperator.template.pod.metadata.labels',
      labels: component('Kafka', '{name}', 'entity-operator', 'entity-operator'),
    },
    {
      // A node pool names its Kafka cluster in the `strimzi.io/cluster` label it must carry.
      group: 'kafka.strimzi.io',
      kind: 'KafkaNodePool',
      podLabels: 'spec.template.pod.metadata.labels',
      labels: { ...component('Kafka', '{label:strimzi.io/cluster}', 'kafka', 'kafka'), 'strimzi.io/pool-name': '{name}' },
      ports: brokerPorts,
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'KafkaConnect',
      podLabels: 'spec.template.pod.metadata.labels',
      labels: component('KafkaConnect', '{name}', 'connect', 'kafka-connect'),
      ports: [{ name: 'rest-api', containerPort: 8083 }],
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'KafkaBridge',
      podLabels: 'spec.template.pod.metadata.labels',
      labels: component('KafkaBridge', '{name}', 'bridge', 'kafka-bridge'),
      ports: [{ name: 'rest-api', containerPort: 8080 }],
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'KafkaMirrorMaker2',
      podLabels: 'spec.template.pod.metadata.labels',
      labels: component('KafkaMirrorMaker2', '{name}', 'mirrormaker2', 'kafka-mirror-maker-2'),
      ports: [{ name: 'rest-api', containerPort: 8083 }],
    },
  ],
};
