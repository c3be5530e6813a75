import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, DidChangeWorkspaceFoldersNotification, DocumentDiagnosticRequest, FileChangeType, WorkspaceDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import { codes, LspClient } from './support/lsp-client.ts';
import { lspSessions } from './support/lsp-session.ts';
import { blockDeployment, blockService as service } from './support/manifests.ts';

const { workspace, start } = lspSessions('lsp');

describe('language server over stdio (vscode-languageserver-protocol client)', () => {
  it('when the workspace loads, then findings of files that are not open are pushed with code, doc link, source, severity and related information', async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(80) });
    const client = await start({ root });
    assert.equal(client.initializeResult?.capabilities.diagnosticProvider, undefined, 'push mode advertises no pull provider');
    const [finding] = await client.diagnostics('svc.yaml', (list) => list.length > 0);
    assert.equal(finding!.code, 'service-target-port');
    assert.equal(finding!.codeDescription?.href, 'https://github.com/kube-netlint/kube-netlint/blob/main/rules/service-target-port.md');
    assert.equal(finding!.source, 'kube-netlint');
    // A numeric targetPort the container leaves out among the ports it declares: a warning (2).
    assert.equal(finding!.severity, 2);
    // `      targetPort: 80` is line 11 (0-based 10); the value starts after 18 characters.
    assert.deepEqual(finding!.range, { start: { line: 10, character: 18 }, end: { line: 10, character: 20 } });
    const related = finding!.relatedInformation?.[0];
    assert.equal(related?.location.uri, client.uri('app.yaml'));
    assert.equal(related?.location.range.start.line, 17, 'the container port list of the Deployment');
  });

  it('when a document without findings is opened, then an empty list is pushed for it, carrying its version', async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(8080) });
    const client = await start({ root });
    await client.open('svc.yaml');
    assert.deepEqual(await client.diagnostics('svc.yaml', () => true), []);
    assert.equal(client.publishedVersions.get(client.uri('svc.yaml')), 1);
  });

  it('when an open document changes, then its diagnostics carry the new version, and those of files not open carry none', async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(8080) });
    const client = await start({ root });
    await client.open('app.yaml');
    await client.change('app.yaml', blockDeployment('api'));
    await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-selector-orphan'));
    assert.equal(client.publishedVersions.get(client.uri('svc.yaml')), undefined);
    await client.change('app.yaml', blockDeployment('web'));
    await client.open('svc.yaml');
    await client.change('svc.yaml', service(80));
    await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-target-port'));
    assert.equal(client.publishedVersions.get(client.uri('svc.yaml')), 2);
  });

  it('when debounceMs delays the analysis of changes, then a quick-fix request still sees the latest change', async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(8080) });
    const client = await start({ root, initializationOptions: { debounceMs: 600_000 } });
    await client.open('svc.yaml');
    await client.diagnostics('svc.yaml', (list) => list.length === 0);
    await client.change('svc.yaml', service(80));
    const line = { start: { line: 10, character: 18 }, end: { line: 10, character: 18 } };
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: client.uri('svc.yaml') }, range: line, context: { diagnostics: [] } });
    assert.deepEqual(actions?.map((a) => a.title), ['Set targetPort to 8080, the port of container port "http"']);
    assert.equal(client.publishedVersions.get(client.uri('svc.yaml')), 2);
  });

  it("when a Deployment's labels change in one file, then the Service's diagnostics in another file are re-published, and emptied when fixed", async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(8080) });
    const client = await start({ root });
    await client.open('app.yaml');
    await client.change('app.yaml', blockDeployment('api'));
    const broken = await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-selector-orphan'));
    assert.match(String(broken.find((d) => d.code === 'service-selector-orphan')!.message), /app=web/);
    await client.change('app.yaml', blockDeployment('web'));
    assert.deepEqual(await client.diagnostics('svc.yaml', (list) => list.length === 0), []);
  });

  it('when an edited document is closed without saving, then the version on disk counts again', async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(8080) });
    const client = await start({ root });
    await client.open('app.yaml');
    await client.change('app.yaml', blockDeployment('api'));
    await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-selector-orphan'));
    await client.close('app.yaml');
    assert.deepEqual(await client.diagnostics('svc.yaml', (list) => list.length === 0), []);
  });

  it('when a workspace folder is removed, then the findings of its files are cleared', async () => {
    const root = workspace({ 'svc.yaml': service(80) });
    const client = await start({ root, capabilities: { workspace: { workspaceFolders: true } } });
    await client.diagnostics('svc.yaml', (list) => list.length > 0);
    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [], removed: [{ uri: pathToFileURL(root).href, name: 'test' }] },
    });
    assert.deepEqual(await client.diagnostics('svc.yaml', (list) => list.length === 0), []);
  });

  it('when a file is created and deleted on disk and the watcher reports it, then the model follows', async () => {
    const root = workspace({ 'svc.yaml': service(8080) });
    const client = await start({ root, capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
    await client.until(() => (client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles') ? true : undefined), 'watcher registration');
    await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-selector-orphan'));
    writeFileSync(join(root, 'app.yaml'), blockDeployment('web'));
    await client.watchedFiles([{ uri: client.uri('app.yaml'), type: FileChangeType.Created }]);
    await client.diagnostics('svc.yaml', (list) => list.length === 0);
    rmSync(join(root, 'app.yaml'));
    await client.watchedFiles([{ uri: client.uri('app.yaml'), type: FileChangeType.Deleted }]);
    await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-selector-orphan'));
  });

  it('when the client declares pull support, then diagnostics are pulled, a cross-file change triggers a refresh, and nothing is pushed', async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(8080) });
    const client = await start({
      root,
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } },
    });
    assert.equal(client.initializeResult?.capabilities.diagnosticProvider?.interFileDependencies, true);
    await client.open('svc.yaml');
    const clean = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: client.uri('svc.yaml') } });
    assert.equal(clean.kind, 'full');
    assert.deepEqual(clean.kind === 'full' ? clean.items : undefined, []);
    const again = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: client.uri('svc.yaml') }, previousResultId: clean.resultId! });
    assert.equal(again.kind, 'unchanged');

    const refreshes = client.refreshCount;
    await client.open('app.yaml');
    await client.change('app.yaml', blockDeployment('api'));
    await client.until(() => (client.refreshCount > refreshes ? true : undefined), 'workspace/diagnostic/refresh');
    const broken = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: client.uri('svc.yaml') }, previousResultId: clean.resultId! });
    assert.equal(broken.kind, 'full');
    assert.ok(broken.kind === 'full' && codes(broken.items).includes('service-selector-orphan'));

    const whole = await client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const svc = whole.items.find((item) => item.uri === client.uri('svc.yaml'));
    assert.ok(svc?.kind === 'full' && codes(svc.items).includes('service-selector-orphan'));
    assert.equal(client.publishCount, 0, 'a pull client gets no pushed diagnostics');
  });

  it('when the config file has a mistake, then it gets a diagnostic; when edited to turn a rule off, then that rule disappears everywhere', async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(80), '.kube-netlint.yaml': 'rules:\n  service-target-port: sometimes\n' });
    const client = await start({ root });
    const [problem] = await client.diagnostics('.kube-netlint.yaml', (list) => list.length > 0);
    assert.equal(problem!.source, 'kube-netlint');
    assert.equal(problem!.range.start.line, 1, 'at the bad severity');
    await client.diagnostics('svc.yaml', (list) => codes(list).includes('service-target-port'));

    await client.open('.kube-netlint.yaml');
    await client.change('.kube-netlint.yaml', 'rules:\n  service-target-port: off\n');
    assert.deepEqual(await client.diagnostics('.kube-netlint.yaml', (list) => list.length === 0), []);
    assert.deepEqual(await client.diagnostics('svc.yaml', (list) => list.length === 0), []);
  });

  it('when a targetPort number misses but the port name matches a container port, then a quick fix sets the container port number', async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': service(80) });
    const client = await start({ root });
    await client.open('svc.yaml');
    const [finding] = await client.diagnostics('svc.yaml', (list) => list.length > 0);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: client.uri('svc.yaml') },
      range: { start: finding!.range.start, end: finding!.range.start },
      context: { diagnostics: [finding!] },
    });
    assert.equal(actions?.length, 1);
    const action = actions![0]!;
    assert.ok('kind' in action && action.kind === 'quickfix');
    assert.ok('edit' in action);
    assert.deepEqual(action.edit?.changes?.[client.uri('svc.yaml')], [{ range: finding!.range, newText: '8080' }]);
    assert.equal(action.diagnostics?.[0]?.code, 'service-target-port');

    await client.change('svc.yaml', service(8080));
    assert.deepEqual(await client.diagnostics('svc.yaml', (list) => list.length === 0), []);
  });

  it('when the Service selects two workloads whose "http" ports differ, then the quick fix names the port and leaves both working', async () => {
    const web2 = blockDeployment('web').replace('name: web\nspec', 'name: web2\nspec').replace('containerPort: 8080', 'containerPort: 8081');
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'app2.yaml': web2, 'svc.yaml': service(9090) });
    const client = await start({ root });
    await client.open('svc.yaml');
    const [finding] = await client.diagnostics('svc.yaml', (list) => list.length > 0);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: client.uri('svc.yaml') },
      range: { start: finding!.range.start, end: finding!.range.start },
      context: { diagnostics: [finding!] },
    });
    assert.equal(actions?.length, 1);
    const action = actions![0]!;
    assert.ok('edit' in action);
    assert.deepEqual(action.edit?.changes?.[client.uri('svc.yaml')], [{ range: finding!.range, newText: 'http' }]);

    await client.change('svc.yaml', service('http'));
    assert.deepEqual(await client.diagnostics('svc.yaml', (list) => list.length === 0), []);
  });

  it('when a label value is an unquoted number, then a quick fix quotes it as written', async () => {
    const configMap = (version: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n    version: ${version}\ndata: {}\n`;
    const client = await start({ root: workspace({ 'cm.yaml': configMap('1.0') }) });
    await client.open('cm.yaml');
    const finding = (await client.diagnostics('cm.yaml', (list) => codes(list).includes('label-value'))).find((d) => d.code === 'label-value')!;
    assert.deepEqual(finding.range, { start: { line: 5, character: 13 }, end: { line: 5, character: 16 } });
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: client.uri('cm.yaml') },
      range: finding.range,
      context: { diagnostics: [finding] },
    });
    assert.equal(actions?.length, 1);
    const action = actions![0]!;
    assert.ok('edit' in action);
    assert.deepEqual(action.edit?.changes?.[client.uri('cm.yaml')], [{ range: finding.range, newText: '"1.0"' }]);

    await client.change('cm.yaml', configMap('"1.0"'));
    assert.deepEqual(await client.diagnostics('cm.yaml', (list) => list.length === 0), []);
  });

  it('when the client prefers utf-8 positions, then ranges count bytes; otherwise UTF-16 code units', async () => {
    // Non-ASCII before the finding on the same line: "é" is 1 UTF-16 unit and 2 bytes, "😀" 2 units and 4 bytes.
    const text = service(80).replace('    - name: http\n      port: 80\n      targetPort: 80\n', '    - {name: "hé😀", port: 80, targetPort: 80}\n');
    const line = text.split('\n')[8]!;
    const column = line.lastIndexOf('80');
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': text });

    const utf8 = await start({ root, capabilities: { general: { positionEncodings: ['utf-8', 'utf-16'] } } });
    assert.equal(utf8.initializeResult?.capabilities.positionEncoding, 'utf-8');
    const inBytes = (await utf8.diagnostics('svc.yaml', (list) => codes(list).includes('service-target-port'))).find((d) => d.code === 'service-target-port');
    assert.deepEqual(inBytes!.range.start, { line: 8, character: Buffer.byteLength(line.slice(0, column)) });

    const utf16 = await start({ root, capabilities: {} });
    assert.equal(utf16.initializeResult?.capabilities.positionEncoding, 'utf-16');
    const inUnits = (await utf16.diagnostics('svc.yaml', (list) => codes(list).includes('service-target-port'))).find((d) => d.code === 'service-target-port');
    assert.deepEqual(inUnits!.range.start, { line: 8, character: column });
    assert.notEqual(column, Buffer.byteLength(line.slice(0, column)));
  });

  it('when the client sends shutdown and exit, then the server process ends with status 0', async () => {
    const client = await LspClient.start({ root: workspace({ 'svc.yaml': service(80) }) });
    assert.equal(await client.stop(), 0);
  });
});
