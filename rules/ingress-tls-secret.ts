import type { Rule, RuleContext } from '../src/lint/types.ts';
import type { Ingress, IngressTls } from '../src/model/types.ts';
import { quotedNamespaces } from '../src/semantics/describe.ts';

/** cert-manager's ingress-shim creates the TLS Secret of an Ingress carrying one of these annotations. */
const CERT_MANAGER_ANNOTATIONS = ['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer'];

/** Flags TLS secrets missing from the tree, and TLS hosts that no rule of the Ingress serves. */
export const rule: Rule = {
  meta: {
    id: 'ingress-tls-secret',
    severity: 'warning',
    description: "An Ingress TLS secretName must be a Secret of the Ingress's namespace, and its TLS hosts must be hosts of its rules.",
    messages: {
      missing:
        'secretName "{{name}}" names no Secret of namespace "{{namespace}}" in the linted files, so the controller serves its default certificate; create the Secret (type kubernetes.io/tls), or correct the name',
      otherNamespace:
        'secretName "{{name}}" names no Secret of namespace "{{namespace}}": that Secret is only in {{others}}; create it in namespace "{{namespace}}" too, as an Ingress reads Secrets of its own namespace only',
      unusedHost:
        'the TLS host "{{host}}" is not the host of any rule of this Ingress (rule hosts: {{hosts}}); correct the typo, or add a rule for this host',
    },
    remediation:
      "Create the Secret (type kubernetes.io/tls) in the Ingress's namespace or correct secretName; list in tls[].hosts the hosts of the Ingress's rules.",
  },
  check(context) {
    const secrets = context.model.secrets;
    // Without any Secret in the tree, TLS Secrets are evidently managed elsewhere (sealed, external, cert-manager).
    const checkSecrets = secrets.length > 0;
    const names = new Set(secrets.map((s) => `${s.namespace}/${s.name}`));
    context.each(context.model.ingresses, (ingress) => {
      const { object } = ingress;
      const managed = CERT_MANAGER_ANNOTATIONS.some((a) => object.annotations[a] !== undefined);
      const ruleHosts = [...new Set(ingress.backends.flatMap((b) => (b.host ? [b.host.toLowerCase()] : [])))];
      for (const tls of ingress.tls) {
        if (checkSecrets && !managed && tls.secretName && !names.has(`${object.namespace}/${tls.secretName}`)) {
          const elsewhere = context.relations.secretsNamedElsewhere(object.namespace, tls.secretName);
          const data = { name: tls.secretName, namespace: object.namespace };
          const at = { object, path: [...tls.path, 'secretName'] };
          if (elsewhere.length === 0) context.report({ messageId: 'missing', data, at });
          else {
            const others = quotedNamespaces(elsewhere.map((s) => s.namespace));
            const related = elsewhere.slice(0, 5).map((s) => ({ at: { object: s, path: ['metadata', 'name'] }, message: `Secret "${s.name}" in namespace "${s.namespace}"` }));
            context.report({ messageId: 'otherNamespace', data: { ...data, others }, at, related });
          }
        }
        checkHosts(context, ingress, tls, ruleHosts);
      }
    });
  },
};

/** A TLS host that no rule host matches (either side may be a `*.` wildcard of one DNS label) is likely a typo. */
function checkHosts(context: RuleContext, ingress: Ingress, tls: IngressTls, ruleHosts: readonly string[]): void {
  // Without host rules, every TLS host reaches the rules (or the default backend) of this Ingress.
  if (ruleHosts.length === 0) return;
  tls.hosts.forEach(({ value: host, path }) => {
    const tlsHost = host.toLowerCase();
    if (ruleHosts.some((ruleHost) => hostMatches(tlsHost, ruleHost) || hostMatches(ruleHost, tlsHost))) return;
    context.report({
      messageId: 'unusedHost',
      data: { host, hosts: ruleHosts.map((h) => `"${h}"`).join(', ') },
      at: { object: ingress.object, path },
    });
  });
}

/** networking/v1 IngressRule.host: `*.example.com` matches exactly one more DNS label (`a.example.com`). */
function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot) === pattern.slice(1);
}

export default rule;
