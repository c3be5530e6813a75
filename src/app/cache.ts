/**
 * The persistent cache of `--cache`: one file per working directory holding each file's
 * parse data by path and content hash (src/source/parse-cache.ts), for the tool version that wrote it.
 *
 * Why it is safe to read: the tool runs on strangers' pull requests, and a cache file may be planted
 * in the tree, swapped or truncated. Nothing in a cache file is believed unless its MAC checks out:
 * an HMAC-SHA256 over the whole content, keyed by a random secret kept in the user's cache directory
 * (never in the analysed tree, mode 0600), computed before the content is parsed (JSON, never
 * `v8.deserialize`). A file that fails the check, is of another format or tool version, or holds an
 * entry of the wrong shape is ignored whole and rewritten. Writes go to a new temporary file beside
 * the cache (exclusive create, so no link is followed) renamed over it; a link at the cache's path is
 * replaced, never followed. A cache that cannot be read or written is a note on stderr, never a failure.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FileParseData } from '../source/parse.ts';
import type { ParseStore } from '../source/parse-cache.ts';
import type { ResultStore } from '../analyze.ts';
import type { StoredResults } from '../lint/persistent.ts';
import { writeNote, type CliIo } from './io.ts';
import { VERSION } from './version.ts';

const MAGIC = 'kube-netlint-cache';
/** Bumped when the content's shape changes; a file of another format is ignored and rewritten. */
const FORMAT = 2;
const SECRET_FILE = 'secret';
/** A cache file larger than this is not read (it could only be forged or of a far larger tree). */
const MAX_CACHE_BYTES = 1 << 30;

/** Where the cache lives: `--cache-location`, else a file per working directory in the user's cache directory. */
export interface CacheOptions {
  /** `--cache-location`: a file, or an existing directory to hold one file per working directory. */
  readonly location?: string;
}

/**
 * A file's kept parse: its content hash and its data as JSON text, parsed only when the file is read
 * with that hash, and written back as it was read when it is still used (no second serialization).
 */
interface ParseEntry {
  readonly hash: string;
  readonly json: string;
}

/**
 * The content (after the magic line and the MAC line), one record a line: JSON text never holds a raw
 * newline or tab. `{"format":2,"tool":"0.1.0"}`, then `R<results JSON>` (optional), then one
 * `F<path as JSON>\t<content hash>\t<parse data JSON>` per file.
 */
interface Content {
  readonly files: Map<string, ParseEntry>;
  readonly results: StoredResults | undefined;
}

/** The user's cache directory (`XDG_CACHE_HOME`, `LOCALAPPDATA`, `~/.cache`), or undefined when the environment names none. */
export function userCacheDirectory(env: CliIo['env']): string | undefined {
  const base = env.XDG_CACHE_HOME || env.LOCALAPPDATA || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base ? resolve(base, 'kube-netlint') : undefined;
}

/** Why the cache is off for this run, as the note says; thrown inside this module only. */
class CacheUnavailable extends Error {}

/**
 * The cache of one run: `parses` is the store the analysis reads and fills; `save` writes what this
 * run used (entries of files no longer read are dropped, so the file does not grow without bound).
 */
export class RunCache {
  readonly parses: ParseStore;
  readonly results: ResultStore;
  private newResults: StoredResults | undefined;
  private resultsChanged = false;
  private readonly kept: Map<string, ParseEntry>;
  private readonly used = new Map<string, ParseEntry>();
  private parsesChanged: boolean;

  private constructor(
    private readonly io: CliIo,
    private readonly file: string,
    private readonly secret: Buffer,
    content: Content | undefined,
  ) {
    this.kept = content?.files ?? new Map();
    this.parsesChanged = content === undefined;
    this.results = {
      kept: content?.results,
      keep: (results, changed) => {
        this.newResults = results;
        if (changed) this.resultsChanged = true;
      },
    };
    this.parses = {
      lookup: (path, hash) => {
        const entry = this.kept.get(path);
        if (!entry || entry.hash !== hash) return undefined;
        let data: unknown;
        try {
          data = JSON.parse(entry.json);
        } catch {
          return undefined;
        }
        if (!isParseData(data)) return undefined;
        this.used.set(path, entry);
        return data;
      },
      store: (path, hash, data) => {
        this.used.set(path, { hash, json: JSON.stringify(data) });
        this.parsesChanged = true;
      },
    };
  }

  /** Opens the cache of a run; undefined (after a note on stderr) when there is nowhere safe to keep one. */
  static open(io: CliIo, options: CacheOptions): RunCache | undefined {
    try {
      const home = userCacheDirectory(io.env);
      if (!home) throw new CacheUnavailable('no cache directory (set XDG_CACHE_HOME or HOME)');
      const secret = readSecret(home);
      const file = cacheFile(io, home, options);
      return new RunCache(io, file, secret, readCache(file, secret));
    } catch (error) {
      writeNote(io, `kube-netlint: note: the cache is off for this run: ${reason(error)}`);
      return undefined;
    }
  }

  /** The file this run's cache is kept in. */
  get path(): string {
    return this.file;
  }

  /** Writes the entries this run used, atomically, unless they are what the file holds; a failure is a note on stderr. */
  save(): void {
    const dropped = this.kept.size !== this.used.size || [...this.kept.keys()].some((path) => !this.used.has(path));
    if (!this.parsesChanged && !dropped && !this.resultsChanged) return;
    try {
      // Inside the try: a tree too large for one string is a note too.
      const lines = [JSON.stringify({ format: FORMAT, tool: VERSION })];
      if (this.newResults) lines.push(`R${JSON.stringify(this.newResults)}`);
      for (const [path, entry] of this.used) lines.push(`F${JSON.stringify(path)}\t${entry.hash}\t${entry.json}`);
      const content = lines.join('\n');
      writeAtomically(this.file, `${MAGIC} ${FORMAT}\n${mac(this.secret, content)}\n${content}`);
    } catch (error) {
      writeNote(this.io, `kube-netlint: note: could not write the cache ${this.file}: ${reason(error)}`);
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function mac(secret: Buffer, content: string): string {
  return createHmac('sha256', secret).update(content).digest('base64url');
}

/** The cache file of a run: `--cache-location` (a directory holds one file per working directory), else one per working directory in the user's cache directory. */
function cacheFile(io: CliIo, home: string, options: CacheOptions): string {
  // One file per working directory, not per list of paths: pre-commit passes another list of staged
  // files each time (with `--context .`), and a file per list would pile up, each used once.
  const run = createHash('sha256').update(io.cwd).digest('hex').slice(0, 32);
  const name = `run-${run}.cache`;
  if (options.location === undefined) return join(home, 'runs', name);
  const location = resolve(io.cwd, options.location);
  let directory = false;
  try {
    directory = lstatSync(location, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    // Not a directory (a path through a file): the write will say why.
  }
  return directory ? join(location, name) : location;
}

/**
 * The per-user secret the cache's MAC is keyed with: 32 random bytes in the user's cache directory,
 * made on first use (exclusive create, mode 0600). One readable by others, or not a plain file, turns
 * the cache off: whoever can read it could forge a cache.
 */
function readSecret(home: string): Buffer {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const path = join(home, SECRET_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new CacheUnavailable(`cannot read the cache's secret ${path}: ${reason(error)}`);
      try {
        writeFileSync(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
      } catch (created) {
        // Another run made it first: read that one.
        if ((created as NodeJS.ErrnoException).code !== 'EEXIST') throw new CacheUnavailable(`cannot create the cache's secret ${path}: ${reason(created)}`);
      }
      continue;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new CacheUnavailable(`the cache's secret ${path} is not a file`);
      if (platform() !== 'win32' && (stat.mode & 0o077) !== 0) throw new CacheUnavailable(`the cache's secret ${path} may be read by other users (chmod 600 it, or delete it)`);
      const text = readFileSync(fd, 'utf8');
      if (!/^[0-9a-f]{64}$/.test(text)) throw new CacheUnavailable(`the cache's secret ${path} is damaged (delete it)`);
      return Buffer.from(text, 'hex');
    } finally {
      closeSync(fd);
    }
  }
  throw new CacheUnavailable(`cannot read the cache's secret ${path}`);
}

/** The entries of a cache file, or undefined when there is none to trust (absent, damaged, forged, of another format or version). */
function readCache(file: string, secret: Buffer): Content | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  let text: string;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return undefined;
    text = readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  const magic = `${MAGIC} ${FORMAT}\n`;
  if (!text.startsWith(magic)) return undefined;
  const macEnd = text.indexOf('\n', magic.length);
  if (macEnd < 0) return undefined;
  const written = Buffer.from(text.slice(magic.length, macEnd));
  const content = text.slice(macEnd + 1);
  const expected = Buffer.from(mac(secret, content));
  // The MAC is checked before a byte of the content is parsed.
  if (written.length !== expected.length || !timingSafeEqual(written, expected)) return undefined;
  const lines = content.split('\n');
  let header: unknown;
  try {
    header = JSON.parse(lines[0]!);
  } catch {
    return undefined;
  }
  if (!isObject(header) || header.format !== FORMAT || header.tool !== VERSION) return undefined;
  const files = new Map<string, ParseEntry>();
  let results: StoredResults | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('R') && i === 1) {
      let value: unknown;
      try {
        value = JSON.parse(line.slice(1));
      } catch {
        return undefined;
      }
      if (!(isObject(value) && typeof value.key === 'string' && isObject(value.documents) && isObject(value.namespaces))) return undefined;
      results = value as unknown as StoredResults;
      continue;
    }
    const tab = line.indexOf('\t');
    const tab2 = tab < 0 ? -1 : line.indexOf('\t', tab + 1);
    if (!line.startsWith('F') || tab2 < 0) return undefined;
    let path: unknown;
    try {
      path = JSON.parse(line.slice(1, tab));
    } catch {
      return undefined;
    }
    if (typeof path !== 'string') return undefined;
    files.set(path, { hash: line.slice(tab + 1, tab2), json: line.slice(tab2 + 1) });
  }
  return { files, results };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isInt = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Whether a kept entry has the shape of `FileParseData` of the fast reader (checked when used). */
function isParseData(data: unknown): data is FileParseData {
  if (!isObject(data) || data.reader !== 'fast' || !Array.isArray(data.documents)) return false;
  return data.documents.every(
    (doc: unknown) =>
      isObject(doc) &&
      isInt(doc.start) &&
      isInt(doc.end) &&
      doc.start <= doc.end &&
      'value' in doc &&
      Array.isArray(doc.problems) &&
      doc.problems.every((p: unknown) => isObject(p) && typeof p.message === 'string' && isObject(p.span) && isInt(p.span.start) && isInt(p.span.end) && (p.severity === undefined || p.severity === 'warning')) &&
      (doc.ambiguous === undefined || (Array.isArray(doc.ambiguous) && doc.ambiguous.every(isInt))),
  );
}

/** Writes `text` to `file` through a new temporary file in the same directory, renamed over it. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = join(dirname(file), `.kube-netlint-cache-${randomBytes(9).toString('hex')}.tmp`);
  // 'wx': created new, so a link planted at that name is never followed.
  writeFileSync(temp, text, { flag: 'wx', mode: 0o600 });
  try {
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
    throw error;
  }
}
