import type { WorkloadPreset } from './preset.ts';

/**
 * OpenKruise (read at openkruise/kruise 07169cf, v1.9): `CloneSet`, Advanced StatefulSet and Advanced
 * DaemonSet (group apps.kruise.io; the last two share the built-in kinds' names) create pods from
 * `spec.template` with `spec.selector`, as the built-in kinds do (apis/apps/v1alpha1/cloneset_types.go,
 * apis/apps/v1beta1/statefulset_types.go, https://openkruise.io/docs/user-manuals/cloneset), and each
 * behaves like the built-in kind it extends (an Advanced StatefulSet's `spec.serviceName` names its
 * governing Service). The labels the controllers add (`apps.kruise.io/cloneset-instance-id`,
 * `controller-revision-hash`) differ per pod or revision.
 */
const template = { podTemplate: 'spec.template', selector: 'spec.selector' };

export const openkruise: WorkloadPreset = {
  id: 'openkruise',
  operator: 'OpenKruise',
  sources: [
    'openkruise/kruise apis/apps/v1alpha1/cloneset_types.go@07169cf',
    'openkruise/kruise apis/apps/v1beta1/statefulset_types.go@07169cf',
    'https://openkruise.io/docs/user-manuals/cloneset',
    'https://openkruise.io/docs/user-manuals/advancedstatefulset',
    'https://openkruise.io/docs/user-manuals/advanceddaemonset',
  ],
  kinds: [
    { group: 'apps.kruise.io', kind: 'CloneSet', ...template, like: 'Deployment' },
    { group: 'apps.kruise.io', kind: 'StatefulSet', ...template, like: 'StatefulSet' },
    { group: 'apps.kruise.io', kind: 'DaemonSet', ...template, like: 'DaemonSet' },
  ],
};
