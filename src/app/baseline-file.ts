import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { baselineOf, parseBaseline, type Baseline, type BaselineResult } from '../lint/baseline.ts';
import { formatBaseline } from '../format/baseline.ts';
import type { Diagnostic } from '../lint/types.ts';
import { plural } from '../format/text.ts';
import { readUpTo } from '../source/read.ts';
import { UsageError, writeReport, type CliIo } from './io.ts';

/** A baseline larger than this is no baseline a repository keeps: refused before it is parsed. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/**
 * Reads `--baseline FILE` (relative to the working directory); a usage error (exit 2) naming the file
 * when it cannot be read or is no baseline. The file may come with a pull request: only a regular file
 * is read, and no more than the limit, so a link to /dev/zero or a named pipe can neither hang the run
 * nor fill its memory.
 */
export function readBaselineFile(io: CliIo, path: string, option = '--baseline'): Baseline {
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(resolve(io.cwd, path), constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) throw new UsageError(`${option} ${path} is not a regular file`);
    const bytes = readUpTo(fd, MAX_BASELINE_BYTES);
    if (bytes.length > MAX_BASELINE_BYTES) throw new UsageError(`${option} ${path} is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MB`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const reason = error instanceof TypeError ? 'it is not UTF-8 text' : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
    throw new UsageError(`cannot read ${option} ${path}: ${reason}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const baseline = parseBaseline(text);
  if ('error' in baseline) throw new UsageError(`${option} ${path} cannot be used: ${baseline.error}`);
  return baseline;
}

/** Writes the baseline of `diagnostics` to `path`; a usage error when it cannot be written. */
export function writeBaselineFile(io: CliIo, path: string, diagnostics: readonly Diagnostic[], option = '--write-baseline'): Baseline {
  const baseline = baselineOf(diagnostics);
  writeReport(io, path, formatBaseline(baseline), option);
  return baseline;
}

/** The note on standard error after a baseline was applied: how many findings it hid, and how many of its entries can go. */
export function baselineNote(result: BaselineResult, path: string): string {
  const hidden = `${plural(result.baselined, 'finding')} in the baseline ${path} ${result.baselined === 1 ? 'is' : 'are'} not reported`;
  if (result.unmatched === 0) return `kube-netlint: ${hidden}.`;
  const gone = result.unmatched === 1 ? '1 baseline entry no longer occurs' : `${result.unmatched} baseline entries no longer occur`;
  return `kube-netlint: ${hidden}; ${gone}: run with --write-baseline ${path} to shrink it.`;
}
