/**
 * Where pods resolve names: the DNS servers of `cluster.dns`, or, when the config does not say, the
 * usual ones of the presets below. egress-blocks-dns asks the policy engine whether a pod reaches one;
 * service-reference and networkpolicy-peer-orphan know their Service and namespace exist.
 */
import type { ContainerPort, DnsServer, Model, NetworkPolicy, Protocol } from '../model/types.ts';
import { parseCidrOrAddress } from './address-range.ts';
import { formatLabels } from './selector.ts';
import { admits, externalEndpoint, podEndpoint, ruleConnections, type Endpoint, type PolicyEngine } from './policy.ts';

/**
 * The DNS servers of well-known clusters, by the name `cluster.dns` gives them.
 * - `kube-dns`: kube-dns, and CoreDNS as kubeadm and most distributions deploy it, which keeps the
 *   `k8s-app: kube-dns` label and the `kube-dns` Service for compatibility (kubeadm's CoreDNS manifests).
 * - `openshift`: the DNS Operator's CoreDNS DaemonSet in `openshift-dns`, pods labelled
 *   `dns.operator.openshift.io/daemonset-dns: default`, listening on 5353 (ports `dns` and `dns-tcp`)
 *   behind the `dns-default` Service's port 53 (openshift/cluster-dns-operator: pkg/operator/controller/names.go,
 *   pkg/manifests/assets/dns/daemonset.yaml and service.yaml). Policies apply to the pod port, 5353.
 * - `node-local`: NodeLocal DNSCache, on each node at the link-local address 169.254.20.10 by default
 *   (Kubernetes docs, "Using NodeLocal DNSCache in Kubernetes Clusters").
 */
export const DNS_PRESETS: Readonly<Record<string, readonly DnsServer[]>> = {
  'kube-dns': [{ namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53, service: 'kube-dns' }],
  openshift: [{ namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353, service: 'dns-default' }],
  'node-local': [{ cidr: '169.254.20.10/32', port: 53 }],
};

/** Assumed when `cluster.dns` is not set: any of these is enough. */
const DEFAULT_DNS: readonly DnsServer[] = [...DNS_PRESETS['kube-dns']!, ...DNS_PRESETS.openshift!, ...DNS_PRESETS['node-local']!];

/** A DNS server as the policy engine asks about it, with how findings name it. */
export interface DnsTarget {
  readonly server: DnsServer;
  readonly endpoint: Endpoint;
  /** `kube-dns in kube-system on port 53`, `pods app=coredns in dns on port 1053`, `169.254.20.10/32 on port 53`. */
  readonly description: string;
}

/** The DNS servers of the model: `cluster.dns`, else the usual ones (`configured` says which). */
export function dnsServers(model: Model): { readonly servers: readonly DnsServer[]; readonly configured: boolean } {
  const configured = model.settings.dns;
  return configured ? { servers: configured, configured: true } : { servers: DEFAULT_DNS, configured: false };
}

// Weak, by the settings' list of DNS servers: lives as long as the settings (a config) that hold it.
const targets = new WeakMap<readonly DnsServer[], readonly DnsTarget[]>();

/** Each DNS server as an endpoint (pods that need not be in the tree, or addresses), memoised per list. */
export function dnsTargets(servers: readonly DnsServer[]): readonly DnsTarget[] {
  let list = targets.get(servers);
  if (!list) {
    list = servers.flatMap((server): DnsTarget[] => {
      if ('cidr' in server) {
        const range = parseCidrOrAddress(server.cidr);
        return range ? [{ server, endpoint: externalEndpoint(range), description: `${server.cidr} on port ${server.port}` }] : [];
      }
      // Named policy ports resolve on these, as on the kube-dns and OpenShift DNS pods.
      const ports: ContainerPort[] = [
        { name: 'dns', containerPort: server.port, protocol: 'UDP', path: [] },
        { name: 'dns-tcp', containerPort: server.port, protocol: 'TCP', path: [] },
      ];
      const who = server.service ?? `pods ${formatLabels(server.podLabels)}`;
      const description = `${who} in ${server.namespace} on port ${server.port}`;
      return [{ server, endpoint: podEndpoint(server.namespace, server.podLabels, ports), description }];
    });
    targets.set(servers, list);
  }
  return list;
}

/** Namespaces of the DNS servers that are pods (kube-system, openshift-dns): their pods live outside the tree. */
export function dnsNamespaces(model: Model): string[] {
  return dnsServers(model).servers.flatMap((server) => ('namespace' in server ? [server.namespace] : []));
}

/** The Services that front the DNS servers, as `namespace/name` (kube-system/kube-dns): they exist in every such cluster. */
export function dnsServices(model: Model): { readonly namespace: string; readonly name: string }[] {
  return dnsServers(model).servers.flatMap((server) => ('namespace' in server && server.service ? [{ namespace: server.namespace, name: server.service }] : []));
}

/**
 * A rule of the egress policies that allows DNS traffic (`protocol` on a DNS server port) toward
 * destinations that are none of the DNS servers: a sign that the cluster's DNS runs there (CoreDNS
 * under other labels, another namespace), so that missing the assumed servers is not certain.
 */
export function dnsAllowedElsewhere(engine: PolicyEngine, policies: readonly NetworkPolicy[], dns: readonly DnsTarget[], protocol: Protocol): boolean {
  const ports = [...new Set(dns.map((t) => t.server.port))];
  return policies.some((policy) =>
    policy.egress.some(
      (rule) =>
        rule.peers !== undefined &&
        !rule.peers.some((peer) => dns.some((t) => engine.peerMatches(policy, peer, t.endpoint))) &&
        ports.some((port) => admits(ruleConnections(rule, []), { port, protocol })),
    ),
  );
}
