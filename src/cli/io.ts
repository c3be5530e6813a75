import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
  readonly writeFile: (path: string, text: string) => void;
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
    writeFile: (path, text) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    },
  };
}

/** Exit codes, as ESLint: 0 clean or warnings only, 1 errors or too many warnings, 2 usage/config/internal failure. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage or configuration failure that ends the command with exit code 2 and a one-line message. */
export class UsageError extends Error {}

/** Writes a report to `path` (relative to the working directory, creating its folder); failing is a usage error naming `option`. */
export function writeReport(io: CliIo, path: string, text: string, option = '--output-file'): void {
  try {
    io.writeFile(resolve(io.cwd, path), text);
  } catch (error) {
    throw new UsageError(`cannot write ${option} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Writes a command's output to `--output-file` when given, else to standard output. */
export function writeOutput(io: CliIo, outputFile: string | undefined, text: string): void {
  if (outputFile === undefined) io.stdout(text);
  else writeReport(io, outputFile, text);
}
