import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { chartFiles } from './chart-files.ts';

/**
 * Finding a chart's files from the names helm gives them. The end-to-end tests (test/helm.test.ts) run
 * the real helm on an aliased subchart; these cover what a real chart makes hard to arrange: two
 * folders holding one chart name, and a subchart folder that is a link leading outside the chart.
 */
const root = mkdtempSync(join(tmpdir(), 'kube-netlint-chart-files-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

write({
  'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n  - {name: redis, alias: cache, version: 1.0.0}\n  - {name: redis, alias: queue, version: 1.0.0}\n  - {name: db, version: 1.0.0}\n',
  'web/charts/redis-1.0.0/Chart.yaml': 'apiVersion: v2\nname: redis\nversion: 1.0.0\n',
  'web/charts/redis-1.0.0/templates/svc.yaml': 'kind: Service\n',
  'web/charts/db-a/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 1.0.0\n',
  'web/charts/db-b/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 2.0.0\n',
  'outside/Chart.yaml': 'apiVersion: v2\nname: outer\nversion: 1.0.0\n',
  'outside/templates/svc.yaml': 'kind: Service\n',
});
symlinkSync(join(root, 'outside'), join(root, 'web', 'charts', 'outer'));

describe('a chart file named as helm names it', () => {
  const files = chartFiles(root, join(root, 'web'), 1 << 20);

  it('when a subchart is used under aliases, then each alias leads to the folder holding that chart, whatever it is called', () => {
    assert.equal(files.pathOf('web/charts/cache/templates/svc.yaml'), 'charts/redis-1.0.0/templates/svc.yaml');
    assert.equal(files.pathOf('web/charts/queue/templates/svc.yaml'), 'charts/redis-1.0.0/templates/svc.yaml');
    assert.equal(files.read('web/charts/redis/templates/svc.yaml')?.path, 'web/charts/redis-1.0.0/templates/svc.yaml');
  });

  it('when two folders hold the chart of that name, then its place is not known', () => {
    assert.equal(files.pathOf('web/charts/db/templates/x.yaml'), undefined);
  });

  it('when a subchart folder is a link leading outside the chart, then nothing is read through it', () => {
    assert.equal(files.read('web/charts/outer/templates/svc.yaml'), undefined);
  });

  it('when the name leads outside the chart, then it is not followed', () => {
    assert.equal(files.pathOf('web/../outside/Chart.yaml'), undefined);
    assert.equal(files.pathOf('web/templates/../../outside/Chart.yaml'), undefined);
  });
});
