import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateIn } from '../model/locate.ts';
import { kustomizeOrigins, readKustomizationTree } from './kustomize.ts';
import { parseRendered, renderedStream } from './rendered.ts';
import type { SourceFile } from './types.ts';

/** A tree on no disk: `files` by absolute path; every read is recorded. */
function tree(files: Record<string, string>) {
  const reads: string[] = [];
  const read = (absPath: string): SourceFile | undefined => {
    reads.push(absPath);
    const text = files[absPath];
    return text === undefined ? undefined : { path: absPath.slice(1), absPath, text };
  };
  const dirs = new Set(Object.keys(files).flatMap((path) => path.split('/').slice(1, -1).map((_, i, parts) => `/${parts.slice(0, i + 1).join('/')}`)));
  return { read, reads, isDirectory: (absPath: string) => dirs.has(absPath) };
}

describe('kustomize origins (pure)', () => {
  it('when an origin annotation names a file outside the tree, then that file is never read and the stream is the place', () => {
    const fs = tree({ '/repo/app/kustomization.yaml': 'resources: [svc.yaml]\n', '/repo/app/svc.yaml': 'kind: Service\nmetadata:\n  name: x\n' });
    const kustomizations = readKustomizationTree('/repo/app', fs.read, fs.isDirectory);
    const rendered = 'kind: Service\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../../../etc/passwd\n  name: x\n';
    const [doc] = parseRendered(renderedStream('kustomize app', rendered), 'kustomization app', kustomizeOrigins(kustomizations, '/tmp/wrap', 'kustomization app', fs.read));
    assert.ok(!fs.reads.some((path) => path.startsWith('/etc/')), fs.reads.join(', '));
    assert.equal(locateIn(doc!, ['metadata', 'name'], false).file.path, '<kustomize app>');
  });

  it('when a patch path leaves its kustomization\'s directory, then it is not read (kustomize refuses it too)', () => {
    const fs = tree({ '/repo/app/kustomization.yaml': 'patches:\n  - path: ../../secrets/patch.yaml\n' });
    readKustomizationTree('/repo/app', fs.read, fs.isDirectory);
    assert.ok(!fs.reads.includes('/secrets/patch.yaml'), fs.reads.join(', '));
  });

  it('when entries name paths outside the boundary, then each is refused at its entry and no file or directory there is read', () => {
    const fs = tree({
      '/repo/app/kustomization.yaml': 'resources:\n  - svc.yaml\n  - ../../outside\npatches:\n  - path: /etc/p.yaml\nsecretGenerator:\n  - name: s\n    envs: [../../outside/.env]\n',
      '/repo/app/svc.yaml': 'kind: Service\n',
      '/outside/kustomization.yaml': 'resources: [x.yaml]\n',
    });
    const boundary = { outside: (absPath: string) => (absPath.startsWith('/repo/') ? undefined : ('is outside' as const)), identity: (absPath: string) => absPath };
    const [app] = readKustomizationTree('/repo/app', fs.read, fs.isDirectory, boundary);
    assert.deepEqual(
      app!.refused.map((r) => `${r.reference} ${r.how} at ${app!.file.text.slice(r.span.start, r.span.end)}`),
      ['resource "../../outside" is outside at ../../outside', 'patch "/etc/p.yaml" is outside at /etc/p.yaml', 'env file "../../outside/.env" is outside at ../../outside/.env'],
    );
    assert.ok(!fs.reads.some((path) => !path.startsWith('/repo/')), fs.reads.join(', '));
  });

  it('when a patch target is a regular expression, then it is never run (a hostile one could backtrack for ever) and the patch counts where it holds the rendered value', () => {
    const fs = tree({
      '/repo/app/kustomization.yaml': 'resources: [svc.yaml]\npatches:\n  - target: { kind: Service, name: "(a+)+$" }\n    path: p.yaml\n',
      '/repo/app/svc.yaml': 'kind: Service\nmetadata:\n  name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\nspec:\n  type: ClusterIP\n',
      '/repo/app/p.yaml': '- op: replace\n  path: /spec/type\n  value: NodePort\n',
    });
    const kustomizations = readKustomizationTree('/repo/app', fs.read, fs.isDirectory);
    const rendered = 'kind: Service\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../repo/app/svc.yaml\n  name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\nspec:\n  type: NodePort\n';
    const [doc] = parseRendered(renderedStream('kustomize app', rendered), 'kustomization app', kustomizeOrigins(kustomizations, '/tmp', 'kustomization app', fs.read));
    const found = locateIn(doc!, ['spec', 'type'], false);
    assert.equal(found.file.path, 'repo/app/p.yaml');
    assert.equal(locateIn(doc!, ['metadata', 'name'], false).file.path, 'repo/app/svc.yaml');
  });
});
