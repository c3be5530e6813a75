import type { Rule } from '../src/lint/types.ts';

/**
 * Reports inputs given to render (charts: `--helm`, `helm.charts`; kustomizations: `--kustomize`,
 * `kustomize.overlays`, a kustomization among the paths) that gave nothing to lint: the tool refused
 * them, they rendered no object, or they name a path outside the repository. The one rule for "this
 * input could not be rendered": every such finding is an error with one message shape, "nothing of X
 * was linted, why; what to do" (a kustomization that failed to build was a `skipped-file` error before).
 */
export const rule: Rule = {
  meta: {
    id: 'render-failed',
    severity: 'error',
    description: 'Every chart and kustomization given to lint should render into Kubernetes objects, or nothing of it is checked.',
    messages: {
      failed: 'nothing of {{subject}} was linted{{variant}}, {{tool}} says: {{reason}}; fix what it names',
      dependencies:
        'nothing of {{subject}} was linted{{variant}}, {{tool}} says: {{reason}}; kube-netlint never downloads dependencies: give them in charts/ (`helm dependency build` downloads them) before linting',
      tooLarge:
        "nothing of {{subject}} was linted{{variant}}: {{tool}} wrote more than {{limit}}, kube-netlint's limit for one input; set maxFileSize in .kube-netlint.yaml to raise it (32 MB at most)",
      timeout: "nothing of {{subject}} was linted{{variant}}: {{tool}} did not finish within {{limit}}, kube-netlint's limit for one rendering; check it for a loop that does not end, or a remote base that does not answer",
      outside:
        '{{reference}} {{how}} the repository, so it was not read and nothing {{subject}} was rendered or linted (its text could reach this report); move what it names into the repository, or remove the entry',
      linkLoop: '{{reference}} leads back to a directory above it, a loop, so nothing {{subject}} was rendered or linted; remove the link',
      tooManyFiles: 'nothing {{subject}} was rendered or linted: its directory holds more than 50,000 files and links, too many to check that none leads out of the repository; remove what the chart does not need',
      empty: 'nothing of {{subject}} was linted{{variant}}: it rendered no Kubernetes object; give the values that enable its templates (--values, --set), or leave this rendering out',
      emptyKustomization: 'nothing of {{subject}} was linted: it rendered no Kubernetes object; list its resources, or leave it out of the linted paths',
    },
    remediation: 'Fix what helm or kustomize names (a template, a value, a missing dependency in charts/, a kustomization entry), or give the values that make the chart render objects.',
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
