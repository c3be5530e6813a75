/**
 * Where the `yaml` library reads differently from kubectl's reader (go-yaml v2) on input both accept
 * or kubectl alone accepts, the text is adjusted before the library reads it, in ways that change no
 * value: offsets either stay (same-length edits) or are mapped back (inserted indentation).
 */

/** How a line of a YAML text starts, as far as block structure goes. */
export const enum LineKind {
  Blank,
  /** A comment line in block context. */
  Comment,
  /** A line of block context with content. */
  Content,
  /** A line of a block scalar's text (`|`, `>`). */
  BlockScalar,
  /** A line that continues a flow collection or a quoted string opened on an earlier line. */
  Continuation,
}

export interface Line {
  start: number;
  /** The first character other than a space or tab (the line end for a blank line). */
  content: number;
  /** Spaces at the start (YAML indentation). */
  indent: number;
  kind: LineKind;
  /** For content lines: the line ends where a node is still to come (`key:`, `- `, an anchor or tag). */
  awaiting: boolean;
  /** For continuation lines: where the outermost collection or string opened, its column and what it is. */
  opened: number;
  column: number;
  construct: 'flow collection' | 'quoted string';
  /** For continuation lines: the indentation of the line where the outermost construct opened. */
  openIndent: number;
  /** The line before ended inside a flow collection with a plain scalar (which go-yaml may continue on this line). */
  afterPlain: boolean;
}

const SPACE = 32;
const TAB = 9;
const NL = 10;
const CR = 13;

function isBlankChar(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * Calls `visit` for each line of `text` with how it starts: a small scanner of YAML's block structure
 * (comments, block scalars, quoted strings, flow collections, indicators) that needs no parser. Block
 * scalars are recognised by their header and their lines' indentation; a plain scalar continued on a
 * line that starts with a quote is mistaken for a quoted string (such files are rare, and the callers
 * only act where the library has already gone wrong).
 */
export function scanLines(text: string, visit: (line: Readonly<Line>) => void): void {
  const n = text.length;
  const line: Line = { start: 0, content: 0, indent: 0, kind: LineKind.Blank, awaiting: false, opened: -1, column: 0, construct: 'flow collection', openIndent: 0, afterPlain: false };
  let openIndent = 0;
  // Inside a flow collection: whether the last token read was a plain scalar.
  let lastPlain = false;
  // The outermost open flow collection or quoted string.
  let opened = -1;
  let column = 0;
  let construct: Line['construct'] = 'flow collection';
  let depth = 0;
  let quote = 0;
  let nodeStart = true;
  // An open block scalar: the indentation of its header's line and of its text (-1 until its first line).
  let blockHeaderIndent = -1;
  let blockIndent = -1;
  let lineStart = 0;
  const open = (at: number, what: Line['construct']) => {
    if (opened !== -1) return;
    opened = at;
    column = at - lineStart;
    construct = what;
    openIndent = line.indent;
  };
  /** Scans `from` to `end` of the current line; returns after a comment or a block scalar header. */
  const scan = (from: number, end: number) => {
    let i = from;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        if (quote === 34 && c === 92) i += 2;
        else if (quote === 39 && c === 39 && text.charCodeAt(i + 1) === 39) i += 2;
        else {
          if (c === quote) {
            quote = 0;
            lastPlain = false;
            if (depth === 0) opened = -1;
          }
          i++;
        }
        continue;
      }
      if (c === 35 && (i === lineStart || isBlankChar(text.charCodeAt(i - 1)))) return; // a comment
      if (depth > 0) {
        if (c === 91 || c === 123) depth++;
        else if (c === 93 || c === 125) {
          if (--depth === 0) opened = -1;
        } else if (c === 34 || c === 39) quote = c;
        if (!isBlankChar(c) && c !== CR) lastPlain = !(c === 44 || c === 58 || c === 91 || c === 93 || c === 123 || c === 125 || c === 34 || c === 39);
        i++;
        continue;
      }
      if (isBlankChar(c) || c === CR) {
        i++;
        continue;
      }
      const next = i + 1 < end ? text.charCodeAt(i + 1) : NL;
      const separated = isBlankChar(next) || next === CR || next === NL;
      if (nodeStart) {
        if (c === 91 || c === 123) {
          open(i, 'flow collection');
          depth = 1;
          nodeStart = false;
          i++;
          continue;
        }
        if (c === 34 || c === 39) {
          open(i, 'quoted string');
          quote = c;
          nodeStart = false;
          i++;
          continue;
        }
        if (c === 124 || c === 62) {
          blockHeaderIndent = line.indent;
          blockIndent = -1;
          nodeStart = false;
          return;
        }
        if ((c === 45 || c === 63 || c === 58) && separated) {
          i++;
          continue;
        }
        if (c === 38 || c === 33) {
          while (i < end && !isBlankChar(text.charCodeAt(i)) && text.charCodeAt(i) !== CR) i++;
          continue;
        }
        nodeStart = false;
      }
      if (c === 58 && separated) nodeStart = true;
      i++;
    }
  };
  let pos = 0;
  while (pos <= n) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? n : nl;
    lineStart = pos;
    let indent = 0;
    while (text.charCodeAt(pos + indent) === SPACE) indent++;
    let content = pos + indent;
    while (content < end && isBlankChar(text.charCodeAt(content))) content++;
    const blank = content >= end || (text.charCodeAt(content) === CR && content + 1 >= end);
    line.start = pos;
    line.content = content;
    line.indent = indent;
    line.awaiting = false;
    line.opened = -1;
    line.afterPlain = false;
    if (opened !== -1) {
      line.kind = blank ? LineKind.Blank : LineKind.Continuation;
      line.opened = opened;
      line.column = column;
      line.construct = construct;
      line.openIndent = openIndent;
      line.afterPlain = depth > 0 && quote === 0 && lastPlain;
      scan(pos, end);
    } else {
      let inScalar = false;
      if (blockHeaderIndent !== -1) {
        if (blank) inScalar = true;
        else if (blockIndent === -1 && indent > blockHeaderIndent) {
          blockIndent = indent;
          inScalar = true;
        } else if (blockIndent !== -1 && indent >= blockIndent) inScalar = true;
        else blockHeaderIndent = -1;
      }
      if (inScalar) {
        line.kind = LineKind.BlockScalar;
      } else if (blank) {
        line.kind = LineKind.Blank;
      } else if (text.charCodeAt(content) === 35) {
        line.kind = LineKind.Comment;
      } else {
        line.kind = LineKind.Content;
        nodeStart = true;
        scan(content, end);
        line.awaiting = nodeStart && opened === -1 && blockHeaderIndent === -1;
      }
    }
    visit(line);
    if (nl === -1) break;
    pos = nl + 1;
  }
}

/**
 * The text as handed to the library, the same length so that every offset stays: lone carriage
 * returns become line feeds (a line break in YAML 1.2, which the library does not treat as one), and
 * the comment lines that make the library misread a plain value are blanked (`blankStrayComments`).
 */
export function lenientText(text: string): string {
  let out = /\r(?!\n)/.test(text) ? text.replace(/\r(?!\n)/g, '\n') : text;
  // Only a text with a comment line can have such comments (a linear test, whatever the text).
  if (/\n[ \t]*#/.test(out)) out = blankStrayComments(out);
  return out;
}

/**
 * Blanks the comment lines that stand between an indicator with no value on its line (`key:`, `- `,
 * an anchor) and a plain scalar value on a later line: `yaml` 2.x then reads the value as a key or
 * joins it with the next item (`- # c\n#x\n b\n- c` becomes `["b - c"]`), where YAML 1.2 and kubectl
 * read `["b", "c"]` (docs/upstream/yaml-comment-indentation.md). Comments carry no data.
 */
function blankStrayComments(text: string): string {
  const blanks: number[] = [];
  let awaiting = false;
  let group: number[] = [];
  scanLines(text, (line) => {
    switch (line.kind) {
      case LineKind.Blank:
        return;
      case LineKind.Comment:
        if (awaiting) group.push(line.content, lineEnd(text, line.content));
        return;
      case LineKind.Content:
        if (group.length > 0 && isPlainValueLine(text, line.content, line.content === line.start)) blanks.push(...group);
        group = [];
        awaiting = line.awaiting;
        return;
      default:
        group = [];
        awaiting = false;
    }
  });
  if (blanks.length === 0) return text;
  let out = '';
  let at = 0;
  for (let i = 0; i < blanks.length; i += 2) {
    out += text.slice(at, blanks[i]) + ' '.repeat(blanks[i + 1]! - blanks[i]!);
    at = blanks[i + 1]!;
  }
  return out + text.slice(at);
}

/** The end of the line holding `offset`, before its line break (CR LF or LF). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
}

/** Whether the content at `offset` (in column 0 with `atColumn0`) starts a plain scalar that is not a map key (no `: ` on its line). */
function isPlainValueLine(text: string, offset: number, atColumn0: boolean): boolean {
  const line = text.slice(offset, lineEnd(text, offset));
  if (/^(?:[-?:](?:[ \t]|$)|[[{"'*&!|>%@`#,\]}])/.test(line)) return false;
  if (atColumn0 && /^(?:---|\.\.\.)(?:[ \t]|$)/.test(line)) return false;
  return !/^[^#]*?:(?:[ \t]|$)/.test(line.replace(/[ \t]#.*$/, ''));
}

/** One flow collection or quoted string whose continuation lines were indented for the library. */
export interface IndentedConstruct {
  readonly kind: Line['construct'];
  /** Offset (in the original text) where it opens. */
  readonly opened: number;
  /** Offset (in the original text) of the content of its first line that needed more indentation. */
  readonly line: number;
}

/**
 * The text with spaces inserted at the start of the lines that continue a flow collection or a
 * quoted string of block context but are indented less than the column where it opens (go-yaml, and
 * so kubectl, reads them; the library then does too), with a map from the new offsets back to the
 * original ones. Undefined when no line needs it.
 */
export function indentContinuations(text: string): { text: string; toOriginal: (offset: number) => number; constructs: IndentedConstruct[] } | undefined {
  const inserts: { at: number; count: number }[] = [];
  const constructs: IndentedConstruct[] = [];
  scanLines(text, (line) => {
    if (line.kind !== LineKind.Continuation || line.indent >= line.column) return;
    // go-yaml rejects these too (see `kubectlTabProblems`): they are not read as kubectl reads them.
    if (tabBreaksPlain(text, line)) return;
    // Document markers end the stream's document whatever the indentation asks.
    if (line.indent === 0 && /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(text.slice(line.start, line.start + 4))) return;
    inserts.push({ at: line.start, count: line.column - line.indent });
    if (constructs[constructs.length - 1]?.opened !== line.opened) constructs.push({ kind: line.construct, opened: line.opened, line: line.content });
  });
  if (inserts.length === 0) return undefined;
  let out = '';
  let at = 0;
  // Where each insertion begins in the new text, and how much was inserted before it.
  const newStarts: number[] = [];
  const before: number[] = [];
  let total = 0;
  for (const insert of inserts) {
    out += text.slice(at, insert.at);
    newStarts.push(out.length);
    before.push(total);
    out += ' '.repeat(insert.count);
    total += insert.count;
    at = insert.at;
  }
  out += text.slice(at);
  const toOriginal = (offset: number) => {
    if (offset < newStarts[0]!) return offset;
    // The last insertion that begins at or before `offset`.
    let lo = 0;
    let hi = newStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (newStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const insert = inserts[lo]!;
    const into = offset - newStarts[lo]!;
    // An offset inside inserted spaces is the line start they were inserted at.
    return into < insert.count ? insert.at : offset - before[lo]! - insert.count;
  };
  return { text: out, toOriginal, constructs };
}

/** A continuation line whose indentation has a tab before the column its block needs, after a plain scalar: go-yaml rejects it. */
function tabBreaksPlain(text: string, line: Readonly<Line>): boolean {
  if (!line.afterPlain) return false;
  const tab = text.indexOf('\t', line.start);
  return tab !== -1 && tab < line.content && tab - line.start < line.openIndent + 1;
}

/**
 * Tabs that kubectl's YAML reader (go-yaml, after libyaml) rejects and YAML 1.2 readers accept: a
 * tab in the indentation of a line of block context, even a blank or comment line ("found character
 * that cannot start any token"); and in a flow collection, a tab in the indentation of a line that
 * could continue the plain scalar before it ("found a tab character that violates indentation").
 * The offset of each such tab, with kubectl's message.
 */
export function kubectlTabProblems(text: string): { at: number; message: string }[] {
  const found: { at: number; message: string }[] = [];
  if (!text.includes('\t')) return found;
  scanLines(text, (line) => {
    if (line.kind === LineKind.Blank || line.kind === LineKind.Comment || line.kind === LineKind.Content) {
      // A blank line inside a flow collection or quoted string is a continuation's: tabs are fine there.
      if (line.kind === LineKind.Blank && line.opened !== -1) return;
      let tab = text.indexOf('\t', line.start);
      // After `- ` or `? ` a tab before the node is rejected too.
      if (tab >= line.content && line.kind === LineKind.Content) {
        const after = /^(?:[-?] +)*[-?] *\t/.exec(text.slice(line.content, Math.min(line.content + 200, text.length)));
        tab = after ? line.content + after[0].length - 1 : -1;
      }
      if (tab !== -1 && (tab < line.content || line.kind === LineKind.Content)) found.push({ at: tab, message: 'a tab in the indentation of this line: kubectl\'s YAML reader rejects it ("found character that cannot start any token"), whatever YAML 1.2 allows; indent with spaces' });
    } else if (line.kind === LineKind.Continuation && tabBreaksPlain(text, line)) {
      found.push({ at: text.indexOf('\t', line.start), message: 'a tab in the indentation of this line, after a plain value: kubectl\'s YAML reader rejects it ("found a tab character that violates indentation"); indent with spaces' });
    }
  });
  return found;
}
