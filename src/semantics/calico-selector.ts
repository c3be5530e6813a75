/**
 * Calico's selector language (`selector`, `namespaceSelector`, `serviceAccountSelector` of Calico
 * policies), parsed and evaluated as libcalico-go does it (`lib/selector/tokenizer/tokenizer.go`,
 * `parser/parser.go`, `parser/ast.go`; facts in docs/research/policies.md §3.4). Pure: no model, no
 * positions beyond offsets into the selector text (the rule that reports a parse error maps the
 * offset into its YAML scalar).
 *
 * Grammar (lowest precedence first):
 *   selector  := <blank> | or EOF                  (blank selects everything, as `all()`)
 *   or        := and ( "||" and )*
 *   and       := operation ( "&&" operation )*
 *   operation := "!"* ( has(label) | all() | global() | label == "s" | label != "s" | label contains "s"
 *                | label starts with "s" | label ends with "s" | label (in|not in) { "s", ... [,] } | ( or ) )
 * Whitespace is space and tab only; string literals use ' or " and have no escapes; a label is
 * 1-512 of [a-zA-Z0-9_./-]; operator words are read only right after a label and need a word end.
 */
import type { Labels } from './selector.ts';

export type CalicoExpr =
  | { readonly op: 'all' }
  | { readonly op: 'global' }
  | { readonly op: 'has'; readonly label: string }
  | { readonly op: '==' | '!=' | 'contains' | 'starts with' | 'ends with'; readonly label: string; readonly value: string }
  | { readonly op: 'in' | 'not in'; readonly label: string; readonly values: readonly string[] }
  | { readonly op: 'not'; readonly expr: CalicoExpr }
  | { readonly op: 'and' | 'or'; readonly exprs: readonly CalicoExpr[] };

/** A parse error: what was expected, and the offset (UTF-16, into the selector text) where reading stopped. */
export interface CalicoSelectorError {
  readonly error: string;
  readonly offset: number;
}

export const CALICO_ALL: CalicoExpr = { op: 'all' };

const MAX_LABEL = 512;

type TokenKind =
  | 'label' | 'string' | '(' | ')' | '{' | '}' | ',' | '==' | '!=' | '!' | '&&' | '||'
  | 'in' | 'not in' | 'contains' | 'starts with' | 'ends with' | 'has' | 'all' | 'global' | 'eof';

interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly offset: number;
}

const isIdentChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 47 || c === 45;
const isSpace = (c: number) => c === 32 || c === 9;

class Fail extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  };
  const identAt = (at: number): number => {
    let end = at;
    while (end < text.length && isIdentChar(text.charCodeAt(end))) end++;
    if (end - at > MAX_LABEL) throw new Fail(`label too long (over ${MAX_LABEL} characters)`, at + MAX_LABEL);
    return end;
  };
  /** `word` at i followed by a non-identifier character. */
  const wordAt = (word: string) => text.startsWith(word, i) && !isIdentChar(text.charCodeAt(i + word.length));
  for (;;) {
    skipSpace();
    const start = i;
    if (i >= text.length) {
      tokens.push({ kind: 'eof', value: '', offset: i });
      return tokens;
    }
    const c = text[i]!;
    const push = (kind: TokenKind, length: number, value = '') => {
      tokens.push({ kind, value, offset: start });
      i += length;
    };
    switch (c) {
      case '(': case ')': case '{': case '}': case ',':
        push(c, 1);
        continue;
      case '"': case "'": {
        const close = text.indexOf(c, i + 1);
        if (close < 0) throw new Fail('unterminated string', i);
        push('string', close + 1 - i, text.slice(i + 1, close));
        continue;
      }
      case '=':
        if (text[i + 1] !== '=') throw new Fail('expected "==" (a single "=" is not an operator)', i);
        push('==', 2);
        continue;
      case '!':
        if (text[i + 1] === '=') push('!=', 2);
        else push('!', 1);
        continue;
      case '&':
        if (text[i + 1] !== '&') throw new Fail('expected "&&"', i);
        push('&&', 2);
        continue;
      case '|':
        if (text[i + 1] !== '|') throw new Fail('expected "||"', i);
        push('||', 2);
        continue;
    }
    if (tokens.at(-1)?.kind === 'label') {
      // Operator words are read only after a label (so a label may be named "contains").
      const two = (first: string, second: string, kind: TokenKind): boolean => {
        if (!text.startsWith(first, i)) return false;
        let j = i + first.length;
        while (j < text.length && isSpace(text.charCodeAt(j))) j++;
        if (!text.startsWith(second, j) || isIdentChar(text.charCodeAt(j + second.length))) return false;
        tokens.push({ kind, value: '', offset: start });
        i = j + second.length;
        return true;
      };
      if (wordAt('contains')) push('contains', 'contains'.length);
      else if (two('starts', 'with', 'starts with') || two('ends', 'with', 'ends with') || two('not', 'in', 'not in')) {
        // read
      } else if (wordAt('in')) push('in', 2);
      else throw new Fail('expected an operator after a label (==, !=, in, not in, contains, starts with, ends with)', i);
      continue;
    }
    for (const [name, kind] of [['has', 'has'], ['all', 'all'], ['global', 'global']] as const) {
      if (!text.startsWith(`${name}(`, i)) continue;
      i += name.length + 1;
      skipSpace();
      let value = '';
      if (kind === 'has') {
        const end = identAt(i);
        if (end === i) throw new Fail('expected a label name in has(...)', i);
        value = text.slice(i, end);
        i = end;
        skipSpace();
      }
      if (text[i] !== ')') throw new Fail(`expected ")" to close ${name}(`, i);
      i++;
      tokens.push({ kind, value, offset: start });
      break;
    }
    if (i !== start) continue;
    const end = identAt(i);
    if (end === i) throw new Fail(`unexpected character "${c}"`, i);
    push('label', end - i, text.slice(i, end));
  }
}

/** Parentheses nested deeper than this are refused rather than read by recursion that could exhaust the stack (hostile input). */
const MAX_NESTING = 256;

class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    return this.tokens[this.at++]!;
  }

  parseAll(): CalicoExpr {
    if (this.peek().kind === 'eof') return CALICO_ALL;
    const expr = this.or();
    const rest = this.peek();
    if (rest.kind !== 'eof') throw new Fail(`unexpected ${describe(rest)} at the end of the selector`, rest.offset);
    return expr;
  }

  private or(): CalicoExpr {
    const exprs = [this.and()];
    while (this.peek().kind === '||') {
      this.next();
      exprs.push(this.and());
    }
    return exprs.length === 1 ? exprs[0]! : { op: 'or', exprs };
  }

  private and(): CalicoExpr {
    const exprs = [this.operation()];
    while (this.peek().kind === '&&') {
      this.next();
      exprs.push(this.operation());
    }
    return exprs.length === 1 ? exprs[0]! : { op: 'and', exprs };
  }

  private operation(): CalicoExpr {
    let negations = 0;
    while (this.peek().kind === '!') {
      this.next();
      negations++;
    }
    const expr = this.term();
    return negations % 2 === 1 ? { op: 'not', expr } : expr;
  }

  private term(): CalicoExpr {
    const token = this.next();
    switch (token.kind) {
      case 'has':
        return { op: 'has', label: token.value };
      case 'all':
        return CALICO_ALL;
      case 'global':
        return { op: 'global' };
      case '(': {
        if (++this.depth > MAX_NESTING) throw new Fail(`parentheses nested more than ${MAX_NESTING} deep`, token.offset);
        const expr = this.or();
        this.depth--;
        const close = this.next();
        if (close.kind !== ')') throw new Fail(`expected ")" but found ${describe(close)}`, close.offset);
        return expr;
      }
      case 'label': {
        const operator = this.next();
        switch (operator.kind) {
          case '==': case '!=': case 'contains': case 'starts with': case 'ends with':
            return { op: operator.kind, label: token.value, value: this.string() };
          case 'in': case 'not in':
            return { op: operator.kind, label: token.value, values: this.set() };
          default:
            throw new Fail(`expected an operator after label "${token.value}" but found ${describe(operator)}`, operator.offset);
        }
      }
      default:
        throw new Fail(`expected a label, has(...), all(), global(), "!" or "(" but found ${describe(token)}`, token.offset);
    }
  }

  private string(): string {
    const token = this.next();
    if (token.kind !== 'string') throw new Fail(`expected a quoted string but found ${describe(token)}`, token.offset);
    return token.value;
  }

  private set(): string[] {
    const open = this.next();
    if (open.kind !== '{') throw new Fail(`expected a set literal {"a", "b"} but found ${describe(open)}`, open.offset);
    const values: string[] = [];
    // parser.go: members separated by commas, a trailing comma allowed, the empty set allowed.
    for (;;) {
      const token = this.next();
      if (token.kind === '}') return values;
      if (token.kind !== 'string') throw new Fail(`expected a quoted string or "}" in the set but found ${describe(token)}`, token.offset);
      values.push(token.value);
      const after = this.next();
      if (after.kind === '}') return values;
      if (after.kind !== ',') throw new Fail(`expected "," or "}" in the set but found ${describe(after)}`, after.offset);
    }
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the selector';
    case 'label':
      return `label "${token.value}"`;
    case 'string':
      return `string "${token.value}"`;
    case 'has':
      return `has(${token.value})`;
    case 'all': case 'global':
      return `${token.kind}()`;
    default:
      return `"${token.kind}"`;
  }
}

/** Parses a Calico selector; an error gives its offset in `text`. */
export function parseCalicoSelector(text: string): CalicoExpr | CalicoSelectorError {
  try {
    return new Parser(tokenize(text)).parseAll();
  } catch (error) {
    if (error instanceof Fail) return { error: error.reason, offset: Math.min(error.offset, text.length) };
    throw error;
  }
}

export function isCalicoSelectorError(value: CalicoExpr | CalicoSelectorError): value is CalicoSelectorError {
  return 'error' in value;
}

/** Whether `labels` satisfy the expression (ast.go semantics: `!=` and `not in` also match an absent label). */
export function matchesCalico(expr: CalicoExpr, labels: Labels): boolean {
  switch (expr.op) {
    case 'all':
    case 'global':
      return true;
    case 'has':
      return Object.hasOwn(labels, expr.label);
    case '==':
      return Object.hasOwn(labels, expr.label) && labels[expr.label] === expr.value;
    case '!=':
      return !Object.hasOwn(labels, expr.label) || labels[expr.label] !== expr.value;
    case 'contains':
      return Object.hasOwn(labels, expr.label) && labels[expr.label]!.includes(expr.value);
    case 'starts with':
      return Object.hasOwn(labels, expr.label) && labels[expr.label]!.startsWith(expr.value);
    case 'ends with':
      return Object.hasOwn(labels, expr.label) && labels[expr.label]!.endsWith(expr.value);
    case 'in':
      return Object.hasOwn(labels, expr.label) && expr.values.includes(labels[expr.label]!);
    case 'not in':
      return !Object.hasOwn(labels, expr.label) || !expr.values.includes(labels[expr.label]!);
    case 'not':
      return !matchesCalico(expr.expr, labels);
    case 'and':
      return expr.exprs.every((e) => matchesCalico(e, labels));
    case 'or':
      return expr.exprs.some((e) => matchesCalico(e, labels));
  }
}

/** A string literal as Calico prints it: double quotes unless the value holds one. */
function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

/**
 * The canonical text (ast.go `String()`): `&&` and `||` groups in parentheses except at the top,
 * sets sorted and de-duplicated, `all()` for the empty selector. Parsing it gives an equal expression.
 */
export function printCalico(expr: CalicoExpr, top = true): string {
  switch (expr.op) {
    case 'all':
    case 'global':
      return `${expr.op}()`;
    case 'has':
      return `has(${expr.label})`;
    case 'in':
    case 'not in':
      return `${expr.label} ${expr.op} {${[...new Set(expr.values)].sort().map(quote).join(', ')}}`;
    case 'not':
      // The parser folds a run of "!" by parity, so a double negation prints as its operand.
      return expr.expr.op === 'not' ? printCalico(expr.expr.expr, top) : `!${printCalico(expr.expr, false)}`;
    case 'and':
    case 'or': {
      const text = expr.exprs.map((e) => printCalico(e, false)).join(expr.op === 'and' ? ' && ' : ' || ');
      return top ? text : `(${text})`;
    }
    default:
      return `${expr.label} ${expr.op} ${quote(expr.value)}`;
  }
}

/** Whether the expression selects every label set (`all()`, blank, `global()`, or a conjunction of them). */
export function selectsEverything(expr: CalicoExpr): boolean {
  if (expr.op === 'all' || expr.op === 'global') return true;
  if (expr.op === 'and') return expr.exprs.every(selectsEverything);
  return false;
}

/** The label keys the expression reads. */
export function calicoLabelKeys(expr: CalicoExpr, into = new Set<string>()): Set<string> {
  switch (expr.op) {
    case 'all':
    case 'global':
      break;
    case 'not':
      calicoLabelKeys(expr.expr, into);
      break;
    case 'and':
    case 'or':
      for (const e of expr.exprs) calicoLabelKeys(e, into);
      break;
    default:
      into.add(expr.label);
  }
  return into;
}

/** Whether `global()` appears anywhere (it is meaningful only as a whole namespaceSelector). */
export function mentionsGlobal(expr: CalicoExpr): boolean {
  if (expr.op === 'global') return true;
  if (expr.op === 'not') return mentionsGlobal(expr.expr);
  if (expr.op === 'and' || expr.op === 'or') return expr.exprs.some(mentionsGlobal);
  return false;
}
