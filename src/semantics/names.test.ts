import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dns1123LabelProblem, dns1123SubdomainProblem, ianaServiceNameProblem } from './names.ts';

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
