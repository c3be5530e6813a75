#!/usr/bin/env node
// Builds a standalone executable of the CLI with Node's single executable applications (SEA): the CLI
// bundled as one CommonJS script (what SEA runs in Node 20), turned into a blob by
// `node --experimental-sea-config`, injected with postject into a copy of the node binary that runs
// this script. The result runs without Node installed, on the platform and architecture of that node
// (here: Linux x64). docs/distribution.md has the macOS and Windows steps (signing).
//
//   node scripts/build-sea.mjs [--out FILE]   default: build/kube-netlint-<platform>-<arch>[.exe]
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const outIndex = process.argv.indexOf('--out');
const exe = process.platform === 'win32' ? '.exe' : '';
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : `build/kube-netlint-${process.platform}-${process.arch}${exe}`);
const work = mkdtempSync(join(tmpdir(), 'kube-netlint-sea-'));
try {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  // As scripts/build.mjs: the bundle carries only the version of package.json.
  const versionOnly = {
    name: 'package-version-only',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /[\\/]package\.json$/ }, (args) =>
        args.path === join(process.cwd(), 'package.json') ? { contents: JSON.stringify({ version }), loader: 'json' } : undefined,
      );
    },
  };
  const main = join(work, 'kube-netlint.cjs');
  await build({
    entryPoints: ['src/main.ts'],
    outfile: main,
    bundle: true,
    plugins: [versionOnly],
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const blob = join(work, 'sea-prep.blob');
  writeFileSync(join(work, 'sea-config.json'), JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
  execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });
  copyFileSync(process.execPath, out);
  chmodSync(out, 0o755);
  // macOS: the copy's signature must go before injecting (and a new one after: see docs/distribution.md).
  if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', out]);
  const { inject } = require('../tools/sea/node_modules/postject/dist/api.js');
  await inject(out, 'NODE_SEA_BLOB', readFileSync(blob), {
    sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
    ...(process.platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
  });
  if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', out]);
  process.stderr.write(`build-sea: wrote ${out}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
