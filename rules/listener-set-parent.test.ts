import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './listener-set-parent.ts';

/** A Gateway in namespace infra with `allowed` as its spec.allowedListeners (flow YAML, or '' for none) and one HTTP listener on port 80 for www.example.com. */
const gateway = (allowed: string, name = 'shared') => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: infra}
spec:
  gatewayClassName: envoy
${allowed ? `  allowedListeners: ${allowed}\n` : ''}  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: www.example.com}
  - {name: db, port: 5432, protocol: TCP}
`;
/** A ListenerSet `name` of `namespace` whose parent is infra/shared, with listener lines (flow maps, one per line). */
const listenerSet = (namespace: string, listeners: readonly string[], name = 'extra', parent = 'name: shared, namespace: infra') => `apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  parentRef: {${parent}}
  listeners:
${listeners.map((l) => `  - ${l}`).join('\n')}
`;
const own = '{name: a, port: 80, protocol: HTTP, hostname: a.example.com}';
const namespace = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}\n`;

testRule(rule, {
  valid: [
    { name: 'the Gateway accepts All namespaces, then a ListenerSet of another namespace attaches', manifests: { 'gw.yaml': gateway('{namespaces: {from: All}}'), 'ls.yaml': listenerSet('team', [own]) } },
    { name: 'the Gateway accepts Same and the ListenerSet is in its namespace, then it attaches', manifests: { 'gw.yaml': gateway('{namespaces: {from: Same}}'), 'ls.yaml': listenerSet('infra', [own]) } },
    {
      name: 'a Selector matches the labels of the declared Namespace, then it attaches',
      manifests: { 'gw.yaml': gateway('{namespaces: {from: Selector, selector: {matchLabels: {shared: "yes"}}}}'), 'ns.yaml': namespace('team', '{shared: "yes"}'), 'ls.yaml': listenerSet('team', [own]) },
    },
    {
      name: 'the listener shares the port and protocol but not the hostname, then it does not conflict',
      manifests: { 'gw.yaml': gateway('{namespaces: {from: All}}'), 'ls.yaml': listenerSet('team', ['{name: http, port: 80, protocol: HTTP, hostname: other.example.com}']) },
    },
  ],
  invalid: [
    {
      name: 'the Gateway sets no allowedListeners, then it accepts none (default from: None)',
      manifests: { 'gw.yaml': gateway(''), 'ls.yaml': listenerSet('team', [own]) },
      errors: [{ messageId: 'notAllowed', file: 'ls.yaml', line: 5, severity: 'error', includes: 'allowedListeners is not set, and its default is from: None' }],
    },
    {
      name: 'the Gateway accepts Same and the ListenerSet is in another namespace, then it is refused',
      manifests: { 'gw.yaml': gateway('{namespaces: {from: Same}}'), 'ls.yaml': listenerSet('team', [own]) },
      errors: [{ messageId: 'notAllowed', file: 'ls.yaml', line: 5, includes: 'own namespace only' }],
    },
    {
      name: 'a Selector does not match the declared Namespace, then it is refused',
      manifests: { 'gw.yaml': gateway('{namespaces: {from: Selector, selector: {matchLabels: {shared: "yes"}}}}'), 'ns.yaml': namespace('team', '{shared: "no"}'), 'ls.yaml': listenerSet('team', [own]) },
      errors: [{ messageId: 'notAllowed', line: 5, file: 'ls.yaml' }],
    },
    {
      name: 'a Selector reads a label of an undeclared Namespace, then the assumption is a warning',
      manifests: { 'gw.yaml': gateway('{namespaces: {from: Selector, selector: {matchLabels: {shared: "yes"}}}}'), 'ls.yaml': listenerSet('team', [own]) },
      errors: [{ messageId: 'assumedNamespace', file: 'ls.yaml', line: 5, severity: 'warning' }],
    },
    {
      name: 'a listener has the port, protocol and hostname of a Gateway listener, then it conflicts (HostnameConflict) at its hostname',
      manifests: { 'gw.yaml': gateway('{namespaces: {from: All}}'), 'ls.yaml': listenerSet('team', ['{name: mine, port: 80, protocol: HTTP, hostname: www.example.com}']) },
      errors: [{ messageId: 'parentConflict', file: 'ls.yaml', line: 7, includes: 'HostnameConflict' }],
    },
    {
      name: 'an HTTP listener shares the port of a Gateway TCP listener, then it conflicts (ProtocolConflict)',
      manifests: { 'gw.yaml': gateway('{namespaces: {from: All}}'), 'ls.yaml': listenerSet('team', ['{name: web, port: 5432, protocol: HTTP}']) },
      errors: [{ messageId: 'parentConflict', file: 'ls.yaml', line: 7, includes: 'ProtocolConflict' }],
    },
    {
      name: 'two ListenerSets of one Gateway declare the same listener, then the later by name is warned (creation times unknown)',
      manifests: { 'gw.yaml': gateway('{namespaces: {from: All}}'), 'a.yaml': listenerSet('team', [own], 'a'), 'b.yaml': listenerSet('team', [own], 'b') },
      errors: [{ messageId: 'siblingConflict', file: 'b.yaml', line: 7, severity: 'warning', includes: 'ListenerSet "team/a"' }],
    },
    {
      name: 'the Gateway is missing from a namespace that defines other Gateways, then it is an error',
      manifests: { 'gw.yaml': gateway('{namespaces: {from: All}}', 'other'), 'ls.yaml': listenerSet('team', [own]) },
      errors: [{ messageId: 'gatewayMissing', file: 'ls.yaml', line: 5 }],
    },
    {
      name: 'the tree holds objects of the Gateway namespace but no Gateway, then it may be installed apart (warning)',
      manifests: { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: envoy, namespace: infra}\nspec: {ports: [{port: 80}]}\n', 'ls.yaml': listenerSet('team', [own]) },
      errors: [{ messageId: 'gatewayNotHere', file: 'ls.yaml', line: 5, severity: 'warning' }],
    },
    {
      name: 'the tree holds nothing of the Gateway namespace, then the Gateway is assumed elsewhere (info)',
      manifests: { 'ls.yaml': listenerSet('team', [own]) },
      errors: [{ messageId: 'gatewayElsewhere', line: 5, severity: 'info' }],
    },
    {
      name: 'the parentRef names another kind, then it is an error',
      manifests: { 'gw.yaml': gateway('{namespaces: {from: All}}'), 'ls.yaml': listenerSet('team', [own], 'extra', 'name: shared, namespace: infra, kind: Service, group: ""') },
      errors: [{ messageId: 'notGateway', line: 5, file: 'ls.yaml' }],
    },
  ],
});
