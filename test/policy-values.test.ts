import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerPort, PolicyPort } from '../src/model/types.ts';
import { cutAddressSpace, formatRange, parseCidrOrAddress } from '../src/semantics/address-range.ts';
import { ConnSet, ConnTable } from '../src/semantics/conn.ts';
import { parseCidr } from '../src/model/ip.ts';
import { policyPortConnections } from '../src/semantics/policy.ts';

describe('address ranges', () => {
  const cidrs: [string, string | undefined][] = [
    ['10.0.0.0/8', '10.0.0.0-10.255.255.255'],
    ['10.1.2.3/16', '10.1.0.0-10.1.255.255'],
    ['0.0.0.0/0', '0.0.0.0-255.255.255.255'],
    ['192.168.1.7/32', '192.168.1.7-192.168.1.7'],
    ['2001:db8::/32', '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['::/0', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['::ffff:10.0.0.0/120', '::ffff:a00:0-::ffff:a00:ff'],
    ['fe80:0:0:1::/64', 'fe80:0:0:1::-fe80::1:ffff:ffff:ffff:ffff'],
    ['10.0.0.0/33', undefined],
    ['10.0.0/8', undefined],
    ['256.0.0.0/8', undefined],
    ['1:2:3:4:5:6:7:8:9/64', undefined],
    ['1::2::3/64', undefined],
    ['example.com/8', undefined],
    ['10.0.0.0', undefined],
  ];
  for (const [text, expected] of cidrs) {
    it(`when "${text}" is parsed as a CIDR, then it is ${expected ?? 'invalid'}`, () => {
      const range = parseCidr(text);
      assert.equal(range && formatRange(range), expected);
    });
  }
  it('when a single address is given, then it is a one-address range', () => {
    assert.equal(formatRange(parseCidrOrAddress('8.8.8.8')!), '8.8.8.8-8.8.8.8');
  });
  it('when the space is cut by a cidr and its except, then the pieces are disjoint, sorted and cover everything', () => {
    const pieces = cutAddressSpace([parseCidr('10.0.0.0/8')!, parseCidr('10.1.0.0/16')!, parseCidr('2001:db8::/32')!]).map(formatRange);
    assert.deepEqual(pieces, [
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.0.255.255',
      '10.1.0.0-10.1.255.255',
      '10.2.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
      '::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff',
      '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
      '2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });
  it('when nothing cuts the space, then each family is one range', () => {
    assert.deepEqual(cutAddressSpace([]).map(formatRange), ['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
  });
});

describe('connection sets', () => {
  it('when ranges overlap or touch, then they are merged and sorted', () => {
    const set = ConnSet.of({ TCP: [[90, 100], [80, 80], [81, 89], [443, 443]], UDP: [[53, 53]] });
    assert.equal(set.toString(), 'TCP 80-100,443; UDP 53');
    assert.deepEqual(set.toJSON(), [
      { protocol: 'TCP', ports: [[80, 100], [443, 443]] },
      { protocol: 'UDP', ports: [[53, 53]] },
    ]);
  });
  it('when two sets intersect, then only common ports of common protocols remain', () => {
    const a = ConnSet.of({ TCP: [[1, 1000]], UDP: [[53, 53]] });
    const b = ConnSet.of({ TCP: [[80, 80], [900, 2000]], SCTP: [[1, 65535]] });
    assert.equal(a.intersect(b).toString(), 'TCP 80,900-1000');
    assert.equal(a.intersect(ConnSet.ALL), a);
    assert.ok(a.intersect(ConnSet.of({ SCTP: [[5, 5]] })).isEmpty());
  });
  it('when every protocol covers every port, then the set is "all" in JSON', () => {
    const set = ConnSet.protocol('TCP').union(ConnSet.protocol('UDP')).union(ConnSet.protocol('SCTP'));
    assert.equal(set, ConnSet.ALL);
    assert.equal(JSON.stringify(set), '"all"');
    assert.equal(ConnSet.protocol('UDP').toString(), 'UDP *');
  });
  it('when sets are interned, then equal sets share an id and operations agree with ConnSet', () => {
    const table = new ConnTable();
    const a = table.id(ConnSet.ports('TCP', 80));
    const b = table.id(ConnSet.of({ TCP: [[80, 80]] }));
    const c = table.id(ConnSet.ports('TCP', 81, 90));
    assert.equal(a, b);
    assert.equal(table.set(table.union(a, c)).toString(), 'TCP 80-90');
    assert.equal(table.intersect(a, c), ConnTable.NONE);
    assert.equal(table.union(a, ConnTable.ALL), ConnTable.ALL);
  });
  it('when ids pass 8192 (the memo keys of small ids no longer fit), then operations on small and large ids still agree with ConnSet', () => {
    const table = new ConnTable();
    const ids = Array.from({ length: 9000 }, (_, i) => table.id(ConnSet.ports('TCP', 2 * i + 1)));
    for (const [x, y] of [[5, 9], [9, 8500], [8500, 8999], [8999, 8500], [100, 8192]] as const) {
      const [a, b] = [ids[x]!, ids[y]!];
      const [sa, sb] = [table.set(a), table.set(b)];
      assert.equal(table.set(table.union(a, b)).key, sa.union(sb).key);
      assert.equal(table.set(table.union(b, a)).key, sa.union(sb).key);
      assert.equal(table.intersect(a, table.union(a, b)), a);
      assert.equal(table.set(table.subtract(table.union(a, b), b)).key, sa.key);
      assert.equal(table.set(table.subtract(b, table.union(a, b))).key, ConnSet.NONE.key);
    }
  });
});

describe('policyPortConnections', () => {
  const declared: ContainerPort[] = [
    { name: 'http', containerPort: 8080, protocol: 'TCP', path: [] },
    { name: 'dns', containerPort: 53, protocol: 'UDP', path: [] },
  ];
  // Every form of a NetworkPolicyPort; the ones the API server rejects allow nothing, whatever their form.
  const table: [string, Omit<PolicyPort, 'path'>, string][] = [
    ['no port', { protocol: 'UDP' }, 'UDP *'],
    ['a number', { protocol: 'TCP', port: 80 }, 'TCP 80'],
    ['a range', { protocol: 'TCP', port: 80, endPort: 90 }, 'TCP 80-90'],
    ['a one-port range', { protocol: 'SCTP', port: 80, endPort: 80 }, 'SCTP 80'],
    ['a name the destination declares', { protocol: 'TCP', port: 'http' }, 'TCP 8080'],
    ['a name declared with another protocol', { protocol: 'TCP', port: 'dns' }, 'none'],
    ['a name the destination does not declare', { protocol: 'TCP', port: 'web' }, 'none'],
    ['endPort below port (rejected)', { protocol: 'TCP', port: 90, endPort: 80 }, 'none'],
    ['endPort with a named port (rejected)', { protocol: 'TCP', port: 'http', endPort: 9000 }, 'none'],
    ['endPort without port (rejected)', { protocol: 'TCP', endPort: 9000 }, 'none'],
    ['port 0 (rejected)', { protocol: 'TCP', port: 0 }, 'none'],
    ['port above 65535 (rejected)', { protocol: 'TCP', port: 70000 }, 'none'],
    ['endPort above 65535 (rejected)', { protocol: 'TCP', port: 80, endPort: 70000 }, 'none'],
  ];
  for (const [name, port, expected] of table) {
    it(`when the entry is ${name}, then it allows ${expected}`, () => {
      assert.equal(policyPortConnections({ ...port, path: [] }, declared).toString(), expected);
    });
  }
});
