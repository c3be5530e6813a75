import { sortDiagnostics } from '../lint/run.ts';
import type { Diagnostic, Severity } from '../lint/types.ts';
import type { Summary } from '../analyze.ts';

/** The diagnostics in the one stable order (file, position, rule, message), whatever order they came in. */
export function ordered(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return sortDiagnostics([...diagnostics]);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Counts shown by the text formats; recomputed from the diagnostics shown (e.g. after `--quiet`). */
export function countSeverities(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** `12 files, 30 objects (2 skipped)`. */
export function describeScope(summary: Summary): string {
  const skipped = summary.skipped > 0 ? ` (${summary.skipped} skipped)` : '';
  return `${plural(summary.files, 'file')}, ${plural(summary.objects, 'object')}${skipped}`;
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
