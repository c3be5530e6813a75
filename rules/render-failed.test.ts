import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { positionAt } from '../src/source/text.ts';
import { rule } from './render-failed.ts';
import { rule as skippedFile } from './skipped-file.ts';

// The rule reads the charts helm refused (src/render/helm-projects.ts), which manifests alone cannot
// express: these tests hand them to analyze(); test/helm.test.ts runs the real helm.

const TEMPLATE = 'Installed.\n  {{ fail "set a password" }}\n';

describe('rule render-failed', () => {
  it('when a chart did not render, then it is one error at the line helm names, and no skipped-file finding', () => {
    const start = TEMPLATE.indexOf('fail');
    const { diagnostics, summary } = analyze({
      files: [],
      skipped: [
        {
          path: 'web/templates/NOTES.txt',
          absPath: '/virtual/web/templates/NOTES.txt',
          reason: 'the chart could not be rendered',
          renderFailed: {
            messageId: 'failed',
            data: { subject: 'chart web', tool: 'helm template', variant: '', reason: 'execution error at (web/templates/NOTES.txt:2:5): set a password' },
            at: { text: TEMPLATE, span: { start, end: TEMPLATE.indexOf('\n', start) } },
          },
        },
      ],
      config: DEFAULT_CONFIG,
      rules: [rule, skippedFile],
    });
    assert.deepEqual(
      diagnostics.map((d) => ({ file: d.file.path, ...positionAt(d.file, d.span.start), ruleId: d.ruleId, severity: d.severity, message: d.message })),
      [
        {
          file: 'web/templates/NOTES.txt',
          line: 2,
          column: 6,
          ruleId: 'render-failed',
          severity: 'error',
          message: 'nothing of chart web was linted, helm template says: execution error at (web/templates/NOTES.txt:2:5): set a password; fix what it names',
        },
      ],
    );
    assert.deepEqual(summary.skippedKinds, [{ what: 'unrendered input', isKind: false, count: 1 }]);
  });

  it('when a chart rendered no object in one values file, then the error names it, at line 1 of Chart.yaml', () => {
    const { diagnostics } = analyze({
      files: [],
      skipped: [{ path: 'web/Chart.yaml', absPath: '/virtual/web/Chart.yaml', reason: 'no object', renderFailed: { messageId: 'empty', data: { subject: 'chart web', variant: ' with off.yaml' } } }],
      config: DEFAULT_CONFIG,
      rules: [rule],
    });
    assert.deepEqual(
      diagnostics.map((d) => [d.file.path, positionAt(d.file, d.span.start).line, d.severity, d.message]),
      [['web/Chart.yaml', 1, 'error', 'nothing of chart web was linted with off.yaml: it rendered no Kubernetes object; give the values that enable its templates (--values, --set), or leave this rendering out']],
    );
  });

  it('when helm was missing a dependency or kube-netlint stopped it, then each message says what to do', () => {
    const cases = [
      { messageId: 'dependencies', data: { subject: 'chart web', tool: 'helm template', variant: '', reason: 'found in Chart.yaml, but missing in charts/ directory: redis' }, says: /give them in charts\/ \(`helm dependency build` downloads them\)/ },
      { messageId: 'tooLarge', data: { subject: 'chart web', tool: 'helm template', variant: '', limit: '20 MB' }, says: /wrote more than 20 MB, kube-netlint's limit for one input; set maxFileSize/ },
      { messageId: 'timeout', data: { subject: 'chart web', tool: 'helm template', variant: ' with ci/slow.yaml', limit: '120 s' }, says: /^nothing of chart web was linted with ci\/slow\.yaml: helm template did not finish within 120 s, kube-netlint's limit for one rendering; check it for a loop/ },
      { messageId: 'failed', data: { subject: 'kustomization overlays/dev', tool: 'kubectl kustomize', variant: '', reason: "accumulating resources: 'missing.yaml' not found" }, says: /^nothing of kustomization overlays\/dev was linted, kubectl kustomize says: accumulating resources: 'missing\.yaml' not found; fix what it names$/ },
      { messageId: 'emptyKustomization', data: { subject: 'kustomization overlays/dev' }, says: /^nothing of kustomization overlays\/dev was linted: it rendered no Kubernetes object; list its resources/ },
      { messageId: 'outside', data: { reference: 'resource "../../etc"', how: 'is outside', subject: 'built on this kustomization' }, says: /^resource "\.\.\/\.\.\/etc" is outside the repository, so it was not read and nothing built on this kustomization was rendered or linted/ },
      { messageId: 'linkLoop', data: { reference: '"web/templates/x" (a symbolic link to "..")', subject: 'of chart web' }, says: /leads back to a directory above it, a loop, so nothing of chart web was rendered or linted; remove the link$/ },
      { messageId: 'tooManyFiles', data: { subject: 'of chart web' }, says: /^nothing of chart web was rendered or linted: its directory holds more than 50,000 files/ },
    ] as const;
    for (const { messageId, data, says } of cases) {
      const { diagnostics } = analyze({ files: [], skipped: [{ path: 'web/Chart.yaml', absPath: '/virtual/web/Chart.yaml', reason: 'x', renderFailed: { messageId, data } }], config: DEFAULT_CONFIG, rules: [rule] });
      assert.deepEqual(diagnostics.map((d) => [d.messageId, d.severity]), [[messageId, 'error']]);
      assert.match(diagnostics[0]!.message, says);
    }
  });

  it('when files were only unreadable, then it reports nothing', () => {
    const { diagnostics } = analyze({ files: [], skipped: [{ path: 'a.yaml', absPath: '/virtual/a.yaml', reason: 'binary file' }], config: DEFAULT_CONFIG, rules: [rule] });
    assert.deepEqual(diagnostics, []);
  });
});
