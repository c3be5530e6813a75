// Regenerates the README's rule table from rule metadata (`npm run docs`).
import { readFileSync, writeFileSync } from 'node:fs';
import { rules } from '../rules/index.ts';
import { withRulesTable } from '../src/docs/rules-table.ts';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', withRulesTable(readme, rules));
