// The VS Code glue: starts the bundled language server (server/kube-netlint.mjs, the CLI's `lsp` command)
// on VS Code's own Node runtime, and registers the commands. The logic lives in logic.ts (tested without VS Code).
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { explainConnection, initializationOptions, SECTION, showReachability, type CommandUi, type SendRequest } from './logic.ts';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const server = context.asAbsolutePath('server/kube-netlint.mjs');
  // `module` runs under VS Code's Node (no separate install); the client appends --stdio and --clientProcessId.
  const serverOptions: ServerOptions = {
    run: { module: server, args: ['lsp'], transport: TransportKind.stdio },
    debug: { module: server, args: ['lsp'], transport: TransportKind.stdio },
  };
  const settings = vscode.workspace.getConfiguration(SECTION);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
    ],
    initializationOptions: initializationOptions((key) => settings.get(key)),
    // Sends the `kube-netlint` section on every change (workspace/didChangeConfiguration).
    synchronize: { configurationSection: SECTION },
  };
  client = new LanguageClient('kube-netlint', 'kube-netlint', serverOptions, clientOptions);

  const output = vscode.window.createOutputChannel('kube-netlint explain');
  const ui: CommandUi = {
    folders: () => (vscode.workspace.workspaceFolders ?? []).map((f) => ({ uri: f.uri.toString(), name: f.name })),
    pick: (items, placeHolder) => Promise.resolve(vscode.window.showQuickPick([...items], { placeHolder, matchOnDescription: true })),
    input: (prompt, placeHolder) => Promise.resolve(vscode.window.showInputBox({ prompt, placeHolder })),
    showText: (title, text) => {
      output.clear();
      output.appendLine(`# ${title}`);
      output.append(text);
      output.show(true);
    },
    showPage: (title, html) => {
      // The page is self-contained (no network, no local files): scripts for its filters, nothing else.
      const panel = vscode.window.createWebviewPanel('kube-netlint.reachability', title, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
      panel.webview.html = html;
    },
    error: (message) => void vscode.window.showErrorMessage(message),
  };
  const send: SendRequest = (method, params) => client!.sendRequest(method, params);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('kube-netlint.explainConnection', () => explainConnection(ui, send)),
    vscode.commands.registerCommand('kube-netlint.showReachability', () => showReachability(ui, send)),
  );
  // After the commands: a server that fails to start leaves them registered, saying so when run.
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
