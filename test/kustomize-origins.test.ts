import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { locateIn } from '../src/model/locate.ts';
import { kustomizeCommand, renderKustomizations } from '../src/render/kustomize.ts';
import { ORIGIN_ANNOTATION } from '../src/source/kustomize.ts';
import type { ParsedDocument, Path } from '../src/source/types.ts';
import { renderTool, skipReason } from './support/render-tools.ts';

/**
 * How each field of a rendered kustomization maps back to the file that defines it, with the real
 * `kubectl kustomize` (installed by `npm run pretest`, or on PATH) on test/fixtures/kustomize/app: a
 * base (a Deployment, two Services), overlay dev (a strategic merge patch), overlay prod (namePrefix,
 * a JSON 6902 patch file, an inline JSON 6902 patch, a configMapGenerator).
 */
const kubectl = renderTool('kubectl');
const fixtures = new URL('./fixtures/kustomize/', import.meta.url).pathname;

function render(overlay: string): ParsedDocument[] {
  const command = kustomizeCommand(kubectl, { PATH: dirname(kubectl!) }, fixtures);
  const { projects } = renderKustomizations([join(fixtures, overlay)], command, fixtures, 1 << 20);
  assert.equal(projects.length, 1);
  assert.deepEqual(projects[0]!.skipped, []);
  return [...projects[0]!.documents!];
}

function object(docs: readonly ParsedDocument[], kind: string, name: string): ParsedDocument {
  const found = docs.find((d) => {
    const v = d.value as { kind?: string; metadata?: { name?: string } };
    return v.kind === kind && v.metadata?.name === name;
  });
  assert.ok(found, `no ${kind} ${name} in ${docs.map((d) => JSON.stringify(d.value)).join('\n')}`);
  return found;
}

/** Where a path of a document is reported: `file:line`, and the note a finding there gets. */
function place(doc: ParsedDocument, path: Path): { at: string; note?: string } {
  const found = locateIn(doc, path, false);
  const line = found.file.text.slice(0, found.span.start).split('\n').length;
  return { at: `${found.file.path}:${line}`, ...(found.note ? { note: found.note } : {}) };
}

describe('kustomize origins', { skip: kubectl ? false : skipReason('kubectl') }, () => {
  it('when an object comes from the base unchanged, then each field is located at its line in the base file', () => {
    const dev = render('app/overlays/dev');
    const deployment = object(dev, 'Deployment', 'web');
    assert.deepEqual(place(deployment, ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort']), { at: 'app/base/deployment.yaml:20' });
    assert.deepEqual(place(deployment, ['spec', 'template', 'metadata', 'labels']), { at: 'app/base/deployment.yaml:13' });
    const metrics = object(dev, 'Service', 'metrics');
    // The second document of the base file: the object is matched by kind and name, not taken as the first.
    assert.deepEqual(place(metrics, ['spec', 'selector', 'app']), { at: 'app/base/service.yaml:20' });
  });

  it('when a strategic merge patch sets a field, then the field is located in the patch, and the fields it left alone in the base', () => {
    const service = object(render('app/overlays/dev'), 'Service', 'web');
    assert.deepEqual(place(service, ['spec', 'ports', 0, 'targetPort']), { at: 'app/overlays/dev/service-port.yaml:10' });
    // The patch repeats port 80, equal to the base's: the base defines it.
    assert.deepEqual(place(service, ['spec', 'ports', 0, 'port']), { at: 'app/base/service.yaml:10' });
    assert.deepEqual(place(service, ['spec', 'selector']), { at: 'app/base/service.yaml:7' });
  });

  it('when a JSON 6902 patch file sets a field, then the field is located at the value of its operation', () => {
    const service = object(render('app/overlays/prod'), 'Service', 'prod-web');
    assert.deepEqual(place(service, ['spec', 'ports', 0, 'targetPort']), { at: 'app/overlays/prod/target-port.yaml:4' });
  });

  it('when an inline JSON 6902 patch sets a field, then the field is located at its line inside the kustomization file', () => {
    const deployment = object(render('app/overlays/prod'), 'Deployment', 'prod-web');
    assert.deepEqual(place(deployment, ['spec', 'replicas']), { at: 'app/overlays/prod/kustomization.yaml:17' });
    const found = locateIn(deployment, ['spec', 'replicas'], false);
    // The value itself, behind the block scalar's indentation: `value: 3`.
    assert.equal(found.file.text.slice(found.span.start - 'value: '.length, found.span.end), 'value: 3');
  });

  it('when a transformer changed a field (namePrefix), then the field stays at its line in the base, with a note quoting the rendered value', () => {
    const deployment = object(render('app/overlays/prod'), 'Deployment', 'prod-web');
    assert.deepEqual(place(deployment, ['metadata', 'name']), { at: 'app/base/deployment.yaml:4', note: 'kustomization app/overlays/prod renders this field as "prod-web"' });
  });

  it('when the kustomization adds a label (labels with includeSelectors), then the label and selector entries are located at its pair', () => {
    const docs = render('app/overlays/prod');
    assert.deepEqual(place(object(docs, 'Service', 'prod-web'), ['spec', 'selector', 'tier']), { at: 'app/overlays/prod/kustomization.yaml:24' });
    assert.deepEqual(place(object(docs, 'Deployment', 'prod-web'), ['spec', 'template', 'metadata', 'labels', 'tier']), { at: 'app/overlays/prod/kustomization.yaml:24' });
    // The base's own label is still the base's.
    assert.deepEqual(place(object(docs, 'Deployment', 'prod-web'), ['spec', 'template', 'metadata', 'labels', 'app']), { at: 'app/base/deployment.yaml:13' });
  });

  it('when an object has no origin file (a generated ConfigMap), then it is located in the rendered stream, with a note naming the kustomization', () => {
    const docs = render('app/overlays/prod');
    const configMap = docs.find((d) => (d.value as { kind?: string }).kind === 'ConfigMap')!;
    const found = place(configMap, ['data', 'mode']);
    assert.match(found.at, /^<kubectl kustomize app\/overlays\/prod>:\d+$/);
    assert.equal(found.note, 'rendered by kustomization app/overlays/prod; no source file is known for this field');
  });

  it('when objects are rendered with origin annotations, then the model reads them without the annotation', () => {
    for (const doc of [...render('app/overlays/dev'), ...render('app/overlays/prod')]) {
      const metadata = (doc.value as { metadata?: { annotations?: Record<string, string> } }).metadata;
      assert.equal(metadata?.annotations?.[ORIGIN_ANNOTATION], undefined, JSON.stringify(doc.value));
      // None of the fixture objects has annotations of its own: the emptied map is gone too.
      assert.equal(metadata && 'annotations' in metadata, false);
    }
  });
});
