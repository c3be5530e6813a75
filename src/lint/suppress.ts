import type { Exemption } from '../config/types.ts';
import type { KubeObject, Model } from '../model/types.ts';
import { commentsOf } from '../source/comments.ts';
import { compileGlob } from '../source/globs.ts';
import { positionAt } from '../source/text.ts';
import type { SourceFile, Span } from '../source/types.ts';
import { isRenderedStream } from '../source/rendered.ts';

export const IGNORE_ANNOTATION = 'kube-netlint.io/ignore';
/** The directive names that exist, as ESLint's eslint-disable-next-line, eslint-disable-line and eslint-disable. */
export const DIRECTIVE_KINDS = ['disable-next-line', 'disable-line', 'disable'] as const;
export type DirectiveKind = (typeof DIRECTIVE_KINDS)[number];
/** What a comment that is a directive starts with, after its `#` and blanks. */
const PREFIX = 'kube-netlint-';
/** Rule lists that stand for every rule, as in the annotation. */
const EVERY_RULE: ReadonlySet<string> = new Set(['*', 'all']);
/** A line starting a new document (`---`) or ending one (`...`). */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r]|$)/gm;

/** A rule id as written in a directive, with its place in the file (for reporting an unknown id there). */
export interface DirectiveRule {
  readonly id: string;
  readonly span: Span;
}

/** A `# kube-netlint-...` comment. */
export interface Directive {
  /** The directive, or undefined when `name` is not one (a misspelling). */
  readonly kind: DirectiveKind | undefined;
  /** The word after `kube-netlint-`, as written. */
  readonly name: string;
  /** Where `kube-netlint-<name>` is. */
  readonly span: Span;
  /** Rule ids; empty means every rule. */
  readonly rules: readonly DirectiveRule[];
  readonly line: number;
  /** For `disable`: the last line of the document it is in. */
  readonly untilLine: number;
}

/** The rule ids of a list, with their offsets in `text`; `-- reason` (as ESLint) or a further `#` ends the list. */
function parseRuleList(text: string, offset = 0): DirectiveRule[] {
  const end = text.search(/--|#/);
  const list = end < 0 ? text : text.slice(0, end);
  return [...list.matchAll(/[^\s,]+/g)].map((m) => ({ id: m[0], span: { start: offset + m.index!, end: offset + m.index! + m[0].length } }));
}

/** Whether a directive's rule list (empty: every rule) covers a rule. */
function covers(rules: readonly DirectiveRule[], ruleId: string): boolean {
  return rules.length === 0 || rules.some((r) => r.id === ruleId || EVERY_RULE.has(r.id));
}

/** The rule ids of an ignore annotation value (`"rule-a, rule-b"`). */
export function annotationRuleIds(value: string): string[] {
  return parseRuleList(value).map((r) => r.id);
}

/** Whether an id written in a directive or annotation is a rule of `known` or a wildcard (`*`, `all`). */
export function isKnownRuleId(id: string, known: ReadonlySet<string>): boolean {
  return known.has(id) || EVERY_RULE.has(id);
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
      for (const id of annotationRuleIds(source)) rules.add(id);
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
    // A finding of a rendered document sits in its source file (a template, a base), which is no
    // document of the model: its directives are read when a finding lands there.
    const directives = this.directives.get(file) ?? (isRenderedStream(file) ? undefined : directivesOf(file));
    if (!directives || directives.length === 0) return false;
    return directives.some((d) => {
      if (!covers(d.rules, ruleId)) return false;
      switch (d.kind) {
        case 'disable-next-line':
          return line === d.line + 1;
        case 'disable-line':
          return line === d.line;
        case 'disable':
          return line >= d.line && line <= d.untilLine;
        default:
          return false; // a misspelt directive suppresses nothing (the suppression rule reports it)
      }
    });
  }
}

/** Files are immutable (and shared by the runs of an editing session), so each is searched for directives once. */
// Weak, by file: the directives live as long as the file (its run, or its text in the editor).
const directivesCache = new WeakMap<SourceFile, readonly Directive[]>();

/**
 * Whether `file` is known to hold no directive (the `--cache` records it beside each file's parse):
 * true when searched (or noted) and none found, false when some were, undefined when not searched yet
 * (asking `directivesOf` would read the text).
 */
export function knownWithoutDirectives(file: SourceFile): boolean | undefined {
  const found = directivesCache.get(file);
  return found && found.length === 0;
}

/**
 * Records that `file` holds no directive, as the `--cache` knows from its content's digest, so that
 * `directivesOf` need not read a text the run did not read.
 */
export function noteWithoutDirectives(file: SourceFile): void {
  if (!directivesCache.has(file)) directivesCache.set(file, []);
}

/**
 * The comment directives of a file (misspelt ones included, with no `kind`): comments, as the YAML
 * reader finds them, that start with `kube-netlint-`. A `#` inside a string or a block scalar (an
 * annotation value `https://wiki/x#kube-netlint-disable`, a script in a ConfigMap) is no comment and
 * suppresses nothing.
 */
export function directivesOf(file: SourceFile): readonly Directive[] {
  let found = directivesCache.get(file);
  if (found) return found;
  const list: Directive[] = [];
  const text = file.text;
  if (text.includes(PREFIX)) {
    for (const comment of commentsOf(file)) {
      const directive = directiveAt(file, comment);
      if (directive) list.push(directive);
    }
  }
  directivesCache.set(file, (found = list));
  return found;
}

/**
 * The directive of the comment at `comment` (its `#`), if it is one. The whole word after
 * `kube-netlint-` is taken, so a misspelt `disable-lines`, `disabel-next-line` (or an `enable`, which
 * does not exist) is recognised as unknown instead of being ignored or read as `disable` followed by
 * rule ids. Scanned by hand: a comment line may be megabytes long.
 */
function directiveAt(file: SourceFile, comment: number): Directive | undefined {
  const text = file.text;
  let i = comment;
  while (text.charCodeAt(i) === 35) i++;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  if (!text.startsWith(PREFIX, i)) return undefined;
  const start = i;
  i += PREFIX.length;
  // A word, then more words each after one `-`.
  const nameStart = i;
  if (!isWordChar(text.charCodeAt(i))) return undefined;
  while (isWordChar(text.charCodeAt(i))) i++;
  while (text.charCodeAt(i) === 45 && isWordChar(text.charCodeAt(i + 1))) {
    i++;
    while (isWordChar(text.charCodeAt(i))) i++;
  }
  const name = text.slice(nameStart, i);
  let lineEnd = text.indexOf('\n', i);
  if (lineEnd === -1) lineEnd = text.length;
  const cr = text.indexOf('\r', i);
  if (cr !== -1 && cr < lineEnd) lineEnd = cr;
  return {
    kind: (DIRECTIVE_KINDS as readonly string[]).includes(name) ? (name as DirectiveKind) : undefined,
    name,
    span: { start, end: i },
    rules: parseRuleList(text.slice(i, lineEnd), i),
    line: positionAt(file, start).line,
    untilLine: documentEndLine(file, start),
  };
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
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
  if (exemption.namespace && !compileGlob(exemption.namespace)(object.namespace)) return false;
  if (exemption.name && !compileGlob(exemption.name)(object.name)) return false;
  return true;
}
