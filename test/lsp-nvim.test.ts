import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { builtCli } from './support/built-cli.ts';
import { blockDeployment, service } from './support/manifests.ts';

/** The harness (copied from the shared real-client drivers): headless Neovim 0.7, no plugins, as the LSP client. */
const harness = new URL('./support/nvim/nvim-lsp-diagnostics.sh', import.meta.url).pathname;

// Line 9 (0-based 8) has non-ASCII text before the targetPort value: Neovim shows byte columns.
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - {name: "hé😀", port: 80, targetPort: 80}
`;

const root = mkdtempSync(join(tmpdir(), 'kube-netlint-nvim-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Runs the harness on `file` of `root`; its output as JSON (status 3 is a timeout waiting for diagnostics). */
function nvimDiagnostics(file: string) {
  const result = spawnSync('bash', [harness, '--root', root, '--timeout', '20000', join(root, file), '--', process.execPath, builtCli(), 'lsp', '--stdio'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: join(root, '.cache'), XDG_STATE_HOME: join(root, '.state') },
  });
  assert.equal(result.status, 0, `harness failed: ${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout) as { ok: boolean; publishes: number; server: { name: string }; diagnostics: { lnum: number; col: number; end_col: number; severity_name: string; source: string; code: string }[] };
}

describe('language server in headless Neovim', () => {
  it('when Neovim opens a file without findings, then it receives an empty list rather than waiting in vain', () => {
    writeFileSync(join(root, 'app.yaml'), blockDeployment());
    writeFileSync(join(root, 'clean.yaml'), service('web'));
    const output = nvimDiagnostics('clean.yaml');
    assert.ok(output.ok && output.publishes >= 1, JSON.stringify(output));
    assert.deepEqual(output.diagnostics, []);
  });

  it('when Neovim opens a Service whose targetPort the Deployment in another file does not declare, then it shows the finding at the right byte column', () => {
    writeFileSync(join(root, 'app.yaml'), blockDeployment());
    writeFileSync(join(root, 'svc.yaml'), SERVICE);
    const output = nvimDiagnostics('svc.yaml');
    assert.equal(output.server.name, 'kube-netlint');
    const finding = output.diagnostics.find((d) => d.code === 'service-target-port');
    assert.ok(finding, JSON.stringify(output.diagnostics));
    const line = SERVICE.split('\n')[8]!;
    const byteColumn = Buffer.byteLength(line.slice(0, line.lastIndexOf('80')));
    assert.deepEqual(
      { lnum: finding.lnum, col: finding.col, end_col: finding.end_col, severity: finding.severity_name, source: finding.source },
      { lnum: 8, col: byteColumn, end_col: byteColumn + 2, severity: 'WARN', source: 'kube-netlint' },
    );
  });
});
