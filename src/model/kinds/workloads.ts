/** The core workload kinds: Pod, ReplicationController, Deployment, ReplicaSet, DaemonSet, StatefulSet, Job, CronJob. */
import type { Path } from '../../source/types.ts';
import pod from '../../../schemas/kubernetes/pod.schema.json' with { type: 'json' };
import replicationController from '../../../schemas/kubernetes/replicationcontroller.schema.json' with { type: 'json' };
import deployment from '../../../schemas/kubernetes/deployment.schema.json' with { type: 'json' };
import replicaSet from '../../../schemas/kubernetes/replicaset.schema.json' with { type: 'json' };
import daemonSet from '../../../schemas/kubernetes/daemonset.schema.json' with { type: 'json' };
import statefulSet from '../../../schemas/kubernetes/statefulset.schema.json' with { type: 'json' };
import job from '../../../schemas/kubernetes/job.schema.json' with { type: 'json' };
import cronJob from '../../../schemas/kubernetes/cronjob.schema.json' with { type: 'json' };
import common from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import type { CoreWorkloadKind, KubeObject, LabelSelector, PodTemplate, Workload } from '../types.ts';
import { asArray, asRecord, asString, asStringMap, getIn } from '../values.ts';
import { defineKind, type KindModule, type KindSchema } from './define.ts';
import { configMapUses, podAddresses, toContainer } from './pod-spec.ts';
import { childPath, sharedPath } from '../shared-path.ts';
import { toLabelSelector, unreadableLabelMap } from './read-common.ts';

/** Where the pod template sits in each workload kind (shared: the paths of the template's fields are built on it). */
export function templatePathOf(kind: CoreWorkloadKind): Path {
  switch (kind) {
    case 'Pod':
      return sharedPath([]);
    case 'CronJob':
      return sharedPath(['spec', 'jobTemplate', 'spec', 'template']);
    default:
      return sharedPath(['spec', 'template']);
  }
}

export function toWorkload(object: KubeObject): Workload {
  const kind = object.kind as CoreWorkloadKind;
  const templatePath = templatePathOf(kind);
  const written = asRecord(getIn(object.raw, templatePath));
  const template = written ?? {};
  const metadata = asRecord(template.metadata) ?? {};
  const podSpec = asRecord(template.spec) ?? {};
  const podTemplate: PodTemplate = {
    labels: kind === 'Pod' ? object.labels : asStringMap(metadata.labels),
    annotations: kind === 'Pod' ? object.annotations : asStringMap(metadata.annotations),
    path: templatePath,
    labelsPath: childPath(templatePath, 'metadata', 'labels'),
    containers: [
      ...asArray(podSpec.containers).map((c, i) => toContainer(c, childPath(templatePath, 'spec', 'containers', i), false)),
      ...asArray(podSpec.initContainers).map((c, i) => toContainer(c, childPath(templatePath, 'spec', 'initContainers', i), true)),
    ],
    hostNetwork: podSpec.hostNetwork === true,
    ...(typeof podSpec.serviceAccountName === 'string' && podSpec.serviceAccountName !== '' ? { serviceAccountName: podSpec.serviceAccountName } : {}),
    configMaps: configMapUses(podSpec, childPath(templatePath, 'spec')),
    ...(templatePath.length > 0 && !written ? { unwritten: true as const } : {}),
    ...(asString(podSpec.dnsPolicy) !== undefined ? { dnsPolicy: asString(podSpec.dnsPolicy)! } : {}),
  };
  const spec = asRecord(object.raw.spec) ?? {};
  // A CronJob's Jobs carry their selector in the job template (where the API server refuses one: it generates it).
  const selectorPath: Path = kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'selector'] : ['spec', 'selector'];
  const writtenSelector = getIn(object.raw, selectorPath);
  let selector: LabelSelector | undefined;
  if (kind === 'ReplicationController') {
    // ReplicationController.spec.selector is a plain map; absent means "the template labels".
    if (asRecord(spec.selector)) {
      selector = { matchLabels: asStringMap(spec.selector), matchExpressions: [], ...(unreadableLabelMap(spec.selector) ? { invalid: true as const } : {}) };
    }
  } else if (kind !== 'Pod' && asRecord(writtenSelector)) {
    selector = toLabelSelector(writtenSelector);
  }
  const ownerRefs = asArray(asRecord(object.raw.metadata)?.ownerReferences).map(asRecord);
  const controller = ownerRefs.find((ref) => ref?.controller === true) ?? undefined;
  const ownerKind = asString(controller?.kind);
  const ownerName = asString(controller?.name);
  // The mirror Pod of a static pod (etcd, kube-apiserver, ...) names its Node as controller: the Node
  // runs it but does not make its pods one application, so each such Pod stays a workload of its own.
  const owned = ownerKind && ownerName && !(ownerKind === 'Node' && (asString(controller?.apiVersion) ?? 'v1') === 'v1');
  const addresses = kind === 'Pod' ? podAddresses(asRecord(object.raw.status), podTemplate.hostNetwork) : [];
  return {
    object,
    kind,
    template: podTemplate,
    ...(selector ? { selector, selectorPath } : {}),
    ...(owned ? { owner: { kind: ownerKind, name: ownerName } } : {}),
    ...(addresses.length > 0 ? { addresses } : {}),
    ...(writtenSelector != null ? { selectorWritten: true as const } : {}),
    ...(manualSelector(object, kind) ? { manualSelector: true as const } : {}),
    ...(kind === 'StatefulSet' && asString(spec.serviceName) !== undefined ? { serviceName: asString(spec.serviceName) } : {}),
  };
}

/** `manualSelector: true` on a Job, or on a CronJob's job template. */
function manualSelector(object: KubeObject, kind: CoreWorkloadKind): boolean {
  if (kind === 'Job') return getIn(object.raw, ['spec', 'manualSelector']) === true;
  return kind === 'CronJob' && getIn(object.raw, ['spec', 'jobTemplate', 'spec', 'manualSelector']) === true;
}

function workloadKind(kind: CoreWorkloadKind, groups: readonly string[], schema: KindSchema): KindModule<Workload> {
  return defineKind({ kind, groups, schema, referencedSchemas: [common], read: toWorkload, list: 'workloads' });
}

export const WORKLOAD_KIND_MODULES: readonly KindModule<Workload>[] = [
  workloadKind('Pod', [''], pod),
  workloadKind('ReplicationController', [''], replicationController),
  // `extensions` is kept for kinds that used to be served there, so the schema rule can name the move.
  workloadKind('Deployment', ['apps', 'extensions'], deployment),
  workloadKind('ReplicaSet', ['apps', 'extensions'], replicaSet),
  workloadKind('DaemonSet', ['apps', 'extensions'], daemonSet),
  workloadKind('StatefulSet', ['apps'], statefulSet),
  workloadKind('Job', ['batch'], job),
  workloadKind('CronJob', ['batch'], cronJob),
];
