import type { WorkloadPreset } from './preset.ts';

/**
 * Argo Rollouts (read at argoproj/argo-rollouts 9f8d111, v1.9): a `Rollout` is a Deployment whose
 * ReplicaSets the controller manages; its pods are `spec.template` with `spec.selector`
 * (pkg/apis/rollouts/v1alpha1/types.go). With `spec.workloadRef` the pods use the template of the
 * referenced Deployment instead ("If used, then do not use Rollout template property",
 * https://argo-rollouts.readthedocs.io/en/stable/features/specification/). The controller adds only
 * `rollouts-pod-template-hash`, a hash of the template; canary and blue-green metadata label some
 * pods only.
 */
export const argoRollouts: WorkloadPreset = {
  id: 'argo-rollouts',
  operator: 'Argo Rollouts',
  sources: ['argoproj/argo-rollouts pkg/apis/rollouts/v1alpha1/types.go@9f8d111', 'https://argo-rollouts.readthedocs.io/en/stable/features/specification/'],
  kinds: [{ group: 'argoproj.io', kind: 'Rollout', podTemplate: 'spec.template', selector: 'spec.selector', templateRef: 'spec.workloadRef', like: 'Deployment' }],
};
