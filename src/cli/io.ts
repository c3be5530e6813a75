import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { visibleText } from '../format/escape.ts';
import { readUpTo } from '../source/read.ts';

/** The process edges a command may touch, passed in so commands can be run in-process by tests. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input's bytes, at most `maxBytes + 1` of them (the loader checks size, encoding and content); throws when unreadable. */
  readonly readStdin: (maxBytes: number) => Uint8Array | string;
  readonly isTTY: boolean;
  /** Writes a file (creating its folder) from the pieces of its text, in order, as they come. */
  readonly writeFile: (path: string, pieces: Iterable<string>) => void;
}

/** Output of a command: one string, or pieces written as they are made (a large matrix). */
export type Output = string | Iterable<string>;

/** How many characters are gathered before a write: a line per write would cost a system call each. */
const WRITE_BATCH = 1 << 16;

/** The pieces of an output joined into batches of about WRITE_BATCH characters, in order. */
export function* batches(output: Output): Generator<string> {
  if (typeof output === 'string') {
    yield output;
    return;
  }
  let batch = '';
  for (const piece of output) {
    batch += piece;
    if (batch.length >= WRITE_BATCH) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

/** The real process. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: (maxBytes) => readUpTo(0, maxBytes),
    isTTY: !!process.stdout.isTTY,
    writeFile: (path, pieces) => {
      mkdirSync(dirname(path), { recursive: true });
      const fd = openSync(path, 'w');
      try {
        for (const piece of pieces) writeSync(fd, piece);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** Exit codes, as ESLint: 0 clean or warnings only, 1 errors or too many warnings, 2 usage/config/internal failure. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage or configuration failure that ends the command with exit code 2 and a one-line message. */
export class UsageError extends Error {}

/**
 * Writes one line to standard error: visible text as a whole (a name, path or value quoted in it can
 * neither move the terminal's cursor nor start a line), then a line break.
 */
export function writeNote(io: CliIo, line: string): void {
  io.stderr(`${visibleText(line)}\n`);
}

/** Writes a report to `path` (relative to the working directory, creating its folder); failing is a usage error naming `option`. */
export function writeReport(io: CliIo, path: string, output: Output, option = '--output-file'): void {
  try {
    io.writeFile(resolve(io.cwd, path), batches(output));
  } catch (error) {
    throw new UsageError(`cannot write ${option} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * Writes a command's output to `--output-file` when given, else to standard output, in batches as
 * it is made (standard output to a file, pipe or terminal is written synchronously on Linux, so no
 * more than a batch waits in memory).
 */
export function writeOutput(io: CliIo, outputFile: string | undefined, output: Output): void {
  if (outputFile === undefined) for (const batch of batches(output)) io.stdout(batch);
  else writeReport(io, outputFile, output);
}
