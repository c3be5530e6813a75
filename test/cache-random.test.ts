import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rules } from '../rules/index.ts';
import { analyze, type ResultStore } from '../src/analyze.ts';
import { resolveConfig } from '../src/app/config.ts';
import type { StoredResults } from '../src/lint/persistent.ts';
import type { Diagnostic } from '../src/lint/types.ts';
import type { FileParseData } from '../src/source/parse.ts';
import type { ParseStore } from '../src/source/parse-cache.ts';
import type { SourceFile } from '../src/source/types.ts';
import { FILES, NAMESPACES, random, type Pick } from './support/random-manifests.ts';

/**
 * `--cache` across processes (src/lint/persistent.ts): each run starts from what the previous one
 * kept, as JSON (nothing of the previous run's objects survives), and must report exactly what a
 * run without a cache reports. Random one-file edits (a changed object, an object moved to another
 * namespace, a deleted or added file, a changed config) on trees of namespaces that name each other.
 */

/** Everything a finding shows, as the JSON formatter would. */
const show = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) =>
    JSON.stringify({
      at: `${d.file.path}:${d.span.start}-${d.span.end}`,
      finding: `${d.severity} ${d.ruleId}/${d.messageId}: ${d.message}`,
      object: d.object ?? null,
      related: d.related.map((r) => `${r.file.path}:${r.span.start}-${r.span.end} ${r.message}`),
      fix: d.fix ? { description: d.fix.description, edits: d.fix.edits.map((e) => `${e.file.path}:${e.span.start}-${e.span.end} ${e.newText}`) } : null,
    }),
  );

/** The cache as a process sees it: only what went through JSON. */
class JsonCache {
  private text = JSON.stringify({ files: {}, results: null });
  reused = { parses: 0, documents: 0, namespaces: 0 };

  run(files: readonly SourceFile[], config: ReturnType<typeof resolveConfig>): Diagnostic[] {
    const kept = JSON.parse(this.text) as { files: Record<string, [string, FileParseData]>; results: StoredResults | null };
    const used: Record<string, [string, FileParseData]> = {};
    const parses: ParseStore = {
      lookup: (path, hash) => {
        const entry = kept.files[path];
        if (entry?.[0] !== hash) return undefined;
        this.reused.parses++;
        used[path] = entry;
        return entry[1];
      },
      store: (path, hash, data) => void (used[path] = [hash, data]),
    };
    let next: StoredResults | null = null;
    const results: ResultStore = { kept: kept.results ?? undefined, keep: (r) => void (next = r) };
    const diagnostics = analyze({ files, config, rules, parses, results }).diagnostics as Diagnostic[];
    // Entries carried over unchanged are the results reused.
    const after = next as StoredResults | null;
    if (after && kept.results?.key === after.key) {
      for (const [key, outcomes] of Object.entries(after.documents)) if (JSON.stringify(kept.results.documents[key]) === JSON.stringify(outcomes)) this.reused.documents++;
      for (const [rule, byNamespace] of Object.entries(after.namespaces)) {
        for (const [namespace, entry] of Object.entries(byNamespace)) if (JSON.stringify(kept.results.namespaces[rule]?.[namespace]) === JSON.stringify(entry)) this.reused.namespaces++;
      }
    }
    this.text = JSON.stringify({ files: used, results: next });
    return diagnostics;
  }
}

const CONFIG = resolveConfig({ cluster: { ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } } });
const OTHER = resolveConfig({ rules: { 'service-selector-orphan': 'error', 'pod-not-isolated': 'off' } });

describe('the persistent cache under random edits (--cache)', () => {
  for (const seed of [11, 12, 13, 14]) {
    it(`when 60 random one-file edits are each linted from the previous run's cache as JSON (seed ${seed}), then every run's findings are those of a run without a cache`, () => {
      const next = random(seed);
      const pick: Pick = (items) => items[Math.floor(next() * items.length)]!;
      const texts = new Map<string, string>();
      for (const file of FILES) if (next() < 0.8) texts.set(file.path, file.render(pick));
      const cache = new JsonCache();
      let config = CONFIG;
      let findings = 0;
      for (let step = 0; step <= 60; step++) {
        const edit = next();
        if (step === 0) {
          // The cold run.
        } else if (edit < 0.1) {
          config = config === CONFIG ? OTHER : CONFIG;
        } else if (edit < 0.25) {
          // An object moved to another namespace: the same file, another metadata.namespace.
          const path = pick([...texts.keys()]);
          const from = NAMESPACES.find((namespace) => texts.get(path)!.includes(`namespace: ${namespace}`));
          if (from) texts.set(path, texts.get(path)!.replace(`namespace: ${from}`, `namespace: ${pick(NAMESPACES.filter((n) => n !== from))}`));
        } else {
          const file = pick(FILES);
          if (texts.has(file.path) && next() < 0.15) texts.delete(file.path);
          else texts.set(file.path, file.render(pick));
        }
        const files: SourceFile[] = [...texts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, text]) => ({ path, absPath: `/virtual/${path}`, text }));
        const cached = show(cache.run(files, config));
        const fresh = analyze({ files, config, rules }).diagnostics;
        assert.deepEqual(cached, show(fresh), `step ${step}`);
        findings += fresh.length;
      }
      assert.ok(findings > 100, `only ${findings} findings over all steps`);
      // The cache was used, or this test proves nothing.
      assert.ok(cache.reused.parses > 500, `only ${cache.reused.parses} parses reused`);
      assert.ok(cache.reused.documents > 500, `only ${cache.reused.documents} documents' results reused`);
      assert.ok(cache.reused.namespaces > 50, `only ${cache.reused.namespaces} namespaces' results reused`);
    });
  }
});

describe('the persistent cache across namespaces', () => {
  const client = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: front}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x, env: [{name: API, value: "http://api.back:8080"}]}]}
`;
  const server = (port: number) => `apiVersion: v1
kind: Service
metadata: {name: api, namespace: back}
spec:
  selector: {app: api}
  ports: [{port: ${port}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: back}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: ${port}}]}]}
`;

  it("when only the namespace a kept check read changes (the Service another namespace names), then the check runs again and its new finding is reported", () => {
    const files = (port: number): SourceFile[] => [
      { path: 'back.yaml', absPath: '/virtual/back.yaml', text: server(port) },
      { path: 'front.yaml', absPath: '/virtual/front.yaml', text: client },
    ];
    const config = resolveConfig({});
    const cache = new JsonCache();
    const before = show(cache.run(files(8080), config));
    assert.deepEqual(before, show(analyze({ files: files(8080), config, rules }).diagnostics));
    assert.ok(!before.some((line) => line.includes('service-reference')), 'no finding while the port exists');
    // The test proves something only if the check of `front` was kept with its read of `back`.
    const kept = (JSON.parse(cache['text']) as { results: StoredResults }).results.namespaces['service-reference']?.front;
    assert.deepEqual(kept?.reads.map(([namespace]) => namespace), ['front', 'back']);
    const after = show(cache.run(files(9090), config));
    assert.deepEqual(after, show(analyze({ files: files(9090), config, rules }).diagnostics));
    assert.ok(after.some((line) => line.includes('service-reference/unknownPort')), after.join('\n'));
  });
});
