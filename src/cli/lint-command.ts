import { resolve } from 'node:path';
import { ignoreBaseOf } from '../app/config.ts';
import type { Config } from '../config/types.ts';
import { formatters } from '../format/index.ts';
import { formatStylish } from '../format/stylish.ts';
import { assertionsText, evaluateAssertions } from '../semantics/assertions.ts';
import type { FormatInput } from '../format/types.ts';
import { rules } from '../../rules/index.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, writeNote, writeOutput, type CliIo } from '../app/io.ts';
import { loadConfig, loadRun, type ConfigOptions } from '../app/load-run.ts';
import { printConfig } from './print-config.ts';
import { chooseFormat, COMMON_OPTIONS, configOptionsOf, jobsOf, parseCommandArgs } from './options.ts';
import { VERSION } from '../app/version.ts';
import { applyBaseline, recount } from '../lint/baseline.ts';
import { plural } from '../format/text.ts';
import { baselineNote, readBaselineFile, writeBaselineFile } from '../app/baseline-file.ts';
import { RunWatch, timingReport } from './progress.ts';
import { RunCache } from '../app/cache.ts';
import { HELM_OPTIONS, helmRunOf } from '../app/helm-run.ts';
import { reachFormatterOf, reachReport } from '../app/reach-report.ts';

export const LINT_HELP = `Usage: kube-netlint [options] [PATH...]

Lints Kubernetes networking manifests: files, directories (recursively), globs, or - for standard input.
With no PATH, lints the working directory (.). All paths given form one model: a Service in one
directory resolves against a Deployment in another.

Options:
  -f, --format NAME      stylish (default), json, compact, sarif, github, junit, gitlab, checkstyle
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
      --kustomize DIR    render the kustomization in DIR (kustomize build, with origin annotations)
                         and lint it, findings at the base or patch file that defines each field;
                         a DIR without one renders each kustomization below it that no other builds
                         on (each overlay is one model; a finding every overlay has is reported
                         once); repeatable. A PATH that holds a kustomization is rendered too.
      --kustomize-command CMD  kustomize or kubectl (a name on PATH or a path) to render with
                         (default: the config's kustomize.command, else kustomize, else kubectl)
      --kustomize-flag F a build flag for every kustomization, repeatable: --enable-helm (for
                         helmCharts; also kustomize.flags in the config),
                         --load-restrictor=LoadRestrictionsNone (lets kustomize read any file: never
                         passed by default), --helm-kube-version=V, --helm-api-versions=V
      --context PATH     also load PATH into the model, without reporting its findings (repeatable);
                         e.g. pre-commit: --context . with the staged files as PATHs; in a git
                         repository a directory loads the files git lists (.gitignore respected)
      --helm CHART       render the chart (a directory with Chart.yaml, or a packaged .tgz) with
                         \`helm template\` and lint its output; findings point at the templates
      --values FILE      values file for --helm (repeatable, in order; -f is --format here)
      --set KEY=VALUE    a value for --helm (repeatable), as helm's --set
      --release NAME     release name for --helm (default: release-name); --namespace NS is
                         passed to helm too
      --kube-version V   Kubernetes version helm renders for (.Capabilities.KubeVersion)
      --values-matrix DIR  render the chart once per values file in DIR and join the findings: one
                         in every rendering is reported once, one in some names them
      --helm-command CMD the helm executable (default: helm on PATH, or helm.command in the config)
  -q, --quiet            report errors only
      --max-warnings N   exit 1 when there are more than N warnings
      --baseline F       report only findings not in the baseline file F (see --write-baseline)
      --write-baseline F record every finding of this run in F (sorted JSON, no line numbers), so
                         that a later --baseline F reports only new ones
      --color, --no-color  force colour on or off (default: on for a terminal, off with NO_COLOR)
      --reach-output F   also write the reachability matrix of the model this run built to F (as
                         kube-netlint reach prints it for the same PATHs and --context paths, with
                         no second load); one model only: not with --split-dirs, projects:,
                         --kustomize or charts
      --reach-format NAME  format of --reach-output: json (default), table, csv, md, dot, mermaid,
                         html
  -j, --jobs N           read and parse the files on N threads: this one and N - 1 worker threads
                         (default: the config's jobs, else 1, no worker: on 2 cores workers
                         measured slower). Runs of fewer than 1,500 files read in this thread alone
      --cache            keep each file's parse and the findings of document- and namespace-scoped
                         rules, keyed by file content, tool version and config, and reuse what still
                         holds (the report is the same as without it); one file per working
                         directory in the user's cache directory, signed with a per-user
                         secret: a damaged or foreign cache is ignored and rewritten (docs/cache.md)
      --cache-location F keep the cache in file F (or in directory F, one file per working directory); implies
                         --cache
      --no-cache         do not read or write a cache (the default)
      --timing           print the time of each phase (read, read+parse with workers, parse, model,
                         rules, format) and of the slowest rules on standard error
  -h, --help             this help
  -v, --version          the version
  --                     end of the options: every argument after it is a PATH, even -x.yaml or -

Commands:
  kube-netlint rules     list every rule with its default severity
  kube-netlint reach     connectivity matrix (see kube-netlint reach --help)
  kube-netlint explain   why one workload may or may not reach another
  kube-netlint diff      connectivity changes between two trees or git revisions
  kube-netlint lsp       language server over stdio

Exit codes: 0 no errors (warnings allowed), 1 errors or more than --max-warnings warnings, 2 usage,
configuration or internal failure.
`;

/**
 * `KUBE_NETLINT_PROGRESS_AFTER_MS`: after how long a run on a terminal shows progress (default 1000);
 * for tests, which run on a pseudo-terminal but must not depend on how slow the machine is.
 */
function progressAfter(env: CliIo['env']): { progressAfterMs?: number } {
  const value = env.KUBE_NETLINT_PROGRESS_AFTER_MS;
  const ms = value === undefined ? NaN : Number(value);
  return Number.isFinite(ms) && ms >= 0 ? { progressAfterMs: ms } : {};
}

/** `kube-netlint [PATH...]`: lint and report. Returns the exit code. */
export async function lintCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...COMMON_OPTIONS,
    context: { type: 'string', multiple: true },
    quiet: { type: 'boolean', short: 'q' },
    'max-warnings': { type: 'string' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    timing: { type: 'boolean' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    version: { type: 'boolean', short: 'v' },
    'print-config': { type: 'boolean' },
    'split-dirs': { type: 'string' },
    ...HELM_OPTIONS,
    kustomize: { type: 'string', multiple: true },
    'kustomize-command': { type: 'string' },
    'kustomize-flag': { type: 'string', multiple: true },
    'reach-output': { type: 'string' },
    'reach-format': { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    cache: { type: 'boolean' },
    'no-cache': { type: 'boolean' },
    'cache-location': { type: 'string' },
  });
  if (values.help) {
    io.stdout(LINT_HELP);
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  const lookup = positionals.length > 0 ? positionals : values.kustomize?.length ? values.kustomize : values.helm?.length ? values.helm : ['.'];
  const configOptions = { ...configOptionsOf(values), paths: [...lookup, ...(values.context ?? [])] };
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
  const jobs = jobsOf(values.jobs);
  const reachFormat = values['reach-format'] ?? 'json';
  if (values['reach-format'] !== undefined && values['reach-output'] === undefined) throw new UsageError('--reach-format applies to --reach-output FILE: give it too');
  if (values['reach-output'] !== undefined) reachFormatterOf(reachFormat, '--reach-format');
  if (values['reach-output'] !== undefined && values['reach-output'] === values['output-file']) throw new UsageError(`--reach-output and --output-file both name ${values['output-file']}; give two files`);
  const { config, problems } = loadConfig(io, configOptions);
  const kustomize = kustomizeOf(io, config, positionals, values.kustomize);
  // With kustomizations to render and no PATH, only they are linted (their files are not linted a second time as plain manifests).
  // With --helm alone, likewise: the chart is what is linted (with the config's charts, the other files are linted too, apart).
  const paths = positionals.length > 0 ? positionals : kustomize.length > 0 || values.helm?.length ? [] : ['.'];
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
    await writeOutput(io, values['output-file'], formatter(input(problems, summary)));
    const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
    writeNote(io, `kube-netlint: the config file ${problems[0]!.file.path} has ${count}; nothing was linted.`);
    return EXIT_USAGE;
  }
  // Read before the run: a broken baseline fails fast, and before --write-baseline may replace the same file.
  const oldBaseline = values.baseline !== undefined ? readBaselineFile(io, values.baseline) : undefined;
  const helm = helmRunOf(values, config, io.cwd, positionals.length === 0);
  if (values['reach-output'] !== undefined) refuseSplitReach({ splitDepth, projects: config.projects?.length ?? 0, kustomize: kustomize.length, helm: helm !== undefined });
  const watch = new RunWatch({ stderr: io.stderr, progress: !!io.stderrIsTTY, timing: !!values.timing, ...progressAfter(io.env) });
  // --cache-location alone turns the cache on; --no-cache wins (a script's default turned off for one run).
  const cache = !values['no-cache'] && (values.cache || values['cache-location'] !== undefined) ? RunCache.open(io, values['cache-location'] !== undefined ? { location: values['cache-location'] } : {}) : undefined;
  let analysis;
  try {
    analysis = await loadRun(io, {
      ...(cache ? { parses: cache.parses, stamps: cache.stamps, results: cache.results } : {}),
      config,
      paths,
      observer: watch,
      ...(values.context ? { context: values.context } : {}),
      ...(splitDepth !== undefined ? { splitDepth } : {}),
      ...(kustomize.length > 0 ? { kustomize } : {}),
      ...(values['kustomize-command'] !== undefined ? { kustomizeCommand: values['kustomize-command'] } : {}),
      ...(values['kustomize-flag'] ? { kustomizeFlags: values['kustomize-flag'] } : {}),
      ...(helm ? { helm } : {}),
      ...(jobs !== undefined ? { jobs } : {}),
      ...(io.env.KUBE_NETLINT_TEST_WORKERS === 'only' ? { workersOnly: true } : {}),
    });
  } finally {
    watch.finish();
  }
  cache?.save();
  const written = values['write-baseline'] !== undefined ? writeBaselineFile(io, values['write-baseline'], analysis.diagnostics) : undefined;
  if (written) writeNote(io, `kube-netlint: wrote ${plural(analysis.diagnostics.length, 'finding')} to the baseline ${values['write-baseline']}.`);
  // With --baseline, only new findings count, for the report and the exit code; writing a baseline alone accepts this run's findings.
  const baseline = oldBaseline ?? written;
  const applied = baseline ? applyBaseline(analysis.diagnostics, baseline) : undefined;
  if (applied && oldBaseline) writeNote(io, baselineNote(applied, values.baseline!));
  const found = applied ? { diagnostics: applied.diagnostics, summary: recount(analysis.summary, applied.diagnostics) } : analysis;
  // --quiet shows errors only, and the counts shown are of what is shown; --max-warnings still counts every warning.
  const diagnostics = values.quiet ? found.diagnostics.filter((d) => d.severity === 'error') : found.diagnostics;
  const summary = values.quiet ? { ...found.summary, warnings: 0, infos: 0 } : found.summary;
  // Stylish and JSON list every assertion and its result; every format carries failures as findings.
  const results = config.assertions.length > 0 ? (analysis.assertionResults ?? evaluateAssertions(analysis.model, config)) : [];
  const assertions = results.map((r) => ({ name: r.assertion.name, expect: r.assertion.expect, status: r.status, detail: r.detail }));
  const baselineCounts = applied ? { baseline: { baselined: applied.baselined, unmatched: applied.unmatched } } : {};
  const endFormat = watch.begin('format');
  let output = formatter({ ...input(diagnostics, summary), ...(assertions.length > 0 ? { assertions } : {}), ...baselineCounts });
  if (formatter === formatters.stylish && results.length > 0) output += `\n${assertionsText(results)}`;
  endFormat();
  watch.finish();
  await writeOutput(io, values['output-file'], output);
  if (values['reach-output'] !== undefined) {
    // The matrix of the model this run already built: no second read, parse or model.
    const reach = reachReport(analysis.model, reachFormat);
    for (const note of reach.notes) writeNote(io, note);
    await writeOutput(io, values['reach-output'], reach.output);
  }
  if (values.timing) io.stderr(timingReport(watch.times));
  const tooManyWarnings = maxWarnings !== undefined && found.summary.warnings > maxWarnings;
  if (tooManyWarnings) io.stderr(`kube-netlint: too many warnings (${found.summary.warnings}); the maximum allowed is ${maxWarnings}.\n`);
  return found.summary.errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * `--reach-output` writes the matrix of one model; a run split into models of their own (projects,
 * overlays, charts) has no one matrix, and writing the first model's would hide the others.
 */
function refuseSplitReach(run: { splitDepth: number | undefined; projects: number; kustomize: number; helm: boolean }): void {
  const why = run.splitDepth !== undefined ? '--split-dirs' : run.projects > 0 ? "the config's projects:" : run.kustomize > 0 ? 'kustomizations' : run.helm ? 'charts' : undefined;
  if (why) throw new UsageError(`--reach-output writes the matrix of one model, and ${why} split this run into models of their own; run kube-netlint reach on each`);
}

/**
 * The kustomizations to render: `--kustomize DIR`s; else, when no PATH is given, the config's
 * `kustomize.overlays` (relative to the config file's directory).
 */
function kustomizeOf(io: CliIo, config: Config, positionals: readonly string[], flags: readonly string[] | undefined): string[] {
  if (flags?.length) return [...flags];
  if (positionals.length > 0 || !config.kustomize) return [];
  const base = ignoreBaseOf(config, io.cwd);
  return config.kustomize.overlays.map((dir) => resolve(base, dir));
}

/** `--print-config`: the configuration that applies, with the file it came from; a broken config is reported as lint reports it (exit 2). */
async function printConfigCommand(io: CliIo, options: ConfigOptions, format: string | undefined, outputFile: string | undefined): Promise<number> {
  if (format !== undefined && format !== 'yaml' && format !== 'json') throw new UsageError(`--print-config prints yaml (default) or json, not "${format}"`);
  const { config, problems } = loadConfig(io, options);
  if (problems.length > 0) {
    const summary = { files: 0, objects: 0, skipped: 0, errors: problems.length, warnings: 0, infos: 0, config: problems[0]!.file.path };
    await writeOutput(io, outputFile, formatStylish({ diagnostics: problems, summary, rules: rules.map((r) => r.meta), color: false, version: VERSION }));
    return EXIT_USAGE;
  }
  await writeOutput(io, outputFile, printConfig(config, rules, format === 'json' ? 'json' : 'yaml'));
  return EXIT_OK;
}
