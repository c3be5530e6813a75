/** IngressClass (networking.k8s.io/v1, cluster-scoped). */
import ingressClass from '../../../schemas/kubernetes/ingressclass.schema.json' with { type: 'json' };
import common from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import type { IngressClass, KubeObject } from '../types.ts';
import { asRecord, asString } from '../values.ts';
import { defineKind } from './define.ts';

export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

export function toIngressClass(object: KubeObject): IngressClass {
  const controller = asString(asRecord(object.raw.spec)?.controller);
  return {
    object,
    ...(controller !== undefined ? { controller } : {}),
    isDefault: object.annotations[DEFAULT_INGRESS_CLASS_ANNOTATION] === 'true',
  };
}

export const INGRESS_CLASS_KIND = defineKind({
  kind: 'IngressClass',
  groups: ['networking.k8s.io'],
  clusterScoped: true,
  schema: ingressClass,
  referencedSchemas: [common],
  read: toIngressClass,
  list: 'ingressClasses',
});
