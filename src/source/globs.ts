import { Minimatch, type MinimatchOptions } from 'minimatch';

/**
 * Globs from a repository's config file (`ignore`, exemption names) are input like any other: a
 * pattern of sixteen `{a,b}` groups expands to 65,536 patterns, which minimatch compiles and tries on
 * every path. Patterns are compiled once, and the config rejects those that expand too far.
 */

/** Patterns of a glob after brace expansion beyond which the config rejects it. */
export const MAX_BRACE_EXPANSIONS = 256;
/** Longest glob accepted (minimatch itself refuses patterns of 64 KB). */
export const MAX_GLOB_LENGTH = 1024;

/** Why a glob from the config cannot be used, or undefined when it can. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_GLOB_LENGTH) return `is ${pattern.length} characters long; a glob may have at most ${MAX_GLOB_LENGTH}: shorten it`;
  const count = braceExpansions(pattern, MAX_BRACE_EXPANSIONS);
  if (count > MAX_BRACE_EXPANSIONS) {
    return `expands to more than ${MAX_BRACE_EXPANSIONS} patterns (its {a,b} groups and {1..9} ranges multiply); write fewer alternatives, or several shorter patterns`;
  }
  return undefined;
}

// By pattern text, across runs: a matcher depends on its pattern and options only. The patterns come
// from configs and editor settings, which a language server sees change over its life, so the cache
// keeps the most recently used ones and no more.
const compiled = new Map<string, (path: string) => boolean>();
const COMPILED_GLOBS = 512;

/**
 * A matcher for `pattern`, compiled once per pattern and options. A pattern `globProblem` rejects
 * (the config reports it) matches nothing here, rather than being expanded.
 */
export function compileGlob(pattern: string, options: MinimatchOptions = {}): (path: string) => boolean {
  const key = `${options.dot ? 'd' : '-'}${pattern}`;
  let matcher = compiled.get(key);
  if (matcher) {
    // Most recently used last, so the oldest goes first.
    compiled.delete(key);
  } else {
    if (globProblem(pattern) !== undefined) {
      matcher = () => false;
    } else {
      const glob = new Minimatch(pattern, options);
      matcher = (path) => glob.match(path);
    }
    if (compiled.size >= COMPILED_GLOBS) compiled.delete(compiled.keys().next().value!);
  }
  compiled.set(key, matcher);
  return matcher;
}

/**
 * How many patterns brace expansion makes of `pattern` (as the brace-expansion package behind
 * minimatch: `{a,b}` alternatives, `{1..9}` and `{a..z}` ranges, nested and in sequence), or any
 * number above `limit` once it is exceeded.
 */
export function braceExpansions(pattern: string, limit: number): number {
  let total = 1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c !== '{') continue;
    const close = matchingBrace(pattern, i);
    if (close === -1) continue;
    const body = pattern.slice(i + 1, close);
    const alternatives = splitTopLevel(body);
    let count: number;
    if (alternatives.length > 1) {
      count = 0;
      for (const alternative of alternatives) {
        count += braceExpansions(alternative, limit);
        if (count > limit) return limit + 1;
      }
    } else {
      const range = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
      if (range) {
        const from = /^-?\d+$/.test(range[1]!) ? Number(range[1]) : range[1]!.charCodeAt(0);
        const to = /^-?\d+$/.test(range[2]!) ? Number(range[2]) : range[2]!.charCodeAt(0);
        const step = Math.max(1, Math.abs(Number(range[3] ?? 1)) || 1);
        count = Math.floor(Math.abs(to - from) / step) + 1;
      } else {
        // `{a}` is literal; groups inside it still expand.
        count = braceExpansions(body, limit);
      }
    }
    total *= count;
    if (total > limit) return limit + 1;
    i = close;
  }
  return total;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The comma-separated parts of a brace body, at its top level. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
