import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { runBuiltCli, type CliResult } from './support/built-cli.ts';
import { FILES, NAMESPACES, random, type Pick } from './support/random-manifests.ts';

/**
 * `--cache` as users run it: the real CLI on real trees, the cache in a temporary user cache directory
 * (XDG_CACHE_HOME). Every cached run must print exactly what `--no-cache` prints, whatever was kept,
 * damaged or planted; a cache that cannot be written is a note, never a failure.
 */

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `kube-netlint-cache-${prefix}-`));
}

function writeTree(root: string, files: ReadonlyMap<string, string>): void {
  rmSync(root, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A modification time an hour ago: a file stamped at it is not racy (src/app/cache.ts `RACY_MARGIN_NS`), so the cache keeps its stamp. */
const AN_HOUR_AGO = new Date(Date.now() - 3_600_000);

/**
 * Makes the tree hold `files` by writing only the files that changed (and deleting the ones gone), each
 * written with its modification time set back to `AN_HOUR_AGO`: unchanged files keep their stamps, so
 * the cache does not read them, and a changed one differs from its stamp by its change time alone.
 */
function updateTree(root: string, files: ReadonlyMap<string, string>, written: Map<string, string>): void {
  for (const path of written.keys()) {
    if (!files.has(path)) {
      rmSync(join(root, path));
      written.delete(path);
    }
  }
  for (const [path, text] of files) {
    if (written.get(path) === text) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    utimesSync(join(root, path), AN_HOUR_AGO, AN_HOUR_AGO);
    written.set(path, text);
  }
}

/** The stamp and directives fields of each file's record in a cache file (src/app/cache.ts), by path. */
function stampsOf(file: string): Map<string, { stamp: string; directives: string }> {
  const text = readFileSync(file, 'utf8');
  const stamps = new Map<string, { stamp: string; directives: string }>();
  // After the magic line and the MAC line (which may start with an F).
  for (const line of text.split('\n').slice(2)) {
    if (!line.startsWith('F')) continue;
    const [path, , , stamp = '', directives = ''] = line.slice(1).split('\t');
    stamps.set(JSON.parse(path!), { stamp, directives });
  }
  return stamps;
}

interface Setup {
  readonly root: string;
  readonly home: string;
}

function lint(setup: Setup, args: readonly string[]): CliResult {
  return runBuiltCli(['tree', '--format', 'json', ...args], { cwd: setup.root, env: { XDG_CACHE_HOME: setup.home } });
}

/** The cache files of a user cache directory. */
function cacheFiles(home: string): string[] {
  const runs = join(home, 'kube-netlint', 'runs');
  return existsSync(runs) ? readdirSync(runs).map((name) => join(runs, name)) : [];
}

function secretOf(home: string): Buffer {
  return Buffer.from(readFileSync(join(home, 'kube-netlint', 'secret'), 'utf8'), 'hex');
}

/** A cache file's text with its content replaced and a MAC made with `secret` (the right one, or not). */
function signed(content: string, secret: Buffer): string {
  return `kube-netlint-cache 2\n${createHmac('sha256', secret).update(content).digest('base64url')}\n${content}`;
}

/** A cache file's content, as records (src/app/cache.ts): the header, the results (`R`), the parses (`F`, by path). */
interface Records {
  header: { format: number; tool: string };
  results: { documents: Record<string, unknown[]>; namespaces: Record<string, Record<string, { outcomes: unknown[] }>> };
  files: Map<string, [string, { documents: { value: { spec: { selector: unknown } } }[] }]>;
}

function recordsOf(file: string): Records {
  const text = readFileSync(file, 'utf8');
  const [header, ...lines] = text.slice(text.indexOf('\n', text.indexOf('\n') + 1) + 1).split('\n');
  const records: Records = { header: JSON.parse(header!), results: { documents: {}, namespaces: {} }, files: new Map() };
  for (const line of lines) {
    if (line.startsWith('R')) records.results = JSON.parse(line.slice(1));
    else {
      const [path, hash, data] = line.slice(1).split('\t');
      records.files.set(JSON.parse(path!), [hash!, JSON.parse(data!)]);
    }
  }
  return records;
}

function contentOfRecords(records: Records): string {
  return [JSON.stringify(records.header), `R${JSON.stringify(records.results)}`, ...[...records.files].map(([path, [hash, data]]) => `F${JSON.stringify(path)}\t${hash}\t${JSON.stringify(data)}`)].join('\n');
}

/** A tree whose findings a forged cache would want hidden: a Service selecting no pod. */
const ORPHAN = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: nope}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: x}]}\n';

describe('--cache on real trees, against --no-cache', () => {
  for (const seed of [21, 22]) {
    it(`when a random tree (seed ${seed}) is linted cold, warm and after one-file edits (a label, a namespace, a deleted file, a new policy, the config), then the cached JSON is byte for byte the uncached JSON`, () => {
      // Files are written old (updateTree): the cache trusts the stamps of the unchanged ones and does not read them.
      const next = random(seed);
      const pick: Pick = (items) => items[Math.floor(next() * items.length)]!;
      const setup = { root: tempDir('tree'), home: tempDir('home') };
      const texts = new Map<string, string>();
      for (const file of FILES) if (next() < 0.8) texts.set(`tree/${file.path}`, file.render(pick));
      const edits: ((files: Map<string, string>) => void)[] = [
        () => {}, // warm, nothing changed
        (files) => {
          const path = pick([...files.keys()].filter((p) => p.includes('deployment')));
          files.set(path, files.get(path)!.replace(/tier: (front|back)/, (_, tier) => `tier: ${tier === 'front' ? 'back' : 'front'}`));
        },
        (files) => {
          const path = pick([...files.keys()].filter((p) => p.includes('service')));
          const from = NAMESPACES.find((n) => files.get(path)!.includes(`namespace: ${n}`))!;
          files.set(path, files.get(path)!.replace(`namespace: ${from}`, `namespace: ${pick(NAMESPACES.filter((n) => n !== from))}`));
        },
        (files) => void files.delete(pick([...files.keys()])),
        (files) => files.set('tree/extra/deny.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n'),
        (files) => files.set('.kube-netlint.yaml', 'rules:\n  service-selector-orphan: error\n  pod-not-isolated: off\n'),
        (files) => files.set('.kube-netlint.yaml', 'cluster:\n  ingressController: {namespace: ingress-nginx, podLabels: {app.kubernetes.io/name: ingress-nginx}}\n'),
      ];
      let first = true;
      const written = new Map<string, string>();
      for (const edit of edits) {
        if (!first) edit(texts);
        first = false;
        updateTree(setup.root, texts, written);
        const uncached = lint(setup, ['--no-cache']);
        const cached = lint(setup, ['--cache']);
        assert.equal(cached.stderr, uncached.stderr);
        assert.equal(cached.code, uncached.code);
        assert.equal(cached.stdout, uncached.stdout);
        assert.ok(JSON.parse(uncached.stdout).diagnostics.length > 0, 'the tree has findings to compare');
      }
      assert.equal(cacheFiles(setup.home).length, 1, 'one cache file for the run');
      assert.ok([...stampsOf(cacheFiles(setup.home)[0]!).values()].some((entry) => entry.stamp !== ''), 'the cache kept stamps');
    });
  }
});

describe('files the cache does not read again (stamps, docs/cache.md)', () => {
  it('when a file is changed keeping its size and its modification time, then the cached run reads it again (its change time differs) and reports as without the cache', () => {
    const setup = { root: tempDir('stamp'), home: tempDir('home') };
    const written = new Map<string, string>();
    updateTree(setup.root, new Map([['tree/app.yaml', ORPHAN]]), written);
    lint(setup, ['--cache']);
    assert.match(stampsOf(cacheFiles(setup.home)[0]!).get('tree/app.yaml')!.stamp, /^\d+:\d+:\d+:-?\d+:-?\d+$/);
    assert.match(lint(setup, ['--cache']).stdout, /service-selector-orphan/, 'a warm run with the file not read still reports it');
    // Same length, and the same modification time (updateTree sets it back): the Service now selects the pods.
    const fixed = ORPHAN.replace('{app: nope}', '{app: api }');
    assert.equal(fixed.length, ORPHAN.length);
    updateTree(setup.root, new Map([['tree/app.yaml', fixed]]), written);
    const expected = lint(setup, ['--no-cache']);
    assert.doesNotMatch(expected.stdout, /service-selector-orphan/);
    const run = lint(setup, ['--cache']);
    assert.equal(run.stdout, expected.stdout);
    assert.equal(run.stderr, expected.stderr);
  });

  it('when a file does not have the content its unchanged stamp stands for (a cache signed with the user\'s secret says so), then the run fails saying the file changed, and the next run trusts no stamp and reports as without the cache', () => {
    const setup = { root: tempDir('stale'), home: tempDir('home') };
    updateTree(setup.root, new Map([['tree/app.yaml', ORPHAN]]), new Map());
    const expected = lint(setup, ['--no-cache']);
    lint(setup, ['--cache']);
    const [file] = cacheFiles(setup.home);
    const text = readFileSync(file!, 'utf8');
    const content = text.slice(text.indexOf('\n', text.indexOf('\n') + 1) + 1);
    // The stamp of tree/app.yaml kept, with the hash of another content: as a file changed under an unchanged stamp.
    const lied = content.replace(/^(F"tree\/app\.yaml"\t)[^\t]+/m, `$1${'A'.repeat(43)}`);
    assert.notEqual(lied, content);
    writeFileSync(file!, signed(lied, secretOf(setup.home)));
    const failed = lint(setup, ['--cache']);
    assert.match(failed.stderr, /tree\/app\.yaml changed on disk while kube-netlint was linting it/);
    assert.notEqual(failed.code, 0);
    const next = lint(setup, ['--cache']);
    assert.equal(next.stdout, expected.stdout);
    assert.equal(next.stderr, expected.stderr);
    assert.equal(lint(setup, ['--cache']).stdout, expected.stdout);
  });

  it('when a file was modified just before the run, then its stamp is not kept (git\'s racy clean rule), while an old file\'s is', () => {
    const setup = { root: tempDir('racy'), home: tempDir('home') };
    updateTree(setup.root, new Map([['tree/old.yaml', ORPHAN]]), new Map());
    writeFileSync(join(setup.root, 'tree/new.yaml'), ORPHAN.replaceAll('shop', 'shop2'));
    lint(setup, ['--cache']);
    const stamps = stampsOf(cacheFiles(setup.home)[0]!);
    assert.notEqual(stamps.get('tree/old.yaml')!.stamp, '');
    assert.equal(stamps.get('tree/new.yaml')!.stamp, '');
  });

  it('when an old file holds a suppression directive, then the cache says so and a warm run that does not read the file still applies it', () => {
    const setup = { root: tempDir('directive'), home: tempDir('home') };
    const suppressed = ORPHAN.replace('  selector: {app: nope}', '  # kube-netlint-disable-next-line service-selector-orphan\n  selector: {app: nope}');
    updateTree(setup.root, new Map([['tree/suppressed.yaml', suppressed], ['tree/plain.yaml', ORPHAN.replaceAll('shop', 'shop2')]]), new Map());
    const expected = lint(setup, ['--no-cache']);
    assert.equal((expected.stdout.match(/service-selector-orphan/g) ?? []).length, 1, 'one of the two orphans is suppressed');
    assert.equal(lint(setup, ['--cache']).stdout, expected.stdout);
    const stamps = stampsOf(cacheFiles(setup.home)[0]!);
    assert.deepEqual([stamps.get('tree/suppressed.yaml')!.directives, stamps.get('tree/plain.yaml')!.directives], ['1', '0']);
    assert.equal(lint(setup, ['--cache']).stdout, expected.stdout);
  });
});

describe('cache files that are not to be trusted', () => {
  /** A tree with a finding and a valid cache of it; returns the cache file and the uncached output. */
  function primed(): Setup & { file: string; expected: CliResult } {
    const setup = { root: tempDir('forge'), home: tempDir('home') };
    writeTree(setup.root, new Map([['tree/app.yaml', ORPHAN]]));
    const expected = lint(setup, ['--no-cache']);
    assert.match(expected.stdout, /service-selector-orphan/);
    lint(setup, ['--cache']);
    const [file] = cacheFiles(setup.home);
    assert.ok(file, 'the first run wrote a cache');
    return { ...setup, file, expected };
  }

  /** The run after `tamper` prints what --no-cache prints, and leaves a cache the next run trusts again. */
  function ignoredAndRewritten(tamper: (file: string, setup: Setup) => void): void {
    const setup = primed();
    tamper(setup.file, setup);
    const tampered = readFileSync(setup.file);
    const run = lint(setup, ['--cache']);
    assert.equal(run.stdout, setup.expected.stdout);
    assert.equal(run.stderr, '');
    const rewritten = readFileSync(setup.file);
    assert.notDeepEqual(rewritten, tampered, 'the cache was rewritten');
    assert.match(rewritten.toString('utf8'), /^kube-netlint-cache 2\n/);
    assert.equal(lint(setup, ['--cache']).stdout, setup.expected.stdout);
  }

  it('when the cache file is garbage, then it is ignored and rewritten', () => {
    ignoredAndRewritten((file) => writeFileSync(file, 'not a cache\n\u0000\u0001'));
  });

  it('when the cache file is truncated, then it is ignored and rewritten', () => {
    ignoredAndRewritten((file) => writeFileSync(file, readFileSync(file).subarray(0, 200)));
  });

  it('when the cache file was written by another version of the tool (a valid MAC), then it is ignored and rewritten', () => {
    ignoredAndRewritten((file, setup) => {
      const records = recordsOf(file);
      records.header.tool = '0.0.0-other';
      writeFileSync(file, signed(contentOfRecords(records), secretOf(setup.home)));
    });
  });

  /** A forgery of the right shape: the Service now selects the Deployment's pods (so the orphan finding would go), and no kept finding. */
  function forged(file: string): string {
    const records = recordsOf(file);
    const [, data] = records.files.get('tree/app.yaml')!;
    data.documents[0]!.value.spec.selector = { app: 'api' };
    for (const key of Object.keys(records.results.documents)) records.results.documents[key] = [];
    for (const byNamespace of Object.values(records.results.namespaces)) for (const entry of Object.values(byNamespace)) entry.outcomes = [];
    return contentOfRecords(records);
  }

  it('when a forged cache of the right shape says the Service selects pods (the old MAC kept), then the finding is still reported', () => {
    ignoredAndRewritten((file) => {
      const text = readFileSync(file, 'utf8');
      const header = text.slice(0, text.indexOf('\n', text.indexOf('\n') + 1) + 1);
      writeFileSync(file, header + forged(file));
    });
  });

  it('when a forged cache is signed with a secret other than the user\'s (a cache committed into the tree), then it is ignored', () => {
    ignoredAndRewritten((file) => writeFileSync(file, signed(forged(file), Buffer.alloc(32, 7))));
  });

  it('when the same forgery is signed with the user\'s secret, then the cache is believed (the MAC is what protects it)', () => {
    // The control of the two tests above: the forgery would hide the finding if its MAC were right.
    const setup = primed();
    writeFileSync(setup.file, signed(forged(setup.file), secretOf(setup.home)));
    const run = lint(setup, ['--cache']);
    assert.doesNotMatch(run.stdout, /service-selector-orphan/);
  });

  it('when --cache-location names a file in the analysed tree planted by someone else, then it is not trusted, and is replaced', () => {
    const setup = { root: tempDir('planted'), home: tempDir('home') };
    writeTree(setup.root, new Map([['tree/app.yaml', ORPHAN], ['tree/.cache', signed(JSON.stringify({ format: 2, tool: 'x' }), Buffer.alloc(32, 1))]]));
    const expected = lint(setup, ['--no-cache']);
    const run = lint(setup, ['--cache-location', 'tree/.cache']);
    assert.equal(run.stdout, expected.stdout);
    assert.equal(run.stderr, '');
    assert.match(readFileSync(join(setup.root, 'tree/.cache'), 'utf8'), /\n\{"format":2,"tool":"\d/);
  });

  it('when the cache location is a link to a file elsewhere, then that file is left alone and the link is replaced by the cache', () => {
    const setup = { root: tempDir('link'), home: tempDir('home') };
    writeTree(setup.root, new Map([['tree/app.yaml', ORPHAN]]));
    const outside = join(tempDir('outside'), 'precious');
    writeFileSync(outside, 'keep me');
    symlinkSync(outside, join(setup.root, 'cache-link'));
    const expected = lint(setup, ['--no-cache']);
    assert.equal(lint(setup, ['--cache-location', 'cache-link']).stdout, expected.stdout);
    assert.equal(readFileSync(outside, 'utf8'), 'keep me');
    assert.ok(lstatSync(join(setup.root, 'cache-link')).isFile());
  });

  it('when the cache cannot be written, then the run reports as without it and says so on stderr', () => {
    const setup = { root: tempDir('unwritable'), home: tempDir('home') };
    writeTree(setup.root, new Map([['tree/app.yaml', ORPHAN], ['blocker', 'a file, not a directory']]));
    const expected = lint(setup, ['--no-cache']);
    const run = lint(setup, ['--cache-location', 'blocker/cache']);
    assert.equal(run.stdout, expected.stdout);
    assert.equal(run.code, expected.code);
    assert.match(run.stderr, /^kube-netlint: note: could not write the cache .*blocker\/cache/m);
  });

  it('when the secret in the user cache directory may be read by other users, then the cache is off for the run, with a note', () => {
    const setup = primed();
    chmodSync(join(setup.home, 'kube-netlint', 'secret'), 0o644);
    const run = lint(setup, ['--cache']);
    assert.equal(run.stdout, setup.expected.stdout);
    assert.match(run.stderr, /note: the cache is off for this run: .*may be read by other users/);
  });

  it('when neither --cache nor --cache-location is given, then nothing is written to the user cache directory', () => {
    const setup = { root: tempDir('off'), home: tempDir('home') };
    writeTree(setup.root, new Map([['tree/app.yaml', ORPHAN]]));
    lint(setup, []);
    assert.deepEqual(readdirSync(setup.home), []);
  });
});

describe('the directory of cache files (runs/)', () => {
  it('when it holds cache files of working directories not linted for over 30 days, then a cached run deletes them and leaves recent ones and other files', () => {
    const setup = { root: tempDir('prune'), home: tempDir('home') };
    writeTree(setup.root, new Map([['tree/app.yaml', ORPHAN]]));
    lint(setup, ['--cache']);
    const [own] = cacheFiles(setup.home);
    const runs = dirname(own!);
    const old = new Date(Date.now() - 31 * 24 * 3_600_000);
    const place = (name: string, date: Date) => {
      writeFileSync(join(runs, name), 'x');
      utimesSync(join(runs, name), date, date);
    };
    place(`run-${'a'.repeat(32)}.cache`, old);
    place(`run-${'b'.repeat(32)}.cache`, new Date(Date.now() - 2 * 24 * 3_600_000));
    place(`.kube-netlint-cache-${'c'.repeat(18)}.tmp`, new Date(Date.now() - 2 * 24 * 3_600_000));
    place('notes.txt', old);
    // The run's own file, unchanged by this run, is old too: it is touched, not deleted.
    utimesSync(own!, old, old);
    lint(setup, ['--cache']);
    assert.deepEqual(readdirSync(runs).sort(), [`run-${'b'.repeat(32)}.cache`, 'notes.txt', own!.slice(runs.length + 1)].sort());
    assert.ok(Date.now() - lstatSync(own!).mtimeMs < 3_600_000, 'the file in use was marked used');
  });

  it('when --cache-location names a file, then nothing beside it is deleted', () => {
    const setup = { root: tempDir('prune-file'), home: tempDir('home') };
    writeTree(setup.root, new Map([['tree/app.yaml', ORPHAN]]));
    const old = new Date(Date.now() - 31 * 24 * 3_600_000);
    const stale = join(setup.root, `run-${'a'.repeat(32)}.cache`);
    writeFileSync(stale, 'x');
    utimesSync(stale, old, old);
    lint(setup, ['--cache-location', 'my.cache']);
    assert.ok(existsSync(stale));
  });
});
