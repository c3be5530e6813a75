import { parseArgs } from 'node:util';
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startLanguageServer } from '../lsp/server.ts';
import { EXIT_OK, type CliIo } from './io.ts';

export const LSP_HELP = `Usage: kube-netlint lsp [--stdio]

Runs the language server over standard input and output (the only transport). It analyses each
workspace folder as one model, with the folder's .kube-netlint.yaml, and reports findings of every
file, updated as you type. See docs/editors.md for VS Code, Neovim, Helix and Emacs.

Initialization options: {"debounceMs": 0} (wait this long after typing before re-analysing; by
default, none: changes that arrive during an analysis are analysed together), and "settings":
{"configPath", "rules", "ingressController"} over the config file (also taken from the "kube-netlint"
section of workspace/didChangeConfiguration). See docs/editors.md.
`;

/** `kube-netlint lsp`: serves until the client sends `exit` (which ends the process) or closes the pipe. */
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
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  startLanguageServer(connection);
  connection.listen();
  return new Promise<number>(() => {
    // The connection ends the process on `exit` or when the input closes.
  });
}
