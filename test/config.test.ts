import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { commonDirectory, findConfigFile, findConfigFor, loadConfigFile, parseConfig } from '../src/app/config.ts';
import type { Config } from '../src/config/types.ts';
import type { Rule } from '../src/lint/types.ts';
import { loadSources } from '../src/source/load.ts';
import { positionAt } from '../src/source/text.ts';
import { toSourceFiles } from './support/rule-tester.ts';

/** A rule that reports every Service, with a numeric option, so the tests do not depend on real rules' logic. */
const everyService: Rule = {
  meta: {
    id: 'every-service',
    severity: 'error',
    description: 'Test rule: reports every Service.',
    messages: { found: 'Service "{{name}}" (limit {{limit}})' },
    remediation: 'Nothing to do; this rule exists for tests.',
    optionsSchema: { type: 'object', properties: { limit: { type: 'integer', minimum: 1 } }, additionalProperties: false },
  },
  defaultOptions: { limit: 10 },
  check(context) {
    context.each(context.model.services, (service) => {
      const data = { name: service.object.name, limit: String(context.options.limit) };
      context.report({ messageId: 'found', data, at: { object: service.object, path: ['metadata', 'name'] } });
    });
  },
};

/** A second rule without options that reports every Deployment. */
const everyDeployment: Rule = {
  meta: {
    id: 'every-deployment',
    severity: 'warning',
    description: 'Test rule: reports every Deployment.',
    messages: { found: 'Deployment "{{name}}"' },
    remediation: 'Nothing to do; this rule exists for tests.',
  },
  check(context) {
    context.each(context.model.workloads, (workload) => {
      if (workload.kind === 'Deployment') context.report({ messageId: 'found', data: { name: workload.object.name }, at: { object: workload.object } });
    });
  },
};

const testRules = [everyService, everyDeployment];

const manifests = `apiVersion: v1
kind: Service
metadata: {name: web-1, namespace: shop}
---
apiVersion: v1
kind: Service
metadata: {name: web-2, namespace: shop-staging}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-1, namespace: shop}
---
apiVersion: v1
kind: Service
metadata: {name: plain}
`;

function configFrom(text: string): Config {
  const { config, problems } = parseConfig({ path: '.kube-netlint.yaml', absPath: '/virtual/.kube-netlint.yaml', text }, testRules);
  assert.deepEqual(problems.map((p) => p.message), []);
  return config;
}

/** `rule severity namespace/name` of each finding of the test manifests under a config. */
function lintWith(configText: string): string[] {
  const config = configFrom(configText);
  return analyze({ files: toSourceFiles(manifests), config, rules: testRules }).diagnostics.map(
    (d) => `${d.ruleId} ${d.severity} ${d.object?.namespace}/${d.object?.name}`,
  );
}

/** `line:column message` of each config mistake. */
function mistakes(text: string): string[] {
  const result = parseConfig({ path: '.kube-netlint.yaml', absPath: '/virtual/.kube-netlint.yaml', text }, testRules);
  return result.problems.map((p) => {
    const { line, column } = positionAt(p.file, p.span.start);
    assert.equal(p.ruleId, 'config');
    assert.equal(p.severity, 'error');
    return `${line}:${column} ${p.message}`;
  });
}

describe('configuration that is valid', () => {
  it('when nodePortRange is written as PORT or BASE+OFFSET, then it reads as --service-node-port-range does', () => {
    assert.deepEqual(configFrom('cluster:\n  nodePortRange: "30000"\n').cluster.nodePortRange, [30000, 30000]);
    assert.deepEqual(configFrom('cluster:\n  nodePortRange: "30000+2767"\n').cluster.nodePortRange, [30000, 32767]);
    assert.deepEqual(configFrom('cluster:\n  nodePortRange: " 20000-22767 "\n').cluster.nodePortRange, [20000, 22767]);
  });

  it('when the config is empty, then every rule runs with its default severity and the defaults apply', () => {
    const config = configFrom('');
    assert.deepEqual(config.cluster.nodePortRange, [30000, 32767]);
    assert.equal(config.cluster.defaultNamespace, 'default');
    assert.deepEqual(lintWith('# only a comment\n'), [
      'every-service error shop/web-1',
      'every-service error shop-staging/web-2',
      'every-service error shop/api',
      'every-deployment warning shop/web-1',
      'every-service error default/plain',
    ]);
  });

  it('when a rule is off, then it reports nothing and the other rules still run', () => {
    assert.deepEqual(lintWith('rules:\n  every-service: off\n'), ['every-deployment warning shop/web-1']);
  });

  it('when a severity is overridden as a string or in an object, then findings carry that severity', () => {
    const found = lintWith('rules:\n  every-service: info\n  every-deployment: {severity: error}\n');
    assert.ok(found.includes('every-service info shop/api'), found.join('\n'));
    assert.ok(found.includes('every-deployment error shop/web-1'), found.join('\n'));
    assert.ok(!found.some((f) => f.includes(' warning ')), found.join('\n'));
  });

  it('when options are set, then the rule sees them over its defaults', () => {
    const config = configFrom('rules:\n  every-service:\n    options: {limit: 3}\n');
    const messages = analyze({ files: toSourceFiles(manifests), config, rules: testRules }).diagnostics.map((d) => d.message);
    assert.ok(messages.includes('Service "api" (limit 3)'), messages.join('\n'));
    const defaults = analyze({ files: toSourceFiles(manifests), config: configFrom(''), rules: testRules }).diagnostics.map((d) => d.message);
    assert.ok(defaults.includes('Service "api" (limit 10)'), defaults.join('\n'));
  });

  it('when an exemption names a kind, then objects of that kind are exempt from every rule', () => {
    const found = lintWith('exemptions:\n  - kind: Service\n    reason: services are checked elsewhere\n');
    assert.deepEqual(found, ['every-deployment warning shop/web-1']);
  });

  it('when an exemption names a namespace glob and rules, then only those rules on matching objects are exempt', () => {
    const found = lintWith('exemptions:\n  - namespace: "shop*"\n    rules: [every-service]\n    reason: legacy shop\n');
    assert.deepEqual(found, ['every-deployment warning shop/web-1', 'every-service error default/plain']);
  });

  it('when an exemption names a name glob in one namespace, then only those objects are exempt', () => {
    const found = lintWith('exemptions:\n  - name: "web-*"\n    namespace: shop\n    reason: web is being replaced\n');
    assert.deepEqual(found, ['every-service error shop-staging/web-2', 'every-service error shop/api', 'every-service error default/plain']);
  });

  it('when cluster settings are given (a dual-stack service CIDR), then the model uses them, including namespaces outside the tree', () => {
    const config = configFrom(
      [
        'cluster:',
        '  defaultNamespace: shop',
        '  serviceCIDR: "10.96.0.0/12, fd00:10:96::/112"',
        '  nodePortRange: 20000-22767',
        '  clusterDomain: corp.local',
        '  hostNetworkPods: as-pods',
        '  namespaces:',
        '    - kube-system',
        '    - name: monitoring',
        '      labels: {team: observability}',
        '',
      ].join('\n'),
    );
    const { model } = analyze({ files: toSourceFiles(manifests), config, rules: testRules });
    assert.deepEqual(model.settings.nodePortRange, [20000, 22767]);
    assert.equal(model.settings.serviceCIDR, '10.96.0.0/12, fd00:10:96::/112');
    assert.equal(model.settings.clusterDomain, 'corp.local');
    assert.equal(model.settings.hostNetworkPods, 'as-pods');
    assert.equal(model.services.find((s) => s.object.name === 'plain')?.object.namespace, 'shop');
    assert.deepEqual(model.namespaces.get('kube-system'), { name: 'kube-system', labels: { 'kubernetes.io/metadata.name': 'kube-system' }, assumed: true });
    assert.deepEqual(model.namespaces.get('monitoring')?.labels, { team: 'observability', 'kubernetes.io/metadata.name': 'monitoring' });
  });

  it('when cluster.dns lists a preset and servers, then the model has the preset expanded and ports defaulted to 53', () => {
    const config = configFrom('cluster:\n  dns:\n    - openshift\n    - {cidr: 169.254.20.10}\n    - {namespace: dns, podLabels: {app: coredns}, service: coredns, port: 1053}\n');
    assert.deepEqual(config.cluster.dns, [
      { namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353, service: 'dns-default' },
      { cidr: '169.254.20.10', port: 53 },
      { namespace: 'dns', podLabels: { app: 'coredns' }, port: 1053, service: 'coredns' },
    ]);
    assert.equal(configFrom('cluster: {}\n').cluster.dns, undefined, 'unset: the usual servers are assumed');
  });

  it('when the config has a source, then it keeps the file for positions of its own findings', () => {
    const config = configFrom('ignore: [vendor/]\n');
    assert.equal(config.source?.file.path, '.kube-netlint.yaml');
    assert.deepEqual(config.ignore, ['vendor/']);
  });
});

describe('configuration files on disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'kube-netlint-config-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('when the working directory is below the config file, then the config is found upward', () => {
    mkdirSync(join(root, 'deploy', 'prod'), { recursive: true });
    writeFileSync(join(root, '.kube-netlint.yaml'), 'rules: {}\n');
    assert.equal(findConfigFile(join(root, 'deploy', 'prod')), join(root, '.kube-netlint.yaml'));
  });

  it('when paths are a file, a directory, a glob or standard input, then their common directory is where the config lookup starts', () => {
    mkdirSync(join(root, 'apps', 'a'), { recursive: true });
    mkdirSync(join(root, 'apps', 'b'), { recursive: true });
    writeFileSync(join(root, 'apps', 'a', 'svc.yaml'), '');
    assert.equal(commonDirectory(root, ['apps/a/svc.yaml']), join(root, 'apps', 'a'));
    assert.equal(commonDirectory(root, ['apps/a/svc.yaml', 'apps/b']), join(root, 'apps'));
    assert.equal(commonDirectory(root, ['apps/*/svc.yaml', '-']), join(root, 'apps'));
    assert.equal(commonDirectory(root, ['-', 'no/such/path']), undefined);
    assert.equal(commonDirectory(root, ['apps', '/']), '/');
    writeFileSync(join(root, 'apps', '.kube-netlint.yml'), 'rules: {}\n');
    assert.equal(findConfigFor(root, ['apps/a', 'apps/b']), join(root, 'apps', '.kube-netlint.yml'));
    assert.equal(findConfigFor(join(root, 'apps'), ['-']), join(root, 'apps', '.kube-netlint.yml'));
  });

  it('when ignore lists a directory and a glob, then matching files are not loaded', async () => {
    const tree = join(root, 'tree');
    mkdirSync(join(tree, 'vendor'), { recursive: true });
    mkdirSync(join(tree, 'app'), { recursive: true });
    writeFileSync(join(tree, 'vendor', 'chart.yaml'), 'a: 1\n');
    writeFileSync(join(tree, 'app', 'svc.yaml'), 'a: 1\n');
    writeFileSync(join(tree, 'app', 'svc.generated.yaml'), 'a: 1\n');
    const config = configFrom('ignore:\n  - vendor/\n  - "**/*.generated.yaml"\n');
    const loaded = await loadSources(['.'], { cwd: tree, ignore: config.ignore });
    assert.deepEqual(
      loaded.files.map((f) => f.path),
      ['app/svc.yaml'],
    );
  });

  it('when the config file given does not exist, then that is the one mistake reported', () => {
    const { problems } = loadConfigFile('missing.yaml', root);
    assert.deepEqual(problems.map((p) => [p.file.path, p.message]), [['missing.yaml', 'config file not found']]);
  });

  it('when the config file on disk has a mistake, then it is reported at its line in that file', () => {
    writeFileSync(join(root, 'bad.yaml'), 'rules:\n  schema: warn\n');
    const { problems } = loadConfigFile('bad.yaml', root);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.file.path, 'bad.yaml');
    assert.equal(positionAt(problems[0]!.file, problems[0]!.span.start).line, 2);
  });
});

describe('configuration mistakes', () => {
  const cases: readonly { name: string; text: string; expected: readonly string[] }[] = [
    {
      name: 'a top-level key is unknown',
      text: 'rules: {}\nrulez:\n  every-service: off\n',
      expected: ['2:1 unknown field "rulez" at the top level; known fields: rules, ignore, projects, helm, kustomize, maxFileSize, jobs, exemptions, cluster, workloads, assertions'],
    },
    {
      name: 'jobs is no number of threads',
      text: 'jobs: 0\n',
      expected: ['1:7 jobs must be >= 1, not 0'],
    },
    {
      name: 'a cluster key is unknown',
      text: 'cluster:\n  nodePortRanges: 30000-32767\n',
      expected: ['2:3 unknown field "nodePortRanges" in cluster; known fields: defaultNamespace, serviceCIDR, nodePortRange, clusterDomain, namespaces, hostNetworkPods, ingressController, gateways, dns'],
    },
    {
      name: 'cluster.dns names an unknown preset',
      text: 'cluster:\n  dns: coredns\n',
      expected: ['2:8 cluster.dns must be a DNS preset: kube-dns (also CoreDNS), openshift or node-local, not "coredns"'],
    },
    {
      name: 'a cluster.dns server mixes pods and an address, and another has a CIDR that is none',
      text: 'cluster:\n  dns:\n    - {namespace: dns, podLabels: {app: coredns}, cidr: 10.0.0.10}\n    - {cidr: 10.0.0.0/33}\n',
      expected: [
        '3:7 cluster.dns[0] must be DNS pods (namespace and podLabels, optionally service) or an address (cidr), with an optional port',
        '4:14 cidr "10.0.0.0/33" is not an address or a CIDR; write one such as 169.254.20.10 or 169.254.20.10/32',
      ],
    },
    {
      name: 'ignore is a string instead of a list',
      text: 'ignore: vendor/\n',
      expected: ['1:9 ignore must be an array, not "vendor/"'],
    },
    {
      name: 'maxFileSize is quoted',
      text: 'maxFileSize: "1000"\n',
      expected: ['1:14 maxFileSize must be an integer, not "1000" (remove the quotes)'],
    },
    {
      name: 'a severity is misspelt',
      text: 'rules:\n  every-service: warn\n',
      expected: ['2:18 rules.every-service must be one of "error", "warning", "info", "off", not "warn"'],
    },
    {
      name: 'a severity inside a rule object is misspelt and the object has an unknown key',
      text: 'rules:\n  every-service:\n    severity: fatal\n    option: {limit: 1}\n',
      expected: [
        '3:15 rules.every-service.severity must be one of "error", "warning", "info", "off", not "fatal"',
        '4:5 unknown field "option" in rules.every-service; known fields: severity, options',
      ],
    },
    {
      name: 'a rule setting is a number',
      text: 'rules:\n  every-service: 2\n',
      expected: ['2:18 rules.every-service must be a string or an object, not 2'],
    },
    {
      name: 'a rule id is unknown',
      text: 'rules:\n  every-servce: off\n',
      expected: ['2:3 unknown rule "every-servce"; `kube-netlint rules` lists the rule ids'],
    },
    {
      name: 'rule options do not match the rule options schema',
      text: 'rules:\n  every-service:\n    options:\n      limit: 0\n',
      expected: ['4:14 rules.every-service.options.limit must be >= 1, not 0'],
    },
    {
      name: 'rule options have an unknown field and a field of the wrong type',
      text: 'rules:\n  every-service:\n    options:\n      bogus: 1\n      limit: many\n',
      expected: [
        '4:7 unknown field "bogus" in rules.every-service.options; known fields: limit',
        '5:14 rules.every-service.options.limit must be an integer, not "many"',
      ],
    },
    {
      name: 'a rule without options is given options',
      text: 'rules:\n  every-deployment:\n    options: {verbose: true}\n',
      expected: ['3:5 rule "every-deployment" takes no options'],
    },
    {
      name: 'an exemption has no reason',
      text: 'exemptions:\n  - kind: Service\n    name: legacy-*\n',
      expected: ['2:5 exemptions[0] must give a reason (why the finding is acceptable)'],
    },
    {
      name: 'an exemption has an empty reason',
      text: 'exemptions:\n  - kind: Service\n    reason: ""\n',
      expected: ['3:13 exemptions[0].reason must not be empty'],
    },
    {
      name: 'an exemption says neither kind, namespace nor name',
      text: 'exemptions:\n  - rules: [every-service]\n    reason: noisy\n',
      expected: ['2:5 exemptions[0] must say which objects it exempts: kind, namespace or name'],
    },
    {
      name: 'an exemption lists an unknown rule',
      text: 'exemptions:\n  - kind: Service\n    rules: [every-service, no-such-rule]\n    reason: noisy\n',
      expected: ['3:28 unknown rule "no-such-rule"; `kube-netlint rules` lists the rule ids'],
    },
    {
      name: 'nodePortRange is reversed',
      text: 'cluster:\n  nodePortRange: 32767-30000\n',
      expected: ['2:18 nodePortRange "32767-30000" must be LOW-HIGH with 1 <= LOW <= HIGH <= 65535'],
    },
    {
      name: 'nodePortRange is a number, not a string',
      text: 'cluster:\n  nodePortRange: 30000\n',
      expected: ['2:18 cluster.nodePortRange must be a string, not 30000 (quote it: "30000")'],
    },
    {
      name: 'nodePortRange is a range of another shape',
      text: 'cluster:\n  nodePortRange: "30000..32767"\n',
      expected: ['2:18 cluster.nodePortRange must be LOW-HIGH, such as 30000-32767 (or PORT, or BASE+OFFSET, as --service-node-port-range), not "30000..32767"'],
    },
    {
      name: 'nodePortRange goes beyond 65535',
      text: 'cluster:\n  nodePortRange: "30000-70000"\n',
      expected: ['2:18 nodePortRange "30000-70000" must be LOW-HIGH with 1 <= LOW <= HIGH <= 65535'],
    },
    {
      name: 'serviceCIDR is not a CIDR',
      text: 'cluster:\n  serviceCIDR: 10.96.0.0\n',
      expected: ['2:16 cluster.serviceCIDR must be a CIDR such as 10.96.0.0/12, or two for dual-stack (10.96.0.0/12,fd00:10:96::/112), not "10.96.0.0"'],
    },
    {
      name: 'serviceCIDR has a prefix longer than the address',
      text: 'cluster:\n  serviceCIDR: 10.96.0.0/33\n',
      expected: ['2:16 serviceCIDR "10.96.0.0/33" is not a CIDR: the prefix length /33 is longer than the 32 bits of an IPv4 address; use a block such as 10.96.0.0/12'],
    },
    {
      name: 'serviceCIDR has an address that is not one',
      text: 'cluster:\n  serviceCIDR: 300.1.1.1/8\n',
      expected: ['2:16 serviceCIDR "300.1.1.1/8" is not a CIDR: "300.1.1.1" is not an IPv4 or IPv6 address; use a block such as 10.96.0.0/12'],
    },
    {
      name: 'serviceCIDR is dual-stack with an invalid IPv6 half',
      text: 'cluster:\n  serviceCIDR: "10.96.0.0/12,fd00::/129"\n',
      expected: ['2:16 serviceCIDR "10.96.0.0/12,fd00::/129" is not a CIDR: the prefix length /129 is longer than the 128 bits of an IPv6 address; use a block such as fd00:10:96::/112'],
    },
    {
      name: 'serviceCIDR lists two blocks of the same family',
      text: 'cluster:\n  serviceCIDR: "10.96.0.0/12,10.0.0.0/8"\n',
      expected: ['2:16 serviceCIDR "10.96.0.0/12,10.0.0.0/8" must be one CIDR, or one IPv4 and one IPv6 CIDR (dual-stack) separated by a comma'],
    },
    {
      name: 'defaultNamespace and an external namespace are not namespace names',
      text: 'cluster:\n  defaultNamespace: Bad_NS\n  namespaces: [kube-system, {name: Monitoring}]\n',
      expected: [
        "2:21 cluster.defaultNamespace must be a namespace name (a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit), not \"Bad_NS\"",
        "3:36 cluster.namespaces[1].name must be a namespace name (a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit), not \"Monitoring\"",
      ],
    },
    {
      name: 'projects is a single string rather than a list',
      text: 'projects: apps/*\n',
      expected: ['1:11 projects must be an array, not "apps/*"'],
    },
    {
      name: 'hostNetworkPods is not one of its two values',
      text: 'cluster:\n  hostNetworkPods: ignore\n',
      expected: ['2:20 cluster.hostNetworkPods must be one of "exempt", "as-pods", not "ignore"'],
    },
    {
      name: 'an external namespace entry has no name',
      text: 'cluster:\n  namespaces:\n    - kube-system\n    - labels: {team: ops}\n',
      expected: ['4:7 cluster.namespaces[1] is missing the required field "name"'],
    },
    {
      name: 'a workload preset id is unknown',
      text: 'workloads:\n  presets:\n    prometheus-operator: false\n    prometheus: false\n',
      expected: [
        '4:5 unknown workload preset "prometheus"; the presets are "prometheus-operator", "cloudnative-pg", "strimzi", "argo-rollouts", "knative-serving", "openkruise", "eck", "keda"',
      ],
    },
    {
      name: 'a workload label uses an unknown placeholder',
      text: 'workloads:\n  kinds:\n    - group: example.com\n      kind: WebApp\n      labels: {webapp: "{metadata.name}"}\n',
      expected: ['5:24 unknown placeholder "{metadata.name}" in label "webapp"; use {name}, {namespace}, {label:KEY} or {field:PATH} of the resource'],
    },
    {
      name: 'a workload kind declares a built-in kind',
      text: 'workloads:\n  kinds:\n    - group: networking.k8s.io\n      kind: Ingress\n',
      expected: ['4:13 Ingress of group "networking.k8s.io" is a built-in kind, which kube-netlint reads already; declare only custom resources'],
    },
    {
      name: 'a workload kind has a path, group and port of the wrong shape',
      text: 'workloads:\n  kinds:\n    - group: example\n      kind: WebApp\n      podTemplate: spec..template\n      ports: [{containerPort: 70000}]\n',
      expected: [
        '3:14 workloads.kinds[0].group must be the API group of a custom resource, a DNS name with at least one dot such as example.com, not "example"',
        '5:20 workloads.kinds[0].podTemplate must be a dotted field path such as spec.template, not "spec..template"',
        '6:31 workloads.kinds[0].ports[0].containerPort must be <= 65535, not 70000',
      ],
    },
    {
      name: 'a workload kind has no kind',
      text: 'workloads:\n  kinds:\n    - group: example.com\n',
      expected: ['3:7 workloads.kinds[0] is missing the required field "kind"'],
    },
    {
      name: 'a cluster.gateways entry names a Gateway without its namespace',
      text: 'cluster:\n  gateways:\n    - gateway: public\n      namespace: edge\n',
      expected: ['3:16 cluster.gateways[0].gateway must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[^/]+$", not "public"'],
    },
    {
      name: 'the YAML is malformed',
      text: 'rules:\n  every-service: off\n exemptions: []\n',
      expected: ['3:1 All mapping items must start at the same column'],
    },
    {
      name: 'the config is a list',
      text: '- rules\n',
      expected: ['1:1 the top level must be an object, not a list'],
    },
    {
      name: 'the config holds two documents',
      text: 'rules: {}\n---\nignore: []\n',
      expected: ['2:1 the config file must hold a single YAML document'],
    },
  ];
  for (const c of cases) {
    it(`when ${c.name}, then it is reported at its line and column`, () => {
      assert.deepEqual(mistakes(c.text), c.expected);
    });
  }

  it('when the config has a mistake, then the defaults are returned alongside it', () => {
    const result = parseConfig({ path: 'c.yaml', absPath: '/c.yaml', text: 'rules: {every-service: warn}\n' }, testRules);
    assert.deepEqual(result.config.rules, {});
  });

  it('when the real rules are used, then their ids are known and their options are checked', () => {
    const file = { path: 'c.yaml', absPath: '/c.yaml', text: 'rules:\n  service-selector-orphan: warning\n  schema: {severity: off}\n' };
    assert.deepEqual(parseConfig(file).problems, []);
  });
});

describe('the workloads section', () => {
  const kindsOf = (text: string) => configFrom(text).cluster.workloadKinds;

  it('when there is no workloads section, then the settings name no kinds and the model uses every preset', () => {
    assert.equal(kindsOf('rules: {}\n'), undefined);
  });

  it('when a kind has a preset kind\'s group and kind, then it replaces the preset\'s definition and the other presets stay', () => {
    const kinds = kindsOf('workloads:\n  kinds:\n    - group: monitoring.coreos.com\n      kind: Prometheus\n      podTemplate: spec.template\n      labels: {app: prom}\n')!;
    assert.deepEqual(
      kinds.filter((k) => k.kind === 'Prometheus').map((k) => [k.preset, k.podTemplate, k.labels]),
      [[undefined, ['spec', 'template'], { app: 'prom' }]],
    );
    assert.ok(kinds.some((k) => k.kind === 'Alertmanager' && k.preset === 'prometheus-operator'));
  });

  it('when a kind sets every field, then each is read into its definition', () => {
    const text =
      'workloads:\n  presets: false\n  kinds:\n    - group: example.com\n      kind: WebApp\n      versions: [v1, v2]\n      podLabels: spec.pod.labels\n      containers: spec.containers\n      selector: spec.selector\n      templateRef: spec.ref\n      when: spec.enabled\n      like: DaemonSet\n      resourceLabels: true\n      resourceLabelsExcept: [app.kubernetes.io/]\n      labels: {db: "{field:spec.db.name}"}\n      ports: [{name: dns, containerPort: 53, protocol: UDP}, {containerPort: 8080}]\n';
    assert.deepEqual(kindsOf(text), [
      {
        group: 'example.com',
        kind: 'WebApp',
        versions: ['v1', 'v2'],
        podLabels: ['spec', 'pod', 'labels'],
        containers: ['spec', 'containers'],
        selector: ['spec', 'selector'],
        templateRef: ['spec', 'ref'],
        when: ['spec', 'enabled'],
        like: 'DaemonSet',
        resourceLabels: { except: ['app.kubernetes.io/'] },
        labels: { db: '{field:spec.db.name}' },
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { containerPort: 8080, protocol: 'TCP' },
        ],
      },
    ]);
  });

  it('when presets is false, then only the declared kinds are in effect; when one preset is false, only its kinds are gone', () => {
    assert.deepEqual(
      kindsOf('workloads:\n  presets: false\n  kinds:\n    - {group: example.com, kind: WebApp, podTemplate: spec.template}\n')!.map((k) => k.kind),
      ['WebApp'],
    );
    const kinds = kindsOf('workloads:\n  presets: {strimzi: false}\n')!;
    assert.equal(kinds.filter((k) => k.preset === 'strimzi').length, 0);
    assert.ok(kinds.some((k) => k.preset === 'cloudnative-pg'));
  });
});
