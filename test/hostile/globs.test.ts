import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { braceExpansions, globProblem, MAX_BRACE_EXPANSIONS } from '../../src/source/globs.ts';
import { brokenService, expectFinding, hostileTrees, lintJson } from '../support/hostile.ts';

/**
 * Globs in a repository's config are input from strangers too: sixteen `{a,b}` groups expand to
 * 65,536 patterns, which took 26 s for 20 files and grew with the tree. Patterns are compiled once,
 * and those that expand past a bound are a config finding at their line.
 */
const tree = hostileTrees('globs');
const manyFiles = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`m/svc-${i}.yaml`, brokenService(`s${i}`)]));

describe('brace globs in the config', () => {
  it('when an ignore pattern is sixteen {a,b} groups, then it is a config finding at its line and nothing is linted', () => {
    const root = tree({ ...manyFiles, '.kube-netlint.yaml': `# ignore a lot\nignore:\n  - vendor/**\n  - "${'{a,b}'.repeat(16)}x"\n` });
    const report = lintJson(['.'], root);
    assert.equal(report.code, 2);
    expectFinding(report, { file: '.kube-netlint.yaml', line: 4, column: 5 }, 'config', `expands to more than ${MAX_BRACE_EXPANSIONS} patterns`);
    assert.equal(report.findings.length, 1);
  });

  it('when an exemption names objects by a range of a million, then it is a config finding at its line', () => {
    const root = tree({ ...manyFiles, '.kube-netlint.yaml': 'exemptions:\n  - reason: generated\n    name: "svc-{1..1000000}"\n' });
    const report = lintJson(['.'], root);
    assert.equal(report.code, 2);
    expectFinding(report, { file: '.kube-netlint.yaml', line: 3, column: 11 }, 'config', 'exemption name "svc-{1..1000000}" expands to more than');
  });

  it('when an ignore pattern is 5,000 characters long, then it is a config finding', () => {
    const root = tree({ 'svc.yaml': brokenService('web'), '.kube-netlint.yaml': `ignore: ["${'*'.repeat(5000)}"]\n` });
    const report = lintJson(['.'], root);
    expectFinding(report, { file: '.kube-netlint.yaml', line: 1, column: 10 }, 'config', 'is 5000 characters long; a glob may have at most 1024');
  });

  it('when brace patterns stay within the bound, then they ignore what they match and the rest is linted', () => {
    const root = tree({ ...manyFiles, '.kube-netlint.yaml': 'ignore: ["m/svc-{1,2,3}{0,1,2,3,4,5,6,7,8,9}.yaml", "m/svc-{0..4}.yaml"]\n' });
    const report = lintJson(['.'], root);
    const linted = new Set(report.findings.filter((f) => f.ruleId === 'schema').map((f) => f.file));
    // 10-19 and 0-4 are ignored; 5-9 are linted.
    assert.deepEqual([...linted].sort(), ['m/svc-5.yaml', 'm/svc-6.yaml', 'm/svc-7.yaml', 'm/svc-8.yaml', 'm/svc-9.yaml']);
  });

  it('when patterns nest and sequence braces, then their expansion is counted as brace expansion does, without expanding', () => {
    assert.equal(braceExpansions('*.yaml', 256), 1);
    assert.equal(braceExpansions('{a,b}/{c,d,e}', 256), 6);
    assert.equal(braceExpansions('{a,{b,c}}', 256), 3);
    assert.equal(braceExpansions('x{1..10}y{a..c}', 256), 30);
    assert.equal(braceExpansions('{0..100..10}', 256), 11);
    assert.equal(braceExpansions('\\{a,b\\}', 256), 1);
    assert.equal(braceExpansions('{a}', 256), 1);
    assert.ok(braceExpansions('{a,b}'.repeat(40), 256) > 256);
    assert.equal(globProblem('{a,b}'.repeat(8)), undefined);
    assert.match(globProblem('{a,b}'.repeat(9)) ?? '', /expands to more than 256 patterns/);
  });
});
