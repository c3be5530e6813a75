import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { rules } from '../rules/index.ts';
import { withPresetsTable } from '../src/docs/presets-table.ts';
import { withRulesTable } from '../src/docs/rules-table.ts';
import { WORKLOAD_PRESETS } from '../src/model/workload-presets/index.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('when rule metadata changes, then the README rule table is regenerated (npm run docs)', () => {
    assert.equal(readme, withRulesTable(readme, rules));
  });

  it('when a workload preset changes, then the README preset table is regenerated (npm run docs)', () => {
    for (const preset of WORKLOAD_PRESETS) assert.match(readme, new RegExp(`^\\| \`${preset.id}\` \\|`, 'm'));
    assert.equal(readme, withPresetsTable(readme, WORKLOAD_PRESETS));
  });

  it('then it gives the two set-up commands: the example run and the test command that .ci/run runs', () => {
    assert.match(readme, /node dist\/kube-netlint\.mjs --config examples\/\.kube-netlint\.yaml examples\//);
    assert.match(readme, /^npm test\b/m);
    assert.match(readFileSync(new URL('../.ci/run', import.meta.url), 'utf8'), /^npm test$/m);
  });
});
