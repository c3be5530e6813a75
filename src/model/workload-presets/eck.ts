import type { WorkloadPreset } from './preset.ts';

/**
 * Elastic Cloud on Kubernetes (read at elastic/cloud-on-k8s 7b93383, v3.5). Every pod carries
 * `common.k8s.elastic.co/type` and the resource's name label: Elasticsearch
 * `elasticsearch.k8s.elastic.co/cluster-name` (pkg/controller/elasticsearch/label/label.go), Kibana
 * `kibana.k8s.elastic.co/name` (pkg/controller/kibana/label/label.go), APM Server `apm.k8s.elastic.co/name`
 * (pkg/apis/apm/v1/labels.go), Logstash `logstash.k8s.elastic.co/name` (pkg/controller/logstash/labels/labels.go),
 * Beat `beat.k8s.elastic.co/name` (pkg/controller/beat/common/labels.go), Agent `agent.k8s.elastic.co/name`
 * (pkg/controller/agent/labels.go). Ports: Elasticsearch 9200 and `transport` 9300
 * (pkg/controller/elasticsearch/nodespec/podspec.go), Kibana 5601 (pkg/controller/kibana/pod.go), APM
 * Server 8200, Logstash `http` 9600; the HTTP port is named `https`, or `http` when TLS is off.
 * Elasticsearch node sets each have their own `podTemplate` (`spec.nodeSets[]`): their labels are left
 * out, as are the per-node-set, role and version labels.
 */
export const eck: WorkloadPreset = {
  id: 'eck',
  operator: 'Elastic Cloud on Kubernetes',
  sources: [
    'elastic/cloud-on-k8s pkg/controller/elasticsearch/label/label.go@7b93383',
    'elastic/cloud-on-k8s pkg/controller/elasticsearch/nodespec/podspec.go@7b93383',
    'elastic/cloud-on-k8s pkg/controller/kibana/label/label.go@7b93383',
    'elastic/cloud-on-k8s pkg/controller/kibana/pod.go@7b93383',
    'elastic/cloud-on-k8s pkg/apis/apm/v1/labels.go@7b93383',
    'elastic/cloud-on-k8s pkg/controller/logstash/labels/labels.go@7b93383',
    'elastic/cloud-on-k8s pkg/controller/beat/common/labels.go@7b93383',
    'elastic/cloud-on-k8s pkg/controller/agent/labels.go@7b93383',
  ],
  kinds: [
    {
      group: 'elasticsearch.k8s.elastic.co',
      kind: 'Elasticsearch',
      labels: { 'common.k8s.elastic.co/type': 'elasticsearch', 'elasticsearch.k8s.elastic.co/cluster-name': '{name}' },
      ports: [
        { name: 'https', containerPort: 9200 },
        { name: 'transport', containerPort: 9300 },
      ],
    },
    {
      group: 'kibana.k8s.elastic.co',
      kind: 'Kibana',
      podTemplate: 'spec.podTemplate',
      like: 'Deployment',
      labels: { 'common.k8s.elastic.co/type': 'kibana', 'kibana.k8s.elastic.co/name': '{name}' },
      ports: [{ name: 'https', containerPort: 5601 }],
    },
    {
      group: 'apm.k8s.elastic.co',
      kind: 'ApmServer',
      podTemplate: 'spec.podTemplate',
      like: 'Deployment',
      labels: { 'common.k8s.elastic.co/type': 'apm-server', 'apm.k8s.elastic.co/name': '{name}' },
      ports: [{ name: 'https', containerPort: 8200 }],
    },
    {
      group: 'logstash.k8s.elastic.co',
      kind: 'Logstash',
      podTemplate: 'spec.podTemplate',
      labels: { 'common.k8s.elastic.co/type': 'logstash', 'logstash.k8s.elastic.co/name': '{name}' },
      ports: [{ name: 'http', containerPort: 9600 }],
    },
    // A Beat or an Agent runs as a DaemonSet, a Deployment (or, for an Agent, a StatefulSet), by which section is set.
    ...(['daemonSet', 'deployment'] as const).map((section) => ({
      group: 'beat.k8s.elastic.co',
      kind: 'Beat',
      when: `spec.${section}`,
      podTemplate: `spec.${section}.podTemplate`,
      like: section === 'daemonSet' ? ('DaemonSet' as const) : ('Deployment' as const),
      labels: { 'common.k8s.elastic.co/type': 'beat', 'beat.k8s.elastic.co/name': '{name}' },
    })),
    ...(['daemonSet', 'deployment', 'statefulSet'] as const).map((section) => ({
      group: 'agent.k8s.elastic.co',
      kind: 'Agent',
      when: `spec.${section}`,
      podTemplate: `spec.${section}.podTemplate`,
      // Not like a StatefulSet: the operator, not the resource, sets the StatefulSet's serviceName.
      ...(section === 'statefulSet' ? {} : { like: section === 'daemonSet' ? ('DaemonSet' as const) : ('Deployment' as const) }),
      labels: { 'common.k8s.elastic.co/type': 'agent', 'agent.k8s.elastic.co/name': '{name}' },
    })),
  ],
};
