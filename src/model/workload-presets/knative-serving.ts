import type { WorkloadPreset } from '../custom-workloads.ts';

/**
 * Knative Serving: a `Service` makes a `Configuration`, which stamps a Revision (a Deployment) from
 * `spec.template` (https://knative.dev/docs/serving/reference/serving-api/). Revision pods carry
 * `serving.knative.dev/configuration` and, under a Service, `serving.knative.dev/service` (label keys
 * in knative/serving pkg/apis/serving/register.go). The queue-proxy sidecar receives the traffic on
 * queue-port 8012 (knative/serving pkg/reconciler/revision/resources/queue.go: requestQueueHTTPPortName,
 * networking.BackendHTTPPort; 8013 for h2c). Left out: `serving.knative.dev/revision`, generated per revision.
 */
const queueProxy = [{ name: 'queue-port', containerPort: 8012 }];

export const knativeServing: WorkloadPreset = {
  id: 'knative-serving',
  operator: 'Knative Serving',
  sources: [
    'https://knative.dev/docs/serving/reference/serving-api/',
    'knative/serving pkg/apis/serving/register.go',
    'knative/serving pkg/reconciler/revision/resources/queue.go',
  ],
  kinds: [
    {
      group: 'serving.knative.dev',
      kind: 'Service',
      podTemplate: 'spec.template',
      labels: { 'serving.knative.dev/service': '{name}', 'serving.knative.dev/configuration': '{name}' },
      ports: queueProxy,
    },
    {
      group: 'serving.knative.dev',
      kind: 'Configuration',
      podTemplate: 'spec.template',
      labels: { 'serving.knative.dev/configuration': '{name}' },
      ports: queueProxy,
    },
  ],
};
