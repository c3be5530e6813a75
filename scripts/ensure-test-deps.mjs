#!/usr/bin/env node
// Makes a fresh machine ready for `npm test` and `npm run build`.
//
// The development tooling (TypeScript, esbuild, tsx, and the libraries bundled into dist/) lives in
// tools/package.json, not in the root package: pre-commit installs a node hook with
// `npm install --dev --prod` in the hook repository, and a root package without any dependencies
// installs with no registry at all. Here we `npm ci` the tools and link node_modules -> tools/node_modules
// so that Node, tsc and esbuild resolve them from the repository root as usual. editors/vscode and
// tools/sea have their own package.json and lock, installed the same way.
//
// With --clients it also installs the real clients the end-to-end tests drive (Neovim, pre-commit,
// xmllint, and Chromium for the html page of reach, from Debian's packages) when they are missing and we may
// install them (root + apt-get).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';

const log = (message) => process.stderr.write(`ensure-test-deps: ${message}\n`);
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const lock = 'tools/package-lock.json';
const marker = 'tools/node_modules/.package-lock.json';
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  log('installing the development tools (npm ci --prefix tools)');
  execFileSync('npm', ['ci', '--prefix', 'tools', '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
}
// Packages with their own lock: the VS Code extension (vscode-languageclient, its types, @vscode/vsce:
// the type check reads its sources and a test packages it) and postject (the standalone executable,
// scripts/build-sea.mjs). None of them needs its install scripts.
for (const dir of ['editors/vscode', 'tools/sea']) {
  const ownMarker = `${dir}/node_modules/.package-lock.json`;
  if (!existsSync(ownMarker) || statSync(ownMarker).mtimeMs < statSync(`${dir}/package-lock.json`).mtimeMs) {
    log(`installing the dependencies of ${dir} (npm ci --prefix ${dir})`);
    execFileSync('npm', ['ci', '--prefix', dir, '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
}
const link = lstatSync('node_modules', { throwIfNoEntry: false });
if (!link?.isSymbolicLink()) {
  // A plain `npm install` at the root leaves an empty node_modules directory: replace it by the link.
  if (link?.isDirectory() && readdirSync('node_modules').some((name) => !name.startsWith('.'))) {
    throw new Error('node_modules is a directory with packages in it; remove it: the tools live in tools/node_modules');
  }
  if (link) rmSync('node_modules', { recursive: true, force: true });
  symlinkSync('tools/node_modules', 'node_modules', 'dir');
}

if (process.argv.includes('--clients')) {
  const wanted = [
    ['nvim', 'neovim'],
    ['pre-commit', 'pre-commit'],
    // The XML Schema validator the JUnit and checkstyle format tests run.
    ['xmllint', 'libxml2-utils'],
    // The browser the html page of reach is checked in.
    ['chromium', 'chromium'],
  ].filter(([command]) => !has(command));
  if (wanted.length > 0) {
    const packages = wanted.map(([, pkg]) => pkg);
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (isRoot && has('apt-get')) {
      log(`installing ${packages.join(', ')} with apt-get`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
    } else {
      log(`missing ${packages.join(', ')}; the tests that drive them will fail. Install them (Debian: apt-get install ${packages.join(' ')}).`);
    }
  }
}
