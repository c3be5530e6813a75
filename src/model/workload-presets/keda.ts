import type { WorkloadPreset } from '../custom-workloads.ts';

/**
 * KEDA: a `ScaledJob` creates Jobs from `spec.jobTargetRef`, a Job spec, so their pods use
 * `spec.jobTargetRef.template` (https://keda.sh/docs/latest/reference/scaledjob-spec/). The labels KEDA
 * puts on the Jobs are not on the pod template; the Job controller's own (`job-name`) differ per Job.
 */
export const keda: WorkloadPreset = {
  id: 'keda',
  operator: 'KEDA',
  sources: ['https://keda.sh/docs/latest/reference/scaledjob-spec/'],
  kinds: [{ group: 'keda.sh', kind: 'ScaledJob', podTemplate: 'spec.jobTargetRef.template', like: 'Job' }],
};
