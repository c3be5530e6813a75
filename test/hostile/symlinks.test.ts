import assert from 'node:assert/strict';
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { brokenService, describeFindings, expectFinding, hostileTrees, lintJson } from '../support/hostile.ts';

/**
 * Symbolic links that lead to the same directories many times over: each real file and directory is
 * read once (by device and inode), whatever the links. A "diamond" of N directories, each with two
 * links to the next, used to be walked 2^N times (depth 18: 101 s, 2.2 GB, 262,144 duplicate files).
 */
const tree = hostileTrees('symlinks');

/** `d0` ... `dN`, each with a manifest and two links to the next directory. */
function diamond(depth: number): string {
  const root = tree();
  for (let i = 0; i <= depth; i++) {
    mkdirSync(join(root, `d${i}`));
    writeFileSync(join(root, `d${i}`, 'svc.yaml'), brokenService(`s${i}`));
  }
  for (let i = 0; i < depth; i++) {
    symlinkSync(`../d${i + 1}`, join(root, `d${i}`, 'a'));
    symlinkSync(`../d${i + 1}`, join(root, `d${i}`, 'b'));
  }
  return root;
}

describe('symbolic link graphs', () => {
  it('when 18 directories each link twice to the next, then each manifest is linted once and nothing is reported twice', () => {
    const root = diamond(18);
    const report = lintJson(['d0'], root);
    assert.equal(report.summary.files, 19);
    assert.equal(report.summary.objects, 19);
    const portFindings = report.findings.filter((f) => f.ruleId === 'schema');
    assert.deepEqual(portFindings.map((f) => f.message.slice(0, 40)), Array(19).fill('spec.ports[0].port must be <= 65535, not'));
    assert.equal(report.findings.filter((f) => f.ruleId === 'duplicate-object').length, 0, describeFindings(report.findings));
  });

  it('when the same tree is also named by its real directories, then no file is read twice', () => {
    const root = diamond(4);
    const report = lintJson(['d0', 'd1', 'd2/svc.yaml', 'd3/a'], root);
    assert.equal(report.summary.files, 5);
    assert.equal(report.findings.filter((f) => f.ruleId === 'duplicate-object').length, 0);
  });

  it('when a directory links back to its parent, then the loop is reported once and the files are linted', () => {
    const root = tree({ 'app/svc.yaml': brokenService('web') });
    symlinkSync('..', join(root, 'app', 'up'));
    const report = lintJson(['app'], root);
    // app/up is the tree's root, whose app is the directory being walked.
    expectFinding(report, { file: 'app/up/app', line: 1 }, 'skipped-file', 'symbolic link loop');
    expectFinding(report, { file: 'app/svc.yaml', line: 8, column: 13 }, 'schema', 'not 99999');
    assert.equal(report.summary.files, 1);
  });

  it('when a manifest is hard-linked and symlinked under other names, then it is one file, with no duplicate objects', () => {
    const root = tree({ 'base/svc.yaml': brokenService('web') });
    mkdirSync(join(root, 'overlay'));
    linkSync(join(root, 'base', 'svc.yaml'), join(root, 'overlay', 'hard.yaml'));
    symlinkSync('../base/svc.yaml', join(root, 'overlay', 'soft.yaml'));
    const report = lintJson(['.'], root);
    assert.equal(report.summary.files, 1);
    assert.equal(report.findings.filter((f) => f.ruleId === 'duplicate-object').length, 0, describeFindings(report.findings));
    assert.equal(report.findings.filter((f) => f.ruleId === 'schema').length, 1);
  });
});
