#!/usr/bin/env node
// Runs kube-netlint over every project directory of a corpus of real manifests and prints, per
// project, the summary and the findings by rule and severity; with --compare, runs a second build too
// and prints the errors (and warnings) before and after, per project and per rule. The corpus itself
// (public projects' manifests) is never committed: build it locally (docs/DEVELOPING.md).
//
// Usage: node scripts/real-world.mjs ROOT [--cli PATH] [--compare PATH] [--out DIR] [--only NAME,...]
//                                         [--timeout SECONDS] [-- CLI-ARGS...]
//   ROOT       directory whose subdirectories are the projects (hidden ones and --out are not)
//   --cli      the bundle to run (default: dist/kube-netlint.mjs of this checkout)
//   --compare  a second bundle (the "before" build, e.g. main's): the table compares the two
//   --out      write one JSON file per project and build (the CLI's report, exit code, time)
//   --only     run these projects only
//   --timeout  seconds per project before the run counts as a hang (default 300)
//   -- ARGS    more arguments for every run (e.g. -- --split-dirs 1); each project runs with
//              `--no-config --format json` first, as a new user without a config would
//
// Exit code: 1 when a run crashed, hung or failed internally (exit 2), else 0. Dependency-free Node ESM.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: node scripts/real-world.mjs ROOT [--cli PATH] [--compare PATH] [--out DIR] [--only NAME,...] [--timeout SECONDS] [-- CLI-ARGS...]\n';
const MANIFEST = /\.(ya?ml|json)$/i;
const SEVERITIES = ['error', 'warning', 'info'];

function parseArgs(argv) {
  const checkout = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const options = { root: undefined, cli: join(checkout, 'dist/kube-netlint.mjs'), compare: undefined, out: undefined, only: undefined, timeout: 300, extra: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--') {
      options.extra = argv.slice(i + 1);
      break;
    } else if (arg === '--cli') options.cli = resolve(value());
    else if (arg === '--compare') options.compare = resolve(value());
    else if (arg === '--out') options.out = resolve(value());
    else if (arg === '--only') options.only = new Set(value().split(',').filter(Boolean));
    else if (arg === '--timeout') options.timeout = Number(value());
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else if (options.root === undefined) options.root = resolve(arg);
    else throw new Error(`one ROOT only (got ${options.root} and ${arg})`);
  }
  if (options.root === undefined) throw new Error('give the corpus ROOT');
  if (!(options.timeout > 0)) throw new Error('--timeout needs a positive number of seconds');
  for (const cli of [options.cli, options.compare].filter(Boolean)) {
    if (!statSync(cli, { throwIfNoEntry: false })?.isFile()) throw new Error(`no kube-netlint bundle at ${cli} (run npm run build, or give --cli)`);
  }
  if (!statSync(options.root, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${options.root} is not a directory`);
  return options;
}

/** Whether a directory holds a manifest anywhere below it (node_modules and .git aside, as the CLI walks). */
function holdsManifests(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git' && holdsManifests(join(dir, entry.name))) return true;
    if (entry.isFile() && MANIFEST.test(entry.name)) return true;
  }
  return false;
}

function projectsOf(options) {
  return readdirSync(options.root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && join(options.root, e.name) !== options.out)
    .map((e) => e.name)
    .filter((name) => (!options.only || options.only.has(name)) && holdsManifests(join(options.root, name)))
    .sort();
}

/** One run of one build over one project: its JSON report, or why there is none. */
function run(cli, options, name) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [cli, '--no-config', '--format', 'json', ...options.extra, name], {
    cwd: options.root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: options.timeout * 1000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = Number((process.hrtime.bigint() - started) / 1000000n);
  let report;
  let problem;
  if (child.error) problem = child.error.code === 'ETIMEDOUT' ? `timed out after ${options.timeout}s` : String(child.error.message);
  else if (child.signal) problem = `killed by ${child.signal}`;
  else {
    try {
      report = JSON.parse(child.stdout);
    } catch {
      problem = `exit ${child.status}, output is not JSON: ${(child.stderr ?? '').trim().split('\n')[0]?.slice(0, 120) ?? ''}`;
    }
  }
  if (!problem && child.status === 2) problem = `exit 2: ${(child.stderr ?? '').trim().split('\n')[0]?.slice(0, 120) ?? ''}`;
  return { exitCode: child.status, ms, problem, report, byRule: countByRule(report?.diagnostics ?? []) };
}

/** `{ruleId: {error, warning, info}}`, sorted by rule. */
function countByRule(diagnostics) {
  const byRule = {};
  for (const d of diagnostics) {
    byRule[d.ruleId] ??= { error: 0, warning: 0, info: 0 };
    byRule[d.ruleId][d.severity]++;
  }
  return Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function table(headers, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

const count = (r, key) => r.report?.summary?.[key] ?? '-';
const cell = (c) => SEVERITIES.map((s) => c?.[s] ?? 0).join('/');

/** The report of one build: the summary per project, then the findings by rule and severity, then the caveats. */
function singleReport(options, results) {
  const out = [`# kube-netlint over ${options.root}`, '', `build: ${options.cli}`, ''];
  const totals = { files: 0, objects: 0, skipped: 0, errors: 0, warnings: 0, infos: 0 };
  const rows = results.map(({ name, after: r }) => {
    for (const key of Object.keys(totals)) totals[key] += r.report?.summary?.[key] ?? 0;
    return [name, ...Object.keys(totals).map((key) => count(r, key)), r.exitCode ?? '-', r.ms, r.problem ?? ''];
  });
  rows.push(['**total**', ...Object.values(totals), '', results.reduce((n, { after }) => n + after.ms, 0), '']);
  out.push(table(['project', 'files', 'objects', 'skipped', 'errors', 'warnings', 'infos', 'exit', 'ms', 'problem'], rows), '');
  out.push('## Findings by rule (errors/warnings/infos), per project', '');
  for (const { name, after } of results) {
    const entries = Object.entries(after.byRule);
    out.push(`- **${name}**: ${entries.length > 0 ? entries.map(([id, c]) => `${id} ${cell(c)}`).join(', ') : 'no findings'}`);
  }
  out.push('', '## Findings by rule, all projects', '');
  const rules = [...new Set(results.flatMap(({ after }) => Object.keys(after.byRule)))].sort();
  out.push(table(['rule', 'errors', 'warnings', 'infos'], rules.map((id) => [id, ...SEVERITIES.map((s) => results.reduce((n, { after }) => n + (after.byRule[id]?.[s] ?? 0), 0))])), '');
  const caveats = results.filter(({ after }) => after.report?.caveats?.length);
  if (caveats.length > 0) {
    out.push('## What the tool cannot judge (caveats), per project', '');
    for (const { name, after } of caveats) out.push(`- **${name}**: ${after.report.caveats.map((c) => `${c.about}: ${c.kinds.join(', ')}`).join('; ')}`);
    out.push('');
  }
  return out.join('\n');
}

/** The report of two builds: errors and warnings before and after, per project, then the rules whose counts changed. */
function comparisonReport(options, results) {
  const out = [`# kube-netlint over ${options.root}: before and after`, '', `before: ${options.compare}`, `after: ${options.cli}`, ''];
  const sum = (which, key) => results.reduce((n, r) => n + (r[which].report?.summary?.[key] ?? 0), 0);
  const rows = results.map(({ name, before, after }) => [
    name,
    count(before, 'errors'),
    count(after, 'errors'),
    count(before, 'warnings'),
    count(after, 'warnings'),
    count(before, 'infos'),
    count(after, 'infos'),
    `${before.exitCode ?? '-'} → ${after.exitCode ?? '-'}`,
    [before.problem && `before: ${before.problem}`, after.problem && `after: ${after.problem}`].filter(Boolean).join('; '),
  ]);
  rows.push(['**total**', sum('before', 'errors'), sum('after', 'errors'), sum('before', 'warnings'), sum('after', 'warnings'), sum('before', 'infos'), sum('after', 'infos'), '', '']);
  out.push(table(['project', 'errors before', 'errors after', 'warnings before', 'warnings after', 'infos before', 'infos after', 'exit', 'problem'], rows), '');
  out.push('## Rules whose counts changed (errors/warnings/infos, before → after)', '');
  let changed = 0;
  for (const { name, before, after } of results) {
    const ids = [...new Set([...Object.keys(before.byRule), ...Object.keys(after.byRule)])].sort();
    const moves = ids.filter((id) => cell(before.byRule[id]) !== cell(after.byRule[id])).map((id) => `${id} ${cell(before.byRule[id])} → ${cell(after.byRule[id])}`);
    if (moves.length === 0) continue;
    changed++;
    out.push(`- **${name}**: ${moves.join(', ')}`);
  }
  if (changed === 0) out.push('No counts changed.');
  out.push('');
  return out.join('\n');
}

function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`real-world.mjs: ${error.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.out) mkdirSync(options.out, { recursive: true });
  const projects = projectsOf(options);
  for (const name of options.only ?? []) if (!projects.includes(name)) process.stderr.write(`real-world.mjs: no project "${name}" (a directory with manifests) in ${options.root}\n`);
  const results = [];
  for (const name of projects) {
    process.stderr.write(`${name} ...`);
    const after = run(options.cli, options, name);
    const before = options.compare ? run(options.compare, options, name) : undefined;
    if (options.out) {
      for (const [which, r] of [['after', after], ['before', before]]) {
        if (r) writeFileSync(join(options.out, `${name}${which === 'before' ? '.before' : ''}.json`), `${JSON.stringify({ project: name, ...r }, null, 2)}\n`);
      }
    }
    process.stderr.write(` ${after.problem ?? `exit ${after.exitCode}`} (${after.ms} ms)${before ? `; before: ${before.problem ?? `exit ${before.exitCode}`}` : ''}\n`);
    results.push({ name, after, ...(before ? { before } : {}) });
  }
  process.stdout.write(`${options.compare ? comparisonReport(options, results) : singleReport(options, results)}\n`);
  process.exitCode = results.some((r) => r.after.problem || r.before?.problem) ? 1 : 0;
}

main();
