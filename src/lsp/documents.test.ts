import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentStore, toPath } from './documents.ts';

describe('DocumentStore', () => {
  it('when a document changes, then ranged changes are applied to its text and its version is the new one', () => {
    const store = new DocumentStore<string>();
    store.opened('/w/a.yaml', { uri: 'file:///w/a.yaml', text: 'kind: Service\n', version: 1, owner: 'w' });
    const changed = store.changed('/w/a.yaml', [{ range: { start: { line: 0, character: 6 }, end: { line: 0, character: 13 } }, text: 'Pod' }], 2, 'utf-16');
    assert.equal(changed?.text, 'kind: Pod\n');
    assert.equal(store.get('/w/a.yaml')?.version, 2);
  });

  it('when a document is not open, then a change is ignored and closing it says so', () => {
    const store = new DocumentStore<string>();
    assert.equal(store.changed('/w/a.yaml', [{ text: 'x' }], 2, 'utf-16'), undefined);
    assert.equal(store.closed('/w/a.yaml'), false);
    assert.equal(store.size, 0);
  });

  it('when a document is open, then its URI is the client spelling; once closed, the path URI', () => {
    const store = new DocumentStore<string>();
    store.opened('/w/a b.yaml', { uri: 'file:///w/a%20b.yaml?x', text: '', version: 1, owner: 'w' });
    assert.equal(store.uriOf('/w/a b.yaml'), 'file:///w/a%20b.yaml?x');
    assert.equal(store.closed('/w/a b.yaml'), true);
    assert.equal(store.uriOf('/w/a b.yaml'), 'file:///w/a%20b.yaml');
  });

  it('when the model takes a version and then the disk text, then the model version is set and then cleared', () => {
    const store = new DocumentStore<string>();
    store.setModelVersion('/w/a.yaml', 3);
    assert.equal(store.modelVersion('/w/a.yaml'), 3);
    store.setModelVersion('/w/a.yaml', undefined);
    assert.equal(store.modelVersion('/w/a.yaml'), undefined);
  });
});

describe('toPath', () => {
  it('when a URI is a file: URI, then it is its path; other schemes and bad file URIs have none', () => {
    assert.equal(toPath('file:///w/a%20b.yaml'), '/w/a b.yaml');
    assert.equal(toPath('untitled:Untitled-1'), undefined);
    assert.equal(toPath('file://host/share/a.yaml'), undefined);
  });
});
