import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import common from '../../schemas/kubernetes/common.schema.json' with { type: 'json' };
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, dns1123LabelProblem, dns1123SubdomainProblem, ianaServiceNameProblem, isDns1035Label, isDns1123Label, isDns1123Subdomain } from './names.ts';

function table(name: string, check: (value: string) => string | undefined, valid: string[], invalid: [string, string][]): void {
  describe(name, () => {
    for (const value of valid) {
      it(`when given "${value}", then it is valid`, () => assert.equal(check(value), undefined));
    }
    for (const [value, reason] of invalid) {
      it(`when given "${value}", then it says ${reason}`, () => assert.ok(check(value)?.includes(reason), check(value)));
    }
  });
}

table(
  'dns1123LabelProblem',
  dns1123LabelProblem,
  ['http', 'a', '8080', 'web-api-1', 'a'.repeat(63)],
  [
    ['', 'empty'],
    ['Http', 'upper-case'],
    ['-http', 'start and end'],
    ['http-', 'start and end'],
    ['http_port', "'_' is not allowed"],
    ['a.b', "'.' is not allowed"],
    ['a'.repeat(64), '64 characters'],
  ],
);

table(
  'dns1123SubdomainProblem',
  dns1123SubdomainProblem,
  ['example.com', 'db.prod.example.com', 'localhost', '10.0.0.1', `${'a'.repeat(63)}.${'b'.repeat(63)}`],
  [
    ['', 'empty'],
    ['Example.com', 'upper-case'],
    ['a..b', 'dot-separated part'],
    ['-a.example.com', 'dot-separated part'],
    ['.example.com', 'dot-separated part'],
    ['_sip._tcp.example.com', "'_' is not allowed"],
    ['fd00::1', "':' is not allowed"],
    ['a'.repeat(254), '254 characters'],
  ],
);

table(
  'ianaServiceNameProblem',
  ianaServiceNameProblem,
  ['http', 'http-alt', 'h2c', 'a1', 'abcdefghijklmno'],
  [
    ['', 'empty'],
    ['abcdefghijklmnop', '16 characters'],
    ['HTTP', 'upper-case'],
    ['http.alt', "'.' is not allowed"],
    ['8080', 'at least one letter'],
    ['-http', "start or end with '-'"],
    ['http-', "start or end with '-'"],
    ['http--alt', "'--'"],
  ],
);

describe('name predicates', () => {
  it('when a name has the shape but is too long, then it is not a name of that format', () => {
    assert.equal(isDns1123Label('a'.repeat(63)), true);
    assert.equal(isDns1123Label('a'.repeat(64)), false);
    assert.equal(isDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}`), true);
    assert.equal(isDns1123Subdomain('a.'.repeat(127) + 'a'), false);
    assert.equal(isDns1035Label('web'), true);
    assert.equal(isDns1035Label('1web'), false);
  });
});

describe('the schema patterns', () => {
  const definitions = common.definitions as Record<string, { pattern?: string }>;
  it('when the schema and the code define DNS names, then they use the same patterns', () => {
    assert.equal(definitions.dns1123Label!.pattern, DNS1123_LABEL.source);
    assert.equal(definitions.dns1123Subdomain!.pattern, DNS1123_SUBDOMAIN.source);
    assert.equal(definitions.dns1035Label!.pattern, DNS1035_LABEL.source);
  });
  it('when a port name is checked by the schema and by the code, then they agree', () => {
    const pattern = new RegExp(definitions.ianaSvcName!.pattern!);
    for (const value of ['http', 'h2c', 'a1', 'abcdefghijklmno', '', 'abcdefghijklmnop', 'HTTP', 'http.alt', '8080', '-http', 'http-', 'http--alt', 'a-b-c']) {
      assert.equal(pattern.test(value), ianaServiceNameProblem(value) === undefined, value);
    }
  });
});
