/**
 * Hostile text for output tests and the checks an output must pass with it: what a terminal, a
 * GitHub runner, a spreadsheet or a Markdown renderer would act on.
 */

/**
 * A name, label value or file name that tries everything at once: a line break followed by a GitHub
 * workflow command, the v1 command form, a terminal title and screen clear, BEL, C1 (NEL, CSI), a
 * bidi override and isolate, a zero-width space, a Markdown mention, issue reference and autolinks,
 * table and label breakers, HTML, and a spreadsheet formula.
 */
export const EVIL =
  'x\n::error file=x.yaml,line=1::FORGED \u001b]0;pwned\u0007\u001b[2J ##[warning]V1FORGED \u0085\u009b31m @octocat #1 https://evil.test www.evil.test "] ` | <b>bold</b> \u202eevil\u2066 zero\u200bwidth';

/** A spreadsheet formula for the start of a cell (a namespace, so that a node id starts with it). */
export const FORMULA = '=HYPERLINK("http://evil.test")';

/** A YAML double-quoted scalar holding `text` exactly, with every character outside printable ASCII escaped. */
export function yamlString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Characters a terminal, log viewer or editor would obey or hide; output may hold tab and line feed (and CR, for CSV) only. */
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

/** The first hidden character of `text` (allowing the SGR colour codes `allowSgr` permits), or undefined. */
export function hiddenCharacter(text: string, allowSgr = false): string | undefined {
  const stripped = allowSgr ? text.replace(/\u001b\[\d+m/g, '') : text;
  // A word joiner is what markdownText inserts on purpose; it is checked separately.
  const match = HIDDEN.exec(stripped.replace(/\u2060/g, ''));
  return match ? `U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${JSON.stringify(stripped.slice(Math.max(0, match.index - 20), match.index + 20))}` : undefined;
}

/** The commands GitHub's runner registers (actions/runner ActionCommandManager and its extensions). */
const RUNNER_COMMANDS = new Set(['error', 'warning', 'notice', 'debug', 'group', 'endgroup', 'echo', 'add-mask', 'add-matcher', 'remove-matcher', 'set-output', 'save-state', 'set-env', 'add-path', 'stop-commands', 'internal-set-repo-path']);

/**
 * The workflow commands GitHub's runner would find in `output`, read line by line as it does
 * (actions/runner ActionCommand.TryParseV2, TryParse): `::name ...::data` at the start of a line
 * after blanks, `##[name ...]data` anywhere in it; names case-insensitive.
 */
export function runnerCommands(output: string): { readonly line: string; readonly command: string }[] {
  const found: { line: string; command: string }[] = [];
  for (const line of output.split(/\r?\n/)) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('::')) {
      const end = trimmed.indexOf('::', 2);
      if (end >= 0) {
        const name = trimmed.slice(2, end).split(' ')[0]!.toLowerCase();
        if (RUNNER_COMMANDS.has(name)) {
          found.push({ line, command: name });
          continue;
        }
      }
    }
    for (let at = line.indexOf('##['); at >= 0; at = line.indexOf('##[', at + 1)) {
      const end = line.indexOf(']', at);
      if (end < 0) break;
      const name = line.slice(at + 3, end).split(' ')[0]!.toLowerCase();
      if (RUNNER_COMMANDS.has(name)) {
        found.push({ line, command: name });
        break;
      }
    }
  }
  return found;
}

/** Markdown with its code spans removed: what is left is rendered as text, autolinked and mentioned. */
export function outsideCodeSpans(markdown: string): string {
  return markdown.replace(/(`+)(?!`)([^]*?[^`])\1(?!`)/g, '');
}
