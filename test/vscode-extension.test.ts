import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtCli } from './support/built-cli.ts';
import { codes, LspClient } from './support/lsp-client.ts';
import { lspSessions } from './support/lsp-session.ts';
import { blockDeployment, blockService } from './support/manifests.ts';
import { readZip } from './support/zip.ts';

// The VS Code extension as users get it: the .vsix that `npm run package:vscode` builds (with the real
// @vscode/vsce), read back as a zip; its bundled server is started from the packaged files. VS Code
// itself is not on this machine: the extension's logic has unit tests in editors/vscode/src/.
const repo = new URL('../', import.meta.url).pathname;
const { workspace, start } = lspSessions('vscode');
const temp = mkdtempSync(join(tmpdir(), 'kube-netlint-vsix-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let entries: Map<string, Buffer>;
let manifest: Record<string, any>;

before(() => {
  const vsix = join(temp, 'kube-netlint.vsix');
  // The CLI bundle of this test run is the server: built once, from the current sources.
  const result = spawnSync(process.execPath, ['editors/vscode/build.mjs', '--package', '--out', vsix, '--server', builtCli()], { cwd: repo, encoding: 'utf8' });
  assert.equal(result.status, 0, `packaging failed:\n${result.stdout}\n${result.stderr}`);
  entries = readZip(readFileSync(vsix));
  manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
});

describe('VS Code extension package (.vsix)', () => {
  it('when packaged, then it holds the manifest, the license, the readme and the two bundles, and no sources or node_modules', () => {
    assert.deepEqual([...entries.keys()].sort(), [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/package.json',
      'extension/readme.md',
      'extension/server/kube-netlint.mjs',
    ]);
    assert.match(entries.get('extension/LICENSE.txt')!.toString(), /Apache License\s+Version 2\.0, January 2004/);
  });

  it('when packaged, then the manifest has what the Marketplace and Open VSX require, and vsixmanifest agrees with it', () => {
    assert.equal(manifest.publisher, 'kube-netlint');
    assert.equal(manifest.name, 'kube-netlint');
    assert.equal(manifest.license, 'Apache-2.0');
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/kube-netlint\/kube-netlint/);
    assert.match(manifest.engines.vscode, /^\^1\.\d+\.0$/);
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.version, JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version, 'the extension ships the server of the same version');
    const identity = /<Identity Language="en-US" Id="([^"]+)" Version="([^"]+)" Publisher="([^"]+)"/.exec(entries.get('extension.vsixmanifest')!.toString());
    assert.deepEqual(identity?.slice(1), [manifest.name, manifest.version, manifest.publisher]);
    assert.match(entries.get('extension.vsixmanifest')!.toString(), /<License>extension\/LICENSE\.txt<\/License>/);
  });

  it('when installed, then it activates on YAML and JSON workspaces and contributes the commands and settings the code uses', () => {
    assert.deepEqual(manifest.activationEvents, ['workspaceContains:**/*.yaml', 'workspaceContains:**/*.yml', 'onLanguage:yaml', 'onLanguage:json']);
    const code = entries.get('extension/dist/extension.js')!.toString();
    const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
    assert.deepEqual(commands, ['kube-netlint.explainConnection', 'kube-netlint.showReachability']);
    for (const command of commands) assert.ok(code.includes(`"${command}"`), `the bundle registers ${command}`);
    assert.deepEqual(manifest.contributes.commands.map((c: { title: string; category: string }) => `${c.category}: ${c.title}`), ['kube-netlint: explain connection', 'kube-netlint: show reachability graph']);
    assert.deepEqual(Object.keys(manifest.contributes.configuration.properties), ['kube-netlint.configPath', 'kube-netlint.rules', 'kube-netlint.ingressController', 'kube-netlint.trace.server']);
    // The client starts the packaged server by this path, relative to the extension.
    assert.ok(code.includes('server/kube-netlint.mjs'));
    // The bundle needs nothing at run time but VS Code's own `vscode` module.
    const required = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!).filter((name) => !name.startsWith('node:')));
    const builtins = new Set(['child_process', 'crypto', 'events', 'fs', 'net', 'os', 'path', 'url', 'util', 'assert', 'stream']);
    assert.deepEqual([...required].filter((name) => !builtins.has(name)), ['vscode']);
  });

  it('when the packaged server is started from the unpacked files, then it answers a real LSP client with diagnostics and the workload list', async () => {
    const unpacked = join(temp, 'unpacked');
    for (const [name, content] of entries) {
      mkdirSync(dirname(join(unpacked, name)), { recursive: true });
      writeFileSync(join(unpacked, name), content);
    }
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': blockService(80) });
    const client: LspClient = await start({ root, command: [process.execPath, join(unpacked, 'extension/server/kube-netlint.mjs')] });
    assert.equal(client.initializeResult?.serverInfo?.name, 'kube-netlint');
    await client.open('svc.yaml');
    const list = await client.diagnostics('svc.yaml', (l) => l.length > 0);
    assert.deepEqual(codes(list), ['service-target-port']);
    const { workloads } = await client.connection.sendRequest<{ workloads: { id: string }[] }>('kube-netlint/workloads', {});
    assert.deepEqual(workloads.map((w) => w.id), ['default/web[Deployment]', '{ingress-controller}']);
  });
});
