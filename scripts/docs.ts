// Regenerates the README's rule table from rule metadata and its workload preset table from the presets (`npm run docs`).
import { readFileSync, writeFileSync } from 'node:fs';
import { rules } from '../rules/index.ts';
import { withPresetsTable } from '../src/docs/presets-table.ts';
import { withRulesTable } from '../src/docs/rules-table.ts';
import { WORKLOAD_PRESETS } from '../src/model/workload-presets/index.ts';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', withPresetsTable(withRulesTable(readme, rules), WORKLOAD_PRESETS));
