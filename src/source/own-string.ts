/**
 * A copy of `text` that keeps nothing else alive. In V8 a slice of 13 or more characters points into
 * the string it was cut from, so one such value of a parsed document (an image name, an annotation,
 * a long label value) keeps its whole file's text in memory: values the run keeps are copied, so that
 * a file's text can be let go once it is parsed (disk-file.ts, issue 14). Shorter strings are copies
 * already; a string built by concatenation is flattened into a copy too.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
