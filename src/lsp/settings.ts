import type { Config, RuleSetting } from '../config/types.ts';
import type { Severity } from '../lint/types.ts';
import { asRecord, asString, asStringMap } from '../model/values.ts';

/**
 * What an editor may set over the config file (initialization option `settings`, or the
 * `kube-netlint` section of `workspace/didChangeConfiguration`): which config file, rule severities,
 * and who the Ingress controller is. The config file stays the source of truth for everything else.
 */
export interface EditorSettings {
  /** The config file, relative to the workspace folder (absolute paths are taken as they are). */
  readonly configPath?: string;
  readonly rules: Readonly<Record<string, Severity | 'off'>>;
  readonly ingressController?: { readonly namespace?: string; readonly podLabels?: Readonly<Record<string, string>> };
}

export const NO_SETTINGS: EditorSettings = { rules: {} };

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/**
 * Reads editor settings from untrusted JSON; each value it cannot use is left out with a problem
 * message (shown to the user) instead of failing the whole set.
 */
export function parseEditorSettings(raw: unknown, ruleIds: ReadonlySet<string>): { settings: EditorSettings; problems: string[] } {
  const problems: string[] = [];
  const record = asRecord(raw);
  if (raw !== undefined && raw !== null && !record) problems.push('kube-netlint settings must be an object; ignored');
  const configPath = asString(record?.configPath)?.trim();
  const rules: Record<string, Severity | 'off'> = {};
  const rawRules = record?.rules;
  if (rawRules !== undefined && rawRules !== null && !asRecord(rawRules)) problems.push('setting "kube-netlint.rules" must map rule ids to error, warning, info or off; ignored');
  for (const [id, value] of Object.entries(asRecord(rawRules) ?? {})) {
    if (!ruleIds.has(id)) problems.push(`setting "kube-netlint.rules" names unknown rule "${id}"; check the id with kube-netlint rules`);
    else if (typeof value !== 'string' || !SEVERITIES.has(value)) problems.push(`setting "kube-netlint.rules" gives rule "${id}" severity ${JSON.stringify(value)}; use error, warning, info or off`);
    else rules[id] = value as Severity | 'off';
  }
  const controller = asRecord(record?.ingressController);
  const namespace = asString(controller?.namespace)?.trim();
  const podLabels = asRecord(controller?.podLabels) ? asStringMap(controller!.podLabels) : undefined;
  const ingressController =
    namespace || (podLabels && Object.keys(podLabels).length > 0) ? { ...(namespace ? { namespace } : {}), ...(podLabels && Object.keys(podLabels).length > 0 ? { podLabels } : {}) } : undefined;
  return { settings: { ...(configPath ? { configPath } : {}), rules, ...(ingressController ? { ingressController } : {}) }, problems };
}

/** The config with the editor's settings over it: a rule keeps its options, only its severity changes. */
export function applyEditorSettings(config: Config, settings: EditorSettings): Config {
  if (Object.keys(settings.rules).length === 0 && !settings.ingressController) return config;
  const rules: Record<string, RuleSetting> = { ...config.rules };
  for (const [id, severity] of Object.entries(settings.rules)) {
    const current = rules[id];
    rules[id] = typeof current === 'object' ? { ...current, severity } : severity;
  }
  const cluster = settings.ingressController ? { ...config.cluster, ingressController: settings.ingressController } : config.cluster;
  return { ...config, rules, cluster };
}
