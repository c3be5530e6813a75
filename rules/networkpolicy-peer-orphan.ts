import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { Namespace, NetworkPolicy, PolicyPeer } from '../src/model/types.ts';
import { frontDoorEndpoints, implicitNamespaces, peerNamespaces, podsUnknown } from '../src/semantics/known-pods.ts';
import { closeWorkload, describeWorkload, listSome } from '../src/semantics/describe.ts';
import { describePodCreators, podCreatorLocations } from '../src/semantics/pod-creators.ts';
import { INGRESS_CONTROLLER, policyEngineOf } from '../src/semantics/policy.ts';
import { formatLabels, formatSelector, isEmptySelector, unmetRequirements } from '../src/semantics/selector.ts';

type PodsPeer = Extract<PolicyPeer, { type: 'pods' }>;

/** Flags policy peers (from/to) whose namespaceSelector or podSelector selects nothing. */
export const rule: Rule = {
  meta: {
    id: 'networkpolicy-peer-orphan',
    severity: 'warning',
    description: "A NetworkPolicy peer's namespaceSelector and podSelector should select existing namespaces and pods.",
    messages: {
      namespaceSelector:
        'namespaceSelector "{{selector}}" matches no namespace (known: {{namespaces}}), so this peer admits nothing; fix the labels, or declare the namespace with a Namespace object or in cluster.namespaces of .kube-netlint.yaml',
      platformNamespace:
        'namespaceSelector "{{selector}}" matches no namespace of the linted files, as expected: "{{label}}" is a label OpenShift sets on its own namespaces (the router\'s openshift-ingress, the host network), so this peer assumes the cluster is OpenShift (OVN-Kubernetes or OpenShift SDN) and admits nothing elsewhere; declare the namespace with that label in cluster.namespaces of .kube-netlint.yaml to check its pods',
      podSelector: 'podSelector "{{selector}}" matches no pod in {{scope}}, so this peer admits nothing; fix the labels to match a pod template',
      noWorkloads: 'podSelector "{{selector}}" matches no pod: the linted files have no workloads in {{scope}}; lint the policy together with those workloads, or correct the selector',
      unknownPods:
        'podSelector "{{selector}}" matches no pod of the linted workloads in {{scope}}, but {{resources}} there, of kinds kube-netlint does not model, may create pods it cannot see: check which pods they create; if they create these pods, this peer admits them, else correct the podSelector',
    },
    remediation:
      'Make the peer select what exists: namespace labels of a declared Namespace (every namespace carries kubernetes.io/metadata.name), and pod template labels of workloads in those namespaces. Declare namespaces that live outside the linted files in cluster.namespaces.',
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    const controllerConfigured = context.model.settings.ingressController !== undefined;
    // The namespaces a message lists, sorted once per run (not per finding: a large tree without its
    // platform namespaces declared has a finding per namespace, issue 14).
    let knownNamespaces: string | undefined;
    const known = () => (knownNamespaces ??= listSome([...context.model.namespaces.keys(), ...implicitNamespaces(context.model)].sort().map((n) => `"${n}"`), 6));
    context.each(context.model.policies, (policy) => {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers ?? []) {
          // A selector the API server rejects is the schema rule's finding, not an orphan.
          if (peer.type !== 'pods' || peer.podSelector?.invalid || peer.namespaceSelector?.invalid) continue;
          const namespaces = peerNamespaces(engine, policy, peer);
          if (namespaces.length === 0) {
            const platform = platformLabel(peer.namespaceSelector!);
            if (platform !== undefined) {
              // Not in the tree by design: the platform labels its own namespaces. An info naming the assumption.
              context.report({ messageId: 'platformNamespace', data: { selector: formatSelector(peer.namespaceSelector!), label: platform }, at: { object: policy.object, path: [...peer.path, 'namespaceSelector'], key: true }, severity: 'info' });
              continue;
            }
            context.report({
              messageId: 'namespaceSelector',
              data: { selector: formatSelector(peer.namespaceSelector!), namespaces: known() },
              at: { object: policy.object, path: [...peer.path, 'namespaceSelector'], key: true },
            });
            continue;
          }
          if (!peer.podSelector || isEmptySelector(peer.podSelector)) continue;
          // Pods of namespaces declared outside the tree are unknown; the configured controller counts as a pod.
          if (namespaces.some((ns) => podsUnknown(context.model, ns.name))) continue;
          if (controllerConfigured && engine.peerMatches(policy, peer, INGRESS_CONTROLLER)) continue;
          // Pods the tool itself assumes (an inferred ingress controller, a Gateway's data plane), as explain places them.
          if (frontDoorEndpoints(context.model).some((endpoint) => engine.peerMatches(policy, peer, endpoint))) continue;
          // By labels: a peer matching only host-network pods (which no selector admits) matches pods all the
          // same, and so does one matching labels a controller adds to each pod (a StatefulSet's pod-name).
          const podSelector = peer.podSelector;
          if (namespaces.some((ns) => context.relations.workloadsMayMatch(ns.name, podSelector).length > 0)) continue;
          reportPods(context, policy, peer, namespaces);
        }
      }
    });
  },
};

/**
 * The OpenShift policy-group label a namespaceSelector selects by, if any: the network plugins of
 * OpenShift (OVN-Kubernetes, OpenShift SDN) let `policy-group.network.openshift.io/ingress: ""` (and
 * `.../host-network`) select the router's traffic, and the cluster-ingress-operator labels
 * openshift-ingress with it and with the legacy `network.openshift.io/policy-group: ingress`
 * (docs/research/gateway-api.md, "How NetworkPolicies admit router traffic on OpenShift"). A tree never
 * holds those namespaces: that it matches none of the tree's is expected.
 */
function platformLabel(selector: NonNullable<PodsPeer['namespaceSelector']>): string | undefined {
  const keys = [...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((e) => e.key)];
  return keys.find((key) => key.startsWith('policy-group.network.openshift.io/') || key === 'network.openshift.io/policy-group');
}

function reportPods(context: RuleContext, policy: NetworkPolicy, peer: PodsPeer, namespaces: readonly Namespace[]): void {
  const names = namespaces.map((ns) => `"${ns.name}"`);
  const scope = names.length > 1 ? `namespaces ${listSome(names)}` : `namespace ${names[0]}`;
  const selector = peer.podSelector!;
  const data = { selector: formatSelector(selector), scope };
  const at = { object: policy.object, path: [...peer.path, 'podSelector'], key: true };
  const creators = namespaces.flatMap((ns) => context.relations.podCreatorsIn(ns.name));
  if (creators.length > 0) {
    context.report({ messageId: 'unknownPods', data: { ...data, resources: describePodCreators(creators) }, at, related: podCreatorLocations(creators) });
    return;
  }
  const candidates = namespaces.flatMap((ns) => context.relations.workloadsIn(ns.name));
  if (candidates.length === 0) {
    context.report({ messageId: 'noWorkloads', data, at });
    return;
  }
  // The nearest pod is a hint only when it is near (closeWorkload); else it would suggest an unrelated one.
  const near = closeWorkload(candidates, selector);
  const differences = near && unmetRequirements(selector, near.template.labels).join('; ');
  const related = near ? [{ at: { object: near.object, path: near.template.labelsPath }, message: `nearest pod: ${describeWorkload(near, true)} (${formatLabels(near.template.labels)}) differs in ${differences}` }] : [];
  context.report({ messageId: 'podSelector', data, at, related });
}

export default rule;
