import type { Rule } from '../src/lint/types.ts';

/** Reports YAML and JSON syntax errors where the parser found them; other documents are still linted. */
export const rule: Rule = {
  meta: {
    id: 'yaml-syntax',
    severity: 'error',
    scope: 'document',
    description: 'Manifests must be well-formed YAML or JSON.',
    messages: { syntax: '{{message}}' },
    remediation: 'Fix the syntax at the reported position; the rest of this document is not analysed until it parses.',
  },
  check(context) {
    for (const doc of context.model.documents) {
      for (const problem of doc.problems) {
        context.report({
          messageId: 'syntax',
          data: { message: problem.message },
          at: { file: doc.file, span: problem.span },
          ...(problem.severity ? { severity: problem.severity } : {}),
        });
      }
    }
  },
};

export default rule;
