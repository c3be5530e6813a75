import type { Diagnostic, Severity } from '../lint/types.ts';
import { positionAt } from '../source/text.ts';
import { textLine, visibleText } from '../util/escape.ts';
import { ordered, plural } from './text.ts';
import type { FormatInput } from './types.ts';

/** GitHub shows at most this many annotations of each level per step and drops the rest. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** Where an annotation points, as `@actions/core`'s `error`/`warning`/`notice` take it. */
export interface AnnotationProperties {
  readonly title: string;
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly startColumn?: number;
  readonly endColumn?: number;
}

export interface Annotation {
  readonly severity: Severity;
  readonly message: string;
  readonly properties: AnnotationProperties;
}

export interface AnnotationPlan {
  readonly annotations: readonly Annotation[];
  /** Findings not annotated because their level already has the most GitHub shows, in order. */
  readonly dropped: readonly Diagnostic[];
}

/**
 * The annotations GitHub will show: one per finding on the field at fault, at most ten per level
 * (GitHub would drop the rest silently). Related locations go into the message, one a line. Both
 * `--format github` and the Action annotate from this plan.
 */
export function planAnnotations(diagnostics: readonly Diagnostic[]): AnnotationPlan {
  const perLevel: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const annotations: Annotation[] = [];
  const dropped: Diagnostic[] = [];
  for (const d of ordered(diagnostics)) {
    if (perLevel[d.severity] >= ANNOTATIONS_PER_LEVEL) {
      dropped.push(d);
      continue;
    }
    perLevel[d.severity]++;
    annotations.push({ severity: d.severity, message: messageOf(d), properties: propertiesOf(d) });
  }
  return { annotations, dropped };
}

/** The log line saying how many findings have no annotation. */
export function notAnnotatedNote(count: number): string {
  return `${plural(count, 'more finding')} ${count === 1 ? 'is' : 'are'} not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} per level)`;
}

function propertiesOf(d: Diagnostic): AnnotationProperties {
  const start = positionAt(d.file, d.span.start);
  const end = positionAt(d.file, d.span.end);
  const lines = { title: visibleText(d.ruleId), file: visibleText(d.file.path), startLine: start.line, endLine: end.line };
  // GitHub ignores columns on an annotation spanning several lines; give them only on one line.
  return start.line === end.line ? { ...lines, startColumn: start.column, endColumn: end.column } : lines;
}

/** The message and its related locations, one a line, each part visible text: the line breaks between them are the only ones. */
function messageOf(d: Diagnostic): string {
  const related = d.related.map((r) => {
    const at = positionAt(r.file, r.span.start);
    return `\nrelated: ${visibleText(r.file.path)}:${at.line}:${at.column} ${textLine(r.message)}`;
  });
  return textLine(d.message) + related.join('');
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * Escapes a workflow command's message, as the runner's `escapeData` (actions/toolkit core/command.ts);
 * its parts went through `visibleText` already (`planAnnotations`), its `\n` join them.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value: visible text on one line, then the runner's `escapeProperty`. */
export function escapeProperty(text: string): string {
  return escapeData(visibleText(text)).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands (`::error file=…::message`): the runner turns each into an
 * annotation on the pull request. The findings GitHub would not annotate follow as plain log lines.
 */
export function formatGithub(input: FormatInput): string {
  const plan = planAnnotations(input.diagnostics);
  const out = plan.annotations.map(({ severity, message, properties: p }) => {
    const properties = Object.entries({ file: p.file, line: p.startLine, col: p.startColumn, endLine: p.endLine, endColumn: p.endColumn, title: p.title })
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
      .join(',');
    return `::${COMMAND[severity]} ${properties}::${escapeData(message)}\n`;
  });
  if (plan.dropped.length > 0) {
    out.push(`${notAnnotatedNote(plan.dropped.length)}:\n`);
    for (const d of plan.dropped) {
      const { line, column } = positionAt(d.file, d.span.start);
      // Indented and starting with the severity: never read as a workflow command (`::`).
      out.push(`  ${d.severity} ${visibleText(d.file.path)}:${line}:${column} ${textLine(d.message)} (${d.ruleId})\n`);
    }
  }
  return out.join('');
}
