/**
 * Random trees with every policy kind the engine evaluates, shared by the cross-checks (matrix vs pair
 * evaluation vs explain in tiers-random.test.ts, exposure vs explain in exposure-random.test.ts): a
 * fixed world of pods and generators of NetworkPolicy, AdminNetworkPolicy / BaselineAdminNetworkPolicy /
 * ClusterNetworkPolicy, CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy and Calico policies.
 */
export const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
export const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
export const some = <T>(next: () => number, max: number, make: () => T): T[] => Array.from({ length: 1 + Math.floor(next() * max) }, make);

export const labelSelectors = [{}, { matchLabels: { pod: 'a' } }, { matchLabels: { pod: 'b' } }, { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['c'] }] }, { matchLabels: { tier: 'x' } }];
export const namespaceSelectors = [{}, { matchLabels: { ns: 'y' } }, { matchLabels: { 'kubernetes.io/metadata.name': 'z' } }, { matchLabels: { 'kubernetes.io/metadata.name': 'x' } }];
export const cidrs = ['10.0.0.0/8', '0.0.0.0/0', '::/0', '10.1.2.0/24', '192.168.0.0/16'];

/** The world: namespaces x, y, z with pods a, b, c naming their ports differently, recorded addresses on some, a host-network pod. */
export const world = ['x', 'y', 'z']
  .flatMap((ns, i) =>
    ['a', 'b', 'c'].map((pod, j) => {
      const tier = (i + j) % 2 === 0 ? ', tier: x' : '';
      const ports = `[{name: web, containerPort: ${8000 + i * 10 + j}}, {name: dns, containerPort: 53, protocol: UDP}]`;
      const status = ns === 'x' && pod === 'a' ? 'status: {podIP: 10.1.2.5}\n' : '';
      return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}, namespace: ${ns}, labels: {pod: ${pod}${tier}}}\nspec:\n  containers: [{name: c, image: i, ports: ${ports}}]\n${status}`;
    }),
  )
  .concat([
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: "y", labels: {ns: "y"}}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: h, namespace: x, labels: {pod: a}}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: i, ports: [{name: web, containerPort: 9100}]}]\n',
  ])
  .join('---\n');

export function networkPolicy(next: () => number, k: number): string {
  const peer = () =>
    pick(next, [
      () => ({ podSelector: pick(next, labelSelectors) }),
      () => ({ namespaceSelector: pick(next, namespaceSelectors), podSelector: pick(next, labelSelectors) }),
      () => ({ ipBlock: { cidr: pick(next, cidrs.filter((c) => c !== '::/0')) } }),
    ])();
  const rules = (field: string) => some(next, 2, () => ({ ...(next() < 0.8 ? { [field]: some(next, 2, peer) } : {}), ...(next() < 0.5 ? { ports: pick(next, [[{ port: 80 }], [{ port: 'web' }], [{ port: 53, protocol: 'UDP' }]]) } : {}) }));
  const spec: Record<string, unknown> = { podSelector: pick(next, labelSelectors) };
  if (next() < 0.7) spec.ingress = rules('from');
  if (next() < 0.5) spec.egress = rules('to');
  return JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${k}`, namespace: pick(next, ['x', 'y', 'z']) }, spec });
}

export function clusterPolicy(next: () => number, k: number): string {
  const version = pick(next, ['v1alpha1', 'v1alpha2']);
  const tier = pick(next, ['Admin', 'Admin', 'Baseline']);
  const v2 = version === 'v1alpha2';
  const subject = pick(next, [() => ({ namespaces: pick(next, namespaceSelectors) }), () => ({ pods: { namespaceSelector: pick(next, namespaceSelectors), podSelector: pick(next, labelSelectors) } })])();
  const podPeer = () => pick(next, [() => ({ namespaces: pick(next, namespaceSelectors) }), () => ({ pods: { namespaceSelector: pick(next, namespaceSelectors), podSelector: pick(next, labelSelectors) } })])();
  const egressPeer = () => (next() < 0.3 ? { networks: some(next, 2, () => pick(next, cidrs)) } : next() < 0.1 ? { nodes: {} } : podPeer());
  const actions = v2 ? ['Accept', 'Deny', 'Pass'] : tier === 'Admin' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  const port = () =>
    v2
      ? pick(next, [{ tcp: { destinationPort: { number: 80 } } }, { udp: { destinationPort: { range: { start: 50, end: 60 } } } }, { destinationNamedPort: 'web' }])
      : pick(next, [{ portNumber: { port: 80 } }, { portRange: { protocol: 'UDP', start: 50, end: 60 } }, { namedPort: 'web' }]);
  const rules = (direction: 'ingress' | 'egress') =>
    some(next, 3, () => ({
      action: pick(next, actions),
      [direction === 'ingress' ? 'from' : 'to']: some(next, 2, direction === 'ingress' ? podPeer : egressPeer),
      ...(next() < 0.5 ? { [v2 ? 'protocols' : 'ports']: some(next, 2, port) } : {}),
    }));
  const spec: Record<string, unknown> = { subject };
  if (v2) Object.assign(spec, { tier, priority: Math.floor(next() * 5) });
  else if (tier === 'Admin') spec.priority = Math.floor(next() * 5);
  if (next() < 0.7) spec.ingress = rules('ingress');
  if (next() < 0.6) spec.egress = rules('egress');
  const kind = v2 ? 'ClusterNetworkPolicy' : tier === 'Admin' ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy';
  return JSON.stringify({ apiVersion: `policy.networking.k8s.io/${version}`, kind, metadata: { name: kind === 'BaselineAdminNetworkPolicy' ? 'default' : `cp${k}` }, spec });
}


/** A CiliumNetworkPolicy (in x, y or z) or CiliumClusterwideNetworkPolicy with endpoint, entity and CIDR peers, allow and deny rules. */
export function ciliumPolicy(next: () => number, k: number): string {
  const clusterwide = next() < 0.3;
  const endpoints = () =>
    pick(next, [
      { matchLabels: { pod: 'a' } },
      { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'y' } },
      { matchLabels: { 'io.cilium.k8s.namespace.labels.ns': 'y', pod: 'b' } },
      { matchExpressions: [{ key: 'pod', operator: 'NotIn', values: ['c'] }] },
      {},
    ]);
  const peer = (direction: 'ingress' | 'egress') => {
    const field = direction === 'ingress' ? 'from' : 'to';
    return pick(next, [
      () => ({ [`${field}Endpoints`]: some(next, 2, endpoints) }),
      () => ({ [`${field}Entities`]: [pick(next, ['world', 'cluster', 'all'])] }),
      () => ({ [`${field}CIDR`]: [pick(next, ['10.0.0.0/8', '192.168.0.0/16'])] }),
    ])();
  };
  const rules = (direction: 'ingress' | 'egress') =>
    some(next, 2, () => ({ ...peer(direction), ...(next() < 0.5 ? { toPorts: [{ ports: [pick(next, [{ port: '80', protocol: 'TCP' }, { port: '53', protocol: 'UDP' }, { port: 'web' }])] }] } : {}) }));
  const spec: Record<string, unknown> = { endpointSelector: pick(next, labelSelectors) };
  if (next() < 0.7) spec.ingress = rules('ingress');
  if (next() < 0.5) spec.egress = rules('egress');
  if (next() < 0.2) spec.ingressDeny = rules('ingress');
  const metadata = clusterwide ? { name: `ccnp${k}` } : { name: `cnp${k}`, namespace: pick(next, ['x', 'y', 'z']) };
  return JSON.stringify({ apiVersion: 'cilium.io/v2', kind: clusterwide ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy', metadata, spec });
}

/** A Calico NetworkPolicy (in x, y or z) or GlobalNetworkPolicy of the default tier with selector, namespaceSelector and nets criteria. */
export function calicoPolicy(next: () => number, k: number): string {
  const global = next() < 0.3;
  const entity = () =>
    pick(next, [
      () => ({ selector: pick(next, ["pod == 'a'", 'has(tier)', "pod != 'c'", "pod in {'a', 'b'}"]) }),
      () => ({ namespaceSelector: pick(next, ["ns == 'y'", 'all()', "projectcalico.org/name == 'z'"]) }),
      () => ({ namespaceSelector: "ns == 'y'", selector: "pod == 'b'" }),
      () => ({ nets: [pick(next, ['10.0.0.0/8', '0.0.0.0/0'])] }),
      () => ({ notNets: ['10.0.0.0/8'] }),
      () => ({}),
    ])();
  const rules = (direction: 'ingress' | 'egress') =>
    some(next, 2, () => ({
      action: pick(next, ['Allow', 'Allow', 'Deny']),
      ...(next() < 0.5 ? { protocol: pick(next, ['TCP', 'UDP']) } : {}),
      [direction === 'ingress' ? 'source' : 'destination']: entity(),
      ...(direction === 'ingress' && next() < 0.4 ? { destination: { ports: [80] } } : {}),
    }));
  const spec: Record<string, unknown> = { selector: pick(next, ['all()', "pod == 'a'", "pod != 'b'"]), order: Math.floor(next() * 3) * 100 };
  const types: string[] = [];
  if (next() < 0.7) (spec.ingress = rules('ingress')), types.push('Ingress');
  if (next() < 0.5) (spec.egress = rules('egress')), types.push('Egress');
  if (types.length === 0) return '';
  spec.types = types;
  const metadata = global ? { name: `gnp${k}` } : { name: `cnp${k}`, namespace: pick(next, ['x', 'y', 'z']) };
  return JSON.stringify({ apiVersion: 'projectcalico.org/v3', kind: global ? 'GlobalNetworkPolicy' : 'NetworkPolicy', metadata, spec });
}
