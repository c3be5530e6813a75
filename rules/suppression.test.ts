import { testRule } from '../test/support/rule-tester.ts';
import { rule } from './suppression.ts';

const configMap = (metadata = '', data = '  a: "1"\n') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n${metadata}data:\n${data}`;

const deployment = (templateAnnotations: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
      annotations:
${templateAnnotations}    spec:
      containers: [{name: web, image: nginx}]
`;

testRule(rule, {
  valid: [
    { name: 'there are no suppressions', manifests: configMap() },
    {
      name: 'every directive names existing rules, with a reason after --',
      manifests: configMap(
        '  # kube-netlint-disable-next-line label-value, duplicate-object -- generated\n',
        '  a: yes # kube-netlint-disable-line label-value\n  # kube-netlint-disable schema\n  b: "2"\n',
      ),
    },
    { name: 'a directive names no rule or the wildcard all', manifests: configMap('  # kube-netlint-disable-next-line\n', '  # kube-netlint-disable all\n  a: "1"\n') },
    { name: 'the annotation names existing rules and *', manifests: configMap('  annotations:\n    kube-netlint.io/ignore: "label-value, *"\n') },
    { name: 'a comment only mentions a directive in its text', manifests: configMap('  # see kube-netlint-disable in the README\n') },
  ],
  invalid: [
    {
      name: 'disable-next-line names a misspelt rule',
      manifests: configMap('  # kube-netlint-disable-next-line label-value, servce-typo\n'),
      errors: [{ messageId: 'unknownRule', line: 5, column: 49, includes: 'unknown rule "servce-typo" in kube-netlint-disable-next-line' }],
    },
    {
      name: 'disable-line and disable name rules that do not exist',
      manifests: configMap('', '  a: yes # kube-netlint-disable-line label-vaule\n  # kube-netlint-disable nope\n  b: "2"\n'),
      errors: [
        { messageId: 'unknownRule', line: 6, includes: '"label-vaule" in kube-netlint-disable-line' },
        { messageId: 'unknownRule', line: 7, includes: '"nope" in kube-netlint-disable' },
      ],
    },
    {
      name: 'a directive name is misspelt or does not exist',
      manifests: configMap('  # kube-netlint-disable-lines label-value\n', '  # kube-netlint-disabled\n  a: "1"\n  # kube-netlint-enable\n'),
      errors: [
        { messageId: 'unknownDirective', line: 5, column: 5, includes: '"kube-netlint-disable-lines"' },
        { messageId: 'unknownDirective', line: 7, includes: '"kube-netlint-disabled"' },
        { messageId: 'unknownDirective', line: 9, includes: '"kube-netlint-enable"' },
      ],
    },
    {
      name: 'a directive name is misspelt in its first word',
      manifests: configMap('', '  # kube-netlint-disabel-next-line label-value\n  a: "1"\n'),
      errors: [{ messageId: 'unknownDirective', line: 6, includes: '"kube-netlint-disabel-next-line"' }],
    },
    {
      name: 'the ignore annotation of an object names an unknown rule',
      manifests: configMap('  annotations:\n    kube-netlint.io/ignore: "label-value,servce-typo"\n'),
      errors: [{ messageId: 'unknownRule', line: 6, includes: 'unknown rule "servce-typo" in the kube-netlint.io/ignore annotation' }],
    },
    {
      name: "the ignore annotation of a Deployment's pod template names an unknown rule",
      manifests: deployment('        kube-netlint.io/ignore: selector-orphan\n'),
      errors: [{ messageId: 'unknownRule', line: 12, includes: '"selector-orphan"' }],
    },
  ],
});
