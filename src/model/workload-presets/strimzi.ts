import type { WorkloadPreset } from './preset.ts';

/**
 * Strimzi (read at strimzi/strimzi-kafka-operator 8541da1, 1.2). Every pod carries
 * `Labels.generateDefaultLabels` (operator-common/src/main/java/io/strimzi/operator/common/model/Labels.java):
 * the resource's own labels except `app.kubernetes.io/` ones, then `strimzi.io/kind`, `strimzi.io/name`
 * (the component, `<name>-connect`), `strimzi.io/cluster`, `strimzi.io/component-type`,
 * `app.kubernetes.io/name` (the type), `app.kubernetes.io/instance`, `app.kubernetes.io/part-of:
 * strimzi-<name>` and `app.kubernetes.io/managed-by: strimzi-cluster-operator`. Kafka brokers and
 * controllers are the pods of a `KafkaNodePool` (cluster-operator/.../model/KafkaPool.java): labelled as
 * the Kafka cluster named by its `strimzi.io/cluster` label, plus `strimzi.io/pool-name`; a Kafka without
 * node pools (`spec.kafka.replicas`, releases before 0.46, with ZooKeeper) has them itself. Other pods
 * of a Kafka: entity operator, Cruise Control, Kafka Exporter, each when its section is set. Pod
 * labels of `template.pod.metadata.labels` are added. Ports: `tcp-kafkaagent` 8443 on every Kafka
 * node (KafkaCluster.java; the others depend on the node's roles and the listeners), `rest-api` 8083 of
 * Connect and MirrorMaker 2, `rest-api` 8080 and `rest-api-mgmt` 8081 of the Bridge, `rest-api` 9090 of
 * Cruise Control. Left out: `strimzi.io/broker-role`, `strimzi.io/controller-role` and `strimzi.io/pod-name`,
 * which differ per pod.
 */
function component(kind: string, cluster: string, suffix: string, type: string): Record<string, string> {
  return {
    'strimzi.io/kind': kind,
    'strimzi.io/cluster': cluster,
    'strimzi.io/name': `${cluster}-${suffix}`,
    'strimzi.io/component-type': type,
    'app.kubernetes.io/name': type,
    'app.kubernetes.io/instance': cluster,
    'app.kubernetes.io/part-of': `strimzi-${cluster}`,
    'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
  };
}

/** Strimzi copies the resource's labels except these (STRIMZI_LABELS_EXCLUSION_PATTERN, less part-of, which it sets itself). */
const copied = { resourceLabels: true, resourceLabelsExcept: ['app.kubernetes.io/', 'kustomize.toolkit.fluxcd.io'] };
const kafkaAgent = [{ name: 'tcp-kafkaagent', containerPort: 8443 }];

export const strimzi: WorkloadPreset = {
  id: 'strimzi',
  operator: 'Strimzi',
  sources: [
    'strimzi/strimzi-kafka-operator operator-common/src/main/java/io/strimzi/operator/common/model/Labels.java@8541da1',
    'strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaPool.java@8541da1',
    'strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaCluster.java@8541da1',
    'strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaBridgeCluster.java@8541da1',
  ],
  kinds: [
    {
      group: 'kafka.strimzi.io',
      kind: 'KafkaNodePool',
      ...copied,
      podLabels: 'spec.template.pod.metadata.labels',
      labels: { ...component('Kafka', '{label:strimzi.io/cluster}', 'kafka', 'kafka'), 'strimzi.io/pool-name': '{name}' },
      ports: kafkaAgent,
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'Kafka',
      when: 'spec.kafka.replicas',
      ...copied,
      podLabels: 'spec.kafka.template.pod.metadata.labels',
      labels: component('Kafka', '{name}', 'kafka', 'kafka'),
      ports: kafkaAgent,
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'Kafka',
      when: 'spec.zookeeper',
      ...copied,
      podLabels: 'spec.zookeeper.template.pod.metadata.labels',
      labels: component('Kafka', '{name}', 'zookeeper', 'zookeeper'),
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'Kafka',
      when: 'spec.entityOperator',
      ...copied,
      podLabels: 'spec.entityOperator.template.pod.metadata.labels',
      labels: component('Kafka', '{name}', 'entity-operator', 'entity-operator'),
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'Kafka',
      when: 'spec.cruiseControl',
      ...copied,
      podLabels: 'spec.cruiseControl.template.pod.metadata.labels',
      labels: component('Kafka', '{name}', 'cruise-control', 'cruise-control'),
      ports: [{ name: 'rest-api', containerPort: 9090 }],
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'Kafka',
      when: 'spec.kafkaExporter',
      ...copied,
      podLabels: 'spec.kafkaExporter.template.pod.metadata.labels',
      labels: component('Kafka', '{name}', 'kafka-exporter', 'kafka-exporter'),
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'KafkaConnect',
      ...copied,
      podLabels: 'spec.template.pod.metadata.labels',
      labels: component('KafkaConnect', '{name}', 'connect', 'kafka-connect'),
      ports: [{ name: 'rest-api', containerPort: 8083 }],
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'KafkaMirrorMaker2',
      ...copied,
      podLabels: 'spec.template.pod.metadata.labels',
      labels: component('KafkaMirrorMaker2', '{name}', 'mirrormaker2', 'kafka-mirror-maker-2'),
      ports: [{ name: 'rest-api', containerPort: 8083 }],
    },
    {
      group: 'kafka.strimzi.io',
      kind: 'KafkaBridge',
      ...copied,
      podLabels: 'spec.template.pod.metadata.labels',
      labels: component('KafkaBridge', '{name}', 'bridge', 'kafka-bridge'),
      ports: [
        { name: 'rest-api', containerPort: 8080 },
        { name: 'rest-api-mgmt', containerPort: 8081 },
      ],
    },
  ],
};
