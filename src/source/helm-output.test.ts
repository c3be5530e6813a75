import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helmSegments, segmentAt, soleActionUnder, templatePathOf, templateSpanOf, templateText } from './helm-output.ts';

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
  const source = 'kind: Service\nspec:\n  ports:\n    - port: 80\n      targetPort: metrics\n    - port: {{ .Values.port }}\n      targetPort: http\n  selector:\n    app: http-api\n';
  const template = templateText(source);
  const ports = 'kind: Service\nspec:\n  ports:\n';

  it('when the value stands once in the template, then it is placed there, exactly', () => {
    const rendered = `${ports}    - port: 80\n      targetPort: metrics\n`;
    assert.deepEqual(templateSpanOf(rendered, spanOf(rendered, 'metrics'), template), { span: spanOf(source, 'metrics'), exact: true });
  });

  it('when the value comes from the values (not in the template), then the template first line is the place, not exact', () => {
    const rendered = `${ports}    - port: 8080\n`;
    assert.deepEqual(templateSpanOf(rendered, spanOf(rendered, '8080'), template), { span: { start: 0, end: 'kind: Service'.length }, exact: false });
  });

  it('when the value stands twice in the template, then it is not placed', () => {
    const twice = templateText('a: {{ .x }}\nb: stats\nb: stats\n');
    const rendered = 'b: stats\n';
    assert.equal(templateSpanOf(rendered, spanOf(rendered, 'stats'), twice).exact, false);
  });

  it('when the value is part of a longer name or number in the template, then that does not count as an occurrence', () => {
    // `http` in `http-api` and `80` in `8080` are other words.
    const rendered = `${ports}    - port: 8080\n      targetPort: http\n`;
    assert.deepEqual(templateSpanOf(rendered, spanOf(rendered, 'http'), template), { span: spanOf(source, 'http', 0), exact: true });
    assert.equal(source.indexOf('http'), source.indexOf('targetPort: http') + 'targetPort: '.length);
  });

  it('when the text before the value on its line differs (another key), then that occurrence does not count', () => {
    const withLabel = templateText('metadata:\n  labels: {app: web}\nspec:\n  targetPort: {{ .Values.t }}\n');
    const rendered = 'metadata:\n  labels: {app: web}\nspec:\n  targetPort: web\n';
    assert.equal(templateSpanOf(rendered, spanOf(rendered, 'web', 1), withLabel).exact, false);
    assert.equal(templateSpanOf(rendered, spanOf(rendered, 'web', 0), withLabel).exact, true);
  });

  it('when the text stands only inside a template action, then it is not placed', () => {
    const actions = templateText('spec:\n  type: {{ .Values.type }}\n{{- $lb := eq .Values.type "LoadBalancer" }}\n{{/* LoadBalancer */}}\n');
    const rendered = 'spec:\n  type: LoadBalancer\n';
    assert.equal(templateSpanOf(rendered, spanOf(rendered, 'LoadBalancer'), actions).exact, false);
    assert.deepEqual(templateSpanOf(rendered, spanOf(rendered, 'type'), actions), { span: spanOf(actions.text, 'type'), exact: true });
  });

  it('when the key stands once at another depth or under other parents, then it is not placed', () => {
    const policy = templateText('spec:\n  podSelector:\n    matchLabels: {app: a}\n  egress:\n    {{- toYaml .Values.egress | nindent 4 }}\n');
    const deeper = 'spec:\n  podSelector:\n    matchLabels: {app: a}\n  egress:\n    - to:\n        - podSelector:\n            matchLabels: {app: b}\n';
    assert.equal(templateSpanOf(deeper, spanOf(deeper, 'podSelector', 1), policy).exact, false);
    assert.equal(templateSpanOf(deeper, spanOf(deeper, 'podSelector', 0), policy).exact, true);
    const otherParent = templateText('metadata:\n  name: x\nspec:\n  {{- include "x" . | nindent 2 }}\n');
    const rendered = 'metadata:\n  name: x\nspec:\n  name: x\n';
    assert.equal(templateSpanOf(rendered, spanOf(rendered, 'name', 1), otherParent).exact, false);
  });

  it('when a parent key of the field holds one action that writes its value, then that action is found; with template text beside it, none is', () => {
    const policy = templateText('spec:\n  egress:\n  {{- if .Values.egress }}\n    {{- toYaml .Values.egress | nindent 4 }}\n  {{- end }}\n  ingress:\n    - {}\n');
    const egress = policy.text.indexOf('egress:');
    assert.deepEqual(soleActionUnder(policy, egress), spanOf(policy.text, '{{- toYaml .Values.egress | nindent 4 }}'));
    const mixed = templateText('spec:\n  egress:\n    - to: []\n    {{- toYaml .Values.egress | nindent 4 }}\n');
    assert.equal(soleActionUnder(mixed, mixed.text.indexOf('egress:')), undefined);
    const two = templateText('spec:\n  egress:\n    {{- toYaml .Values.a | nindent 4 }}\n    {{- toYaml .Values.b | nindent 4 }}\n');
    assert.equal(soleActionUnder(two, two.text.indexOf('egress:')), undefined);
  });

  it('when the field is a map of several lines, then it is looked for by its first line', () => {
    const rendered = 'kind: Service\nspec:\n  selector:\n    app: http-api\n    tier: x\n';
    const value = { start: rendered.indexOf('app: http-api'), end: rendered.length - 1 };
    assert.deepEqual(templateSpanOf(rendered, value, template), { span: spanOf(source, 'app: http-api'), exact: true });
  });
});
