import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtCli, cliEnv } from './support/built-cli.ts';
import { codes } from './support/lsp-client.ts';
import { lspSessions } from './support/lsp-session.ts';
import { blockDeployment, blockService } from './support/manifests.ts';

// The ways the CLI reaches users without a clone: the standalone executable (scripts/build-sea.mjs,
// Node's single executable applications) and the npm package (npm pack, then a global install and npx),
// each run on examples/ and compared with the CLI bundle of this test run.
const repo = new URL('../', import.meta.url).pathname;
const examples = join(repo, 'examples');
const temp = mkdtempSync(join(tmpdir(), 'kube-netlint-dist-'));
const { workspace, start } = lspSessions('dist');
after(() => rmSync(temp, { recursive: true, force: true }));

const run = (command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cliEnv()): SpawnSyncReturns<string> =>
  spawnSync(command, args, { cwd, env, encoding: 'utf8', input: '' });
/** What the CLI bundle of this run prints for `args` on examples/: the reference. */
const reference = (args: readonly string[]) => run(process.execPath, [builtCli(), ...args], examples);
const same = (actual: SpawnSyncReturns<string>, expected: SpawnSyncReturns<string>) => {
  assert.equal(actual.stderr, expected.stderr);
  assert.equal(actual.stdout, expected.stdout);
  assert.equal(actual.status, expected.status);
};

describe('standalone executable (Node single executable application)', () => {
  const exe = join(temp, 'sea', 'kube-netlint');
  before(() => {
    const result = run(process.execPath, ['scripts/build-sea.mjs', '--out', exe], repo, process.env);
    assert.equal(result.status, 0, `build-sea failed:\n${result.stderr}`);
  });

  it('when run on examples/ with no node on PATH, then it prints what the CLI bundle prints, with the same exit code', () => {
    const noNode = { PATH: join(temp, 'empty-path'), HOME: process.env.HOME ?? '/tmp' };
    const lint = run(exe, ['.'], examples, noNode);
    assert.equal(lint.status, 1, 'examples/ has errors on purpose');
    same(lint, reference(['.']));
    same(run(exe, ['reach', '--format', 'json', '.'], examples, noNode), reference(['reach', '--format', 'json', '.']));
    same(run(exe, ['--version'], examples, noNode), reference(['--version']));
  });

  it('when it serves `lsp`, then a real LSP client gets the diagnostics of an opened file', async () => {
    const root = workspace({ 'app.yaml': blockDeployment('web'), 'svc.yaml': blockService(80) });
    const client = await start({ root, command: [exe] });
    await client.open('svc.yaml');
    assert.deepEqual(codes(await client.diagnostics('svc.yaml', (list) => list.length > 0)), ['service-target-port']);
  });

  it('when built, then it is an executable of its own: the node binary plus the bundle, not a script', () => {
    const head = readFileSync(exe).subarray(0, 4);
    assert.deepEqual([...head], [0x7f, 0x45, 0x4c, 0x46], 'an ELF executable on Linux');
    assert.ok(statSync(exe).size > statSync(realpathSync(process.execPath)).size, 'node with the blob injected');
  });
});

describe('npm package', () => {
  let tarball: string;
  before(() => {
    const packed = run('npm', ['pack', '--json', '--pack-destination', temp], repo, { ...process.env, npm_config_cache: join(temp, 'npm-cache') });
    assert.equal(packed.status, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(temp, info!.filename);
  });

  it('when packed, then it holds the bundles, the schemas, the readme and the license, and the metadata provenance and npx need', () => {
    const listed = run('tar', ['-tzf', tarball], temp);
    const files = listed.stdout.split('\n').filter(Boolean).sort();
    for (const file of ['package/package.json', 'package/LICENSE', 'package/README.md', 'package/dist/kube-netlint.mjs', 'package/schemas/config.schema.json']) assert.ok(files.includes(file), `${file} in ${files.join(', ')}`);
    assert.deepEqual(files.filter((f) => /^package\/(src|test|rules|tools|editors|node_modules)\//.test(f)), [], 'no sources or tooling');
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], temp).stdout);
    assert.deepEqual(manifest.bin, { 'kube-netlint': 'dist/kube-netlint.mjs' });
    assert.equal(manifest.dependencies, undefined, 'installs offline: no dependencies');
    assert.equal(manifest.engines.node, '>=20');
    assert.equal(manifest.license, 'Apache-2.0');
    // npm publish --provenance checks that repository.url names the repository the workflow runs in.
    assert.equal(manifest.repository.url, 'git+https://github.com/kube-netlint/kube-netlint.git');
    assert.deepEqual(manifest.publishConfig, { access: 'public', provenance: true });
    assert.ok(manifest.homepage && manifest.bugs.url);
  });

  it('when installed globally from the tarball into a prefix, offline, then its bin runs on examples/', () => {
    const prefix = join(temp, 'prefix');
    const env: NodeJS.ProcessEnv = { ...cliEnv(), npm_config_cache: join(temp, 'npm-cache') };
    const installed = run('npm', ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], temp, env);
    assert.equal(installed.status, 0, installed.stderr);
    const bin = join(prefix, 'bin', 'kube-netlint');
    assert.ok(existsSync(bin));
    // The installed package is the one packed; its bundle is the committed dist/ (kept fresh by bundle-fresh.test.ts).
    same(run(bin, ['.'], examples, { ...env, PATH: `${dirname(process.execPath)}:${env.PATH}` }), reference(['.']));
  });

  it('when run with npx from the tarball, then it runs without a registry', () => {
    const env: NodeJS.ProcessEnv = { ...cliEnv(), npm_config_cache: join(temp, 'npx-cache'), PATH: `${dirname(process.execPath)}:${process.env.PATH}` };
    mkdirSync(join(temp, 'npx-cwd'), { recursive: true });
    const result = run('npx', ['--yes', '--offline', '--package', tarball, '--', 'kube-netlint', '--version'], join(temp, 'npx-cwd'), env);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, reference(['--version']).stdout);
  });
});

describe('container image definition', () => {
  // No Docker engine here: the image is not built; what the Dockerfile relies on is checked instead.
  it('when the Dockerfile copies the bundle, then the file exists, .dockerignore sends it, and the entrypoint is the installed bin', () => {
    const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
    const copies = [...dockerfile.matchAll(/^COPY (?:--\S+ )*(\S+) (\S+)$/gm)].map((m) => m[1]!);
    assert.deepEqual(copies, ['dist/kube-netlint.mjs']);
    for (const source of copies) assert.ok(existsSync(join(repo, source)), source);
    const ignore = readFileSync(join(repo, '.dockerignore'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    assert.deepEqual(ignore, ['*', ...copies.map((source) => `!${source}`)]);
    assert.match(dockerfile, /^FROM node:20-slim$/m);
    assert.match(dockerfile, /^RUN ln -s \/usr\/local\/lib\/kube-netlint\/kube-netlint\.mjs \/usr\/local\/bin\/kube-netlint$/m);
    assert.match(dockerfile, /^ENTRYPOINT \["kube-netlint"\]$/m);
    assert.equal(readFileSync(join(repo, 'dist/kube-netlint.mjs'), 'utf8').split('\n')[0], '#!/usr/bin/env node', 'the bin runs through its shebang');
  });
});
