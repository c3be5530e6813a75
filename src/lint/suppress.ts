import { minimatch } from 'minimatch';
import type { Exemption } from '../config/types.ts';
import type { KubeObject, Model } from '../model/types.ts';
import { positionAt } from '../source/text.ts';
import type { SourceFile } from '../source/types.ts';

export const IGNORE_ANNOTATION = 'kube-netlint.io/ignore';
const DIRECTIVE = /#\s*kube-netlint-(disable-next-line|disable)\b([^\n]*)/g;
/** A line starting a new document (`---`) or ending one (`...`). */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r]|$)/gm;

interface Directive {
  readonly kind: 'disable-next-line' | 'disable';
  /** Rule ids; empty means every rule. */
  readonly rules: readonly string[];
  readonly line: number;
  /** For `disable`: the last line of the document it is in. */
  readonly untilLine: number;
}

function parseRuleList(text: string): string[] {
  return text
    .replace(/--.*$/, '') // allow `-- reason` after the ids, as ESLint does
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Decides whether a finding is suppressed by an annotation, a comment directive or a config
 * exemption. Directives are read from the text once per file, only when the file mentions them.
 */
export class Suppressions {
  private readonly directives = new Map<SourceFile, readonly Directive[]>();
  private readonly annotationRules = new Map<KubeObject, Set<string>>();

  constructor(model: Model, private readonly exemptions: readonly Exemption[]) {
    for (const doc of model.documents) {
      const found = directivesOf(doc.file);
      if (found.length > 0) this.directives.set(doc.file, found);
    }
    const annotate = (object: KubeObject, source: string | undefined) => {
      if (!source) return;
      let rules = this.annotationRules.get(object);
      if (!rules) this.annotationRules.set(object, (rules = new Set()));
      for (const id of parseRuleList(source)) rules.add(id);
    };
    for (const object of model.objects) annotate(object, object.annotations[IGNORE_ANNOTATION]);
    for (const workload of model.workloads) annotate(workload.object, workload.template.annotations[IGNORE_ANNOTATION]);
  }

  isSuppressed(ruleId: string, file: SourceFile, line: number, object: KubeObject | undefined): boolean {
    if (object) {
      const rules = this.annotationRules.get(object);
      if (rules && (rules.has(ruleId) || rules.has('*') || rules.has('all'))) return true;
      if (this.exemptions.some((e) => exemptionCovers(e, ruleId, object))) return true;
    }
    const directives = this.directives.get(file);
    if (!directives) return false;
    return directives.some((d) => {
      if (d.rules.length > 0 && !d.rules.includes(ruleId)) return false;
      return d.kind === 'disable-next-line' ? line === d.line + 1 : line >= d.line && line <= d.untilLine;
    });
  }
}

/** Files are immutable (and shared by the runs of an editing session), so each is searched for directives once. */
const directivesCache = new WeakMap<SourceFile, readonly Directive[]>();

/** The comment directives of a file, read from its text. */
function directivesOf(file: SourceFile): readonly Directive[] {
  let found = directivesCache.get(file);
  if (found) return found;
  const list: Directive[] = [];
  if (file.text.includes('kube-netlint-disable')) {
    for (const match of file.text.matchAll(DIRECTIVE)) {
      const offset = match.index ?? 0;
      list.push({
        kind: match[1] as Directive['kind'],
        rules: parseRuleList(match[2] ?? ''),
        line: positionAt(file, offset).line,
        untilLine: documentEndLine(file, offset),
      });
    }
  }
  directivesCache.set(file, (found = list));
  return found;
}

/**
 * The last line of the document holding `offset`: the line before the next `---` or `...` marker. Read
 * from the text, not the parser's ranges, which leave out comments before a document's first node.
 */
function documentEndLine(file: SourceFile, offset: number): number {
  DOCUMENT_MARKER.lastIndex = offset;
  const next = DOCUMENT_MARKER.exec(file.text);
  return next ? positionAt(file, next.index).line - 1 : Number.MAX_SAFE_INTEGER;
}

/** Whether a config exemption applies to a rule on an object. */
export function exemptionCovers(exemption: Exemption, ruleId: string, object: KubeObject): boolean {
  if (exemption.rules && !exemption.rules.includes(ruleId)) return false;
  if (exemption.kind && exemption.kind !== object.kind) return false;
  if (exemption.namespace && !minimatch(object.namespace, exemption.namespace)) return false;
  if (exemption.name && !minimatch(object.name, exemption.name)) return false;
  return true;
}
