import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Folders } from './folders.ts';
import { NO_SETTINGS } from './settings.ts';

describe('Folders', () => {
  it('when folders nest, then a path belongs to the innermost one, and a path outside all to the loose workspace', () => {
    const folders = new Folders();
    const outer = folders.add('/w', NO_SETTINGS);
    const inner = folders.add('/w/apps', NO_SETTINGS);
    assert.equal(folders.workspaceOf('/w/apps/a.yaml'), inner);
    assert.equal(folders.workspaceOf('/w/b.yaml'), outer);
    assert.equal(folders.workspaceOf('/elsewhere/c.yaml'), folders.loose);
  });

  it('when a request names no folder or a path outside them, then the first folder answers', () => {
    const folders = new Folders();
    assert.equal(folders.workspaceFor(undefined), folders.loose, 'no folder at all: the loose workspace');
    const first = folders.add('/w', NO_SETTINGS);
    const second = folders.add('/v', NO_SETTINGS);
    assert.equal(folders.workspaceFor(undefined), first);
    assert.equal(folders.workspaceFor('/elsewhere'), first);
    assert.equal(folders.workspaceFor('/v'), second);
  });

  it('when a config file above a folder is touched, then it concerns the folders that may read it, else the path owner', () => {
    const folders = new Folders();
    const w = folders.add('/w', NO_SETTINGS);
    assert.deepEqual(folders.ownersOf('/w/.kube-netlint.yaml'), [w]);
    assert.deepEqual(folders.ownersOf('/w/app.yaml'), [w]);
    assert.deepEqual(folders.ownersOf('/elsewhere/.kube-netlint.yaml'), [folders.loose]);
  });

  it('when a folder is removed, then its workspace is returned and no longer owns paths', () => {
    const folders = new Folders();
    const w = folders.add('/w', NO_SETTINGS);
    assert.deepEqual(folders.remove(new Set(['/w'])), [w]);
    assert.equal(folders.workspaceOf('/w/a.yaml'), folders.loose);
    assert.deepEqual(folders.all(), [folders.loose]);
  });
});
