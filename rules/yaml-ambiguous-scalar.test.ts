import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { testRule, toSourceFiles } from '../test/support/rule-tester.ts';
import { rule } from './yaml-ambiguous-scalar.ts';

const service = (ports: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n${ports}`;

testRule(rule, {
  valid: [
    { name: 'numbers are decimal and booleans are true and false', manifests: service('    - port: 80\n      targetPort: 8080\n') },
    {
      name: 'look-alikes are quoted, tagged or in a block scalar',
      manifests: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "yes"\n  b: \'010\'\n  c: !!str on\n  d: |\n    1_000\n',
    },
    { name: 'a YAML file that is not a Kubernetes object holds look-alikes', manifests: 'replicas: 010\nenabled: yes\n' },
    { name: 'a map key looks like a YAML 1.1 boolean', manifests: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  "on": "x"\n' },
    { name: 'under a %YAML 1.1 directive, 0o17 and 0x50 mean 15 and 80 to kubectl and to YAML 1.2 tools alike', manifests: `%YAML 1.1\n---\n${service('    - port: 0x50\n      targetPort: 0o17\n')}` },
    { name: 'a JSON manifest has numbers and booleans', manifests: { 'c.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "010"}, "x": [true, 8]}\n' } },
  ],
  invalid: [
    {
      name: 'under a %YAML 1.1 directive, 1_0 is 10 to kubectl but the string "1_0" to YAML 1.2 tools (the directive changes neither)',
      manifests: `%YAML 1.1\n---\n${service('    - port: 1_0\n      name: a\n    - port: 81\n      targetPort: 010\n')}`,
      errors: [
        { messageId: 'differs', line: 10, column: 13, includes: 'unquoted 1_0 is the number 10 to kubectl (YAML 1.1) but the string "1_0" to YAML 1.2 tools' },
        { messageId: 'differs', line: 13, column: 19, includes: 'unquoted 010 is the number 8 to kubectl (YAML 1.1 reads a leading 0 as octal) but the number 10 to YAML 1.2 tools' },
      ],
    },
    {
      name: 'a targetPort has a leading zero and a port an underscore',
      manifests: service('    - port: 80\n      targetPort: 010\n    - port: 1_000\n      name: admin\n'),
      errors: [
        { messageId: 'differs', line: 9, column: 19, includes: 'unquoted 010 is the number 8 to kubectl (YAML 1.1 reads a leading 0 as octal) but the number 10 to YAML 1.2 tools, and kube-netlint reads it as kubectl does; write 8 or 10, whichever you mean' },
        { messageId: 'differs', line: 10, column: 13, includes: 'the number 1000 to kubectl (YAML 1.1) but the string "1_000" to YAML 1.2 tools' },
      ],
    },
    {
      name: 'booleans are written yes, on and N, in block and flow style, and a number in binary',
      manifests: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: yes\n  containers:\n    - name: c\n      image: x\n      env: [{name: A, value: on}, {name: B, value: N}]\n      ports: [{containerPort: 0b1010000}]\n',
      errors: [
        { messageId: 'differs', line: 6, column: 16, includes: 'unquoted yes is the boolean true to kubectl (YAML 1.1) but the string "yes" to YAML 1.2 tools, and kube-netlint reads it as kubectl does; write true for the boolean, or "yes" (quoted) for the string' },
        { messageId: 'differs', line: 10, column: 30, includes: 'unquoted on is the boolean true' },
        { messageId: 'differs', line: 10, column: 52, includes: 'unquoted N is the boolean false' },
        { messageId: 'differs', line: 11, column: 31, includes: 'the number 80 to kubectl' },
      ],
    },
    {
      name: 'a file takes the YAML library path (an anchor) and holds an octal and an off',
      manifests: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n c\n  labels: {app: *n}\ndata:\n  mode: 0644\n  flag: off\n',
      errors: [
        { messageId: 'differs', line: 7, column: 9, includes: 'the number 420 to kubectl (YAML 1.1 reads a leading 0 as octal) but the number 644' },
        { messageId: 'differs', line: 8, column: 9, includes: 'the boolean false' },
      ],
    },
  ],
});

describe('values as kubectl reads them', () => {
  it('when another rule rejects the value as kubectl reads it, then only that error is reported there', () => {
    const manifest = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: c\n  labels: {canary: yes}\n  annotations: {size: 010}\nspec:\n  ports: [{port: 80}]\n';
    const found = analyze({ files: toSourceFiles(manifest), config: DEFAULT_CONFIG }).diagnostics.map((d) => `${d.ruleId} ${d.span.start}`);
    // The label value is label-value's error, the annotation value schema's; neither is also a warning here.
    assert.deepEqual(found.filter((f) => f.startsWith('yaml-ambiguous-scalar')), []);
    assert.ok(found.some((f) => f.startsWith('label-value')) && found.some((f) => f.startsWith('schema')), found.join('\n'));
  });


  it('when a targetPort is written 010, then the model holds 8, as the API server receives it', () => {
    const analysis = analyze({ files: toSourceFiles(service('    - port: 80\n      targetPort: 010\n')), config: DEFAULT_CONFIG });
    assert.equal(analysis.model.services[0]!.ports[0]!.targetPort, 8);
  });
});
