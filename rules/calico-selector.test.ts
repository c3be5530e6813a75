import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './calico-selector.ts';

const policy = (selector: string, rules = '') => `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  selector: ${selector}
  types: [Ingress]
${rules}`;

testRule(rule, {
  valid: [
    { name: 'the selector is valid with both quote styles and the joined operator words', manifests: policy(`app == 'web' && tier in {"a", 'b'} && name startswith "x" && !has(legacy)`) },
    { name: 'the selector is absent (all())', manifests: 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec: {types: [Ingress]}\n' },
    { name: 'the selector is blank, which selects everything', manifests: policy('""') },
    {
      name: 'a GlobalNetworkPolicy in the CRD form with a global() namespaceSelector on a rule',
      manifests: `apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: {name: default.deny}
spec:
  selector: projectcalico.org/namespace not in {"kube-system"}
  namespaceSelector: has(projectcalico.org/name)
  egress:
    - action: Allow
      destination: {namespaceSelector: global(), selector: 'role == "dns"'}
`,
    },
    { name: 'a NetworkPolicy of networking.k8s.io is not read by this rule', manifests: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec: {podSelector: {}}\n' },
  ],
  invalid: [
    {
      name: 'the value is not quoted (the position is the character inside a plain scalar)',
      manifests: policy("app == web"),
      errors: [{ messageId: 'syntax', line: 5, column: 20, includes: 'selector "app == web" is not valid Calico selector syntax: expected a quoted string but found label "web" at character 8' }],
    },
    {
      name: 'a single "=" inside a double-quoted YAML scalar with an escape before it',
      manifests: policy(String.raw`"a == \"x\" && b = 'y'"`),
      errors: [{ messageId: 'syntax', line: 5, column: 30, includes: 'expected "==" (a single "=" is not an operator)' }],
    },
    {
      name: "an unterminated string inside a single-quoted YAML scalar whose '' folds to one quote",
      manifests: policy("'app == ''web'"),
      errors: [{ messageId: 'syntax', line: 5, column: 21, includes: 'unterminated string at character 8' }],
    },
    {
      name: 'a rule selector in a flow map and a namespaceSelector with a stray "&"',
      manifests: policy("all()", "  ingress:\n    - action: Allow\n      source: {selector: 'role == \"db\" & has(x)', namespaceSelector: 'has(team'}\n"),
      errors: [
        { messageId: 'syntax', line: 9, column: 40, includes: 'expected "&&"' },
        { messageId: 'syntax', line: 9, column: 79, includes: 'expected ")" to close has(' },
      ],
    },
    {
      name: 'a literal block scalar ends the selector with a newline, which Calico does not read as whitespace',
      manifests: policy("|\n    app == 'web'"),
      errors: [{ messageId: 'syntax', line: 6, column: 17, includes: 'unexpected character' }],
    },
  ],
});
