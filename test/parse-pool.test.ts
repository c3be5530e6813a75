import assert from 'node:assert/strict';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readAndParseAll, type WorkerFault } from '../src/app/parse-pool.ts';
import { findSources, loadSources, type LoadResult } from '../src/source/load.ts';
import { parseSources } from '../src/source/parse.ts';
import type { ParsedDocument } from '../src/source/types.ts';

const root = mkdtempSync(join(tmpdir(), 'kube-netlint-pool-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A tree with every kind of input the readers treat apart, and enough plain files for several chunks. */
function makeTree(): string {
  const dir = join(root, 'tree');
  mkdirSync(join(dir, 'apps', 'deep'), { recursive: true });
  for (let i = 0; i < 150; i++) {
    writeFileSync(join(dir, 'apps', `svc-${String(i).padStart(3, '0')}.yaml`), `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  labels: {app: a${i % 7}}\nspec:\n  selector:\n    app: a${i % 7}\n  ports:\n    - port: ${1000 + i}\n      targetPort: http\n---\n`);
  }
  writeFileSync(join(dir, 'apps', 'flow.yaml'), '{apiVersion: v1, kind: ConfigMap, metadata: {name: flow}, data: {a: "1"}}\n');
  writeFileSync(join(dir, 'apps', 'json.json'), '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}}');
  writeFileSync(join(dir, 'apps', 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n');
  writeFileSync(join(dir, 'apps', 'numbers.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\ndata: {}\nx: .nan\ny: -.inf\nz: -0\n---\n---\n# empty documents above\n');
  writeFileSync(join(dir, 'apps', 'alias.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alias\n  labels: &l\n    app: x\n  annotations: *l\n');
  writeFileSync(join(dir, 'apps', 'proto.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proto\ndata:\n  __proto__: polluted\n  constructor: c\n');
  writeFileSync(join(dir, 'apps', 'binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
  writeFileSync(join(dir, 'apps', 'utf16.yaml'), Buffer.from('\ufeffkind: x\n', 'utf16le'));
  writeFileSync(join(dir, 'apps', 'template.yaml'), 'metadata:\n  name: {{ .Values.name }}\n');
  writeFileSync(join(dir, 'apps', 'big.yaml'), `data: ${'x'.repeat(3000)}\n`);
  writeFileSync(join(dir, 'apps', 'deep', 'target.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: linked\n');
  // The same file by three paths: loaded once, by the first path found.
  linkSync(join(dir, 'apps', 'deep', 'target.yaml'), join(dir, 'apps', 'a-hard-link.yaml'));
  symlinkSync(join(dir, 'apps', 'deep', 'target.yaml'), join(dir, 'apps', 'b-soft-link.yaml'));
  symlinkSync('missing.yaml', join(dir, 'apps', 'dangling.yaml'));
  return dir;
}

makeTree();
const OPTIONS = { cwd: root, maxFileSize: 2048 };

/** What a run sees of documents: their file, place, value (undefined kept apart from null), problems and ambiguous scalars. */
function shape(documents: readonly ParsedDocument[]): unknown[] {
  return documents.map((doc) => ({ file: doc.file.path, index: doc.index, span: doc.span, value: doc.value === undefined ? '<undefined>' : doc.value, problems: doc.problems, ambiguous: doc.ambiguous ?? [], located: doc.locate(['metadata', 'name']) ?? null }));
}

/** A load's files as plain path, absPath and text (a file read in this thread can let its text go and read it again: disk-file.ts). */
function plain(loaded: LoadResult): LoadResult {
  return { ...loaded, files: loaded.files.map((file) => ({ path: file.path, absPath: file.absPath, text: file.text })) };
}

async function inOneThread() {
  const loaded = await loadSources(['tree'], OPTIONS);
  return { loaded: plain(loaded), documents: shape(parseSources(loaded.files)) };
}

async function withWorkers(fault?: WorkerFault) {
  const notes: string[] = [];
  const found = await findSources(['tree'], OPTIONS);
  const parsed = await readAndParseAll([found], { jobs: 3, maxSize: OPTIONS.maxFileSize, minFiles: 1, workersOnly: true, note: (text) => notes.push(text), ...(fault ? { fault } : {}) });
  const [loaded] = parsed.loaded;
  return { loaded: plain(loaded!), documents: shape(loaded!.files.flatMap(parsed.documentsOf)), workers: parsed.workers, byWorkers: parsed.filesByWorkers, candidates: found.candidates.length, notes };
}

describe('parse workers', () => {
  it('when worker threads read and parse a tree, then the files, skips and documents are those of one thread', async () => {
    const single = await inOneThread();
    const pooled = await withWorkers();
    assert.equal(pooled.workers, 2);
    // Every file went to a worker (this thread read none: workersOnly).
    assert.equal(pooled.byWorkers, pooled.candidates);
    assert.deepEqual(pooled.notes, []);
    assert.deepEqual(pooled.loaded, single.loaded);
    assert.deepEqual(pooled.documents, single.documents);
    // The tree has what each reader and check treats apart.
    const reasons = single.loaded.skipped.map((s) => `${s.path}: ${s.reason.split(' ')[0]}`);
    assert.equal(reasons.length, 5, reasons.join('\n'));
    assert.ok(single.loaded.files.some((f) => f.path === 'tree/apps/a-hard-link.yaml') && !single.loaded.files.some((f) => f.path.endsWith('target.yaml') || f.path.endsWith('b-soft-link.yaml')));
  });

  for (const fault of ['exit', 'throw', 'error'] as const) {
    it(`when every worker fails (${fault}), then their files are read in this thread, with a note, and nothing differs`, async () => {
      const single = await inOneThread();
      const pooled = await withWorkers(fault);
      assert.equal(pooled.notes.length, 1);
      assert.equal(pooled.byWorkers, 0);
      assert.match(pooled.notes[0]!, /a parse worker thread failed .*its files were read and parsed in the main thread/);
      assert.deepEqual(pooled.loaded, single.loaded);
      assert.deepEqual(pooled.documents, single.documents);
    });
  }

  it('when a worker never answers, then this thread reads its files after a while and the run ends', async () => {
    const single = await inOneThread();
    const pooled = await withWorkers('silent');
    assert.deepEqual(pooled.loaded, single.loaded);
    assert.deepEqual(pooled.documents, single.documents);
  });
});
