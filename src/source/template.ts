import { CST, Lexer } from 'yaml';


/**
 * The offset of the first Go template action (`{{ ... }}`, as in a Helm chart's templates/) that
 * stands where YAML would start a flow mapping: at the start of a line (`{{- if .Values.x }}`) or
 * as an unquoted value (`name: {{ include "app.name" . }}`). The YAML lexer sees those as two
 * adjacent `{` indicators, which no hand-written or rendered manifest contains.
 *
 * Template text that YAML reads as text is not matched, so rendered manifests that carry templates
 * of their own are linted: in comments, quoted strings (`description: "{{ $labels.job }} is down"` in
 * a PrometheusRule), block scalars (an Alertmanager template in a ConfigMap) and inside a plain value
 * (`summary: Instance {{ $labels.instance }} down`).
 */
export function templateActionOffset(text: string): number | undefined {
  // Lexing is slow next to the fast reader: only when `{{` starts a line's content or follows an indicator.
  if (!maybeFlowStart(text)) return undefined;
  let offset = 0;
  let previous = '';
  for (const lexeme of new Lexer().lex(text)) {
    // Control lexemes mark document, flow-error and scalar boundaries; they are not in the text.
    if (lexeme === CST.DOCUMENT || lexeme === CST.FLOW_END || lexeme === CST.SCALAR) continue;
    if (lexeme === '{' && previous === '{') return offset - 1;
    previous = lexeme;
    offset += lexeme.length;
  }
  return undefined;
}

/**
 * Whether some `{{` stands at the start of a line's content (after spaces and `- ` indicators) or
 * after an indicator (`:`, `,`, `[`, `{`, `?`) and spaces. Looks back from each `{{` over its line
 * only, in linear time (a regular expression with nested repetition overflowed the stack on a line
 * of millions of `- `).
 */
function maybeFlowStart(text: string): boolean {
  for (let at = text.indexOf('{{'); at !== -1; at = text.indexOf('{{', at + 1)) {
    let i = at - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    if (i < 0 || text[i] === '\n' || text[i] === '\r') return true;
    if (':,[{?'.includes(text[i]!)) return true;
    // `- - {{`: only dashes each followed by blanks back to the line start.
    while (i >= 0 && text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      i--;
      while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
      if (i < 0 || text[i] === '\n' || text[i] === '\r') return true;
    }
  }
  return false;
}
