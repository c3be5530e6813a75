import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Diagnostic } from '../lint/types.ts';
import { findingsByFile, Publisher, type Finding } from './publisher.ts';

const context = { encoding: 'utf-16' as const, ruleIds: new Set<string>(), uriOf: () => '' };
const finding = (message: string): Finding => ({
  lsp: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message },
  source: {} as Diagnostic,
  context,
});

function publisher(pull = false) {
  const pushed: [string, string[]][] = [];
  let refreshes = 0;
  const p = new Publisher<string>({
    push: (absPath, diagnostics: LspDiagnostic[]) => void pushed.push([absPath, diagnostics.map((d) => String(d.message))]),
    refresh: () => void refreshes++,
  });
  p.configure({ pull, refreshSupport: true });
  return { p, pushed, refreshes: () => refreshes };
}

describe('Publisher', () => {
  it('when findings change, then only the files whose findings changed are pushed, a clean one with an empty list', () => {
    const { p, pushed } = publisher();
    p.update('w', new Map([['/w/a.yaml', [finding('one')]], ['/w/b.yaml', [finding('two')]]]));
    p.publish();
    assert.deepEqual(pushed.splice(0), [['/w/a.yaml', ['one']], ['/w/b.yaml', ['two']]]);
    p.update('w', new Map([['/w/a.yaml', [finding('one')]]]));
    p.publish();
    assert.deepEqual(pushed.splice(0), [['/w/b.yaml', []]]);
    p.publish();
    assert.deepEqual(pushed, []);
  });

  it('when a document is announced, then it is pushed at the next publication even when unchanged, once', () => {
    const { p, pushed } = publisher();
    p.announce('/w/clean.yaml');
    p.publish();
    p.publish();
    assert.deepEqual(pushed, [['/w/clean.yaml', []]]);
  });

  it('when two workspaces report one file (a config both read), then its findings are both lists', () => {
    const { p, pushed } = publisher();
    p.update('w1', new Map([['/c.yaml', [finding('one')]]]));
    p.update('w2', new Map([['/c.yaml', [finding('two')]]]));
    p.publish();
    assert.deepEqual(pushed, [['/c.yaml', ['one', 'two']]]);
    assert.deepEqual(p.findingsOf('/c.yaml').map((f) => f.lsp.message), ['one', 'two']);
  });

  it('when a workspace is forgotten, then its files are cleared at the next publication', () => {
    const { p, pushed } = publisher();
    p.update('w', new Map([['/w/a.yaml', [finding('one')]]]));
    p.publish();
    p.forget('w');
    p.publish();
    assert.deepEqual(pushed.at(-1), ['/w/a.yaml', []]);
    assert.deepEqual([...p.files()], []);
  });

  it('when the client pulls, then nothing is pushed; a changed file gets a new result id and the client is asked to refresh', () => {
    const { p, pushed, refreshes } = publisher(true);
    assert.equal(p.resultIdOf('/w/a.yaml'), '0');
    p.update('w', new Map([['/w/a.yaml', [finding('one')]]]));
    p.announce('/w/b.yaml');
    p.publish();
    const first = p.resultIdOf('/w/a.yaml');
    assert.notEqual(first, '0');
    assert.equal(p.resultIdOf('/w/b.yaml'), '0', 'announcing is for push clients only');
    p.publish();
    assert.equal(p.resultIdOf('/w/a.yaml'), first, 'unchanged findings keep their result id');
    assert.deepEqual(pushed, []);
    assert.equal(refreshes(), 1);
  });
});

describe('findingsByFile', () => {
  it('when a finding is about a skipped file, then its display path is read relative to the workspace folder', () => {
    const file = { path: 'big.yaml', absPath: 'big.yaml', text: '' };
    const diagnostic = { file, span: { start: 0, end: 0 }, ruleId: 'skipped-file', messageId: 'x', message: 'too big', severity: 'warning', related: [] } as unknown as Diagnostic;
    const byFile = findingsByFile([diagnostic], '/w', { encoding: 'utf-16', ruleIds: new Set(['skipped-file']) }, (absPath) => `file://${absPath}`);
    assert.deepEqual([...byFile.keys()], ['/w/big.yaml']);
    assert.equal(byFile.get('/w/big.yaml')![0]!.lsp.message, 'too big');
  });
});
