import { rules } from '../../rules/index.ts';
import { EXIT_OK, type CliIo } from './io.ts';

/** `kube-netlint rules`: every rule with its default severity and one-line description. */
export function rulesCommand(argv: readonly string[], io: CliIo): number {
  if (argv.includes('--json')) {
    io.stdout(`${JSON.stringify(rules.map((r) => ({ id: r.meta.id, severity: r.meta.severity, description: r.meta.description })), null, 2)}\n`);
    return EXIT_OK;
  }
  const width = Math.max(...rules.map((r) => r.meta.id.length));
  for (const rule of rules) io.stdout(`${rule.meta.id.padEnd(width)}  ${rule.meta.severity.padEnd(7)}  ${rule.meta.description}\n`);
  return EXIT_OK;
}
