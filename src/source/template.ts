import { CST, Lexer } from 'yaml';

const MAYBE_FLOW_START = /(?:^[ \t]*(?:-[ \t]+)*|[:,[{?][ \t]*)\{\{/m;

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
  if (!MAYBE_FLOW_START.test(text)) return undefined;
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
