import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/config/load.ts';
import { testRule, toSourceFiles } from '../test/support/rule-tester.ts';
import { rule } from './yaml-syntax.ts';

/** Five levels of ten aliases each: 100,000 nodes when expanded. */
const aliasBomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]', ''].join('\n');

testRule(rule, {
  valid: [
    { name: 'a multi-document file is well-formed', manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n' },
    { name: 'a file is empty', manifests: '' },
    { name: 'a file holds only comments and document markers', manifests: '# nothing here\n---\n---\n' },
    { name: 'a JSON manifest is well-formed', manifests: { 'svc.json': '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}\n' } },
    { name: 'anchors and a few aliases are used', manifests: 'labels: &labels {app: web}\nselector: *labels\n' },
  ],
  invalid: [
    {
      name: 'a sequence item is mis-indented',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n     name: http\n',
      errors: [{ messageId: 'syntax', line: 8, column: 1, includes: 'without - indicator' }],
    },
    {
      name: 'a map repeats a key',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  name: api\n',
      errors: [{ messageId: 'syntax', line: 5, column: 3, includes: 'Map keys must be unique' }],
    },
    {
      name: 'a quote is not closed',
      manifests: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "web\ndata: {}\n',
      errors: [{ messageId: 'syntax', line: 6, includes: 'Missing closing "quote' }],
    },
    {
      name: 'a tab indents a key',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n',
      errors: [{ messageId: 'syntax', line: 4, includes: 'Tabs are not allowed' }],
    },
    {
      name: 'a JSON object is not closed',
      manifests: { 'svc.json': '{"apiVersion": "v1", "kind": "Service",\n "metadata": {"name": "web"\n}\n' },
      errors: [{ messageId: 'syntax', line: 4, file: 'svc.json', includes: 'Flow map must end with a }' }],
    },
    {
      name: 'the middle document of three is malformed',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\nkind: [\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n',
      errors: [{ messageId: 'syntax', line: 6, includes: 'Flow sequence' }],
    },
    {
      name: 'aliases expand into an alias bomb',
      manifests: aliasBomb,
      errors: [{ messageId: 'syntax', line: 1, column: 1, includes: 'possible alias bomb' }],
    },
  ],
});

describe('rule yaml-syntax and the rest of the input', () => {
  it('when one document of a file is malformed, then the other documents and files are still modelled', () => {
    const files = toSourceFiles({
      'broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\nkind: [\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n',
      'other.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: c}\n',
    });
    const { model, diagnostics } = analyze({ files, config: DEFAULT_CONFIG, rules: [rule] });
    assert.deepEqual(model.services.map((s) => s.object.name).sort(), ['a', 'b', 'c']);
    assert.deepEqual(diagnostics.map((d) => `${d.file.path}:${d.ruleId}`), ['broken.yaml:yaml-syntax']);
  });
});
