// One cold run of a built CLI bundle in this process, timed from before the bundle loads to the
// process's exit (its start-up, reading, parsing on every thread, model, rules, matrix, output), for
// bench/cold-bench.ts. Prints one JSON line on stdout at exit; the CLI writes to files (-o,
// --reach-output). Usage: node bench/cold-child.mjs BUNDLE [CLI ARGUMENTS...]
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, ...args] = process.argv.slice(2);
if (!bundle) throw new Error('usage: cold-child.mjs BUNDLE [ARGS...]');
process.argv = [process.argv[0], bundle, ...args];
const cpu = process.cpuUsage();
const start = performance.now();
process.on('exit', (code) => {
  // cpuUsage is the process's: every thread, workers included.
  const used = process.cpuUsage(cpu);
  const result = { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, code };
  writeSync(1, `${JSON.stringify(result)}\n`);
});
await import(pathToFileURL(bundle).href);
