import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './ingress-conflict.ts';

interface PathSpec {
  readonly path?: string;
  readonly type?: string;
  readonly service?: string;
  readonly port?: number;
}

const ingress = (name: string, paths: readonly PathSpec[], options: { host?: string; className?: string; namespace?: string; annotations?: string } = {}) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${options.namespace ?? 'shop'}
${options.annotations ? `  annotations:\n${options.annotations}` : ''}spec:
${options.className ? `  ingressClassName: ${options.className}\n` : ''}  rules:
    - ${options.host ? `host: ${options.host}\n      ` : ''}http:
        paths:
${paths
  .map(
    (p) =>
      `${p.path === undefined ? '          - ' : `          - path: ${p.path}\n            `}${p.type ? `pathType: ${p.type}\n            ` : ''}backend:\n              service: {name: ${p.service ?? 'web'}, port: {number: ${p.port ?? 80}}}\n`,
  )
  .join('')}`;

const host = { host: 'shop.example.com' };

testRule(rule, {
  valid: [
    {
      name: 'two Ingresses route the same path to the same Service and port',
      manifests: `${ingress('a', [{ path: '/', type: 'Prefix' }], host)}---\n${ingress('b', [{ path: '/', type: 'Prefix' }], host)}`,
    },
    {
      name: 'two Ingresses name the same Service port by number and by name',
      manifests: `${ingress('a', [{ path: '/', type: 'Prefix' }], host).replace('{number: 80}', '{name: http}')}---\n${ingress('b', [{ path: '/', type: 'Prefix' }], host)}---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n`,
    },
    {
      name: 'the hosts differ',
      manifests: `${ingress('a', [{ path: '/', type: 'Prefix' }], host)}---\n${ingress('b', [{ path: '/', type: 'Prefix', service: 'api' }], { host: 'api.example.com' })}`,
    },
    {
      name: 'Exact and Prefix share a path (Exact takes precedence)',
      manifests: ingress('a', [{ path: '/api', type: 'Prefix' }, { path: '/api', type: 'Exact', service: 'index' }], host),
    },
    {
      name: 'the ingress classes differ',
      manifests: `${ingress('a', [{ path: '/', type: 'Prefix' }], { ...host, className: 'public' })}---\n${ingress('b', [{ path: '/', type: 'Prefix', service: 'api' }], { ...host, className: 'internal' })}`,
    },
    {
      name: 'the second Ingress is an ingress-nginx canary',
      manifests: `${ingress('a', [{ path: '/', type: 'Prefix' }], host)}---\n${ingress('b', [{ path: '/', type: 'Prefix', service: 'web-next' }], { ...host, annotations: '    nginx.ingress.kubernetes.io/canary: "true"\n' })}`,
    },
    {
      name: 'an ImplementationSpecific path has the text of a Prefix path',
      manifests: ingress('a', [{ path: '/api', type: 'Prefix' }, { path: '/api', type: 'ImplementationSpecific', service: 'api' }], host),
    },
  ],
  invalid: [
    {
      name: 'two Ingresses in two files route the same Prefix path (one with a trailing slash) to different Services',
      manifests: { 'a.yaml': ingress('a', [{ path: '/api', type: 'Prefix', service: 'api' }], host), 'b.yaml': ingress('b', [{ path: '/api/', type: 'Prefix', service: 'api-v2' }], host) },
      errors: [{ messageId: 'conflict', line: 11, column: 19, file: 'b.yaml', includes: 'already routed to Service "api" port 80 by Ingress "a"' }],
    },
    {
      name: 'two Ingresses without host in different namespaces route the same Exact path to different ports',
      manifests: `${ingress('a', [{ path: '/x', type: 'Exact' }], { namespace: 'one' })}---\n${ingress('b', [{ path: '/x', type: 'Exact', port: 8080 }], { namespace: 'two' })}`,
      errors: [{ messageId: 'conflict', line: 24, includes: 'host * (any host)' }],
    },
    {
      name: 'one Ingress routes the same path twice, without pathType',
      manifests: ingress('a', [{ path: '/' }, { path: '/', service: 'other' }], host),
      errors: [{ messageId: 'conflict', line: 14, includes: 'another path of this Ingress' }],
    },
    {
      name: 'an Ingress without class conflicts with one naming the default class',
      manifests: `apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\n  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}\nspec: {controller: k8s.io/ingress-nginx}\n---\n${ingress('a', [{ path: '/', type: 'Prefix' }], { ...host, className: 'nginx' })}---\n${ingress('b', [{ path: '/', type: 'Prefix', service: 'api' }], host)}`,
      errors: [{ messageId: 'conflict', line: 34 }],
    },
  ],
});
