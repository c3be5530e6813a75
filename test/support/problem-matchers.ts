/**
 * The problem matchers editors and CI runners apply to a linter's text output, transcribed from VS
 * Code's built-in `$eslint-compact` / `$eslint-stylish` (src/vs/workbench/contrib/tasks/common/
 * problemMatcher.ts) and the copies actions/setup-node registers on GitHub runners (.github/*.json).
 * The stylish ones are multi-line with `loop: true`: after a file line, finding lines are read until
 * the first line that is not one, which ends the file's block.
 */
export interface MatchedProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: string;
  readonly message: string;
  readonly code: string | undefined;
}

const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');

function single(pattern: RegExp, output: string): MatchedProblem[] {
  return stripAnsi(output)
    .split(/\r?\n/)
    .flatMap((line) => {
      const m = pattern.exec(line);
      return m ? [{ file: m[1]!, line: Number(m[2]), column: Number(m[3]), severity: m[4]!.toLowerCase(), message: m[5]!, code: m[6] }] : [];
    });
}

function looped(fileLine: RegExp, item: RegExp, output: string): MatchedProblem[] {
  const found: MatchedProblem[] = [];
  let file: string | undefined;
  for (const line of stripAnsi(output).split(/\r?\n/)) {
    const m = file !== undefined ? item.exec(line) : null;
    if (m) {
      found.push({ file: file!, line: Number(m[1]), column: Number(m[2]), severity: m[3]!, message: m[4]!, code: m[5] });
      continue;
    }
    file = fileLine.exec(line)?.[1];
  }
  return found;
}

const COMPACT = /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/;

export const matchers: Readonly<Record<string, (output: string) => MatchedProblem[]>> = {
  'vscode:$eslint-compact': (output) => single(COMPACT, output),
  'gha:eslint-compact': (output) => single(COMPACT, output),
  'vscode:$eslint-stylish': (output) => looped(/^((?:[a-zA-Z]:)*[./\\]+.*?)$/, /^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.+?)(?:\s\s+(.*))?$/, output),
  'gha:eslint-stylish': (output) => looped(/^\s*([^\s].*)$/, /^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.*)\s\s+(.*)$/, output),
};
