import { visibleText } from '../util/escape.ts';
import { sortDiagnostics } from '../lint/run.ts';
import type { Diagnostic, Severity } from '../lint/types.ts';
import type { Summary } from '../analyze.ts';

/** The diagnostics in the one stable order (file, position, rule, message), whatever order they came in. */
export function ordered(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return sortDiagnostics([...diagnostics]);
}

import { plural } from '../util/plural.ts';

export { plural };

/** Counts shown by the text formats; recomputed from the diagnostics shown (e.g. after `--quiet`). */
export function countSeverities(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** How many skipped inputs of each kind are named before the rest is counted. */
const SKIPPED_SHOWN = 4;

/** `12 files, 30 objects (3 skipped: 2 Certificate (cert-manager.io), 1 non-Kubernetes document)`. */
export function describeScope(summary: Summary): string {
  const kinds = summary.skippedKinds ?? [];
  const named = kinds.slice(0, SKIPPED_SHOWN).map((k) => (k.isKind ? `${k.count} ${visibleText(k.what)}` : plural(k.count, k.what)));
  const rest = kinds.slice(SKIPPED_SHOWN).reduce((sum, k) => sum + k.count, 0);
  if (rest > 0) named.push(`${rest} of ${kinds.length - SKIPPED_SHOWN} other kinds`);
  const skipped = summary.skipped > 0 ? ` (${summary.skipped} skipped${named.length > 0 ? `: ${named.join(', ')}` : ''})` : '';
  const projects = summary.projects ? ` in ${plural(summary.projects.length, 'project')} linted apart` : '';
  return `${plural(summary.files, 'file')}, ${plural(summary.objects, 'object')}${skipped}${projects}`;
}

/** The footer line naming the config file that applied: `config: .kube-netlint.yaml`, or that none did. */
export function describeConfig(config: string | null): string {
  return config === null ? 'config: none (no .kube-netlint.yaml found; the defaults apply)' : `config: ${visibleText(config)}`;
}

/**
 * The path editors and problem matchers open: absolute when known, else `./`-relative (VS Code's
 * stylish matcher needs a leading `.` or `/`); a stream such as `<stdin>` is no file and keeps its name.
 */
export function editorPath(file: { readonly path: string; readonly absPath: string }): string {
  if (/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(file.absPath)) return file.absPath;
  if (file.absPath.startsWith('<')) return file.path;
  return file.path.startsWith('.') || file.path.startsWith('/') ? file.path : `./${file.path}`;
}
