// The language server against broken and hostile clients: raw bytes on its stdin for the transport
// (bad Content-Length headers, bodies that are not JSON, requests before initialize), clients that
// vanish (processId, a closed pipe) while it reads a folder as large as `/`, and a real client (VS
// Code's JSON-RPC stack) sending ranged edits and documents whose lines end in a lone CR.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, DidChangeTextDocumentNotification, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol/node';
import { builtCli, cliEnv } from '../support/built-cli.ts';
import { codes } from '../support/lsp-client.ts';
import { lspSessions } from '../support/lsp-session.ts';

/** A generous limit for a liveness check (the machine is shared and loaded); never a timing assertion. */
const LIMIT_MS = 30_000;
const temps: string[] = [];
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
const { workspace, start } = lspSessions('lsp-protocol');

/** `Content-Length` framing of a JSON-RPC message. */
function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

const initialize = (id: number, params: Record<string, unknown> = {}) => frame({ jsonrpc: '2.0', id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {}, ...params } });

/** The server as a raw process: bytes in, framed messages out, the exit awaited. */
class RawServer {
  readonly child: ChildProcess;
  readonly messages: { id?: unknown; method?: string; result?: unknown; error?: { code: number; message: string }; params?: unknown }[] = [];
  stderr = '';
  private buffer = Buffer.alloc(0);
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(cwd: string) {
    this.child = spawn(process.execPath, [builtCli(), 'lsp', '--stdio'], { cwd, env: cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(this.child);
    this.child.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())![1]);
        if (this.buffer.length < end + 4 + length) break;
        this.messages.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')));
        this.buffer = this.buffer.subarray(end + 4 + length);
      }
      for (const waiter of [...this.waiters]) waiter();
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  send(bytes: Buffer | string): void {
    this.child.stdin!.write(bytes);
  }

  /** The first message `accept` takes, within LIMIT_MS. */
  message(accept: (m: RawServer['messages'][number]) => boolean, what: string): Promise<RawServer['messages'][number]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(accept);
        if (!found) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${what} within ${LIMIT_MS} ms; got ${JSON.stringify(this.messages).slice(0, 500)}; stderr: ${this.stderr}`));
      }, LIMIT_MS);
      this.waiters.add(check);
      check();
    });
  }

  /** The exit code, failing when the process is still running after LIMIT_MS. */
  async exit(): Promise<number | null> {
    return Promise.race([this.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running after ${LIMIT_MS} ms; stderr: ${this.stderr}`)), LIMIT_MS))]);
  }
}

describe('language server transport (raw bytes on stdin)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'kube-netlint-lsp-raw-'));
  temps.push(cwd);

  const broken: [string, string][] = [
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}'],
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
    ['a header line without a colon', 'Content-Length 2\r\n\r\n{}'],
    ['a Content-Length over the limit', 'Content-Length: 99999999999\r\n\r\n{'],
    ['a header that never ends', `Content-Length: 2${' '.repeat(10_000)}`],
  ];
  for (const [what, bytes] of broken) {
    it(`when a message has ${what}, then the server says so on stderr and exits with code 1 (the framing is lost)`, async () => {
      const server = new RawServer(cwd);
      server.send(bytes);
      server.send(initialize(1));
      assert.equal(await server.exit(), 1);
      assert.match(server.stderr, /^kube-netlint lsp: .+; the stream cannot be read on, so the server stops\n$/);
      assert.deepEqual(server.messages, [], 'nothing is answered after the framing is lost');
    });
  }

  it('when a body is not JSON or not a JSON-RPC object, then each is answered with an error and the next message is served', async () => {
    const server = new RawServer(cwd);
    server.send('Content-Length: 5\r\n\r\n{xxx}');
    server.send(frame([1, 2]));
    server.send(Buffer.concat([Buffer.from('Content-Length: 2\r\n\r\n', 'ascii'), Buffer.from([0xc3, 0x28])]));
    server.send(initialize(1));
    const answered = await server.message((m) => m.id === 1, 'initialize result');
    assert.ok(answered.result);
    const errors = server.messages.filter((m) => m.error).map((m) => [m.id, m.error!.code]);
    assert.deepEqual(errors, [
      [null, -32700],
      [null, -32600],
      [null, -32700],
    ]);
    server.send(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    await server.message((m) => m.id === 2, 'shutdown result');
    server.send(frame({ jsonrpc: '2.0', method: 'exit' }));
    assert.equal(await server.exit(), 0);
  });

  it('when requests come before initialize, then each is answered with ServerNotInitialized and notifications are dropped; exit still exits', async () => {
    const server = new RawServer(cwd);
    server.send(frame({ jsonrpc: '2.0', id: 'a', method: 'textDocument/codeAction', params: { textDocument: { uri: 'file:///x.yaml' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } } }));
    server.send(frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: pathToFileURL(join(cwd, 'a.yaml')).href, languageId: 'yaml', version: 1, text: 'a: [' } } }));
    server.send(frame({ jsonrpc: '2.0', id: 7, method: 'shutdown' }));
    const first = await server.message((m) => m.id === 'a', 'an answer to the early codeAction');
    assert.equal(first.error?.code, -32002);
    assert.equal((await server.message((m) => m.id === 7, 'an answer to the early shutdown')).error?.code, -32002);
    server.send(frame({ jsonrpc: '2.0', method: 'exit' }));
    // Exit without a shutdown: code 1, as LSP says.
    assert.equal(await server.exit(), 1);
    assert.ok(!server.messages.some((m) => m.method === 'textDocument/publishDiagnostics'), 'the early didOpen was dropped');
  });

  it('when the client closes the pipe, then the server exits', async () => {
    const server = new RawServer(cwd);
    server.send(initialize(1));
    await server.message((m) => m.id === 1, 'initialize result');
    server.child.stdin!.end();
    assert.equal(await server.exit(), 1);
  });
});

describe('language server on a folder as large as the disk, with a client that goes away', () => {
  it('when rootUri is / and the client process dies while the server reads it, then initialize is answered and the server exits', async () => {
    // The "client" whose processId the server watches: a process this test ends. The pipe stays open,
    // so only the processId check can end the server.
    const client = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(client);
    const server = new RawServer('/');
    server.send(initialize(1, { processId: client.pid, rootUri: 'file:///', capabilities: { window: { showMessage: {} } } }));
    const result = await server.message((m) => m.id === 1, 'initialize result');
    assert.ok(result.result);
    server.send(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    client.kill('SIGKILL');
    // Not shut down first: exit code 1.
    assert.equal(await server.exit(), 1);
  });

  it('when rootUri is /, then the server keeps answering while it reads, stops at its limits and says so, and shuts down when asked', async () => {
    const server = new RawServer('/');
    server.send(initialize(1, { rootUri: 'file:///' }));
    await server.message((m) => m.id === 1, 'initialize result');
    server.send(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    const warning = await server.message((m) => m.method === 'window/showMessage', 'a message that the folder is too large');
    assert.match((warning.params as { message: string }).message, /^kube-netlint: stopped reading \/ after \d+ (directory entries|manifest files|MB of manifests): open the folder that holds your manifests/);
    server.send(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    await server.message((m) => m.id === 2, 'shutdown result');
    server.send(frame({ jsonrpc: '2.0', method: 'exit' }));
    assert.equal(await server.exit(), 0);
  });
});

/** The ConfigMap of the label-value quick fix: `version: 1.0` is a number where a label needs a string. */
const configMap = (eol: string, note: string, version: string) =>
  ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  annotations:', `    note: "${note}"`, '  labels:', `    version: ${version}`, 'data: {}', ''].join(eol);

async function quickFix(client: Awaited<ReturnType<typeof start>>, name: string, finding: Diagnostic): Promise<TextEdit[]> {
  const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: client.uri(name) }, range: finding.range, context: { diagnostics: [finding] } });
  const action = actions?.[0];
  assert.ok(action && 'edit' in action);
  return action.edit!.changes![client.uri(name)]!;
}

describe('language server positions and edits (vscode-languageserver-protocol client)', () => {
  it('when a line ends in a lone CR, then ranges count it as a line end, as the client does, and the quick fix quotes the right value', async () => {
    // The lone CR inside the annotation value is a line break to an LSP client (LSP 3.17: CR, LF, CRLF).
    const text = configMap('\n', 'first\rsecond', '1.0');
    const root = workspace({ 'cm.yaml': text });
    const client = await start({ root });
    await client.open('cm.yaml', text);
    const finding = (await client.diagnostics('cm.yaml', (list) => codes(list).includes('label-value'))).find((d) => d.code === 'label-value')!;
    const document = TextDocument.create(client.uri('cm.yaml'), 'yaml', 1, text);
    assert.equal(document.getText(finding.range), '1.0', 'the range covers the value in the client\'s view of lines');
    assert.equal(finding.range.start.line, 8);
    const fixed = TextDocument.applyEdits(document, await quickFix(client, 'cm.yaml', finding));
    assert.equal(fixed, configMap('\n', 'first\rsecond', '"1.0"'));
  });

  it('when every line ends in CR LF, then ranges and the quick fix are those of LF', async () => {
    const text = configMap('\r\n', 'plain', '1.0');
    const client = await start({ root: workspace({ 'cm.yaml': text }) });
    await client.open('cm.yaml', text);
    const finding = (await client.diagnostics('cm.yaml', (list) => codes(list).includes('label-value'))).find((d) => d.code === 'label-value')!;
    assert.deepEqual(finding.range, { start: { line: 7, character: 13 }, end: { line: 7, character: 16 } });
    assert.equal(TextDocument.applyEdits(TextDocument.create('x', 'yaml', 1, text), await quickFix(client, 'cm.yaml', finding)), configMap('\r\n', 'plain', '"1.0"'));
  });

  /** The length of `text` in the units of a position encoding. */
  const units = (text: string, encoding: 'utf-8' | 'utf-16' | 'utf-32') => (encoding === 'utf-16' ? text.length : encoding === 'utf-8' ? Buffer.byteLength(text) : [...text].length);

  for (const encoding of ['utf-16', 'utf-8', 'utf-32'] as const) {
    it(`when the client sends ranged edits in ${encoding} positions after non-ASCII text, then the server applies each in turn where the client means`, async () => {
      const client = await start({ root: workspace({}), capabilities: { general: { positionEncodings: [encoding] }, textDocument: { publishDiagnostics: { versionSupport: true } } } });
      assert.equal(client.initializeResult?.capabilities.positionEncoding, encoding);
      const sync = client.initializeResult?.capabilities.textDocumentSync;
      assert.equal(typeof sync === 'object' ? sync.change : sync, 2, 'incremental sync is advertised');
      const line = (note: string, version: string) => `metadata: {annotations: {note: "${note}"}, labels: {version: ${version}}, name: settings}`;
      const text = (note: string, version: string) => `apiVersion: v1\nkind: ConfigMap\n${line(note, version)}\ndata: {}\n`;
      const before = text('é😀', '"1.0"');
      writeFileSync(join(client.root, 'cm.yaml'), before);
      await client.open('cm.yaml', before);
      await client.diagnostics('cm.yaml', (list) => !codes(list).includes('label-value'));
      const notePrefix = 'metadata: {annotations: {note: "';
      const versionAt = (note: string) => units(line(note, '"1.0"').slice(0, line(note, '"1.0"').indexOf('"1.0"')), encoding);
      const uri = client.uri('cm.yaml');
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [
          // The note grows by non-ASCII text; the next range is of the text after this change.
          { range: { start: { line: 2, character: units(notePrefix, encoding) }, end: { line: 2, character: units(`${notePrefix}é😀`, encoding) } }, text: '😀é😀' },
          { range: { start: { line: 2, character: versionAt('😀é😀') }, end: { line: 2, character: versionAt('😀é😀') + 5 } }, text: '1.0' },
        ],
      });
      const finding = (await client.diagnostics('cm.yaml', (list) => codes(list).includes('label-value'))).find((d) => d.code === 'label-value')!;
      assert.deepEqual(finding.range, { start: { line: 2, character: versionAt('😀é😀') }, end: { line: 2, character: versionAt('😀é😀') + 3 } });
      // The quick fix, applied by the client's own document model in this encoding's terms, gives the text back quoted.
      const edits = await quickFix(client, 'cm.yaml', finding);
      assert.deepEqual(edits, [{ range: finding.range, newText: '"1.0"' }]);
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })) });
      assert.deepEqual(codes(await client.diagnostics('cm.yaml', (list) => !codes(list).includes('label-value'))), []);
    });
  }
});
