import { EXIT_USAGE, processIo } from './io.ts';
import { runCli } from './run.ts';

// The bundle's entry: the only module that touches the process.
runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT_USAGE;
  },
);
