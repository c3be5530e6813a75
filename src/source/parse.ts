import { parseWithYaml } from './parse-yaml.ts';
import type { ParsedDocument, SourceFile } from './types.ts';

/** Parses every document of every file; a file that fails wholesale yields a document with a problem. */
export function parseSources(files: readonly SourceFile[]): ParsedDocument[] {
  const documents: ParsedDocument[] = [];
  for (const file of files) {
    try {
      documents.push(...parseWithYaml(file));
    } catch (error) {
      // The parser should never throw; if it does, keep the rest of the run going and say where.
      const message = error instanceof Error ? error.message : String(error);
      documents.push({
        file,
        index: 0,
        span: { start: 0, end: file.text.length },
        value: undefined,
        problems: [{ message: `could not parse the file: ${message}`, span: { start: 0, end: Math.min(1, file.text.length) } }],
        locate: () => undefined,
      });
    }
  }
  return documents;
}
