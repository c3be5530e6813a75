import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { locateIn } from '../model/locate.ts';
import { parseRendered, renderedStream } from '../source/rendered.ts';
import { positionAt } from '../source/text.ts';
import type { ParsedDocument } from '../source/types.ts';
import { helmOrigins } from './helm-origin.ts';

/**
 * Placing rendered fields in a chart's templates on disk. The rendered text is written here as helm
 * writes it (the end-to-end tests in test/helm.test.ts run the real helm); this covers the cases a
 * real chart makes hard to arrange: links and markers that lead outside the chart.
 */
const root = mkdtempSync(join(tmpdir(), 'kube-netlint-helm-origin-'));
after(() => rmSync(root, { recursive: true, force: true }));
const chart = join(root, 'web');
mkdirSync(join(chart, 'templates'), { recursive: true });
writeFileSync(join(root, 'outside.yaml'), 'kind: Service\nspec:\n  ports:\n    - port: 80\n      targetPort: metrics\n');
writeFileSync(
  join(chart, 'templates', 'service.yaml'),
  'kind: Service\nspec:\n  ports:\n    - port: {{ .Values.port }}\n      targetPort: metrics\n  # type: ClusterIP by default\n  # type: ClusterIP or NodePort\n  type: {{ .Values.type }}\n',
);
symlinkSync(join(root, 'outside.yaml'), join(chart, 'templates', 'linked.yaml'));

function documents(output: string): ParsedDocument[] {
  const stream = renderedStream('helm web', output);
  return parseRendered(stream, 'helm template web', helmOrigins({ cwd: root, chartDir: chart, stream, producer: 'helm template web', maxFileSize: 1 << 20 }));
}

const SERVICE = 'kind: Service\nspec:\n  ports:\n    - port: 8080\n      targetPort: metrics\n  type: ClusterIP\n';

function place(doc: ParsedDocument, path: (string | number)[], key = false) {
  const found = locateIn(doc, path, key);
  return { file: found.file.path, line: positionAt(found.file, found.span.start).line, column: positionAt(found.file, found.span.start).column, note: found.note };
}

describe('rendered fields placed in their templates', () => {
  const [doc] = documents(`---\n# Source: web/templates/service.yaml\n${SERVICE}`);

  it('when the value stands once in the template, then the field is placed on it', () => {
    assert.deepEqual(place(doc!, ['spec', 'ports', 0, 'targetPort']), { file: 'web/templates/service.yaml', line: 5, column: 19, note: undefined });
  });

  it('when the value comes from the values but the key stands once, then the field is placed on its key with the rendered line', () => {
    // `port` of `ports`, `.Values.port` and `targetPort` are other words.
    assert.deepEqual(place(doc!, ['spec', 'ports', 0, 'port']), { file: 'web/templates/service.yaml', line: 4, column: 7, note: 'helm template web rendered it as "- port: 8080"' });
  });

  it('when the key also stands in comments, then those do not count: the field is on its key line', () => {
    // `type` stands in two comments too, after `# `: not where a key is.
    assert.deepEqual(place(doc!, ['spec', 'type']), { file: 'web/templates/service.yaml', line: 8, column: 3, note: 'helm template web rendered it as "type: ClusterIP"' });
  });

  it('when a template is a link to a file outside the chart, then nothing is read from it: the rendered output is the place', () => {
    const [linked] = documents(`---\n# Source: web/templates/linked.yaml\n${SERVICE}`);
    const found = place(linked!, ['spec', 'ports', 0, 'targetPort']);
    assert.equal(found.file, '<helm web>');
    assert.match(found.note ?? '', /rendered by helm template web; no source file is known/);
  });

  it('when a marker leads outside the chart, then the rendered output is the place', () => {
    const [escaped] = documents(`---\n# Source: web/../outside.yaml\n${SERVICE}`);
    assert.equal(place(escaped!, ['spec', 'ports', 0, 'targetPort']).file, '<helm web>');
  });
});
