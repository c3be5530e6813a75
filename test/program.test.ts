import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, analyzeDocuments, Program } from '../src/analyze.ts';
import { DEFAULT_CONFIG } from '../src/app/config.ts';
import { policyWorldOf } from '../src/semantics/policy.ts';
import { parseSources, SpanCache } from '../src/source/parse.ts';
import type { SourceFile } from '../src/source/types.ts';

/**
 * The analysis context (`Program`) owns every cache that outlives one analysis: what it holds is
 * visible (`sizes`) and goes with the files that go.
 */

const file = (path: string, text: string): SourceFile => ({ path, absPath: `/w/${path}`, text });

const policy = file(
  'deny.yaml',
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
);
const service = (port: number) =>
  file(
    'svc.yaml',
    `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - port: ${port}
      targetPort: 8080
`,
  );

/** Analyses `files` in `program`, keeping the parse of `kept` files as the language server does. */
function run(program: Program | undefined, files: readonly SourceFile[], parsed = new Map<SourceFile, ReturnType<typeof parseSources>>()) {
  const documents = files.flatMap((f) => {
    let docs = parsed.get(f);
    if (!docs) parsed.set(f, (docs = parseSources([f], program?.spans)));
    return docs;
  });
  return analyzeDocuments({ files, documents, config: DEFAULT_CONFIG, ...(program ? { cache: program } : {}) });
}

describe('Program', () => {
  it('when a model of the same program keeps its policies, then it reuses their policy world; models of no program never share one', () => {
    const program = new Program();
    const parsed = new Map();
    const first = run(program, [policy, service(80)], parsed);
    const second = run(program, [policy, service(81)], parsed);
    assert.equal(policyWorldOf(second.model), policyWorldOf(first.model));
    assert.equal(program.sizes().policyWorlds, 1);

    const parsedAlone = new Map();
    const alone = run(undefined, [policy, service(80)], parsedAlone);
    const aloneAgain = run(undefined, [policy, service(81)], parsedAlone);
    assert.notEqual(policyWorldOf(aloneAgain.model), policyWorldOf(alone.model));
  });

  it('when its files are located, then their source maps are held; when the files go, then so do their maps and, with no file left, the policy worlds', () => {
    const program = new Program();
    const files = [policy, service(80)];
    const analysis = run(program, files);
    // Findings are located lazily; locating every object's start fills the cache.
    for (const object of analysis.model.objects) object.doc.locate(object.path);
    const held = program.sizes();
    assert.equal(held.spanFiles, 2);
    assert.ok(held.spanBytes > 0, `span bytes ${held.spanBytes}`);
    policyWorldOf(analysis.model);
    assert.equal(program.sizes().policyWorlds, 1);

    program.retainFiles([policy]);
    assert.equal(program.sizes().spanFiles, 1);
    assert.ok(program.sizes().spanBytes < held.spanBytes);
    program.retainFiles([]);
    assert.deepEqual(program.sizes(), { spanFiles: 0, spanBytes: 0, policyWorlds: 0 });
  });

  it('when an analysis runs in a program, then its findings are those of analyze() without one', () => {
    const files = [policy, service(80)];
    const show = (ds: readonly { ruleId: string; message: string; span: { start: number } }[]) => ds.map((d) => `${d.ruleId} ${d.span.start} ${d.message}`);
    assert.deepEqual(show(run(new Program(), files).diagnostics), show(analyze({ files, config: DEFAULT_CONFIG }).diagnostics));
    assert.ok(run(new Program(), files).diagnostics.length > 0, 'the fixture has findings to compare');
  });
});

describe('SpanCache', () => {
  it('when more files are located than it may hold, then the least recently used go first', () => {
    const spans = new SpanCache(2);
    const files = ['a', 'b', 'c'].map((name) => file(`${name}.yaml`, `kind: ConfigMap\nmetadata:\n  name: ${name}\n`));
    const docs = files.map((f) => parseSources([f], spans)[0]!);
    docs[0]!.locate(['metadata', 'name']);
    docs[1]!.locate(['metadata', 'name']);
    docs[0]!.locate(['metadata']); // a is now the most recent
    docs[2]!.locate(['metadata', 'name']); // evicts b
    assert.equal(spans.size.files, 2);
    spans.retain(new Set([files[0]!, files[1]!]));
    assert.equal(spans.size.files, 1, 'b was evicted, c dropped: only a is left');
    assert.deepEqual(docs[1]!.locate(['metadata', 'name']) !== undefined, true, 'an evicted file is read again when located');
  });
});
