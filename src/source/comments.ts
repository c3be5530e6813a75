import { CST, Lexer } from 'yaml';
import { readYamlComments } from './fast-yaml.ts';
import { isJsonText } from './json.ts';
import { lenientText } from './lenient-text.ts';
import type { SourceFile } from './types.ts';

// Weak, by file: lives as long as the file (its run, or its text in the editor).
const cache = new WeakMap<SourceFile, readonly number[]>();

/**
 * The offset of every comment (its `#`) of a file, as the YAML reader sees them: never a `#` inside a
 * quoted string, a plain value (`https://wiki/x#kube-netlint-disable`) or a block scalar (a script
 * in a ConfigMap). JSON has no comments. Read once per file.
 */
export function commentsOf(file: SourceFile): readonly number[] {
  let comments = cache.get(file);
  if (!comments) {
    const text = file.text;
    comments = isJsonText(text) ? [] : readYamlComments(text) ?? lexedComments(lenientText(text));
    cache.set(file, comments);
  }
  return comments;
}

/** Comments as the `yaml` library's lexer finds them (for what the fast reader leaves to the library). */
function lexedComments(text: string): number[] {
  const comments: number[] = [];
  let offset = 0;
  let scalar = false;
  for (const lexeme of new Lexer().lex(text)) {
    // Control lexemes are not in the text; the one before a scalar's text says the next is no comment.
    if (lexeme === CST.SCALAR) {
      scalar = true;
      continue;
    }
    if (lexeme === CST.DOCUMENT || lexeme === CST.FLOW_END) continue;
    if (!scalar && lexeme.charCodeAt(0) === 35) comments.push(offset);
    scalar = false;
    offset += lexeme.length;
  }
  return comments;
}
