import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { codes } from './support/lsp-client.ts';
import { lspSessions } from './support/lsp-session.ts';
import { blockDeployment, blockService as service } from './support/manifests.ts';

// kube-netlint/status: what the server holds, per workspace (its program's caches), through a real client.
const { workspace, start } = lspSessions('lsp-status');

interface Status {
  readonly openDocuments: number;
  readonly workspaces: readonly { readonly root: string | null; readonly parsedFiles: number; readonly spanFiles: number; readonly spanBytes: number; readonly policyWorlds: number }[];
}

describe('language server status request', () => {
  it('when a folder is analysed, then its files and the source maps of located findings are counted; when an outside document closes, then the loose workspace holds nothing', async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(80) });
    const outside = workspace({ 'other.yaml': service(80) });
    const client = await start({ root });
    await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-target-port'));
    const status = await client.connection.sendRequest<Status>('kube-netlint/status');
    const folder = status.workspaces.find((w) => w.root !== null)!;
    assert.equal(status.openDocuments, 0);
    assert.equal(folder.parsedFiles, 2);
    // The finding in svc.yaml points into both files (its related location is in app.yaml).
    assert.equal(folder.spanFiles, 2);
    assert.ok(folder.spanBytes > 0);

    // A document outside the folder, named relative to it as the client helper names files.
    const name = relative(root, join(outside, 'other.yaml'));
    await client.open(name, service(80));
    const opened = await client.connection.sendRequest<Status>('kube-netlint/status');
    assert.equal(opened.openDocuments, 1);
    assert.equal(opened.workspaces.find((w) => w.root === null)!.parsedFiles, 1);
    await client.close(name);
    const closed = await client.connection.sendRequest<Status>('kube-netlint/status');
    assert.equal(closed.openDocuments, 0);
    assert.deepEqual(closed.workspaces.find((w) => w.root === null), { root: null, parsedFiles: 0, spanFiles: 0, spanBytes: 0, policyWorlds: 0 });
  });
});
