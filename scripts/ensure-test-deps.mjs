#!/usr/bin/env node
// Makes a fresh machine ready for `npm test`: installs the npm dev dependencies when they are missing
// or older than package-lock.json, and the real clients the end-to-end tests drive (Neovim and
// pre-commit, from Debian's packages) when they are missing and we may install them (root + apt-get).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const log = (message) => process.stderr.write(`ensure-test-deps: ${message}\n`);
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const lock = 'package-lock.json';
const marker = 'node_modules/.package-lock.json';
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  log('installing npm dependencies (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
}

const wanted = [
  ['nvim', 'neovim'],
  ['pre-commit', 'pre-commit'],
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
