// Reading and parsing spread over worker threads (`--jobs`, issue 14). The files are found in this
// thread (src/source/load.ts `findSources`: the walk, the globs, the ignore rules); each worker reads
// and parses a share of them (src/source/read-parse.ts) and sends back plain data, which this thread
// turns into documents; the model is then built here, once, from all of them. This thread reads and
// parses a share itself while it waits. Results are the same as a run in one thread: every file goes
// through the same function, results are put back in the order the files were found, and a file
// reached twice (links) is dropped as `loadSources` drops it.
//
// A worker runs the file this module is in: the bundle (dist/kube-netlint.mjs, dist/action.mjs), whose
// entry does nothing else in a worker (`isParseWorker`), or, under tsx (the tests), this source file.
// A worker that dies, throws or is slow is never waited on for long: its files are read here.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CandidateReader, collectSources, type FoundSources, type LoadResult, type SourceCandidate } from '../source/load.ts';
import { documentsOfParse, readAndParse, type CandidateParse } from '../source/read-parse.ts';
import { SpanCache } from '../source/parse.ts';
import type { ParsedDocument, SourceFile } from '../source/types.ts';

const MARK = 'kubeNetlintParseWorker';

/**
 * The default of `--jobs`: 1, no worker. Measured on the 2-core bench machine (`npm run bench -- cold`,
 * same runs), workers made a cold lint slower, not faster, even at a load average of 2 (0.49x against
 * 0.47x of the bare parse in wall time, 0.74x against 0.65x in CPU): the main thread spends as long
 * receiving a worker's documents as parsing them, since the fast reader is about as quick as
 * deserialising its output. Until a machine shows a gain, workers are opted into (`--jobs N`, `jobs:`).
 */
export function defaultJobs(): number {
  return 1;
}

/**
 * Fewer files than this are read in this thread alone. A worker gets work once it has loaded the
 * bundle, about 110 ms of CPU time (measured on the 2-core bench machine), while this thread reads
 * and parses a typical manifest in about 80 microseconds: below some 1,400 files this thread is done
 * before a worker could help, and the worker's start is CPU time taken from a busy machine. So a
 * pre-commit run on a few files never starts one (the language server reads without this module).
 */
export const MIN_FILES_FOR_WORKERS = 1500;

/** Files per message: small enough to share the work evenly, large enough that messages cost little. */
const CHUNK_FILES = 32;
/** Chunks a worker holds at once, so that it never waits for this thread (busy with its own share) to answer. */
const IN_FLIGHT = 3;
/** With nothing left to hand out, a chunk a worker has not answered after this long is read here too (whichever ends first counts). */
const STEAL_AFTER_MS = 250;

/** Whether this thread is a parse worker this module started: the bundle's entry then does nothing else. */
export function isParseWorker(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[MARK] === true;
}

/** What a worker is told at start; `fault` makes it fail on purpose, for the tests of what happens then. */
interface WorkerSetup {
  readonly [MARK]: true;
  readonly maxSize: number;
  readonly fault?: WorkerFault;
}

/** How a worker fails on purpose in the tests: exits, throws, answers with an error, or never answers. */
export type WorkerFault = 'exit' | 'throw' | 'error' | 'silent';

interface Request {
  readonly id: number;
  readonly candidates: readonly SourceCandidate[];
}

/**
 * A chunk's parses. The documents' values that JSON carries exactly travel as one JSON text (`values`,
 * in document order; such a document has `inValues` and no `value`): this thread reads JSON about twice
 * as fast as a structured clone, and receiving is what a worker costs this busy thread. Other values
 * (an empty document's undefined, .nan, .inf, -0, an alias shared by two places) are cloned.
 */
type Reply = { readonly id: number; readonly parses: readonly CandidateParse[]; readonly values: string } | { readonly id: number; readonly error: string } | { readonly ready: true };

// In a worker this module started, serve requests until this thread ends it.
if (isParseWorker()) serveRequests();

/** The parse with the values JSON carries exactly moved into `values` (see Reply). */
function toWire(parse: CandidateParse, values: unknown[]): CandidateParse {
  if (!('data' in parse) || parse.data.reader !== 'fast') return parse;
  const documents = parse.data.documents.map((doc) => {
    if (!exactInJson(doc.value, new Set())) return doc;
    values.push(doc.value);
    const { value: _moved, ...rest } = doc;
    return { ...rest, inValues: true };
  });
  return { ...parse, data: { reader: 'fast', documents: documents as typeof parse.data.documents } };
}

/** The parse as `readAndParse` gave it, each moved value taken back from `next()`, in order. */
function fromWire(parse: CandidateParse, next: () => unknown): CandidateParse {
  if (!('data' in parse) || parse.data.reader !== 'fast') return parse;
  const documents = parse.data.documents.map((doc) => {
    if (!(doc as { inValues?: true }).inValues) return doc;
    const { inValues: _flag, ...rest } = doc as typeof doc & { inValues?: true };
    return { ...rest, value: next() };
  });
  return { ...parse, data: { reader: 'fast', documents } };
}

/**
 * Whether JSON.stringify and JSON.parse give `value` back as it is: plain objects and arrays (each
 * reached once: an alias shared by two places would be copied twice, and an alias bomb would grow
 * without bound), strings, booleans, null and finite numbers other than -0.
 */
function exactInJson(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (seen.has(value)) return false;
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !exactInJson(value[i], seen)) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) if (!exactInJson((value as Record<string, unknown>)[key], seen)) return false;
      return true;
    }
    default:
      return false;
  }
}

function serveRequests(): void {
  const setup = workerData as WorkerSetup;
  const reader = new CandidateReader();
  parentPort!.on('message', (request: Request) => {
    if (setup.fault === 'exit') process.exit(3);
    if (setup.fault === 'throw') throw new Error('parse worker fault (test)');
    if (setup.fault === 'silent') return;
    let reply: Reply;
    try {
      if (setup.fault === 'error') throw new Error('parse worker fault (test)');
      const values: unknown[] = [];
      const parses = request.candidates.map((candidate) => toWire(readAndParse(reader, candidate, setup.maxSize), values));
      reply = { id: request.id, parses, values: JSON.stringify(values) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort!.postMessage(reply);
  });
  // Loaded: work may come (until now this thread worked alone).
  parentPort!.postMessage({ ready: true } satisfies Reply);
}

export interface PoolOptions {
  /** Threads that read and parse, this one included (`--jobs`); 1: no worker. */
  readonly jobs: number;
  readonly maxSize: number;
  /** Where the notes go (a worker that failed): stderr, through the entry point's io. */
  readonly note: (text: string) => void;
  /** The source maps' cache of the documents made. */
  readonly spans?: SpanCache;
  /** Below this many files no worker is started (default MIN_FILES_FOR_WORKERS). */
  readonly minFiles?: number;
  /** For the tests: every worker fails this way. */
  readonly fault?: WorkerFault;
  /** For the tests: this thread reads only what workers fail to read (so that workers get work however slowly they start). */
  readonly workersOnly?: boolean;
}

/** Files read and parsed: each load's result, and each file's documents (`documentsOf`). */
export interface ParsedLoads {
  readonly loaded: readonly LoadResult[];
  /** The documents of a file of `loaded.files`, as `parseFile` makes them. */
  readonly documentsOf: (file: SourceFile) => readonly ParsedDocument[];
  /** How many worker threads were started (0: this thread alone). */
  readonly workers: number;
  /** How many files the workers read and parsed (the rest: this thread). */
  readonly filesByWorkers: number;
}

/** The file this module is in, which a worker runs; undefined where there is none (a CommonJS single executable). */
function workerUrl(): URL | undefined {
  const url = (import.meta as { url?: string }).url;
  return url ? new URL(url) : undefined;
}

/**
 * A worker running `url` with `setup`. Under tsx (the tests run the TypeScript sources), a worker does
 * not inherit the loader: it registers tsx first, then loads this source file.
 */
function startWorker(url: URL, setup: WorkerSetup): Worker {
  const options = { workerData: setup, stdout: true, stderr: true };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => api.register()).then(() => import(${JSON.stringify(url.href)}));`, { ...options, eval: true });
}

/** How many workers to start for `files` files: one fewer than `jobs` (this thread works too), none for few files or with no file to run. */
export function workersFor(files: number, options: Pick<PoolOptions, 'jobs' | 'minFiles'>): number {
  if (options.jobs <= 1 || files < (options.minFiles ?? MIN_FILES_FOR_WORKERS) || !workerUrl()) return 0;
  // Each worker at least two chunks' worth.
  return Math.min(options.jobs - 1, Math.max(1, Math.floor(files / (2 * CHUNK_FILES))));
}

/**
 * Reads and parses the files `findSources` found (one or more loads: the paths, the context), on
 * `options.jobs` threads; each load's result is `loadSources`'s for the same paths.
 */
export async function readAndParseAll(loads: readonly FoundSources[], options: PoolOptions): Promise<ParsedLoads> {
  const candidates = loads.flatMap((found) => found.candidates);
  const parses: (CandidateParse | undefined)[] = new Array(candidates.length);
  const reader = new CandidateReader();
  const chunkCount = Math.ceil(candidates.length / CHUNK_FILES);
  const runHere = (chunk: number) => {
    const end = Math.min(candidates.length, (chunk + 1) * CHUNK_FILES);
    for (let i = chunk * CHUNK_FILES; i < end; i++) parses[i] ??= readAndParse(reader, candidates[i]!, options.maxSize);
  };
  const workerCount = workersFor(candidates.length, options);
  let shared = { workers: 0, files: 0 };
  if (workerCount === 0) {
    for (let chunk = 0; chunk < chunkCount; chunk++) runHere(chunk);
  } else {
    shared = await spread(workerCount, chunkCount, candidates, parses, runHere, options);
  }
  return { ...assemble(loads, parses, options.spans ?? new SpanCache()), workers: shared.workers, filesByWorkers: shared.files };
}

interface Slot {
  readonly worker: Worker;
  alive: boolean;
  readonly held: Map<number, number>;
}

/** Hands chunks to `count` workers and works on the rest here; resolves when every chunk has its parses. Returns how many workers ran, and how many files they read. */
async function spread(
  count: number,
  chunkCount: number,
  candidates: readonly SourceCandidate[],
  parses: (CandidateParse | undefined)[],
  runHere: (chunk: number) => void,
  options: PoolOptions,
): Promise<{ workers: number; files: number }> {
  let files = 0;
  const pending = Array.from({ length: chunkCount }, (_, i) => i);
  const done = new Set<number>();
  let finished = false;
  let noted = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const setup: WorkerSetup = { [MARK]: true, maxSize: options.maxSize, ...(options.fault ? { fault: options.fault } : {}) };
  const slots: Slot[] = [];
  const fail = (slot: Slot, why: string) => {
    if (finished || !slot.alive) return;
    slot.alive = false;
    // Its chunks are read here.
    for (const chunk of slot.held.keys()) if (!done.has(chunk)) pending.push(chunk);
    slot.held.clear();
    if (!noted) {
      noted = true;
      options.note(`kube-netlint: note: a parse worker thread failed (${why}); its files were read and parsed in the main thread`);
    }
    void slot.worker.terminate();
    notify();
  };
  const hand = (slot: Slot) => {
    while (slot.alive && slot.held.size < IN_FLIGHT && pending.length > 0) {
      const chunk = pending.shift()!;
      slot.held.set(chunk, performance.now());
      const end = Math.min(candidates.length, (chunk + 1) * CHUNK_FILES);
      slot.worker.postMessage({ id: chunk, candidates: candidates.slice(chunk * CHUNK_FILES, end) } satisfies Request);
    }
  };
  for (let i = 0; i < count; i++) {
    let worker: Worker;
    try {
      worker = startWorker(workerUrl()!, setup);
    } catch (error) {
      options.note(`kube-netlint: note: no parse worker thread could start (${error instanceof Error ? error.message : String(error)}); files are read and parsed in the main thread`);
      break;
    }
    const slot: Slot = { worker, alive: true, held: new Map() };
    slots.push(slot);
    worker.on('message', (reply: Reply) => {
      if (!slot.alive) return;
      if ('ready' in reply) {
        hand(slot);
        notify();
        return;
      }
      slot.held.delete(reply.id);
      if ('error' in reply) {
        fail(slot, reply.error);
        if (!done.has(reply.id)) pending.push(reply.id);
        return;
      }
      if (!done.has(reply.id)) {
        const base = reply.id * CHUNK_FILES;
        const values = JSON.parse(reply.values) as unknown[];
        let next = 0;
        reply.parses.forEach((parse, i) => (parses[base + i] = fromWire(parse, () => values[next++])));
        done.add(reply.id);
        files += reply.parses.length;
      }
      hand(slot);
      notify();
    });
    worker.on('error', (error) => fail(slot, error instanceof Error ? error.message : String(error)));
    worker.on('exit', (code) => fail(slot, `it exited with code ${code}`));
  }
  try {
    for (;;) {
      const mine = options.workersOnly && slots.some((slot) => slot.alive) ? undefined : pending.pop();
      if (mine !== undefined) {
        if (!done.has(mine)) {
          runHere(mine);
          done.add(mine);
        }
        // Let the workers' answers in (and hand them more) between chunks.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      const held = slots.flatMap((slot) => [...slot.held].filter(([chunk]) => !done.has(chunk)));
      if (held.length === 0 && (pending.length === 0 || !options.workersOnly)) break;
      const woke = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), STEAL_AFTER_MS);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      if (!woke && held.length > 0) {
        // Nothing came for a while: read the oldest chunk a worker holds here, so that a stuck worker delays the run by little.
        const [oldest] = held.sort((a, b) => a[1] - b[1])[0]!;
        runHere(oldest);
        done.add(oldest);
      }
    }
  } finally {
    finished = true;
    wake = undefined;
    for (const slot of slots) void slot.worker.terminate();
  }
  return { workers: slots.length, files };
}

/** Each load's result from the parses (in the order found), and the documents of each file kept. */
function assemble(loads: readonly FoundSources[], parses: readonly (CandidateParse | undefined)[], spans: SpanCache): Pick<ParsedLoads, 'loaded' | 'documentsOf'> {
  const byFile = new Map<SourceFile, CandidateParse>();
  let next = 0;
  const loaded = loads.map((found) => {
    const reads = found.candidates.map((candidate) => {
      const parse = parses[next++]!;
      const known = parse.identity !== undefined ? { identity: parse.identity } : {};
      if ('skipped' in parse) return { result: parse.skipped, ...known };
      const file: SourceFile = { path: candidate.display, absPath: candidate.absPath, text: parse.text };
      byFile.set(file, parse);
      return { result: file, ...known };
    });
    return collectSources(found, reads);
  });
  const documents = new Map<SourceFile, readonly ParsedDocument[]>();
  const documentsOf = (file: SourceFile): readonly ParsedDocument[] => {
    let known = documents.get(file);
    if (!known) {
      known = documentsOfParse(file, byFile.get(file)!, spans);
      documents.set(file, known);
    }
    return known;
  };
  return { loaded, documentsOf };
}
