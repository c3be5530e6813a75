import { createHash } from 'node:crypto';
import { REPOSITORY_URL, ruleDocUrl } from '../util/doc-urls.ts';
import type { Diagnostic, RuleMeta, Severity } from '../lint/types.ts';
import { rangeOf } from '../source/text.ts';
import type { SourceFile, Span } from '../source/types.ts';
import { jsonText } from '../util/escape.ts';
import { ordered } from './text.ts';
import type { FormatInput } from './types.ts';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
/** The key GitHub code scanning stores; bump the version if the hashed fields ever change. */
const FINGERPRINT_KEY = 'kubeNetlintFindingHash/v1';

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: a table of the reported rules with help, results with regions
 * relative to `%SRCROOT%` (the working directory, which in CI is the repository root), related
 * locations and partial fingerprints that survive the finding moving to another line.
 */
export function formatSarif(input: FormatInput): string {
  const diagnostics = ordered(input.diagnostics);
  // The rule table lists the rules that reported, in rule-list order (as ESLint's SARIF formatter does):
  // code scanning needs no more, and the log does not change when an unrelated rule is added.
  const reported = new Set(diagnostics.map((d) => d.ruleId));
  const metas = new Map(input.rules.filter((meta) => reported.has(meta.id)).map((meta) => [meta.id, meta]));
  // Findings can come from outside the rule list (the config check): give those a minimal entry.
  for (const d of diagnostics) if (!metas.has(d.ruleId)) metas.set(d.ruleId, fallbackMeta(d));
  const ids = [...metas.keys()];
  const index = new Map(ids.map((ruleId, i) => [ruleId, i]));
  const seen = new Map<string, number>();

  const results = diagnostics.map((d) => {
    const hash = fingerprint(d);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return {
      ruleId: d.ruleId,
      ruleIndex: index.get(d.ruleId)!,
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: physicalLocation(d.file, d.span) }],
      ...(d.related.length > 0
        ? { relatedLocations: d.related.map((r, i) => ({ id: i + 1, physicalLocation: physicalLocation(r.file, r.span), message: { text: r.message } })) }
        : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${occurrence}` },
      ...(d.object ? { properties: { object: { kind: d.object.kind, namespace: d.object.namespace, name: d.object.name } } } : {}),
    };
  });

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-netlint',
            version: input.version,
            semanticVersion: input.version,
            informationUri: REPOSITORY_URL,
            rules: ids.map((ruleId) => ruleDescriptor(metas.get(ruleId)!)),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${jsonText(log, 2)}\n`;
}

function ruleDescriptor(meta: RuleMeta) {
  const url = ruleDocUrl(meta.id);
  const name = pascalCase(meta.id);
  return {
    id: meta.id,
    // SARIF1001: a rule's name must differ from its id (as `config` and `Config` would not).
    ...(name.toLowerCase() !== meta.id.toLowerCase() ? { name } : {}),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} ${meta.remediation}` },
    help: {
      text: `${meta.remediation}\n\nDocumentation: ${url}`,
      markdown: `${meta.remediation}\n\nSee [${meta.id}](${url}) for examples.`,
    },
    helpUri: url,
    defaultConfiguration: { level: LEVEL[meta.severity] },
  };
}

function fallbackMeta(d: Diagnostic): RuleMeta {
  return {
    id: d.ruleId,
    severity: d.severity,
    description: `Findings of ${d.ruleId}.`,
    messages: {},
    remediation: 'Fix the reported problem; the message says what is wrong.',
  };
}

function physicalLocation(file: SourceFile, span: Span) {
  const { start, end } = rangeOf(file, span);
  return {
    artifactLocation: artifactLocation(file),
    region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
  };
}

/** A path relative to the working directory as a relative URI reference against `%SRCROOT%`; an outside file as a `file:` URI. */
function artifactLocation(file: SourceFile): { uri: string; uriBaseId?: string } {
  const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/');
  if (file.path.startsWith('/')) return { uri: `file://${encode(file.path)}` };
  return { uri: encode(file.path), uriBaseId: '%SRCROOT%' };
}

/** Stable across edits that move the finding: rule, file, object and message, never the line. */
function fingerprint(d: Diagnostic): string {
  const object = d.object ? [d.object.kind, d.object.namespace, d.object.name] : [];
  return createHash('sha256')
    .update(JSON.stringify([d.ruleId, d.file.path, ...object, d.message]))
    .digest('hex')
    .slice(0, 32);
}

function pascalCase(ruleId: string): string {
  return ruleId.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
}
