// Issue 10: policies of the other kinds added to the synthetic tree, for the "tiered" variant of the
// reach bench. Each generator gets the tree's namespaces (with their team and env labels) and a seeded
// PRNG and returns YAML documents; the variant appends them to the tree as one more file. Add one line
// to TIERED_GENERATORS per kind (Cilium, Calico: 500 policies each, as issue 10 asks).
import { calicoPolicies, ciliumPolicies } from './cni-policies.ts';
import { random } from './generate.ts';

export interface BenchNamespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export type PolicyGenerator = (namespaces: readonly BenchNamespace[], rnd: () => number) => string[];

const TIERS = ['web', 'api', 'worker', 'db', 'cache'] as const;
const TEAMS = ['payments', 'search', 'identity', 'checkout', 'platform', 'data'];

/**
 * 200 AdminNetworkPolicies (v1alpha1), distinct priorities: per team or namespace, Deny database and
 * cache ports from other teams, Pass the rest of the team's traffic to the NetworkPolicies, Allow
 * monitoring, Deny egress to some networks; and one BaselineAdminNetworkPolicy denying ingress from
 * every namespace to the pods of every namespace but kube-system (whose DNS pods every pod needs).
 */
export const adminNetworkPolicies: PolicyGenerator = (namespaces, rnd) => {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const docs: string[] = [];
  for (let i = 0; i < 200; i++) {
    const team = pick(TEAMS);
    const other = pick(TEAMS.filter((t) => t !== team));
    const ns = pick(namespaces).name;
    const subject =
      i % 3 === 0
        ? `namespaces: {matchLabels: {team: ${team}}}`
        : i % 3 === 1
          ? `pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${ns}}}, podSelector: {matchLabels: {tier: ${pick(TIERS)}}}}`
          : `pods: {namespaceSelector: {matchLabels: {env: ${rnd() < 0.5 ? 'prod' : 'staging'}}}, podSelector: {matchLabels: {tier: db}}}`;
    docs.push(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: anp-${String(i).padStart(3, '0')}
spec:
  priority: ${i * 5}
  subject: {${subject}}
  ingress:
    - name: monitoring
      action: Allow
      from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
      ports: [{portNumber: {port: 9090}}]
    - name: no-${other}-to-data
      action: Deny
      from: [{namespaces: {matchLabels: {team: ${other}}}}]
      ports: [{portNumber: {port: 5432}}, {portNumber: {port: 6379}}]
    - name: team-decides
      action: Pass
      from: [{namespaces: {matchLabels: {team: ${team}}}}]
  egress:
    - name: no-metadata
      action: Deny
      to: [{networks: [169.254.169.254/32, 10.${i % 250}.0.0/16]}]
    - name: team-decides
      action: Pass
      to: [{pods: {namespaceSelector: {matchLabels: {team: ${team}}}, podSelector: {}}}]
`);
  }
  docs.push(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: default
spec:
  subject: {namespaces: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]}}
  ingress:
    - {name: default-deny, action: Deny, from: [{namespaces: {}}]}
`);
  return docs;
};

/** The generators of the tiered variant, in order. */
export const TIERED_GENERATORS: readonly PolicyGenerator[] = [adminNetworkPolicies, ciliumPolicies, calicoPolicies];

/** The documents of every generator for these namespaces (deterministic). */
export function tieredDocuments(namespaces: readonly BenchNamespace[]): string[] {
  const rnd = random(20261207);
  return TIERED_GENERATORS.flatMap((generate) => generate(namespaces, rnd));
}
