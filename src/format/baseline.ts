import { BASELINE_VERSION, type Baseline } from '../lint/baseline.ts';
import { jsonText } from '../util/escape.ts';

/**
 * The baseline file's text: versioned JSON, entries sorted by their identity, keys in a fixed order,
 * one entry a line, so the same findings give the same bytes and a change reviews as a line diff.
 * Written with `jsonText`: a name quoted in an entry cannot hide or reorder text in a review of the file.
 */
export function formatBaseline(baseline: Baseline): string {
  const lines = baseline.entries.map((e) =>
    jsonText({
      rule: e.rule,
      messageId: e.messageId,
      ...(e.object ? { object: { kind: e.object.kind, namespace: e.object.namespace, name: e.object.name } } : {}),
      ...(e.file !== undefined ? { file: e.file } : {}),
      path: e.path,
      data: e.data,
      count: e.count,
    }),
  );
  const entries = lines.length === 0 ? '[]' : `[\n    ${lines.join(',\n    ')}\n  ]`;
  return `{\n  "kubeNetlintBaseline": ${BASELINE_VERSION},\n  "entries": ${entries}\n}\n`;
}
