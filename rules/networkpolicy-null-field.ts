import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { NetworkPolicy, PolicyPeer } from '../src/model/types.ts';
import { asRecord, getIn } from '../src/model/values.ts';
import type { Path } from '../src/source/types.ts';
import { isEmptySelector } from '../src/semantics/selector.ts';

/**
 * Flags NetworkPolicy fields written empty (`matchLabels:` with no value, `from: null`): the API server
 * reads null as unset, which here widens what the policy selects or admits.
 */
export const rule: Rule = {
  meta: {
    id: 'networkpolicy-null-field',
    severity: 'warning',
    scope: 'document',
    description: 'A NetworkPolicy field written as null is unset to the API server: a null selector, peer list or port list selects or admits everything.',
    messages: {
      podSelector:
        '"{{field}}" is null, which the API server reads as unset, so this policy selects every pod of namespace "{{namespace}}"; give the labels of the pods to select, or write podSelector: {} to mean every pod',
      peerPods:
        '"{{field}}" is null, which the API server reads as unset, so this peer admits every pod of {{scope}}; give the labels of the pods to admit, or remove the key if every pod is meant',
      namespaceOwn:
        '"{{field}}" is null, which the API server reads as unset, so this peer admits pods of namespace "{{namespace}}" only (the policy\'s own), not of every namespace as namespaceSelector: {} would; write namespaceSelector: {} for every namespace, or remove the key',
      namespaceAll:
        '"{{field}}" is null, which the API server reads as unset, so this namespaceSelector selects every namespace; give the labels of the namespaces to admit, or write namespaceSelector: {} to mean every namespace',
      peers: '"{{field}}" is null, which the API server reads as unset, so this rule admits every {{peer}}, in and outside the cluster; list the peers to admit, or remove the key if every {{peer}} is meant',
      ports: '"{{field}}" is null, which the API server reads as unset, so this rule allows every port and protocol; list the ports to allow, or remove the key if every port is meant',
    },
    remediation:
      'Write what is meant: labels under matchLabels, peers under from/to, ports under ports. An empty map ({}) or no key at all states "everything" plainly; a key left without a value reads the same, which is rarely what was meant.',
  },
  check(context) {
    // Reads fields as written (`object.raw`), not the typed view: the view reads null as absent, and
    // telling a null field from an absent one is this rule's job.
    context.each(context.model.policies, (policy) => {
      const namespace = policy.object.namespace;
      const field = nullSelectorField(policy, policy.podSelectorPath);
      if (field && isEmptySelector(policy.podSelector)) report(context, policy, field, 'podSelector', { namespace });
      for (const [direction, peerKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
        (direction === 'ingress' ? policy.ingress : policy.egress).forEach((rule) => {
          if (getIn(policy.object.raw, [...rule.path, peerKey]) === null) report(context, policy, [...rule.path, peerKey], 'peers', { peer: direction === 'ingress' ? 'source' : 'destination' });
          if (getIn(policy.object.raw, [...rule.path, 'ports']) === null) report(context, policy, [...rule.path, 'ports'], 'ports', {});
          for (const peer of rule.peers ?? []) checkPeer(context, policy, peer);
        });
      }
    });
  },
};

function checkPeer(context: RuleContext, policy: NetworkPolicy, peer: PolicyPeer): void {
  if (peer.type !== 'pods') return;
  const raw = asRecord(getIn(policy.object.raw, peer.path)) ?? {};
  const namespace = policy.object.namespace;
  // A peer whose only selector is null has none: the API server rejects it (the schema rule's finding).
  const written = (key: string) => raw[key] !== undefined && raw[key] !== null;
  const podsField = nullSelectorField(policy, [...peer.path, 'podSelector']);
  if (podsField && (!peer.podSelector || isEmptySelector(peer.podSelector)) && (written('namespaceSelector') || raw.podSelector !== null)) {
    const scope = written('namespaceSelector') ? 'the namespaces its namespaceSelector selects' : `namespace "${namespace}"`;
    report(context, policy, podsField, 'peerPods', { scope });
  }
  const namespacesField = nullSelectorField(policy, [...peer.path, 'namespaceSelector']);
  if (!namespacesField || !written('podSelector')) return;
  if (raw.namespaceSelector === null) report(context, policy, namespacesField, 'namespaceOwn', { namespace });
  else if (peer.namespaceSelector && isEmptySelector(peer.namespaceSelector)) report(context, policy, namespacesField, 'namespaceAll', {});
}

/**
 * Where a selector at `path` is written as null, or has a requirement field (`matchLabels`,
 * `matchExpressions`) written as null: the first such field; undefined when none is.
 */
function nullSelectorField(policy: NetworkPolicy, path: Path): Path | undefined {
  const written = getIn(policy.object.raw, path);
  if (written === null) return path;
  const record = asRecord(written);
  const key = record && ['matchLabels', 'matchExpressions'].find((k) => record[k] === null);
  return key ? [...path, key] : undefined;
}

function report(context: RuleContext, policy: NetworkPolicy, path: Path, messageId: string, data: Record<string, string>): void {
  // The null key as written, with its selector for a selector's field (`podSelector.matchLabels`).
  const last = String(path[path.length - 1]);
  const field = last.startsWith('match') ? `${String(path[path.length - 2])}.${last}` : last;
  context.report({ messageId, data: { ...data, field }, at: { object: policy.object, path, key: true } });
}

export default rule;
