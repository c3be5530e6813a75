import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { codes } from './support/lsp-client.ts';
import { lspSessions } from './support/lsp-session.ts';
import { RENDER_CLIENTS_DIR, renderTool, skipReason } from './support/render-tools.ts';

/**
 * The language server on a workspace whose config declares a Helm chart, rendered with the real helm:
 * findings show in the template files, on the field's line, and the templates get no skipped-file finding.
 */
const helm = renderTool('helm');
// The server finds helm on PATH, as in an editor: the one `npm run pretest` installed comes first.
process.env.PATH = `${RENDER_CLIENTS_DIR}:${process.env.PATH ?? ''}`;
const { workspace: tempDir, start } = lspSessions('lsp-helm');

const FILES: Record<string, string> = {
  '.kube-netlint.yaml': 'helm:\n  charts:\n    - chart: charts/web\n      release: web\n',
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'image: nginx\n',
  'charts/web/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: {{ .Values.image }}
          ports: [{name: http, containerPort: 8080}]
`,
  // Line 9 (0-based 8): the targetPort no container names.
  'charts/web/templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: metrics
`,
};

describe('language server: a Helm chart the config declares', { skip: helm ? false : skipReason('helm') }, () => {
  it('when a template renders a wrong field, then the finding shows in the template on its line, and is gone once the template is fixed and saved', async () => {
    const root = tempDir(FILES);
    const client = await start({ root });
    const found = await client.diagnostics('charts/web/templates/service.yaml', (list) => codes(list).includes('service-target-port'));
    assert.deepEqual(found.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['service-target-port', 8, 18]]);
    assert.match(String(found[0]!.message), /targetPort "metrics" names no container port of Deployment "web"/);
    // The templates are linted through the chart: no skipped-file finding on them.
    assert.deepEqual(codes(client.published.get(client.uri('charts/web/templates/deployment.yaml')) ?? []), []);

    const path = join(root, 'charts/web/templates/service.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('targetPort: metrics', 'targetPort: http'));
    await client.watchedFiles([{ uri: client.uri('charts/web/templates/service.yaml'), type: FileChangeType.Changed }]);
    await client.diagnostics('charts/web/templates/service.yaml', (list) => list.length === 0);
  });
});
