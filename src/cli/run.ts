import { FileChangedError } from '../source/disk-file.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { lintCommand } from './lint-command.ts';
import { EXIT_USAGE, UsageError, writeNote, type CliIo } from '../app/io.ts';
import { rulesCommand } from './rules-command.ts';
import { reachCommand } from './reach-command.ts';
import { explainCommand } from './explain-command.ts';
import { diffCommand } from './diff-command.ts';

export type Command = (argv: readonly string[], io: CliIo) => number | Promise<number>;

/** Subcommands by name; anything else is a path to lint. */
const commands: Readonly<Record<string, Command>> = {
  rules: rulesCommand,
  reach: reachCommand,
  explain: explainCommand,
  diff: diffCommand,
};

/**
 * Runs the CLI with the given arguments; never throws: failures become exit code 2 with a message.
 * `more` adds subcommands from other entry points (`lsp`, joined by src/main.ts: the CLI does not
 * import the language server).
 */
export async function runCli(argv: readonly string[], io: CliIo, more: Readonly<Record<string, Command>> = {}): Promise<number> {
  try {
    const [first, ...rest] = argv;
    const command = first !== undefined ? (Object.hasOwn(commands, first) ? commands[first] : Object.hasOwn(more, first) ? more[first] : undefined) : undefined;
    if (!command) misplacedSubcommand(argv, io, [...Object.keys(commands), ...Object.keys(more)]);
    return command ? await command(rest, io) : await lintCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      writeNote(io, `kube-netlint: ${(error as Error).message}`);
      io.stderr('Run kube-netlint --help for usage.\n');
    } else if (error instanceof FileChangedError) {
      // A file edited during the run: its findings' positions would be computed in another text.
      writeNote(io, `kube-netlint: ${error.message}`);
    } else {
      // An internal failure: one line, no stack trace unless asked for.
      writeNote(io, `kube-netlint: internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (io.env.KUBE_NETLINT_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    }
    return EXIT_USAGE;
  }
}

/**
 * Options before a subcommand (`kube-netlint --no-config reach .`) would lint a path named `reach`:
 * when no such path exists, a usage error says to put the subcommand first. `--lsp` is the `lsp`
 * subcommand.
 */
function misplacedSubcommand(argv: readonly string[], io: CliIo, names: readonly string[]): void {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv : argv.slice(0, end);
  if (args.includes('--lsp') && names.includes('lsp')) throw new UsageError('the language server is a subcommand: run kube-netlint lsp (not --lsp)');
  if (!args[0]?.startsWith('-')) return;
  const at = args.findIndex((arg) => names.includes(arg));
  if (at === -1 || existsSync(resolve(io.cwd, args[at]!))) return;
  const others = [...argv.slice(0, at), ...argv.slice(at + 1)].join(' ');
  throw new UsageError(`"${args[at]}" is a subcommand: put the subcommand first, then its options (kube-netlint ${args[at]} ${others})`);
}
