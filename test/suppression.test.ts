import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../src/analyze.ts';
import { DEFAULT_CONFIG, resolveConfig } from '../src/app/config.ts';
import type { Rule } from '../src/lint/types.ts';
import { positionAt } from '../src/source/text.ts';
import { toSourceFiles } from './support/rule-tester.ts';

/** Reports every port of every Service, at `spec.ports[i].port`. */
const portRule: Rule = {
  meta: {
    id: 'port-rule',
    severity: 'error',
    description: 'Test rule: reports every Service port.',
    messages: { port: 'port {{port}}' },
    remediation: 'Nothing to do; this rule exists for tests.',
  },
  check(context) {
    context.each(context.model.services, (service) => {
      for (const port of service.ports) {
        context.report({ messageId: 'port', data: { port: port.port ?? '?' }, at: { object: service.object, path: [...port.path, 'port'] } });
      }
    });
  },
};

/** Reports every object, at `metadata.name`. */
const nameRule: Rule = {
  meta: {
    id: 'name-rule',
    severity: 'warning',
    description: 'Test rule: reports every object name.',
    messages: { name: '{{kind}} {{name}}' },
    remediation: 'Nothing to do; this rule exists for tests.',
  },
  check(context) {
    context.each(context.model.objects, (object) => {
      context.report({ messageId: 'name', data: { kind: object.kind, name: object.name }, at: { object, path: ['metadata', 'name'] } });
    });
  },
};

/** `line rule` of each finding left after suppression. */
function findings(text: string, config = DEFAULT_CONFIG): string[] {
  const { diagnostics } = analyze({ files: toSourceFiles(text), config, rules: [portRule, nameRule] });
  return diagnostics.map((d) => `${positionAt(d.file, d.span.start).line} ${d.ruleId}`);
}

const service = (name: string, annotations = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${annotations}spec:
  ports:
    - port: 80
    - port: 443
`;

describe('suppression by annotation', () => {
  it('when a Service lists both rules in its ignore annotation, then neither reports on it, and the next Service is still reported', () => {
    const text = `${service('a', '  annotations:\n    kube-netlint.io/ignore: "port-rule,name-rule"\n')}---\n${service('b')}`;
    assert.deepEqual(findings(text), ['15 name-rule', '18 port-rule', '19 port-rule']);
  });

  it('when the annotation lists one rule, then the other rule still reports on that object', () => {
    const text = service('a', '  annotations:\n    kube-netlint.io/ignore: port-rule\n');
    assert.deepEqual(findings(text), ['4 name-rule']);
  });

  it('when ids are separated by a comma and spaces, then each is honoured', () => {
    const text = service('a', '  annotations:\n    kube-netlint.io/ignore: "name-rule, port-rule"\n');
    assert.deepEqual(findings(text), []);
  });

  it("when the annotation is on a Deployment's pod template, then findings on the Deployment are suppressed", () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      annotations:
        kube-netlint.io/ignore: name-rule
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers: [{name: api, image: nginx}]
`;
    assert.deepEqual(findings(text), ['16 name-rule']);
  });
});

describe('suppression by comment', () => {
  it('when disable-next-line names a rule, then only that rule on only the next line is suppressed', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: a
spec:
  ports:
    # kube-netlint-disable-next-line port-rule
    - port: 80
    - port: 443
`;
    assert.deepEqual(findings(text), ['4 name-rule', '9 port-rule']);
  });

  it('when disable-next-line names another rule, then the finding on the next line is still reported', () => {
    const text = service('a').replace('    - port: 80', '    # kube-netlint-disable-next-line name-rule\n    - port: 80');
    assert.deepEqual(findings(text), ['4 name-rule', '8 port-rule', '9 port-rule']);
  });

  it('when disable-next-line has no rule id, then every rule on the next line is suppressed', () => {
    const text = service('a').replace('  name: a', '  # kube-netlint-disable-next-line -- generated name\n  name: a');
    assert.deepEqual(findings(text), ['8 port-rule', '9 port-rule']);
  });

  it('when disable names a rule, then it holds to the end of the document and not into the next one', () => {
    const text = `${service('a').replace('spec:\n', 'spec:\n  # kube-netlint-disable port-rule\n')}---\n${service('b')}`;
    assert.deepEqual(findings(text), ['4 name-rule', '14 name-rule', '17 port-rule', '18 port-rule']);
  });

  it('when disable comes before the first key of the first document, then it still ends at the next ---', () => {
    const text = `# kube-netlint-disable port-rule\n${service('a')}---\n${service('b')}`;
    assert.deepEqual(findings(text), ['5 name-rule', '14 name-rule', '17 port-rule', '18 port-rule']);
  });

  it('when disable is in the second document, then the first document is still reported', () => {
    const text = `${service('a')}---\n# kube-netlint-disable name-rule\n${service('b')}`;
    assert.deepEqual(findings(text), ['4 name-rule', '7 port-rule', '8 port-rule', '17 port-rule', '18 port-rule']);
  });

  it('when disable has no rule id, then every rule is suppressed from its line to the end of the document', () => {
    const text = `${service('a').replace('    - port: 443', '    # kube-netlint-disable\n    - port: 443')}---\n${service('b')}`;
    assert.deepEqual(findings(text), ['4 name-rule', '7 port-rule', '14 name-rule', '17 port-rule', '18 port-rule']);
  });

  it('when disable-line ends a line, then only findings on that same line are suppressed', () => {
    const text = `${service('a').replace('    - port: 80', '    - port: 80 # kube-netlint-disable-line port-rule')}---\n${service('b')}`;
    assert.deepEqual(findings(text), ['4 name-rule', '8 port-rule', '13 name-rule', '16 port-rule', '17 port-rule']);
  });

  it('when disable-line stands on its own line, then it suppresses nothing below it', () => {
    const text = service('a').replace('    - port: 80', '    # kube-netlint-disable-line\n    - port: 80');
    assert.deepEqual(findings(text), ['4 name-rule', '8 port-rule', '9 port-rule']);
  });

  it('when a directive name is misspelt (disable-lines, disabled, enable, disable-next-lines), then it is not read as disable and suppresses nothing', () => {
    for (const name of ['disable-lines', 'disabled', 'enable', 'disable-next-lines']) {
      const text = `${service('a').replace('spec:\n', `spec:\n  # kube-netlint-${name} port-rule\n`)}---\n${service('b')}`;
      assert.deepEqual(findings(text), ['4 name-rule', '8 port-rule', '9 port-rule', '14 name-rule', '17 port-rule', '18 port-rule'], name);
    }
  });

  it('when a directive lists all or *, then every rule is suppressed as by the annotation', () => {
    const text = service('a').replace('  name: a', '  # kube-netlint-disable-next-line all\n  name: a').replace('    - port: 80', '    - port: 80 # kube-netlint-disable-line *');
    assert.deepEqual(findings(text), ['9 port-rule']);
  });

  it('when a comment follows the rule ids, then its words are not read as rule ids', () => {
    const text = service('a').replace('    - port: 80', '    - port: 80 # kube-netlint-disable-line name-rule # port-rule is fine');
    assert.deepEqual(findings(text), ['4 name-rule', '7 port-rule', '8 port-rule']);
  });

  it('when the file uses CRLF line endings, then directives still apply to the right lines', () => {
    const text = `${service('a').replace('spec:\n', 'spec:\n  # kube-netlint-disable port-rule\n')}---\n${service('b')}`.replace(/\n/g, '\r\n');
    assert.deepEqual(findings(text), ['4 name-rule', '14 name-rule', '17 port-rule', '18 port-rule']);
  });
});

describe('suppression by config exemption', () => {
  it('when an exemption matches an object, then its rules are suppressed there only', () => {
    const config = resolveConfig({ exemptions: [{ kind: 'Service', name: 'a*', rules: ['port-rule'], reason: 'ports are managed by the mesh' }] });
    const text = `${service('a')}---\n${service('b')}`;
    assert.deepEqual(findings(text, config), ['4 name-rule', '13 name-rule', '16 port-rule', '17 port-rule']);
  });
});
