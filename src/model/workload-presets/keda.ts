import type { WorkloadPreset } from './preset.ts';

/**
 * KEDA (read at kedacore/keda 8b4f083, v2.20): a `ScaledJob` creates Jobs from `spec.jobTargetRef`, a
 * whole Job spec, so their pods use `spec.jobTargetRef.template`; `generateJobs`
 * (pkg/scaling/executor/scale_jobs.go) adds `scaledjob.keda.sh/name` to the pod template labels (the
 * other labels it sets are the Jobs', not the pods'). A `ScaledObject` creates no pods.
 */
export const keda: WorkloadPreset = {
  id: 'keda',
  operator: 'KEDA',
  sources: ['kedacore/keda pkg/scaling/executor/scale_jobs.go@8b4f083', 'https://keda.sh/docs/latest/reference/scaledjob-spec/'],
  kinds: [{ group: 'keda.sh', kind: 'ScaledJob', podTemplate: 'spec.jobTargetRef.template', like: 'Job', labels: { 'scaledjob.keda.sh/name': '{name}' } }],
};
