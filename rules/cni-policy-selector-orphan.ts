import type { Rule } from '../src/lint/types.ts';
import { CALICO_GLOBAL_NETWORK_POLICY_KIND, CALICO_NETWORK_POLICY_KIND, type CalicoPolicy } from '../src/model/kinds/calico.ts';
import { CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND, CILIUM_NETWORK_POLICY_KIND, type CiliumPolicy } from '../src/model/kinds/cilium.ts';
import { viewsOf } from '../src/model/kinds/define.ts';
import { dnsServers, dnsTargets } from '../src/semantics/dns.ts';
import { podsOutsideTree } from '../src/semantics/known-pods.ts';
import { INGRESS_CONTROLLER, policyEngineOf } from '../src/semantics/policy.ts';
import { formatSelector } from '../src/semantics/selector.ts';
import type { CompiledPolicy } from '../src/semantics/tiers.ts';

/**
 * Flags CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and Calico NetworkPolicy and
 * GlobalNetworkPolicy objects whose subject selector selects no pod of the tree.
 */
export const rule: Rule = {
  meta: {
    id: 'cni-policy-selector-orphan',
    severity: 'warning',
    description: 'A Cilium or Calico policy should select pods of the linted workloads; otherwise it isolates and allows nothing for them.',
    messages: {
      namespaced:
        '{{policy}} selects no pod of namespace "{{namespace}}" ({{selector}}), so it isolates and allows nothing, assuming the linted files hold the workloads of that namespace: correct the selector, or lint the policy together with the workloads it protects',
      clusterwide:
        '{{policy}} selects no pod of the linted workloads ({{selector}}), so it isolates and allows nothing for them, assuming the linted files hold the pods it is meant for: correct the selector, or lint it together with those workloads',
    },
    remediation:
      "Make the policy's selector match the pod template labels of the workloads to protect (Cilium: endpointSelector, a Kubernetes label selector, namespace implied for a CiliumNetworkPolicy; Calico: selector in Calico's syntax, and namespaceSelector for a GlobalNetworkPolicy). Lint policies together with their workloads.",
  },
  check(context) {
    const engine = policyEngineOf(context.model);
    const { model } = context;
    const cilium = new Map<object, CiliumPolicy>([...viewsOf(model, CILIUM_NETWORK_POLICY_KIND), ...viewsOf(model, CILIUM_CLUSTERWIDE_NETWORK_POLICY_KIND)].map((v) => [v.object, v]));
    const calico = new Map<object, CalicoPolicy>([...viewsOf(model, CALICO_NETWORK_POLICY_KIND), ...viewsOf(model, CALICO_GLOBAL_NETWORK_POLICY_KIND)].map((v) => [v.object, v]));
    // The DNS servers and the ingress controller count as pods, though not in the tree (a policy for kube-dns is common).
    const outside = [INGRESS_CONTROLLER, ...dnsTargets(dnsServers(model).servers).map((t) => t.endpoint)];
    const policies = engine.world.compiled.filter((p) => cilium.has(p.origin.object) || calico.has(p.origin.object));
    context.each(
      policies.map((policy) => ({ object: policy.origin.object, policy })),
      ({ policy }: { policy: CompiledPolicy }) => {
        const view = calico.get(policy.origin.object);
        // Service-account labels are not in the tree: such a selection is not judged.
        if (view?.serviceAccountSelector) return;
        if (engine.workloadsSelectedByCompiled(policy).length > 0) return;
        if (outside.some((endpoint) => engine.selectsCompiled(policy, endpoint))) return;
        const namespace = policy.namespace;
        // Namespaces whose pods live outside the tree (kube-system, cluster.namespaces), or pods an operator's resources create.
        if (namespace !== undefined && (podsOutsideTree(model, namespace) || context.relations.podCreatorsIn(namespace).length > 0)) return;
        const ciliumView = cilium.get(policy.origin.object);
        const spec = ciliumView?.specs.find((s) => s.endpointSelector?.path === policy.origin.path);
        const selector = spec?.endpointSelector ? `endpointSelector ${formatSelector(spec.endpointSelector.selector)}` : `selector "${view?.selector.text || 'all()'}"${view?.namespaceSelector ? `, namespaceSelector "${view.namespaceSelector.text}"` : ''}`;
        const name = policy.origin.label;
        context.report({
          messageId: namespace === undefined ? 'clusterwide' : 'namespaced',
          data: { policy: name, namespace: namespace ?? '', selector },
          at: { object: policy.origin.object, path: policy.origin.path, key: policy.origin.path.at(-1) !== 'spec' },
          // A cluster-wide policy may be meant for pods of namespaces the tree does not hold (kube-system) or, in Calico, host endpoints.
          ...(namespace === undefined ? { severity: 'info' as const } : {}),
        });
      },
    );
  },
};

export default rule;
