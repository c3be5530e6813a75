import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DidChangeConfigurationNotification, type Diagnostic, type ShowMessageParams } from 'vscode-languageserver-protocol/node';
import { runBuiltCli } from './support/built-cli.ts';
import { codes } from './support/lsp-client.ts';
import { lspSessions } from './support/lsp-session.ts';

// The requests and settings the VS Code extension (editors/vscode) uses, through a real LSP client.
const { start } = lspSessions('lsp-editor');
const examples = new URL('../examples/', import.meta.url).pathname;
const copies: string[] = [];
after(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of examples/ (the server never writes, but tests move its config file). */
function examplesCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-lsp-editor-'));
  copies.push(dir);
  cpSync(examples, dir, { recursive: true });
  return dir;
}

const exampleController = { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
const payments = 'shop/payments/payments.yaml';
const has = (id: string) => (list: Diagnostic[]) => codes(list).includes(id);

describe('editor requests and settings of the language server', () => {
  it('when the workloads are requested, then every workload node of the folder is listed, then the ingress controller', async () => {
    const client = await start({ root: examplesCopy() });
    const { workloads } = await client.connection.sendRequest<{ workloads: { id: string; type: string }[] }>('kube-netlint/workloads', { uri: client.uri('') });
    assert.deepEqual(
      workloads.map((w) => w.id),
      ['data/postgres[StatefulSet]', 'data/redis[Deployment]', 'orders/orders-api[Deployment]', 'orders/orders-worker[Deployment]', 'payments/payments[Deployment]', 'storefront/web[Deployment]', '{ingress-controller}'],
    );
  });

  it('when a connection is explained, then the answer is the text `kube-netlint explain` prints for the same folder', async () => {
    const client = await start({ root: examplesCopy() });
    const answer = await client.connection.sendRequest<{ text: string; allowed: boolean[] }>('kube-netlint/explain', { from: 'orders/orders-worker[Deployment]', to: 'data/redis[Deployment]', port: 6379 });
    const cli = runBuiltCli(['explain', 'orders/orders-worker[Deployment]', 'data/redis[Deployment]', '--port', '6379'], { cwd: examples });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(answer.text, cli.stdout);
    assert.deepEqual(answer.allowed, [false]);
  });

  it('when explain names an unknown workload or a bad port, then the request fails with a message saying what to fix', async () => {
    const client = await start({ root: examplesCopy() });
    await assert.rejects(client.connection.sendRequest('kube-netlint/explain', { from: 'shop/nothing', to: 'data/redis[Deployment]' }), (error: Error) => {
      assert.equal((error as Error & { code: number }).code, -32602);
      assert.equal(error.message, 'source "shop/nothing" names no workload, address, {ingress-controller} or {gateway:NS/NAME} in the manifests');
      return true;
    });
    await assert.rejects(client.connection.sendRequest('kube-netlint/explain', { from: 'storefront/web[Deployment]', to: 'data/redis[Deployment]', port: 70000 }), /port must be a number from 1 to 65535 or a container port name, not "70000"/);
  });

  it('when the reachability page is requested, then it is the page `reach --format html` writes', async () => {
    const client = await start({ root: examplesCopy() });
    const { html } = await client.connection.sendRequest<{ html: string }>('kube-netlint/reachHtml', {});
    const cli = runBuiltCli(['reach', '--format', 'html'], { cwd: examples });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(html, cli.stdout);
  });

  it('when the ingress controller comes from the settings instead of the config file, then explain answers as with the config file', async () => {
    const root = examplesCopy();
    rmSync(join(root, '.kube-netlint.yaml'));
    const params = { from: '{ingress-controller}', to: 'storefront/web[Deployment]', port: 3000 };
    const cli = runBuiltCli(['explain', params.from, params.to, '--port', '3000'], { cwd: examples });
    const without = await start({ root });
    const unset = await without.connection.sendRequest<{ text: string }>('kube-netlint/explain', params);
    assert.notEqual(unset.text, cli.stdout, 'the controller setting must matter to this pair');
    const client = await start({ root, initializationOptions: { settings: { ingressController: exampleController } } });
    const answer = await client.connection.sendRequest<{ text: string }>('kube-netlint/explain', params);
    assert.equal(answer.text, cli.stdout);
  });

  it('when the settings raise a rule and name a config file elsewhere, then findings follow them and the config file is no manifest', async () => {
    const root = examplesCopy();
    mkdirSync(join(root, 'ci'));
    renameSync(join(root, '.kube-netlint.yaml'), join(root, 'ci/netlint.yaml'));
    const client = await start({ root, initializationOptions: { settings: { configPath: 'ci/netlint.yaml', rules: { 'service-exposure': 'error' } } } });
    const list = await client.diagnostics(payments, has('service-exposure'));
    assert.equal(list.find((d) => d.code === 'service-exposure')!.severity, 1);
    // The failing assertion of the config is reported on the config file, at its new place.
    const config = await client.diagnostics('ci/netlint.yaml', (l) => l.length > 0);
    assert.deepEqual(codes(config), ['reachability-assertion']);
  });

  it('when the settings change, then findings are re-published; an unknown rule id is shown to the user once and the rest still applies', async () => {
    const client = await start({ root: examplesCopy() });
    await client.diagnostics(payments, has('service-target-port'));
    const messages: string[] = [];
    client.connection.onNotification('window/showMessage', ({ message }: ShowMessageParams) => void messages.push(message));
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { 'kube-netlint': { rules: { 'service-target-port': 'off', 'no-such-rule': 'error' } } } });
    const list = await client.diagnostics(payments, (l) => !has('service-target-port')(l));
    assert.ok(has('service-exposure')(list), 'other rules still report');
    await client.until(() => (messages.length > 0 ? true : undefined), 'a message about the unknown rule');
    assert.deepEqual(messages, ['kube-netlint: setting "kube-netlint.rules" names unknown rule "no-such-rule"; check the id with kube-netlint rules']);
    // The same settings again (VS Code sends them at start and on registration): no second message.
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { 'kube-netlint': { rules: { 'service-target-port': 'off', 'no-such-rule': 'error' } } } });
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { 'kube-netlint': { rules: {} } } });
    await client.diagnostics(payments, has('service-target-port'));
    assert.equal(messages.length, 1);
  });
});
