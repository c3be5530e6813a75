import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../src/lint/types.ts';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { positionAt } from '../src/source/text.ts';
import { runRule, testRule, toSourceFiles } from '../test/support/rule-tester.ts';
import { kubectlKey, labelKeyProblem, labelValueProblem, rule, yaml11Scalar } from './label-value.ts';

const configMap = (labels: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n${labels}data: {}\n`;

describe('label syntax', () => {
  const keys: [string, boolean][] = [
    ['app', true],
    ['app.kubernetes.io/name', true],
    ['example.com/a_b.c-d', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['Example.com/app', false],
    ['/app', false],
    ['a/b/c', false],
    ['app-', false],
    ['', false],
  ];
  for (const [key, valid] of keys) {
    it(`when the key is "${key.length > 20 ? `${key.slice(0, 8)}... (${key.length})` : key}", then it is ${valid ? 'valid' : 'invalid'}`, () => {
      assert.equal(labelKeyProblem(key) === undefined, valid);
    });
  }
  const values: [string, boolean][] = [
    ['', true],
    ['v1.2.3_rc-1', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['-v1', false],
    ['v1+build', false],
    ['has space', false],
  ];
  for (const [value, valid] of values) {
    it(`when the value is "${value.length > 20 ? `${value.slice(0, 8)}... (${value.length})` : value}", then it is ${valid ? 'valid' : 'invalid'}`, () => {
      assert.equal(labelValueProblem(value) === undefined, valid);
    });
  }
  const scalars: [string, ReturnType<typeof yaml11Scalar>][] = [
    ['yes', { type: 'bool', as: 'true' }],
    ['Off', { type: 'bool', as: 'false' }],
    ['n', { type: 'bool', as: 'false' }],
    ['0700', { type: 'number', as: '448' }],
    ['1_000', { type: 'number', as: '1000' }],
    ['0b101', { type: 'number', as: '5' }],
    ['-0x1F', { type: 'number', as: '-31' }],
    ['1.5e3', { type: 'number', as: '1500' }],
    ['yes-please', undefined],
    ['v1', undefined],
    ['1.2.3', undefined],
    ['_1', undefined],
    ['constructor', undefined],
    // Out of range for strconv.ParseFloat, or for ParseUint with a base prefix: go-yaml keeps the string.
    ['1e400', undefined],
    ['0x1FFFFFFFFFFFFFFFFF', undefined],
  ];
  for (const [text, expected] of scalars) {
    it(`when a YAML 1.1 reader reads plain ${text}, then it is ${expected ? `the ${expected.type} ${expected.as}` : 'a string'}`, () => {
      assert.deepEqual(yaml11Scalar(text), expected);
    });
  }
  // sigs.k8s.io/yaml prints integer keys in decimal and float keys with strconv.FormatFloat(f, 'g', -1, 32).
  const kubectlKeys: [string, string | undefined][] = [
    ['on', 'true'],
    ['010', '8'],
    ['08', '8'],
    ['-0x1F', '-31'],
    ['1.0', '1'],
    ['.5', '0.5'],
    ['3.14159265', '3.1415927'],
    ['1e7', '1e+07'],
    ['1.5e-7', '1.5e-07'],
    ['-0.0', '-0'],
    ['99999999999999999999999', '1e+23'],
    ['-.Inf', '-.inf'],
    ['.NaN', '.nan'],
    ['12345678901234567890', undefined],
    ['18446744073709551615', undefined],
    ['web', undefined],
  ];
  for (const [text, expected] of kubectlKeys) {
    it(`when kubectl reads the plain key ${text}, then it sends ${expected === undefined ? 'no key it can be told' : `the key "${expected}"`}`, () => {
      assert.equal(kubectlKey(text), expected);
    });
  }
});

testRule(rule, {
  valid: [
    { name: 'labels are valid strings, with quoted look-alikes', manifests: configMap('    app.kubernetes.io/name: web\n    version: "1.0"\n    enabled: \'true\'\n    canary: !!str yes\n    empty:\n    blank: ""\n') },
    {
      name: 'selectors and template labels are valid, in flow style',
      manifests:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web, on-call: "no"}}\n    spec: {containers: [{name: c, image: x}]}\n',
    },
    {
      name: 'label keys and a nodeSelector are quoted look-alikes, tagged or "true" (a boolean to every reader, read back as "true")',
      manifests:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    constructor: toString\n    "on": duty\n    \'y\': a\n    !!str no: b\n    true: c\nspec:\n  nodeSelector: {kubernetes.io/os: linux, "yes": "no"}\n  containers: [{name: c, image: x}]\n',
    },
    {
      name: 'label keys true, false, 2 and 1.5 read back as the text written in both YAML 1.2 and kubectl\'s YAML 1.1, and a null selector value is the empty string',
      manifests:
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n  labels:\n    true: a\n    false: b\n    2: c\n    1.5: d\nspec:\n  podSelector:\n    matchExpressions: [{key: tier, operator: In, values: [~, "1.0", front]}]\n',
    },
    {
      name: 'annotation values and selector expression values are quoted look-alikes or any string, and a non-string annotation is left to the schema rule',
      manifests:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations: {note: "yes", description: has spaces + symbols!, prometheus.io/scrape: true}\nspec:\n  selector:\n    matchExpressions: [{key: tier, operator: In, values: ["yes", \'on\', front]}, {key: app, operator: Exists}]\n  template:\n    metadata:\n      labels: {app: web, tier: front}\n      annotations:\n        sidecar.istio.io/inject: "false"\n    spec: {containers: [{name: c, image: x}]}\n',
    },
  ],
  invalid: [
    {
      name: 'selector expression values are unquoted words kubectl reads as booleans, or invalid, and a key is invalid',
      manifests: {
        'deploy.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n    matchExpressions:\n      - key: canary\n        operator: In\n        values: [yes, on, "v1+2"]\n  template:\n    metadata: {labels: {canary: "yes"}}\n    spec: {containers: [{name: c, image: x}]}\n',
        'np.yaml':
          'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector:\n    matchExpressions: [{key: Team/Name, operator: Exists}]\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchExpressions: [{key: env, operator: NotIn, values: [off]}]\n',
      },
      errors: [
        { messageId: 'notString', line: 9, column: 18, file: 'deploy.yaml', includes: 'label "canary" has the bool value yes, not a string; Kubernetes rejects it (cannot unmarshal bool into string): quote it, "yes"' },
        { messageId: 'notString', line: 9, column: 23, file: 'deploy.yaml', includes: 'bool value on' },
        { messageId: 'invalidValue', line: 9, column: 27, file: 'deploy.yaml', includes: '"v1+2"' },
        { messageId: 'invalidKey', line: 6, column: 30, file: 'np.yaml', includes: 'label key "Team/Name"' },
        { messageId: 'notString', line: 10, column: 69, file: 'np.yaml', includes: 'bool value off' },
      ],
    },
    {
      name: 'label keys of an object, selectors, a template and a nodeSelector are unquoted YAML 1.1 booleans, and a nodeSelector value is invalid',
      manifests:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    on: duty\nspec:\n  selector:\n    matchLabels: {app: web, Y: "1"}\n    matchExpressions: [{key: off, operator: Exists}]\n  template:\n    metadata:\n      labels: {app: web, Y: "1"}\n    spec:\n      nodeSelector:\n        NO: ssd\n        disk: fast ssd\n      containers: [{name: c, image: x}]\n',
      errors: [
        { messageId: 'yaml11Key', line: 6, column: 5, includes: 'label key on is unquoted, and YAML 1.1 readers such as kubectl read it as the bool true, so the key becomes "true": quote it, "on"' },
        { messageId: 'yaml11Key', line: 9, column: 29, includes: 'the bool true' },
        { messageId: 'expressionKeyNotString', line: 10, column: 30, includes: 'selector key off is a bool, not a string' },
        { messageId: 'yaml11Key', line: 13, column: 26 },
        { messageId: 'yaml11Key', line: 16, column: 9, includes: 'the key becomes "false"' },
        { messageId: 'invalidValue', line: 17, column: 15, includes: '"fast ssd"' },
      ],
    },
    {
      name: 'matchExpressions values are numbers and booleans, written as 1.0, 2, on and true, beside a list and an invalid number',
      manifests:
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector:\n    matchExpressions:\n      - {key: tier, operator: In, values: [1.0, 2, on, true]}\n      - {key: app, operator: NotIn, values: [[web], -1]}\n',
      errors: [
        { messageId: 'notString', line: 7, column: 44, includes: 'label "tier" has the number value 1.0, not a string; Kubernetes rejects it (cannot unmarshal number into string): quote it, "1.0"' },
        { messageId: 'notString', line: 7, column: 49, includes: 'number value 2,' },
        { messageId: 'notString', line: 7, column: 52, includes: 'label "tier" has the bool value on' },
        { messageId: 'notString', line: 7, column: 56, includes: 'bool value true' },
        { messageId: 'notScalar', line: 8, column: 46, includes: 'label "app" has a list as its value' },
        { messageId: 'invalidValue', line: 8, column: 53, includes: 'label value "-1" of "app"' },
      ],
    },
    {
      name: 'unquoted label keys are read as booleans, numbers or null, so the key differs from the text written',
      manifests: {
        'deploy.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    True: a\n    FALSE: b\n    0x10: c\n    1e3: d\n    1.50: e\n    010: f\n    Null: g\nspec:\n  selector:\n    matchLabels: {app: web, TRUE: x}\n  template:\n    metadata:\n      labels: {app: web, TRUE: x, ~: ssd}\n    spec:\n      nodeSelector: {False: z, 1_000: x}\n      containers: [{name: c, image: x}]\n',
      },
      errors: [
        { messageId: 'keyNotString', line: 6, column: 5, includes: 'label key True is unquoted, so YAML reads it as the bool true rather than a string, and the key becomes "true": quote it, "True"' },
        { messageId: 'keyNotString', line: 7, column: 5, includes: 'the bool false' },
        { messageId: 'keyNotString', line: 8, column: 5, includes: 'the number 16 rather than a string, and the key becomes "16": quote it, "0x10"' },
        { messageId: 'keyNotString', line: 9, column: 5, includes: 'the key becomes "1000"' },
        { messageId: 'keyNotString', line: 10, column: 5, includes: 'the key becomes "1.5": quote it, "1.50"' },
        {
          messageId: 'keyNotStringYaml11',
          line: 11,
          column: 5,
          includes:
            'label key 010 is unquoted, so YAML 1.2 reads it as the number 10 rather than a string and the key becomes "10", while YAML 1.1 readers such as kubectl read the number 8 and send the key "8": quote it, "010"',
        },
        { messageId: 'keyNotString', line: 12, column: 5, includes: 'label key Null is unquoted, so YAML reads it as null rather than a string, and the key becomes ""' },
        { messageId: 'keyNotString', line: 15, column: 29, includes: 'label key TRUE' },
        { messageId: 'keyNotString', line: 18, column: 26, includes: 'label key TRUE' },
        { messageId: 'keyNotStringInvalid', line: 18, column: 35, includes: 'label key ~ is unquoted, so YAML reads it as null and the key becomes ""' },
        { messageId: 'keyNotString', line: 20, column: 22, includes: 'label key False' },
        { messageId: 'yaml11Key', line: 20, column: 32, includes: 'label key 1_000 is unquoted, and YAML 1.1 readers such as kubectl read it as the number 1000, so the key becomes "1000"' },
      ],
    },
    {
      name: 'matchExpressions keys are a boolean, a number and a number that is no valid key when quoted',
      manifests:
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector:\n    matchExpressions:\n      - {key: True, operator: Exists}\n      - {key: 1.0, operator: In, values: [a]}\n      - {key: -1, operator: Exists}\n',
      errors: [
        { messageId: 'expressionKeyNotString', line: 7, column: 15, includes: 'selector key True is a bool, not a string; Kubernetes rejects it (cannot unmarshal bool into string): quote it, "True"' },
        { messageId: 'expressionKeyNotString', line: 8, column: 15, includes: 'selector key 1.0 is a number' },
        { messageId: 'invalidKey', line: 9, column: 15, includes: 'label key "-1" is not valid' },
      ],
    },
    {
      name: 'a key has an uppercase prefix and another a bad name',
      manifests: configMap('    Example.com/app: web\n    team_: core\n'),
      errors: [
        { messageId: 'invalidKey', line: 6, column: 5, includes: 'lowercase DNS subdomain' },
        { messageId: 'invalidKey', line: 7, column: 5, includes: 'name part' },
      ],
    },
    {
      name: 'a value is too long or has a forbidden character',
      manifests: configMap(`    commit: ${'a'.repeat(64)}\n    build: "v1+7"\n`),
      errors: [
        { messageId: 'invalidValue', line: 6, column: 13, includes: 'at most 63 characters (it has 64)' },
        { messageId: 'invalidValue', line: 7, column: 12, includes: '"v1+7"' },
      ],
    },
    {
      name: 'values are numbers and booleans to YAML 1.2',
      manifests: configMap('    version: 1.0\n    enabled: true\n    mode: 0700\n'),
      errors: [
        { messageId: 'notString', line: 6, column: 14, includes: 'number value 1.0' },
        { messageId: 'notString', line: 7, column: 14, includes: 'bool value true' },
        { messageId: 'notString', line: 8, column: 11, includes: '"0700"' },
      ],
    },
    {
      name: 'a value is a map',
      manifests: configMap('    app: {name: web}\n'),
      errors: [{ messageId: 'notScalar', line: 6, column: 10, includes: 'a map' }],
    },
    {
      name: 'unquoted values are booleans or numbers as kubectl reads them (YAML 1.1)',
      manifests: configMap('    canary: yes\n    legacy: Off\n    replicas: 1_000\n'),
      errors: [
        { messageId: 'notString', line: 6, column: 13, includes: 'the bool value yes' },
        { messageId: 'notString', line: 7, column: 13, includes: 'the bool value Off' },
        { messageId: 'notString', line: 8, column: 15, includes: 'the number value 1_000, not a string; Kubernetes rejects it (cannot unmarshal number into string): quote it, "1_000"' },
      ],
    },
    {
      name: 'selector and template labels of a workload, a Service and a NetworkPolicy are bad',
      manifests: {
        'deploy.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels: {app: web, canary: on}\n  template:\n    metadata:\n      labels: {app: web, canary: on}\n    spec: {containers: [{name: c, image: x}]}\n',
        'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector:\n    tier: 2\n  ports: [{port: 80}]\n',
        'np.yaml':
          'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels: {team: "a b"}\n          podSelector:\n            matchLabels: {role: n}\n',
      },
      errors: [
        { messageId: 'notString', line: 6, column: 37, file: 'deploy.yaml' },
        { messageId: 'notString', line: 9, column: 34, file: 'deploy.yaml' },
        { messageId: 'invalidValue', line: 9, column: 33, file: 'np.yaml' },
        { messageId: 'notString', line: 11, column: 33, file: 'np.yaml' },
        { messageId: 'notString', line: 6, column: 11, file: 'svc.yaml' },
      ],
    },
  ],
});

/** Applies every fix of `found` to the text of each file (edits do not overlap: one per finding). */
function applyFixes(files: Record<string, string>, found: readonly Diagnostic[]): Record<string, string> {
  const edits = found.flatMap((d) => d.fix?.edits ?? []).sort((a, b) => b.span.start - a.span.start);
  const out = { ...files };
  for (const edit of edits) {
    const text = out[edit.file.path]!;
    out[edit.file.path] = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  }
  return out;
}

describe('label-value quick fixes', () => {
  it('when every fix is applied, then each scalar is quoted exactly as written and linting again finds nothing', () => {
    const files = {
      'deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    on: duty\n    version: 1.0\n    mode: 0700\n  annotations: {sidecar.istio.io/inject: yes}\nspec:\n  selector:\n    matchLabels: {app: web}\n    matchExpressions: [{key: Off, operator: In, values: [y, 1_000]}]\n  template:\n    metadata:\n      labels: {app: web, enabled: TRUE}\n    spec: {containers: [{name: c, image: x}]}\n',
      'svc.json': '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"selector": {"tier": 2.50}, "ports": [{"port": 80}]}}\n',
    };
    const found = runRule(rule, files);
    assert.equal(found.length, 8);
    assert.ok(found.every((d) => d.fix?.edits.length === 1), found.filter((d) => !d.fix).map((d) => d.message).join('\n'));
    const fixed = applyFixes(files, found);
    assert.equal(
      fixed['deploy.yaml'],
      // The annotation value is the schema rule's: annotation values must be strings.
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    "on": duty\n    version: "1.0"\n    mode: "0700"\n  annotations: {sidecar.istio.io/inject: yes}\nspec:\n  selector:\n    matchLabels: {app: web}\n    matchExpressions: [{key: "Off", operator: In, values: ["y", "1_000"]}]\n  template:\n    metadata:\n      labels: {app: web, enabled: "TRUE"}\n    spec: {containers: [{name: c, image: x}]}\n',
    );
    assert.equal(fixed['svc.json'], files['svc.json'].replace('2.50', '"2.50"'));
    assert.deepEqual(runRule(rule, fixed).map((d) => d.message), []);
  });

  it('when the fixes of unquoted keys and matchExpressions keys and values are applied, then each is quoted as written and linting again finds nothing', () => {
    const files = {
      'np.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n  labels: {True: a, 0x10: b, Null: c}\nspec:\n  podSelector:\n    matchLabels: {FALSE: x}\n    matchExpressions:\n      - {key: tier, operator: In, values: [1.0, 2, on, true]}\n      - {key: True, operator: NotIn, values: [1e3]}\n',
    };
    const found = runRule(rule, files);
    assert.equal(found.length, 10);
    assert.ok(found.every((d) => d.fix?.edits.length === 1), found.filter((d) => !d.fix).map((d) => d.message).join('\n'));
    const fixed = applyFixes(files, found);
    assert.equal(
      fixed['np.yaml'],
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n  labels: {"True": a, "0x10": b, "Null": c}\nspec:\n  podSelector:\n    matchLabels: {"FALSE": x}\n    matchExpressions:\n      - {key: tier, operator: In, values: ["1.0", "2", "on", "true"]}\n      - {key: "True", operator: NotIn, values: ["1e3"]}\n',
    );
    assert.deepEqual(runRule(rule, fixed).map((d) => d.message), []);
  });

  it('when a non-string label value comes through an alias or a merge key, then it is reported without a fix', () => {
    const manifest =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    <<: {size: &s 3}\n    again: *s\ndata: {}\n';
    const found = runRule(rule, manifest);
    assert.deepEqual(
      found.map((d) => [d.messageId, d.message.includes('"3"'), d.fix !== undefined]),
      [
        ['notString', true, false],
        ['notString', true, false],
      ],
    );
  });

  it('when a value has a tag, also before an anchor, then it is reported without a fix, and a comment ending in "!" does not hide the next key', () => {
    const found = runRule(rule, configMap('    size: !!int &x 5\n    # do not edit !!!\n    on: duty\n    count: &n 3\n'));
    assert.deepEqual(
      found.map((d) => [d.messageId, positionAt(d.file, d.span.start).line, d.fix?.edits[0]?.newText]),
      [
        ['notString', 6, undefined],
        ['yaml11Key', 8, '"on"'],
        // An anchor does not change how the scalar reads; quoting after it makes the string.
        ['notString', 9, '"3"'],
      ],
    );
  });
});

describe('label-value and schema share selector keys and values', () => {
  const manifest =
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector:\n    matchLabels: {version: 1.0}\n    matchExpressions:\n      - {key: tier, operator: In, values: [1.0, 2, on, true]}\n      - {key: True, operator: Exists}\n      - {key: ~, operator: Exists}\n';
  const found = analyze({ files: toSourceFiles(manifest), config: DEFAULT_CONFIG }).diagnostics.map((d) => {
    const { line, column } = positionAt(d.file, d.span.start);
    return `${line}:${column} ${d.ruleId}`;
  });

  it('when matchLabels and matchExpressions values and an expression key are numbers or booleans, then label-value alone reports each, once', () => {
    assert.deepEqual(
      found.filter((f) => !f.startsWith('10:')),
      ['6:28 label-value', '8:44 label-value', '8:49 label-value', '8:52 label-value', '8:56 label-value', '9:15 label-value'],
    );
  });

  it('when an expression key is null, then the schema rule reports that it must be a string', () => {
    assert.deepEqual(
      found.filter((f) => f.startsWith('10:')),
      ['10:15 schema'],
    );
  });

  it('when a matchLabels value is a number, then the selector is invalid and rules judging what it selects say nothing', () => {
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web, version: "1.0"}}\n    spec: {containers: [{name: c, image: x}]}\n';
    const policy =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\nspec:\n  podSelector: {matchLabels: {version: 1.0}}\n  ingress: [{from: [{podSelector: {matchLabels: {version: 1.0}}}]}]\n';
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {version: 1.0}\n  ports: [{port: 80}]\n';
    const rules = analyze({ files: toSourceFiles(`${deployment}---\n${policy}---\n${service}`), config: DEFAULT_CONFIG }).diagnostics.map((d) => d.ruleId);
    assert.deepEqual(
      rules.filter((id) => id === 'label-value' || id.includes('orphan')),
      ['label-value', 'label-value', 'label-value'],
    );
  });
});

describe('label-value on keys that quoting cannot make valid', () => {
  it('when a label key is written ~, then the finding offers no quote fix, since "~" is no valid key either', () => {
    const [finding, ...rest] = runRule(rule, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    ~: ssd\n');
    assert.equal(rest.length, 0);
    assert.equal(finding!.messageId, 'keyNotStringInvalid');
    assert.equal(finding!.fix, undefined);
    assert.match(finding!.message, /quoted, it is no valid key either: write the label key you mean/);
  });

  it('when a label key is written .5, then it is named a number, not null, and gets no quote fix either', () => {
    const [finding] = runRule(rule, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    .5: ssd\n');
    assert.equal(finding!.messageId, 'keyNotStringInvalid');
    assert.match(finding!.message, /reads it as the number 0\.5 and the key becomes "0\.5"/);
    assert.equal(finding!.fix, undefined);
  });

  it('when a label key is written Null, then quoting it is the fix, as "Null" is a valid key', () => {
    const [finding] = runRule(rule, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    Null: ssd\n');
    assert.equal(finding!.fix?.edits[0]?.newText, '"Null"');
  });
});
