import type { Rule } from '../src/lint/types.ts';

/** Reports charts given to lint (`--helm`, `helm.charts`) that gave nothing to lint: helm refused them, or they rendered no object. */
export const rule: Rule = {
  meta: {
    id: 'render-failed',
    severity: 'error',
    description: 'Every chart given to lint should render into Kubernetes objects, or nothing of it is checked.',
    messages: {
      failed: 'nothing of chart {{chart}} was linted{{variant}}, helm template says: {{reason}}; fix the template or the values it names',
      dependencies:
        'nothing of chart {{chart}} was linted{{variant}}, helm template says: {{reason}}; kube-netlint never downloads dependencies: give them in charts/ (`helm dependency build` downloads them) before linting',
      tooLarge:
        "nothing of chart {{chart}} was linted{{variant}}: helm template wrote more than {{limit}}, kube-netlint's limit for one input; set maxFileSize in .kube-netlint.yaml to raise it (32 MB at most)",
      timeout: "nothing of chart {{chart}} was linted{{variant}}: helm template did not finish within {{limit}}, kube-netlint's limit for one chart; check its templates for a loop that does not end",
      outside:
        '{{reference}} {{how}} the repository, so it was not read and nothing {{subject}} was rendered or linted (its text could reach this report); move what it names into the repository, or remove the entry',
      linkLoop: '{{reference}} leads back to a directory above it, a loop, so nothing {{subject}} was rendered or linted; remove the link',
      tooManyFiles: 'nothing {{subject}} was rendered or linted: its directory holds more than 50,000 files and links, too many to check that none leads out of the repository; remove what the chart does not need',
      empty: 'chart {{chart}} rendered no Kubernetes object{{variant}}, so nothing of it was linted; give the values that enable its templates (--values, --set), or leave this rendering out',
    },
    remediation: 'Fix what helm names (a template, a value, a missing dependency in charts/), or give the values that make the chart render objects.',
  },
  check(context) {
    for (const skipped of context.model.skippedFiles) {
      const failure = skipped.renderFailed;
      if (!failure) continue;
      context.report({
        messageId: failure.messageId,
        data: failure.data,
        at: { file: { path: skipped.path, absPath: skipped.absPath, text: failure.at?.text ?? '' }, span: failure.at?.span ?? { start: 0, end: 0 } },
      });
    }
  },
};

export default rule;
