/** Service (core/v1). */
import { sharedPath } from '../shared-path.ts';
import service from '../../../schemas/kubernetes/service.schema.json' with { type: 'json' };
import common from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import type { KubeObject, Service, ServicePort, ServiceType } from '../types.ts';
import { asArray, asPortNumber, asPortNumberOrName, asRecord, asString, asStringMap, trimSpace } from '../values.ts';
import { defineKind } from './define.ts';
import { stringEntries, toProtocol, unreadableLabelMap } from './read-common.ts';

export function toService(object: KubeObject): Service {
  const spec = asRecord(object.raw.spec) ?? {};
  const rawType = asString(spec.type);
  const type: ServiceType = rawType === 'NodePort' || rawType === 'LoadBalancer' || rawType === 'ExternalName' ? rawType : 'ClusterIP';
  const selectorInvalid = unreadableLabelMap(spec.selector);
  const selector = selectorInvalid ? {} : asStringMap(spec.selector);
  const ports: ServicePort[] = asArray(spec.ports).map((entry, index) => {
    const port = asRecord(entry) ?? {};
    const number = asPortNumber(port.port);
    // SetDefaults_Service sets targetPort to port when it is unset, 0 or "".
    const defaulted = port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '';
    const targetPort = defaulted ? number : asPortNumberOrName(port.targetPort);
    const name = asString(port.name);
    // nodePort 0 asks the API server to allocate one, like an absent nodePort.
    const nodePort = asPortNumber(port.nodePort);
    return {
      index,
      ...(name !== undefined ? { name } : {}),
      ...(number !== undefined ? { port: number } : {}),
      ...(targetPort !== undefined ? { targetPort } : {}),
      targetPortDefaulted: defaulted,
      protocol: toProtocol(port.protocol),
      ...(nodePort !== undefined ? { nodePort } : {}),
      path: sharedPath(['spec', 'ports', index]),
    };
  });
  const clusterIP = asString(spec.clusterIP);
  return {
    object,
    type,
    ...(Object.keys(selector).length > 0 ? { selector } : {}),
    selectorInvalid,
    selectorPath: ['spec', 'selector'],
    typeUnknown: spec.type !== undefined && type !== rawType,
    ports,
    ...(clusterIP !== undefined ? { clusterIP } : {}),
    clusterIPs: stringEntries(spec.clusterIPs, ['spec', 'clusterIPs']),
    headless: clusterIP === 'None',
    ...(asString(spec.externalName) !== undefined ? { externalName: asString(spec.externalName) } : {}),
    externalNameWritten: 'externalName' in spec,
    externalIPs: stringEntries(spec.externalIPs, ['spec', 'externalIPs']),
    // ValidateService trims each entry before checking it as a CIDR ("allowed to be space-padded"), and so do the cloud providers.
    loadBalancerSourceRanges: stringEntries(spec.loadBalancerSourceRanges, ['spec', 'loadBalancerSourceRanges']).map((e) => ({ ...e, value: trimSpace(e.value) })),
    ...(asString(spec.externalTrafficPolicy) ? { externalTrafficPolicy: asString(spec.externalTrafficPolicy)! } : {}),
    ...(asString(spec.internalTrafficPolicy) ? { internalTrafficPolicy: asString(spec.internalTrafficPolicy)! } : {}),
    ...(asPortNumber(spec.healthCheckNodePort) !== undefined ? { healthCheckNodePort: asPortNumber(spec.healthCheckNodePort)! } : {}),
  };
}

export const SERVICE_KIND = defineKind({ kind: 'Service', groups: [''], schema: service, referencedSchemas: [common], read: toService, list: 'services' });
