import type { Rule } from '../src/lint/types.ts';

/** Reports input files that could not be read as manifests (binary, not UTF-8, too large, unreadable, loops). */
export const rule: Rule = {
  meta: {
    id: 'skipped-file',
    // A file that cannot be read: what it holds is unknown, so a warning. (An input that failed to render is render-failed's error.)
    severity: 'warning',
    description: 'Every input file should be readable as a UTF-8 YAML or JSON manifest.',
    messages: {
      skipped: 'file not linted: {{reason}}; fix the file, or exclude it with ignore in .kube-netlint.yaml',
      ignored: 'file not linted: {{reason}}; change the pattern to lint it, or leave the file off the command line',
    },
    remediation: 'Remove the file from the linted paths (ignore it in .kube-netlint.yaml) or fix its encoding, size or permissions.',
  },
  check(context) {
    for (const skipped of context.model.skippedFiles) {
      // A chart or kustomization that did not render is the render-failed rule's error.
      if (skipped.renderFailed) continue;
      context.report({
        messageId: skipped.ignored ? 'ignored' : 'skipped',
        data: { reason: skipped.reason },
        at: { file: { path: skipped.path, absPath: skipped.absPath, text: '' }, span: { start: 0, end: 0 } },
        // Left out as asked: said, but no problem.
        ...(skipped.ignored ? { severity: 'info' as const } : {}),
      });
    }
  },
};

export default rule;
