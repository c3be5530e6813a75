import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const repo = new URL('../../', import.meta.url).pathname;

/** Where scripts/ensure-test-deps.mjs puts the real kubectl and helm of the test run (build/ is ignored by git). */
export const RENDER_CLIENTS_DIR = join(repo, 'build/test-clients/bin');

/**
 * A real binary the rendering tests run (`kubectl` for `kubectl kustomize`, `helm` for `helm template`):
 * the one `npm run pretest` installed, else the one on PATH; undefined when neither runs, and then the
 * test says why it is skipped (`skipReason`).
 */
export function renderTool(name: 'kubectl' | 'helm' | 'kustomize'): string | undefined {
  const installed = join(RENDER_CLIENTS_DIR, name);
  for (const candidate of existsSync(installed) ? [installed, name] : [name]) {
    const probe = spawnSync(candidate, name === 'helm' ? ['version', '--short'] : name === 'kubectl' ? ['version', '--client'] : ['version'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** Why a rendering test cannot run: the message `test(..., { skip })` shows, naming how to get the binary. */
export function skipReason(name: string): string {
  return `no ${name} here: neither ${join('build/test-clients/bin', name)} (npm run pretest installs it on linux-x64) nor one on PATH runs`;
}
