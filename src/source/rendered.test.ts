import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDocuments } from '../analyze.ts';
import { DEFAULT_CONFIG } from '../app/config.ts';
import { locateIn } from '../model/locate.ts';
import { parseFile } from './parse.ts';
import { fieldInSource, isRenderedStream, onRealFile, parseRendered, renderedStream } from './rendered.ts';
import type { SourceFile } from './types.ts';

const template: SourceFile = { path: 'chart/templates/service.yaml', absPath: '/repo/chart/templates/service.yaml', text: 'kind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n' };
const rendered = 'kind: Service\nmetadata:\n  name: web\n  labels:\n    added: by-tool\nspec:\n  ports:\n    - port: 8080\n';

function lineOf(file: SourceFile, offset: number): number {
  return file.text.slice(0, offset).split('\n').length;
}

describe('rendered sources', () => {
  const stream = renderedStream('tool chart', rendered);
  const [source] = parseFile(template);
  const [doc] = parseRendered(stream, 'chart chart', (d) => ({ locate: (path) => fieldInSource(d.value, source!, path) }));

  it('when a field has the value of the source at the same path, then it is located in the source file', () => {
    const found = locateIn(doc!, ['metadata', 'name'], false);
    assert.equal(found.file, template);
    assert.equal(lineOf(template, found.span.start), 3);
    assert.equal(found.note, undefined);
  });

  it('when a map is in both, then it is located in the source even though a field inside it differs', () => {
    assert.equal(locateIn(doc!, ['spec', 'ports', 0], false).file, template);
  });

  it('when a scalar differs from the source, then it is located in the rendered stream with a note naming the producer', () => {
    const found = locateIn(doc!, ['spec', 'ports', 0, 'port'], false);
    assert.equal(found.file, stream);
    assert.equal(lineOf(stream, found.span.start), 8);
    assert.equal(found.note, 'rendered by chart chart; no source file is known for this field');
  });

  it('when a field exists only in the rendering, then it is located in the stream, named <label>, which is no file to edit', () => {
    const found = locateIn(doc!, ['metadata', 'labels', 'added'], false);
    assert.equal(found.file.path, '<tool chart>');
    assert.equal(isRenderedStream(found.file), true);
    assert.equal(isRenderedStream(template), false);
  });

  it('when the origin finder throws, then the document is still read and located in the stream', () => {
    const [broken] = parseRendered(renderedStream('tool x', rendered), 'chart x', () => {
      throw new Error('hostile');
    });
    assert.deepEqual((broken!.value as { metadata: unknown }).metadata, { name: 'web', labels: { added: 'by-tool' } });
    assert.match(locateIn(broken!, ['metadata', 'name'], false).note ?? '', /^rendered by chart x/);
  });

  it('when a stream has a home file, then a place in it is shown on the first line of that file, the note naming the rendered line', () => {
    const home: SourceFile = { path: 'app/kustomization.yaml', absPath: '/repo/app/kustomization.yaml', text: 'resources: [svc.yaml]\nnamePrefix: x-\n' };
    const homed = renderedStream('tool z', rendered, home);
    const [homedDoc] = parseRendered(homed, 'kustomization app', () => undefined);
    const moved = onRealFile(locateIn(homedDoc!, ['spec', 'ports', 0, 'port'], false));
    assert.deepEqual([moved.file, moved.span], [home, { start: 0, end: 21 }]);
    assert.equal(moved.note, 'rendered by kustomization app; no source file is known for this field; line 8 of the rendered output');
    // A place in a source file, or in a stream without a home, stays where it is.
    const inSource = locateIn(doc!, ['metadata', 'name'], false);
    assert.equal(onRealFile(inSource), inSource);
    assert.equal(onRealFile(locateIn(doc!, ['spec', 'ports', 0, 'port'], false)).file, stream);
  });

  it('when the origin gives a value, then the model reads that value instead of the rendered one', () => {
    const [stripped] = parseRendered(renderedStream('tool y', rendered), 'chart y', () => ({ value: { kind: 'Service' }, locate: () => undefined }));
    assert.deepEqual(stripped!.value, { kind: 'Service' });
  });
});

describe('findings on rendered documents', () => {
  const manifests = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
    - name: http
      port: 80
      targetPort: 9999
`;

  it('when a quick fix would edit the rendered stream, then it is left out (that is no file), while the plain file keeps it', () => {
    const plainFile: SourceFile = { path: 'plain.yaml', absPath: '/r/plain.yaml', text: manifests };
    const plain = analyzeDocuments({ files: [plainFile], documents: parseFile(plainFile), config: DEFAULT_CONFIG });
    const plainFinding = plain.diagnostics.find((d) => d.ruleId === 'service-target-port');
    assert.ok(plainFinding?.fix, 'the plain manifest gets the quick fix');
    const stream = renderedStream('tool r', manifests);
    const documents = parseRendered(stream, 'kustomization r', () => undefined);
    const rendered = analyzeDocuments({ files: [stream], documents, config: DEFAULT_CONFIG });
    const finding = rendered.diagnostics.find((d) => d.ruleId === 'service-target-port');
    assert.ok(finding);
    assert.equal(finding.fix, undefined);
    assert.match(finding.message, /\(rendered by kustomization r; no source file is known for this field\)$/);
  });
});
