/**
 * Services that operators create for their custom resources, by name: an Ingress backend or a
 * connection string names `<name>-es-http` or `<cluster>-rw`, which no manifest declares. This is the
 * hook for "which Services does a custom resource create": a table by API group and kind, written
 * from each operator's source (facts and file references in the research notes on operators), which
 * workload presets may extend. A kind not in the table may create Services of any name; one in it
 * creates at least the names listed (some create more, such as Strimzi's per-listener Services).
 */
import { groupOf } from '../model/kinds/define.ts';
import type { UnmodelledObject } from '../model/types.ts';

/** The Service names an object of one kind makes from its own name. */
type Naming = (name: string) => readonly string[];

const suffixed =
  (...suffixes: string[]): Naming =>
  (name) =>
    suffixes.map((suffix) => `${name}${suffix}`);

/** By `group/kind`. */
const SERVICE_NAMES: Readonly<Record<string, Naming>> = {
  // ECK: pkg/apis/elasticsearch/v1/name.go (namer "es"), pkg/apis/kibana/v1/name.go (namer "kb",
  // suffix "http"); Agent (namer "agent"), Elastic Maps Server (namer "ems") and Logstash (namer "ls",
  // suffix "api") alike.
  'elasticsearch.k8s.elastic.co/Elasticsearch': suffixed('-es-http', '-es-internal-http', '-es-transport', '-es-remote-cluster'),
  'kibana.k8s.elastic.co/Kibana': suffixed('-kb-http'),
  'agent.k8s.elastic.co/Agent': suffixed('-agent-http'),
  'maps.k8s.elastic.co/ElasticMapsServer': suffixed('-ems-http'),
  'logstash.k8s.elastic.co/Logstash': suffixed('-ls-api'),
  // CloudNativePG: pkg/specs/services.go, suffixes in api/v1/cluster_types.go; a Pooler's Service
  // is named after it (pkg/specs/pgbouncer/services.go).
  'postgresql.cnpg.io/Cluster': suffixed('-rw', '-ro', '-r', '-any'),
  'postgresql.cnpg.io/Pooler': suffixed(''),
  // Strimzi: KafkaResources.java (bootstrap and brokers; external listeners add more).
  'kafka.strimzi.io/Kafka': suffixed('-kafka-bootstrap', '-kafka-brokers'),
  'kafka.strimzi.io/KafkaBridge': suffixed('-bridge-service'),
  // Prometheus Operator: the governing Service of each kind's StatefulSets, one per namespace.
  'monitoring.coreos.com/Prometheus': () => ['prometheus-operated'],
  'monitoring.coreos.com/Alertmanager': () => ['alertmanager-operated'],
  'monitoring.coreos.com/ThanosRuler': () => ['thanos-ruler-operated'],
  // RabbitMQ cluster-operator: ChildResourceName (api/v1beta1/rabbitmqcluster_types.go).
  'rabbitmq.com/RabbitmqCluster': suffixed('', '-nodes'),
  // Zalando postgres-operator: pkg/cluster/k8sres.go (master, replica and Patroni config Services).
  'acid.zalan.do/postgresql': suffixed('', '-repl', '-config'),
};

/** The names of Services the operator of `object` is known to create for it; undefined when its kind is not known. */
export function createdServiceNames(object: UnmodelledObject): readonly string[] | undefined {
  const key = `${groupOf(object.apiVersion)}/${object.kind}`;
  return Object.hasOwn(SERVICE_NAMES, key) ? SERVICE_NAMES[key]!(object.name) : undefined;
}

/** The objects among `objects` whose operator creates a Service named `name`. */
export function creatorsOfService(objects: readonly UnmodelledObject[], name: string): UnmodelledObject[] {
  return objects.filter((object) => createdServiceNames(object)?.includes(name));
}
