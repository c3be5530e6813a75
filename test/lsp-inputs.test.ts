import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { minimatch } from 'minimatch';
import { FileChangeType, type FileSystemWatcher, type Registration } from 'vscode-languageserver-protocol/node';
import { codes } from './support/lsp-client.ts';
import { lspSessions } from './support/lsp-session.ts';
import { blockDeployment, blockService as service } from './support/manifests.ts';

const TEMPLATE = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  ports:
    - port: {{ .Values.service.port }}
`;

const { workspace: tempDir, start } = lspSessions('lsp-inputs');

/**
 * Whether a client would report a change of `absPath` to the server, as VS Code decides it from the
 * server's registrations: a string pattern matches paths inside a workspace folder, a RelativePattern
 * paths under its base. Dot files match (`*` is not special on a leading dot in LSP globs).
 */
function watchedBy(registrations: readonly Registration[], folder: string, absPath: string): boolean {
  const watchers = registrations
    .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
    .flatMap((r) => (r.registerOptions as { watchers: FileSystemWatcher[] }).watchers);
  return watchers.some(({ globPattern }) => {
    const base = typeof globPattern === 'string' ? folder : fileURLToPath(typeof globPattern.baseUri === 'string' ? globPattern.baseUri : globPattern.baseUri.uri);
    const rel = relative(base, absPath);
    if (rel.startsWith('..') || rel === '') return false;
    return minimatch(rel.split(sep).join('/'), typeof globPattern === 'string' ? globPattern : globPattern.pattern, { dot: true });
  });
}

describe('language server: open documents and the config above the folder (vscode-languageserver-protocol client)', () => {
  it('when an unrendered Helm template is open, then it gets one skipped-file finding and no YAML syntax errors, and the other files are still analysed', async () => {
    const root = tempDir({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(80), 'templates/service.yaml': TEMPLATE });
    const client = await start({ root });
    await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-target-port'));
    await client.diagnostics('templates/service.yaml', (list) => codes(list).includes('skipped-file'));

    // The same text, now from the editor: its diagnostics are pushed again, for version 1 of the document.
    await client.open('templates/service.yaml');
    await client.until(() => (client.publishedVersions.get(client.uri('templates/service.yaml')) === 1 ? true : undefined), 'diagnostics of the open document');
    const skipped = client.published.get(client.uri('templates/service.yaml'))!;
    assert.deepEqual(codes(skipped), ['skipped-file']);
    assert.match(String(skipped[0]!.message), /unrendered Helm or Go template \(\{\{ \.\.\. \}\} on line 4\)/);
    assert.deepEqual(codes(client.published.get(client.uri('svc.yaml'))!), ['service-target-port']);

    // Edited into a rendered manifest: linted as any other, against the rest of the folder.
    await client.change('templates/service.yaml', service(80).replace('name: web\n', 'name: web2\n'));
    const linted = await client.diagnostics('templates/service.yaml', (list) => !codes(list).includes('skipped-file'));
    assert.deepEqual(codes(linted), ['service-target-port']);
    assert.equal(client.publishedVersions.get(client.uri('templates/service.yaml')), 2);

    await client.change('templates/service.yaml', TEMPLATE);
    assert.deepEqual(codes(await client.diagnostics('templates/service.yaml', (list) => codes(list).includes('skipped-file'))), ['skipped-file']);
  });

  it('when a new, unsaved document holds a template, then it gets the skipped-file finding too', async () => {
    const root = tempDir({ 'app.yaml': blockDeployment('web') });
    const client = await start({ root });
    await client.open('draft.yaml', TEMPLATE);
    assert.deepEqual(codes(await client.diagnostics('draft.yaml', (list) => list.length > 0)), ['skipped-file']);
  });

  it('when the config file is in a directory above the folder and changes, then the client reports it through the RelativePattern the server registered, and the folder is re-analysed', async () => {
    const outer = tempDir({ '.kube-netlint.yaml': 'rules:\n  service-target-port: off\n', 'ws/app.yaml': blockDeployment('web'), 'ws/svc.yaml': service(80) });
    const root = join(outer, 'ws');
    const client = await start({ root, capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } } });
    const config = join(outer, '.kube-netlint.yaml');
    // Opened, it gets a push even when clean; the server registers its watchers before its first analysis.
    await client.open('svc.yaml');
    assert.deepEqual(await client.diagnostics('svc.yaml', () => true), [], 'the config above the folder turns the rule off');
    assert.ok(watchedBy(client.registrations, root, config), 'a watcher covers the config above the folder');
    assert.equal(watchedBy(client.registrations, root, join(outer, 'other.yaml')), false, 'only the config names are watched above the folder');

    writeFileSync(config, 'rules:\n  service-target-port: error\n');
    await client.watchedFiles([{ uri: pathToFileURL(config).href, type: FileChangeType.Changed }]);
    await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-target-port'));

    rmSync(config);
    writeFileSync(join(outer, '.kube-netlint.yml'), 'rules:\n  service-target-port: off\n');
    assert.ok(watchedBy(client.registrations, root, join(outer, '.kube-netlint.yml')));
    await client.watchedFiles([
      { uri: pathToFileURL(config).href, type: FileChangeType.Deleted },
      { uri: pathToFileURL(join(outer, '.kube-netlint.yml')).href, type: FileChangeType.Created },
    ]);
    assert.deepEqual(await client.diagnostics('svc.yaml', (list) => list.length === 0), []);
  });

  it('when the config above the folder is open in the editor, then its text takes effect as it is typed', async () => {
    const outer = tempDir({ '.kube-netlint.yaml': 'rules: {}\n', 'ws/app.yaml': blockDeployment('web'), 'ws/svc.yaml': service(80) });
    const client = await start({ root: join(outer, 'ws') });
    await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-target-port'));
    await client.open('../.kube-netlint.yaml');
    await client.change('../.kube-netlint.yaml', 'rules:\n  service-target-port: off\n');
    assert.deepEqual(await client.diagnostics('svc.yaml', (list) => list.length === 0), []);
  });

  it('when the client cannot watch outside the folders, then the server registers no RelativePattern', async () => {
    const root = tempDir({ 'svc.yaml': service(80) });
    const client = await start({ root, capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
    await client.until(() => (client.registrations.length > 0 ? true : undefined), 'watcher registration');
    const patterns = client.registrations.flatMap((r) => (r.registerOptions as { watchers: FileSystemWatcher[] }).watchers.map((w) => w.globPattern));
    assert.deepEqual(patterns, ['**/*.{yaml,yml,json}']);
  });
});
