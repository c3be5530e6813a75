import type { Rule } from '../src/lint/types.ts';
import { isKubernetesObject } from '../src/model/build.ts';
import { resolvePlain } from '../src/source/fast-yaml.ts';
import { kubectlPlain, readingsDiffer } from '../src/source/kubectl-scalar.ts';

/**
 * Warns where kubectl, which reads YAML 1.1 (go-yaml v2 through sigs.k8s.io/yaml), and YAML 1.2
 * tools read an unquoted value differently: `010` is 8 or 10, `yes` is true or "yes". The parsers
 * record those scalars (`ParsedDocument.ambiguous`); the analysis uses kubectl's reading.
 */
export const rule: Rule = {
  meta: {
    id: 'yaml-ambiguous-scalar',
    severity: 'warning',
    scope: 'document',
    // Where kubectl's reading is rejected (a boolean as a label value), that error says it all.
    yieldsToErrors: true,
    description: 'Unquoted values must mean the same to kubectl (YAML 1.1) and to YAML 1.2 tools.',
    messages: {
      differs: 'unquoted {{text}} is {{kubectl}} to kubectl (YAML 1.1{{why}}) but {{yaml12}} to YAML 1.2 tools, and kube-netlint reads it as kubectl does; write {{advice}}',
    },
    remediation:
      'Write the value so that every reader agrees: a decimal number (8, not 010; 1000, not 1_000), true or false for a boolean, or quotes for a string ("yes", "010").',
  },
  check(context) {
    for (const doc of context.model.documents) {
      const ambiguous = doc.ambiguous;
      // Manifests only: other YAML (a Helm values file) is not what kubectl applies.
      if (!ambiguous || !isKubernetesObject(doc.value)) continue;
      // A rendered document's scalars are reported in the base or template that holds them.
      const places = doc.ambiguousPlaces?.() ?? pairs(ambiguous).map((span) => ({ file: doc.file, span }));
      for (const { file, span } of places) {
        const text = file.text.slice(span.start, span.end);
        // A place whose two readings agree (the same number in two spellings) is no ambiguity.
        if (!readingsDiffer(kubectlPlain(text), resolvePlain(text))) continue;
        context.report({ messageId: 'differs', data: describe(text), at: { file, span } });
      }
    }
  },
};

function pairs(offsets: readonly number[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < offsets.length; i += 2) out.push({ start: offsets[i]!, end: offsets[i + 1]! });
  return out;
}

/** The two readings of `text` and what to write instead, for the message. */
function describe(text: string): Record<string, string> {
  const kubectl = kubectlPlain(text);
  const yaml12 = resolvePlain(text);
  const quoted = JSON.stringify(text);
  let advice: string;
  if (typeof kubectl === 'number' && typeof yaml12 === 'number') advice = `${String(kubectl)} or ${String(yaml12)}, whichever you mean`;
  else if (typeof kubectl === 'string') advice = `${quoted} (quoted) to keep the string for every reader`;
  else advice = `${String(kubectl)} for the ${typeof kubectl === 'boolean' ? 'boolean' : 'number'}, or ${quoted} (quoted) for the string`;
  return { text, kubectl: reading(kubectl), yaml12: reading(yaml12), why: octal(text) ? ' reads a leading 0 as octal' : '', advice };
}

function reading(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (value === null) return 'null';
  return `the number ${String(value)}`;
}

function octal(text: string): boolean {
  return /^[-+]?0[0-7_]+$/.test(text);
}

export default rule;
