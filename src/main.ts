import { EXIT_USAGE, processIo, type CliIo } from './app/io.ts';
import { isParseWorker } from './app/parse-pool.ts';
import { runCli } from './cli/run.ts';

// The bundle's entry: the only module that touches the process. It joins the CLI and the language
// server (`kube-netlint lsp`), so that neither entry point imports the other.

// The bundle also runs as a parse worker thread (src/app/parse-pool.ts serves then): no CLI there.
if (!isParseWorker()) {
  // A reader that stops early (`kube-netlint reach | head -1`) closes the pipe: later writes fail with
  // EPIPE (Node ignores SIGPIPE), then with ERR_STREAM_DESTROYED. That is no failure of the command:
  // drop the rest of the output quietly and keep the command's exit code. Any other write error ends
  // the run with one line and exit code 2, never a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      if (stream !== process.stderr) process.stderr.write(`kube-netlint: cannot write the output: ${error.code ?? error.message}\n`);
      process.exitCode = EXIT_USAGE;
    });
  }

  runCli(process.argv.slice(2), processIo(), { lsp }).then(
    (code) => {
      // A write error above already set exit code 2: keep it.
      if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT_USAGE;
    },
  );
}

/**
 * `kube-netlint lsp`, loaded when run: the language server and its protocol library are a fifth of the
 * bundle, and evaluating them was the largest part of every other command's start-up (issue 14).
 */
async function lsp(argv: readonly string[], io: CliIo): Promise<number> {
  const { lspCommand } = await import('./lsp/command.ts');
  return lspCommand(argv, io);
}
