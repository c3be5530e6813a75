import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './ingress-class.ts';

const ingress = (name: string, classLines = '', annotations = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
${annotations ? `  annotations:\n${annotations}` : ''}spec:
${classLines}  defaultBackend:
    service: {name: web, port: {number: 80}}
`;

const ingressClass = (name: string, isDefault = false) => `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: ${name}
${isDefault ? '  annotations:\n    ingressclass.kubernetes.io/is-default-class: "true"\n' : ''}spec:
  controller: k8s.io/ingress-nginx
`;

testRule(rule, {
  valid: [
    { name: 'the Ingress names an IngressClass of another file', manifests: { 'ing.yaml': ingress('web', '  ingressClassName: nginx\n'), 'class.yaml': ingressClass('nginx') } },
    { name: 'the Ingress has no class and one IngressClass is the default', manifests: { 'ing.yaml': ingress('web'), 'class.yaml': ingressClass('nginx', true) } },
    { name: 'the tree has no IngressClasses, so any class name is accepted', manifests: ingress('web', '  ingressClassName: traefik\n') },
    { name: 'the legacy annotation names a declared class', manifests: `${ingress('web', '', '    kubernetes.io/ingress.class: nginx\n')}---\n${ingressClass('nginx')}` },
    {
      name: 'the classes are declared in the rule options',
      manifests: `${ingress('a')}---\n${ingress('b', '  ingressClassName: traefik\n')}---\n${ingressClass('nginx')}`,
      config: { rules: { 'ingress-class': { options: { classes: ['traefik'], defaultClass: 'nginx' } } } },
    },
  ],
  invalid: [
    {
      name: 'the Ingress has no class and there is no default IngressClass',
      manifests: ingress('web'),
      errors: [{ messageId: 'noClass', line: 5, column: 1 }],
    },
    {
      name: 'the class name is declared by no IngressClass of the tree',
      manifests: { 'ing.yaml': ingress('web', '  ingressClassName: ngnix\n'), 'class.yaml': ingressClass('nginx') },
      errors: [{ messageId: 'unknownClass', line: 6, column: 21, file: 'ing.yaml', includes: 'declared: "nginx"' }],
    },
    {
      name: 'the legacy annotation names an undeclared class',
      manifests: `${ingress('web', '', '    kubernetes.io/ingress.class: haproxy\n')}---\n${ingressClass('nginx')}`,
      errors: [{ messageId: 'unknownClass', line: 6, column: 34, includes: '"haproxy"' }],
    },
    {
      name: 'the annotation and ingressClassName differ',
      manifests: ingress('web', '  ingressClassName: nginx\n', '    kubernetes.io/ingress.class: traefik\n'),
      errors: [{ messageId: 'annotationMismatch', line: 6, column: 34 }],
    },
    {
      name: 'two IngressClasses are the default and an Ingress has no class',
      manifests: { 'a.yaml': ingressClass('nginx', true), 'b.yaml': ingressClass('traefik', true), 'ing.yaml': ingress('web') },
      errors: [
        { messageId: 'multipleDefaults', line: 6, column: 50, file: 'b.yaml', includes: 'also on "nginx"' },
        { messageId: 'ambiguousDefault', line: 5, file: 'ing.yaml', includes: '"nginx", "traefik"' },
      ],
    },
  ],
});
