import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { walkFolder } from './folder-walk.ts';

const root = mkdtempSync(join(tmpdir(), 'kube-netlint-folder-walk-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('the language server\'s folder walk', () => {
  it('when a manifest or directory of the workspace links out of its repository, then it is not read and the skip is said; a link inside is followed', async () => {
    const repo = join(root, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'shared'));
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'outside', 'secret.yaml'), 'kind: Secret\n');
    writeFileSync(join(repo, 'shared', 'svc.yaml'), 'kind: Service\n');
    symlinkSync(join(root, 'outside', 'secret.yaml'), join(repo, 'leak.yaml'));
    symlinkSync(join(root, 'outside'), join(repo, 'more'));
    symlinkSync(join(repo, 'shared'), join(repo, 'inside'));
    const walk = await walkFolder(repo, { isIgnored: () => false });
    assert.deepEqual(walk.files.map((f) => f.slice(repo.length + 1)), ['inside/svc.yaml']);
    assert.deepEqual(walk.skipped.map((s) => `${s.path}: ${s.reason}`), ['leak.yaml: it is a symbolic link leading outside the repository, and was not read', 'more: it is a symbolic link leading outside the repository, and was not read']);
  });
});
