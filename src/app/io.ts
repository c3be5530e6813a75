import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { visibleText } from '../util/escape.ts';
import { readUpTo } from '../source/read.ts';

/** The process edges a command may touch, passed in so commands can be run in-process by tests. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Writes to standard output; a promise when the reader is slower than the writer (a pipe), which
   * resolves once the text is handed on: the writer waits rather than buffer the output in memory.
   */
  readonly stdout: (text: string) => void | Promise<void>;
  /** True once standard output's reader is gone (`| head -1`): the rest of the output is dropped unmade. */
  readonly stdoutClosed?: () => boolean;
  readonly stderr: (text: string) => void;
  /** Standard input's bytes, at most `maxBytes + 1` of them (the loader checks size, encoding and content); throws when unreadable. */
  readonly readStdin: (maxBytes: number) => Uint8Array | string;
  readonly isTTY: boolean;
  /** Standard error is a terminal: progress may be drawn there. */
  readonly stderrIsTTY?: boolean;
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
  let closed = false;
  const close = () => {
    closed = true;
  };
  process.stdout.once('error', close).once('close', close);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => {
      if (closed || process.stdout.write(text)) return undefined;
      // The pipe is full: wait for it to drain (or for the reader to go) before making more output.
      return new Promise<void>((resolve) => {
        const done = () => {
          process.stdout.off('drain', done).off('error', done).off('close', done);
          resolve();
        };
        process.stdout.once('drain', done).once('error', done).once('close', done);
      });
    },
    stdoutClosed: () => closed,
    stderr: (text) => process.stderr.write(text),
    readStdin: (maxBytes) => readUpTo(0, maxBytes),
    isTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
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
 * Writes a command's output to `--output-file` when given, else to standard output, in batches as it
 * is made, waiting whenever the reader is behind: no more than a batch or two waits in memory,
 * whatever the size of the output. Once the reader is gone, the rest is not even made.
 */
export async function writeOutput(io: CliIo, outputFile: string | undefined, output: Output): Promise<void> {
  if (outputFile !== undefined) return writeReport(io, outputFile, output);
  for (const batch of batches(output)) {
    if (io.stdoutClosed?.()) return;
    await io.stdout(batch);
  }
}
