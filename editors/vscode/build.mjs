#!/usr/bin/env node
// Builds the extension: dist/extension.js (the glue and vscode-languageclient, one CommonJS file, as
// VS Code loads extensions) and server/kube-netlint.mjs (the CLI bundle, whose `lsp` command is the
// language server), then with --package the .vsix with @vscode/vsce (no node_modules inside: both
// files are bundles).
//
//   node build.mjs                       build only
//   node build.mjs --package [--out F]   also package (default: kube-netlint-VERSION.vsix here)
//   --server FILE                        use this CLI bundle instead of building one from the sources
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const run = (command, commandArgs, cwd) => {
  const result = spawnSync(command, commandArgs, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (exit ${result.status})`);
};

await build({
  entryPoints: [join(here, 'src/extension.ts')],
  outfile: join(here, 'dist/extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

mkdirSync(join(here, 'server'), { recursive: true });
let server = option('--server');
let temp;
if (!server) {
  temp = mkdtempSync(join(tmpdir(), 'kube-netlint-vscode-'));
  run(process.execPath, ['scripts/build.mjs', '--out', temp], repo);
  server = join(temp, 'kube-netlint.mjs');
}
copyFileSync(server, join(here, 'server/kube-netlint.mjs'));
copyFileSync(join(repo, 'LICENSE'), join(here, 'LICENSE'));
if (temp) rmSync(temp, { recursive: true, force: true });

if (args.includes('--package')) {
  const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
  const out = resolve(option('--out') ?? join(here, `kube-netlint-${version}.vsix`));
  // vsce's own entry, run by this Node: no shell, no npx.
  run(process.execPath, [join(here, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', out], here);
}
