import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { codes } from './support/lsp-client.ts';
import { lspSessions } from './support/lsp-session.ts';
import { RENDER_CLIENTS_DIR, renderTool, skipReason } from './support/render-tools.ts';

/**
 * The language server on a workspace holding kustomizations (test/fixtures/kustomize/app: a base, overlays
 * dev and prod), rendered with the real kubectl: findings show in the base and patch files that define
 * the fields, not in a rendered stream, and the patches are not linted as plain manifests.
 */
const kubectl = renderTool('kubectl');
// The server finds kubectl on PATH, as in an editor: the one `npm run pretest` installed comes first.
process.env.PATH = `${RENDER_CLIENTS_DIR}:${process.env.PATH ?? ''}`;
const { workspace: tempDir, start } = lspSessions('lsp-kustomize');

function fixtureFiles(): Record<string, string> {
  const base = new URL('./fixtures/kustomize/', import.meta.url).pathname;
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(base, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(base, path), 'utf8');
    }
  };
  walk('app');
  return files;
}

describe('language server: kustomizations in the workspace', { skip: kubectl ? false : skipReason('kubectl') }, () => {
  it('when the workspace has a base and two overlays, then each finding shows in the base or patch file that defines the field', async () => {
    const root = tempDir(fixtureFiles());
    const client = await start({ root });
    const base = await client.diagnostics('app/base/service.yaml', (list) => codes(list).includes('service-selector-orphan'));
    const orphan = base.find((d) => d.code === 'service-selector-orphan')!;
    assert.equal(orphan.range.start.line, 19);
    assert.match(String(orphan.message), /in every one of the 2 overlays: app\/overlays\/dev, app\/overlays\/prod/);
    const dev = await client.diagnostics('app/overlays/dev/service-port.yaml', (list) => codes(list).includes('service-target-port'));
    assert.deepEqual(dev.map((d) => [d.code, d.range.start.line]), [['service-target-port', 9]]);
    assert.match(String(dev[0]!.message), /only in overlay app\/overlays\/dev/);
    const prod = await client.diagnostics('app/overlays/prod/target-port.yaml', (list) => codes(list).includes('service-target-port'));
    // The JSON 6902 patch is a list of operations, not a manifest: nothing but the mapped finding.
    assert.deepEqual(prod.map((d) => [d.code, d.range.start.line]), [['service-target-port', 3]]);

    // The patch fixed and saved: the overlays are rendered again and the finding goes.
    writeFileSync(join(root, 'app/overlays/dev/service-port.yaml'), readFileSync(join(root, 'app/overlays/dev/service-port.yaml'), 'utf8').replace('targetPort: htp', 'targetPort: http'));
    await client.watchedFiles([{ uri: client.uri('app/overlays/dev/service-port.yaml'), type: FileChangeType.Changed }]);
    await client.diagnostics('app/overlays/dev/service-port.yaml', (list) => list.length === 0);
    assert.deepEqual(codes(client.published.get(client.uri('app/base/service.yaml'))!), ['service-selector-orphan']);
  });
});
