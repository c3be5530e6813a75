import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrContains, cidrContainsCidr, formatCidr, formatIp, parseCidr, parseIp } from './ip.ts';

describe('parseIp', () => {
  const valid: [string, 4 | 6, bigint][] = [
    ['0.0.0.0', 4, 0n],
    ['10.96.0.1', 4, 0x0a600001n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['fd00::10', 6, 0xfd00n << 112n | 0x10n],
    ['FD00:0:0:0:0:0:0:10', 6, 0xfd00n << 112n | 0x10n],
    ['1:2:3:4:5:6:7::', 6, 0x0001000200030004000500060007_0000n],
    ['::ffff:10.0.0.1', 6, 0xffff0a000001n],
    ['2001:db8::192.0.2.1', 6, 0x20010db8n << 96n | 0xc0000201n],
  ];
  for (const [text, family, value] of valid) {
    it(`when given "${text}", then it is IPv${family} ${value.toString(16)}`, () => {
      assert.deepEqual(parseIp(text), { family, value });
    });
  }
  const invalid = ['', '10.0.0', '10.0.0.256', '10.0.0.01', '010.0.0.1', '10.0.0.1 ', '1.2.3.4.5', 'a.b.c.d', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8::', 'fe80::1%eth0', '12345::', 'g::1', '1.2.3.4::', '::1.2.3', 'None', '10.0.0.0/8'];
  for (const text of invalid) {
    it(`when given "${text}", then it is not an address`, () => {
      assert.equal(parseIp(text), undefined);
    });
  }
  it('when given something that is not a string, then it is not an address', () => {
    assert.equal(parseIp(42 as unknown as string), undefined);
  });
});

describe('parseCidr', () => {
  it('when given an IPv4 block, then it has its first and last address', () => {
    assert.deepEqual(parseCidr('10.96.0.0/12'), { family: 4, start: 0x0a600000n, end: 0x0a6fffffn, prefix: 12, hostBitsSet: false });
  });
  it('when the address has host bits set, then they are masked and flagged', () => {
    const cidr = parseCidr('10.0.0.1/24')!;
    assert.equal(formatCidr(cidr), '10.0.0.0/24');
    assert.equal(cidr.hostBitsSet, true);
  });
  it('when given an IPv6 block, then its range spans the host bits', () => {
    const cidr = parseCidr('fd00:10:96::/108')!;
    assert.equal(cidr.family, 6);
    assert.equal(cidr.end - cidr.start, (1n << 20n) - 1n);
  });
  it('when the prefix is 0 or the full width, then it is accepted', () => {
    assert.equal(parseCidr('0.0.0.0/0')!.end, 0xffffffffn);
    assert.equal(parseCidr('::/0')!.end, (1n << 128n) - 1n);
    assert.equal(parseCidr('10.0.0.1/32')!.start, parseCidr('10.0.0.1/32')!.end);
    assert.equal(parseCidr('::1/128')!.prefix, 128);
  });
  for (const text of ['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/08', '10.0.0.0/8/8', 'x/8', '/8']) {
    it(`when given "${text}", then it is not a block`, () => {
      assert.equal(parseCidr(text), undefined);
    });
  }
});

describe('cidrContains and cidrContainsCidr', () => {
  const contains: [string, string, boolean][] = [
    ['10.96.0.0/12', '10.96.0.1', true],
    ['10.96.0.0/12', '10.111.255.255', true],
    ['10.96.0.0/12', '10.112.0.0', false],
    ['10.96.0.0/12', '10.95.255.255', false],
    ['0.0.0.0/0', '203.0.113.9', true],
    ['fd00::/108', 'fd00::f:ffff', true],
    ['fd00::/108', 'fd00::10:0', false],
    ['10.0.0.0/8', 'fd00::1', false],
    ['::/0', '10.0.0.1', false],
    ['::ffff:0:0/96', '10.0.0.1', false],
    ['not-a-cidr', '10.0.0.1', false],
    ['10.0.0.0/8', 'not-an-ip', false],
  ];
  for (const [cidr, ip, expected] of contains) {
    it(`when asked whether ${cidr} contains ${ip}, then it says ${expected}`, () => {
      assert.equal(cidrContains(cidr, ip), expected);
    });
  }
  it('when given parsed values, then it answers the same as for text', () => {
    assert.equal(cidrContains(parseCidr('192.168.0.0/16')!, parseIp('192.168.3.4')!), true);
  });
  const blocks: [string, string, boolean][] = [
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['10.1.0.0/16', '10.0.0.0/8', false],
    ['10.0.0.0/8', '11.0.0.0/16', false],
    ['0.0.0.0/0', '192.168.1.0/24', true],
    ['fd00::/8', 'fd12:3456::/32', true],
    ['10.0.0.0/8', '::/0', false],
  ];
  for (const [outer, inner, expected] of blocks) {
    it(`when asked whether ${outer} contains ${inner}, then it says ${expected}`, () => {
      assert.equal(cidrContainsCidr(outer, inner), expected);
    });
  }
});

describe('formatIp', () => {
  const cases: [string, string][] = [
    ['10.0.0.1', '10.0.0.1'],
    ['FD00:0:0:0:0:0:0:10', 'fd00::10'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:1:1:1:1:0:1', '2001:db8:1:1:1:1:0:1'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'],
  ];
  for (const [input, expected] of cases) {
    it(`when printing ${input}, then it prints ${expected}`, () => {
      assert.equal(formatIp(parseIp(input)!), expected);
    });
  }
});
