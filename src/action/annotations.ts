import { ordered } from '../format/text.ts';
import type { Diagnostic, Severity } from '../lint/types.ts';
import { positionAt } from '../source/text.ts';

/** GitHub shows at most this many annotations of each level per step and drops the rest. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** The properties `@actions/core`'s `error`/`warning`/`notice` take. */
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
  /** Findings not annotated because their level already has the most GitHub shows. */
  readonly dropped: number;
}

/**
 * One annotation per finding on the field at fault, at most ten per level (GitHub would drop the
 * rest silently; the summary and SARIF carry them). Related locations go into the message.
 */
export function planAnnotations(diagnostics: readonly Diagnostic[]): AnnotationPlan {
  const perLevel: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const annotations: Annotation[] = [];
  let dropped = 0;
  for (const d of ordered(diagnostics)) {
    if (perLevel[d.severity] >= ANNOTATIONS_PER_LEVEL) {
      dropped++;
      continue;
    }
    perLevel[d.severity]++;
    annotations.push({ severity: d.severity, message: messageOf(d), properties: propertiesOf(d) });
  }
  return { annotations, dropped };
}

function propertiesOf(d: Diagnostic): AnnotationProperties {
  const start = positionAt(d.file, d.span.start);
  const end = positionAt(d.file, d.span.end);
  const lines = { title: d.ruleId, file: d.file.path, startLine: start.line, endLine: end.line };
  // GitHub ignores columns on an annotation spanning several lines; give them only on one line.
  return start.line === end.line ? { ...lines, startColumn: start.column, endColumn: end.column } : lines;
}

function messageOf(d: Diagnostic): string {
  const related = d.related.map((r) => {
    const at = positionAt(r.file, r.span.start);
    return `\nrelated: ${r.file.path}:${at.line}:${at.column} ${r.message}`;
  });
  return d.message + related.join('');
}
