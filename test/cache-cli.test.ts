import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
      for (const edit of edits) {
        if (!first) edit(texts);
        first = false;
        writeTree(setup.root, texts);
        const uncached = lint(setup, ['--no-cache']);
        const cached = lint(setup, ['--cache']);
        assert.equal(cached.stderr, uncached.stderr);
        assert.equal(cached.code, uncached.code);
        assert.equal(cached.stdout, uncached.stdout);
        assert.ok(JSON.parse(uncached.stdout).diagnostics.length > 0, 'the tree has findings to compare');
      }
      assert.equal(cacheFiles(setup.home).length, 1, 'one cache file for the run');
    });
  }
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
