/** Ingress (networking.k8s.io/v1; the removed v1beta1 forms are read for their backends). */
import { sharedPath } from '../shared-path.ts';
import ingress from '../../../schemas/kubernetes/ingress.schema.json' with { type: 'json' };
import common from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import { isDns1035Label } from '../names.ts';
import type { Path } from '../../source/types.ts';
import type { Ingress, IngressBackendRef, KubeObject } from '../types.ts';
import { asArray, asPortNumber, asPortNumberOrName, asRecord, asString } from '../values.ts';
import { defineKind } from './define.ts';
import { stringEntries } from './read-common.ts';

/** Whether an Ingress is written in the removed v1beta1 form (`serviceName`/`servicePort`, `spec.backend`): extensions/v1beta1 and networking.k8s.io/v1beta1. */
export function isLegacyIngress(object: KubeObject): boolean {
  return object.apiVersion === 'extensions/v1beta1' || object.apiVersion === 'networking.k8s.io/v1beta1';
}

type BackendContext = Omit<IngressBackendRef, 'path' | 'namePath' | 'serviceName' | 'port' | 'portPath' | 'isResource' | 'resource' | 'portWritten' | 'legacy'>;

function toIngressBackend(value: unknown, path: Path, context: BackendContext, legacy: boolean): IngressBackendRef {
  const backend = asRecord(value) ?? {};
  // v1: service.name and service.port.number or .name; v1beta1: serviceName and servicePort (an int or a name).
  const service = legacy ? backend : asRecord(backend.service);
  const namePath: Path = sharedPath(legacy ? [...path, 'serviceName'] : [...path, 'service', 'name']);
  const port = asRecord(service?.port);
  const number = legacy ? (typeof backend.servicePort === 'number' ? asPortNumber(backend.servicePort) : undefined) : asPortNumber(port?.number);
  const name = legacy ? (typeof backend.servicePort === 'string' ? asPortNumberOrName(backend.servicePort) : undefined) : asPortNumberOrName(port?.name);
  const numberPath: Path = sharedPath(legacy ? [...path, 'servicePort'] : [...path, 'service', 'port', 'number']);
  const namePortPath: Path = sharedPath(legacy ? [...path, 'servicePort'] : [...path, 'service', 'port', 'name']);
  // A Service name is a DNS-1035 label (ValidateServiceName); no Service can have another name.
  const serviceName = asString(legacy ? backend.serviceName : service?.name);
  const resource = asRecord(backend.resource);
  const v1Port = asRecord(asRecord(backend.service)?.port);
  return {
    ...context,
    path,
    namePath,
    ...(serviceName !== undefined && isDns1035Label(serviceName) ? { serviceName } : {}),
    ...(number !== undefined ? { port: number, portPath: numberPath } : {}),
    ...(number === undefined && typeof name === 'string' ? { port: name, portPath: namePortPath } : {}),
    isResource: !!resource,
    ...(resource ? { resource } : {}),
    portWritten: (legacy && backend.servicePort != null) || (!!v1Port && (v1Port.number !== undefined || v1Port.name !== undefined)),
    ...(legacy ? { legacy: true as const } : {}),
  };
}

export function toIngress(object: KubeObject): Ingress {
  const spec = asRecord(object.raw.spec) ?? {};
  const legacy = isLegacyIngress(object);
  const backends: IngressBackendRef[] = [];
  const defaultField = legacy ? 'backend' : 'defaultBackend';
  if (asRecord(spec[defaultField])) {
    backends.push(toIngressBackend(spec[defaultField], ['spec', defaultField], { isDefault: true }, legacy));
  }
  asArray(spec.rules).forEach((entry, ruleIndex) => {
    const rule = asRecord(entry) ?? {};
    const host = asString(rule.host);
    asArray(asRecord(rule.http)?.paths).forEach((pathEntry, pathIndex) => {
      const httpPath = asRecord(pathEntry) ?? {};
      const base: Path = sharedPath(['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex]);
      const text = asString(httpPath.path);
      const pathType = asString(httpPath.pathType);
      backends.push(
        toIngressBackend(
          httpPath.backend,
          [...base, 'backend'],
          {
            isDefault: false,
            ...(host !== undefined ? { host } : {}),
            ...(text !== undefined ? { httpPath: text } : {}),
            ...(pathType !== undefined ? { pathType } : {}),
          },
          legacy,
        ),
      );
    });
  });
  const className = asString(spec.ingressClassName) ?? object.annotations['kubernetes.io/ingress.class'];
  const classNameField = asString(spec.ingressClassName);
  return {
    object,
    ...(className !== undefined ? { className } : {}),
    ...(classNameField !== undefined ? { classNameField } : {}),
    backends,
    tls: asArray(spec.tls).map((entry, index) => {
      const tls = asRecord(entry) ?? {};
      const secretName = asString(tls.secretName);
      return {
        ...(secretName !== undefined ? { secretName } : {}),
        hosts: stringEntries(tls.hosts, ['spec', 'tls', index, 'hosts']),
        path: sharedPath(['spec', 'tls', index]),
      };
    }),
  };
}

export const INGRESS_KIND = defineKind({ kind: 'Ingress', groups: ['networking.k8s.io', 'extensions'], schema: ingress, referencedSchemas: [common], read: toIngress, list: 'ingresses' });
