import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBuiltCli } from './support/built-cli.ts';

/**
 * `reach` and `explain` read one model of plain manifests: lint's rendering options are refused with a
 * usage error that says what to do (not the parser's "unknown option"), and the config's charts and
 * overlays, which only lint renders, are named in a note rather than skipped in silence.
 */
const dir = mkdtempSync(join(tmpdir(), 'kube-netlint-reach-render-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'app.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n');

describe('reach and explain with rendering options', () => {
  for (const [command, operands] of [['reach', []], ['explain', ['shop/web', 'shop/web']]] as const) {
    it(`when ${command} is given --helm or --values, then it is a usage error saying ${command} does not render charts and how to pipe one in`, () => {
      for (const option of [['--helm', 'chart'], ['--values=prod.yaml']]) {
        const result = runBuiltCli([command, ...option, ...operands], { cwd: dir });
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, new RegExp(`${command} does not render charts: --(helm|values) is an option of lint.*helm template RELEASE CHART \\| kube-netlint ${command} ${operands.length > 0 ? 'SRC DST ' : ''}-`));
      }
    });

    it(`when ${command} is given --kustomize, then it is a usage error saying to give the kustomization as a PATH`, () => {
      const result = runBuiltCli([command, '--kustomize', 'overlays/dev', ...operands], { cwd: dir });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`${command} takes no --kustomize: give the kustomization directory as a PATH`));
    });
  }

  it('when a rendering option comes after --, then it is a path, not refused as an option', () => {
    const result = runBuiltCli(['reach', '--', '--helm'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no such file, directory or matching glob: --helm/);
  });

  it('when the config lists charts and overlays, then reach says only lint renders them, and reads the plain manifests', () => {
    writeFileSync(join(dir, '.kube-netlint.yaml'), 'helm:\n  charts:\n    - chart: chart\nkustomize:\n  overlays: [overlays/dev]\n');
    try {
      const result = runBuiltCli(['reach', 'app.yaml'], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /note: the config lists charts \(helm\.charts\), which only lint renders/);
      assert.match(result.stderr, /note: the config lists overlays \(kustomize\.overlays\), which only lint renders by themselves/);
      assert.match(result.stdout, /shop\/web\[Deployment\]/);
    } finally {
      rmSync(join(dir, '.kube-netlint.yaml'));
    }
  });
});
