import type { WorkloadPreset } from '../custom-workloads.ts';

/**
 * Argo Rollouts: a `Rollout` is a Deployment whose ReplicaSets the controller manages; its pods are its
 * `spec.template` with `spec.selector` (https://argo-rollouts.readthedocs.io/en/stable/features/specification/).
 * With `spec.workloadRef` the pods use the template of the referenced Deployment instead
 * (https://argo-rollouts.readthedocs.io/en/stable/migrating/#reference-deployment-from-rollout). The
 * controller adds only `rollouts-pod-template-hash`, whose value is a hash of the template.
 */
export const argoRollouts: WorkloadPreset = {
  id: 'argo-rollouts',
  operator: 'Argo Rollouts',
  sources: ['https://argo-rollouts.readthedocs.io/en/stable/features/specification/', 'https://argo-rollouts.readthedocs.io/en/stable/migrating/'],
  kinds: [{ group: 'argoproj.io', kind: 'Rollout', podTemplate: 'spec.template', selector: 'spec.selector', templateRef: 'spec.workloadRef', like: 'Deployment' }],
};
