import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { LspClient } from './lsp-client.ts';

/**
 * Temp workspaces and language-server clients of one test file, removed and stopped after its tests
 * (call at the top level of the file, so the `after` hook belongs to the file).
 */
export function lspSessions(prefix: string) {
  const dirs: string[] = [];
  const clients: LspClient[] = [];
  after(async () => {
    await Promise.all(clients.map((c) => c.stop().catch(() => undefined)));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** A temp directory holding `files` (paths may have directories). */
    workspace(files: Record<string, string>): string {
      const dir = mkdtempSync(join(tmpdir(), `kube-netlint-${prefix}-`));
      dirs.push(dir);
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      return dir;
    },
    /** Starts a server and its client, stopped after the file's tests. */
    async start(...args: Parameters<typeof LspClient.start>): Promise<LspClient> {
      const client = await LspClient.start(...args);
      clients.push(client);
      return client;
    },
  };
}
