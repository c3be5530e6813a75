import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toSourceFiles } from '../../../test/support/rule-tester.ts';
import { parseSources } from '../../source/parse.ts';
import { buildModel, DEFAULT_SETTINGS } from '../build.ts';
import { containerPorts } from '../../semantics/ports.ts';
import type { Workload } from '../types.ts';
import { resolveWorkloadKind } from '../custom-workloads.ts';
import { WORKLOAD_PRESETS } from './index.ts';

/** The workloads the default settings (every preset) read from manifests. */
const workloadsOf = (text: string): readonly Workload[] => buildModel(parseSources(toSourceFiles(text)), DEFAULT_SETTINGS).workloads;

/** `name/number/protocol` of each declared port, as the port rules and the policy engine see them. */
const portsOf = (workload: Workload) => containerPorts(workload).map(({ port }) => `${port.name ?? ''}/${port.containerPort}/${port.protocol}`);

/**
 * One custom resource per preset kind, and what its operator's source or documentation (cited in each
 * preset module) says its pods carry. Labels are compared whole: a label the operator does not set
 * would make a selector match pods that do not exist.
 */
const cases: readonly { name: string; manifest: string; kind: string; labels: Record<string, string>; ports: string[] }[] = [
  {
    name: 'a Prometheus with podMetadata labels',
    manifest: 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\nspec:\n  podMetadata:\n    labels: {team: obs, prometheus: overridden}\n',
    kind: 'Prometheus',
    labels: {
      team: 'obs',
      prometheus: 'k8s',
      'app.kubernetes.io/name': 'prometheus',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/instance': 'k8s',
      'operator.prometheus.io/name': 'k8s',
    },
    ports: ['web/9090/TCP', 'reloader-web/8080/TCP'],
  },
  {
    name: 'an Alertmanager with a sidecar in spec.containers',
    manifest:
      'apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main, namespace: monitoring}\nspec:\n  containers:\n    - name: proxy\n      ports: [{name: proxy, containerPort: 8443}]\n',
    kind: 'Alertmanager',
    labels: { alertmanager: 'main', 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/instance': 'main' },
    ports: ['proxy/8443/TCP', 'web/9093/TCP', 'mesh-tcp/9094/TCP', 'mesh-udp/9094/UDP', 'reloader-web/8080/TCP'],
  },
  {
    name: 'a ThanosRuler',
    manifest: 'apiVersion: monitoring.coreos.com/v1\nkind: ThanosRuler\nmetadata: {name: rules, namespace: monitoring}\nspec: {}\n',
    kind: 'ThanosRuler',
    labels: { 'thanos-ruler': 'rules', 'app.kubernetes.io/name': 'thanos-ruler', 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/instance': 'rules' },
    ports: ['grpc/10901/TCP', 'web/10902/TCP'],
  },
  {
    name: 'a CloudNativePG Cluster with inherited labels',
    manifest: 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: pg, namespace: db}\nspec:\n  instances: 3\n  inheritedMetadata:\n    labels: {app: billing}\n',
    kind: 'Cluster',
    labels: {
      app: 'billing',
      'cnpg.io/cluster': 'pg',
      'cnpg.io/podRole': 'instance',
      'app.kubernetes.io/name': 'postgresql',
      'app.kubernetes.io/instance': 'pg',
      'app.kubernetes.io/component': 'database',
      'app.kubernetes.io/managed-by': 'cloudnative-pg',
    },
    ports: ['postgresql/5432/TCP', 'metrics/9187/TCP', 'status/8000/TCP'],
  },
  {
    name: 'a CloudNativePG Pooler with a pod template',
    manifest: 'apiVersion: postgresql.cnpg.io/v1\nkind: Pooler\nmetadata: {name: pg-rw, namespace: db}\nspec:\n  cluster: {name: pg}\n  template:\n    metadata:\n      labels: {tier: pool}\n',
    kind: 'Pooler',
    labels: {
      tier: 'pool',
      'cnpg.io/poolerName': 'pg-rw',
      'cnpg.io/cluster': 'pg',
      'cnpg.io/podRole': 'pooler',
      'app.kubernetes.io/name': 'postgresql',
      'app.kubernetes.io/instance': 'pg',
      'app.kubernetes.io/component': 'pooler',
      'app.kubernetes.io/managed-by': 'cloudnative-pg',
    },
    ports: ['pgbouncer/5432/TCP', 'metrics/9127/TCP'],
  },
  {
    name: 'a Strimzi KafkaNodePool of cluster "events", with labels of its own',
    manifest:
      'apiVersion: kafka.strimzi.io/v1\nkind: KafkaNodePool\nmetadata:\n  name: brokers\n  namespace: kafka\n  labels: {strimzi.io/cluster: events, team: data, app.kubernetes.io/version: "4"}\nspec:\n  replicas: 3\n  roles: [broker]\n  template:\n    pod:\n      metadata:\n        labels: {zone: a}\n',
    kind: 'KafkaNodePool',
    labels: {
      zone: 'a',
      team: 'data',
      'strimzi.io/kind': 'Kafka',
      'strimzi.io/cluster': 'events',
      'strimzi.io/name': 'events-kafka',
      'strimzi.io/component-type': 'kafka',
      'strimzi.io/pool-name': 'brokers',
      'app.kubernetes.io/name': 'kafka',
      'app.kubernetes.io/instance': 'events',
      'app.kubernetes.io/part-of': 'strimzi-events',
      'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
    },
    ports: ['tcp-kafkaagent/8443/TCP'],
  },
  {
    name: 'a Strimzi Kafka without node pools (spec.kafka.replicas)',
    manifest: 'apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata: {name: events, namespace: kafka}\nspec:\n  kafka:\n    replicas: 3\n    template:\n      pod:\n        metadata:\n          labels: {team: data}\n',
    kind: 'Kafka',
    labels: {
      team: 'data',
      'strimzi.io/kind': 'Kafka',
      'strimzi.io/cluster': 'events',
      'strimzi.io/name': 'events-kafka',
      'strimzi.io/component-type': 'kafka',
      'app.kubernetes.io/name': 'kafka',
      'app.kubernetes.io/instance': 'events',
      'app.kubernetes.io/part-of': 'strimzi-events',
      'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
    },
    ports: ['tcp-kafkaagent/8443/TCP'],
  },
  {
    name: 'a Strimzi KafkaConnect',
    manifest: 'apiVersion: kafka.strimzi.io/v1\nkind: KafkaConnect\nmetadata: {name: sink, namespace: kafka}\nspec: {}\n',
    kind: 'KafkaConnect',
    labels: {
      'strimzi.io/kind': 'KafkaConnect',
      'strimzi.io/cluster': 'sink',
      'strimzi.io/name': 'sink-connect',
      'strimzi.io/component-type': 'kafka-connect',
      'app.kubernetes.io/name': 'kafka-connect',
      'app.kubernetes.io/instance': 'sink',
      'app.kubernetes.io/part-of': 'strimzi-sink',
      'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
    },
    ports: ['rest-api/8083/TCP'],
  },
  {
    name: 'a Strimzi KafkaBridge',
    manifest: 'apiVersion: kafka.strimzi.io/v1\nkind: KafkaBridge\nmetadata: {name: http, namespace: kafka}\nspec: {}\n',
    kind: 'KafkaBridge',
    labels: {
      'strimzi.io/kind': 'KafkaBridge',
      'strimzi.io/cluster': 'http',
      'strimzi.io/name': 'http-bridge',
      'strimzi.io/component-type': 'kafka-bridge',
      'app.kubernetes.io/name': 'kafka-bridge',
      'app.kubernetes.io/instance': 'http',
      'app.kubernetes.io/part-of': 'strimzi-http',
      'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
    },
    ports: ['rest-api/8080/TCP', 'rest-api-mgmt/8081/TCP'],
  },
  {
    name: 'a Strimzi KafkaMirrorMaker2',
    manifest: 'apiVersion: kafka.strimzi.io/v1\nkind: KafkaMirrorMaker2\nmetadata: {name: dr, namespace: kafka}\nspec: {}\n',
    kind: 'KafkaMirrorMaker2',
    labels: {
      'strimzi.io/kind': 'KafkaMirrorMaker2',
      'strimzi.io/cluster': 'dr',
      'strimzi.io/name': 'dr-mirrormaker2',
      'strimzi.io/component-type': 'kafka-mirror-maker-2',
      'app.kubernetes.io/name': 'kafka-mirror-maker-2',
      'app.kubernetes.io/instance': 'dr',
      'app.kubernetes.io/part-of': 'strimzi-dr',
      'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
    },
    ports: ['rest-api/8083/TCP'],
  },
  {
    name: 'an Argo Rollout with a pod template',
    manifest:
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]\n',
    kind: 'Rollout',
    labels: { app: 'web' },
    ports: ['http/8080/TCP'],
  },
  {
    name: 'a Knative Service',
    manifest:
      'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: hello, namespace: apps}\nspec:\n  template:\n    metadata: {labels: {team: web}}\n    spec:\n      containers: [{image: hello, ports: [{containerPort: 8080}]}]\n',
    kind: 'Service.serving.knative.dev',
    labels: { team: 'web', 'serving.knative.dev/service': 'hello', 'serving.knative.dev/configuration': 'hello' },
    ports: ['/8080/TCP', 'queue-port/8012/TCP', 'http-autometric/9090/TCP', 'http-usermetric/9091/TCP'],
  },
  {
    name: 'a Knative Configuration',
    manifest: 'apiVersion: serving.knative.dev/v1\nkind: Configuration\nmetadata: {name: worker, namespace: apps}\nspec:\n  template:\n    spec:\n      containers: [{image: worker}]\n',
    kind: 'Configuration',
    labels: { 'serving.knative.dev/configuration': 'worker' },
    ports: ['queue-port/8012/TCP', 'http-autometric/9090/TCP', 'http-usermetric/9091/TCP'],
  },
  {
    name: 'an OpenKruise CloneSet',
    manifest: 'apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: api}]\n',
    kind: 'CloneSet',
    labels: { app: 'api' },
    ports: [],
  },
  {
    name: 'an OpenKruise Advanced StatefulSet',
    manifest: 'apiVersion: apps.kruise.io/v1beta1\nkind: StatefulSet\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: db}]\n',
    kind: 'StatefulSet.apps.kruise.io',
    labels: { app: 'db' },
    ports: [],
  },
  {
    name: 'an OpenKruise Advanced DaemonSet',
    manifest: 'apiVersion: apps.kruise.io/v1alpha1\nkind: DaemonSet\nmetadata: {name: agent, namespace: ops}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: agent, image: agent}]\n',
    kind: 'DaemonSet.apps.kruise.io',
    labels: { app: 'agent' },
    ports: [],
  },
  {
    name: 'an ECK Elasticsearch',
    manifest: 'apiVersion: elasticsearch.k8s.elastic.co/v1\nkind: Elasticsearch\nmetadata: {name: logs, namespace: elastic}\nspec:\n  nodeSets: [{name: default, count: 3}]\n',
    kind: 'Elasticsearch',
    labels: { 'common.k8s.elastic.co/type': 'elasticsearch', 'elasticsearch.k8s.elastic.co/cluster-name': 'logs' },
    ports: ['https/9200/TCP', 'transport/9300/TCP'],
  },
  {
    name: 'an ECK Kibana',
    manifest: 'apiVersion: kibana.k8s.elastic.co/v1\nkind: Kibana\nmetadata: {name: ui, namespace: elastic}\nspec:\n  podTemplate:\n    metadata: {labels: {team: ops}}\n',
    kind: 'Kibana',
    labels: { team: 'ops', 'common.k8s.elastic.co/type': 'kibana', 'kibana.k8s.elastic.co/name': 'ui' },
    ports: ['https/5601/TCP'],
  },
  {
    name: 'a PrometheusAgent',
    manifest: 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: agent, namespace: monitoring}\nspec: {}\n',
    kind: 'PrometheusAgent',
    labels: {
      'app.kubernetes.io/name': 'prometheus-agent',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/instance': 'agent',
      'operator.prometheus.io/name': 'agent',
    },
    ports: ['web/9090/TCP', 'reloader-web/8080/TCP'],
  },
  {
    name: 'an ECK ApmServer',
    manifest: 'apiVersion: apm.k8s.elastic.co/v1\nkind: ApmServer\nmetadata: {name: apm, namespace: elastic}\nspec: {count: 1}\n',
    kind: 'ApmServer',
    labels: { 'common.k8s.elastic.co/type': 'apm-server', 'apm.k8s.elastic.co/name': 'apm' },
    ports: ['https/8200/TCP'],
  },
  {
    name: 'an ECK Logstash',
    manifest: 'apiVersion: logstash.k8s.elastic.co/v1alpha1\nkind: Logstash\nmetadata: {name: ls, namespace: elastic}\nspec: {count: 1}\n',
    kind: 'Logstash',
    labels: { 'common.k8s.elastic.co/type': 'logstash', 'logstash.k8s.elastic.co/name': 'ls' },
    ports: ['http/9600/TCP'],
  },
  {
    name: 'an ECK Beat run as a DaemonSet',
    manifest:
      'apiVersion: beat.k8s.elastic.co/v1beta1\nkind: Beat\nmetadata: {name: filebeat, namespace: elastic}\nspec:\n  daemonSet:\n    podTemplate:\n      metadata: {labels: {team: ops}}\n',
    kind: 'Beat',
    labels: { team: 'ops', 'common.k8s.elastic.co/type': 'beat', 'beat.k8s.elastic.co/name': 'filebeat' },
    ports: [],
  },
  {
    name: 'an ECK Agent run as a Deployment',
    manifest: 'apiVersion: agent.k8s.elastic.co/v1alpha1\nkind: Agent\nmetadata: {name: fleet, namespace: elastic}\nspec:\n  deployment: {replicas: 1}\n',
    kind: 'Agent',
    labels: { 'common.k8s.elastic.co/type': 'agent', 'agent.k8s.elastic.co/name': 'fleet' },
    ports: [],
  },
  {
    name: 'a KEDA ScaledJob',
    manifest:
      'apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nmetadata: {name: worker, namespace: jobs}\nspec:\n  jobTargetRef:\n    template:\n      metadata: {labels: {app: worker}}\n      spec:\n        containers: [{name: worker, image: worker}]\n',
    kind: 'ScaledJob',
    labels: { app: 'worker', 'scaledjob.keda.sh/name': 'worker' },
    ports: [],
  },
];

describe('built-in workload presets', () => {
  for (const c of cases) {
    it(`when the manifests hold ${c.name}, then it is a ${c.kind} workload with the operator's pod labels and ports`, () => {
      const workloads = workloadsOf(c.manifest);
      assert.equal(workloads.length, 1);
      const [workload] = workloads;
      assert.equal(workload!.kind, c.kind);
      assert.deepEqual(workload!.template.labels, c.labels);
      assert.deepEqual(portsOf(workload!), c.ports);
    });
  }

  it('when every preset kind is listed, then each has a case above (a new preset needs its test)', () => {
    const tested = new Set(cases.map((c) => c.kind.split('.')[0]));
    const missing = WORKLOAD_PRESETS.flatMap((preset) => preset.kinds.map((kind) => kind.kind)).filter((kind) => !tested.has(kind));
    assert.deepEqual(missing, []);
  });

  it('when every preset cites its sources, then each source is a URL or a repository path', () => {
    for (const preset of WORKLOAD_PRESETS) {
      assert.ok(preset.sources.length > 0, preset.id);
      for (const source of preset.sources) assert.match(source, /^(https:\/\/\S+|[\w.-]+\/[\w.-]+ \S+)$/, `${preset.id}: ${source}`);
    }
  });

  it('when a Strimzi Kafka uses node pools and sets the entity operator and Cruise Control, then those are its only pods', () => {
    const workloads = workloadsOf(
      'apiVersion: kafka.strimzi.io/v1\nkind: Kafka\nmetadata: {name: events, namespace: kafka}\nspec:\n  kafka: {listeners: []}\n  entityOperator: {topicOperator: {}}\n  cruiseControl: {}\n',
    );
    assert.deepEqual(
      workloads.map((w) => [w.template.labels['strimzi.io/name'], portsOf(w)]),
      [
        ['events-entity-operator', []],
        ['events-cruise-control', ['rest-api/9090/TCP']],
      ],
    );
  });

  it('when a placeholder names a label or field the resource lacks, then that label is left out', () => {
    const [pool] = workloadsOf('apiVersion: kafka.strimzi.io/v1\nkind: KafkaNodePool\nmetadata: {name: brokers, namespace: kafka}\nspec: {replicas: 3}\n');
    assert.deepEqual(Object.keys(pool!.template.labels).sort(), ['app.kubernetes.io/managed-by', 'strimzi.io/component-type', 'strimzi.io/kind', 'strimzi.io/pool-name', 'app.kubernetes.io/name'].sort());
    const [pooler] = workloadsOf('apiVersion: postgresql.cnpg.io/v1\nkind: Pooler\nmetadata: {name: rw, namespace: db}\nspec: {cluster: {}}\n');
    assert.equal(pooler!.template.labels['cnpg.io/cluster'], undefined);
    assert.equal(pooler!.template.labels['cnpg.io/poolerName'], 'rw');
  });

  it('when an Argo Rollout references a Deployment, then the Deployment is its pods, owned by the Rollout', () => {
    const workloads = workloadsOf(
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web-template}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-template, namespace: shop}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: web}]\n',
    );
    assert.deepEqual(
      workloads.map((w) => [w.kind, w.object.name, w.owner, w.template.labels]),
      [['Deployment', 'web-template', { kind: 'Rollout', name: 'web' }, { app: 'web' }]],
    );
  });

  it('when a custom resource has a preset kind\'s name in another group, then it is not a workload', () => {
    assert.deepEqual(workloadsOf('apiVersion: monitoring.example.com/v1\nkind: Prometheus\nmetadata: {name: k8s}\nspec: {}\n'), []);
  });
});

describe('custom workload kinds from the config', () => {
  it('when a declared path leads through __proto__ or constructor, then nothing outside the resource is read', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      workloadKinds: [resolveWorkloadKind({ group: 'example.com', kind: 'WebApp', podTemplate: '__proto__', podLabels: 'constructor.prototype', containers: 'spec.__proto__', labels: { app: '{name}' } })],
    };
    const model = buildModel(parseSources(toSourceFiles('apiVersion: example.com/v1\nkind: WebApp\nmetadata: {name: shop}\nspec: {}\n')), settings);
    assert.deepEqual(
      model.workloads.map((w) => [w.kind, w.template.labels, w.template.containers.length]),
      [['WebApp', { app: 'shop' }, 0]],
    );
  });
});
