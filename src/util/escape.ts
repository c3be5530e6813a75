/**
 * How text that comes from input is written, one policy per kind of output. Names, label values,
 * file paths and messages quoting them are whatever the files say (the tool reads what Kubernetes
 * would refuse), so every formatter writes them through the function of its output kind, and only
 * through it:
 *
 * | output | function | what it guarantees |
 * | --- | --- | --- |
 * | terminal and log text (stylish, compact, reach table, diff and explain text, stderr) | `visibleText`, `textLine` | no control character reaches the terminal; a name never starts a new line; no GitHub workflow command is formed |
 * | GitHub workflow commands (`--format github`, the Action's annotations) | `visibleText` per part (`planAnnotations`), then `escapeData`, `escapeProperty` (github.ts) | the above, then the runner's own escaping |
 * | CSV | `csvCell` | the above; no cell a spreadsheet runs as a formula |
 * | Markdown | `markdownCode`, `markdownText` | the above; no markup, mention, issue reference or autolink |
 * | Mermaid | `mermaidText` | the above; nothing leaves the quoted label |
 * | Graphviz DOT | `dotString` | the above; one quoted string, no label escape (`\N`) |
 * | HTML | `escapeHtml` | the above; no markup |
 * | XML (JUnit, checkstyle) | `xmlText` | the above; no markup, and only characters XML 1.0 allows |
 * | JSON data inside an HTML page (`<script type="application/json">`) | `htmlScriptJson` | `jsonText`, and no `<`, `>` or `&` in the bytes, so nothing ends the script element |
 * | JSON and SARIF | `jsonText` | the exact values (JSON escapes decode to them), with the same characters escaped in the bytes |
 *
 * "Visible" means written as an escape (`\x1b`, `\n`, `\u202e`) in place of the character: control
 * characters (C0, DEL, C1: cursor moves, colours, the terminal's title, clearing the screen), the
 * characters that reorder or hide text (bidirectional overrides, embeddings, isolates and marks,
 * zero-width characters, invisible tag characters), line and paragraph separators, and lone surrogates.
 */

/** Every character that changes how the text around it is shown instead of showing itself. */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}\ud800-\udfff]/gu;
const HIDDEN_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}\ud800-\udfff]/gu;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeOf(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0)!;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code > 0xffff) return `\\u{${code.toString(16)}}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * GitHub's runner reads every line of a step's output for workflow commands: `##[command]` anywhere
 * in a line, `::command ...::` at its start (after blanks). The commands a runner knows all contain a
 * letter an IPv6 address lacks, so addresses (`::ffff:...`) stay as they are.
 */
const WORKFLOW_V1 = /##\[/g;
const WORKFLOW_V2 = /^(\s*):(?=:(?:error|warning|notice|debug|group|endgroup|echo|add-mask|add-matcher|remove-matcher|set-output|save-state|set-env|add-path|stop-commands|internal-set-repo-path)(?:\s|::))/i;

/**
 * Text from input for a terminal or a log, on one line: hidden characters made visible (`\x1b`, `\n`,
 * `\u202e`), and what a CI runner would take for a workflow command defused (`#\x23[`, `\x3a:error`).
 * `keepTabs` keeps tabs (a source line shown in a code frame, indented with them).
 */
export function visibleText(text: string, keepTabs = false): string {
  return text
    .replace(keepTabs ? HIDDEN_BUT_TAB : HIDDEN, escapeOf)
    .replace(WORKFLOW_V1, '#\\x23[')
    .replace(WORKFLOW_V2, '$1\\x3a');
}

/**
 * A message on one line for text reports: `visibleText` with runs of spaces made one (line-based
 * consumers such as `$eslint-stylish` end the message at two spaces) and no blanks around it.
 */
export function textLine(text: string): string {
  return visibleText(text).replace(/ {2,}/g, ' ').trim();
}

/**
 * One CSV field (RFC 4180): visible text; a field a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP advises; quoted when
 * it holds a quote or a comma.
 */
export function csvCell(text: string): string {
  const visible = /^[=+\-@\t\r]/.test(text) ? `'${visibleText(text)}` : visibleText(text);
  return /[",]/.test(visible) ? `"${visible.replace(/"/g, '""')}"` : visible;
}

/**
 * Free text (a message quoting values) for Markdown, on one line: visible, a backslash before every
 * character that would start emphasis, code, a link or image, HTML or an entity, strikethrough, math,
 * a table cell break, a heading or list (CommonMark 2.4 lets any ASCII punctuation be escaped so); and
 * a word joiner (U+2060, invisible) after `@` and `#` and inside `://`, `www.` and `GH-`, so GitHub
 * makes no mention, issue reference or autolink of a value. Names alone are better as `markdownCode`.
 */
export function markdownText(text: string): string {
  return textLine(text)
    .replace(/[\\`*_{}[\]<>#+!|~&$]/g, (c) => `\\${c}`)
    .replace(/[@#]/g, (c) => `${c}\u2060`)
    .replace(/:\/\//g, ':\u2060//')
    .replace(/\b(www|gh)([.-])/gi, '$1\u2060$2');
}

/**
 * A Markdown code span of `text` on one line (visible text): fenced by more backticks than any run
 * inside it, as CommonMark 6.1 allows (backslashes are literal in a code span, so nothing can be
 * escaped, and nothing in it is a link, mention or reference). In a table cell (`inTable`) a `|` is
 * escaped even there, as GFM tables require. Empty text gives ''.
 */
export function markdownCode(text: string, inTable = false): string {
  const flat = visibleText(text);
  if (flat === '') return '';
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // A span starting or ending with a backtick needs a space inside the fence; one space each side is stripped.
  const padded = /^`|`$/.test(flat) ? ` ${flat} ` : flat;
  const span = `${fence}${padded}${fence}`;
  return inTable ? span.replace(/\|/g, '\\|') : span;
}

/**
 * Mermaid label text (inside `["..."]` or `|"..."|`): visible text, then anything but plain characters
 * as an entity code (`#35;`), so no name can end the label, start markup or break the diagram.
 */
export function mermaidText(text: string): string {
  return visibleText(text).replace(/[^A-Za-z0-9 ./:\-_[\]{}=,;*]/gu, (c) => `#${c.codePointAt(0)};`);
}

/** A Graphviz DOT quoted string: visible text with `\` and `"` escaped, so a label shows the text as it is (no `\N`, `\G` escapes). */
export function dotString(text: string): string {
  return `"${visibleText(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Text for HTML content or a quoted attribute value: visible text in which every character with a
 * meaning in HTML becomes a numeric character reference.
 */
export function escapeHtml(text: string): string {
  return visibleText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Text for XML content or a quoted attribute value (JUnit, checkstyle): `escapeHtml`'s guarantees, and
 * U+FFFE and U+FFFF, which XML 1.0 forbids (section 2.2) and `visibleText` leaves, written as escapes:
 * a name holding one must not make the whole report unreadable to its consumer.
 */
export function xmlText(text: string): string {
  return escapeHtml(text).replace(/[\ufffe\uffff]/g, escapeOf);
}

/** What `JSON.stringify` leaves as is but a terminal or a CI log would act on. */
const JSON_HIDDEN = /[\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/g;

/**
 * `JSON.stringify` whose bytes are as inert as the other outputs' while the values stay exact: the
 * hidden characters JSON allows raw are written as `\u` escapes, and `##[` as `#\u0023[`, which a JSON
 * reader decodes to the same string. (They can only occur inside strings: JSON's own syntax is ASCII.)
 */
export function jsonText(value: unknown, indent?: number): string {
  const unit = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
  return JSON.stringify(value, null, indent)
    .replace(JSON_HIDDEN, (c) => c.split('').map((unitChar) => unit(unitChar.charCodeAt(0))).join(''))
    .replace(/##\[/g, '#\\u0023[');
}

/**
 * JSON for a `<script type="application/json">` element of an HTML page: `jsonText`, with `<`, `>`
 * and `&` written as `\u` escapes (decoded to the same values), so no value can end the element
 * (`</script>`) or open a comment (`<!--`) whatever it holds.
 */
export function htmlScriptJson(value: unknown): string {
  return jsonText(value).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
