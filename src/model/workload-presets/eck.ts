import type { WorkloadPreset } from '../custom-workloads.ts';

/**
 * Elastic Cloud on Kubernetes: every pod carries `common.k8s.elastic.co/type`; Elasticsearch pods
 * `elasticsearch.k8s.elastic.co/cluster-name`, Kibana pods `kibana.k8s.elastic.co/name`
 * (https://www.elastic.co/guide/en/cloud-on-k8s/current/k8s-network-policies.html selects them by
 * these labels; elastic/cloud-on-k8s pkg/controller/elasticsearch/label/label.go, pkg/controller/kibana/label.go).
 * Ports: Elasticsearch 9200 (https, or http without TLS) and transport 9300, Kibana 5601
 * (https://www.elastic.co/guide/en/cloud-on-k8s/current/k8s-network-policies.html). Each
 * Elasticsearch node set has its own `podTemplate`: their labels are left out.
 */
export const eck: WorkloadPreset = {
  id: 'eck',
  operator: 'Elastic Cloud on Kubernetes',
  sources: [
    'https://www.elastic.co/guide/en/cloud-on-k8s/current/k8s-network-policies.html',
    'elastic/cloud-on-k8s pkg/controller/elasticsearch/label/label.go',
    'elastic/cloud-on-k8s pkg/controller/kibana/label.go',
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
      labels: { 'common.k8s.elastic.co/type': 'kibana', 'kibana.k8s.elastic.co/name': '{name}' },
      ports: [{ name: 'https', containerPort: 5601 }],
    },
  ],
};
