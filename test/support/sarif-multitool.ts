import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Microsoft's SARIF Multitool is installed on first use (shared with /work/shared/harness/validate-sarif.sh). */
const DIR = process.env.SARIF_MULTITOOL_DIR ?? join(tmpdir(), 'sarif-mt');
const BINARY = join(DIR, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

export interface SarifFinding {
  readonly level: string;
  readonly ruleId: string;
  readonly message: string;
}

/**
 * Validates a SARIF text with the SARIF Multitool, using the spec's rules and GitHub code scanning's
 * ingestion rules (rule kind `Gh`); installs the tool from npm on first use. Returns every finding.
 */
export function validateSarif(sarif: string): SarifFinding[] {
  if (!existsSync(BINARY)) {
    mkdirSync(DIR, { recursive: true });
    if (!existsSync(join(DIR, 'package.json'))) writeFileSync(join(DIR, 'package.json'), '{"name":"sarif-mt","private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '@microsoft/sarif-multitool@^5'], { cwd: DIR, stdio: 'ignore' });
  }
  const work = mkdtempSync(join(tmpdir(), 'sarif-validate-'));
  const input = join(work, 'input.sarif');
  const output = join(work, 'output.sarif');
  writeFileSync(input, sarif);
  // Called directly: the npm bin wrapper goes through a shell, which would split "Sarif;Gh". The tool
  // exits 0 even when it finds errors, so the findings are read from its log.
  spawnSync(BINARY, ['validate', '--rule-kind', 'Sarif;Gh', '--log', 'ForceOverwrite', '-o', output, input], { stdio: 'ignore' });
  const log = JSON.parse(readFileSync(output, 'utf8')) as { runs?: { results?: { level?: string; ruleId: string; message?: { text?: string; arguments?: string[] } }[] }[] };
  return (log.runs ?? []).flatMap((run) =>
    (run.results ?? []).map((r) => ({ level: r.level ?? 'warning', ruleId: r.ruleId, message: r.message?.text ?? (r.message?.arguments ?? []).join(' | ') })),
  );
}
