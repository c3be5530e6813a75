import assert from 'node:assert/strict';
import { it } from 'node:test';
import { positionAt } from '../src/source/text.ts';
import { runRule, testRule } from '../test/support/rule-tester.ts';
import { rule } from './duplicate-object.ts';

const configMap = (name: string, namespace?: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}data: {a: b}\n`;

testRule(rule, {
  valid: [
    { name: 'the names differ', manifests: `${configMap('a')}---\n${configMap('b')}` },
    { name: 'the namespaces differ', manifests: `${configMap('a', 'x')}---\n${configMap('a', 'y')}` },
    {
      name: 'the kinds differ',
      manifests: `${configMap('a')}---\napiVersion: v1\nkind: Secret\nmetadata: {name: a}\n`,
    },
    {
      name: 'both objects use generateName',
      manifests: 'apiVersion: v1\nkind: Pod\nmetadata: {generateName: job-}\nspec: {containers: [{name: c, image: x}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {generateName: job-}\nspec: {containers: [{name: c, image: x}]}\n',
    },
  ],
  invalid: [
    {
      name: 'an IngressClass is defined twice',
      manifests: 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\nspec: {controller: k8s.io/ingress-nginx}\n---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\nspec: {controller: k8s.io/ingress-nginx}\n',
      errors: [{ messageId: 'duplicate', line: 8, column: 18, includes: 'an IngressClass named "nginx" is already defined' }],
    },
    {
      name: 'the same object is in two files, once with the default namespace implied',
      manifests: { 'a.yaml': configMap('settings'), 'b.yaml': configMap('settings', 'default') },
      errors: [{ messageId: 'duplicate', line: 4, column: 9, file: 'b.yaml', includes: 'a ConfigMap named "settings" in namespace "default" is already defined' }],
    },
    {
      name: 'a cluster-scoped object is defined three times, once inside a List',
      manifests:
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: shop}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
      errors: [
        { messageId: 'duplicate', line: 10, includes: 'a Namespace named "shop" is already defined' },
        { messageId: 'duplicate', line: 15, includes: 'a Namespace named "shop" is already defined' },
      ],
    },
  ],
});

it('when an object is defined twice, then the first definition is a related location and the message names no position', () => {
  const manifests = { 'a.yaml': `# moved down\n${configMap('settings')}`, 'b.yaml': configMap('settings') };
  const [finding] = runRule(rule, manifests);
  assert.ok(finding);
  const related = finding.related.map((r) => `${r.file.path}:${positionAt(r.file, r.span.start).line}`);
  assert.deepEqual(related, ['a.yaml:5']);
  assert.equal(runRule(rule, { ...manifests, 'a.yaml': configMap('settings') })[0]?.message, finding.message);
});
