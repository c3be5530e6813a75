import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { positionAt } from '../src/source/text.ts';
import { testRule, toSourceFiles } from '../test/support/rule-tester.ts';
import { rule } from './yaml-syntax.ts';

/** Five levels of ten aliases each: 100,000 nodes when expanded. */
const aliasBomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]', ''].join('\n');

/** `depth` maps, each inside the one before: `k:` indented two more spaces per level. */
function deepMaps(depth: number): string {
  return Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k:${i === depth - 1 ? ' v' : ''}\n`).join('');
}

testRule(rule, {
  valid: [
    { name: 'a multi-document file is well-formed', manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n' },
    { name: 'a file is empty', manifests: '' },
    { name: 'a file holds only comments and document markers', manifests: '# nothing here\n---\n---\n' },
    { name: 'a JSON manifest is well-formed', manifests: { 'svc.json': '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}\n' } },
    { name: 'anchors and a few aliases are used', manifests: 'labels: &labels {app: web}\nselector: *labels\n' },
    { name: 'maps nest exactly 200 levels deep', manifests: deepMaps(200) },
    // go-yaml (kubectl) limits the share of decoded nodes aliases make (99%), not their count.
    { name: '5,000 aliases name one scalar (half the decoded nodes come from aliases)', manifests: `base: &b "x"\n${Array.from({ length: 5000 }, (_, i) => `k${i}: *b`).join('\n')}\n` },
    { name: '1,000 aliases name a map of 5 keys (92% of the decoded nodes come from aliases)', manifests: `base: &b {a: 1, b: 2, c: 3, d: 4, e: 5}\n${Array.from({ length: 1000 }, (_, i) => `k${i}: *b`).join('\n')}\n` },
  ],
  invalid: [
    {
      // 300 aliases only, yet from the 124th on aliases make more than 99% of the decoded nodes.
      name: '300 aliases name a list of 1,000 items (more than 99% of the decoded nodes come from aliases)',
      manifests: `base: &b [${Array(1000).fill('x').join(',')}]\n${Array.from({ length: 300 }, (_, i) => `k${i}: *b`).join('\n')}\n`,
      errors: [{ messageId: 'syntax', line: 125, column: 7, includes: 'excessive aliasing (an alias bomb' }],
    },
    {
      // 2^40 nodes once expanded: the check stops at the first alias past the ratio, expanding nothing.
      name: 'forty anchors each alias the one before twice',
      manifests: `a0: &a0 [x, x]\n${Array.from({ length: 39 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}]`).join('\n')}\n`,
      errors: [{ messageId: 'syntax', line: 10, column: 10, includes: 'excessive aliasing (an alias bomb' }],
    },
    {
      name: 'a sequence item is mis-indented',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n     name: http\n',
      errors: [{ messageId: 'syntax', line: 8, column: 1, includes: 'without - indicator' }],
    },
    {
      name: 'a map repeats a key',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  name: api\n',
      errors: [{ messageId: 'syntax', line: 5, column: 3, includes: 'duplicate key "name": the map already has it' }],
    },
    {
      name: 'a quote is not closed',
      manifests: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "web\ndata: {}\n',
      errors: [{ messageId: 'syntax', line: 4, column: 9, includes: 'Missing closing "quote' }],
    },
    {
      name: 'a quote is not closed in the first of three documents',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "unterminated\nspec: {}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ok2}\n',
      errors: [{ messageId: 'syntax', line: 4, column: 9, includes: 'Missing closing "quote' }],
    },
    {
      name: 'an alias names no anchor',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: *nolabel\n',
      errors: [{ messageId: 'syntax', line: 9, column: 13, includes: 'Unresolved alias (the anchor must be set before the alias): nolabel' }],
    },
    {
      name: 'maps nest deeper than 200 levels',
      manifests: deepMaps(201),
      errors: [{ messageId: 'syntax', line: 201, column: 401, includes: 'nesting deeper than 200 levels' }],
    },
    {
      name: 'flow sequences nest deeper than 200 levels',
      manifests: `kind: List\nitems: ${'['.repeat(300)}${']'.repeat(300)}\n`,
      errors: [{ messageId: 'syntax', line: 2, column: 8 + 199, includes: 'nesting deeper than 200 levels' }],
    },
    {
      name: 'a tab indents a key',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n',
      errors: [{ messageId: 'syntax', line: 4, includes: 'Tabs are not allowed' }],
    },
    {
      name: 'a JSON object is not closed',
      manifests: { 'svc.json': '{"apiVersion": "v1", "kind": "Service",\n "metadata": {"name": "web"\n}\n' },
      errors: [{ messageId: 'syntax', line: 1, column: 1, file: 'svc.json', includes: 'this { is never closed: the JSON ends before its }' }],
    },
    {
      name: 'the middle document of three is malformed',
      manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\nkind: [\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n',
      errors: [{ messageId: 'syntax', line: 6, includes: 'Flow sequence' }],
    },
    {
      name: 'aliases expand into an alias bomb',
      manifests: aliasBomb,
      // At the outermost alias being expanded when go-yaml's ratio is passed (e's second *d).
      errors: [{ messageId: 'syntax', line: 4, column: 14, includes: 'excessive aliasing (an alias bomb' }],
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

  it('when a quote left open would run to the end of the file, then the documents after the next --- are still modelled at their own lines', () => {
    const files = toSourceFiles('apiVersion: v1\nkind: Service\nmetadata:\n  name: "unterminated\nspec: {}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n---\n# c\napiVersion: v1\nkind: Service\nmetadata: {name: c}\n');
    const { model, diagnostics } = analyze({ files, config: DEFAULT_CONFIG, rules: [rule] });
    assert.deepEqual(model.services.map((s) => `${s.object.name}:${positionAt(s.object.doc.file, s.object.doc.span.start).line}`), ['b:6', 'c:10']);
    assert.deepEqual(model.services.map((s) => s.object.doc.index), [1, 2]);
    assert.deepEqual(model.services.map((s) => s.object.doc.file), [files[0], files[0]]);
    const name = model.services[1]!.object.doc.locate(['metadata', 'name'])!;
    assert.equal(files[0]!.text.slice(name.value.start, name.value.end), 'c');
    assert.deepEqual(diagnostics.map((d) => `${positionAt(d.file, d.span.start).line} ${d.message}`), ['4 Missing closing "quote']);
  });
});
