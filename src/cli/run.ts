import { lintCommand } from './lint-command.ts';
import { EXIT_USAGE, UsageError, writeNote, type CliIo } from '../app/io.ts';
import { rulesCommand } from './rules-command.ts';
import { lspCommand } from '../lsp/command.ts';
import { reachCommand } from './reach-command.ts';
import { explainCommand } from './explain-command.ts';
import { diffCommand } from './diff-command.ts';

type Command = (argv: readonly string[], io: CliIo) => number | Promise<number>;

/** Subcommands by name; anything else is a path to lint. */
const commands: Readonly<Record<string, Command>> = {
  rules: rulesCommand,
  lsp: lspCommand,
  reach: reachCommand,
  explain: explainCommand,
  diff: diffCommand,
};

/** Runs the CLI with the given arguments; never throws: failures become exit code 2 with a message. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    const command = first !== undefined ? commands[first] : undefined;
    return command ? await command(rest, io) : await lintCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      writeNote(io, `kube-netlint: ${(error as Error).message}`);
      io.stderr('Run kube-netlint --help for usage.\n');
    } else {
      // An internal failure: one line, no stack trace unless asked for.
      writeNote(io, `kube-netlint: internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (io.env.KUBE_NETLINT_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    }
    return EXIT_USAGE;
  }
}
