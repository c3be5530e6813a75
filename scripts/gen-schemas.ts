// Regenerates the kinds' JSON Schemas from the OpenAPI definitions and the overlays (`npm run schemas`);
// `--check` writes nothing and exits 1 when a committed schema differs from what it would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { generateSchemas } from './schemas/generate.ts';

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [path, text] of await generateSchemas(process.cwd())) {
  let committed: string | undefined;
  try {
    committed = readFileSync(path, 'utf8');
  } catch {
    committed = undefined;
  }
  if (committed === text) continue;
  stale.push(path);
  if (!check) writeFileSync(path, text);
}
if (check && stale.length > 0) {
  process.stderr.write(`out of date (run npm run schemas): ${stale.join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(stale.length > 0 ? `${check ? 'stale' : 'wrote'}: ${stale.join(', ')}\n` : 'schemas up to date\n');
