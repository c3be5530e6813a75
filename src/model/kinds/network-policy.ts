/** NetworkPolicy (networking.k8s.io/v1). */
import networkPolicy from '../../../schemas/kubernetes/networkpolicy.schema.json' with { type: 'json' };
import common from '../../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import type { Path } from '../../source/types.ts';
import type { KubeObject, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule } from '../types.ts';
import { asArray, asInteger, asIntOrString, asRecord, asString } from '../values.ts';
import { defineKind } from './define.ts';
import { childPath, sharedPath } from '../shared-path.ts';
import { stringEntries, toLabelSelector, toProtocol } from './read-common.ts';

function toPolicyPorts(value: unknown, path: Path): PolicyPort[] | undefined {
  const list = asArray(value);
  if (list.length === 0) return undefined;
  return list.map((entry, index) => {
    const port = asRecord(entry) ?? {};
    const number = asIntOrString(port.port);
    const endPort = asInteger(port.endPort);
    return {
      protocol: toProtocol(port.protocol),
      ...(number !== undefined ? { port: number } : {}),
      ...(endPort !== undefined ? { endPort } : {}),
      path: childPath(path, index),
    };
  });
}

function toPolicyPeers(value: unknown, path: Path): PolicyPeer[] | undefined {
  const list = asArray(value);
  if (list.length === 0) return undefined;
  return list.map((entry, index): PolicyPeer => {
    const peer = asRecord(entry) ?? {};
    const peerPath = childPath(path, index);
    const ipBlock = asRecord(peer.ipBlock);
    if (ipBlock) {
      return {
        type: 'ipBlock',
        cidr: asString(ipBlock.cidr) ?? '',
        cidrWritten: typeof ipBlock.cidr === 'string',
        except: stringEntries(ipBlock.except, [...peerPath, 'ipBlock', 'except']),
        path: peerPath,
      };
    }
    return {
      type: 'pods',
      ...(asRecord(peer.podSelector) ? { podSelector: toLabelSelector(peer.podSelector) } : {}),
      ...(asRecord(peer.namespaceSelector) ? { namespaceSelector: toLabelSelector(peer.namespaceSelector) } : {}),
      path: peerPath,
    };
  });
}

function toPolicyRules(value: unknown, path: Path, peerField: 'from' | 'to'): PolicyRule[] {
  return asArray(value).map((entry, index) => {
    const rule = asRecord(entry) ?? {};
    const rulePath = childPath(path, index);
    const peers = toPolicyPeers(rule[peerField], childPath(rulePath, peerField));
    const ports = toPolicyPorts(rule.ports, childPath(rulePath, 'ports'));
    return { ...(peers ? { peers } : {}), ...(ports ? { ports } : {}), path: rulePath };
  });
}

export function toNetworkPolicy(object: KubeObject): NetworkPolicy {
  const spec = asRecord(object.raw.spec) ?? {};
  // SetDefaults_NetworkPolicy defaults when len(policyTypes) == 0, so an empty list counts as absent.
  const declaredTypes =
    Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0 ? spec.policyTypes.filter((t): t is string => typeof t === 'string') : undefined;
  const hasEgressRules = Array.isArray(spec.egress) && spec.egress.length > 0;
  // networking/v1 NetworkPolicySpec.policyTypes: when unset, Ingress always, Egress iff egress rules exist.
  const affectsIngress = declaredTypes ? declaredTypes.includes('Ingress') : true;
  const affectsEgress = declaredTypes ? declaredTypes.includes('Egress') : hasEgressRules;
  return {
    object,
    podSelector: toLabelSelector(spec.podSelector),
    podSelectorPath: ['spec', 'podSelector'],
    declaredPolicyTypes: asArray(spec.policyTypes).flatMap((t) => asString(t) ?? []),
    affectsIngress,
    affectsEgress,
    ingress: toPolicyRules(spec.ingress, sharedPath(['spec', 'ingress']), 'from'),
    egress: toPolicyRules(spec.egress, sharedPath(['spec', 'egress']), 'to'),
  };
}

export const NETWORK_POLICY_KIND = defineKind({
  kind: 'NetworkPolicy',
  groups: ['networking.k8s.io', 'extensions'],
  schema: networkPolicy,
  referencedSchemas: [common],
  read: toNetworkPolicy,
  list: 'policies',
});
