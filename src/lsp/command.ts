import { parseArgs } from 'node:util';
import { createConnection, StreamMessageWriter } from 'vscode-languageserver/node';
import { startLanguageServer } from './server.ts';
import { StrictMessageReader } from './transport.ts';
import { EXIT_OK, type CliIo } from '../app/io.ts';

export const LSP_HELP = `Usage: kube-netlint lsp [--stdio]

Runs the language server over standard input and output (the only transport). It analyses each
workspace folder as one model, with the folder's .kube-netlint.yaml, and reports findings of every
file, updated as you type. See docs/editors.md for VS Code, Neovim, Helix and Emacs.

A folder is read in the background after initialize is answered; past 20,000 manifests, 64 MB of
them or 200,000 directory entries (a folder such as /) the server stops reading it and says so. It
exits when the client's process (initialize's processId) ends or its input closes, and with code 1
and a message on stderr when the input breaks the base protocol (a bad Content-Length).

Initialization options: {"debounceMs": 0} (wait this long after typing before re-analysing; by
default, none: changes that arrive during an analysis are analysed together), and "settings":
{"configPath", "rules", "ingressController"} over the config file (also taken from the "kube-netlint"
section of workspace/didChangeConfiguration). See docs/editors.md.
`;

/**
 * `kube-netlint lsp`: serves until the client sends `exit`, closes the pipe or its process
 * (`processId` of initialize) ends, or the stream breaks (a bad header: said on stderr, exit code 1).
 */
export async function lspCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      stdio: { type: 'boolean' },
      // vscode-languageclient appends this; the connection watches that process itself.
      clientProcessId: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(LSP_HELP);
    return EXIT_OK;
  }
  // Standard output is the protocol channel from here on: nothing else may write to it.
  const writer = new StreamMessageWriter(process.stdout);
  let shutdown = false;
  const reader = new StrictMessageReader(process.stdin, {
    reply: (message) => void writer.write(message).catch(() => undefined),
    fail: (reason) => {
      process.stderr.write(`kube-netlint lsp: ${reason}; the stream cannot be read on, so the server stops\n`);
      process.exit(1);
    },
  });
  // The client is gone (its end of the pipe closed): exit as after `exit`, 0 only after `shutdown`.
  reader.onClose(() => process.exit(shutdown ? 0 : 1));
  const connection = createConnection(reader, writer);
  connection.onShutdown(() => {
    shutdown = true;
  });
  startLanguageServer(connection);
  connection.listen();
  return new Promise<number>(() => {
    // The connection ends the process on `exit` or when the input closes.
  });
}
