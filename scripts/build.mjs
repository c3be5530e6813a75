#!/usr/bin/env node
// Bundles the CLI (which also serves `lsp`) and the GitHub Action entry into self-contained ESM files
// under dist/. The bundles are committed: the Action runner and pre-commit never run `npm install`.
// `--out DIR` writes elsewhere (the staleness test builds into a temp dir and compares).
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : 'dist';
// @actions/core 3 and vscode-languageserver are CommonJS-in-ESM mixes; a require shim keeps them working.
const banner = { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" };
// The sources import package.json for the version only: the bundles carry nothing else of it, so that
// editing scripts or metadata there leaves them unchanged (fewer rebuilds of the committed dist/).
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const versionOnly = {
  name: 'package-version-only',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]package\.json$/ }, (args) =>
      args.path === join(process.cwd(), 'package.json') ? { contents: JSON.stringify({ version }), loader: 'json' } : undefined,
    );
  },
};
const common = {
  bundle: true,
  plugins: [versionOnly],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  banner,
};
await build({ ...common, entryPoints: ['src/main.ts'], outfile: join(outDir, 'kube-netlint.mjs'), banner: { js: `#!/usr/bin/env node\n${banner.js}` } });
chmodSync(join(outDir, 'kube-netlint.mjs'), 0o755);
// @actions/core reaches its HTTP client (undici, about half the Action bundle) only through
// `getIDToken` (OIDC), which we never call; its modules have import-time side effects, so esbuild keeps
// them unless the OIDC module is swapped for a stub that says so if it is ever called.
const withoutOidc = {
  name: 'without-oidc',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) => (args.importer.includes('@actions/core') ? { path: 'oidc-utils', namespace: 'without-oidc' } : undefined));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'without-oidc' }, () => ({
      contents: "export class OidcClient { static async getIDToken() { throw new Error('OIDC tokens are not available in the kube-netlint Action bundle'); } }",
      loader: 'js',
    }));
  },
};
await build({ ...common, entryPoints: ['src/action/main.ts'], outfile: join(outDir, 'action.mjs'), plugins: [versionOnly, withoutOidc] });
