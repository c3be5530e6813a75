import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  DiagnosticRefreshRequest,
  type ClientCapabilities,
  type Diagnostic,
  type FileEvent,
  type InitializeResult,
  type ProtocolConnection,
  type Registration,
} from 'vscode-languageserver-protocol/node';
import { builtCli, cliEnv } from './built-cli.ts';

const WAIT_LIMIT_MS = 15_000;

export interface StartOptions {
  readonly root: string;
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
  /** The server's command before `lsp --stdio` (default: node and the CLI bundle of this test run), e.g. the .vsix's bundle or the executable. */
  readonly command?: readonly [string, ...string[]];
}

/**
 * A real LSP client over stdio (VS Code's JSON-RPC stack) driving `node <bundle> lsp --stdio`:
 * it records every pushed diagnostic, answers registration and refresh requests, and lets a test
 * wait for the diagnostics of a file to reach an expected state.
 */
export class LspClient {
  readonly published = new Map<string, Diagnostic[]>();
  /** The document version each file's last push carried (undefined: none). */
  readonly publishedVersions = new Map<string, number | undefined>();
  publishCount = 0;
  refreshCount = 0;
  readonly registrations: Registration[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private stderr = '';

  private constructor(
    readonly root: string,
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    public initializeResult?: InitializeResult,
  ) {}

  static async start(options: StartOptions): Promise<LspClient> {
    const [command, ...args] = options.command ?? [process.execPath, builtCli()];
    const child = spawn(command, [...args, 'lsp', '--stdio'], { cwd: options.root, env: cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(options.root, connection, child);
    child.stderr!.on('data', (chunk) => (client.stderr += String(chunk)));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      client.publishCount++;
      client.published.set(params.uri, params.diagnostics);
      client.publishedVersions.set(params.uri, params.version);
      client.notify();
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      client.registrations.push(...params.registrations);
    });
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      client.refreshCount++;
      client.notify();
    });
    connection.listen();
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(options.root).href,
      workspaceFolders: [{ uri: pathToFileURL(options.root).href, name: 'test' }],
      capabilities: options.capabilities ?? { textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } },
      // The server's defaults unless a test sets options: what a user gets.
      ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  uri(name: string): string {
    return pathToFileURL(join(this.root, name)).href;
  }

  async open(name: string, text = readFileSync(join(this.root, name), 'utf8')): Promise<void> {
    this.versions.set(name, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: this.uri(name), languageId: 'yaml', version: 1, text } });
  }

  async change(name: string, text: string): Promise<void> {
    const version = (this.versions.get(name) ?? 1) + 1;
    this.versions.set(name, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: this.uri(name), version }, contentChanges: [{ text }] });
  }

  async close(name: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: this.uri(name) } });
  }

  async watchedFiles(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Resolves with the diagnostics last pushed for `name` once they satisfy `accept`. */
  diagnostics(name: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const uri = this.uri(name);
    return this.until(() => {
      const list = this.published.get(uri);
      return list && accept(list) ? list : undefined;
    }, `diagnostics of ${name} (last: ${JSON.stringify(this.published.get(uri)?.map((d) => `${d.code}@${d.range.start.line}`))})`);
  }

  /** Resolves once `probe` returns a value; fails with `what` when nothing arrives in a generous limit. */
  until<T>(probe: () => T | undefined, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        this.waiters.delete(check);
        clearTimeout(limit);
        resolve(value);
      };
      const limit = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${what} within ${WAIT_LIMIT_MS} ms; server stderr: ${this.stderr}`));
      }, WAIT_LIMIT_MS);
      this.waiters.add(check);
      check();
    });
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Only the kube-netlint rule ids of a list of diagnostics, sorted. */
export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}
