import { caveatJson } from '../semantics/blind-spots.ts';
import { positionAt } from '../source/text.ts';
import { jsonText } from '../util/escape.ts';
import { ordered } from './text.ts';
import type { FormatInput } from './types.ts';

/**
 * The stable `--format json` contract (version 1): see README "JSON output". `summary.config` is the
 * config file that applied (its path relative to the working directory), or null. `summary.projects`
 * (`[{path, files, objects, skipped, errors, warnings, infos}]`) is present when the run was split
 * into projects. `caveats`, after
 * `diagnostics`, lists what the run cannot judge (kinds that decide traffic but are not modelled:
 * `{about, message, kinds, files}`); absent when there is none. When the config declares
 * reachability assertions, `assertions` follows `diagnostics`: `[{name, expect, status, detail}]`
 * in config order (status `pass`, `fail` or `error`); without assertions the key is absent. With a
 * baseline, `summary` also has `baselined` (findings left out) and `baselineUnmatched` (entries no
 * finding matched any more).
 */
export function formatJson(input: FormatInput): string {
  const { summary } = input;
  const body = {
    version: 1,
    summary: {
      files: summary.files,
      objects: summary.objects,
      skipped: summary.skipped,
      errors: summary.errors,
      warnings: summary.warnings,
      infos: summary.infos,
      config: summary.config ?? null,
      ...(summary.projects ? { projects: summary.projects.map((p) => ({ path: p.path, files: p.files, objects: p.objects, skipped: p.skipped, errors: p.errors, warnings: p.warnings, infos: p.infos })) } : {}),
      ...(input.baseline ? { baselined: input.baseline.baselined, baselineUnmatched: input.baseline.unmatched } : {}),
    },
    diagnostics: ordered(input.diagnostics).map((d) => {
      const start = positionAt(d.file, d.span.start);
      const end = positionAt(d.file, d.span.end);
      return {
        ruleId: d.ruleId,
        severity: d.severity,
        message: d.message,
        file: d.file.path,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        object: d.object ? { kind: d.object.kind, namespace: d.object.namespace, name: d.object.name } : null,
        related: d.related.map((r) => {
          const at = positionAt(r.file, r.span.start);
          return { file: r.file.path, line: at.line, column: at.column, message: r.message };
        }),
      };
    }),
    ...(summary.caveats && summary.caveats.length > 0 ? { caveats: summary.caveats.map(caveatJson) } : {}),
    ...(input.assertions && input.assertions.length > 0
      ? { assertions: input.assertions.map((a) => ({ name: a.name, expect: a.expect, status: a.status, detail: a.detail })) }
      : {}),
  };
  return `${jsonText(body, 2)}\n`;
}
