import { parseArgs } from 'node:util';
import { rules } from '../../rules/index.ts';
import { EXIT_OK, type CliIo } from '../app/io.ts';

export const RULES_HELP = `Usage: kube-netlint rules [--json]

Lists every rule with its default severity and one-line description (--json: as a JSON array).
Each rule's page: rules/<id>.md in the repository.
`;

/** `kube-netlint rules`: every rule with its default severity and one-line description. */
export function rulesCommand(argv: readonly string[], io: CliIo): number {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(RULES_HELP);
    return EXIT_OK;
  }
  if (values.json) {
    io.stdout(`${JSON.stringify(rules.map((r) => ({ id: r.meta.id, severity: r.meta.severity, description: r.meta.description })), null, 2)}\n`);
    return EXIT_OK;
  }
  const width = Math.max(...rules.map((r) => r.meta.id.length));
  for (const rule of rules) io.stdout(`${rule.meta.id.padEnd(width)}  ${rule.meta.severity.padEnd(7)}  ${rule.meta.description}\n`);
  return EXIT_OK;
}
