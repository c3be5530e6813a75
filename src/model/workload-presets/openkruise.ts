import type { WorkloadPreset } from '../custom-workloads.ts';

/**
 * OpenKruise: `CloneSet`, Advanced StatefulSet and Advanced DaemonSet (group apps.kruise.io) create
 * pods from `spec.template` with `spec.selector`, as the built-in kinds do
 * (https://openkruise.io/docs/user-manuals/cloneset, https://openkruise.io/docs/user-manuals/advancedstatefulset,
 * https://openkruise.io/docs/user-manuals/advanceddaemonset), and each behaves like the built-in kind it
 * extends (an Advanced StatefulSet's `spec.serviceName` names its governing Service). The labels the controller adds
 * (`apps.kruise.io/cloneset-instance-id`, `controller-revision-hash`) differ per pod or revision.
 */
const template = { podTemplate: 'spec.template', selector: 'spec.selector' };

export const openkruise: WorkloadPreset = {
  id: 'openkruise',
  operator: 'OpenKruise',
  sources: [
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
