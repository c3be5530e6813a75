import { stringify } from 'yaml';
import type { Config } from '../config/types.ts';
import { effectiveSeverity } from '../lint/run.ts';
import type { Rule } from '../lint/types.ts';

/**
 * The configuration a run applies, as `--print-config` shows it: every rule with its effective
 * severity (and its options, defaults merged in, when it takes any), then the rest of the config
 * with the defaults filled in. Pure.
 */
export function effectiveConfig(config: Config, rules: readonly Rule<any>[]): Record<string, unknown> {
  const ruleSettings: Record<string, unknown> = {};
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    const severity = effectiveSeverity(rule, setting);
    const configured = typeof setting === 'object' ? setting.options ?? {} : {};
    const options = { ...(rule.defaultOptions ?? {}), ...configured };
    ruleSettings[rule.meta.id] = Object.keys(options).length > 0 ? { severity, options } : severity;
  }
  const { cluster } = config;
  return {
    rules: ruleSettings,
    ignore: config.ignore,
    ...(config.projects?.length ? { projects: config.projects } : {}),
    exemptions: config.exemptions.map(({ index: _index, ...exemption }) => exemption),
    cluster: {
      defaultNamespace: cluster.defaultNamespace,
      ...(cluster.serviceCIDR !== undefined ? { serviceCIDR: cluster.serviceCIDR } : {}),
      nodePortRange: `${cluster.nodePortRange[0]}-${cluster.nodePortRange[1]}`,
      clusterDomain: cluster.clusterDomain,
      namespaces: cluster.externalNamespaces.map((ns) => (Object.keys(ns.labels).length > 0 ? { name: ns.name, labels: ns.labels } : ns.name)),
      hostNetworkPods: cluster.hostNetworkPods ?? 'exempt',
      ...(cluster.ingressController ? { ingressController: cluster.ingressController } : {}),
      ...(cluster.gateways ? { gateways: cluster.gateways } : {}),
    },
    assertions: config.assertions.map(({ index: _index, ...assertion }) => assertion),
    ...(config.maxFileSize !== undefined ? { maxFileSize: config.maxFileSize } : {}),
    ...(config.helm ? { helm: config.helm } : {}),
    ...(config.kustomize ? { kustomize: config.kustomize } : {}),
  };
}

/**
 * `--print-config` output: YAML (a config file kube-netlint reads as it is) headed by a comment
 * naming the file it came from, or JSON `{"source": path | null, "config": {...}}`.
 */
export function printConfig(config: Config, rules: readonly Rule<any>[], format: 'yaml' | 'json'): string {
  const source = config.source?.file.path ?? null;
  const effective = effectiveConfig(config, rules);
  if (format === 'json') return `${JSON.stringify({ source, config: effective }, null, 2)}\n`;
  const head = source === null ? '# no config file: the defaults apply' : `# from ${JSON.stringify(source)}`;
  return `# the configuration kube-netlint applies\n${head}\n${stringify(effective, { lineWidth: 0 })}`;
}
