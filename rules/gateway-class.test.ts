import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './gateway-class.ts';

const gatewayClass = (name: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: ${name}}\nspec: {controllerName: example.com/gateway}\n`;
const gateway = (className: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: infra}\nspec:\n  gatewayClassName: ${className}\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n`;

testRule(rule, {
  valid: [
    { name: 'the Gateway names a GatewayClass of another file', manifests: { 'c.yaml': gatewayClass('envoy'), 'g.yaml': gateway('envoy') } },
    { name: 'the tree has no GatewayClasses, so the class is installed with the implementation', manifests: gateway('istio') },
    { name: 'the class is declared in the rule options', manifests: { 'c.yaml': gatewayClass('envoy'), 'g.yaml': gateway('istio') }, config: { rules: { 'gateway-class': { options: { classes: ['istio'] } } } } },
  ],
  invalid: [
    {
      name: 'the class is declared by no GatewayClass of the tree',
      manifests: { 'c.yaml': gatewayClass('envoy'), 'g.yaml': gateway('envoy-gateway') },
      errors: [{ messageId: 'unknownClass', line: 5, column: 21, file: 'g.yaml', includes: 'declared: "envoy"' }],
    },
  ],
});
