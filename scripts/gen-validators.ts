// Writes src/schema/precompiled.generated.js, the ahead-of-time validators of the tool's schemas
// (scripts/schemas/validators.ts), after gen-schemas.ts in `npm run schemas`: a separate process, so
// that it compiles the schema files as just written. `--check` writes nothing and exits 1 when stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const path = 'src/schema/precompiled.generated.js';
const check = process.argv.includes('--check');
// The generator imports the rules, which import the validators: a missing file would stop it from
// running, so it starts from an empty one (every schema is then compiled at run time).
if (!existsSync(path)) writeFileSync(path, 'export const PRECOMPILED = new Map();\n');
const { generateValidators } = await import('./schemas/validators.ts');
const text = generateValidators();
const stale = readFileSync(path, 'utf8') !== text;
if (stale && !check) writeFileSync(path, text);
if (check && stale) {
  process.stderr.write(`out of date (run npm run schemas): ${path}\n`);
  process.exit(1);
}
process.stdout.write(stale ? `wrote: ${path}\n` : 'validators up to date\n');
