import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helmSegments, segmentAt, templatePathOf, templateSpanOf } from './helm-output.ts';

const OUTPUT = `---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
---
# Source: web/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
data:
  note: |
    ---
    # Source: web/templates/service.yaml
`;

/** The span of the n-th occurrence (0-based) of `text` in `within`. */
function spanOf(within: string, text: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = within.indexOf(text, at + 1);
  assert.notEqual(at, -1, `${text} not in the text`);
  return { start: at, end: at + text.length };
}

describe('helm template output', () => {
  it('when the output has two markers, then each names the template of the manifest after it, up to the next manifest', () => {
    const segments = helmSegments(OUTPUT);
    assert.deepEqual(
      segments.map((s) => s.source),
      ['web/templates/service.yaml', 'web/templates/configmap.yaml'],
    );
    assert.equal(segmentAt(segments, OUTPUT.indexOf('kind: Service'))?.source, 'web/templates/service.yaml');
    assert.equal(segmentAt(segments, OUTPUT.indexOf('kind: ConfigMap'))?.source, 'web/templates/configmap.yaml');
  });

  it('when a manifest holds marker-like text that does not follow a --- line at its start, then it names no template', () => {
    // The block scalar's `# Source:` line is indented: a chart cannot move findings to another template with it.
    const segments = helmSegments(OUTPUT);
    assert.equal(segmentAt(segments, OUTPUT.lastIndexOf('# Source'))?.source, 'web/templates/configmap.yaml');
  });

  it('when a marker leads outside the chart (.., an absolute path, a backslash), then it names no template path', () => {
    assert.equal(templatePathOf('web/templates/a.yaml'), 'templates/a.yaml');
    assert.equal(templatePathOf('web/charts/db/templates/a.yaml'), 'charts/db/templates/a.yaml');
    assert.equal(templatePathOf('web/../../etc/passwd'), undefined);
    assert.equal(templatePathOf('/etc/passwd'), undefined);
    assert.equal(templatePathOf('web/templates\\..\\x'), undefined);
    assert.equal(templatePathOf('web'), undefined);
  });
});

describe('a rendered field in its template', () => {
  const template = 'kind: Service\nspec:\n  ports:\n    - port: 80\n      targetPort: metrics\n    - port: {{ .Values.port }}\n      targetPort: http\n  selector:\n    app: http-api\n';

  it('when the value stands once in the template, then it is placed there, exactly', () => {
    const rendered = 'kind: Service\nspec:\n  ports:\n    - port: 80\n      targetPort: metrics\n';
    const found = templateSpanOf(rendered, spanOf(rendered, 'metrics'), template);
    assert.deepEqual(found, { span: spanOf(template, 'metrics'), exact: true });
  });

  it('when the value comes from the values (not in the template), then the template first line is the place, not exact', () => {
    const rendered = '    - port: 8080\n';
    assert.deepEqual(templateSpanOf(rendered, spanOf(rendered, '8080'), template), { span: { start: 0, end: 'kind: Service'.length }, exact: false });
  });

  it('when the value stands twice in the template, then it is not placed', () => {
    const twice = 'a: {{ .x }}\nb: stats\nc: stats\n';
    const rendered = 'b: stats\n';
    assert.equal(templateSpanOf(rendered, spanOf(rendered, 'stats'), twice).exact, false);
  });

  it('when the value is part of a longer name or number in the template, then that does not count as an occurrence', () => {
    // `http` in `http-api` and `80` in `8080` are other words.
    const rendered = '      targetPort: http\n';
    assert.deepEqual(templateSpanOf(rendered, spanOf(rendered, 'http'), template), { span: spanOf(template, 'http', 0), exact: true });
    assert.equal(template.indexOf('http'), template.indexOf('targetPort: http') + 'targetPort: '.length);
  });

  it('when the key is given, then only occurrences on a line holding the key count', () => {
    const withLabel = 'metadata:\n  labels: {app: web}\nspec:\n  targetPort: {{ .Values.t }}\n';
    const rendered = 'spec:\n  targetPort: web\n';
    assert.equal(templateSpanOf(rendered, spanOf(rendered, 'web'), withLabel).exact, true, 'without the key the label matches');
    assert.equal(templateSpanOf(rendered, spanOf(rendered, 'web'), withLabel, 'targetPort').exact, false);
  });

  it('when the field is a map of several lines, then it is looked for by its first line', () => {
    const rendered = 'spec:\n  selector:\n    app: http-api\n    tier: x\n';
    const value = { start: rendered.indexOf('app: http-api'), end: rendered.length - 1 };
    assert.deepEqual(templateSpanOf(rendered, value, template), { span: spanOf(template, 'app: http-api'), exact: true });
  });
});
