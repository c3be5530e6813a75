import type { CodeAction, Diagnostic as LspDiagnostic, DiagnosticSeverity, TextEdit as LspTextEdit } from 'vscode-languageserver';
import { ruleDocUrl } from '../util/doc-urls.ts';
import { textLine } from '../util/escape.ts';
import type { Diagnostic, Fix, Severity } from '../lint/types.ts';
import type { SourceFile } from '../source/types.ts';
import { toLspRange, type PositionEncoding } from './positions.ts';

export const SOURCE = 'kube-netlint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, info: 3 };

/** How a conversion names files: the URI to use for a source file. */
export interface ConvertContext {
  readonly encoding: PositionEncoding;
  readonly uriOf: (file: SourceFile) => string;
  /** Ids of real rules (those with a doc page); config findings have none. */
  readonly ruleIds: ReadonlySet<string>;
}

/** An LSP diagnostic: rule id as `code` linking to its doc, related locations on the other objects. */
export function toLspDiagnostic(diagnostic: Diagnostic, context: ConvertContext): LspDiagnostic {
  const { encoding, uriOf } = context;
  return {
    range: toLspRange(diagnostic.file, diagnostic.span, encoding),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.ruleId,
    ...(context.ruleIds.has(diagnostic.ruleId) ? { codeDescription: { href: ruleDocUrl(diagnostic.ruleId) } } : {}),
    source: SOURCE,
    // Editors show messages as they are: a control or bidi character quoted from a manifest is shown, not obeyed.
    message: textLine(diagnostic.message),
    ...(diagnostic.related.length > 0
      ? {
          relatedInformation: diagnostic.related.map((r) => ({
            location: { uri: uriOf(r.file), range: toLspRange(r.file, r.span, encoding) },
            message: textLine(r.message),
          })),
        }
      : {}),
  };
}

/** A quick fix for a diagnostic that carries a certain fix. */
export function toCodeAction(fix: Fix, diagnostic: LspDiagnostic, context: ConvertContext): CodeAction {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of fix.edits) {
    (changes[context.uriOf(edit.file)] ??= []).push({ range: toLspRange(edit.file, edit.span, context.encoding), newText: edit.newText });
  }
  return { title: fix.description, kind: 'quickfix', diagnostics: [diagnostic], isPreferred: true, edit: { changes } };
}
