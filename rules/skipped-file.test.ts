import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG, resolveConfig } from '../src/app/config.ts';
import { loadSources } from '../src/source/load.ts';
import { positionAt } from '../src/source/text.ts';
import { toSourceFiles } from '../test/support/rule-tester.ts';
import { rule } from './skipped-file.ts';

// The rule reads the files the loader could not read, which manifests alone cannot express:
// these tests hand `skipped` files to analyze(), and one goes through the real loader.

const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n';

describe('rule skipped-file', () => {
  it('when nothing was skipped, then it reports nothing', () => {
    const { diagnostics } = analyze({ files: toSourceFiles(service), config: DEFAULT_CONFIG, rules: [rule] });
    assert.deepEqual(diagnostics, []);
  });

  it('when files were skipped, then each is reported once at line 1 of that file with its reason', () => {
    const { diagnostics } = analyze({
      files: toSourceFiles(service),
      skipped: [
        { path: 'charts/app.tgz.yaml', absPath: '/virtual/charts/app.tgz.yaml', reason: 'binary file (contains NUL bytes), not a manifest' },
        { path: 'legacy/latin1.yaml', absPath: '/virtual/legacy/latin1.yaml', reason: 'not valid UTF-8 text; Kubernetes manifests must be UTF-8' },
      ],
      config: DEFAULT_CONFIG,
      rules: [rule],
    });
    assert.deepEqual(
      diagnostics.map((d) => ({ file: d.file.path, ...positionAt(d.file, d.span.start), ruleId: d.ruleId, messageId: d.messageId, severity: d.severity, message: d.message })),
      [
        { file: 'charts/app.tgz.yaml', line: 1, column: 1, ruleId: 'skipped-file', messageId: 'skipped', severity: 'warning', message: 'file not linted: binary file (contains NUL bytes), not a manifest; fix the file, or exclude it with ignore in .kube-netlint.yaml' },
        { file: 'legacy/latin1.yaml', line: 1, column: 1, ruleId: 'skipped-file', messageId: 'skipped', severity: 'warning', message: 'file not linted: not valid UTF-8 text; Kubernetes manifests must be UTF-8; fix the file, or exclude it with ignore in .kube-netlint.yaml' },
      ],
    );
  });

  it('when a file named on the command line was left out by an ignore pattern, then it is an info that says so', () => {
    const { diagnostics } = analyze({
      files: [],
      skipped: [{ path: 'vendor/svc.yaml', absPath: '/virtual/vendor/svc.yaml', reason: 'it matches the ignore pattern "vendor/**" of .kube-netlint.yaml, although it was named on the command line', ignored: true }],
      config: DEFAULT_CONFIG,
      rules: [rule],
    });
    assert.deepEqual(
      diagnostics.map((d) => [d.messageId, d.severity, d.message]),
      [['ignored', 'info', 'file not linted: it matches the ignore pattern "vendor/**" of .kube-netlint.yaml, although it was named on the command line; change the pattern to lint it, or leave the file off the command line']],
    );
  });

  it('when a file was skipped, then the other files are still modelled and the skip is counted', () => {
    const { model, summary } = analyze({
      files: toSourceFiles(service),
      skipped: [{ path: 'huge.yaml', absPath: '/virtual/huge.yaml', reason: 'file is 50.0 MB, larger than the 20.0 MB limit' }],
      config: DEFAULT_CONFIG,
      rules: [rule],
    });
    assert.deepEqual(model.services.map((s) => s.object.name), ['web']);
    assert.equal(summary.skipped, 1);
    assert.equal(summary.warnings, 1);
  });

  it('when the rule is turned off in the config, then skipped files are not reported', () => {
    const { diagnostics } = analyze({
      files: [],
      skipped: [{ path: 'bad.yaml', absPath: '/virtual/bad.yaml', reason: 'cannot read file: permission denied' }],
      config: resolveConfig({ rules: { 'skipped-file': 'off' } }),
      rules: [rule],
    });
    assert.deepEqual(diagnostics, []);
  });

  it('when the loader meets a binary and a non-UTF-8 manifest, then both are reported and the good file is linted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-skipped-'));
    try {
      writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
      writeFileSync(join(dir, 'latin1.yaml'), Buffer.from('name: caf\xe9\n', 'latin1'));
      writeFileSync(join(dir, 'svc.yaml'), service);
      const loaded = await loadSources(['.'], { cwd: dir });
      const { model, diagnostics } = analyze({ files: loaded.files, skipped: loaded.skipped, config: DEFAULT_CONFIG, rules: [rule] });
      assert.deepEqual(
        diagnostics.map((d) => `${d.file.path}: ${d.message}`),
        ['binary.yaml: file not linted: binary file (contains NUL bytes), not a manifest; fix the file, or exclude it with ignore in .kube-netlint.yaml', 'latin1.yaml: file not linted: not valid UTF-8 text; Kubernetes manifests must be UTF-8; fix the file, or exclude it with ignore in .kube-netlint.yaml'],
      );
      assert.deepEqual(model.services.map((s) => s.object.name), ['web']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
