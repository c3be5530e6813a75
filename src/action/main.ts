import * as core from '@actions/core';
import { UsageError, processIo } from '../app/io.ts';
import { isParseWorker } from '../app/parse-pool.ts';
import { visibleText } from '../util/escape.ts';
import { readInputs, runAction } from './run.ts';

// The Action bundle's entry (dist/action.mjs): the only module that touches the process for the Action.
// The bundle also runs as a parse worker thread (src/app/parse-pool.ts serves then): no Action there.
if (!isParseWorker()) {
  try {
    process.exitCode = await runAction(readInputs(), processIo());
  } catch (error) {
    // A usage or configuration mistake, or an internal failure: one error annotation and exit 1.
    // Messages quote paths and values of the repository: visible text, as every log line.
    const message = visibleText(error instanceof Error ? error.message : String(error));
    core.setFailed(error instanceof UsageError ? message : `internal error: ${message}`);
    if (!(error instanceof UsageError) && error instanceof Error && error.stack) core.debug(error.stack);
  }
}
