#!/usr/bin/env node
// Runs the *.test.ts files under rules/, src/, test/ and editors/ with node:test (TypeScript through tsx).
//
//   node scripts/test.mjs                 every test file (what `npm test` runs after the type check)
//   node scripts/test.mjs --unit          the unit and rule tier: files that start no process
//   node scripts/test.mjs --e2e           the end-to-end tier: files that run the real CLI, clients, git
//   node scripts/test.mjs service-ports   files whose path contains any of the given substrings
//   node scripts/test.mjs --list          which files a run would take, and their tier
//
// Why this script and not `node --test` alone: Node 20's --test does not expand globs; the CLI bundle
// is built once here for every end-to-end file (each used to build its own); and files run in
// parallel. A file is end-to-end when it imports node:child_process, directly or through the test
// helpers it imports (test/support/built-cli.ts, ...): read from its imports, so a new test file needs
// no registration.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const roots = ['rules', 'src', 'test', 'editors'];

const args = process.argv.slice(2);
const tier = args.includes('--unit') ? 'unit' : args.includes('--e2e') ? 'e2e' : 'all';
const only = args.filter((arg) => !arg.startsWith('--'));

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
};
for (const root of roots) walk(root);

const testRoot = resolve('test');
/** Test helpers (test/support/...) decide a file's tier; the sources under test start processes only when asked to. */
const isTestModule = (path) => path.startsWith(`${testRoot}/`);
const spawning = new Map();
/** True when a module imports node:child_process, itself or through its relative imports (a test file starts processes). */
function startsProcesses(file) {
  if (spawning.has(file)) return spawning.get(file);
  spawning.set(file, false); // an import cycle adds nothing
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const imports = [...text.matchAll(/^\s*import\s[^;]*?from\s+['"]([^'"]+)['"]/gms)].map((m) => m[1]);
  const result = imports.some((spec) => spec === 'node:child_process' || spec === 'child_process' || (spec.startsWith('.') && isTestModule(resolve(dirname(file), spec)) && startsProcesses(resolve(dirname(file), spec))));
  spawning.set(file, result);
  return result;
}

const selected = files
  .filter((file) => only.length === 0 || only.some((o) => file.includes(o)))
  .filter((file) => tier === 'all' || (tier === 'e2e') === startsProcesses(file));
if (args.includes('--list')) {
  for (const file of selected) console.log(`${startsProcesses(file) ? 'e2e ' : 'unit'} ${file}`);
  process.exit(0);
}
if (selected.length === 0) {
  console.error(`test: no test file matches ${only.join(' ') || `the ${tier} tier`}`);
  process.exit(1);
}

// One bundle for the whole run, built from the current sources by the real build script
// (test/support/built-cli.ts uses it when KUBE_NETLINT_TEST_BUNDLE is set).
const env = { ...process.env };
let bundleDir;
if (!env.KUBE_NETLINT_TEST_BUNDLE && selected.some(startsProcesses)) {
  bundleDir = mkdtempSync(join(tmpdir(), 'kube-netlint-test-build-'));
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--out', bundleDir], { encoding: 'utf8' });
  if (build.status !== 0) {
    console.error(`test: building the CLI bundle failed:\n${build.stderr}`);
    process.exit(1);
  }
  env.KUBE_NETLINT_TEST_BUNDLE = join(bundleDir, 'kube-netlint.mjs');
}

// Files mostly wait on child processes and the file system, so one more than the cores keeps both busy.
const concurrency = Number(env.TEST_CONCURRENCY) || availableParallelism() + 1;
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...selected], { stdio: 'inherit', env });
if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
