import { parseArgs } from 'node:util';
import { formatters } from '../format/index.ts';
import { formatStylish } from '../format/stylish.ts';
import { assertionsText, evaluateAssertions } from '../reach/assertions.ts';
import type { FormatInput } from '../format/types.ts';
import { rules } from '../../rules/index.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, writeOutput, type CliIo } from './io.ts';
import { loadConfig, loadRun, type ConfigOptions } from './load-run.ts';
import { printConfig } from './print-config.ts';
import { chooseFormat, COMMON_OPTIONS, configOptionsOf } from './options.ts';
import { VERSION } from './version.ts';

export const LINT_HELP = `Usage: kube-netlint [options] [PATH...]

Lints Kubernetes networking manifests: files, directories (recursively), globs, or - for standard input.
With no PATH, lints the working directory (.). All paths given form one model: a Service in one
directory resolves against a Deployment in another.

Options:
  -f, --format NAME      stylish (default), json, compact, sarif, github
  -o, --output-file F    write the report to F instead of standard output
  -c, --config F         config file (default: .kube-netlint.yaml found upward from the common
                         directory of the PATHs and --context paths, then upward from the working
                         directory); its ignore globs are relative to its directory
      --no-config        do not read a config file
      --print-config     print the configuration that applies to the PATHs (every rule with its
                         severity, the defaults filled in) and the file it comes from, as YAML, or
                         as JSON with --format json; lints nothing
  -n, --namespace NS     namespace of objects that declare none (default: default)
      --split-dirs DEPTH lint each directory DEPTH levels below the common directory of the PATHs as
                         a model of its own (a monorepo of independent applications); files above
                         that depth form one more; see also projects: in the config
      --context PATH     also load PATH into the model, without reporting its findings (repeatable);
                         e.g. pre-commit: --context . with the staged files as PATHs; in a git
                         repository a directory loads the files git lists (.gitignore respected)
  -q, --quiet            report errors only
      --max-warnings N   exit 1 when there are more than N warnings
      --color, --no-color  force colour on or off (default: on for a terminal, off with NO_COLOR)
  -h, --help             this help
  -v, --version          the version

Commands:
  kube-netlint rules     list every rule with its default severity
  kube-netlint reach     connectivity matrix (see kube-netlint reach --help)
  kube-netlint explain   why one workload may or may not reach another
  kube-netlint diff      connectivity changes between two trees or git revisions
  kube-netlint lsp       language server over stdio

Exit codes: 0 no errors (warnings allowed), 1 errors or more than --max-warnings warnings, 2 usage,
configuration or internal failure.
`;

/** `kube-netlint [PATH...]`: lint and report. Returns the exit code. */
export async function lintCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      ...COMMON_OPTIONS,
      context: { type: 'string', multiple: true },
      quiet: { type: 'boolean', short: 'q' },
      'max-warnings': { type: 'string' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      'print-config': { type: 'boolean' },
      'split-dirs': { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout(LINT_HELP);
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  const paths = positionals.length > 0 ? positionals : ['.'];
  const configOptions = { ...configOptionsOf(values), paths: [...paths, ...(values.context ?? [])] };
  if (values['print-config']) return printConfigCommand(io, configOptions, values.format, values['output-file']);
  const formatter = chooseFormat(formatters, values.format);
  let splitDepth: number | undefined;
  if (values['split-dirs'] !== undefined) {
    splitDepth = Number(values['split-dirs']);
    if (!/^\d+$/.test(values['split-dirs']) || splitDepth < 1 || splitDepth > 32) throw new UsageError(`--split-dirs takes a depth from 1 to 32, not "${values['split-dirs']}"`);
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError('--max-warnings takes a whole number');
  }
  const { config, problems } = loadConfig(io, configOptions);
  // Colour only for a terminal: not into --output-file, not with NO_COLOR set (no-color.org); the flags win.
  const color = values['no-color'] ? false : values.color ? true : !values['output-file'] && io.isTTY && !io.env.NO_COLOR;
  const input = (diagnostics: FormatInput['diagnostics'], summary: FormatInput['summary']): FormatInput => ({
    diagnostics,
    summary,
    rules: rules.map((r) => r.meta),
    color,
    version: VERSION,
  });
  if (problems.length > 0) {
    // A config mistake is reported like any finding (at its line), as the report in the chosen format
    // where the report goes, so a CI job that uploads --output-file still gets it; then the run stops: exit 2.
    const summary = { files: 0, objects: 0, skipped: 0, errors: problems.length, warnings: 0, infos: 0, config: problems[0]!.file.path };
    writeOutput(io, values['output-file'], formatter(input(problems, summary)));
    const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
    io.stderr(`kube-netlint: the config file ${problems[0]!.file.path} has ${count}; nothing was linted.\n`);
    return EXIT_USAGE;
  }
  const analysis = await loadRun(io, { config, paths, ...(values.context ? { context: values.context } : {}), ...(splitDepth !== undefined ? { splitDepth } : {}) });
  // --quiet shows errors only, and the counts shown are of what is shown; --max-warnings still counts every warning.
  const diagnostics = values.quiet ? analysis.diagnostics.filter((d) => d.severity === 'error') : analysis.diagnostics;
  const summary = values.quiet ? { ...analysis.summary, warnings: 0, infos: 0 } : analysis.summary;
  // Stylish and JSON list every assertion and its result; every format carries failures as findings.
  const results = config.assertions.length > 0 ? (analysis.assertionResults ?? evaluateAssertions(analysis.model, config)) : [];
  const assertions = results.map((r) => ({ name: r.assertion.name, expect: r.assertion.expect, status: r.status, detail: r.detail }));
  let output = formatter({ ...input(diagnostics, summary), ...(assertions.length > 0 ? { assertions } : {}) });
  if (formatter === formatters.stylish && results.length > 0) output += `\n${assertionsText(results)}`;
  writeOutput(io, values['output-file'], output);
  const tooManyWarnings = maxWarnings !== undefined && analysis.summary.warnings > maxWarnings;
  if (tooManyWarnings) io.stderr(`kube-netlint: too many warnings (${analysis.summary.warnings}); the maximum allowed is ${maxWarnings}.\n`);
  return analysis.summary.errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}

/** `--print-config`: the configuration that applies, with the file it came from; a broken config is reported as lint reports it (exit 2). */
function printConfigCommand(io: CliIo, options: ConfigOptions, format: string | undefined, outputFile: string | undefined): number {
  if (format !== undefined && format !== 'yaml' && format !== 'json') throw new UsageError(`--print-config prints yaml (default) or json, not "${format}"`);
  const { config, problems } = loadConfig(io, options);
  if (problems.length > 0) {
    const summary = { files: 0, objects: 0, skipped: 0, errors: problems.length, warnings: 0, infos: 0, config: problems[0]!.file.path };
    writeOutput(io, outputFile, formatStylish({ diagnostics: problems, summary, rules: rules.map((r) => r.meta), color: false, version: VERSION }));
    return EXIT_USAGE;
  }
  writeOutput(io, outputFile, printConfig(config, rules, format === 'json' ? 'json' : 'yaml'));
  return EXIT_OK;
}
