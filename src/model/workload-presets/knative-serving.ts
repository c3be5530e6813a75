import type { WorkloadPreset } from './preset.ts';

/**
 * Knative Serving (read at knative/serving 98e5ef9): a `Service` makes a `Configuration`, which stamps
 * a Revision, a Deployment, from `spec.template`. Revision pods carry the template's labels,
 * `serving.knative.dev/configuration` and, under a Service, `serving.knative.dev/service`
 * (pkg/reconciler/configuration/resources/revision.go, pkg/reconciler/revision/resources/meta.go;
 * keys in pkg/apis/serving/register.go). The queue-proxy sidecar receives the traffic on `queue-port`
 * 8012 (8013 for h2c) and serves metrics on `http-autometric` 9090 and `http-usermetric` 9091
 * (pkg/reconciler/revision/resources/queue.go). Left out: `serving.knative.dev/revision` and `app`, whose
 * value is the generated revision name.
 */
const queueProxy = [
  { name: 'queue-port', containerPort: 8012 },
  { name: 'http-autometric', containerPort: 9090 },
  { name: 'http-usermetric', containerPort: 9091 },
];

export const knativeServing: WorkloadPreset = {
  id: 'knative-serving',
  operator: 'Knative Serving',
  sources: [
    'knative/serving pkg/reconciler/configuration/resources/revision.go@98e5ef9',
    'knative/serving pkg/reconciler/revision/resources/meta.go@98e5ef9',
    'knative/serving pkg/reconciler/revision/resources/queue.go@98e5ef9',
  ],
  kinds: [
    {
      group: 'serving.knative.dev',
      kind: 'Service',
      podTemplate: 'spec.template',
      like: 'Deployment',
      labels: { 'serving.knative.dev/service': '{name}', 'serving.knative.dev/configuration': '{name}' },
      ports: queueProxy,
    },
    {
      group: 'serving.knative.dev',
      kind: 'Configuration',
      podTemplate: 'spec.template',
      like: 'Deployment',
      labels: { 'serving.knative.dev/configuration': '{name}' },
      ports: queueProxy,
    },
  ],
};
