import { resolve } from 'node:path';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Diagnostic } from '../lint/types.ts';
import { toLspDiagnostic, type ConvertContext } from './convert.ts';

/** A finding as the client sees it, with the fix it may carry and how to name its files. */
export interface Finding {
  readonly lsp: LspDiagnostic;
  readonly source: Diagnostic;
  readonly context: ConvertContext;
}

/** Where published diagnostics go: pushed (`textDocument/publishDiagnostics`), or a pull client told to ask again. */
export interface DiagnosticsSink {
  push(absPath: string, diagnostics: LspDiagnostic[]): void;
  refresh(): void;
}

/**
 * The findings of one analysis of a workspace, by file path. Skipped files carry their display path
 * only: it is relative to the workspace folder (`root`).
 */
export function findingsByFile(diagnostics: readonly Diagnostic[], root: string, context: Omit<ConvertContext, 'uriOf'>, uriOf: (absPath: string) => string): Map<string, Finding[]> {
  const pathOf = (file: { absPath: string }) => resolve(root, file.absPath);
  const converting: ConvertContext = { ...context, uriOf: (file) => uriOf(pathOf(file)) };
  const byFile = new Map<string, Finding[]>();
  for (const diagnostic of diagnostics) {
    const absPath = pathOf(diagnostic.file);
    let list = byFile.get(absPath);
    if (!list) byFile.set(absPath, (list = []));
    list.push({ lsp: toLspDiagnostic(diagnostic, converting), source: diagnostic, context: converting });
  }
  return byFile;
}

/**
 * What the client has been told: the findings of every workspace, and of each file what was last
 * sent. `publish` sends every file whose findings changed, an empty list when it became clean.
 * Diagnostics are pushed, unless the client pulls them (LSP 3.17): then each changed file gets a
 * new result id and the client is asked to refresh. Never both.
 */
export class Publisher<W> {
  private readonly byWorkspace = new Map<W, Map<string, Finding[]>>();
  private findings = new Map<string, Finding[]>();
  private readonly sent = new Map<string, string>();
  private readonly resultIds = new Map<string, string>();
  private resultCounter = 0;
  /** Opened documents to push diagnostics for at the next publication even when they are unchanged (clean). */
  private readonly announced = new Set<string>();
  private pull = false;
  private refreshSupport = false;

  constructor(private readonly sink: DiagnosticsSink) {}

  /** How the client takes diagnostics (initialize). */
  configure({ pull, refreshSupport }: { readonly pull: boolean; readonly refreshSupport: boolean }): void {
    this.pull = pull;
    this.refreshSupport = refreshSupport;
  }

  /** The latest findings of `workspace`, by file; sent at the next `publish`. */
  update(workspace: W, byFile: Map<string, Finding[]>): void {
    this.byWorkspace.set(workspace, byFile);
  }

  /** Drops a workspace (its folder was removed); its files are cleared at the next `publish`. */
  forget(workspace: W): void {
    this.byWorkspace.delete(workspace);
  }

  /** An opened document gets its diagnostics at the next publication, an empty list when clean: clients wait for them. */
  announce(absPath: string): void {
    this.announced.add(absPath);
  }

  /** Sends what changed since the last publication, file by file. */
  publish(): void {
    const next = new Map<string, Finding[]>();
    for (const byFile of this.byWorkspace.values()) {
      for (const [absPath, list] of byFile) next.set(absPath, [...(next.get(absPath) ?? []), ...list]);
    }
    const changed: string[] = [];
    for (const absPath of new Set([...this.sent.keys(), ...next.keys()])) {
      const text = JSON.stringify((next.get(absPath) ?? []).map((f) => f.lsp));
      if (text === (this.sent.get(absPath) ?? '[]')) continue;
      changed.push(absPath);
      if (next.has(absPath)) this.sent.set(absPath, text);
      else this.sent.delete(absPath);
    }
    this.findings = next;
    if (!this.pull) {
      for (const absPath of this.announced) if (!changed.includes(absPath)) changed.push(absPath);
    }
    this.announced.clear();
    if (this.pull) {
      for (const absPath of changed) this.resultIds.set(absPath, String(++this.resultCounter));
      if (changed.length > 0 && this.refreshSupport) this.sink.refresh();
    } else {
      for (const absPath of changed) this.sink.push(absPath, (next.get(absPath) ?? []).map((f) => f.lsp));
    }
  }

  /** The findings last published for a file. */
  findingsOf(absPath: string): readonly Finding[] {
    return this.findings.get(absPath) ?? [];
  }

  /** Files with findings last published. */
  files(): IterableIterator<string> {
    return this.findings.keys();
  }

  /** The result id of a file's findings as last published (pull mode); '0' before any. */
  resultIdOf(absPath: string): string {
    return this.resultIds.get(absPath) ?? '0';
  }
}
