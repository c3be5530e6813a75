import { oneLine } from './text.ts';

/**
 * Text for HTML content or a quoted attribute value: a manifest's names and label values must never
 * become markup, so every character with a meaning in HTML becomes a numeric character reference.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Text for one cell of a GitHub-flavoured Markdown table (or any inline Markdown): on one line, with
 * a backslash before every character that would start emphasis, code, a link or image, HTML or an
 * entity, strikethrough, GitHub's `$math$`, a cell break, a heading or list, or (in MDX and kramdown)
 * an expression: CommonMark 2.4 lets any ASCII punctuation be escaped so. Parentheses stay: they only
 * matter after a `]`, which is escaped.
 */
export function escapeMarkdownCell(text: string): string {
  return oneLine(text).replace(/[\\`*_{}[\]<>#+!|~&$]/g, (c) => `\\${c}`);
}

/**
 * A Markdown code span of `text` on one line: fenced by more backticks than any run inside it, as
 * CommonMark 6.1 allows (backslashes are literal in a code span, so nothing can be escaped). In a
 * table cell (`inTable`) a `|` is escaped even there, as GFM tables require. Empty text gives ''.
 */
export function markdownCode(text: string, inTable = false): string {
  const flat = oneLine(text);
  if (flat === '') return '';
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A span starting or ending with a backtick needs a space inside the fence; one space each side is stripped.
  const padded = /^`|`$/.test(flat) ? ` ${flat} ` : flat;
  const span = `${fence}${padded}${fence}`;
  return inTable ? span.replace(/\|/g, '\\|') : span;
}
