import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findServiceReferences, schemeBefore } from './service-refs.ts';

const refs = (value: string, domain = 'cluster.local') =>
  findServiceReferences(value, domain).map((r) => [r.text, r.service, r.namespace ?? '', r.form, r.port ?? '', r.defaultPortOf ?? ''].join(' ').trim());

describe('service references in text', () => {
  const cases: [string, string, string[]][] = [
    ['a bare name', 'redis', ['redis redis  bare']],
    ['a bare name with a port', 'redis:6379', ['redis:6379 redis  bare 6379']],
    ['svc.ns with a port', 'redis.data:6379', ['redis.data:6379 redis data namespaced 6379']],
    ['svc.ns.svc', 'payments.payments.svc', ['payments.payments.svc payments payments svc']],
    ['the full name with a trailing dot', 'db.data.svc.cluster.local.', ['db.data.svc.cluster.local db data fqdn']],
    ['a StatefulSet pod name', 'web-0.nginx.shop.svc.cluster.local:80', ['web-0.nginx.shop.svc.cluster.local:80 nginx shop fqdn 80']],
    ['a URL with userinfo and a path', 'postgres://u:pw@postgres.data.svc.cluster.local:5432/orders', ['postgres.data.svc.cluster.local:5432 postgres data fqdn 5432']],
    ['a URL without a port (the scheme default)', 'http://api.shop/v1?x=1', ['api.shop api shop namespaced 80 http']],
    ['a JDBC URL', 'jdbc:postgresql://db.data:5432/x', ['db.data:5432 db data namespaced 5432']],
    ['a flag value', '--cache=redis:6379', ['redis:6379 redis  bare 6379']],
    ['a list of hosts', 'kafka-0.kafka:9092,kafka-1.kafka:9092', ['kafka-0.kafka:9092 kafka-0 kafka namespaced 9092', 'kafka-1.kafka:9092 kafka-1 kafka namespaced 9092']],
    ['another cluster domain', 'db.data.svc.k8s.internal', ['db.data.svc.k8s.internal db data fqdn']],
  ];
  for (const [name, value, expected] of cases) {
    it(`when the text is ${name}, then it finds ${expected.length} reference(s)`, () => assert.deepEqual(refs(value, name === 'another cluster domain' ? 'k8s.internal' : 'cluster.local'), expected));
  }

  const none: [string, string, string][] = [
    ['a path segment', '/data/redis', 'redis'],
    ['an image reference', 'redis:latest', 'redis'],
    ['a key of key=value', 'redis=on', 'redis'],
    ['userinfo', 'redis@db.example', 'redis'],
    ['an external domain', 'api.example.com', 'api'],
    ['an IP address', '10.0.0.1:8080', '10'],
    ['an upper-case word', 'REDIS', 'redis'],
    ['an environment variable name', 'MY_redis', 'redis'],
    ['a scheme', 'redis://', 'redis'],
    ['a full name of another cluster domain', 'db.data.svc.cluster.local.example', 'db'],
    ['a port out of range', 'redis:70000', 'redis'],
    ['a name starting with a digit', '3scale', '3scale'],
  ];
  for (const [name, value, service] of none) {
    it(`when the text is ${name} ("${value}"), then "${service}" is not a Service name`, () =>
      assert.deepEqual(
        findServiceReferences(value, 'cluster.local').filter((r) => r.service === service),
        [],
      ));
  }

  it('when a host repeats, then each occurrence has its own offsets', () => {
    const found = findServiceReferences('a redis b redis:1', 'cluster.local');
    assert.deepEqual(
      found.map((r) => [r.start, r.end]),
      [
        [0, 1],
        [2, 7],
        [8, 9],
        [10, 17],
      ],
    );
  });
});

describe('the scheme before a host', () => {
  // The definition `schemeBefore` reads backward: this pattern, matched against the whole text before the host.
  const PATTERN = /([a-z][a-z0-9+.-]*):\/\/(?:[^\s/@]*@)?$/i;

  it('when random texts of URL characters are read at every position, then the scheme is the one the pattern finds in the text before', () => {
    // Pieces of URLs and what may stand around them, so that most texts hold a `://`.
    const alphabet = ['://', '://', 'http', 'Redis', 'a', 'Z', '1', '+', '.', '-', ':', '/', '//', '@', 'u:pw@', ' ', '\t', '\u00a0', '_', '?'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let schemes = 0;
    for (let n = 0; n < 3000; n++) {
      const length = 1 + Math.floor(next() * 12);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      for (let start = 0; start <= text.length; start++) {
        const expected = PATTERN.exec(text.slice(0, start))?.[1]?.toLowerCase();
        if (expected !== undefined) schemes++;
        assert.equal(schemeBefore(text, start), expected, JSON.stringify([text, start]));
      }
    }
    assert.ok(schemes > 300, `only ${schemes} texts had a scheme`);
  });

  it('when a URL has userinfo, then its scheme is still found, and a space in the userinfo leaves none', () => {
    assert.equal(schemeBefore('postgres://u:pw@db', 16), 'postgres');
    assert.equal(schemeBefore('postgres://u pw@db', 16), undefined);
    assert.equal(schemeBefore('jdbc:postgresql://db', 18), 'postgresql');
  });
});
